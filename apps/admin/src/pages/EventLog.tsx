/**
 * The event log: filter by type, stream, actor, effective and recorded time; an event's full
 * envelope; retraction with a reason and the approving document; "as known when it was recorded".
 */
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '../api/client';
import { Refusal, assignProblems, errorInfo, useCommandForm } from '@xianzhi/admin-kit';
import type { EventRow } from '../api/types';
import { useI18n } from '../i18n';
import { countyToday } from '@xianzhi/admin-kit';
import { useTime } from '../time/useTime';
import { Empty, Loading, PageTitle, QueryError, Section } from '../components/ui';
import { Field } from './record/fields';

const KNOWN_TYPES = [
  'divisions.established',
  'divisions.merged',
  'divisions.split',
  'divisions.abolished',
  'divisions.renamed',
  'divisions.kind-changed',
  'divisions.reclassified',
  'divisions.transferred',
  'divisions.seat-moved',
  'divisions.boundary-adjusted',
  'kernel.event-retracted',
  'access.token-issued',
  'access.token-revoked',
];

interface Filter {
  type: string;
  stream: string;
  actor: string;
  effectiveFrom: string;
  effectiveTo: string;
  recordedFrom: string;
  recordedTo: string;
}

const emptyFilter: Filter = {
  type: '',
  stream: '',
  actor: '',
  effectiveFrom: '',
  effectiveTo: '',
  recordedFrom: '',
  recordedTo: '',
};

function toInput(f: Filter, beforePosition?: number) {
  return {
    ...(f.type ? { types: [f.type] } : {}),
    ...(f.stream ? { stream: f.stream } : {}),
    ...(f.actor ? { actor: f.actor } : {}),
    ...(f.effectiveFrom ? { effectiveFrom: f.effectiveFrom } : {}),
    ...(f.effectiveTo ? { effectiveTo: f.effectiveTo } : {}),
    ...(f.recordedFrom ? { recordedFrom: f.recordedFrom } : {}),
    ...(f.recordedTo ? { recordedTo: f.recordedTo } : {}),
    ...(beforePosition ? { beforePosition } : {}),
    limit: 25,
  };
}

function Retract({ row, onDone }: { row: EventRow; onDone: () => void }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const [documentNo, setDocumentNo] = useState('');
  const [issuedBy, setIssuedBy] = useState('');
  const [approvedOn, setApprovedOn] = useState(countyToday());
  const form = useCommandForm({
    prefix: 'retract',
    fields: ['eventId', 'reason', 'authority.documentNo', 'authority.issuedBy', 'authority.approvedOn'],
  });
  const { key, placed } = form;
  const input = {
    eventId: row.id,
    reason,
    authority: { documentNo, issuedBy, approvedOn },
    idempotencyKey: key,
  };
  const retract = useMutation(
    trpc.events.retract.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries();
        onDone();
      },
      onError: (e) => form.fail(e, input),
    }),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    form.clear();
    retract.mutate(input);
  };
  return (
    <form className="retract" onSubmit={submit} data-testid="retract-form" noValidate>
      <h3>{t('events.retractTitle')}</h3>
      <p className="muted">{t('events.retractHint')}</p>
      <Refusal error={form.error} general={placed.general} compact />
      <Field label={t('events.reason')} path="reason" errors={placed.byField.get('reason')} required>
        <textarea
          value={reason}
          rows={2}
          aria-label={t('events.reason')}
          onChange={(e) => setReason(e.target.value)}
        />
      </Field>
      <div className="grid-3">
        <Field
          label={t('doc.documentNo')}
          path="authority.documentNo"
          errors={placed.byField.get('authority.documentNo')}
          required
        >
          <input
            type="text"
            value={documentNo}
            aria-label={t('doc.documentNo')}
            onChange={(e) => setDocumentNo(e.target.value)}
          />
        </Field>
        <Field
          label={t('doc.issuedBy')}
          path="authority.issuedBy"
          errors={placed.byField.get('authority.issuedBy')}
          required
        >
          <input
            type="text"
            value={issuedBy}
            aria-label={t('doc.issuedBy')}
            onChange={(e) => setIssuedBy(e.target.value)}
          />
        </Field>
        <Field
          label={t('doc.approvedOn')}
          path="authority.approvedOn"
          errors={placed.byField.get('authority.approvedOn')}
        >
          <input
            type="date"
            value={approvedOn}
            aria-label={t('doc.approvedOn')}
            onChange={(e) => setApprovedOn(e.target.value)}
          />
        </Field>
      </div>
      <button type="submit" className="danger" disabled={retract.isPending} data-testid="retract-submit">
        {t('events.retract')}
      </button>
    </form>
  );
}

