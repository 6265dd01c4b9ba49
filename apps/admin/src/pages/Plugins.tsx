/**
 * Plugins: the modules the server reports as plugins (`system.modules`), each with its pages, loaded
 * lazily from the plugin's `./admin` entry (listed in the admin's registry, ../modules). A page
 * calls its procedures through the admin kit's typed hooks: cached, batched, refreshed live.
 */
import { Suspense, createElement, use } from 'react';
import { Link } from 'wouter';
import type { PluginPageProps } from '@xianzhi/admin-kit';
import type { ModuleSummary } from '../api/types';
import { adminEntryOf, loadEntry, loadPage } from '../plugins/load';
import { useI18n } from '../i18n';
import { useTime, useTimeHref } from '../time/useTime';
import { usePluginModules } from '../components/Nav';
import { Empty, Loading, PageError, PageTitle, Section } from '../components/ui';

function PageTabs({ module, current }: { module: ModuleSummary; current: string | undefined }) {
  const { lang } = useI18n();
  const href = useTimeHref();
  const entry = use(loadEntry(module.name));
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
  name,
  path,
  ...props
}: { name: string; path: string | undefined } & PluginPageProps) {
  const { t } = useI18n();
  const Component = use(loadPage(name, path));
  if (!Component) return <Empty>{t('plugins.noPages')}</Empty>;
  // The component comes from a cached promise (one per page), so its identity is stable.
  return createElement(Component, props);
}

function PluginPage({ module, page }: { module: ModuleSummary; page?: string }) {
  const { t, lang } = useI18n();
  const time = useTime();
  const href = useTimeHref();
  const entry = adminEntryOf(module.name);
  return (
    <>
      <PageTitle title={lang === 'zh' ? module.title.zh : module.title.en} />
      {entry === 'none' && <Empty>{t('plugins.noAdmin')}</Empty>}
      {entry === 'not-built' && <PageError message={t('plugins.notBuilt', { name: module.name })} />}
      {entry === 'pages' && (
        <Suspense fallback={<Loading />}>
          <PageTabs module={module} current={page} />
          <div className="card section plugin-page" data-testid="plugin-page">
            <PluginPageBody name={module.name} path={page} at={time.at} lang={lang} />
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
                  {adminEntryOf(p.name) === 'not-built' ? ` · ${t('plugins.notBuiltShort')}` : ''}
                </span>
              </li>
            ))}
          </ul>
        )}
      </Section>
    </>
  );
}
