/**
 * Institutions (机构编制): the stations of county departments devolved to townships with their
 * staffing quotas and staff, and the township offices — county totals, per township (with one
 * township's stations and offices), per department — as of the date.
 */
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../api/client';
import { type OfficeKind, type Staffing, type TownshipInstitutionsRow } from '../api/types';
import { useI18n } from '../i18n';
import { useTime } from '../time/useTime';
import { ExportButtons } from '../components/ExportButtons';
import { Empty, Loading, PageTitle, QueryError, Section } from '../components/ui';

const OFFICE_KINDS: OfficeKind[] = [
  'party-government-office',
  'public-institution',
  'approval-office',
  'enforcement-team',
];

function Totals() {
  const trpc = useTRPC();
  const { t, num } = useI18n();
  const time = useTime();
  const q = useQuery({
    ...trpc.institutions.totals.queryOptions({ ...time.at }),
  });
  const cards: [string, string, number][] = q.data
    ? [
        ['townships', t('institutions.townships'), q.data.townships],
        ['stations', t('institutions.stations'), q.data.stations],
        ['quotas', t('institutions.quotas'), q.data.quotas],
        ['staff', t('institutions.staff'), q.data.staff],
        ['vacancies', t('institutions.vacancies'), q.data.vacancies],
      ]
    : [];
  return (
    <Section id="institutions-totals" title={t('institutions.totals')}>
      {q.isPending && <Loading inline />}
      {q.error && <QueryError error={q.error} />}
      {q.data && (
        <div className="cards" data-testid="institutions-totals">
          {cards.map(([key, label, value]) => (
            <div key={key} className="stat" data-testid={`total-${key}`}>
              <div className="stat-label">{label}</div>
              <div className="stat-value" data-testid={`total-${key}-value`}>
                {num(value)}
              </div>
            </div>
          ))}
          <div className="stat">
            <div className="stat-label">{t('institutions.offices')}</div>
            <ul className="stat-kinds">
              {OFFICE_KINDS.map((k) => (
                <li key={k}>
                  {t(`institutions.office.${k}`)} <strong>{num(q.data.offices[k])}</strong>
                </li>
              ))}
            </ul>
          </div>
        </div>
      )}
    </Section>
  );
}

function StaffingCells({ s }: { s: Staffing }) {
  const { num } = useI18n();
  return (
    <>
      <td className="num">{num(s.stations)}</td>
      <td className="num">{num(s.quotas)}</td>
      <td className="num">{num(s.staff)}</td>
      <td className="num">{num(s.vacancies)}</td>
    </>
  );
}

function StaffingHead({ first, extra = [] }: { first: string; extra?: string[] }) {
  const { t } = useI18n();
  return (
    <thead>
      <tr>
        <th scope="col">{first}</th>
        {(
          [
            'institutions.stations',
            'institutions.quotas',
            'institutions.staff',
            'institutions.vacancies',
          ] as const
        ).map((k) => (
          <th key={k} scope="col" className="num">
            {t(k)}
          </th>
        ))}
        {extra.map((e) => (
          <th key={e} scope="col">
            {e}
          </th>
        ))}
      </tr>
    </thead>
  );
}

