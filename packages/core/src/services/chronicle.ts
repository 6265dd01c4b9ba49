/**
 * How the four-level service system reads in the chronicle: service points opened and closed (the
 * many village rooms and grid workers of one act told as counts). Service requests are the
 * services' daily work, not the chronicle's. Wording in chronicle.zh-CN.json / .en.json.
 */
import { defineChronicle, tell } from '@xianzhi/kernel';
import { pointClosed, pointOpened } from './events';
import zh from './chronicle.zh-CN.json';
import en from './chronicle.en.json';

export const servicesChronicle = defineChronicle(
  { zh, en },
  {
    ...tell(pointOpened, {
      notable: true,
      names: (e) => ({ [`point:${e.data.pointId}`]: `${e.data.name}\u0000${e.data.divisionId}` }),
      describe: (e, names) => ({
        template: 'pointOpened',
        params: { division: names.division(e.data.divisionId), name: e.data.name },
        divisions: [e.data.divisionId],
        tally: { key: `tally.opened.${e.data.level}`, count: 1 },
      }),
    }),
    ...tell(pointClosed, {
      notable: true,
      describe: (e, names) => {
        const [name = e.data.pointId, divisionId = ''] = names
          .name(`point:${e.data.pointId}`, '')
          .split('\u0000');
        return {
          template: 'pointClosed',
          params: { name },
          divisions: divisionId ? [divisionId] : [],
          tally: { key: 'tally.closed', count: 1 },
        };
      },
    }),
  },
);
