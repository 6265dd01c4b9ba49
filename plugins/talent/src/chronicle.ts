/**
 * How the talent programmes read in the county chronicle: the programmes' records (not notable: one
 * person a day; counted per act; the persons are personal data, never named), first secretaries
 * dispatched and recalled (notable). Wording in chronicle.zh-CN.json / chronicle.en.json.
 */
import { defineChronicle, tell, type ChronicleRule } from '@xianzhi/kernel';
import {
  PROGRAMME_LABEL,
  RECORD_EVENT,
  firstSecretaryDispatched,
  firstSecretaryRecalled,
  type Programme,
} from './index';
import zh from './chronicle.zh-CN.json';
import en from './chronicle.en.json';

/** One rule per programme's record event: told as a count of the act. */
const records: Record<string, ChronicleRule> = Object.fromEntries(
  (Object.entries(RECORD_EVENT) as [Programme, (typeof RECORD_EVENT)[Programme]][]).map(
    ([programme, definition]) => [
      definition.type,
      {
        // a person a day: in the full record (大事记 with all events), not among the notable events
        notable: false,
        describe: (e, names) => {
          const data = e.data as { divisionId: string };
          return {
            template: 'record',
            params: { division: names.division(data.divisionId), programme: PROGRAMME_LABEL[programme] },
            divisions: [data.divisionId],
            tally: { key: `tally.${programme}`, count: 1 },
          };
        },
      } satisfies ChronicleRule,
    ],
  ),
);

export const talentChronicle = defineChronicle(
  { zh, en },
  {
    ...records,
    ...tell(firstSecretaryDispatched, {
      notable: true,
      names: (e) => ({ [`posting:${e.data.postingId}`]: `${e.data.name}\u0000${e.data.villageId}` }),
      describe: (e, names) => ({
        template: 'dispatched',
        params: { unit: e.data.unit, name: e.data.name, village: names.division(e.data.villageId) },
        divisions: [e.data.villageId],
        tally: { key: 'tally.dispatched', count: 1 },
      }),
    }),
    ...tell(firstSecretaryRecalled, {
      notable: true,
      describe: (e, names) => {
        const [name = '', villageId = ''] = names.name(`posting:${e.data.postingId}`, '').split('\u0000');
        return {
          template: 'recalled',
          params: { name, village: names.division(villageId) },
          divisions: villageId ? [villageId] : [],
        };
      },
    }),
  },
);
