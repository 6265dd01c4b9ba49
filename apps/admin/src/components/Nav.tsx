/**
 * The navigation. Pages of modules without an API yet say so; plugins registered on the server
 * (`system.modules`) get an entry each, their pages loaded lazily.
 */
import { useQuery } from '@tanstack/react-query';
import { Link, useLocation } from 'wouter';
import { useTRPC } from '../api/client';
import { useSession } from '../auth/session';
import { useI18n, type MessageKey } from '../i18n';
import { useTimeHref } from '../time/useTime';

interface Item {
  path: string;
  label: MessageKey;
  show?: boolean;
  /** A page under the one before it (indented). */
  sub?: boolean;
}

export function usePluginModules() {
  const trpc = useTRPC();
  return useQuery({
    ...trpc.system.modules.queryOptions(),
    staleTime: 5 * 60_000,
    select: (list) => list.filter((m) => m.kind === 'plugin'),
  });
}

export function Nav() {
  const { t, lang } = useI18n();
  const session = useSession();
  const [location] = useLocation();
  const href = useTimeHref();
  const plugins = usePluginModules();
  const items: Item[] = [
    { path: '/', label: 'nav.overview' },
    { path: '/divisions', label: 'nav.divisions' },
    { path: '/record', label: 'nav.record', show: session.can('divisions:write') },
    { path: '/events', label: 'nav.events', show: session.isAdmin },
    { path: '/access', label: 'nav.access', show: session.isAdmin },
    { path: '/personnel', label: 'nav.personnel', show: session.can('personnel:read') },
    { path: '/services', label: 'nav.services', show: session.can('services:read') },
    { path: '/institutions', label: 'nav.institutions', show: session.can('institutions:read') },
    { path: '/reform', label: 'nav.reform', show: session.can('reform:read') },
    { path: '/chronicle', label: 'nav.chronicle', show: session.can('chronicle:read') },
    {
      path: '/grassroots',
      label: 'nav.grassroots',
      show: ['zones:read', 'party:read', 'powers:read', 'cadres:read'].some((s) => session.can(s)),
    },
    { path: '/grassroots/zones', label: 'nav.zones', show: session.can('zones:read'), sub: true },
    { path: '/grassroots/party', label: 'nav.party', show: session.can('party:read'), sub: true },
    { path: '/grassroots/powers', label: 'nav.powers', show: session.can('powers:read'), sub: true },
    { path: '/grassroots/cadres', label: 'nav.cadres', show: session.can('cadres:read'), sub: true },
  ];
  const active = (path: string) =>
    path === '/'
      ? location === '/'
      : location === path || (path !== '/grassroots' && location.startsWith(`${path}/`));
  return (
    <nav className="nav" aria-label={t('nav.label')}>
      <ul>
        {items
          .filter((i) => i.show !== false)
          .map((i) => (
            <li key={i.path} className={i.sub ? 'nav-sub' : undefined}>
              <Link
                href={href(i.path)}
                className={active(i.path) ? 'active' : ''}
                aria-current={active(i.path) ? 'page' : undefined}
              >
                {t(i.label)}
              </Link>
            </li>
          ))}
      </ul>
      <h3 className="nav-group">{t('nav.plugins')}</h3>
      <ul data-testid="nav-plugins">
        {plugins.data?.length === 0 && (
          <li className="muted nav-empty" data-testid="nav-plugins-empty">
            {t('plugins.none')}
          </li>
        )}
        {plugins.data?.map((p) => (
          <li key={p.name}>
            <Link href={href(`/plugins/${p.name}`)} className={active(`/plugins/${p.name}`) ? 'active' : ''}>
              {lang === 'zh' ? p.title.zh : p.title.en}
            </Link>
          </li>
        ))}
        <li>
          <Link href={href('/plugins')} className={location === '/plugins' ? 'active subtle' : 'subtle'}>
            {t('nav.pluginsAll')}
          </Link>
        </li>
      </ul>
    </nav>
  );
}
