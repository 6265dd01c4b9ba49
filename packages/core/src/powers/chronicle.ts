/**
 * How the townships' lists of powers, responsibilities and access read in the chronicle: items
 * listed and withdrawn, counted when one act lists many. Wording in chronicle.zh-CN.json / .en.json.
 */
import { defineChronicle, tell } from '@xianzhi/kernel';
import { powerItemListed, powerItemWithdrawn } from './events';
import { POWER_LIST_LABEL, type PowerList } from './vocabulary';
import zh from './chronicle.zh-CN.json';
import en from './chronicle.en.json';

export const powersChronicle = defineChronicle(
  { zh, en },
  {
    ...tell(powerItemListed, {
      notable: true,
      names: (e) => ({
        [`power:${e.data.itemId}`]: [e.data.title, e.data.townshipId, e.data.list].join('\u0000'),
      }),
      describe: (e, names) => ({
        template: 'listed',
        params: {
          township: names.division(e.data.townshipId),
          list: POWER_LIST_LABEL[e.data.list],
          title: e.data.title,
          department: e.data.department,
        },
        divisions: [e.data.townshipId],
        tally: { key: 'tally.listed', count: 1 },
      }),
    }),
    ...tell(powerItemWithdrawn, {
      notable: true,
      describe: (e, names) => {
        const [title = e.data.itemId, townshipId = '', list = 'power'] = names
          .name(`power:${e.data.itemId}`, '')
          .split('\u0000');
        return {
          template: 'withdrawn',
          params: {
            township: names.division(townshipId),
            list: POWER_LIST_LABEL[list as PowerList] ?? list,
            title,
          },
          divisions: townshipId ? [townshipId] : [],
          tally: { key: 'tally.withdrawn', count: 1 },
        };
      },
    }),
  },
);
