/** The sign-in screen: paste the token printed by `npm start` (or issued on the Access page). */
import { useState, type FormEvent } from 'react';
import { useI18n } from '../i18n';
import { useSession } from './session';

export function SignIn({ expired = false }: { expired?: boolean }) {
  const { t, lang, setLang } = useI18n();
  const session = useSession();
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setFailed(false);
    void session.signIn(token).then((ok) => {
      setBusy(false);
      setFailed(!ok);
    });
  };

  return (
    <main className="signin">
      <form className="card signin-card" onSubmit={submit} aria-labelledby="signin-title">
        <div className="brand brand-large" aria-hidden="true">
          县志
        </div>
        <h1 id="signin-title">{t('signin.title')}</h1>
        <p className="muted">{t('signin.hint')}</p>
        {expired && <p className="error">{t('signin.expired')}</p>}
        <label className="field">
          <span>{t('signin.token')}</span>
          <input
            type="password"
            name="token"
            autoComplete="current-password"
            value={token}
            onChange={(e) => setToken(e.target.value)}
            placeholder={t('signin.placeholder')}
            required
          />
        </label>
        {failed && (
          <p className="error" role="alert">
            {t('signin.failed')}
          </p>
        )}
        <div className="row">
          <button type="submit" className="primary" disabled={busy || !token.trim()}>
            {t('signin.submit')}
          </button>
          <button type="button" className="link" onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}>
            {t('lang.switch')}
          </button>
        </div>
      </form>
    </main>
  );
}
