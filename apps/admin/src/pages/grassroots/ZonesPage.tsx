/**
 * 五路片区: the development zones and their townships as of the page's date (following the
 * mergers: a merged township's place goes to its survivor), every township with its zone; the zone
 * decisions — set up a zone, put a township in, take one out — under the county committee's
 * document. Zones are the county's decisions: a token limited to a township reads its own only.
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

type ZoneRow = RouterOutputs['zones']['zones'][number];
type TownshipRow = RouterOutputs['zones']['townships'][number];

const ROLES = ['main-urban', 'sub-centre', 'central-town', 'characteristic-town', 'ordinary'] as const;
const DIRECTIONS = ['central', 'north', 'west', 'east', 'south'] as const;

const TEXT = {
  zh: {
    title: '五路片区',
    subtitle: '五路发展片区及其乡镇（随乡镇撤并变化），片区设置调整',
    zones: '片区及其乡镇',
    townships: '各乡镇所属片区',
    zone: '片区',
    direction: '方位',
    members: '乡镇（定位）',
    villages: '行政村',
    communities: '社区',
    established: '设立日期',
    document: '文号',
    township: '乡镇',
    code: '统计用区划代码',
    role: '定位',
    changes: '片区设置调整',
    establish: '设立片区',
    join: '乡镇划入片区',
    leave: '乡镇退出片区',
    name: '片区名称',
    description: '说明',
    countyOnly: '片区由县委决定：限定乡镇的令牌只能查看本乡镇。',
    'role.main-urban': '主城区',
    'role.sub-centre': '副中心',
    'role.central-town': '中心镇',
    'role.characteristic-town': '特色镇',
    'role.ordinary': '一般乡镇',
    'direction.central': '中路',
    'direction.north': '北路',
    'direction.west': '西路',
    'direction.east': '东路',
    'direction.south': '南路',
  },
  en: {
    title: 'Development zones',
    subtitle: 'The five development zones and their townships (following mergers); zone decisions',
    zones: 'Zones and their townships',
    townships: 'Townships and their zones',
    zone: 'Zone',
    direction: 'Direction',
    members: 'Townships (role)',
    villages: 'Villages',
    communities: 'Communities',
    established: 'Set up on',
    document: 'Document',
    township: 'Township',
    code: 'Statistical code',
    role: 'Role',
    changes: 'Zone decisions',
    establish: 'Set up a zone',
    join: 'Put a township in a zone',
    leave: 'Take a township out of its zone',
    name: 'Zone name',
    description: 'Description',
    countyOnly: 'Zones are decided by the county committee: a token limited to a township sees its own only.',
    'role.main-urban': 'main urban area',
    'role.sub-centre': 'sub-centre',
    'role.central-town': 'central town',
    'role.characteristic-town': 'characteristic town',
    'role.ordinary': 'ordinary township',
    'direction.central': 'central',
    'direction.north': 'north',
    'direction.west': 'west',
    'direction.east': 'east',
    'direction.south': 'south',
  },
};

type Op = 'establish' | 'join' | 'leave';

function ZoneForms({ zones, townships }: { zones: ZoneRow[]; townships: TownshipRow[] }) {
  const { text } = useText(TEXT);
  const client = useTRPCClient();
  const send = useSend('zones');
  const time = useTime();
  const countyCode = useCountyCode(townships[0]?.code);
  const [op, setOp] = useState<Op>('join');
  const [doc, setDoc] = useDocument(time.date);
  const [v, setV] = useState({
    name: '',
    direction: '',
    description: '',
    zoneId: '',
    townshipId: '',
    role: 'ordinary',
  });
  const set = (patch: Partial<typeof v>) => setV((old) => ({ ...old, ...patch }));
  const form = useCommandForm<CommandResult>({
    prefix: 'zones',
    fields: [
      ...DOCUMENT_FIELDS,
      ...['name', 'direction', 'zoneId', 'townshipId', 'role', 'toZoneId'].flatMap((f) => [
        f,
        `changes.0.${f}`,
      ]),
    ],
  });
  const change =
    op === 'establish'
      ? {
          op,
          name: v.name.trim(),
          ...(v.direction ? { direction: v.direction } : {}),
          ...(v.description.trim() ? { description: v.description.trim() } : {}),
        }
      : op === 'join'
        ? { op, zoneId: v.zoneId, townshipId: v.townshipId, role: v.role }
        : { op, zoneId: v.zoneId, townshipId: v.townshipId };
  const zone = zones.find((z) => z.zoneId === v.zoneId);
  const townshipChoices =
    op === 'leave'
      ? (zone?.townships ?? []).map((t) => ({ value: t.townshipId, label: `${t.name}（${t.roleLabel}）` }))
      : townships.map((t) => ({ value: t.townshipId, label: `${t.name} — ${t.zone}` }));
  const roleOptions = ROLES.map((r) => ({ value: r, label: text[`role.${r}`] }));
  return (
    <>
      <nav className="tabs" aria-label={text.changes}>
        {(['establish', 'join', 'leave'] as const).map((o) => (
          <button
            key={o}
            type="button"
            className={o === op ? 'link active' : 'link'}
            aria-pressed={o === op}
            data-testid={`zones-op-${o}`}
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
        testId="zones-form"
        onSubmit={() =>
          void send(
            form,
            { ...decisionOf(countyCode, doc), changes: [change] },
            client.zones.recordZoneChanges.mutate,
          )
        }
        onAgain={() => set({ name: '', description: '', townshipId: '' })}
      >
        <DocumentFields form={form} values={doc} onChange={setDoc} />
        <div className="grid-3">
          {op === 'establish' ? (
            <>
              <Field label={text.name} path="name" errors={errorsAt(form, 'name', 'changes.0.name')} required>
                <input
                  type="text"
                  value={v.name}
                  aria-label={text.name}
                  onChange={(e) => set({ name: e.target.value })}
                />
              </Field>
              <Field
                label={text.direction}
                path="direction"
                errors={errorsAt(form, 'direction', 'changes.0.direction')}
              >
                <Choice
                  value={v.direction}
                  onChange={(direction) => set({ direction })}
                  label={text.direction}
                  options={DIRECTIONS.map((d) => ({ value: d, label: text[`direction.${d}`] }))}
                />
              </Field>
              <Field
                label={text.description}
                path="description"
                errors={errorsAt(form, 'description', 'changes.0.description')}
              >
                <input
                  type="text"
                  value={v.description}
                  aria-label={text.description}
                  onChange={(e) => set({ description: e.target.value })}
                />
              </Field>
            </>
          ) : (
            <>
              <Field
                label={text.zone}
                path="zoneId"
                errors={errorsAt(form, 'zoneId', 'changes.0.zoneId')}
                required
              >
                <Choice
                  value={v.zoneId}
                  onChange={(zoneId) => set({ zoneId, ...(op === 'leave' ? { townshipId: '' } : {}) })}
                  label={text.zone}
                  testId="zones-zone"
                  options={zones.map((z) => ({ value: z.zoneId, label: z.name }))}
                />
              </Field>
              <Field
                label={text.township}
                path="townshipId"
                errors={errorsAt(form, 'townshipId', 'changes.0.townshipId')}
                required
              >
                <Choice
                  value={v.townshipId}
                  onChange={(townshipId) => set({ townshipId })}
                  label={text.township}
                  testId="zones-township"
                  options={townshipChoices}
                />
              </Field>
              {op === 'join' && (
                <Field
                  label={text.role}
                  path="role"
                  errors={errorsAt(form, 'role', 'changes.0.role')}
                  required
                >
                  <Choice
                    value={v.role}
                    onChange={(role) => set({ role })}
                    label={text.role}
                    testId="zones-role"
                    options={roleOptions}
                  />
                </Field>
              )}
            </>
          )}
        </div>
      </CommandFrame>
    </>
  );
}

export default function ZonesPage() {
  const { text, date } = useText(TEXT);
  const trpc = useTRPC();
  const time = useTime();
  const session = useSession();
  const zones = useQuery(trpc.zones.zones.queryOptions({ ...time.at }));
  const townships = useQuery(trpc.zones.townships.queryOptions({ ...time.at }));
  return (
    <>
      <BackLink />
      <PageTitle title={text.title} subtitle={text.subtitle} />
      <AsOfSection title={text.zones} at={time.at}>
        <QueryView query={zones}>
          {(rows) => (
            <DataTable
              testId="zones-table"
              rows={rows}
              rowKey={(r) => r.zoneId}
              columns={[
                { key: 'name', header: text.zone, cell: (r) => r.name },
                { key: 'direction', header: text.direction, cell: (r) => r.directionLabel || '—' },
                {
                  key: 'members',
                  header: text.members,
                  cell: (r) => r.townships.map((t) => `${t.name}（${t.roleLabel}）`).join('、') || '—',
                },
                { key: 'villages', header: text.villages, cell: (r) => r.villages, numeric: true },
                { key: 'communities', header: text.communities, cell: (r) => r.communities, numeric: true },
                { key: 'established', header: text.established, cell: (r) => date(r.establishedAt) },
                { key: 'document', header: text.document, cell: (r) => r.documentNo ?? '—' },
              ]}
            />
          )}
        </QueryView>
      </AsOfSection>
      <Section id="zones-townships" title={text.townships}>
        <QueryView query={townships}>
          {(rows) => (
            <DataTable
              compact
              testId="zones-townships"
              rows={rows}
              rowKey={(r) => r.townshipId}
              columns={[
                { key: 'township', header: text.township, cell: (r) => r.name },
                { key: 'code', header: text.code, cell: (r) => r.code ?? '—' },
                { key: 'zone', header: text.zone, cell: (r) => r.zone },
                { key: 'role', header: text.role, cell: (r) => r.roleLabel || '—' },
              ]}
            />
          )}
        </QueryView>
      </Section>
      <Section id="zones-changes" title={text.changes}>
        {session.can('zones:write') && session.who?.subtree == null ? (
          <ZoneForms zones={zones.data ?? []} townships={townships.data ?? []} />
        ) : (
          <p className="muted">{text.countyOnly}</p>
        )}
      </Section>
    </>
  );
}
