/**
 * Reform plans (改革方案): every plan started as of the date, through its five steps (research,
 * plan, consultation with the opinions received, assessment, decision), and the adjustments that
 * enact it — each a link to the county on that day.
 */
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../api/client';
import { type PlanView, type ReformStep } from '../api/types';
import { useI18n } from '../i18n';
import { useTime } from '../time/useTime';
import { Empty, Loading, PageTitle, QueryError, Section } from '../components/ui';

const STEPS: ReformStep[] = ['research', 'plan', 'consultation', 'assessment', 'decision'];

function Plan({ plan }: { plan: PlanView }) {
  const { t, date, num } = useI18n();
  const time = useTime();
  const done = new Map(plan.steps.map((s) => [s.step, s]));
  return (
    <Section
      id={`plan-${plan.planId}`}
      title={
        <>
          {plan.title} <span className="tag">{t(`reform.scope.${plan.scope}`)}</span>
        </>
      }
    >
      <div data-testid="reform-plan" data-plan={plan.planId}>
        <p className="muted">
          {t('reform.startedOn', { date: date(plan.startedOn) })} ·{' '}
          <strong data-testid="reform-status">
            {plan.decided
              ? t('reform.decided')
              : t('reform.next', { step: t(`reform.step.${plan.next ?? 'research'}`) })}
          </strong>
        </p>
        {plan.description && <p>{plan.description}</p>}
        <h3>{t('reform.steps')}</h3>
        <ol className="reform-steps" data-testid="reform-steps">
          {STEPS.map((step) => {
            const s = done.get(step);
            return (
              <li key={step} className={s ? 'done' : 'pending'} data-step={step}>
                <strong>{t(`reform.step.${step}`)}</strong>{' '}
                <span className="muted">
                  {s ? t('reform.stepDone', { date: date(s.completedOn) }) : t('reform.stepPending')}
                </span>
                {s?.documentNo && <span className="doc"> · {s.documentNo}</span>}
                {s && <p>{s.summary}</p>}
                {s?.opinions && (
                  <p className="muted small">
                    {t('reform.opinions', {
                      count: num(s.opinions.count),
                      adopted: num(s.opinions.adopted ?? 0),
                      summary: s.opinions.summary,
                    })}
                  </p>
                )}
              </li>
            );
          })}
        </ol>
        <h3>{t('reform.links')}</h3>
        {plan.links.length === 0 ? (
          <Empty>{t('reform.noLinks')}</Empty>
        ) : (
          <ul className="timeline" data-testid="reform-links">
            {plan.links.map((l, i) => (
              <li key={i}>
                <div className="when">
                  <button
                    type="button"
                    title={t('reform.viewDate')}
                    onClick={() => time.set({ asOf: l.effectiveAt.slice(0, 10) })}
                  >
                    {date(l.effectiveAt)}
                  </button>
                </div>
                <div className="what">
                  <strong className="doc">{l.documentNo ?? t('common.noDocument')}</strong>
                </div>
              </li>
            ))}
          </ul>
        )}
      </div>
    </Section>
  );
}

export default function Reform() {
  const trpc = useTRPC();
  const { t, date } = useI18n();
  const time = useTime();
  const q = useQuery({ ...trpc.reform.plans.queryOptions({ ...time.at }) });
  return (
    <>
      <PageTitle title={t('reform.title')} subtitle={t('reform.subtitle', { date: date(time.date) })} />
      {q.isPending && <Loading />}
      {q.error && <QueryError error={q.error} />}
      {q.data?.length === 0 && <Empty>{t('reform.none')}</Empty>}
      {q.data?.map((p) => (
        <Plan key={p.planId} plan={p} />
      ))}
    </>
  );
}
