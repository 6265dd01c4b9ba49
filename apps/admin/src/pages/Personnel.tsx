/**
 * Cadres (干部队伍): the leadership teams of a township, its villages and groups as of the date
 * (posts, holders since when under which document, vacancies); appoint, dismiss and transfer with
 * the server's errors next to the fields; cadre statistics by group with charts, and a before/after
 * comparison between two dates.
 */
import { Suspense, lazy, useDeferredValue, useId, useMemo, useState, type FormEvent } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { newIdempotencyKey, useTRPC, useTRPCClient } from '../api/client';
import { assignProblems, errorInfo, type ErrorInfo } from '@xianzhi/admin-kit';
import {
  type CadreLevel,
  type CommandOutput,
  type PostRow,
  type TreeNode,
} from '../api/types';
import { useSession } from '../auth/session';
import { useI18n } from '../i18n';
import { countyToday, isDate } from '@xianzhi/admin-kit';
import { useTime } from '../time/useTime';
import { useCounties } from '../components/Header';
import { ExportButtons } from '../components/ExportButtons';
import { TownshipSelect, flatten, useSubtree, useTownships } from '../components/Townships';
import { Empty, Loading, PageTitle, QueryError, Section } from '../components/ui';
import { Field } from './record/fields';

const CadreCharts = lazy(() => import('../components/CadreCharts'));
const CompareChart = lazy(() =>
  import('../components/CadreCharts').then((m) => ({ default: m.CompareChart })),
);

const LEVELS: CadreLevel[] = [
  'all',
  'township-leaders',
  'township-party-secretaries',
  'township-heads',
  'village-leaders',
  'village-party-secretaries',
  'village-committee-directors',
  'group-leaders',
];
const VILLAGE_LEVELS = new Set<CadreLevel>([
  'village-leaders',
  'village-party-secretaries',
  'village-committee-directors',
]);

/** Adjustments that re-draw divisions: their day is a natural "before and after". */
const REDRAWN = ['divisions.merged', 'divisions.split', 'divisions.abolished'];

/** The calendar day before `day` (YYYY-MM-DD). */
function dayBefore(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}

/** A post's name: the server's Chinese title, or organisation · role in English. */
function usePostLabel() {
  const { lang, t } = useI18n();
  return (p: Pick<PostRow, 'label' | 'organisation' | 'role'>) =>
    lang === 'zh' ? p.label : `${t(`personnel.org.${p.organisation}`)} · ${t(`personnel.role.${p.role}`)}`;
}

// ---------------------------------------------------------------------------------------------
// Roster

