/**
 * The party organisations module's tRPC procedures: the organisation tree as of a date, counts by
 * kind per township, villages without a party organisation or committee, groups with a branch, the
 * secretaries (linked to personnel posts; 一肩挑 computed from who holds the posts on the date) —
 * and the party commands. Reads keep to a limited token's divisions; a command may touch only
 * organisations serving divisions inside the token's own (resolved from the read model).
 */
import { z } from 'zod';
import { partyOrganisations } from './organisations';
import {
  asOfShape,
  atOf,
  commandMutation,
  defineProcedure,
  projectionQuery,
  withinOf,
  type ApiContext,
  type TRPCRouterRecord,
} from '@xianzhi/api';
import { countyCodeInput, keepOne, ref } from '../router-kit';
import { personnelRoster } from '../personnel/roster';
import {
  changePartyOrganisationType,
  dissolvePartyOrganisation,
  establishPartyOrganisations,
  linkPartySecretary,
  mergePartyOrganisations,
  recordPartyDecision,
} from './decide';
import type { PartyChange } from './inputs';
import type { OrgNode } from './organisations';
import { PARTY_ORG_TYPE_LABEL } from './vocabulary';

const M = 'party';
const P = partyOrganisations;

/** The division an organisation serves on a date (from the read model), or undefined when there is no such organisation. */
async function servedBy(ctx: ApiContext, orgId: string, effectiveAt: string): Promise<string | undefined> {
  return (await ctx.runtime.query(P, 'organisation', { orgId }, { asOf: effectiveAt }))?.divisionId;
}

/** Every division a party decision touches: what new organisations serve, what the named ones serve. */
async function touched(
  ctx: ApiContext,
  changes: readonly PartyChange[],
  effectiveAt: string,
): Promise<(string | undefined)[]> {
  const out: (string | undefined)[] = [];
  for (const c of changes) {
    switch (c.op) {
      case 'establish':
        out.push(c.divisionId);
        if (c.parentId !== undefined) out.push(await servedBy(ctx, c.parentId, effectiveAt));
        break;
      case 'reattach':
        out.push(await servedBy(ctx, c.orgId, effectiveAt), await servedBy(ctx, c.parentId, effectiveAt));
        break;
      case 'reassign':
        out.push(await servedBy(ctx, c.orgId, effectiveAt), c.divisionId);
        break;
      case 'merge':
        for (const id of [...c.sources, c.into]) out.push(await servedBy(ctx, id, effectiveAt));
        break;
      case 'retype':
      case 'rename':
      case 'dissolve':
      case 'link-secretary':
        out.push(await servedBy(ctx, c.orgId, effectiveAt));
        break;
    }
  }
  return out;
}

export interface SecretaryRow {
  orgId: string;
  orgName: string;
  typeLabel: string;
  divisionId: string;
  divisionName: string;
  townshipId: string | null;
  postId: string;
  personId: string | null;
  secretary: string;
  since: string;
  /** For a village's own organisation: whether its secretary is also the village committee's director (一肩挑); null for others. */
  dualRole: boolean | null;
  dualRoleLabel: string;
}

export interface SecretaryOverview {
  rows: SecretaryRow[];
  /** Organisations with a linked secretary post, those whose post is filled, and (villages) 一肩挑. */
  linked: number;
  filled: number;
  villageOrganisations: number;
  dualRole: number;
  dualRolePercent: number | null;
}

const flatten = (nodes: OrgNode[]): OrgNode[] => nodes.flatMap((n) => [n, ...flatten(n.children)]);

const scoped = {
  names: (i: { townshipId?: string | undefined; villageId?: string | undefined }) => [
    i.townshipId,
    i.villageId,
  ],
  within: true,
} as const;
const typeColumns = Object.fromEntries(Object.entries(PARTY_ORG_TYPE_LABEL).map(([k, v]) => [k, v.zh]));

