/**
 * The reform story of the demo county: the township reform plan through its five steps — research,
 * plan, consultation (with the opinions received), assessment, decision — and its link to the
 * township adjustment that enacted it (川府民政〔2019〕27号, effective 2019-12-20). The steps are
 * dated back from the adjustment's effective date.
 */
import { addDays, type DemoContext, type Random } from '@xianzhi/kernel';
import { recordStory } from '../demo/story';
import { reformCommands } from './commands';
import type { DemoCommand, DemoCounty, DemoScript } from '../demo/types';

/**
 * @example
 * const script = reformDemo(county, seededRandom(2019)); // start, five steps, one link
 */
export function reformDemo(county: DemoCounty, random: Random): DemoScript {
  const adj = county.townshipAdjustment;
  const planId = `reform-${county.countyCode}-${adj.effectiveAt.slice(0, 4)}-townships`;
  const abbr = county.name.slice(0, 1);
  const year = adj.effectiveAt.slice(0, 4);
  const before = county.townships.before.length;
  const after = county.townships.after.length;
  const on = (days: number) => addDays(adj.effectiveAt, -days);
  const received = random.int(1100, 1500);
  const commands: DemoCommand[] = [];
  const add = (command: string, input: Record<string, unknown> & { effectiveAt: string }, key: string) =>
    commands.push({
      module: 'reform',
      command,
      input: { planId, ...input },
      effectiveAt: input.effectiveAt,
      key: `demo:${county.countyCode}:reform:${key}`,
    });

  add(
    'startReformPlan',
    {
      countyCode: county.countyCode,
      title: `${county.name}乡镇行政区划调整改革方案`,
      scope: 'township',
      effectiveAt: on(300),
      description: `${before}个乡镇调整为${after}个`,
    },
    'start',
  );
  add(
    'completeReformStep',
    {
      step: 'research',
      effectiveAt: on(250),
      summary: `对${before}个乡镇的人口、面积、产业、交通和公共服务半径开展专题调研，形成调研报告`,
    },
    'research',
  );
  add(
    'completeReformStep',
    {
      step: 'plan',
      effectiveAt: on(210),
      summary: `拟定乡镇由${before}个调整为${after}个的调整方案（征求意见稿）`,
      documentNo: `${abbr}委办〔${year}〕31号`,
    },
    'plan',
  );
  add(
    'completeReformStep',
    {
      step: 'consultation',
      effectiveAt: on(170),
      summary: '通过座谈会、入户走访和网上征求意见，听取干部群众意见',
      opinions: {
        count: received,
        adopted: Math.round(received * 0.16),
        summary: '群众主要关注便民服务半径、村（社区）干部安排、集体资产处置和地名文化保护',
      },
    },
    'consultation',
  );
  add(
    'completeReformStep',
    {
      step: 'assessment',
      effectiveAt: on(125),
      summary: '开展社会稳定风险评估和合法性审查，风险等级评定为低风险',
      documentNo: `${abbr}委政法〔${year}〕12号`,
    },
    'assessment',
  );
  add(
    'completeReformStep',
    {
      step: 'decision',
      effectiveAt: on(100),
      summary: '县委常委会审议通过调整方案，报请省人民政府批准',
      documentNo: `${abbr}委〔${year}〕56号`,
    },
    'decision',
  );
  add(
    'linkReformAdjustment',
    {
      effectiveAt: adj.effectiveAt,
      documentNo: adj.documentNo,
      ...(adj.correlationId ? { correlationId: adj.correlationId } : {}),
    },
    'link',
  );
  return { module: 'reform', commands, summary: `改革方案：五个步骤，实施文件 ${adj.documentNo}` };
}

/** The reform module's `demo` hook: records the story in the demo county. */
export const recordReformDemo = (context: DemoContext): Promise<void> =>
  recordStory(context, reformDemo, { module: 'reform', title: '改革方案', commands: reformCommands });
