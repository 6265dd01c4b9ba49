/**
 * The institutions module's tRPC procedures: per township the devolved stations with their quotas
 * and staff and the offices established, county totals, totals per department — and every
 * institutions command. Institutional changes are the county's decisions (编委), so the commands
 * concern the county, except devolving stations and establishing offices, which name townships.
 */
import { z } from 'zod';
import { asOfShape, procedure, projectionQuery, type TRPCRouterRecord } from '@xianzhi/api';
import { atOf, countyCodeInput, ref, scopedCommand } from '../router-kit';
import { abolishOffice, changeStationStaffing, devolveStations, establishOffices, reassignStation, recordInstitutionalChanges, withdrawStation } from './commands';
import type { TownshipRow } from './townships';

const M = 'institutions';
const P = 'institutions.townships';

type In = { countyCode?: string; townshipId?: string; stations?: { townshipId?: string }[]; offices?: { townshipId?: string }[] };
const inp = (i: unknown): In => (i && typeof i === 'object' ? i : {});
const countyOf = (i: unknown) => [inp(i).countyCode];
/** The townships a list of stations or offices names, else the county. */
const townshipsOf = (key: 'stations' | 'offices') => (i: unknown) => {
  const list = inp(i)[key];
  return Array.isArray(list) && list.length > 0 ? list.map((x) => (x && typeof x === 'object' ? x.townshipId : undefined)) : [inp(i).countyCode];
};

const county = z.object({ countyCode: countyCodeInput.optional() });
const staffingColumns = { stations: '站所数', quotas: '编制数', staff: '在编人数', vacancies: '空编数' };

export type TownshipInstitutionsRow = TownshipRow & { name: string; code: string | null };

export const institutionsRouter = {
  /** One row per township (with its name as of the date): stations, quotas, staff, vacancies, offices. */
  townships: procedure
    .meta({
      module: M,
      access: 'read',
      divisions: countyOf,
      summary: '各乡镇下放站所与编制、机构设置',
      columns: { name: '乡镇', code: '统计用区划代码', ...staffingColumns, approvalOffice: '行政审批办公室', enforcementTeam: '综合行政执法队' },
    })
    .input(county.extend(asOfShape))
    .query(async ({ ctx, input }): Promise<TownshipInstitutionsRow[]> => {
      const { asOf, knownAt, ...rest } = input;
      const at = atOf({ asOf, knownAt });
      const rows = await ctx.runtime.query<TownshipRow[]>(P, 'townships', rest, at);
      const out: TownshipInstitutionsRow[] = [];
      for (const r of rows) {
        const d = await ctx.runtime.query<{ name: string; code?: string } | null>('divisions.tree', 'get', { id: r.townshipId }, at);
        out.push({ ...r, name: d?.name ?? r.townshipId, code: d?.code ?? null });
      }
      return out;
    }),
  township: projectionQuery(M, P, 'township', z.object({ townshipId: ref }), { divisions: (i) => [inp(i).townshipId], summary: '一个乡镇的站所与机构' }),
  totals: projectionQuery(M, P, 'totals', county, { divisions: countyOf, summary: '全县合计（站所、编制、在编、机构）' }),
  byDepartment: projectionQuery(M, P, 'byDepartment', county, {
    divisions: countyOf,
    summary: '按县级部门统计下放站所',
    columns: { department: '部门', ...staffingColumns },
  }),

  recordInstitutionalChanges: scopedCommand(M, recordInstitutionalChanges, { divisions: countyOf, summary: '机构编制调整（多项变更，全部成功或全部不生效）' }),
  devolveStations: scopedCommand(M, devolveStations, { divisions: townshipsOf('stations'), summary: '站所下放乡镇属地管理' }),
  changeStationStaffing: scopedCommand(M, changeStationStaffing, { divisions: countyOf, summary: '调整站所编制或人员' }),
  reassignStation: scopedCommand(M, reassignStation, { divisions: countyOf, summary: '站所划归另一乡镇' }),
  withdrawStation: scopedCommand(M, withdrawStation, { divisions: countyOf, summary: '站所收回县级部门' }),
  establishOffices: scopedCommand(M, establishOffices, { divisions: townshipsOf('offices'), summary: '设立乡镇机构' }),
  abolishOffice: scopedCommand(M, abolishOffice, { divisions: countyOf, summary: '撤销乡镇机构' }),
} satisfies TRPCRouterRecord;