function PostTable({ posts, testId }: { posts: PostRow[]; testId?: string }) {
  const { t, date } = useI18n();
  const postLabel = usePostLabel();
  return (
    <table className="table compact" data-testid={testId}>
      <thead>
        <tr>
          <th scope="col">{t('personnel.post')}</th>
          <th scope="col">{t('personnel.holders')}</th>
          <th scope="col">{t('personnel.since')}</th>
          <th scope="col">{t('personnel.document')}</th>
        </tr>
      </thead>
      <tbody>
        {posts.map((p) => (
          <tr key={p.postId} data-post={p.postId} className={p.vacant ? 'vacant' : ''}>
            <th scope="row">{postLabel(p)}</th>
            <td>
              {p.vacant ? (
                <span className="tag tag-ended">{t('personnel.vacant')}</span>
              ) : (
                p.holders.map((h, i) => (
                  <span key={h.personId} data-testid="roster-holder" title={h.personId}>
                    {i > 0 ? '、' : ''}
                    {h.name}
                  </span>
                ))
              )}
            </td>
            <td className="nowrap">{p.holders.map((h) => date(h.since)).join('、')}</td>
            <td className="doc">
              {p.holders
                .map((h) => h.documentNo ?? '')
                .filter(Boolean)
                .join('、')}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Roster({ township }: { township: TreeNode | undefined }) {
  const trpc = useTRPC();
  const { t, num } = useI18n();
  const time = useTime();
  const [vacantOnly, setVacantOnly] = useState(false);
  const subtree = useSubtree(township?.id, time.at);
  const divisions = useMemo(() => flatten(subtree.data), [subtree.data]);
  const ids = divisions.map((d) => d.id);
  const roster = useQuery({
    ...trpc.personnel.roster.queryOptions({
      divisionIds: ids,
      ...(vacantOnly ? { vacantOnly } : {}),
      ...time.at,
    }),
    enabled: ids.length > 0,
  });
  const byId = new Map((roster.data ?? []).map((r) => [r.divisionId, r.posts]));
  const vacancies = (roster.data ?? []).reduce((n, r) => n + r.posts.filter((p) => p.vacant).length, 0);
  const root = subtree.data;
  return (
    <div data-testid="roster">
      <div className="row wrap">
        <label className="check">
          <input
            type="checkbox"
            checked={vacantOnly}
            onChange={(e) => setVacantOnly(e.target.checked)}
            data-testid="roster-vacant-only"
          />{' '}
          {t('personnel.vacantOnly')}
        </label>
        {roster.data && (
          <span className="muted" data-testid="roster-vacancies">
            {t('personnel.vacancies', { n: num(vacancies) })}
          </span>
        )}
        <span className="spacer" />
        {ids.length > 0 && (
          <ExportButtons procedure="personnel.rosterRows" input={{ divisionIds: ids }} withAsOf />
        )}
      </div>
      {(subtree.isPending || roster.isPending) && township && <Loading inline />}
      {subtree.error && <QueryError error={subtree.error} />}
      {roster.error && <QueryError error={roster.error} />}
      {root && roster.data && (
        <>
          <h3>{root.name}</h3>
          {(byId.get(root.id) ?? []).length === 0 ? (
            <Empty>{t('personnel.noPosts')}</Empty>
          ) : (
            <PostTable posts={byId.get(root.id)!} testId="roster-township" />
          )}
          {root.children.map((v) => {
            const own = byId.get(v.id) ?? [];
            const groups = v.children.flatMap((g) =>
              (byId.get(g.id) ?? []).map((p) => ({ ...p, label: `${g.name} ${p.label}` })),
            );
            if (own.length === 0 && groups.length === 0) return null;
            return (
              <div key={v.id} className="roster-village" data-division={v.id}>
                <h3>{v.name}</h3>
                {own.length > 0 && <PostTable posts={own} />}
                {groups.length > 0 && (
                  <details>
                    <summary>
                      {t('personnel.groupLeaders')}（{num(groups.length)}）
                    </summary>
                    <PostTable posts={groups} />
                  </details>
                )}
              </div>
            );
          })}
        </>
      )}
    </div>
  );
}

// ---------------------------------------------------------------------------------------------
// Appoint, dismiss, transfer

type Op = 'appoint' | 'dismiss' | 'transfer';
const OPS: Op[] = ['appoint', 'dismiss', 'transfer'];
const PROCEDURE = {
  appoint: 'appointToPost',
  dismiss: 'dismissFromPost',
  transfer: 'transferPerson',
} as const;

interface FormValues {
  documentNo: string;
  issuedBy: string;
  effectiveAt: string;
  personId: string;
  postId: string;
  fromPostId: string;
  toPostId: string;
  reason: string;
}

const FIELDS: Record<Op, string[]> = {
  appoint: ['personId', 'postId'],
  dismiss: ['postId', 'personId', 'reason'],
  transfer: ['personId', 'fromPostId', 'toPostId'],
};
const COMMON = ['countyCode', 'effectiveAt', 'authority.documentNo', 'authority.issuedBy', 'authority'];

function buildInput(op: Op, countyCode: string, v: FormValues): Record<string, unknown> {
  const documentNo = v.documentNo.trim();
  const issuedBy = v.issuedBy.trim();
  const base = {
    countyCode,
    effectiveAt: v.effectiveAt,
    ...(documentNo || issuedBy ? { authority: { documentNo, issuedBy } } : {}),
  };
  switch (op) {
    case 'appoint':
      return { ...base, personId: v.personId.trim(), postId: v.postId };
    case 'dismiss':
      return {
        ...base,
        personId: v.personId.trim(),
        postId: v.postId,
        ...(v.reason.trim() ? { reason: v.reason.trim() } : {}),
      };
    case 'transfer':
      return { ...base, personId: v.personId.trim(), fromPostId: v.fromPostId, toPostId: v.toPostId };
  }
}

/** A cadre by id, with suggestions by name, resolved as of `on`. */
function PersonInput({
  value,
  onChange,
  on,
  label,
  invalid,
}: {
  value: string;
  onChange: (v: string) => void;
  on: string;
  label: string;
  invalid: boolean;
}) {
  const trpc = useTRPC();
  const { t, date } = useI18n();
  const listId = useId();
  const q = useDeferredValue(value.trim());
  const suggestions = useQuery({
    ...trpc.personnel.search.queryOptions({ q, limit: 20, asOf: on }),
    enabled: q.length > 0,
    placeholderData: (prev) => prev,
  });
  const person = useQuery({
    ...trpc.personnel.person.queryOptions({ personId: q, asOf: on }),
    enabled: q.length > 0,
  });
  const p = person.data;
  return (
    <>
      <input
        type="text"
        list={listId}
        value={value}
        aria-label={label}
        aria-invalid={invalid}
        placeholder={t('personnel.personHint')}
        data-testid="person-input"
        onChange={(e) => onChange(e.target.value)}
      />
      <datalist id={listId}>
        {suggestions.data?.map((s) => (
          <option key={s.id} value={s.id}>
            {s.name}
            {s.career
              .filter((c) => c.to === null)
              .map((c) => ` · ${c.label}`)
              .join('')}
          </option>
        ))}
      </datalist>
      {p && (
        <span className="resolved" data-testid="person-resolved">
          {p.name} · {t(`personnel.gender.${p.gender}`)} · {t('personnel.born', { date: date(p.birthDate) })}{' '}
          · {p.educationLabel} · {p.partyMember ? t('personnel.partyMember') : t('personnel.notPartyMember')}
        </span>
      )}
    </>
  );
}

interface PostOption {
  postId: string;
  label: string;
  holders: PostRow['holders'];
}

function PostSelect({
  options,
  value,
  onChange,
  label,
  invalid,
  testId,
}: {
  options: PostOption[];
  value: string;
  onChange: (v: string) => void;
  label: string;
  invalid: boolean;
  testId: string;
}) {
  const { t } = useI18n();
  return (
    <select
      value={value}
      aria-label={label}
      aria-invalid={invalid}
      data-testid={testId}
      onChange={(e) => onChange(e.target.value)}
    >
      <option value="">{t('record.choose')}</option>
      {options.map((o) => (
        <option key={o.postId} value={o.postId}>
          {o.label} — {o.holders.length ? o.holders.map((h) => h.name).join('、') : t('personnel.vacant')}
        </option>
      ))}
    </select>
  );
}

function AppointmentForm({ township }: { township: TreeNode | undefined }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const { t } = useI18n();
  const postLabel = usePostLabel();
  const counties = useCounties();
  const today = countyToday();
  const [op, setOp] = useState<Op>('appoint');
  const [values, setValues] = useState<FormValues>({
    documentNo: '',
    issuedBy: '',
    effectiveAt: today,
    personId: '',
    postId: '',
    fromPostId: '',
    toPostId: '',
    reason: '',
  });
  const [key, setKey] = useState(() => newIdempotencyKey('personnel'));
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [pending, setPending] = useState(false);
  const [done, setDone] = useState<CommandOutput | null>(null);

  const on = isDate(values.effectiveAt) ? values.effectiveAt : today;
  const countyCode = counties.data?.[0]?.code ?? '';
  const subtree = useSubtree(township?.id, { asOf: on });
  const divisions = useMemo(() => flatten(subtree.data), [subtree.data]);
  const roster = useQuery({
    ...trpc.personnel.roster.queryOptions({ divisionIds: divisions.map((d) => d.id), asOf: on }),
    enabled: divisions.length > 0,
  });
  const person = useQuery({
    ...trpc.personnel.person.queryOptions({ personId: values.personId.trim(), asOf: on }),
    enabled: op === 'transfer' && values.personId.trim().length > 0,
  });
  const names = new Map(divisions.map((d) => [d.id, d.name]));
  const options: PostOption[] = (roster.data ?? []).flatMap((r) =>
    r.posts.map((p) => ({
      postId: p.postId,
      label: `${names.get(r.divisionId) ?? r.divisionId} ${postLabel(p)}`,
      holders: p.holders,
    })),
  );
  const held = options.filter((o) => o.holders.length > 0);
  const chosen = options.find((o) => o.postId === values.postId);
  const current = (person.data?.career ?? [])
    .filter((c) => c.to === null)
    .map((c) => ({ postId: c.postId, label: c.label, holders: [] }));

  const input = buildInput(op, countyCode, values);
  const placed = useMemo(
    () => assignProblems(error?.problems ?? [], [...COMMON, ...FIELDS[op]]),
    [error, op],
  );
  const errorsOf = (path: string) => placed.byField.get(path);
  const set = (patch: Partial<FormValues>) => setValues((v) => ({ ...v, ...patch }));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setPending(true);
    setError(null);
    const call = client.personnel[PROCEDURE[op]].mutate as (i: unknown) => Promise<CommandOutput>;
    call({ ...input, idempotencyKey: key })
      .then((r) => {
        setDone(r);
        void queryClient.invalidateQueries({ queryKey: trpc.personnel.pathKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.events.pathKey() });
      })
      .catch((err: unknown) => setError(errorInfo(err, input, { anyDetail: true })))
      .finally(() => setPending(false));
  };

  const again = () => {
    setKey(newIdempotencyKey('personnel'));
    setDone(null);
    setError(null);
    set({ personId: '', postId: '', fromPostId: '', toPostId: '', reason: '' });
  };

  const choose = (next: Op) => {
    setOp(next);
    setError(null);
    setDone(null);
  };

  const text = (name: 'documentNo' | 'issuedBy', path: string, label: string) => (
    <Field label={label} path={path} errors={errorsOf(path)}>
      <input
        type="text"
        value={values[name]}
        aria-label={label}
        aria-invalid={!!errorsOf(path)}
        onChange={(e) => set({ [name]: e.target.value })}
      />
    </Field>
  );

  if (done) {
    return (
      <div data-testid="personnel-done">
        <p>
          {done.replayed
            ? t('personnel.replayed')
            : t('personnel.done', { n: done.events.length, position: done.lastPosition })}
        </p>
        <button type="button" onClick={again}>
          {t('personnel.again')}
        </button>
      </div>
    );
  }

  return (
    <form className="wizard" onSubmit={submit} noValidate data-testid="personnel-form" data-op={op}>
      <nav className="tabs" aria-label={t('personnel.changes')}>
        {OPS.map((o) => (
          <button
            key={o}
            type="button"
            className={o === op ? 'link active' : 'link'}
            aria-pressed={o === op}
            data-testid={`personnel-op-${o}`}
            onClick={() => choose(o)}
          >
            {t(`personnel.op.${o}`)}
          </button>
        ))}
      </nav>
      <p className="muted">{t(`personnel.op.${op}.hint`)}</p>
      {(placed.general.length > 0 || (error && error.problems.length === 0)) && (
        <div className="alert" role="alert" data-testid="personnel-errors">
          <strong>{t('personnel.refused')}</strong>
          <ul>
            {(placed.general.length > 0 ? placed.general : [error!.message]).map((m, i) => (
              <li key={i}>{m}</li>
            ))}
          </ul>
        </div>
      )}
      <div className="grid-3">
        {text('documentNo', 'authority.documentNo', t('doc.documentNo'))}
        {text('issuedBy', 'authority.issuedBy', t('doc.issuedBy'))}
        <Field label={t('doc.effectiveAt')} path="effectiveAt" errors={errorsOf('effectiveAt')} required>
          <input
            type="date"
            value={values.effectiveAt}
            aria-label={t('doc.effectiveAt')}
            aria-invalid={!!errorsOf('effectiveAt')}
            onChange={(e) => set({ effectiveAt: e.target.value })}
          />
        </Field>
      </div>
      <div className="grid-2">
        {op === 'appoint' && (
          <>
            <Field label={t('personnel.person')} path="personId" errors={errorsOf('personId')} required>
              <PersonInput
                value={values.personId}
                onChange={(personId) => set({ personId })}
                on={on}
                label={t('personnel.person')}
                invalid={!!errorsOf('personId')}
              />
            </Field>
            <Field
              label={t('personnel.post')}
              path="postId"
              errors={errorsOf('postId')}
              required
              hint={t('personnel.postHint', { township: township?.name ?? '' })}
            >
              <PostSelect
                options={options}
                value={values.postId}
                onChange={(postId) => set({ postId })}
                label={t('personnel.post')}
                invalid={!!errorsOf('postId')}
                testId="post-select"
              />
            </Field>
          </>
        )}
        {op === 'dismiss' && (
          <>
            <Field label={t('personnel.post')} path="postId" errors={errorsOf('postId')} required>
              <PostSelect
                options={held}
                value={values.postId}
                onChange={(postId) => set({ postId, personId: '' })}
                label={t('personnel.post')}
                invalid={!!errorsOf('postId')}
                testId="post-select"
              />
            </Field>
            <Field label={t('personnel.person')} path="personId" errors={errorsOf('personId')} required>
              <select
                value={values.personId}
                aria-label={t('personnel.person')}
                aria-invalid={!!errorsOf('personId')}
                data-testid="holder-select"
                onChange={(e) => set({ personId: e.target.value })}
              >
                <option value="">{t('record.choose')}</option>
                {chosen?.holders.map((h) => (
                  <option key={h.personId} value={h.personId}>
                    {h.name}
                  </option>
                ))}
              </select>
            </Field>
            <Field label={t('personnel.reason')} path="reason" errors={errorsOf('reason')}>
              <input
                type="text"
                value={values.reason}
                aria-label={t('personnel.reason')}
                onChange={(e) => set({ reason: e.target.value })}
              />
            </Field>
          </>
        )}
        {op === 'transfer' && (
          <>
            <Field label={t('personnel.person')} path="personId" errors={errorsOf('personId')} required>
              <PersonInput
                value={values.personId}
                onChange={(personId) => set({ personId, fromPostId: '' })}
                on={on}
                label={t('personnel.person')}
                invalid={!!errorsOf('personId')}
              />
            </Field>
            <Field label={t('personnel.fromPost')} path="fromPostId" errors={errorsOf('fromPostId')} required>
              <PostSelect
                options={current}
                value={values.fromPostId}
                onChange={(fromPostId) => set({ fromPostId })}
                label={t('personnel.fromPost')}
                invalid={!!errorsOf('fromPostId')}
                testId="from-post-select"
              />
            </Field>
            <Field
              label={t('personnel.toPost')}
              path="toPostId"
              errors={errorsOf('toPostId')}
              required
              hint={t('personnel.postHint', { township: township?.name ?? '' })}
            >
              <PostSelect
                options={options}
                value={values.toPostId}
                onChange={(toPostId) => set({ toPostId })}
                label={t('personnel.toPost')}
                invalid={!!errorsOf('toPostId')}
                testId="to-post-select"
              />
            </Field>
          </>
        )}
      </div>
      <div className="row">
        <button type="submit" className="primary" disabled={pending} data-testid="personnel-submit">
          {pending ? t('common.loading') : t('personnel.submit')}
        </button>
      </div>
    </form>
  );
}

// ---------------------------------------------------------------------------------------------
// Statistics

function Statistics() {
  const trpc = useTRPC();
  const { t, num, share, date } = useI18n();
  const time = useTime();
  const rows = useQuery(trpc.personnel.statisticsByLevel.queryOptions({ ...time.at }));
  const villages = useQuery(trpc.personnel.statistics.queryOptions({ level: 'village-leaders', ...time.at }));
  const sources = useQuery(trpc.personnel.sources.queryOptions({ level: 'group-leaders', ...time.at }));
  return (
    <Section
      id="cadre-statistics"
      title={t('personnel.statistics')}
      actions={<ExportButtons procedure="personnel.statisticsByLevel" input={{}} withAsOf />}
    >
      {rows.isPending && <Loading inline />}
      {rows.error && <QueryError error={rows.error} />}
      {rows.data && (
        <table className="table" data-testid="cadre-statistics-table">
          <caption className="sr-only">{t('personnel.statisticsCaption', { date: date(time.date) })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('personnel.level')}</th>
              <th scope="col" className="num">
                {t('personnel.count')}
              </th>
              <th scope="col" className="num">
                {t('personnel.averageAge')}
              </th>
              <th scope="col" className="num">
                {t('personnel.bachelor')}
              </th>
              <th scope="col" className="num">
                {t('personnel.women')}
              </th>
              <th scope="col" className="num">
                {t('personnel.party')}
              </th>
              <th scope="col" className="num">
                {t('personnel.dualRole')}
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.data.map((r) => (
              <tr key={r.level} className={r.level === 'all' ? 'strong' : ''} data-level={r.level}>
                <th scope="row">{t(`personnel.level.${r.level}`)}</th>
                <td className="num">{num(r.count)}</td>
                <td className="num" data-testid={`average-age-${r.level}`}>
                  {r.averageAge === null ? '—' : num(r.averageAge)}
                </td>
                <td className="num">{share(r.bachelorOrHigherPercent)}</td>
                <td className="num">{share(r.womenPercent)}</td>
                <td className="num">{num(r.partyMembers)}</td>
                <td className="num">{share(r.dualRolePercent)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {rows.data && villages.data && sources.data && (
        <Suspense fallback={<Loading inline />}>
          <CadreCharts rows={rows.data} dualRole={villages.data.dualRole} sources={sources.data} />
        </Suspense>
      )}
    </Section>
  );
}

function Comparison() {
  const trpc = useTRPC();
  const { t, num, share, date, change } = useI18n();
  const time = useTime();
  const [level, setLevel] = useState<CadreLevel>('township-leaders');
  const [picked, setPicked] = useState<{ from?: string; to?: string }>({});
  // Presets: the day before and the day of each adjustment that re-drew divisions (merged, split,
  // abolished).
  const adjustments = useQuery({
    ...trpc.divisions.adjustments.queryOptions({ ...time.at }),
    select: (data) =>
      data
        .map((a) => ({
          id: a.id,
          on: a.effectiveAt.slice(0, 10),
          documentNo: a.documentNo,
          size: REDRAWN.reduce((n, type) => n + (a.changes[type] ?? 0), 0),
        }))
        .filter((a) => a.size > 0 && isDate(a.on)),
  });
  const presets = adjustments.data ?? [];
  // The first reform is the default (e.g. the townships'); the others are a choice away.
  const first = [...presets].sort((a, b) => a.on.localeCompare(b.on))[0];
  const from = picked.from ?? (first ? dayBefore(first.on) : '2019-01-01');
  const until = picked.to ?? first?.on ?? time.date;
  const preset = presets.find((a) => a.on === until && dayBefore(a.on) === from);
  const valid = isDate(from) && isDate(until);
  const q = useQuery({
    ...trpc.personnel.compareStatistics.queryOptions({
      level,
      from,
      to: until,
      ...(time.knownAt ? { knownAt: time.knownAt } : {}),
    }),
    enabled: valid,
  });
  const c = q.data;
  const diff = (a: number | null, b: number | null) =>
    a === null || b === null ? '—' : change(Math.round((b - a) * 10) / 10);
  const metrics = c
    ? [
        {
          key: 'count',
          label: t('personnel.count'),
          before: num(c.before.count),
          after: num(c.after.count),
          delta: diff(c.before.count, c.after.count),
        },
        {
          key: 'averageAge',
          label: t('personnel.averageAge'),
          before: c.before.averageAge === null ? '—' : num(c.before.averageAge),
          after: c.after.averageAge === null ? '—' : num(c.after.averageAge),
          delta: c.averageAgeChange === null ? '—' : change(c.averageAgeChange),
        },
        {
          key: 'bachelor',
          label: t('personnel.bachelor'),
          before: share(c.before.bachelorOrHigher.percent),
          after: share(c.after.bachelorOrHigher.percent),
          delta: c.bachelorOrHigherChange === null ? '—' : `${change(c.bachelorOrHigherChange)} pp`,
        },
        {
          key: 'women',
          label: t('personnel.women'),
          before: share(c.before.women.percent),
          after: share(c.after.women.percent),
          delta: diff(c.before.women.percent, c.after.women.percent),
        },
        {
          key: 'party',
          label: t('personnel.party'),
          before: num(c.before.partyMembers),
          after: num(c.after.partyMembers),
          delta: diff(c.before.partyMembers, c.after.partyMembers),
        },
        ...(VILLAGE_LEVELS.has(level)
          ? [
              {
                key: 'dualRole',
                label: t('personnel.dualRole'),
                before: share(c.before.dualRole.percentOfAll),
                after: share(c.after.dualRole.percentOfAll),
                delta: diff(c.before.dualRole.percentOfAll, c.after.dualRole.percentOfAll),
              },
            ]
          : []),
      ]
    : [];
  return (
    <Section id="cadre-compare" title={t('personnel.compare')}>
      <div className="row wrap">
        <label className="field inline">
          <span>{t('personnel.level')}</span>
          <select
            value={level}
            onChange={(e) => setLevel(e.target.value as CadreLevel)}
            data-testid="compare-level"
          >
            {LEVELS.map((l) => (
              <option key={l} value={l}>
                {t(`personnel.level.${l}`)}
              </option>
            ))}
          </select>
        </label>
        {presets.length > 0 && (
          <label className="field inline">
            <span>{t('personnel.preset')}</span>
            <select
              value={preset?.id ?? ''}
              data-testid="compare-preset"
              onChange={(e) => {
                const a = presets.find((x) => x.id === e.target.value);
                if (a) setPicked({ from: dayBefore(a.on), to: a.on });
              }}
            >
              <option value="">{t('personnel.presetCustom')}</option>
              {presets.map((a) => (
                <option key={a.id} value={a.id}>
                  {date(a.on)} {a.documentNo ?? ''}
                </option>
              ))}
            </select>
          </label>
        )}
        <label className="field inline">
          <span>{t('personnel.from')}</span>
          <input
            type="date"
            value={from}
            onChange={(e) => setPicked((p) => ({ ...p, from: e.target.value }))}
            data-testid="compare-from"
          />
        </label>
        <label className="field inline">
          <span>{t('personnel.to')}</span>
          <input
            type="date"
            value={until}
            onChange={(e) => setPicked((p) => ({ ...p, to: e.target.value }))}
            data-testid="compare-to"
          />
        </label>
      </div>
      {q.isPending && valid && <Loading inline />}
      {q.error && <QueryError error={q.error} />}
      {c && (
        <div className="split">
          <table className="table" data-testid="cadre-compare-table">
            <caption className="sr-only">
              {t('personnel.compareCaption', {
                level: t(`personnel.level.${level}`),
                from: date(from),
                to: date(until),
              })}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t('personnel.metric')}</th>
                <th scope="col" className="num">
                  {date(from)}
                </th>
                <th scope="col" className="num">
                  {date(until)}
                </th>
                <th scope="col" className="num">
                  {t('personnel.change')}
                </th>
              </tr>
            </thead>
            <tbody>
              {metrics.map((m) => (
                <tr key={m.key} data-metric={m.key}>
                  <th scope="row">{m.label}</th>
                  <td className="num">{m.before}</td>
                  <td className="num">{m.after}</td>
                  <td className="num">{m.delta}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="chart">
            <Suspense fallback={<Loading inline />}>
              <CompareChart comparison={c} from={from} to={until} />
            </Suspense>
          </div>
        </div>
      )}
    </Section>
  );
}

export default function Personnel() {
  const { t, date } = useI18n();
  const session = useSession();
  const time = useTime();
  const townships = useTownships(time.at);
  const [chosen, setChosen] = useState<string | undefined>(undefined);
  const list = townships.data ?? [];
  const township = list.find((d) => d.id === chosen) ?? list[0];
  return (
    <>
      <PageTitle title={t('personnel.title')} subtitle={t('personnel.subtitle', { date: date(time.date) })} />
      <Section
        id="roster-section"
        title={t('personnel.roster')}
        actions={
          list.length > 0 && (
            <TownshipSelect
              townships={list}
              value={township?.id}
              onChange={setChosen}
              label={t('personnel.township')}
              testId="roster-township-select"
            />
          )
        }
      >
        {townships.isPending && <Loading inline />}
        {townships.error && <QueryError error={townships.error} />}
        {townships.data?.length === 0 && <Empty>{t('divisions.empty')}</Empty>}
        {township && <Roster township={township} />}
      </Section>
      <Section id="appointments" title={t('personnel.changes')}>
        {session.can('personnel:write') ? (
          <AppointmentForm township={township} />
        ) : (
          <p className="muted">{t('personnel.needsWrite')}</p>
        )}
      </Section>
      <Statistics />
      <Comparison />
    </>
  );
}
