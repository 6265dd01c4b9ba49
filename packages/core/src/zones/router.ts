/**
 * The zones module's tRPC procedures: the zones with their townships as of a date, every township
 * with its zone, the zone of a division — and the zone decisions. Zones are the county committee's
 * decisions: the command declares no scope rule, so it is closed to tokens limited to a division;
 * the reads keep to the token's townships (a zone with none of them is not listed).
 */
import { z } from 'zod';
import { zonesMap } from './map';
import { commandMutation, projectionQuery, type TRPCRouterRecord } from '@xianzhi/api';
import { countyCodeInput, ref } from '../router-kit';
import { recordZoneChanges } from './decide';

const M = 'zones';
const P = zonesMap;

export const zonesRouter = {
  zones: projectionQuery(M, P, 'zones', z.object({ countyCode: countyCodeInput.optional() }), {
    scoped: { within: true },
    summary: '五路发展片区（各片区乡镇及其定位、村和社区数）',
    columns: {
      name: '片区',
      directionLabel: '方位',
      townshipCount: '乡镇数',
      townshipNames: '乡镇',
      villages: '行政村',
      communities: '社区',
      establishedAt: '设立日期',
      documentNo: '文号',
    },
  }),
  townships: projectionQuery(
    M,
    P,
    'townships',
    z.object({ countyCode: countyCodeInput.optional(), zoneId: ref.optional() }),
    {
      scoped: { within: true },
      summary: '各乡镇所属片区及定位',
      columns: { name: '乡镇', code: '统计用区划代码', zone: '片区', roleLabel: '定位' },
    },
  ),
  zoneOf: projectionQuery(M, P, 'zoneOf', z.object({ ref }), {
    scoped: { names: (i) => [i.ref] },
    summary: '某区划所属片区',
  }),

  recordZoneChanges: commandMutation(M, recordZoneChanges, {
    summary: '片区设置调整（设立、更名、撤销片区，乡镇加入、退出、调整定位）',
  }),
} satisfies TRPCRouterRecord;
