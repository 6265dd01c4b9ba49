/**
 * 党组织: the party organisation tree as of the page's date, the counts by kind per township, the
 * villages without a party committee; the party decisions — establish, upgrade or downgrade, merge,
 * dissolve an organisation, link its secretary's post — with the organisation picked from the tree
 * (a click on a row, or the list) and the division from a list. A token limited to a township reads
 * and decides for its own organisations only (the server checks it).
 */
import { useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import {
  AsOfSection,
  DataTable,
  Field,
  PageTitle,
  QueryView,
  Section,
  useCommandForm,
  useText,
} from '@xianzhi/admin-kit';
import { useTRPC, useTRPCClient } from '../../api/client';
import type { RouterOutputs } from '../../api/types';
import { useSession } from '../../auth/session';
import { useTime } from '../../time/useTime';
import {
  Choice,
  CommandFrame,
  DOCUMENT_FIELDS,
  DocumentFields,
  decisionOf,
  errorsAt,
  useCountyCode,
  useDocument,
  useSend,
  type CommandResult,
} from './decision';
import { BackLink } from './BackLink';

type OrgNode = RouterOutputs['party']['tree'][number];
type Flat = OrgNode & { depth: number };

const TYPES = ['township-committee', 'village-committee', 'general-branch', 'branch'] as const;
type OrgType = (typeof TYPES)[number];

const TEXT = {
  zh: {
    title: '党组织',
    subtitle: '党组织体系（乡镇党委、村党委、党总支、党支部）及其设置调整',
    tree: '组织树',
    treeNote: '点击一行即在下方表单中选中该组织',
    counts: '各乡镇党组织数量',
    without: '未建党委的村（社区）',
    organisation: '党组织',
    type: '类型',
    division: '所在区划',
    township: '乡镇',
    established: '成立日期',
    document: '文号',
    total: '合计',
    village: '村（社区）',
    ownOrg: '本村党组织',
    changes: '党组织设置调整',
    establish: '成立',
    retype: '升格或降格',
    merge: '合并',
    dissolve: '撤销',
    link: '关联书记岗位',
    name: '名称',
    newName: '新名称（可不填）',
    parent: '上级党组织',
    sources: '被合并的党组织',
    into: '并入',
    reason: '原因',
    post: '书记岗位',
    vacant: '空缺',
    noWrite: '需要党组织写权限才能记录调整。',
    'type.township-committee': '乡镇党委',
    'type.village-committee': '村（社区）党委',
    'type.general-branch': '党总支',
    'type.branch': '党支部',
  },
  en: {
    title: 'Party organisations',
    subtitle: 'Township and village party committees, general branches and branches, and their changes',
    tree: 'Organisation tree',
    treeNote: 'Click a row to choose it in the form below',
    counts: 'Organisations per township',
    without: 'Villages without a party committee',
    organisation: 'Organisation',
    type: 'Kind',
    division: 'Serves',
    township: 'Township',
    established: 'Established',
    document: 'Document',
    total: 'Total',
    village: 'Village',
    ownOrg: 'Its organisation',
    changes: 'Party decisions',
    establish: 'Establish',
    retype: 'Upgrade or downgrade',
    merge: 'Merge',
    dissolve: 'Dissolve',
    link: 'Link the secretary’s post',
    name: 'Name',
    newName: 'New name (optional)',
    parent: 'Parent organisation',
    sources: 'Organisations merged',
    into: 'Into',
    reason: 'Reason',
    post: 'Secretary’s post',
    vacant: 'vacant',
    noWrite: 'Recording a change needs the party write scope.',
    'type.township-committee': 'township party committee',
    'type.village-committee': 'village party committee',
    'type.general-branch': 'general branch',
    'type.branch': 'branch',
  },
};

type Op = 'establish' | 'retype' | 'merge' | 'dissolve' | 'link';
const OPS: Op[] = ['establish', 'retype', 'merge', 'dissolve', 'link'];

const flatten = (nodes: readonly OrgNode[], depth = 0): Flat[] =>
  nodes.flatMap((n) => [{ ...n, depth }, ...flatten(n.children, depth + 1)]);

function PartyForms({
  orgs,
  chosen,
  onChoose,
}: {
  orgs: Flat[];
  chosen: string;
  onChoose: (orgId: string) => void;
}) {
  const { text } = useText(TEXT);
  const trpc = useTRPC();
  const client = useTRPCClient();
  const send = useSend('party');
  const time = useTime();
  const [op, setOp] = useState<Op>('establish');
  const [doc, setDoc] = useDocument(time.date);
  const [v, setV] = useState({
    type: 'branch' as OrgType,
    name: '',
    divisionId: '',
    parentId: '',
    sources: [] as string[],
    reason: '',
    postId: '',
  });
  const set = (patch: Partial<typeof v>) => setV((old) => ({ ...old, ...patch }));
  const on = { asOf: doc.effectiveAt || time.date };
  const counts = useQuery(trpc.party.counts.queryOptions(on));
  const villages = useQuery(trpc.party.villages.queryOptions(on));
  const groups = useQuery({
    ...trpc.party.groups.queryOptions(on),
    enabled: op === 'establish' && v.type === 'branch',
  });
  const org = orgs.find((o) => o.orgId === chosen);
  const roster = useQuery({
    ...trpc.personnel.roster.queryOptions({ divisionIds: org ? [org.divisionId] : [], ...on }),
    enabled: op === 'link' && org !== undefined,
  });
  const countyCode = useCountyCode(counts.data?.rows[0]?.code);
  const form = useCommandForm<CommandResult>({
    prefix: 'party',
    fields: [
      ...DOCUMENT_FIELDS,
      ...['orgId', 'type', 'name', 'divisionId', 'parentId', 'sources', 'into', 'reason', 'postId'].flatMap(
        (f) => [f, `changes.0.${f}`],
      ),
    ],
  });
  const orgOptions = orgs.map((o) => ({
    value: o.orgId,
    label: `${'　'.repeat(o.depth)}${o.name}（${o.typeLabel}，${o.divisionName}）`,
  }));
  const divisionOptions = useMemo(() => {
    if (v.type === 'township-committee')
      return (counts.data?.rows ?? []).map((t) => ({ value: t.townshipId, label: t.name }));
    const vs = (villages.data ?? []).map((r) => ({ value: r.villageId, label: `${r.township} ${r.name}` }));
    if (v.type !== 'branch') return vs;
    return [
      ...vs,
      ...(groups.data ?? []).map((g) => ({ value: g.groupId, label: `${g.village} ${g.name}` })),
    ];
  }, [v.type, counts.data, villages.data, groups.data]);
  const typeOptions = TYPES.map((t) => ({ value: t, label: text[`type.${t}`] }));
  const change = (() => {
    switch (op) {
      case 'establish':
        return {
          op,
          type: v.type,
          name: v.name.trim(),
          divisionId: v.divisionId,
          ...(v.parentId ? { parentId: v.parentId } : {}),
        };
      case 'retype':
        return { op, orgId: chosen, type: v.type, ...(v.name.trim() ? { name: v.name.trim() } : {}) };
      case 'merge':
        return { op, sources: v.sources, into: chosen };
      case 'dissolve':
        return { op, orgId: chosen, ...(v.reason.trim() ? { reason: v.reason.trim() } : {}) };
      case 'link':
        return { op: 'link-secretary', orgId: chosen, postId: v.postId || null };
    }
  })();
  const orgField = (label: string, path: string) => (
    <Field label={label} path={path} errors={errorsAt(form, path, `changes.0.${path}`)} required>
      <Choice
        value={chosen}
        onChange={onChoose}
        label={label}
        options={orgOptions}
        testId={`party-${path}`}
      />
    </Field>
  );
  const posts = (roster.data ?? [])
    .flatMap((r) => r.posts)
    .map((p) => ({
      value: p.postId,
      label: `${p.label} — ${p.holders.map((h) => h.name).join('、') || text.vacant}`,
    }));
  return (
    <>
      <nav className="tabs" aria-label={text.changes}>
        {OPS.map((o) => (
          <button
            key={o}
            type="button"
            className={o === op ? 'link active' : 'link'}
            aria-pressed={o === op}
            data-testid={`party-op-${o}`}
            onClick={() => {
              setOp(o);
              form.reset();
            }}
          >
            {text[o]}
          </button>
        ))}
      </nav>
      <CommandFrame
        form={form}
        testId="party-form"
        onSubmit={() =>
          void send(
            form,
            { ...decisionOf(countyCode, doc), changes: [change] },
            client.party.recordPartyDecision.mutate,
          )
        }
        onAgain={() => set({ name: '', sources: [], reason: '', postId: '' })}
      >
        <DocumentFields
          form={form}
          values={doc}
          onChange={setDoc}
          documentRequired={op === 'merge' || op === 'dissolve'}
        />
        <div className="grid-3">
          {op === 'establish' && (
            <>
              <Field label={text.type} path="type" errors={errorsAt(form, 'type', 'changes.0.type')} required>
                <Choice
                  value={v.type}
                  onChange={(type) => set({ type: type as OrgType, divisionId: '' })}
                  label={text.type}
                  options={typeOptions}
                  testId="party-type"
                />
              </Field>
              <Field label={text.name} path="name" errors={errorsAt(form, 'name', 'changes.0.name')} required>
                <input
                  type="text"
                  value={v.name}
                  aria-label={text.name}
                  data-testid="party-name"
                  onChange={(e) => set({ name: e.target.value })}
                />
              </Field>
              <Field
                label={text.division}
                path="divisionId"
                errors={errorsAt(form, 'divisionId', 'changes.0.divisionId')}
                required
              >
                <Choice
                  value={v.divisionId}
                  onChange={(divisionId) => set({ divisionId })}
                  label={text.division}
                  options={divisionOptions}
                  testId="party-division"
                />
              </Field>
              <Field
                label={text.parent}
                path="parentId"
                errors={errorsAt(form, 'parentId', 'changes.0.parentId')}
              >
                <Choice
                  value={v.parentId}
                  onChange={(parentId) => set({ parentId })}
                  label={text.parent}
                  options={orgOptions}
                  testId="party-parent"
                />
              </Field>
            </>
          )}
          {op === 'retype' && (
            <>
              {orgField(text.organisation, 'orgId')}
              <Field label={text.type} path="type" errors={errorsAt(form, 'type', 'changes.0.type')} required>
                <Choice
                  value={v.type}
                  onChange={(type) => set({ type: type as OrgType })}
                  label={text.type}
                  options={typeOptions}
                  testId="party-type"
                />
              </Field>
              <Field label={text.newName} path="name" errors={errorsAt(form, 'name', 'changes.0.name')}>
                <input
                  type="text"
                  value={v.name}
                  aria-label={text.newName}
                  onChange={(e) => set({ name: e.target.value })}
                />
              </Field>
            </>
          )}
          {op === 'merge' && (
            <>
              <Field
                label={text.sources}
                path="sources"
                errors={errorsAt(form, 'sources', 'changes.0.sources')}
                required
              >
                <select
                  multiple
                  value={v.sources}
                  aria-label={text.sources}
                  data-testid="party-sources"
                  size={8}
                  onChange={(e) => set({ sources: [...e.target.selectedOptions].map((o) => o.value) })}
                >
                  {orgOptions.map((o) => (
                    <option key={o.value} value={o.value}>
                      {o.label}
                    </option>
                  ))}
                </select>
              </Field>
              {orgField(text.into, 'into')}
            </>
          )}
          {op === 'dissolve' && (
            <>
              {orgField(text.organisation, 'orgId')}
              <Field label={text.reason} path="reason" errors={errorsAt(form, 'reason', 'changes.0.reason')}>
                <input
                  type="text"
                  value={v.reason}
                  aria-label={text.reason}
                  onChange={(e) => set({ reason: e.target.value })}
                />
              </Field>
            </>
          )}
          {op === 'link' && (
            <>
              {orgField(text.organisation, 'orgId')}
              <Field label={text.post} path="postId" errors={errorsAt(form, 'postId', 'changes.0.postId')}>
                <Choice
                  value={v.postId}
                  onChange={(postId) => set({ postId })}
                  label={text.post}
                  options={posts}
                  testId="party-post"
                />
              </Field>
            </>
          )}
        </div>
      </CommandFrame>
    </>
  );
}

export default function PartyPage() {
  const { text, date } = useText(TEXT);
  const trpc = useTRPC();
  const time = useTime();
  const session = useSession();
  const tree = useQuery(trpc.party.tree.queryOptions({ ...time.at }));
  const counts = useQuery(trpc.party.counts.queryOptions({ ...time.at }));
  const without = useQuery(trpc.party.villages.queryOptions({ without: 'committee', ...time.at }));
  const orgs = useMemo(() => flatten(tree.data ?? []), [tree.data]);
  const [chosen, setChosen] = useState('');
  return (
    <>
      <BackLink />
      <PageTitle title={text.title} subtitle={text.subtitle} />
      <AsOfSection title={text.counts} at={time.at}>
        <QueryView query={counts}>
          {(data) => (
            <DataTable
              testId="party-counts"
              rows={data.rows}
              rowKey={(r) => r.townshipId}
              columns={[
                { key: 'township', header: text.township, cell: (r) => r.name },
                ...TYPES.map((t) => ({
                  key: t,
                  header: text[`type.${t}`],
                  cell: (r: (typeof data.rows)[number]) => r[t],
                  numeric: true,
                })),
                { key: 'total', header: text.total, cell: (r) => r.total, numeric: true },
              ]}
            />
          )}
        </QueryView>
      </AsOfSection>
      <Section id="party-tree" title={text.tree}>
        <p className="muted">{text.treeNote}</p>
        <QueryView query={tree}>
          {() => (
            <DataTable
              compact
              testId="party-tree"
              rows={orgs}
              rowKey={(r) => r.orgId}
              onSelect={(r) => setChosen(r.orgId)}
              selected={(r) => r.orgId === chosen}
              columns={[
                { key: 'name', header: text.organisation, cell: (r) => `${'　'.repeat(r.depth)}${r.name}` },
                { key: 'type', header: text.type, cell: (r) => r.typeLabel },
                { key: 'division', header: text.division, cell: (r) => r.divisionName },
                { key: 'established', header: text.established, cell: (r) => date(r.establishedAt) },
                { key: 'document', header: text.document, cell: (r) => r.documentNo ?? '—' },
              ]}
            />
          )}
        </QueryView>
      </Section>
      <Section id="party-without" title={text.without}>
        <QueryView query={without}>
          {(rows) => (
            <DataTable
              compact
              testId="party-without"
              rows={rows}
              rowKey={(r) => r.villageId}
              columns={[
                { key: 'township', header: text.township, cell: (r) => r.township },
                { key: 'village', header: text.village, cell: (r) => r.name },
                {
                  key: 'org',
                  header: text.ownOrg,
                  cell: (r) => (r.orgName ? `${r.orgName}（${r.typeLabel}）` : '—'),
                },
              ]}
            />
          )}
        </QueryView>
      </Section>
      <Section id="party-changes" title={text.changes}>
        {session.can('party:write') ? (
          <PartyForms orgs={orgs} chosen={chosen} onChoose={setChosen} />
        ) : (
          <p className="muted">{text.noWrite}</p>
        )}
      </Section>
    </>
  );
}
