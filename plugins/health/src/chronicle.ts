/**
 * How the health facilities read in the county chronicle: set up (village clinics counted),
 * upgraded or downgraded between the tiers of health centres, closed. Wording in
 * chronicle.zh-CN.json / chronicle.en.json.
 */
import { defineChronicle, tell, type ChronicleNames, type ChronicleSentence } from '@xianzhi/kernel';
import {
  TIER_LABEL,
  facilityClosed,
  facilityDowngraded,
  facilityEstablished,
  facilityUpgraded,
} from './index';
import zh from './chronicle.zh-CN.json';
import en from './chronicle.en.json';

const facility = (names: ChronicleNames, id: string) => {
  const [name = id, divisionId = ''] = names.name(`facility:${id}`, '').split('\u0000');
  return { name, divisionId };
};
const rename = (e: { data: { facilityId: string; name?: string | undefined } }, names: ChronicleNames) =>
  e.data.name === undefined
    ? {}
    : {
        [`facility:${e.data.facilityId}`]: `${e.data.name}\u0000${facility(names, e.data.facilityId).divisionId}`,
      };

function retiered(template: 'upgraded' | 'downgraded') {
  return (
    e: {
      data: {
        facilityId: string;
        tier: keyof typeof TIER_LABEL;
        previousTier: keyof typeof TIER_LABEL;
        name?: string | undefined;
      };
    },
    names: ChronicleNames,
  ): ChronicleSentence => {
    const f = facility(names, e.data.facilityId);
    return {
      template: e.data.name === undefined ? template : `${template}Renamed`,
      params: {
        previousName: f.name,
        name: e.data.name ?? f.name,
        tier: TIER_LABEL[e.data.tier],
        previousTier: TIER_LABEL[e.data.previousTier],
      },
      divisions: f.divisionId ? [f.divisionId] : [],
    };
  };
}

export const healthChronicle = defineChronicle(
  { zh, en },
  {
    ...tell(facilityEstablished, {
      notable: true,
      names: (e) => ({ [`facility:${e.data.facilityId}`]: `${e.data.name}\u0000${e.data.divisionId}` }),
      describe: (e, names) => ({
        template: 'established',
        params: {
          division: names.division(e.data.divisionId),
          name: e.data.name,
          tier: TIER_LABEL[e.data.tier],
        },
        divisions: [e.data.divisionId],
        ...(e.data.tier === 'village-clinic' ? { tally: { key: 'tally.established', count: 1 } } : {}),
      }),
    }),
    ...tell(facilityUpgraded, { notable: true, names: rename, describe: retiered('upgraded') }),
    ...tell(facilityDowngraded, { notable: true, names: rename, describe: retiered('downgraded') }),
    ...tell(facilityClosed, {
      notable: true,
      describe: (e, names) => {
        const f = facility(names, e.data.facilityId);
        return {
          template: 'closed',
          params: { name: f.name },
          divisions: f.divisionId ? [f.divisionId] : [],
          tally: { key: 'tally.closed', count: 1 },
        };
      },
    }),
  },
);
