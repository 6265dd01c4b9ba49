/** Small shared pieces: loading and error states, sections, a division's name by id. */
import type { ReactNode } from 'react';
import { Link } from 'wouter';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../api/client';
import { errorInfo } from '../api/errors';
import { as, type DivisionDetail } from '../api/types';
import { useI18n } from '../i18n';
import { useTime, useTimeHref } from '../time/useTime';

export function Loading({ inline = false }: { inline?: boolean }) {
  const { t } = useI18n();
  return (
    <div className={inline ? 'loading inline' : 'loading'} role="status" aria-live="polite">
      {t('common.loading')}
    </div>
  );
}

export function PageError({ message, onRetry }: { message: string; onRetry?: () => void }) {
  const { t } = useI18n();
  return (
    <div className="card page-error" role="alert">
      <h2>{t('error.title')}</h2>
      <p>{message}</p>
      {onRetry && (
        <button type="button" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}

/** A failed query, with the server's message. */
export function QueryError({ error }: { error: unknown }) {
  const { t } = useI18n();
  const info = errorInfo(error);
  return (
    <p className="error" role="alert">
      {t('error.server')} {info.message}
      {info.errorId ? ` (${info.errorId})` : ''}
    </p>
  );
}

export function Section({
  title,
  actions,
  children,
  id,
}: {
  title: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  id?: string;
}) {
  return (
    <section className="card section" aria-labelledby={id}>
      <header className="section-head">
        <h2 id={id}>{title}</h2>
        {actions && <div className="actions">{actions}</div>}
      </header>
      {children}
    </section>
  );
}

export function PageTitle({ title, subtitle }: { title: string; subtitle?: ReactNode }) {
  return (
    <div className="page-title">
      <h1>{title}</h1>
      {subtitle && <p className="muted">{subtitle}</p>}
    </div>
  );
}

/** A division named by id, resolved as of the UI's date, linking to its page. */
export function DivisionName({ id }: { id: string | null | undefined }) {
  const trpc = useTRPC();
  const time = useTime();
  const href = useTimeHref();
  const q = useQuery({
    ...trpc.divisions.get.queryOptions({ id: id ?? '', ...time.at }),
    enabled: !!id,
    select: as<DivisionDetail | null>(),
  });
  if (!id) return <span className="muted">—</span>;
  const name = q.data?.name ?? id;
  return <Link href={href(`/divisions/${encodeURIComponent(id)}`)}>{name}</Link>;
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="empty muted">{children}</p>;
}
