/**
 * The rest of the reform, as of the page's date (基层治理): the five development zones and their
 * townships, party organisations by kind per township (with the villages without a committee), the
 * township power lists per township, and village cadre pay (village party secretaries against the
 * 3,500 元 target) and training coverage. Each section reads its module's procedures; a token
 * limited to a township sees its own rows.
 */
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link } from 'wouter';
import { useTRPC } from '../api/client';
import { useSession } from '../auth/session';
import { useI18n, type MessageKey } from '../i18n';
import { useTime, useTimeHref } from '../time/useTime';
import { Empty, Loading, PageTitle, QueryError, Section } from '../components/ui';

interface Column<Row> {
  title: MessageKey;
  value: (row: Row) => ReactNode;
  numeric?: boolean;
}

function Rows<Row>({
  rows,
  columns,
  rowKey,
  testId,
}: {
  rows: Row[];
  columns: Column<Row>[];
  rowKey: (r: Row) => string;
  testId: string;
}) {
  const { t } = useI18n();
  if (rows.length === 0) return <Empty>{t('grassroots.empty')}</Empty>;
  return (
    <table className="table" data-testid={testId}>
      <thead>
        <tr>
          {columns.map((c) => (
            <th key={c.title} className={c.numeric ? 'num' : undefined}>
              {t(c.title)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={rowKey(r)}>
            {columns.map((c) => (
              <td key={c.title} className={c.numeric ? 'num' : undefined}>
                {c.value(r)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The link to a module's own page (its tables and command forms), keeping the date. */
function Open({ path, page }: { path: string; page: MessageKey }) {
  const { t } = useI18n();
  const href = useTimeHref();
  return (
    <Link href={href(path)} data-testid={`grassroots-open-${path.split('/').pop()}`}>
      {t('grassroots.open', { page: t(page) })}
    </Link>
  );
}

function State({ q }: { q: { isPending: boolean; error: unknown } }) {
  if (q.error) return <QueryError error={q.error} />;
  return q.isPending ? <Loading /> : null;
}

const yuan = (fen: number | null) =>
  fen === null
    ? '—'
    : (fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

function Zones() {
  const trpc = useTRPC();
  const time = useTime();
  const q = useQuery({ ...trpc.zones.zones.queryOptions({ ...time.at }) });
  return (
    <Section
      id="grassroots-zones"
      title={useI18n().t('grassroots.zones')}
      actions={<Open path="/grassroots/zones" page="nav.zones" />}
    >
      <State q={q} />
      {q.data && (
        <Rows
          testId="grassroots-zones"
          rows={q.data}
          rowKey={(r) => r.zoneId}
          columns={[
            { title: 'grassroots.zone', value: (r) => r.name },
            { title: 'grassroots.townships', value: (r) => r.townshipNames },
            { title: 'grassroots.villages', value: (r) => r.villages + r.communities, numeric: true },
            { title: 'grassroots.document', value: (r) => r.documentNo ?? '—' },
          ]}
        />
      )}
    </Section>
  );
}

function Party() {
  const trpc = useTRPC();
  const time = useTime();
  const { t } = useI18n();
  const q = useQuery({
    ...trpc.party.counts.queryOptions({ ...time.at }),
  });
  return (
    <Section
      id="grassroots-party"
      title={t('grassroots.party')}
      actions={<Open path="/grassroots/party" page="nav.party" />}
    >
      <State q={q} />
      {q.data && (
        <Rows
          testId="grassroots-party"
          rows={q.data.rows}
          rowKey={(r) => r.townshipId}
          columns={[
            { title: 'grassroots.township', value: (r) => r.name },
            { title: 'grassroots.townshipCommittees', value: (r) => r['township-committee'], numeric: true },
            { title: 'grassroots.villageCommittees', value: (r) => r['village-committee'], numeric: true },
            { title: 'grassroots.generalBranches', value: (r) => r['general-branch'], numeric: true },
            { title: 'grassroots.branches', value: (r) => r.branch, numeric: true },
            { title: 'grassroots.total', value: (r) => r.total, numeric: true },
          ]}
        />
      )}
    </Section>
  );
}

function Powers() {
  const trpc = useTRPC();
  const time = useTime();
  const { t } = useI18n();
  const q = useQuery({
    ...trpc.powers.byTownship.queryOptions({ ...time.at }),
  });
  return (
    <Section
      id="grassroots-powers"
      title={t('grassroots.powers')}
      actions={<Open path="/grassroots/powers" page="nav.powers" />}
    >
      <State q={q} />
      {q.data && (
        <Rows
          testId="grassroots-powers"
          rows={q.data}
          rowKey={(r) => r.townshipId}
          columns={[
            { title: 'grassroots.township', value: (r) => r.name },
            { title: 'grassroots.powerList', value: (r) => r.power, numeric: true },
            { title: 'grassroots.responsibilityList', value: (r) => r.responsibility, numeric: true },
            { title: 'grassroots.accessList', value: (r) => r.access, numeric: true },
            { title: 'grassroots.approvals', value: (r) => r.approvals, numeric: true },
            { title: 'grassroots.enforcement', value: (r) => r.enforcement, numeric: true },
          ]}
        />
      )}
    </Section>
  );
}

function Cadres() {
  const trpc = useTRPC();
  const time = useTime();
  const { t, num } = useI18n();
  // the payroll of a month is recorded after it: the page shows the last month ended by the date
  const [y, m] = time.date.split('-').map(Number) as [number, number];
  const month = m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
  const year = Number(time.date.slice(0, 4));
  const pay = useQuery({
    ...trpc.cadres.payAgainstTarget.queryOptions({ month, ...time.at }),
  });
  const training = useQuery({
    ...trpc.cadres.training.queryOptions({ year, ...time.at }),
  });
  return (
    <Section
      id="grassroots-cadres"
      title={t('grassroots.cadres')}
      actions={<Open path="/grassroots/cadres" page="nav.cadres" />}
    >
      <State q={pay} />
      {pay.data && (
        <p data-testid="grassroots-pay">
          {t('grassroots.pay', {
            month,
            secretaries: num(pay.data.secretaries),
            paid: num(pay.data.paid),
            atTarget: num(pay.data.atTarget),
            target: yuan(pay.data.targetFen),
            scale: yuan(pay.data.scaleFen),
          })}
        </p>
      )}
      <State q={training} />
      {training.data && (
        <Rows
          testId="grassroots-training"
          rows={training.data}
          rowKey={(r) => r.townshipId}
          columns={[
            { title: 'grassroots.township', value: (r) => r.township },
            { title: 'grassroots.cadreCount', value: (r) => r.cadres, numeric: true },
            { title: 'grassroots.trained', value: (r) => r.trained, numeric: true },
            { title: 'grassroots.coverage', value: (r) => `${r.coverage}%`, numeric: true },
          ]}
        />
      )}
    </Section>
  );
}

export default function Grassroots() {
  const { t, date } = useI18n();
  const time = useTime();
  const session = useSession();
  return (
    <>
      <PageTitle
        title={t('grassroots.title')}
        subtitle={t('grassroots.subtitle', { date: date(time.date) })}
      />
      {session.can('zones:read') && <Zones />}
      {session.can('party:read') && <Party />}
      {session.can('powers:read') && <Powers />}
      {session.can('cadres:read') && <Cadres />}
    </>
  );
}
