/**
 * The UI components every page is built with, core or plugin: states (loading, error, empty),
 * page and section frames, figures and a data table. The kit owns them so the look changes in one
 * place (the shell's stylesheet gives the class names their style).
 */
import type { ReactNode } from 'react';
import { errorInfo } from './errors';
import { useText } from './i18n';
import { KIT_TEXT } from './text';
import type { TimeAt } from './pages';

export function Loading({ inline = false }: { inline?: boolean }) {
  const { text } = useText(KIT_TEXT);
  return (
    <div className={inline ? 'loading inline' : 'loading'} role="status" aria-live="polite">
      {text.loading}
    </div>
  );
}

export function PageError({ message, onRetry }: { message: string; onRetry?: () => void }) {
  const { text } = useText(KIT_TEXT);
  return (
    <div className="card page-error" role="alert">
      <h2>{text.errorTitle}</h2>
      <p>{message}</p>
      {onRetry && (
        <button type="button" onClick={onRetry}>
          {text.retry}
        </button>
      )}
    </div>
  );
}

/**
 * A failed query, in the UI's language (the error id to quote is part of an internal error's
 * message), with a retry when `onRetry` is given.
 */
export function QueryError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { text, lang } = useText(KIT_TEXT);
  const info = errorInfo(error, undefined, { lang });
  return (
    <p className="error" role="alert" data-code={info.code}>
      {info.message}
      {onRetry && (
        <>
          {' '}
          <button type="button" className="small" onClick={onRetry}>
            {text.retry}
          </button>
        </>
      )}
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

export function Empty({ children }: { children: ReactNode }) {
  return <p className="empty muted">{children}</p>;
}

/** A key figure: a label over a value, good or bad news in colour. */
export function Figure({
  label,
  value,
  tone,
}: {
  label: ReactNode;
  value: ReactNode;
  tone?: 'good' | 'bad' | undefined;
}) {
  return (
    <div className={tone ? `stat ${tone}` : 'stat'}>
      <div className="stat-label">{label}</div>
      <div className="stat-value">{value}</div>
    </div>
  );
}

/** A row of figures. */
export function Figures({ children }: { children: ReactNode }) {
  return <div className="cards">{children}</div>;
}

export interface Column<Row> {
  key: string;
  header: ReactNode;
  cell: (row: Row) => ReactNode;
  numeric?: boolean;
}

/** Rows as a table, or `empty` when there are none; with `onSelect`, a click on a row selects it. */
export function DataTable<Row>({
  rows,
  columns,
  rowKey,
  empty,
  compact = false,
  testId,
  onSelect,
  selected,
  rowClass,
}: {
  rows: readonly Row[];
  columns: readonly Column<Row>[];
  rowKey: (row: Row) => string;
  empty?: ReactNode;
  compact?: boolean;
  testId?: string;
  onSelect?: (row: Row) => void;
  selected?: (row: Row) => boolean;
  /** Extra class names of a row (`warn`, `strong`…). */
  rowClass?: (row: Row) => string | undefined;
}) {
  const { text } = useText(KIT_TEXT);
  if (rows.length === 0) return <Empty>{empty ?? text.empty}</Empty>;
  return (
    <table className={compact ? 'table compact' : 'table'} data-testid={testId}>
      <thead>
        <tr>
          {columns.map((c) => (
            <th key={c.key} className={c.numeric ? 'num' : undefined}>
              {c.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr
            key={rowKey(r)}
            className={
              [selected?.(r) ? 'selected' : '', onSelect ? 'selectable' : '', rowClass?.(r) ?? '']
                .join(' ')
                .trim() || undefined
            }
            onClick={onSelect ? () => onSelect(r) : undefined}
          >
            {columns.map((c) => (
              <td key={c.key} className={c.numeric ? 'num' : undefined}>
                {c.cell(r)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * A query's state where its data would be: loading, or the error with a retry. Renders `children(data)`
 * once the data is there.
 *
 * @example
 * <QueryView query={layout}>{(rows) => <DataTable rows={rows} … />}</QueryView>
 */
export function QueryView<Data>({
  query,
  children,
}: {
  query: { data: Data | undefined; error: unknown; isPending: boolean; refetch?: () => unknown };
  children: (data: Data) => ReactNode;
}) {
  const refetch = query.refetch;
  if (query.error)
    return <QueryError error={query.error} {...(refetch ? { onRetry: () => void refetch() } : {})} />;
  if (query.isPending || query.data === undefined) return <Loading inline />;
  return <>{children(query.data)}</>;
}

/** Text in the colour of good or bad news. */
export function Tone({
  tone,
  strong = false,
  children,
}: {
  tone: 'good' | 'bad' | undefined;
  strong?: boolean;
  children: ReactNode;
}) {
  return (
    <span className={[tone ? `tone-${tone}` : '', strong ? 'strong' : ''].join(' ').trim() || undefined}>
      {children}
    </span>
  );
}

/** A signed gap (+3, −2, 0), good when it is zero. */
export function Gap({ value }: { value: number | null }) {
  if (value === null) return <>—</>;
  return (
    <Tone tone={value === 0 ? 'good' : 'bad'}>
      {value > 0 ? `+${value}` : value < 0 ? `−${-value}` : '0'}
    </Tone>
  );
}

/**
 * A module page's frame: its title, then "as of <date>" (today when no date is chosen) and a note.
 *
 * @example
 * <AsOfSection title={t.layoutTitle} at={at} note={t.layoutNote}>…</AsOfSection>
 */
export function AsOfSection({
  title,
  at,
  note,
  children,
}: {
  title: ReactNode;
  at: TimeAt;
  note?: ReactNode;
  children: ReactNode;
}) {
  const { text, date } = useText(KIT_TEXT);
  return (
    <section>
      <h2>{title}</h2>
      <p className="muted">
        {text.asOf} {at.asOf ? date(at.asOf) : text.today}
        {note ? ' · ' : ''}
        {note}
      </p>
      {children}
    </section>
  );
}

/** A share of a target as a bar (full, and green, at 100 %). */
export function ShareBar({ share }: { share: number | null }) {
  const width = Math.max(0, Math.min(100, share ?? 0));
  return (
    <div className="share-bar" role="meter" aria-valuenow={share ?? 0} aria-valuemin={0} aria-valuemax={100}>
      <div
        className={(share ?? 0) >= 100 ? 'share-bar-fill done' : 'share-bar-fill'}
        style={{ width: `${width}%` }}
      />
    </div>
  );
}
