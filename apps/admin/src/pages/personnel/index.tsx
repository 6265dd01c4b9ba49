/**
 * Cadres (干部队伍): the leadership teams of a township, its villages and groups as of the date
 * (posts, holders since when under which document, vacancies); appoint, dismiss and transfer with
 * the server's errors next to the fields; cadre statistics by group with charts, and a before/after
 * comparison between two dates.
 */
import { useState } from 'react';
import { useSession } from '../../auth/session';
import { useI18n } from '../../i18n';
import { useTime } from '../../time/useTime';
import { TownshipSelect, useTownships } from '../../components/Townships';
import { Empty, Loading, PageTitle, QueryError, Section } from '../../components/ui';
import { Roster } from './roster/Roster';
import { AppointmentForm } from './appointments/AppointmentForm';
import { Statistics } from './statistics/Statistics';
import { Comparison } from './statistics/Comparison';

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
