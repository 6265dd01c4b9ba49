/** The top bar: brand, the county, live status, who is signed in, language and sign-out. */
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../api/client';
import { useLiveUpdates } from '@xianzhi/admin-kit';
import { useSession } from '../auth/session';
import { useI18n } from '../i18n';

export function useCounties() {
  const trpc = useTRPC();
  return useQuery({
    ...trpc.divisions.tree.queryOptions({ depth: 0 }),
    staleTime: 5 * 60_000,
  });
}

export function Header() {
  const { t, lang, setLang } = useI18n();
  const session = useSession();
  const live = useLiveUpdates(session.token !== null);
  const counties = useCounties();
  const county = counties.data?.[0];
  return (
    <header className="topbar">
      <div className="brand" aria-label={t('app.title')}>
        县志 <span className="brand-en">Xianzhi</span>
      </div>
      {county && (
        <div className="county" data-testid="county-name">
          {county.name} <span className="muted">{county.code}</span>
        </div>
      )}
      <div className="spacer" />
      <span className={`live live-${live}`} data-testid="live-status" title={t(`live.${live}.hint`)}>
        <span className="dot" aria-hidden="true" />
        {t(`live.${live}`)}
      </span>
      <span className="who" title={session.who?.scopes.join(', ')}>
        {t('header.signedInAs', { name: session.who?.name ?? '' })}
      </span>
      <button
        type="button"
        className="link"
        data-testid="lang-switch"
        onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}
      >
        {t('lang.switch')}
      </button>
      <button type="button" className="link" onClick={session.signOut}>
        {t('header.signOut')}
      </button>
    </header>
  );
}
