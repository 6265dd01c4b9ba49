/**
 * How comprehensive enforcement reads in the county chronicle: teams formed and disbanded. Officers
 * (personal data) and cases are the teams' daily work, not the chronicle's. Wording in
 * chronicle.zh-CN.json / chronicle.en.json.
 */
import { defineChronicle, tell } from '@xianzhi/kernel';
import { teamDisbanded, teamFormed } from './index';
import zh from './chronicle.zh-CN.json';
import en from './chronicle.en.json';

export const enforcementChronicle = defineChronicle(
  { zh, en },
  {
    ...tell(teamFormed, {
      notable: true,
      names: (e) => ({ [`team:${e.data.teamId}`]: `${e.data.name}\u0000${e.data.townshipId}` }),
      describe: (e, names) => ({
        template: e.data.key ? 'formedKey' : 'formed',
        params: { township: names.division(e.data.townshipId), name: e.data.name },
        divisions: [e.data.townshipId],
        tally: { key: 'tally.formed', count: 1 },
      }),
    }),
    ...tell(teamDisbanded, {
      notable: true,
      describe: (e, names) => {
        const [name = e.data.teamId, townshipId = ''] = names
          .name(`team:${e.data.teamId}`, '')
          .split('\u0000');
        return { template: 'disbanded', params: { name }, divisions: townshipId ? [townshipId] : [] };
      },
    }),
  },
);
