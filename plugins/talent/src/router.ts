/** The talent plugin's tRPC procedures (built on the shared procedures of @xianzhi/api). */
import { z } from 'zod';
import { commandMutation, projectionQuery, type TRPCRouterRecord } from '@xianzhi/api';
import { isDate } from '@xianzhi/kernel';
import {
  certifyPracticalTalent,
  completeCadreTraining,
  developPartyMember,
  dispatchFirstSecretaries,
  recallFirstSecretaries,
  recruitReturningWorker,
  registerReserveCadre,
  revokeRecord,
} from './decide';
import { PLAN, PROGRESS_LABEL, programmeSchema } from './index';

const M = 'talent';
const ref = z.string().trim().min(1).max(80);
const countyCode = z.string().regex(/^\d{6}$/, { error: 'a county code has 6 digits' });
const date = z.string().refine(isDate, { error: 'expected a date such as 2021-01-01' });

type Named = { countyCode?: string; townshipId?: string; villageId?: string; divisionId?: string };
/** The division a call concerns: the most specific one named. */
const place = (i: unknown) => {
  const n = (i ?? {}) as Named;
  return [n.villageId ?? n.divisionId ?? n.townshipId ?? n.countyCode];
};
const division = (i: unknown) => [((i ?? {}) as Named).divisionId];
/** Every posting's village; a posting named without its village is outside any limited token's division. */
const postingVillages = (i: unknown) =>
  (((i ?? {}) as { postings?: { villageId?: string; postingId?: string }[] }).postings ?? []).map((p) => p.villageId ?? `(posting ${p.postingId ?? '?'} without villageId)`);

const progressColumns = { code: '统计用区划代码', township: '乡镇', ...Object.fromEntries(PLAN.targets.map((t) => [t.key, PROGRESS_LABEL[t.key].zh])) };

export const talentRouter = {
  progress: projectionQuery(M, 'talent.progress', 'progress', z.object({ countyCode: countyCode.optional() }), {
    divisions: place,
    summary: '五年目标完成进度',
    columns: { label: '项目', count: '完成数', target: '目标数', share: '完成率（%）', remaining: '尚差' },
  }),
  byTownship: projectionQuery(M, 'talent.progress', 'byTownship', z.object({ countyCode: countyCode.optional(), from: date.optional(), to: date.optional() }), {
    divisions: place,
    summary: '各乡镇人才工作完成情况',
    columns: progressColumns,
  }),
  records: projectionQuery(
    M,
    'talent.progress',
    'records',
    z.object({ divisionId: ref, programme: programmeSchema.optional(), limit: z.number().int().min(1).max(5000).optional() }),
    { divisions: division, summary: '人才工作台账', columns: { label: '项目', name: '姓名', division: '所在村（乡镇）', effectiveAt: '日期' } },
  ),
  secretaryCoverage: projectionQuery(
    M,
    'talent.first-secretaries',
    'coverage',
    z.object({ countyCode: countyCode.optional(), townshipId: ref.optional(), kind: z.enum(['village', 'community', 'all']).optional() }),
    {
      divisions: place,
      summary: '第一书记选派覆盖情况',
      columns: { code: '统计用区划代码', village: '村', township: '乡镇', coveredLabel: '有第一书记', secretaries: '在岗第一书记（人）', names: '姓名', since: '到岗日期' },
    },
  ),
  secretaries: projectionQuery(
    M,
    'talent.first-secretaries',
    'secretaries',
    z.object({ countyCode: countyCode.optional(), townshipId: ref.optional(), villageId: ref.optional() }),
    { divisions: place, summary: '在岗第一书记', columns: { name: '姓名', unit: '派出单位', village: '村', township: '乡镇', dispatchedTo: '原选派村', since: '到岗日期' } },
  ),
  recruitReturningWorker: commandMutation(M, recruitReturningWorker, { divisions: division, summary: '回引返乡农民工' }),
  developPartyMember: commandMutation(M, developPartyMember, { divisions: division, summary: '发展党员' }),
  registerReserveCadre: commandMutation(M, registerReserveCadre, { divisions: division, summary: '储备村级后备干部' }),
  certifyPracticalTalent: commandMutation(M, certifyPracticalTalent, { divisions: division, summary: '认定农村实用人才' }),
  completeCadreTraining: commandMutation(M, completeCadreTraining, { divisions: division, summary: '干部培训结业' }),
  revokeRecord: commandMutation(M, revokeRecord, { divisions: division, summary: '撤销人才工作记录' }),
  dispatchFirstSecretaries: commandMutation(M, dispatchFirstSecretaries, { divisions: postingVillages, summary: '选派第一书记' }),
  recallFirstSecretaries: commandMutation(M, recallFirstSecretaries, { divisions: postingVillages, summary: '召回第一书记' }),
} satisfies TRPCRouterRecord;