function TownshipDetail({ row }: { row: TownshipInstitutionsRow }) {
  const trpc = useTRPC();
  const { t, num, date } = useI18n();
  const time = useTime();
  const q = useQuery({
    ...trpc.institutions.township.queryOptions({ townshipId: row.townshipId, ...time.at }),
  });
  return (
    <section className="detail" data-testid="institutions-detail">
      <h3>{t('institutions.detail', { name: row.name })}</h3>
      {q.isPending && <Loading inline />}
      {q.error && <QueryError error={q.error} />}
      {q.data && (
        <>
          <table className="table compact">
            <thead>
              <tr>
                <th scope="col">{t('institutions.stationName')}</th>
                <th scope="col">{t('institutions.department')}</th>
                <th scope="col" className="num">
                  {t('institutions.quotas')}
                </th>
                <th scope="col" className="num">
                  {t('institutions.staff')}
                </th>
                <th scope="col">{t('institutions.devolvedAt')}</th>
                <th scope="col">{t('institutions.document')}</th>
              </tr>
            </thead>
            <tbody>
              {q.data.stations.map((s) => (
                <tr key={s.id}>
                  <th scope="row">{s.name}</th>
                  <td>{s.department}</td>
                  <td className="num">{num(s.quotas)}</td>
                  <td className="num">{num(s.staff)}</td>
                  <td className="nowrap">{date(s.devolvedAt)}</td>
                  <td className="doc">{s.documentNo ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h4>{t('institutions.offices')}</h4>
          <ul className="inline-list">
            {q.data.offices.map((o) => (
              <li key={o.id}>
                {o.name} <span className="tag">{t(`institutions.office.${o.kind}`)}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function ByTownship() {
  const trpc = useTRPC();
  const { t } = useI18n();
  const time = useTime();
  const [selected, setSelected] = useState<string | null>(null);
  const q = useQuery(trpc.institutions.townships.queryOptions({ ...time.at }));
  const row = q.data?.find((r) => r.townshipId === selected);
  const yesNo = (b: boolean) => (b ? t('institutions.yes') : t('institutions.no'));
  return (
    <Section
      id="institutions-townships"
      title={t('institutions.byTownship')}
      actions={<ExportButtons procedure="institutions.townships" input={{}} withAsOf />}
    >
      {q.isPending && <Loading inline />}
      {q.error && <QueryError error={q.error} />}
      {q.data?.length === 0 && <Empty>{t('institutions.empty')}</Empty>}
      {q.data && q.data.length > 0 && (
        <div className={row ? 'master-detail open' : 'master-detail'}>
          <section>
            <table className="table compact" data-testid="institutions-table">
              <StaffingHead
                first={t('institutions.townships')}
                extra={[t('institutions.approvalOffice'), t('institutions.enforcementTeam')]}
              />
              <tbody>
                {q.data.map((r) => (
                  <tr
                    key={r.townshipId}
                    className={r.townshipId === selected ? 'selected' : ''}
                    onClick={() => setSelected(r.townshipId)}
                  >
                    <th scope="row">
                      <button type="button" className="link" onClick={() => setSelected(r.townshipId)}>
                        {r.name}
                      </button>
                    </th>
                    <StaffingCells s={r} />
                    <td>{yesNo(r.approvalOffice)}</td>
                    <td>{yesNo(r.enforcementTeam)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {!row && <p className="muted small">{t('institutions.choose')}</p>}
          </section>
          {row && <TownshipDetail row={row} />}
        </div>
      )}
    </Section>
  );
}

function ByDepartment() {
  const trpc = useTRPC();
  const { t } = useI18n();
  const time = useTime();
  const q = useQuery({
    ...trpc.institutions.byDepartment.queryOptions({ ...time.at }),
  });
  return (
    <Section
      id="institutions-departments"
      title={t('institutions.byDepartment')}
      actions={<ExportButtons procedure="institutions.byDepartment" input={{}} withAsOf />}
    >
      {q.isPending && <Loading inline />}
      {q.error && <QueryError error={q.error} />}
      {q.data?.length === 0 && <Empty>{t('institutions.empty')}</Empty>}
      {q.data && q.data.length > 0 && (
        <table className="table compact" data-testid="departments-table">
          <StaffingHead first={t('institutions.department')} />
          <tbody>
            {q.data.map((r) => (
              <tr key={r.department}>
                <th scope="row">{r.department}</th>
                <StaffingCells s={r} />
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Section>
  );
}

export default function Institutions() {
  const { t, date } = useI18n();
  const time = useTime();
  return (
    <>
      <PageTitle
        title={t('institutions.title')}
        subtitle={t('institutions.subtitle', { date: date(time.date) })}
      />
      <Totals />
      <ByTownship />
      <ByDepartment />
    </>
  );
}
