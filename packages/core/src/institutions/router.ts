/**
 * The institutions module's tRPC procedures: per township the devolved stations with their quotas
 * and staff and the offices established, county totals, totals per department — and every
 * institutions command. Institutional changes are the county's decisions (编委), so the commands
 * concern the county, except devolving stations and establishing offices, which name townships.
 */
import { z } from 'zod';
import { institutionsByTownship } from './townships';
import { divisionTree } from '../divisions/tree';
import {
  asOfShape,
  atOf,
  commandMutation,
  defineProcedure,
  projectionQuery,
  withinOf,
  type TRPCRouterRecord,
} from '@xianzhi/api';
import { countyCodeInput, ref } from '../router-kit';
import {
  abolishOffice,
  changeStationStaffing,
  devolveStations,
  establishOffices,
  reassignStation,
  recordInstitutionalChanges,
  withdrawStation,
} from './commands';
import type { TownshipRow } from './townships';

const M = 'institutions';

/**
 * Institutional changes are the county's decisions (编委): the commands without a scope rule are
 * closed to tokens limited to a division; devolving stations to, and establishing offices in, a
 * township touch that township.
 */

const countyInput = z.object({ countyCode: countyCodeInput.optional() });
const staffingColumns = { stations: '站所数', quotas: '编制数', staff: '在编人数', vacancies: '空编数' };

export type TownshipInstitutionsRow = TownshipRow & { name: string; code: string | null };

export const institutionsRouter = {
  /** One row per township (with its name as of the date): stations, quotas, staff, vacancies, offices. */
  townships: defineProcedure(
    {
      module: M,
      access: 'read',
      scoped: { within: true },
      summary: '各乡镇下放站所与编制、机构设置',
      columns: {
        name: '乡镇',
        code: '统计用区划代码',
        ...staffingColumns,
        approvalOffice: '行政审批办公室',
        enforcementTeam: '综合行政执法队',
      },
    },
    countyInput.extend(asOfShape),
  ).query(async ({ ctx, input }): Promise<TownshipInstitutionsRow[]> => {
    const { asOf, knownAt, ...rest } = input;
    const at = atOf({ asOf, knownAt });
    const within = await withinOf(ctx, at);
    const rows = await ctx.runtime.query(
      institutionsByTownship,
      'townships',
      within === undefined ? rest : { ...rest, within },
      at,
    );
    const out: TownshipInstitutionsRow[] = [];
    for (const r of rows) {
      const d = await ctx.runtime.query(divisionTree, 'get', { id: r.townshipId }, at);
      out.push({ ...r, name: d?.name ?? r.townshipId, code: d?.code ?? null });
    }
    return out;
  }),
  township: defineProcedure(
    { module: M, access: 'read', scoped: { names: (i) => [i.townshipId] }, summary: '一个乡镇的站所与机构' },
    z.object({ townshipId: ref, ...asOfShape }),
  ).query(async ({ ctx, input }) => {
    const at = atOf(input);
    // the read model keys townships by id: a code names the township that holds it on the date
    const id =
      (await ctx.runtime.query(divisionTree, 'get', { id: input.townshipId }, at))?.id ?? input.townshipId;
    return ctx.runtime.query(institutionsByTownship, 'township', { townshipId: id }, at);
  }),
  totals: projectionQuery(M, institutionsByTownship, 'totals', countyInput, {
    scoped: { within: true },
    summary: '全县合计（站所、编制、在编、机构）',
  }),
  byDepartment: projectionQuery(M, institutionsByTownship, 'byDepartment', countyInput, {
    scoped: { within: true },
    summary: '按县级部门统计下放站所',
    columns: { department: '部门', ...staffingColumns },
  }),

  recordInstitutionalChanges: commandMutation(M, recordInstitutionalChanges, {
    summary: '机构编制调整（多项变更，全部成功或全部不生效）',
  }),
  devolveStations: commandMutation(M, devolveStations, {
    scoped: { touches: async (_ctx, i) => i.stations.map((x) => x.townshipId) },
    summary: '站所下放乡镇属地管理',
  }),
  changeStationStaffing: commandMutation(M, changeStationStaffing, { summary: '调整站所编制或人员' }),
  reassignStation: commandMutation(M, reassignStation, { summary: '站所划归另一乡镇' }),
  withdrawStation: commandMutation(M, withdrawStation, { summary: '站所收回县级部门' }),
  establishOffices: commandMutation(M, establishOffices, {
    scoped: { touches: async (_ctx, i) => i.offices.map((x) => x.townshipId) },
    summary: '设立乡镇机构',
  }),
  abolishOffice: commandMutation(M, abolishOffice, { summary: '撤销乡镇机构' }),
} satisfies TRPCRouterRecord;
