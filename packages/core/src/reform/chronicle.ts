/**
 * How reform plans read in the chronicle: a plan started, each of its five steps completed (with
 * the opinions received and adopted in the consultation). Wording in chronicle.zh-CN.json / .en.json.
 */
import { defineChronicle, tell, type ChronicleSentence } from '@xianzhi/kernel';
import { planStarted, stepCompleted } from './events';
import zh from './chronicle.zh-CN.json';
import en from './chronicle.en.json';

const ZH: Record<string, string> = zh;
const EN: Record<string, string> = en;
const countyOf = (names: { name: (id: string, fallback?: string) => string }, planId: string) =>
  names.name(`plan-county:${planId}`, '');

export const reformChronicle = defineChronicle(
  { zh, en },
  {
    ...tell(planStarted, {
      notable: true,
      names: (e) => ({
        [`plan:${e.data.planId}`]: e.data.title,
        [`plan-county:${e.data.planId}`]: e.data.countyCode,
      }),
      describe: (e) => ({
        template: 'planStarted',
        params: { plan: e.data.title },
        divisions: [e.data.countyCode],
      }),
    }),
    ...tell(stepCompleted, {
      notable: true,
      describe: (e, names): ChronicleSentence => {
        const step = {
          zh: ZH[`step.${e.data.step}`] ?? e.data.step,
          en: EN[`step.${e.data.step}`] ?? e.data.step,
        };
        const plan = names.name(`plan:${e.data.planId}`);
        const county = countyOf(names, e.data.planId);
        const o = e.data.opinions;
        return o
          ? {
              template: 'stepCompletedOpinions',
              params: { plan, step, count: o.count, adopted: o.adopted ?? 0 },
              divisions: county ? [county] : [],
            }
          : { template: 'stepCompleted', params: { plan, step }, divisions: county ? [county] : [] };
      },
    }),
  },
);
