/**
 * 权力清单: per township, the items of its power, responsibility and access lists in force on the
 * page's date (department, legal basis, catalogue code), and "what may this township approve on
 * that date" (with the approval office that handles it); the list decisions — devolve an item to
 * townships, amend it, withdraw items — under the county government's document. Lists are the
 * county's: a token limited to a township reads its own only.
 */
import { useState } from 'react';
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

type TownshipRow = RouterOutputs['powers']['byTownship'][number];
type ItemRow = RouterOutputs['powers']['items'][number];

const LISTS = ['power', 'responsibility', 'access'] as const;
const CATEGORIES = [
  'licensing',
  'confirmation',
  'penalty',
  'coercion',
  'inspection',
  'payment',
  'other',
] as const;

const TEXT = {
  zh: {
    title: '权力清单',
    subtitle: '乡镇权力清单、责任清单、准入清单：某日有效的事项，某日可以审批什么',
    townships: '各乡镇清单事项数',
    township: '乡镇',
    items: '{township} 的清单事项',
    mayApprove: '{township} 在 {date} 可以审批的事项',
    office: '承办：{office}',
    noOffice: '该乡镇当日未设立行政审批办公室',
    list: '清单',
    code: '事项编码',
    itemTitle: '事项名称',
    category: '权力类别',
    department: '下放（提出）部门',
    legalBasis: '法律依据',
    effective: '生效日期',
    document: '文号',
    power: '权力清单',
    responsibility: '责任清单',
    access: '准入清单',
    approvals: '审批事项',
    enforcement: '执法事项',
    changes: '清单调整',
    devolve: '下放（公布）事项',
    amend: '修订事项',
    withdraw: '取消（收回）事项',
    forTownships: '适用乡镇',
    item: '事项',
    newTitle: '新名称（可不填）',
    newBasis: '新法律依据（可不填）',
    withdrawn: '取消的事项',
    reason: '原因',
    countyOnly: '清单由县政府公布：限定乡镇的令牌只能查看本乡镇。',
    'list.power': '权力清单',
    'list.responsibility': '责任清单',
    'list.access': '准入清单',
    'category.licensing': '行政许可',
    'category.confirmation': '行政确认',
    'category.penalty': '行政处罚',
    'category.coercion': '行政强制',
    'category.inspection': '行政检查',
    'category.payment': '行政给付',
    'category.other': '其他行政权力',
  },
  en: {
    title: 'Power lists',
    subtitle:
      'Township power, responsibility and access lists: the items in force on a date, what a township may approve',
    townships: 'Items per township',
    township: 'Township',
    items: 'Items of {township}',
    mayApprove: 'What {township} may approve on {date}',
    office: 'Handled by {office}',
    noOffice: 'The township had no approval office on that date',
    list: 'List',
    code: 'Catalogue code',
    itemTitle: 'Title',
    category: 'Kind of power',
    department: 'Department',
    legalBasis: 'Legal basis',
    effective: 'In force since',
    document: 'Document',
    power: 'Powers',
    responsibility: 'Responsibilities',
    access: 'Access',
    approvals: 'Approvals',
    enforcement: 'Enforcement',
    changes: 'List decisions',
    devolve: 'Devolve an item',
    amend: 'Amend an item',
    withdraw: 'Withdraw items',
    forTownships: 'Townships',
    item: 'Item',
    newTitle: 'New title (optional)',
    newBasis: 'New legal basis (optional)',
    withdrawn: 'Items withdrawn',
    reason: 'Reason',
    countyOnly:
      'Lists are published by the county government: a token limited to a township sees its own only.',
    'list.power': 'power list',
    'list.responsibility': 'responsibility list',
    'list.access': 'access list',
    'category.licensing': 'licensing',
    'category.confirmation': 'confirmation',
    'category.penalty': 'penalty',
    'category.coercion': 'coercion',
    'category.inspection': 'inspection',
    'category.payment': 'payment',
    'category.other': 'other',
  },
};

type Op = 'devolve' | 'amend' | 'withdraw';