export const partyRouter = {
  tree: projectionQuery(
    M,
    P,
    'tree',
    z.object({ countyCode: countyCodeInput.optional(), rootOrgId: ref.optional() }),
    { scoped: { within: true }, summary: '党组织体系（组织树）' },
  ),
  counts: projectionQuery(M, P, 'counts', z.object({ countyCode: countyCodeInput.optional() }), {
    scoped: { within: true },
    summary: '各乡镇党组织数量（按类型）',
    columns: { name: '乡镇', code: '统计用区划代码', ...typeColumns, total: '合计' },
  }),
  villages: projectionQuery(
    M,
    P,
    'villages',
    z.object({
      countyCode: countyCodeInput.optional(),
      townshipId: ref.optional(),
      without: z.enum(['organisation', 'committee']).optional(),
    }),
    {
      scoped,
      summary: '村（社区）党组织设置（可筛选未建党组织、未建党委的村）',
      columns: {
        name: '村（社区）',
        code: '统计用区划代码',
        township: '乡镇',
        orgName: '村党组织',
        typeLabel: '类型',
        organisations: '党组织数',
      },
    },
  ),
  groups: projectionQuery(
    M,
    P,
    'groups',
    z.object({
      countyCode: countyCodeInput.optional(),
      villageId: ref.optional(),
      withBranch: z.boolean().optional(),
    }),
    {
      scoped,
      summary: '村民小组建立党支部情况（支部建在小组上）',
      columns: { name: '村民小组', village: '村', branches: '党支部' },
    },
  ),
  summary: projectionQuery(M, P, 'summary', z.object({ countyCode: countyCodeInput.optional() }), {
    scoped: { within: true },
    summary: '党组织概况',
  }),
  organisation: projectionQuery(M, P, 'organisation', z.object({ orgId: ref }), {
    scoped: { filter: keepOne((o: { divisionId: string }) => o.divisionId) },
    summary: '党组织详情',
  }),
  /** Secretaries as of the date: who holds each organisation's linked post; 一肩挑 computed, not stored. */
  secretaries: defineProcedure(
    {
      module: M,
      access: 'read',
      scoped: { within: true },
      summary: '党组织书记（关联干部岗位，计算“一肩挑”）',
      columns: {
        orgName: '党组织',
        typeLabel: '类型',
        divisionName: '所在区划',
        secretary: '书记',
        since: '任职日期',
        dualRoleLabel: '一肩挑',
      },
    },
    z.object({ countyCode: countyCodeInput.optional(), ...asOfShape }),
  ).query(async ({ ctx, input }): Promise<SecretaryOverview> => {
    const { asOf, knownAt, ...rest } = input;
    const at = atOf({ asOf, knownAt });
    const within = await withinOf(ctx, at);
    const nodes = flatten(
      await ctx.runtime.query(P, 'tree', within === undefined ? rest : { ...rest, within }, at),
    ).filter((n) => n.secretaryPostId !== null);
    const divisions = [...new Set(nodes.map((n) => n.divisionId))];
    const rosters =
      divisions.length === 0
        ? []
        : await ctx.runtime.query(personnelRoster, 'roster', { divisionIds: divisions }, at);
    const posts = new Map(rosters.flatMap((r) => r.posts.map((p) => [p.postId, p] as const)));
    const directors = new Map(
      rosters.map(
        (r) =>
          [
            r.divisionId,
            r.posts.find((p) => p.organisation === 'village-committee' && p.role === 'committee-director'),
          ] as const,
      ),
    );
    const rows: SecretaryRow[] = nodes.map((n) => {
      const holder = posts.get(n.secretaryPostId!)?.holders[0];
      const village = n.villageTop && n.level === 'village';
      const director = directors.get(n.divisionId)?.holders[0];
      const dualRole = village && holder ? director?.personId === holder.personId : village ? false : null;
      return {
        orgId: n.orgId,
        orgName: n.name,
        typeLabel: n.typeLabel,
        divisionId: n.divisionId,
        divisionName: n.divisionName,
        townshipId: n.townshipId,
        postId: n.secretaryPostId!,
        personId: holder?.personId ?? null,
        secretary: holder?.name ?? '（空缺）',
        since: holder?.since ?? '',
        dualRole,
        dualRoleLabel: dualRole === null ? '' : dualRole ? '是' : '否',
      };
    });
    const villageRows = rows.filter((r) => r.dualRole !== null);
    const dual = villageRows.filter((r) => r.dualRole).length;
    return {
      rows,
      linked: rows.length,
      filled: rows.filter((r) => r.personId !== null).length,
      villageOrganisations: villageRows.length,
      dualRole: dual,
      dualRolePercent: villageRows.length === 0 ? null : Math.round((dual * 1000) / villageRows.length) / 10,
    };
  }),

  recordPartyDecision: commandMutation(M, recordPartyDecision, {
    scoped: { touches: (ctx, i) => touched(ctx, i.changes, i.effectiveAt) },
    summary: '党组织设置调整（多项变更，全部成功或全部不生效）',
  }),
  establishPartyOrganisations: commandMutation(M, establishPartyOrganisations, {
    scoped: {
      touches: (ctx, i) =>
        touched(
          ctx,
          i.organisations.map((o) => ({ op: 'establish' as const, ...o })),
          i.effectiveAt,
        ),
    },
    summary: '成立党组织',
  }),
  changePartyOrganisationType: commandMutation(M, changePartyOrganisationType, {
    scoped: { touches: async (ctx, i) => [await servedBy(ctx, i.orgId, i.effectiveAt)] },
    summary: '党组织升格或降格（支部→总支→党委）',
  }),
  mergePartyOrganisations: commandMutation(M, mergePartyOrganisations, {
    scoped: {
      touches: async (ctx, i) =>
        Promise.all([...i.sources, i.into].map((id) => servedBy(ctx, id, i.effectiveAt))),
    },
    summary: '党组织合并',
  }),
  dissolvePartyOrganisation: commandMutation(M, dissolvePartyOrganisation, {
    scoped: { touches: async (ctx, i) => [await servedBy(ctx, i.orgId, i.effectiveAt)] },
    summary: '撤销党组织',
  }),
  linkPartySecretary: commandMutation(M, linkPartySecretary, {
    scoped: { touches: async (ctx, i) => [await servedBy(ctx, i.orgId, i.effectiveAt)] },
    summary: '关联党组织书记岗位',
  }),
} satisfies TRPCRouterRecord;
