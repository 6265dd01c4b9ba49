/**
 * 村干部报酬与培训: village party secretaries' pay for a month against the 3,500 元 target, per
 * township; the payments made for months their payee no longer held the post (a dismissal recorded
 * later, effective earlier); the year's training coverage and courses; the pay and training records
 * — set a pay scale, record a payment, create a course, record its attendance. Amounts are typed in
 * 元 with at most two decimals and sent as whole fen (never a floating point number). Pay and
 * training are the county's (组织部): a token limited to a township reads its own only.
 */
import { useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import {
  AsOfSection,
  DataTable,
  Field,
  Figure,
  Figures,
  PageTitle,
  QueryView,
  Section,
  Tone,
  useCommandForm,
  useText,
} from '@xianzhi/admin-kit';
import { formatFen, parseYuan } from '@xianzhi/kernel';
import { useTRPC, useTRPCClient } from '../../api/client';
import type { RouterOutputs } from '../../api/types';
import { useSession } from '../../auth/session';
import { useTime } from '../../time/useTime';
import { flatten, useSubtree } from '../../components/Townships';
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

type PayRow = RouterOutputs['cadres']['secretaryPay'][number];
type CourseRow = RouterOutputs['cadres']['courses'][number];

/** The village posts with a pay scale, as `organisation.role`. */
const SCALES = [
  'village-party-organisation.party-secretary',
  'village-party-organisation.deputy',
  'village-party-organisation.member',
  'village-committee.committee-director',
  'village-committee.deputy',
  'village-committee.member',
  'group.group-leader',
] as const;
const CADRE_ORGANISATIONS = new Set(['village-party-organisation', 'village-committee']);

const TEXT = {
  zh: {
    title: '村干部报酬与培训',
    subtitle: '村党组织书记报酬对照每月 3,500 元目标，村“两委”干部年度培训覆盖率',
    month: '月份',
    pay: '{month} 村党组织书记报酬（目标 {target} 元）',
    secretaries: '在任书记',
    paid: '已发放',
    atTarget: '达到目标',
    below: '低于目标',
    unpaid: '未发放',
    township: '乡镇',
    village: '村',
    secretary: '书记',
    scale: '标准（元）',
    paidYuan: '实发（元）',
    detail: '{township} 各村书记报酬',
    without: '发放给当月已不在岗人员的报酬（待追回）',
    withoutNote: '补录的免职或调动早于已发放的月份时列在这里；更正为 0 元后不再列出。',
    post: '岗位',
    payee: '领取人',
    amount: '金额（元）',
    paidOn: '发放日期',
    leftOn: '离任日期',
    training: '{year} 年培训覆盖率',
    cadres: '村干部数',
    trained: '已参训',
    coverage: '覆盖率',
    courses: '{year} 年培训班',
    course: '培训班',
    organiser: '主办单位',
    startsOn: '开班日期',
    endsOn: '结业日期',
    hours: '学时',
    attendees: '参训人数',
    document: '文号',
    changes: '报酬与培训登记',
    setScale: '确定报酬标准',
    payroll: '登记报酬发放',
    holdCourse: '登记培训班',
    attendance: '登记参训人员',
    scalePost: '岗位',
    monthly: '月报酬（元）',
    payPost: '岗位（在任者）',
    paidAmount: '发放金额（元）',
    people: '参训的村干部（{township}）',
    noCadres: '该乡镇当日没有在任的村干部',
    yuanHint: '以元为单位，最多两位小数，例如 3500 或 3,500.50',
    badYuan: '请输入以元为单位的金额，最多两位小数（例如 3500.00）',
    countyOnly: '报酬和培训由县委组织部登记：限定乡镇的令牌只能查看本乡镇。',
    'scale.village-party-organisation.party-secretary': '村党组织书记',
    'scale.village-party-organisation.deputy': '村党组织副书记',
    'scale.village-party-organisation.member': '村党组织委员',
    'scale.village-committee.committee-director': '村委会主任',
    'scale.village-committee.deputy': '村委会副主任',
    'scale.village-committee.member': '村委会委员',
    'scale.group.group-leader': '村民小组组长',
  },
  en: {
    title: 'Village cadre pay and training',
    subtitle:
      'Village party secretaries’ pay against the 3,500 元 monthly target; yearly training coverage of village cadres',
    month: 'Month',
    pay: 'Village party secretaries’ pay for {month} (target {target} 元)',
    secretaries: 'Secretaries',
    paid: 'Paid',
    atTarget: 'At target',
    below: 'Below target',
    unpaid: 'Unpaid',
    township: 'Township',
    village: 'Village',
    secretary: 'Secretary',
    scale: 'Scale (元)',
    paidYuan: 'Paid (元)',
    detail: 'Secretaries’ pay in {township}',
    without: 'Paid to someone no longer holding the post (to recover)',
    withoutNote:
      'Listed when a dismissal or transfer recorded later takes effect before months already paid; a correction to 0 元 removes it.',
    post: 'Post',
    payee: 'Payee',
    amount: 'Amount (元)',
    paidOn: 'Paid on',
    leftOn: 'Left on',
    training: 'Training coverage {year}',
    cadres: 'Village cadres',
    trained: 'Trained',
    coverage: 'Coverage',
    courses: 'Courses {year}',
    course: 'Course',
    organiser: 'Organiser',
    startsOn: 'Starts',
    endsOn: 'Ends',
    hours: 'Hours',
    attendees: 'Attendees',
    document: 'Document',
    changes: 'Pay and training records',
    setScale: 'Set a pay scale',
    payroll: 'Record a payment',
    holdCourse: 'Create a course',
    attendance: 'Record attendance',
    scalePost: 'Post',
    monthly: 'Monthly pay (元)',
    payPost: 'Post (holder)',
    paidAmount: 'Amount paid (元)',
    people: 'Village cadres attending ({township})',
    noCadres: 'No village cadre holds a post in this township on that date',
    yuanHint: 'In 元, at most two decimals, e.g. 3500 or 3,500.50',
    badYuan: 'Give an amount in 元 with at most two decimals (e.g. 3500.00)',
    countyOnly:
      'Pay and training are recorded by the county’s organisation department: a token limited to a township sees its own only.',
    'scale.village-party-organisation.party-secretary': 'village party secretary',
    'scale.village-party-organisation.deputy': 'village party deputy secretary',
    'scale.village-party-organisation.member': 'village party committee member',
    'scale.village-committee.committee-director': 'village committee director',
    'scale.village-committee.deputy': 'village committee deputy director',
    'scale.village-committee.member': 'village committee member',
    'scale.group.group-leader': 'group leader',
  },
};

type Op = 'setScale' | 'payroll' | 'holdCourse' | 'attendance';
const OPS: Op[] = ['setScale', 'payroll', 'holdCourse', 'attendance'];

/** The month whose payroll the page shows by default: the last one ended by the date. */
function previousMonth(date: string): string {
  const [y, m] = date.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

const yuan = (fen: number | null | undefined) => (fen === null || fen === undefined ? '—' : formatFen(fen));

function CadreForms({
  pay,
  courses,
  township,
  townshipName,
  month,
}: {
  pay: PayRow[];
  courses: CourseRow[];
  township: string | undefined;
  townshipName: string;
  month: string;
}) {
  const { text, t } = useText(TEXT);
  const trpc = useTRPC();
  const client = useTRPCClient();
  const send = useSend('cadres');
  const time = useTime();
  const countyCode = useCountyCode();
  const [op, setOp] = useState<Op>('attendance');
  const [doc, setDoc] = useDocument(time.date);
  const empty = {
    scale: 'village-party-organisation.party-secretary',
    amount: '',
    month,
    post: '',
    title: '',
    organiser: '',
    endsOn: time.date,
    hours: '8',
    courseId: '',
    personIds: [] as string[],
  };
  const [v, setV] = useState(empty);
  const [localError, setLocalError] = useState<string | null>(null);
  const set = (patch: Partial<typeof v>) => setV((old) => ({ ...old, ...patch }));
  const form = useCommandForm<CommandResult>({
    prefix: 'cadres',
    fields: [
      ...DOCUMENT_FIELDS,
      'scales',
      'scales.0.monthlyFen',
      'month',
      'payments',
      'payments.0.amountFen',
      'payments.0.postId',
      'payments.0.personId',
      'title',
      'organiser',
      'endsOn',
      'hours',
      'courseId',
      'personIds',
    ],
  });
  const on = { asOf: doc.effectiveAt || time.date };
  const subtree = useSubtree(op === 'attendance' ? township : undefined, on);
  const divisions = useMemo(() => flatten(subtree.data), [subtree.data]);
  const roster = useQuery({
    ...trpc.personnel.roster.queryOptions({ divisionIds: divisions.map((d) => d.id), ...on }),
    enabled: op === 'attendance' && divisions.length > 0,
  });
  const cadres = useMemo(() => {
    const names = new Map(divisions.map((d) => [d.id, d.name]));
    const seen = new Map<string, string>();
    for (const r of roster.data ?? [])
      for (const p of r.posts)
        if (CADRE_ORGANISATIONS.has(p.organisation))
          for (const h of p.holders)
            if (!seen.has(h.personId))
              seen.set(h.personId, `${h.name}（${names.get(r.divisionId) ?? ''} ${p.label}）`);
    return [...seen].map(([value, label]) => ({ value, label }));
  }, [roster.data, divisions]);
  const amountFen = parseYuan(v.amount);
  const submit = () => {
    setLocalError(null);
    const base = decisionOf(countyCode, doc);
    if ((op === 'setScale' || op === 'payroll') && amountFen === undefined) {
      form.clear();
      setLocalError(text.badYuan);
      return;
    }
    switch (op) {
      case 'setScale': {
        const [organisation, role] = v.scale.split('.') as [string, string];
        void send(
          form,
          { ...base, scales: [{ organisation, role, monthlyFen: amountFen }] },
          client.cadres.setPayScales.mutate,
        );
        return;
      }
      case 'payroll': {
        const row = pay.find((r) => r.postId === v.post);
        void send(
          form,
          {
            ...base,
            month: v.month,
            payments: [{ postId: row?.postId ?? '', personId: row?.personId ?? '', amountFen }],
          },
          client.cadres.recordPayroll.mutate,
        );
        return;
      }
      case 'holdCourse':
        void send(
          form,
          {
            ...base,
            title: v.title.trim(),
            organiser: v.organiser.trim(),
            endsOn: v.endsOn,
            hours: Number(v.hours),
          },
          client.cadres.holdCourse.mutate,
        );
        return;
      case 'attendance':
        void send(
          form,
          { ...base, courseId: v.courseId, personIds: v.personIds },
          client.cadres.recordAttendance.mutate,
        );
        return;
    }
  };
  const amountField = (label: string, path: string) => (
    <Field
      label={label}
      path={path}
      hint={text.yuanHint}
      errors={localError ? [localError] : errorsAt(form, path, path.replace(/\.\d+\.\w+$/, ''))}
      required
    >
      <input
        type="text"
        inputMode="decimal"
        value={v.amount}
        aria-label={label}
        data-testid="cadres-amount"
        onChange={(e) => set({ amount: e.target.value })}
      />
    </Field>
  );
  return (
    <>
      <nav className="tabs" aria-label={text.changes}>
        {OPS.map((o) => (
          <button
            key={o}
            type="button"
            className={o === op ? 'link active' : 'link'}
            aria-pressed={o === op}
            data-testid={`cadres-op-${o}`}
            onClick={() => {
              setOp(o);
              setLocalError(null);
              form.reset();
            }}
          >
            {text[o]}
          </button>
        ))}
      </nav>
      <CommandFrame
        form={form}
        testId="cadres-form"
        onSubmit={submit}
        onAgain={() => set({ amount: '', post: '', title: '', organiser: '', personIds: [] })}
      >
        <DocumentFields form={form} values={doc} onChange={setDoc} />
        <div className="grid-3">
          {op === 'setScale' && (
            <>
              <Field label={text.scalePost} path="scales" errors={form.errorsOf('scales')} required>
                <Choice
                  value={v.scale}
                  onChange={(scale) => set({ scale })}
                  label={text.scalePost}
                  options={SCALES.map((k) => ({ value: k, label: text[`scale.${k}`] }))}
                />
              </Field>
              {amountField(text.monthly, 'scales.0.monthlyFen')}
            </>
          )}
          {op === 'payroll' && (
            <>
              <Field label={text.month} path="month" errors={form.errorsOf('month')} required>
                <input
                  type="month"
                  value={v.month}
                  aria-label={text.month}
                  onChange={(e) => set({ month: e.target.value })}
                />
              </Field>
              <Field
                label={text.payPost}
                path="payments.0.postId"
                errors={errorsAt(form, 'payments.0.postId', 'payments.0.personId')}
                required
              >
                <Choice
                  value={v.post}
                  onChange={(post) => set({ post })}
                  label={text.payPost}
                  testId="cadres-post"
                  options={pay
                    .filter((r) => r.personId !== null)
                    .map((r) => ({ value: r.postId, label: `${r.division} ${r.name}` }))}
                />
              </Field>
              {amountField(text.paidAmount, 'payments.0.amountFen')}
            </>
          )}
          {op === 'holdCourse' && (
            <>
              <Field label={text.course} path="title" errors={form.errorsOf('title')} required>
                <input
                  type="text"
                  value={v.title}
                  aria-label={text.course}
                  data-testid="cadres-title"
                  onChange={(e) => set({ title: e.target.value })}
                />
              </Field>
              <Field label={text.organiser} path="organiser" errors={form.errorsOf('organiser')} required>
                <input
                  type="text"
                  value={v.organiser}
                  aria-label={text.organiser}
                  onChange={(e) => set({ organiser: e.target.value })}
                />
              </Field>
              <Field label={text.endsOn} path="endsOn" errors={form.errorsOf('endsOn')} required>
                <input
                  type="date"
                  value={v.endsOn}
                  aria-label={text.endsOn}
                  onChange={(e) => set({ endsOn: e.target.value })}
                />
              </Field>
              <Field label={text.hours} path="hours" errors={form.errorsOf('hours')} required>
                <input
                  type="number"
                  min={1}
                  step={1}
                  value={v.hours}
                  aria-label={text.hours}
                  onChange={(e) => set({ hours: e.target.value })}
                />
              </Field>
            </>
          )}
          {op === 'attendance' && (
            <>
              <Field label={text.course} path="courseId" errors={form.errorsOf('courseId')} required>
                <Choice
                  value={v.courseId}
                  onChange={(courseId) => set({ courseId })}
                  label={text.course}
                  testId="cadres-course"
                  options={courses.map((c) => ({ value: c.courseId, label: `${c.title}（${c.startsOn}）` }))}
                />
              </Field>
              <Field
                label={t('people', { township: townshipName })}
                path="personIds"
                errors={form.errorsOf('personIds')}
                required
              >
                {cadres.length === 0 ? (
                  <span className="muted">{text.noCadres}</span>
                ) : (
                  <select
                    multiple
                    size={8}
                    value={v.personIds}
                    aria-label={t('people', { township: townshipName })}
                    data-testid="cadres-people"
                    onChange={(e) => set({ personIds: [...e.target.selectedOptions].map((o) => o.value) })}
                  >
                    {cadres.map((c) => (
                      <option key={c.value} value={c.value}>
                        {c.label}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            </>
          )}
        </div>
      </CommandFrame>
    </>
  );
}

export default function CadresPage() {
  const { text, t, date, num, share } = useText(TEXT);
  const trpc = useTRPC();
  const time = useTime();
  const session = useSession();
  const [month, setMonth] = useState<string | undefined>(undefined);
  const shown = month ?? previousMonth(time.date);
  const year = Number(time.date.slice(0, 4));
  const summary = useQuery(trpc.cadres.payAgainstTarget.queryOptions({ month: shown, ...time.at }));
  const pay = useQuery(trpc.cadres.secretaryPay.queryOptions({ month: shown, ...time.at }));
  const without = useQuery(trpc.cadres.paidWithoutPost.queryOptions({ ...time.at }));
  const training = useQuery(trpc.cadres.training.queryOptions({ year, ...time.at }));
  const courses = useQuery(trpc.cadres.courses.queryOptions({ year, ...time.at }));
  const byTownship = useMemo(() => {
    const out = new Map<
      string,
      { townshipId: string; township: string; secretaries: number; paid: number; atTarget: number }
    >();
    for (const r of pay.data ?? []) {
      if (r.townshipId === null || r.personId === null) continue;
      const row = out.get(r.townshipId) ?? {
        townshipId: r.townshipId,
        township: r.township,
        secretaries: 0,
        paid: 0,
        atTarget: 0,
      };
      row.secretaries += 1;
      if (r.paidFen !== null) row.paid += 1;
      if (r.atTarget) row.atTarget += 1;
      out.set(r.townshipId, row);
    }
    return [...out.values()];
  }, [pay.data]);
  const [chosen, setChosen] = useState('');
  const township = byTownship.find((r) => r.townshipId === chosen) ?? byTownship[0];
  const detail = (pay.data ?? []).filter((r) => r.townshipId === township?.townshipId);
  return (
    <>
      <BackLink />
      <PageTitle title={text.title} subtitle={text.subtitle} />
      <AsOfSection
        title={t('pay', {
          month: shown,
          target: summary.data ? formatFen(summary.data.targetFen) : '3,500.00',
        })}
        at={time.at}
      >
        <p>
          <label>
            {text.month}{' '}
            <input
              type="month"
              value={shown}
              aria-label={text.month}
              data-testid="cadres-month"
              onChange={(e) => e.target.value && setMonth(e.target.value)}
            />
          </label>
        </p>
        <QueryView query={summary}>
          {(s) => (
            <Figures>
              <Figure label={text.secretaries} value={num(s.secretaries)} />
              <Figure label={text.paid} value={num(s.paid)} />
              <Figure
                label={text.atTarget}
                value={num(s.atTarget)}
                tone={s.secretaries > 0 && s.atTarget === s.secretaries ? 'good' : undefined}
              />
              <Figure
                label={text.below}
                value={num(s.belowTarget)}
                tone={s.belowTarget > 0 ? 'bad' : undefined}
              />
              <Figure label={text.unpaid} value={num(s.unpaid)} tone={s.unpaid > 0 ? 'bad' : undefined} />
            </Figures>
          )}
        </QueryView>
        <QueryView query={pay}>
          {() => (
            <DataTable
              testId="cadres-pay"
              rows={byTownship}
              rowKey={(r) => r.townshipId}
              onSelect={(r) => setChosen(r.townshipId)}
              selected={(r) => r.townshipId === township?.townshipId}
              columns={[
                { key: 'township', header: text.township, cell: (r) => r.township },
                { key: 'secretaries', header: text.secretaries, cell: (r) => r.secretaries, numeric: true },
                { key: 'paid', header: text.paid, cell: (r) => r.paid, numeric: true },
                {
                  key: 'atTarget',
                  header: text.atTarget,
                  cell: (r) => <Tone tone={r.atTarget === r.secretaries ? 'good' : 'bad'}>{r.atTarget}</Tone>,
                  numeric: true,
                },
              ]}
            />
          )}
        </QueryView>
      </AsOfSection>
      {township && (
        <Section id="cadres-detail" title={t('detail', { township: township.township })}>
          <DataTable
            compact
            testId="cadres-pay-detail"
            rows={detail}
            rowKey={(r) => r.postId}
            columns={[
              { key: 'village', header: text.village, cell: (r) => r.division },
              { key: 'secretary', header: text.secretary, cell: (r) => r.name },
              { key: 'scale', header: text.scale, cell: (r) => yuan(r.scaleFen), numeric: true },
              {
                key: 'paid',
                header: text.paidYuan,
                cell: (r) => (
                  <Tone tone={r.paidFen === null ? undefined : r.atTarget ? 'good' : 'bad'}>
                    {yuan(r.paidFen)}
                  </Tone>
                ),
                numeric: true,
              },
            ]}
          />
        </Section>
      )}
      <Section id="cadres-without" title={text.without}>
        <p className="muted">{text.withoutNote}</p>
        <QueryView query={without}>
          {(rows) => (
            <DataTable
              compact
              testId="cadres-without"
              rows={rows}
              rowKey={(r) => `${r.month}|${r.postId}|${r.personId}`}
              rowClass={() => 'warn'}
              columns={[
                { key: 'month', header: text.month, cell: (r) => r.month },
                { key: 'township', header: text.township, cell: (r) => r.township },
                { key: 'village', header: text.village, cell: (r) => r.division },
                { key: 'post', header: text.post, cell: (r) => r.post },
                { key: 'payee', header: text.payee, cell: (r) => r.name },
                { key: 'amount', header: text.amount, cell: (r) => formatFen(r.amountFen), numeric: true },
                {
                  key: 'paidOn',
                  header: text.paidOn,
                  cell: (r) => `${date(r.paidOn)}${r.paidDocumentNo ? ` ${r.paidDocumentNo}` : ''}`,
                },
                {
                  key: 'leftOn',
                  header: text.leftOn,
                  cell: (r) => `${date(r.leftOn)}${r.leftDocumentNo ? ` ${r.leftDocumentNo}` : ''}`,
                },
              ]}
            />
          )}
        </QueryView>
      </Section>
      <Section id="cadres-training" title={t('training', { year })}>
        <QueryView query={training}>
          {(rows) => (
            <DataTable
              testId="cadres-training"
              rows={rows}
              rowKey={(r) => r.townshipId}
              columns={[
                { key: 'township', header: text.township, cell: (r) => r.township },
                { key: 'cadres', header: text.cadres, cell: (r) => r.cadres, numeric: true },
                { key: 'trained', header: text.trained, cell: (r) => r.trained, numeric: true },
                { key: 'coverage', header: text.coverage, cell: (r) => share(r.coverage), numeric: true },
              ]}
            />
          )}
        </QueryView>
      </Section>
      <Section id="cadres-courses" title={t('courses', { year })}>
        <QueryView query={courses}>
          {(rows) => (
            <DataTable
              compact
              testId="cadres-courses"
              rows={rows}
              rowKey={(r) => r.courseId}
              columns={[
                { key: 'course', header: text.course, cell: (r) => r.title },
                { key: 'organiser', header: text.organiser, cell: (r) => r.organiser },
                { key: 'startsOn', header: text.startsOn, cell: (r) => date(r.startsOn) },
                { key: 'endsOn', header: text.endsOn, cell: (r) => date(r.endsOn) },
                { key: 'hours', header: text.hours, cell: (r) => r.hours, numeric: true },
                { key: 'attendees', header: text.attendees, cell: (r) => r.attendees, numeric: true },
                { key: 'document', header: text.document, cell: (r) => r.documentNo ?? '—' },
              ]}
            />
          )}
        </QueryView>
      </Section>
      <Section id="cadres-changes" title={text.changes}>
        {session.can('cadres:write') && session.who?.subtree == null ? (
          <CadreForms
            pay={pay.data ?? []}
            courses={courses.data ?? []}
            township={township?.townshipId}
            townshipName={township?.township ?? ''}
            month={shown}
          />
        ) : (
          <p className="muted">{text.countyOnly}</p>
        )}
      </Section>
    </>
  );
}