function PowerForms({ townships, items }: { townships: TownshipRow[]; items: ItemRow[] }) {
  const { text } = useText(TEXT);
  const client = useTRPCClient();
  const send = useSend('powers');
  const time = useTime();
  const countyCode = useCountyCode(townships[0]?.code);
  const [op, setOp] = useState<Op>('devolve');
  const [doc, setDoc] = useDocument(time.date);
  const empty = {
    list: 'power',
    category: 'licensing',
    code: '',
    title: '',
    department: '',
    legalBasis: '',
    townshipIds: [] as string[],
    itemId: '',
    itemIds: [] as string[],
    reason: '',
  };
  const [v, setV] = useState(empty);
  const set = (patch: Partial<typeof v>) => setV((old) => ({ ...old, ...patch }));
  const entryFields = ['list', 'category', 'code', 'title', 'department', 'legalBasis', 'townshipIds'];
  const form = useCommandForm<CommandResult>({
    prefix: 'powers',
    fields: [
      ...DOCUMENT_FIELDS,
      'items',
      ...entryFields.map((f) => `items.0.${f}`),
      'itemId',
      'title',
      'legalBasis',
      'itemIds',
      'reason',
    ],
  });
  const submit = () => {
    const base = decisionOf(countyCode, doc);
    const trim = (s: string) => s.trim();
    if (op === 'devolve') {
      const entry = {
        list: v.list,
        ...(v.list === 'power' ? { category: v.category } : {}),
        code: trim(v.code),
        title: trim(v.title),
        department: trim(v.department),
        legalBasis: trim(v.legalBasis),
        townshipIds: v.townshipIds,
      };
      void send(form, { ...base, items: [entry] }, client.powers.listPowerItems.mutate);
    } else if (op === 'amend') {
      void send(
        form,
        {
          ...base,
          itemId: v.itemId,
          ...(trim(v.title) ? { title: trim(v.title) } : {}),
          ...(trim(v.legalBasis) ? { legalBasis: trim(v.legalBasis) } : {}),
        },
        client.powers.amendPowerItem.mutate,
      );
    } else {
      void send(
        form,
        { ...base, itemIds: v.itemIds, ...(trim(v.reason) ? { reason: trim(v.reason) } : {}) },
        client.powers.withdrawPowerItems.mutate,
      );
    }
  };
  const textField = (
    key: 'code' | 'title' | 'department' | 'legalBasis' | 'reason',
    label: string,
    path: string,
    required = false,
  ) => (
    <Field label={label} path={path} errors={form.errorsOf(path)} required={required}>
      <input
        type="text"
        value={v[key]}
        aria-label={label}
        data-testid={`powers-${key}`}
        onChange={(e) => set({ [key]: e.target.value })}
      />
    </Field>
  );
  const itemOptions = items.map((i) => ({
    value: i.itemId,
    label: `${i.code} ${i.title}（${i.listLabel}）`,
  }));
  return (
    <>
      <nav className="tabs" aria-label={text.changes}>
        {(['devolve', 'amend', 'withdraw'] as const).map((o) => (
          <button
            key={o}
            type="button"
            className={o === op ? 'link active' : 'link'}
            aria-pressed={o === op}
            data-testid={`powers-op-${o}`}
            onClick={() => {
              setOp(o);
              form.reset();
            }}
          >
            {text[o]}
          </button>
        ))}
      </nav>
      <CommandFrame form={form} testId="powers-form" onSubmit={submit} onAgain={() => setV(empty)}>
        <DocumentFields form={form} values={doc} onChange={setDoc} documentRequired />
        <div className="grid-3">
          {op === 'devolve' && (
            <>
              <Field label={text.list} path="items.0.list" errors={form.errorsOf('items.0.list')} required>
                <Choice
                  value={v.list}
                  onChange={(list) => set({ list })}
                  label={text.list}
                  options={LISTS.map((l) => ({ value: l, label: text[`list.${l}`] }))}
                />
              </Field>
              {v.list === 'power' && (
                <Field
                  label={text.category}
                  path="items.0.category"
                  errors={form.errorsOf('items.0.category')}
                  required
                >
                  <Choice
                    value={v.category}
                    onChange={(category) => set({ category })}
                    label={text.category}
                    options={CATEGORIES.map((c) => ({ value: c, label: text[`category.${c}`] }))}
                  />
                </Field>
              )}
              {textField('code', text.code, 'items.0.code', true)}
              {textField('title', text.itemTitle, 'items.0.title', true)}
              {textField('department', text.department, 'items.0.department', true)}
              {textField('legalBasis', text.legalBasis, 'items.0.legalBasis', true)}
              <Field
                label={text.forTownships}
                path="items.0.townshipIds"
                errors={errorsAt(form, 'items.0.townshipIds', 'items')}
                required
              >
                <select
                  multiple
                  size={6}
                  value={v.townshipIds}
                  aria-label={text.forTownships}
                  data-testid="powers-townships"
                  onChange={(e) => set({ townshipIds: [...e.target.selectedOptions].map((o) => o.value) })}
                >
                  {townships.map((t) => (
                    <option key={t.townshipId} value={t.townshipId}>
                      {t.name}
                    </option>
                  ))}
                </select>
              </Field>
            </>
          )}
          {op === 'amend' && (
            <>
              <Field label={text.item} path="itemId" errors={form.errorsOf('itemId')} required>
                <Choice
                  value={v.itemId}
                  onChange={(itemId) => set({ itemId })}
                  label={text.item}
                  options={itemOptions}
                  testId="powers-item"
                />
              </Field>
              {textField('title', text.newTitle, 'title')}
              {textField('legalBasis', text.newBasis, 'legalBasis')}
            </>
          )}
          {op === 'withdraw' && (
            <>
              <Field label={text.withdrawn} path="itemIds" errors={form.errorsOf('itemIds')} required>
                <select
                  multiple
                  size={6}
                  value={v.itemIds}
                  aria-label={text.withdrawn}
                  data-testid="powers-items"
                  onChange={(e) => set({ itemIds: [...e.target.selectedOptions].map((o) => o.value) })}
                >
                  {itemOptions.map((o) => (
                    <option key={o.value} value={o.value}>
                      {o.label}
                    </option>
                  ))}
                </select>
              </Field>
              {textField('reason', text.reason, 'reason')}
            </>
          )}
        </div>
      </CommandFrame>
    </>
  );
}

