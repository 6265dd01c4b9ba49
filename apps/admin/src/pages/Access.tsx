/** Access (admin only): issue tokens (the secret is shown once), list and revoke them. */
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '../api/client';
import { Refusal, errorInfo, useCommandForm } from '@xianzhi/admin-kit';
import { useI18n } from '../i18n';
import { Empty, Loading, PageTitle, QueryError, Section } from '../components/ui';
import { DivisionName } from '../components/ui';
import { Field } from './record/fields';

function useScopes(): string[] {
  const trpc = useTRPC();
  const modules = useQuery(trpc.system.modules.queryOptions());
  return [...new Set(['admin', 'metrics', ...(modules.data ?? []).flatMap((m) => m.scopes)])];
}

function CreateToken() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const scopes = useScopes();
  const [name, setName] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  const [subtree, setSubtree] = useState('');
  const form = useCommandForm({ prefix: 'token', fields: ['name', 'scopes', 'subtree'] });
  const { placed } = form;
  const [secret, setSecret] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const create = useMutation(
    trpc.access.create.mutationOptions({
      onSuccess: (r) => {
        setSecret(r.token);
        setName('');
        setChosen([]);
        setSubtree('');
        void queryClient.invalidateQueries({ queryKey: trpc.access.pathKey() });
      },
      onError: (e) => form.fail(e),
    }),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    form.clear();
    setSecret(null);
    setCopied(false);
    create.mutate({ name, scopes: chosen, ...(subtree.trim() ? { subtree: subtree.trim() } : {}) });
  };
  return (
    <Section id="token-create" title={t('access.create')}>
      {secret && (
        <div className="secret" role="status" data-testid="token-secret">
          <strong>{t('access.secretOnce')}</strong>
          <code>{secret}</code>
          <button
            type="button"
            className="small"
            onClick={() => void navigator.clipboard?.writeText(secret).then(() => setCopied(true))}
          >
            {copied ? t('access.copied') : t('access.copy')}
          </button>
        </div>
      )}
      <form onSubmit={submit} noValidate>
        <Refusal error={form.error} general={placed.general} compact />
        <Field label={t('access.name')} path="name" errors={placed.byField.get('name')} required>
          <input
            type="text"
            value={name}
            aria-label={t('access.name')}
            onChange={(e) => setName(e.target.value)}
            placeholder={t('access.namePlaceholder')}
          />
        </Field>
        <Field label={t('access.scopes')} path="scopes" errors={placed.byField.get('scopes')} required>
          <div className="checks">
            {scopes.map((s) => (
              <label key={s} className="check">
                <input
                  type="checkbox"
                  checked={chosen.includes(s)}
                  onChange={(e) =>
                    setChosen(e.target.checked ? [...chosen, s] : chosen.filter((c) => c !== s))
                  }
                />{' '}
                <code>{s}</code>
              </label>
            ))}
          </div>
        </Field>
        <Field
          label={t('access.subtree')}
          path="subtree"
          errors={placed.byField.get('subtree')}
          hint={t('access.subtreeHint')}
        >
          <input
            type="text"
            value={subtree}
            aria-label={t('access.subtree')}
            onChange={(e) => setSubtree(e.target.value)}
          />
        </Field>
        <button type="submit" className="primary" disabled={create.isPending}>
          {t('access.issue')}
        </button>
      </form>
    </Section>
  );
}

export default function Access() {
  const { t, instant } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery({ ...trpc.access.list.queryOptions() });
  const [revokeError, setRevokeError] = useState<string | null>(null);
  const revoke = useMutation(
    trpc.access.revoke.mutationOptions({
      onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.access.pathKey() }),
      onError: (e) => setRevokeError(errorInfo(e).message),
    }),
  );
  return (
    <>
      <PageTitle title={t('access.title')} subtitle={t('access.subtitle')} />
      <CreateToken />
      <Section id="token-list" title={t('access.list')}>
        {list.isPending && <Loading inline />}
        {list.error && <QueryError error={list.error} />}
        {revokeError && <p className="error">{revokeError}</p>}
        {list.data?.length === 0 && <Empty>{t('access.none')}</Empty>}
        {list.data && list.data.length > 0 && (
          <table className="table" data-testid="token-table">
            <thead>
              <tr>
                <th scope="col">{t('access.tokenId')}</th>
                <th scope="col">{t('access.name')}</th>
                <th scope="col">{t('access.scopes')}</th>
                <th scope="col">{t('access.subtree')}</th>
                <th scope="col">{t('access.issuedAt')}</th>
                <th scope="col">{t('access.state')}</th>
                <th scope="col" />
              </tr>
            </thead>
            <tbody>
              {list.data.map((tok) => (
                <tr key={tok.tokenId} className={tok.revokedAt ? 'retracted' : ''}>
                  <td>
                    <code>{tok.tokenId}</code>
                  </td>
                  <td>{tok.name}</td>
                  <td>{tok.scopes.join(', ')}</td>
                  <td>{tok.subtree ? <DivisionName id={tok.subtree} /> : t('access.whole')}</td>
                  <td className="nowrap">{instant(tok.issuedAt)}</td>
                  <td>
                    {tok.revokedAt
                      ? t('access.revokedAt', { at: instant(tok.revokedAt) })
                      : t('access.active')}
                  </td>
                  <td>
                    {!tok.revokedAt && (
                      <button
                        type="button"
                        className="small danger"
                        onClick={() => {
                          if (window.confirm(t('access.confirmRevoke', { name: tok.name }))) {
                            setRevokeError(null);
                            revoke.mutate({ tokenId: tok.tokenId });
                          }
                        }}
                      >
                        {t('access.revoke')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
    </>
  );
}
