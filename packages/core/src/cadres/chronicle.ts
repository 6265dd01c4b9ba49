/**
 * How cadre pay and training read in the chronicle: pay scales set, training courses held. Monthly
 * payrolls are the module's daily work, not the chronicle's. Wording in chronicle.zh-CN.json / .en.json.
 */
import { defineChronicle, tell } from '@xianzhi/kernel';
import { ORGANISATION_LABEL, roleLabel } from '../personnel/vocabulary';
import { courseHeld, payScaleSet } from './events';
import zh from './chronicle.zh-CN.json';
import en from './chronicle.en.json';

export const cadresChronicle = defineChronicle(
  { zh, en },
  {
    ...tell(payScaleSet, {
      notable: true,
      describe: (e) => ({
        template: 'payScaleSet',
        params: {
          organisation: { zh: ORGANISATION_LABEL[e.data.organisation], en: e.data.organisation },
          role: { zh: roleLabel(e.data.organisation, e.data.role), en: e.data.role },
          amount: (e.data.monthlyFen / 100).toFixed(2),
        },
        divisions: [e.data.countyCode],
        tally: { key: 'tally.payScaleSet', count: 1 },
      }),
    }),
    ...tell(courseHeld, {
      notable: true,
      describe: (e) => ({
        template: 'courseHeld',
        params: {
          organiser: e.data.organiser,
          title: e.data.title,
          startsOn: e.data.startsOn,
          endsOn: e.data.endsOn,
          hours: e.data.hours,
        },
        divisions: [e.data.countyCode],
      }),
    }),
  },
);
