/** Appoint, dismiss, transfer: the cadre, the post(s) and the approving document, with the server's errors next to the fields. */
import { useMemo, useState, type FormEvent } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Field, Refusal, countyToday, isDate, useCommandForm } from '@xianzhi/admin-kit';
import { useTRPC, useTRPCClient } from '../../../api/client';
import type { CommandOutput, TreeNode } from '../../../api/types';
import { useI18n } from '../../../i18n';
import { useCounties } from '../../../components/Header';
import { flatten, useSubtree } from '../../../components/Townships';
import { usePostLabel } from '../postLabel';
import { PersonInput, PostSelect, type PostOption } from './inputs';
import { COMMON, FIELDS, OPS, PROCEDURE, buildInput, type FormValues, type Op } from './input';

export function AppointmentForm({ township }: { township: TreeNode | undefined }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const { t } = useI18n();
  const postLabel = usePostLabel();
  const counties = useCounties();
  const today = countyToday();
  const [op, setOp] = useState<Op>('appoint');
  const [values, setValues] = useState<FormValues>({
    documentNo: '',
    issuedBy: '',
    effectiveAt: today,
    personId: '',
    postId: '',
    fromPostId: '',
    toPostId: '',
    reason: '',
  });
  const form = useCommandForm<CommandOutput>({
    prefix: 'personnel',
    fields: [...COMMON, ...FIELDS[op]],
    anyDetail: true,
  });
  const { done, pending, errorsOf } = form;

  const on = isDate(values.effectiveAt) ? values.effectiveAt : today;
  const countyCode = counties.data?.[0]?.code ?? '';
  const subtree = useSubtree(township?.id, { asOf: on });
  const divisions = useMemo(() => flatten(subtree.data), [subtree.data]);
  const roster = useQuery({
    ...trpc.personnel.roster.queryOptions({ divisionIds: divisions.map((d) => d.id), asOf: on }),
    enabled: divisions.length > 0,
  });
  const person = useQuery({
    ...trpc.personnel.person.queryOptions({ personId: values.personId.trim(), asOf: on }),
    enabled: op === 'transfer' && values.personId.trim().length > 0,
  });
  const names = new Map(divisions.map((d) => [d.id, d.name]));
  const options: PostOption[] = (roster.data ?? []).flatMap((r) =>
    r.posts.map((p) => ({
      postId: p.postId,
      label: `${names.get(r.divisionId) ?? r.divisionId} ${postLabel(p)}`,
      holders: p.holders,
    })),
  );
  const held = options.filter((o) => o.holders.length > 0);
  const chosen = options.find((o) => o.postId === values.postId);
  const current = (person.data?.career ?? [])
    .filter((c) => c.to === null)
    .map((c) => ({ postId: c.postId, label: c.label, holders: [] }));

  const input = buildInput(op, countyCode, values);
  const set = (patch: Partial<FormValues>) => setValues((v) => ({ ...v, ...patch }));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const call = client.personnel[PROCEDURE[op]].mutate as (i: unknown) => Promise<CommandOutput>;
    void form.run(input, call).then((r) => {
      if (!r) return;
      void queryClient.invalidateQueries({ queryKey: trpc.personnel.pathKey() });
      void queryClient.invalidateQueries({ queryKey: trpc.events.pathKey() });
    });
  };

  const again = () => {
    form.reset();
    set({ personId: '', postId: '', fromPostId: '', toPostId: '', reason: '' });
  };

  const choose = (next: Op) => {
    setOp(next);
    form.reset();
  };

  const text = (name: 'documentNo' | 'issuedBy', path: string, label: string) => (
    <Field label={label} path={path} errors={errorsOf(path)}>
      <input
        type="text"
        value={values[name]}
        aria-label={label}
        aria-invalid={!!errorsOf(path)}
        onChange={(e) => set({ [name]: e.target.value })}
      />
    </Field>
  );

  const hereHint = t('personnel.postHint', { township: township?.name ?? '' });
  const personField = (onChange: (personId: string) => void) => (
    <Field label={t('personnel.person')} path="personId" errors={errorsOf('personId')} required>
      <PersonInput
        value={values.personId}
        onChange={onChange}
        on={on}
        label={t('personnel.person')}
        invalid={!!errorsOf('personId')}
      />
    </Field>
  );
  const postField = (
    name: 'postId' | 'fromPostId' | 'toPostId',
    label: string,
    choices: PostOption[],
    testId: string,
    onChange: (postId: string) => void,
    hint?: string,
  ) => (
    <Field label={label} path={name} errors={errorsOf(name)} required {...(hint ? { hint } : {})}>
      <PostSelect
        options={choices}
        value={values[name]}
        onChange={onChange}
        label={label}
        invalid={!!errorsOf(name)}
        testId={testId}
      />
    </Field>
  );

  if (done) {
    return (
      <div data-testid="personnel-done">
        <p>
          {done.replayed
            ? t('personnel.replayed')
            : t('personnel.done', { n: done.events.length, position: done.lastPosition })}
        </p>
        <button type="button" onClick={again}>
          {t('personnel.again')}
        </button>
      </div>
    );
  }

  return (
    <form className="wizard" onSubmit={submit} noValidate data-testid="personnel-form" data-op={op}>
      <nav className="tabs" aria-label={t('personnel.changes')}>
        {OPS.map((o) => (
          <button
            key={o}
            type="button"
            className={o === op ? 'link active' : 'link'}
            aria-pressed={o === op}
            data-testid={`personnel-op-${o}`}
            onClick={() => choose(o)}
          >
            {t(`personnel.op.${o}`)}
          </button>
        ))}
      </nav>
      <p className="muted">{t(`personnel.op.${op}.hint`)}</p>
      <Refusal
        error={form.error}
        general={form.placed.general}
        title={t('personnel.refused')}
        testId="personnel-errors"
      />
      <div className="grid-3">
        {text('documentNo', 'authority.documentNo', t('doc.documentNo'))}
        {text('issuedBy', 'authority.issuedBy', t('doc.issuedBy'))}
        <Field label={t('doc.effectiveAt')} path="effectiveAt" errors={errorsOf('effectiveAt')} required>
          <input
            type="date"
            value={values.effectiveAt}
            aria-label={t('doc.effectiveAt')}
            aria-invalid={!!errorsOf('effectiveAt')}
            onChange={(e) => set({ effectiveAt: e.target.value })}
          />
        </Field>
      </div>
      <div className="grid-2">
        {op === 'appoint' && (
          <>
            {personField((personId) => set({ personId }))}
            {postField(
              'postId',
              t('personnel.post'),
              options,
              'post-select',
              (postId) => set({ postId }),
              hereHint,
            )}
          </>
        )}
        {op === 'dismiss' && (
          <>
            {postField('postId', t('personnel.post'), held, 'post-select', (postId) =>
              set({ postId, personId: '' }),
            )}
            <Field label={t('personnel.person')} path="personId" errors={errorsOf('personId')} required>
              <select
                value={values.personId}
                aria-label={t('personnel.person')}
                aria-invalid={!!errorsOf('personId')}
                data-testid="holder-select"
                onChange={(e) => set({ personId: e.target.value })}
              >
                <option value="">{t('record.choose')}</option>
                {chosen?.holders.map((h) => (
                  <option key={h.personId} value={h.personId}>
                    {h.name}
                  </option>
                ))}
              </select>
            </Field>
            <Field label={t('personnel.reason')} path="reason" errors={errorsOf('reason')}>
              <input
                type="text"
                value={values.reason}
                aria-label={t('personnel.reason')}
                onChange={(e) => set({ reason: e.target.value })}
              />
            </Field>
          </>
        )}
        {op === 'transfer' && (
          <>
            {personField((personId) => set({ personId, fromPostId: '' }))}
            {postField('fromPostId', t('personnel.fromPost'), current, 'from-post-select', (fromPostId) =>
              set({ fromPostId }),
            )}
            {postField(
              'toPostId',
              t('personnel.toPost'),
              options,
              'to-post-select',
              (toPostId) => set({ toPostId }),
              hereHint,
            )}
          </>
        )}
      </div>
      <div className="row">
        <button type="submit" className="primary" disabled={pending} data-testid="personnel-submit">
          {pending ? t('common.loading') : t('personnel.submit')}
        </button>
      </div>
    </form>
  );
}