function Detail({ id, onClose }: { id: string; onClose: () => void }) {
  const { t, instant, when } = useI18n();
  const trpc = useTRPC();
  const time = useTime();
  const q = useQuery(trpc.events.get.queryOptions({ id }));
  const [retracting, setRetracting] = useState(false);
  if (q.isPending) return <Loading inline />;
  if (q.error) return <QueryError error={q.error} />;
  if (!q.data) return <Empty>{t('events.notFound')}</Empty>;
  const e = q.data.event;
  const row: EventRow = {
    id: e.id,
    position: e.position,
    stream: e.stream,
    revision: e.revision,
    type: e.type,
    effectiveAt: e.metadata.effectiveAt,
    recordedAt: e.metadata.recordedAt,
    actor: e.metadata.actor ?? null,
    documentNo: e.metadata.authority?.documentNo ?? null,
    retractedBy: q.data.retractedBy?.id ?? null,
  };
  const before = new Date(Date.parse(e.metadata.recordedAt) - 1).toISOString();
  return (
    <div className="detail" data-testid="event-detail">
      <div className="section-head">
        <h3>
          #{e.position} · {e.type}
        </h3>
        <button type="button" className="link" onClick={onClose}>
          {t('common.close')}
        </button>
      </div>
      <dl className="facts">
        <dt>{t('events.effective')}</dt>
        <dd>{when(e.metadata.effectiveAt)}</dd>
        <dt>{t('events.recorded')}</dt>
        <dd>{instant(e.metadata.recordedAt)}</dd>
        <dt>{t('events.status')}</dt>
        <dd data-testid="event-status">
          {q.data.retractedBy
            ? t('events.retractedBy', {
                id: q.data.retractedBy.id,
                at: instant(q.data.retractedBy.metadata.recordedAt),
              })
            : t('events.inForce')}
        </dd>
      </dl>
      <div className="row wrap">
        <button
          type="button"
          className="small"
          data-testid="known-at-recording"
          onClick={() => time.set({ knownAt: e.metadata.recordedAt })}
        >
          {t('events.knownAtRecording')}
        </button>
        <button type="button" className="small" onClick={() => time.set({ knownAt: before })}>
          {t('events.knownBefore')}
        </button>
        {!q.data.retractedBy && e.type !== 'kernel.event-retracted' && !retracting && (
          <button
            type="button"
            className="small danger"
            data-testid="retract-open"
            onClick={() => setRetracting(true)}
          >
            {t('events.retract')}
          </button>
        )}
      </div>
      {retracting && <Retract row={row} onDone={() => setRetracting(false)} />}
      <h4>{t('events.envelope')}</h4>
      <pre className="json" data-testid="event-envelope">
        {JSON.stringify(q.data, null, 2)}
      </pre>
    </div>
  );
}

