/**
 * One division: what it is as of the date, its history (names, codes, parents, kinds and classes
 * over time, each with its document) and its lineage graph.
 */
import { Suspense, lazy, type ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'wouter';
import { useTRPC } from '../api/client';
import { type DivisionDetail, type DivisionHistory, type HistoryAttr } from '../api/types';
import { useI18n, type I18n } from '../i18n';
import { useTime, useTimeHref } from '../time/useTime';
import { DivisionName, Empty, Loading, PageError, PageTitle, QueryError, Section } from '../components/ui';

const LineageGraph = lazy(() => import('../components/LineageGraph'));

const ATTRS: HistoryAttr[] = ['name', 'fullName', 'code', 'parentId', 'kind', 'classification', 'seat'];

function AttrValue({
  attr,
  value,
  i18n,
}: {
  attr: HistoryAttr | 'status';
  value: string | null;
  i18n: I18n;
}): ReactNode {
  if (value === null) return <span className="muted">—</span>;
  switch (attr) {
    case 'parentId':
      return <DivisionName id={value} />;
    case 'kind':
      return i18n.label(`kind.${value}`, value);
    case 'classification':
      return i18n.label(`class.${value}`, value);
    case 'status':
      return i18n.label(`status.${value}`, value);
    case 'name':
    case 'fullName':
    case 'code':
    case 'seat':
      return value;
  }
}

function Header({ d }: { d: DivisionDetail }) {
  const i18n = useI18n();
  const { t, date, label } = i18n;
  const href = useTimeHref();
  return (
    <div className="card division-head" data-testid="division-head">
      <div className="crumbs">
        {d.path.map((p) => (
          <span key={p.id}>
            <Link href={href(`/divisions/${encodeURIComponent(p.id)}`)}>{p.name}</Link> ›{' '}
          </span>
        ))}
      </div>
      <dl className="facts">
        <dt>{t('attr.fullName')}</dt>
        <dd data-testid="division-full-name">{d.fullName}</dd>
        <dt>{t('attr.code')}</dt>
        <dd className="code">{d.code ?? '—'}</dd>
        <dt>{t('attr.kind')}</dt>
        <dd>{t(`kind.${d.kind}`)}</dd>
        {d.classification && (
          <>
            <dt>{t('attr.classification')}</dt>
            <dd>{label(`class.${d.classification}`, d.classification)}</dd>
          </>
        )}
        {d.seat && (
          <>
            <dt>{t('attr.seat')}</dt>
            <dd>{d.seat}</dd>
          </>
        )}
        <dt>{t('division.established')}</dt>
        <dd>{date(d.establishedAt)}</dd>
        <dt>{t('division.status')}</dt>
        <dd data-testid="division-status">
          {d.ended ? (
            <span className="ended">
              {t(`division.ended.${d.ended.how}`, { date: date(d.ended.effectiveAt) })}
              {d.ended.successorIds.map((s) => (
                <span key={s}>
                  {' '}
                  <DivisionName id={s} />
                </span>
              ))}
              {d.ended.documentNo && <span className="doc"> （{d.ended.documentNo}）</span>}
            </span>
          ) : (
            <span className="active">{t('division.active')}</span>
          )}
        </dd>
      </dl>
      {d.children.length > 0 && (
        <div className="children">
          <h3>{t('division.children', { n: d.children.length })}</h3>
          <ul className="inline-list">
            {d.children.map((c) => (
              <li key={c.id}>
                <Link href={href(`/divisions/${encodeURIComponent(c.id)}`)}>{c.name}</Link>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

function History({ h }: { h: DivisionHistory }) {
  const i18n = useI18n();
  const { t, label, when } = i18n;
  return (
    <>
      <Section id="history" title={t('division.history')}>
        {h.changes.length === 0 ? (
          <Empty>{t('division.noHistory')}</Empty>
        ) : (
          <table className="table" data-testid="history-table">
            <thead>
              <tr>
                <th scope="col">{t('history.effective')}</th>
                <th scope="col">{t('history.change')}</th>
                <th scope="col">{t('history.fields')}</th>
                <th scope="col">{t('history.document')}</th>
              </tr>
            </thead>
            <tbody>
              {h.changes.map((c) => (
                <tr key={`${c.eventId}`}>
                  <td className="nowrap">{when(c.effectiveAt)}</td>
                  <td>
                    {label(`event.${c.type}`, c.type)}
                    {c.inferred && (
                      <span className="tag" title={t('history.inferredHint')}>
                        {t('history.inferred')}
                      </span>
                    )}
                  </td>
                  <td>
                    <ul className="diff">
                      {Object.entries(c.fields).map(([attr, pair]) => (
                        <li key={attr}>
                          <span className="muted">{label(`attr.${attr}`, attr)}：</span>
                          <AttrValue attr={attr as HistoryAttr} value={pair[0]} i18n={i18n} /> →{' '}
                          <AttrValue attr={attr as HistoryAttr} value={pair[1]} i18n={i18n} />
                        </li>
                      ))}
                    </ul>
                  </td>
                  <td>
                    <span className="doc">{c.documentNo ?? '—'}</span>
                    {c.issuedBy && <div className="muted small">{c.issuedBy}</div>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
      <Section id="periods" title={t('division.periods')}>
        <div className="periods">
          {ATTRS.filter((a) => h.periods[a].length > 0).map((attr) => (
            <div key={attr} className="period-block">
              <h3>{t(`attr.${attr}`)}</h3>
              <table className="table compact">
                <tbody>
                  {h.periods[attr].map((p, i) => (
                    <tr key={i}>
                      <td>
                        <AttrValue attr={attr} value={p.value} i18n={i18n} />
                      </td>
                      <td className="nowrap muted">
                        {when(p.from)} – {p.to ? when(p.to) : t('period.now')}
                      </td>
                      <td className="doc small">{p.documentNo ?? ''}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ))}
        </div>
      </Section>
    </>
  );
}

export default function DivisionPage({ id }: { id: string }) {
  const trpc = useTRPC();
  const { t, date } = useI18n();
  const time = useTime();
  const detail = useQuery({
    ...trpc.divisions.get.queryOptions({ id, ...time.at }),
  });
  const history = useQuery({
    ...trpc.divisions.history.queryOptions({ id, ...time.at }),
  });
  const lineage = useQuery({
    ...trpc.divisions.lineage.queryOptions({ id, ...time.at }),
  });

  if (detail.isPending) return <Loading />;
  if (detail.error) return <QueryError error={detail.error} />;
  const d = detail.data;
  if (!d) return <PageError message={t('division.notFound', { id, date: date(time.date) })} />;
  return (
    <>
      <PageTitle title={d.name} subtitle={t('divisions.asOf', { date: date(time.date) })} />
      <Header d={d} />
      {history.data && <History h={history.data} />}
      <Section id="lineage" title={t('division.lineage')}>
        {lineage.isPending && <Loading inline />}
        {lineage.error && <QueryError error={lineage.error} />}
        {lineage.data && lineage.data.edges.length === 0 && <Empty>{t('lineage.none')}</Empty>}
        {lineage.data && lineage.data.edges.length > 0 && (
          <Suspense fallback={<Loading inline />}>
            <LineageGraph lineage={lineage.data} />
          </Suspense>
        )}
      </Section>
    </>
  );
}
