/**
 * How the county's zones (片区) read in the chronicle: drawn, renamed, dissolved, and townships
 * joining or leaving them with their role. Wording in chronicle.zh-CN.json / .en.json.
 */
import { defineChronicle, tell, type ChronicleNames, type ChronicleSentence } from '@xianzhi/kernel';
import {
  ZONE_ROLE_LABEL,
  townshipJoinedZone,
  townshipLeftZone,
  zoneDissolved,
  zoneEstablished,
  zoneRenamed,
  zoneRoleChanged,
} from '@xianzhi/divisions-contract';
import zh from './chronicle.zh-CN.json';
import en from './chronicle.en.json';

const zone = (names: ChronicleNames, id: string) => names.name(`zone:${id}`);
const countyOf = (names: ChronicleNames, id: string) =>
  [names.name(`zone-county:${id}`, '')].filter((c) => c !== '');

export const zonesChronicle = defineChronicle(
  { zh, en },
  {
    ...tell(zoneEstablished, {
      notable: true,
      names: (e) => ({
        [`zone:${e.data.zoneId}`]: e.data.name,
        [`zone-county:${e.data.zoneId}`]: e.data.countyCode,
      }),
      describe: (e): ChronicleSentence =>
        e.data.description
          ? {
              template: 'establishedWith',
              params: { name: e.data.name, description: e.data.description },
              divisions: [e.data.countyCode],
            }
          : { template: 'established', params: { name: e.data.name }, divisions: [e.data.countyCode] },
    }),
    ...tell(zoneRenamed, {
      notable: true,
      names: (e) => ({ [`zone:${e.data.zoneId}`]: e.data.name }),
      describe: (e, names) => ({
        template: 'renamed',
        params: { name: e.data.name, previousName: e.data.previousName },
        divisions: countyOf(names, e.data.zoneId),
      }),
    }),
    ...tell(zoneDissolved, {
      notable: true,
      describe: (e, names) => ({
        template: 'dissolved',
        params: { name: zone(names, e.data.zoneId) },
        divisions: countyOf(names, e.data.zoneId),
      }),
    }),
    ...tell(townshipJoinedZone, {
      notable: true,
      describe: (e, names) => ({
        template: 'joined',
        params: {
          township: names.division(e.data.townshipId),
          zone: zone(names, e.data.zoneId),
          role: ZONE_ROLE_LABEL[e.data.role],
        },
        divisions: [e.data.townshipId],
        tally: { key: 'tally.joined', count: 1 },
      }),
    }),
    ...tell(townshipLeftZone, {
      notable: true,
      describe: (e, names) => ({
        template: 'left',
        params: { township: names.division(e.data.townshipId), zone: zone(names, e.data.zoneId) },
        divisions: [e.data.townshipId],
      }),
    }),
    ...tell(zoneRoleChanged, {
      notable: true,
      describe: (e, names) => ({
        template: 'roleChanged',
        params: {
          township: names.division(e.data.townshipId),
          zone: zone(names, e.data.zoneId),
          role: ZONE_ROLE_LABEL[e.data.role],
          previousRole: ZONE_ROLE_LABEL[e.data.previousRole],
        },
        divisions: [e.data.townshipId],
      }),
    }),
  },
);