export default function EventLog() {
  const { t, label, when, instant } = useI18n();
  const trpc = useTRPC();
  const [draft, setDraft] = useState<Filter>(emptyFilter);
  const [filter, setFilter] = useState<Filter>(emptyFilter);
  const [pages, setPages] = useState<number[]>([]);
  const [selected, setSelected] = useState<string | null>(null);
  const before = pages[pages.length - 1];
  const q = useQuery(trpc.events.list.queryOptions(toInput(filter, before)));
  const set = (k: keyof Filter, v: string) => setDraft({ ...draft, [k]: v });
  const apply = (e: FormEvent) => {
    e.preventDefault();
    setPages([]);
    setFilter(draft);
  };
  const problems = q.error
    ? assignProblems(errorInfo(q.error).problems, Object.keys(emptyFilter).concat('types'))
    : null;
  const err = (k: string) => problems?.byField.get(k);

  return (
    <>
      <PageTitle title={t('events.title')} subtitle={t('events.subtitle')} />
      <Section id="event-filter" title={t('events.filter')}>
        <form className="filters" onSubmit={apply} data-testid="event-filter-form">
          <Field label={t('events.type')} path="types" errors={err('types')}>
            <input
              type="text"
              list="event-types"
              value={draft.type}
              aria-label={t('events.type')}
              data-testid="filter-type"
              onChange={(e) => set('type', e.target.value)}
            />
            <datalist id="event-types">
              {KNOWN_TYPES.map((ty) => (
                <option key={ty} value={ty}>
                  {label(`event.${ty}`, ty)}
                </option>
              ))}
            </datalist>
          </Field>
          <Field label={t('events.stream')} path="stream" errors={err('stream')}>
            <input type="text" value={draft.stream} onChange={(e) => set('stream', e.target.value)} />
          </Field>
          <Field label={t('events.actor')} path="actor" errors={err('actor')}>
            <input
              type="text"
              value={draft.actor}
              placeholder="token:admin"
              onChange={(e) => set('actor', e.target.value)}
            />
          </Field>
          <Field label={t('events.effectiveFrom')} path="effectiveFrom" errors={err('effectiveFrom')}>
            <input
              type="date"
              value={draft.effectiveFrom}
              onChange={(e) => set('effectiveFrom', e.target.value)}
            />
          </Field>
          <Field label={t('events.effectiveTo')} path="effectiveTo" errors={err('effectiveTo')}>
            <input
              type="date"
              value={draft.effectiveTo}
              onChange={(e) => set('effectiveTo', e.target.value)}
            />
          </Field>
          <Field label={t('events.recordedFrom')} path="recordedFrom" errors={err('recordedFrom')}>
            <input
              type="date"
              value={draft.recordedFrom}
              onChange={(e) => set('recordedFrom', e.target.value)}
            />
          </Field>
          <Field label={t('events.recordedTo')} path="recordedTo" errors={err('recordedTo')}>
            <input type="date" value={draft.recordedTo} onChange={(e) => set('recordedTo', e.target.value)} />
          </Field>
          <div className="row">
            <button type="submit" className="primary" data-testid="filter-apply">
              {t('events.apply')}
            </button>
            <button
              type="button"
              onClick={() => {
                setDraft(emptyFilter);
                setFilter(emptyFilter);
                setPages([]);
              }}
            >
              {t('events.clear')}
            </button>
          </div>
        </form>
      </Section>
      <div className={selected ? 'master-detail open' : 'master-detail'}>
        <Section id="event-list" title={t('events.list')}>
          {q.isPending && <Loading inline />}
          {q.error && !problems?.byField.size && <QueryError error={q.error} />}
          {q.data && q.data.rows.length === 0 && <Empty>{t('events.none')}</Empty>}
          {q.data && q.data.rows.length > 0 && (
            <table className="table events" data-testid="event-table">
              <thead>
                <tr>
                  <th scope="col">#</th>
                  <th scope="col">{t('events.type')}</th>
                  <th scope="col">{t('events.effective')}</th>
                  <th scope="col">{t('events.recorded')}</th>
                  <th scope="col">{t('events.actor')}</th>
                  <th scope="col">{t('doc.documentNo')}</th>
                </tr>
              </thead>
              <tbody>
                {q.data.rows.map((r) => (
                  <tr
                    key={r.id}
                    className={`${r.retractedBy ? 'retracted' : ''}${selected === r.id ? ' selected' : ''}`}
                    data-event-id={r.id}
                    data-type={r.type}
                    tabIndex={0}
                    onClick={() => setSelected(r.id)}
                    onKeyDown={(e) => e.key === 'Enter' && setSelected(r.id)}
                  >
                    <td className="num">{r.position}</td>
                    <td>
                      {label(`event.${r.type}`, r.type)}
                      <div className="muted small">{r.stream}</div>
                      {r.retractedBy && <span className="tag tag-ended">{t('events.retracted')}</span>}
                    </td>
                    <td className="nowrap">{when(r.effectiveAt)}</td>
                    <td className="nowrap">{instant(r.recordedAt)}</td>
                    <td>{r.actor ?? '—'}</td>
                    <td className="doc">{r.documentNo ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <div className="row">
            {pages.length > 0 && (
              <button type="button" onClick={() => setPages(pages.slice(0, -1))}>
                {t('events.newer')}
              </button>
            )}
            {q.data?.more && (
              <button
                type="button"
                onClick={() => setPages([...pages, q.data.rows[q.data.rows.length - 1]!.position])}
              >
                {t('events.older')}
              </button>
            )}
          </div>
        </Section>
        {selected && (
          <Section id="event-detail-section" title={t('events.detail')}>
            <Detail id={selected} onClose={() => setSelected(null)} />
          </Section>
        )}
      </div>
    </>
  );
}
