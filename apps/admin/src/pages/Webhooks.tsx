/**
 * 订阅管理 (webhooks): make a subscription (the secret is shown once), see the subscriptions, their
 * recent deliveries and dead letters; pause, resume, remove, re-send. A token sees its own
 * subscriptions; an admin sees all.
 */
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '../api/client';
import { Refusal, errorInfo, useCommandForm } from '@xianzhi/admin-kit';
import { useI18n } from '../i18n';
import { DivisionName, Empty, Loading, PageTitle, QueryError, Section } from '../components/ui';
import { Field } from './record/fields';

function CreateSubscription() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [target, setTarget] = useState('');
  const [kind, setKind] = useState<'events' | 'changes'>('events');
  const [topics, setTopics] = useState('');
  const [subtree, setSubtree] = useState('');
  const [secret, setSecret] = useState<string | null>(null);
  const form = useCommandForm({ prefix: 'webhook', fields: ['name', 'target', 'kind', 'topics', 'subtree'] });
  const { placed } = form;
  const create = useMutation(
    trpc.webhooks.subscribe.mutationOptions({
      onSuccess: (r) => {
        setSecret(r.secret);
        setName('');
        setTarget('');
        setTopics('');
        setSubtree('');
        void queryClient.invalidateQueries({ queryKey: trpc.webhooks.pathKey() });
      },
      onError: (e) => form.fail(e),
    }),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    form.clear();
    setSecret(null);
    create.mutate({
      name,
      target,
      kind,
      topics: topics.split(/[,，\s]+/).filter(Boolean),
      ...(subtree.trim() ? { subtree: subtree.trim() } : {}),
    });
  };
  return (
    <Section id="webhook-create" title={t('webhooks.create')}>
      {secret && (
        <div className="secret" role="status" data-testid="webhook-secret">
          <strong>{t('webhooks.secretOnce')}</strong>
          <code>{secret}</code>
        </div>
      )}
      <form onSubmit={submit} noValidate>
        <Refusal error={form.error} general={placed.general} compact />
        <Field label={t('webhooks.name')} path="name" errors={placed.byField.get('name')} required>
          <input
            type="text"
            value={name}
            aria-label={t('webhooks.name')}
            onChange={(e) => setName(e.target.value)}
          />
        </Field>
        <Field
          label={t('webhooks.target')}
          path="target"
          errors={placed.byField.get('target')}
          hint={t('webhooks.targetHint')}
          required
        >
          <input
            type="url"
            value={target}
            aria-label={t('webhooks.target')}
            onChange={(e) => setTarget(e.target.value)}
          />
        </Field>
        <Field label={t('webhooks.kind')} path="kind" errors={placed.byField.get('kind')}>
          <select
            value={kind}
            aria-label={t('webhooks.kind')}
            onChange={(e) => setKind(e.target.value as 'events' | 'changes')}
          >
            <option value="events">{t('webhooks.kindEvents')}</option>
            <option value="changes">{t('webhooks.kindChanges')}</option>
          </select>
        </Field>
        <Field
          label={t('webhooks.topics')}
          path="topics"
          errors={placed.byField.get('topics')}
          hint={t('webhooks.topicsHint')}
          required
        >
          <input
            type="text"
            value={topics}
            aria-label={t('webhooks.topics')}
            onChange={(e) => setTopics(e.target.value)}
          />
        </Field>
        <Field
          label={t('webhooks.subtree')}
          path="subtree"
          errors={placed.byField.get('subtree')}
          hint={t('webhooks.subtreeHint')}
        >
          <input
            type="text"
            value={subtree}
            aria-label={t('webhooks.subtree')}
            onChange={(e) => setSubtree(e.target.value)}
          />
        </Field>
        <button type="submit" className="primary" disabled={create.isPending}>
          {t('webhooks.subscribe')}
        </button>
      </form>
    </Section>
  );
}

