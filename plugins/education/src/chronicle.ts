/**
 * How the school layout reads in the county chronicle: schools and kindergartens opened, closed and
 * merged (many of one act told as counts). Enrolments are the bureau's figures, not the chronicle's.
 * Wording in chronicle.zh-CN.json / chronicle.en.json.
 */
import { defineChronicle, tell, type ChronicleNames } from '@xianzhi/kernel';
import { SCHOOL_KIND_LABEL, schoolClosed, schoolOpened, schoolsMerged } from './index';
import zh from './chronicle.zh-CN.json';
import en from './chronicle.en.json';

const school = (names: ChronicleNames, id: string) => {
  const [name = id, townshipId = ''] = names.name(`school:${id}`, '').split('\u0000');
  return { name, townshipId };
};
const townships = (...ids: string[]) => [...new Set(ids.filter((t) => t !== ''))];

export const educationChronicle = defineChronicle(
  { zh, en },
  {
    ...tell(schoolOpened, {
      notable: true,
      names: (e) => ({ [`school:${e.data.schoolId}`]: `${e.data.name}\u0000${e.data.townshipId}` }),
      describe: (e, names) => ({
        template: 'opened',
        params: {
          township: names.division(e.data.townshipId),
          name: e.data.name,
          kind: SCHOOL_KIND_LABEL[e.data.kind],
        },
        divisions: [e.data.townshipId],
        tally: { key: 'tally.opened', count: 1 },
      }),
    }),
    ...tell(schoolClosed, {
      notable: true,
      describe: (e, names) => {
        const s = school(names, e.data.schoolId);
        return {
          template: 'closed',
          params: { name: s.name },
          divisions: townships(s.townshipId),
          tally: { key: 'tally.closed', count: 1 },
        };
      },
    }),
    ...tell(schoolsMerged, {
      notable: true,
      describe: (e, names) => {
        const sources = e.data.sourceIds.map((id) => school(names, id));
        const target = school(names, e.data.targetId);
        return {
          template: 'merged',
          params: { sources: sources.map((s) => s.name), target: target.name },
          divisions: townships(...sources.map((s) => s.townshipId), target.townshipId),
          tally: { key: 'tally.merged', count: sources.length },
        };
      },
    }),
  },
);