export default function PowersPage() {
  const { text, t, date } = useText(TEXT);
  const trpc = useTRPC();
  const time = useTime();
  const session = useSession();
  const townships = useQuery(trpc.powers.byTownship.queryOptions({ ...time.at }));
  const [chosen, setChosen] = useState('');
  const township = townships.data?.find((r) => r.townshipId === chosen) ?? townships.data?.[0];
  const items = useQuery({
    ...trpc.powers.items.queryOptions({ townshipId: township?.townshipId ?? '', ...time.at }),
    enabled: township !== undefined,
  });
  const approve = useQuery({
    ...trpc.powers.mayApprove.queryOptions({
      townshipId: township?.townshipId ?? '',
      asOf: time.date,
      ...(time.knownAt ? { knownAt: time.knownAt } : {}),
    }),
    enabled: township !== undefined,
  });
  const itemColumns = [
    { key: 'list', header: text.list, cell: (r: ItemRow) => r.listLabel },
    { key: 'code', header: text.code, cell: (r: ItemRow) => r.code },
    { key: 'title', header: text.itemTitle, cell: (r: ItemRow) => r.title },
    { key: 'category', header: text.category, cell: (r: ItemRow) => r.categoryLabel || '—' },
    { key: 'department', header: text.department, cell: (r: ItemRow) => r.department },
    { key: 'legalBasis', header: text.legalBasis, cell: (r: ItemRow) => r.legalBasis },
    { key: 'effective', header: text.effective, cell: (r: ItemRow) => date(r.effectiveAt) },
    { key: 'document', header: text.document, cell: (r: ItemRow) => r.documentNo ?? '—' },
  ];
  return (
    <>
      <BackLink />
      <PageTitle title={text.title} subtitle={text.subtitle} />
      <AsOfSection title={text.townships} at={time.at}>
        <QueryView query={townships}>
          {(rows) => (
            <DataTable
              testId="powers-townships-table"
              rows={rows}
              rowKey={(r) => r.townshipId}
              onSelect={(r) => setChosen(r.townshipId)}
              selected={(r) => r.townshipId === township?.townshipId}
              columns={[
                { key: 'township', header: text.township, cell: (r) => r.name },
                { key: 'power', header: text.power, cell: (r) => r.power, numeric: true },
                {
                  key: 'responsibility',
                  header: text.responsibility,
                  cell: (r) => r.responsibility,
                  numeric: true,
                },
                { key: 'access', header: text.access, cell: (r) => r.access, numeric: true },
                { key: 'approvals', header: text.approvals, cell: (r) => r.approvals, numeric: true },
                { key: 'enforcement', header: text.enforcement, cell: (r) => r.enforcement, numeric: true },
              ]}
            />
          )}
        </QueryView>
      </AsOfSection>
      {township && (
        <>
          <Section
            id="powers-approve"
            title={t('mayApprove', { township: township.name, date: date(time.date) })}
          >
            <QueryView query={approve}>
              {(data) => (
                <>
                  <p className="muted" data-testid="powers-office">
                    {data.office ? t('office', { office: data.office.name }) : text.noOffice}
                  </p>
                  <DataTable
                    compact
                    testId="powers-approve"
                    rows={data.items}
                    rowKey={(r) => r.itemId}
                    columns={itemColumns}
                  />
                </>
              )}
            </QueryView>
          </Section>
          <Section id="powers-items" title={t('items', { township: township.name })}>
            <QueryView query={items}>
              {(rows) => (
                <DataTable
                  compact
                  testId="powers-items-table"
                  rows={rows}
                  rowKey={(r) => r.itemId}
                  columns={itemColumns}
                />
              )}
            </QueryView>
          </Section>
        </>
      )}
      <Section id="powers-changes" title={text.changes}>
        {session.can('powers:write') && session.who?.subtree == null ? (
          <PowerForms townships={townships.data ?? []} items={items.data ?? []} />
        ) : (
          <p className="muted">{text.countyOnly}</p>
        )}
      </Section>
    </>
  );
}
