/**
 * How party organisations read in the chronicle: set up, upgraded or downgraded (支部→总支→党委),
 * renamed, merged, dissolved — many of one act told as counts; a township committee is named.
 * Wording in chronicle.zh-CN.json / .en.json.
 */
import { defineChronicle, tell, type ChronicleNames } from '@xianzhi/kernel';
import {
  partyOrganisationDissolved,
  partyOrganisationEstablished,
  partyOrganisationRenamed,
  partyOrganisationRetyped,
  partyOrganisationsMerged,
} from './events';
import { PARTY_ORG_TYPE_LABEL } from './vocabulary';
import zh from './chronicle.zh-CN.json';
import en from './chronicle.en.json';

/** Kept in the chronicle's names: `party:<id>` → name, `party-division:<id>` → the division it serves. */
const nameOf = (names: ChronicleNames, id: string) => names.name(`party:${id}`);
const divisionOf = (names: ChronicleNames, id: string) => names.name(`party-division:${id}`, '');
const divisions = (...ids: string[]) => ids.filter((d) => d !== '');

export const partyChronicle = defineChronicle(
  { zh, en },
  {
    ...tell(partyOrganisationEstablished, {
      notable: true,
      names: (e) => ({
        [`party:${e.data.orgId}`]: e.data.name,
        [`party-division:${e.data.orgId}`]: e.data.divisionId,
      }),
      describe: (e) => ({
        template: 'established',
        params: { name: e.data.name },
        divisions: [e.data.divisionId],
        ...(e.data.type === 'township-committee' ? {} : { tally: { key: 'tally.established', count: 1 } }),
      }),
    }),
    ...tell(partyOrganisationRetyped, {
      notable: true,
      names: (e) => (e.data.name === undefined ? {} : { [`party:${e.data.orgId}`]: e.data.name }),
      describe: (e, names) => {
        const previousName = nameOf(names, e.data.orgId);
        const params = {
          previousName,
          name: e.data.name ?? previousName,
          type: PARTY_ORG_TYPE_LABEL[e.data.type],
          previousType: PARTY_ORG_TYPE_LABEL[e.data.previousType],
        };
        return {
          template: e.data.name === undefined ? 'retyped' : 'retypedRenamed',
          params,
          divisions: divisions(divisionOf(names, e.data.orgId)),
          tally: { key: 'tally.retyped', count: 1 },
        };
      },
    }),
    ...tell(partyOrganisationRenamed, {
      notable: true,
      names: (e) => ({ [`party:${e.data.orgId}`]: e.data.name }),
      describe: (e, names) => ({
        template: 'renamed',
        params: { name: e.data.name, previousName: e.data.previousName },
        divisions: divisions(divisionOf(names, e.data.orgId)),
      }),
    }),
    ...tell(partyOrganisationsMerged, {
      notable: true,
      describe: (e, names) => ({
        template: 'merged',
        params: {
          sources: e.data.sourceIds.map((id) => nameOf(names, id)),
          target: nameOf(names, e.data.targetId),
        },
        divisions: divisions(
          ...e.data.sourceIds.map((id) => divisionOf(names, id)),
          divisionOf(names, e.data.targetId),
        ),
        tally: { key: 'tally.merged', count: e.data.sourceIds.length },
      }),
    }),
    ...tell(partyOrganisationDissolved, {
      notable: true,
      describe: (e, names) => ({
        template: 'dissolved',
        params: { name: nameOf(names, e.data.orgId) },
        divisions: divisions(divisionOf(names, e.data.orgId)),
      }),
    }),
  },
);