function Deliveries({ subscriptionId }: { subscriptionId: string }) {
  const { t, instant } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const found = useQuery({
    ...trpc.webhooks.deliveries.queryOptions({ subscriptionId }),
    refetchInterval: 5_000,
  });
  const resend = useMutation(
    trpc.webhooks.resend.mutationOptions({
      onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.webhooks.pathKey() }),
      onError: (e) => setError(errorInfo(e).message),
    }),
  );
  if (found.isPending) return <Loading inline />;
  if (found.error) return <QueryError error={found.error} />;
  const { recent, deadLetters } = found.data;
  return (
    <>
      <Section id="webhook-dead" title={t('webhooks.deadLetters')}>
        {error && <p className="error">{error}</p>}
        {deadLetters.length === 0 && <Empty>{t('webhooks.noDeadLetters')}</Empty>}
        {deadLetters.length > 0 && (
          <table className="table" data-testid="webhook-dead-letters">
            <thead>
              <tr>
                <th scope="col">{t('webhooks.deliveryId')}</th>
                <th scope="col">{t('webhooks.attempts')}</th>
                <th scope="col">{t('webhooks.error')}</th>
                <th scope="col">{t('webhooks.at')}</th>
                <th scope="col" />
              </tr>
            </thead>
            <tbody>
              {deadLetters.map((d) => (
                <tr key={d.deliveryId}>
                  <td>
                    <code>{d.deliveryId}</code>
                  </td>
                  <td>{d.attempts}</td>
                  <td>{d.lastResendError ?? d.error}</td>
                  <td className="nowrap">{instant(d.deadAt)}</td>
                  <td>
                    <button
                      type="button"
                      className="small"
                      disabled={d.resendRequested}
                      onClick={() => {
                        setError(null);
                        resend.mutate({ subscriptionId, deliveryId: d.deliveryId });
                      }}
                    >
                      {d.resendRequested ? t('webhooks.resending') : t('webhooks.resend')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
      <Section id="webhook-recent" title={t('webhooks.recent')}>
        {recent.length === 0 && <Empty>{t('webhooks.noDeliveries')}</Empty>}
        {recent.length > 0 && (
          <table className="table" data-testid="webhook-recent">
            <thead>
              <tr>
                <th scope="col">{t('webhooks.deliveryId')}</th>
                <th scope="col">{t('webhooks.outcome')}</th>
                <th scope="col">{t('webhooks.attempts')}</th>
                <th scope="col">{t('webhooks.error')}</th>
                <th scope="col">{t('webhooks.at')}</th>
              </tr>
            </thead>
            <tbody>
              {recent.map((d, i) => (
                <tr key={`${d.deliveryId}-${i}`}>
                  <td>
                    <code>{d.deliveryId}</code>
                  </td>
                  <td>{t(`webhooks.outcome.${d.outcome}`)}</td>
                  <td>{d.attempt ?? ''}</td>
                  <td>
                    {d.status ? `HTTP ${d.status} ` : ''}
                    {d.error ?? ''}
                  </td>
                  <td className="nowrap">{instant(d.at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
    </>
  );
}

export default function Webhooks() {
  const { t, instant } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery({ ...trpc.webhooks.list.queryOptions(), refetchInterval: 5_000 });
  const [selected, setSelected] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const options = {
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.webhooks.pathKey() }),
    onError: (e: unknown) => setError(errorInfo(e).message),
  };
  const pause = useMutation(trpc.webhooks.pause.mutationOptions(options));
  const resume = useMutation(trpc.webhooks.resume.mutationOptions(options));
  const remove = useMutation(trpc.webhooks.remove.mutationOptions(options));
  return (
    <>
      <PageTitle title={t('webhooks.title')} subtitle={t('webhooks.subtitle')} />
      <CreateSubscription />
      <Section id="webhook-list" title={t('webhooks.list')}>
        {list.isPending && <Loading inline />}
        {list.error && <QueryError error={list.error} />}
        {error && <p className="error">{error}</p>}
        {list.data?.length === 0 && <Empty>{t('webhooks.none')}</Empty>}
        {list.data && list.data.length > 0 && (
          <table className="table" data-testid="webhook-table">
            <thead>
              <tr>
                <th scope="col">{t('webhooks.name')}</th>
                <th scope="col">{t('webhooks.target')}</th>
                <th scope="col">{t('webhooks.topics')}</th>
                <th scope="col">{t('webhooks.subtree')}</th>
                <th scope="col">{t('webhooks.token')}</th>
                <th scope="col">{t('webhooks.delivered')}</th>
                <th scope="col">{t('webhooks.deadLetters')}</th>
                <th scope="col">{t('webhooks.state')}</th>
                <th scope="col" />
              </tr>
            </thead>
            <tbody>
              {list.data.map((s) => (
                <tr key={s.subscriptionId} className={selected === s.subscriptionId ? 'selected' : ''}>
                  <td>
                    {s.name}
                    <br />
                    <small>{instant(s.createdAt)}</small>
                  </td>
                  <td>
                    <code>{s.target}</code>
                  </td>
                  <td>
                    {s.kind === 'changes' ? `${t('webhooks.kindChanges')}: ` : ''}
                    {s.topics.join(', ')}
                  </td>
                  <td>{s.subtree ? <DivisionName id={s.subtree} /> : t('access.whole')}</td>
                  <td>{s.tokenName}</td>
                  <td>{s.delivered}</td>
                  <td>{s.deadLetters}</td>
                  <td>{s.paused ? t('webhooks.paused') : t('webhooks.active')}</td>
                  <td className="nowrap">
                    <button type="button" className="small" onClick={() => setSelected(s.subscriptionId)}>
                      {t('webhooks.deliveries')}
                    </button>{' '}
                    {s.paused ? (
                      <button
                        type="button"
                        className="small"
                        onClick={() => resume.mutate({ subscriptionId: s.subscriptionId })}
                      >
                        {t('webhooks.resume')}
                      </button>
                    ) : (
                      <button
                        type="button"
                        className="small"
                        onClick={() => pause.mutate({ subscriptionId: s.subscriptionId })}
                      >
                        {t('webhooks.pause')}
                      </button>
                    )}{' '}
                    <button
                      type="button"
                      className="small danger"
                      onClick={() => {
                        if (window.confirm(t('webhooks.confirmRemove', { name: s.name })))
                          remove.mutate({ subscriptionId: s.subscriptionId });
                      }}
                    >
                      {t('webhooks.remove')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
      {selected && <Deliveries subscriptionId={selected} />}
    </>
  );
}
