/**
 * Plugins: the modules the server reports as plugins (`system.modules`), each with its pages, loaded
 * lazily from the plugin's `./admin` entry (compiled in when the plugin is in the workspace).
 */
import { Suspense, createElement, use, useCallback, useMemo } from 'react';
import { Link } from 'wouter';
import type { PluginPageProps } from '@xianzhi/kernel';
import { authHeaders } from '../api/client';
import type { ModuleSummary } from '../api/types';
import { hasAdminEntry, loadEntry, loadPage } from '../plugins/load';
import { useI18n } from '../i18n';
import { useTime, useTimeHref, type TimeParams } from '../time/useTime';
import { usePluginModules } from '../components/Nav';
import { Empty, Loading, PageError, PageTitle, Section } from '../components/ui';

interface TrpcBody<R> {
  result?: { data: R };
  error?: { message: string };
}

async function call<R>(path: string, init: RequestInit & { query?: string }): Promise<R> {
  const res = await fetch(`/trpc/${path}${init.query ?? ''}`, {
    ...init,
    headers: { ...authHeaders(), ...(init.body ? { 'content-type': 'application/json' } : {}) },
  });
  const body = (await res.json().catch(() => ({}))) as TrpcBody<R>;
  if (!res.ok || !body.result) throw new Error(body.error?.message ?? res.statusText);
  return body.result.data;
}

/** `query` and `mutate` for plugin pages: by path, with the UI's time added to every query. */
function usePluginApi(at: TimeParams): Pick<PluginPageProps, 'query' | 'mutate'> {
  const { asOf, knownAt } = at;
  const query = useCallback(
    <R,>(path: string, input: Record<string, unknown> = {}) =>
      call<R>(path, {
        query: `?input=${encodeURIComponent(JSON.stringify({ ...input, ...(asOf ? { asOf } : {}), ...(knownAt ? { knownAt } : {}) }))}`,
      }),
    [asOf, knownAt],
  );
  const mutate = useCallback(
    <R,>(path: string, input: Record<string, unknown>) =>
      call<R>(path, { method: 'POST', body: JSON.stringify(input) }),
    [],
  );
  return useMemo(() => ({ query, mutate }), [query, mutate]);
}

function PageTabs({
  module,
  specifier,
  current,
}: {
  module: ModuleSummary;
  specifier: string;
  current: string | undefined;
}) {
  const { lang } = useI18n();
  const href = useTimeHref();
  const entry = use(loadEntry(specifier));
  const active = current ?? entry.pages[0]?.path;
  return (
    <nav className="tabs" aria-label={lang === 'zh' ? module.title.zh : module.title.en}>
      {entry.pages.map((p) => (
        <Link
          key={p.path}
          href={href(`/plugins/${module.name}/${p.path}`)}
          className={p.path === active ? 'active' : ''}
        >
          {lang === 'zh' ? p.title.zh : p.title.en}
        </Link>
      ))}
    </nav>
  );
}

/** The plugin's page `path` (its first page when none is named). Suspends while it loads. */
function PluginPageBody({
  specifier,
  path,
  ...props
}: { specifier: string; path: string | undefined } & PluginPageProps) {
  const { t } = useI18n();
  const Component = use(loadPage(specifier, path));
  if (!Component) return <Empty>{t('plugins.noPages')}</Empty>;
  // The component comes from a cached promise (one per page), so its identity is stable.
  return createElement(Component, props);
}

function PluginPage({ module, page }: { module: ModuleSummary; page?: string }) {
  const { t, lang } = useI18n();
  const time = useTime();
  const href = useTimeHref();
  const api = usePluginApi(time.at);
  const specifier = module.admin;
  const built = specifier !== null && hasAdminEntry(specifier);
  return (
    <>
      <PageTitle title={lang === 'zh' ? module.title.zh : module.title.en} />
      {!specifier && <Empty>{t('plugins.noAdmin')}</Empty>}
      {specifier && !built && <PageError message={t('plugins.notBuilt', { specifier })} />}
      {built && (
        <Suspense fallback={<Loading />}>
          <PageTabs module={module} specifier={specifier} current={page} />
          <div className="card section plugin-page" data-testid="plugin-page">
            <PluginPageBody specifier={specifier} path={page} {...time.at} lang={lang} {...api} />
          </div>
        </Suspense>
      )}
      <p>
        <Link href={href('/plugins')}>{t('plugins.all')}</Link>
      </p>
    </>
  );
}

export default function Plugins({ name, page }: { name?: string; page?: string }) {
  const { t, lang } = useI18n();
  const href = useTimeHref();
  const plugins = usePluginModules();
  if (plugins.isPending) return <Loading />;
  const list = plugins.data ?? [];
  if (name !== undefined) {
    const m = list.find((p) => p.name === name);
    if (!m) return <PageError message={t('plugins.unknown', { name })} />;
    return <PluginPage module={m} {...(page ? { page } : {})} />;
  }
  return (
    <>
      <PageTitle title={t('plugins.title')} subtitle={t('plugins.subtitle')} />
      <Section id="plugin-list" title={t('plugins.registered')}>
        {list.length === 0 ? (
          <Empty>
            <span data-testid="plugins-empty">{t('plugins.noneLong')}</span>
          </Empty>
        ) : (
          <ul className="plugin-list">
            {list.map((p) => (
              <li key={p.name}>
                <Link href={href(`/plugins/${p.name}`)}>{lang === 'zh' ? p.title.zh : p.title.en}</Link>{' '}
                <span className="muted">
                  {p.name} · {p.scopes.join(', ')}
                  {p.admin && !hasAdminEntry(p.admin) ? ` · ${t('plugins.notBuiltShort')}` : ''}
                </span>
              </li>
            ))}
          </ul>
        )}
      </Section>
    </>
  );
}
