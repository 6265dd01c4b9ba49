/**
 * How the collective assets read in the county chronicle: the asset audit (清产核资) counted per
 * act, and the merged villages' handovers (the signer is personal data and is not named).
 * Wording in chronicle.zh-CN.json / chronicle.en.json.
 */
import { defineChronicle, tell } from '@xianzhi/kernel';
import { handedOver, inventoried } from './index';
import zh from './chronicle.zh-CN.json';
import en from './chronicle.en.json';

export const assetsChronicle = defineChronicle(
  { zh, en },
  {
    ...tell(inventoried, {
      notable: true,
      describe: (e, names) => ({
        template: 'inventoried',
        params: { village: names.division(e.data.villageId) },
        divisions: [e.data.villageId],
        tally: { key: 'tally.inventoried', count: 1 },
      }),
    }),
    ...tell(handedOver, {
      notable: true,
      describe: (e, names) => ({
        template: 'handedOver',
        params: {
          from: names.division(e.data.fromVillageId),
          to: names.division(e.data.toVillageId),
          items: e.data.items.length,
        },
        divisions: [e.data.fromVillageId, e.data.toVillageId],
        tally: { key: 'tally.handedOver', count: 1 },
      }),
    }),
  },
);
