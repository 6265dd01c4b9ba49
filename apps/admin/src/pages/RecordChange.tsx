/**
 * Record a change: choose the kind of adjustment, fill in the approving document, its dates and the
 * change; preview the tree after it (divisions.preview); submit once with an idempotency key.
 * The server's validation and invariant errors are shown next to the fields they name.
 */
import { useMemo, useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link } from 'wouter';
import { newIdempotencyKey, useTRPC, useTRPCClient } from '../api/client';
import { assignProblems, errorInfo, type ErrorInfo } from '@xianzhi/admin-kit';
import type { EnactAdjustmentInput, PreviewResult } from '../api/types';
import { useSession } from '../auth/session';
import { useI18n } from '../i18n';
import { countyToday, isDate } from '@xianzhi/admin-kit';
import { useTime, useTimeHref } from '../time/useTime';
import { useCounties } from '../components/Header';
import { PageError, PageTitle, Section } from '../components/ui';
import {
  FIELDS,
  OPS,
  buildInput,
  emptyPart,
  fieldKeys,
  initialValues,
  type DocValues,
  type FieldSpec,
  type Op,
  type PartValues,
  type Values,
} from './record/model';
import { ClassSelect, DivisionInput, Field, FieldErrors, KindSelect } from './record/fields';
import { PreviewView } from './record/PreviewView';

type Step = 'choose' | 'form' | 'preview' | 'done';

function ChooseKind({ onChoose }: { onChoose: (op: Op) => void }) {
  const { t } = useI18n();
  return (
    <div className="op-grid" role="list">
      {OPS.map((op) => (
        <button
          key={op}
          type="button"
          role="listitem"
          className="op-card"
          data-op={op}
          onClick={() => onChoose(op)}
        >
          <strong>{t(`op.${op}`)}</strong>
          <span className="muted">{t(`op.${op}.hint`)}</span>
        </button>
      ))}
    </div>
  );
}

function ChangeFields({
  op,
  values,
  setValues,
  on,
  errorsOf,
}: {
  op: Op;
  values: Values;
  setValues: (v: Values) => void;
  on: string;
  errorsOf: (path: string) => string[] | undefined;
}) {
  const { t } = useI18n();
  const set = (key: string, v: Values[string]) => setValues({ ...values, [key]: v });
  const render = (f: FieldSpec) => {
    const path = `changes.0.${f.key}`;
    const label = t(`field.${f.key}` as Parameters<typeof t>[0]);
    const errors = errorsOf(path);
    switch (f.type) {
      case 'division':
        return (
          <Field key={f.key} label={label} path={path} errors={errors} required={f.required}>
            <DivisionInput
              value={values[f.key] as string}
              onChange={(v) => set(f.key, v)}
              on={on}
              label={label}
              path={path}
              invalid={!!errors}
            />
          </Field>
        );
      case 'divisions': {
        const list = values[f.key] as string[];
        return (
          <Field
            key={f.key}
            label={label}
            path={path}
            errors={errors}
            required={f.required}
            hint={t('record.divisionsHint')}
          >
            {list.map((v, i) => (
              <div key={i} className="row" data-field={`${path}.${i}`}>
                <DivisionInput
                  value={v}
                  onChange={(nv) =>
                    set(
                      f.key,
                      list.map((x, j) => (j === i ? nv : x)),
                    )
                  }
                  on={on}
                  label={`${label} ${i + 1}`}
                  path={`${path}.${i}`}
                  invalid={!!errorsOf(`${path}.${i}`)}
                />
                {list.length > 1 && (
                  <button
                    type="button"
                    className="small"
                    onClick={() =>
                      set(
                        f.key,
                        list.filter((_, j) => j !== i),
                      )
                    }
                    aria-label={t('record.remove')}
                  >
                    ×
                  </button>
                )}
                <FieldErrors messages={errorsOf(`${path}.${i}`)} path={`${path}.${i}`} />
              </div>
            ))}
            <button type="button" className="small" onClick={() => set(f.key, [...list, ''])}>
              {t('record.add')}
            </button>
          </Field>
        );
      }
      case 'text':
        return (
          <Field key={f.key} label={label} path={path} errors={errors} required={f.required}>
            <input
              type="text"
              value={values[f.key] as string}
              aria-label={label}
              aria-invalid={!!errors}
              onChange={(e) => set(f.key, e.target.value)}
            />
          </Field>
        );
      case 'code':
        return (
          <Field key={f.key} label={label} path={path} errors={errors} hint={t('record.codeHint')}>
            <input
              type="text"
              inputMode="numeric"
              value={values[f.key] as string}
              aria-label={label}
              aria-invalid={!!errors}
              onChange={(e) => set(f.key, e.target.value)}
            />
          </Field>
        );
      case 'kind':
        return (
          <Field key={f.key} label={label} path={path} errors={errors} required={f.required}>
            <KindSelect value={values[f.key] as string} onChange={(v) => set(f.key, v)} label={label} />
          </Field>
        );
      case 'classification':
        return (
          <Field key={f.key} label={label} path={path} errors={errors}>
            <ClassSelect
              value={values[f.key] as string}
              onChange={(v) => set(f.key, v)}
              label={label}
              nullable={f.nullable}
            />
          </Field>
        );
      case 'checkbox':
        return (
          <label key={f.key} className="check">
            <input
              type="checkbox"
              checked={values[f.key] !== false}
              onChange={(e) => set(f.key, e.target.checked)}
            />{' '}
            {label}
          </label>
        );
      case 'parts': {
        const parts = values[f.key] as PartValues[];
        const setPart = (i: number, p: Partial<PartValues>) =>
          set(
            f.key,
            parts.map((x, j) => (j === i ? { ...x, ...p } : x)),
          );
        return (
          <Field key={f.key} label={label} path={path} errors={errors} required>
            {parts.map((p, i) => (
              <fieldset key={i} className="part">
                <legend>{t('record.part', { n: i + 1 })}</legend>
                <Field
                  label={t('field.name')}
                  path={`${path}.${i}.name`}
                  errors={errorsOf(`${path}.${i}.name`)}
                  required
                >
                  <input
                    type="text"
                    value={p.name}
                    aria-label={`${t('record.part', { n: i + 1 })} ${t('field.name')}`}
                    onChange={(e) => setPart(i, { name: e.target.value })}
                  />
                </Field>
                <Field
                  label={t('field.kind')}
                  path={`${path}.${i}.kind`}
                  errors={errorsOf(`${path}.${i}.kind`)}
                >
                  <KindSelect
                    value={p.kind}
                    onChange={(v) => setPart(i, { kind: v })}
                    label={t('field.kind')}
                    optional
                  />
                </Field>
                <Field
                  label={t('field.code')}
                  path={`${path}.${i}.code`}
                  errors={errorsOf(`${path}.${i}.code`)}
                  hint={t('record.codeHint')}
                >
                  <input type="text" value={p.code} onChange={(e) => setPart(i, { code: e.target.value })} />
                </Field>
                <Field
                  label={t('field.classification')}
                  path={`${path}.${i}.classification`}
                  errors={errorsOf(`${path}.${i}.classification`)}
                >
                  <ClassSelect
                    value={p.classification}
                    onChange={(v) => setPart(i, { classification: v })}
                    label={t('field.classification')}
                  />
                </Field>
                <Field
                  label={t('field.children')}
                  path={`${path}.${i}.children`}
                  errors={errorsOf(`${path}.${i}.children`)}
                  hint={t('record.childrenHint')}
                >
                  <input
                    type="text"
                    value={p.children}
                    onChange={(e) => setPart(i, { children: e.target.value })}
                  />
                </Field>
                {parts.length > 1 && (
                  <button
                    type="button"
                    className="small"
                    onClick={() =>
                      set(
                        f.key,
                        parts.filter((_, j) => j !== i),
                      )
                    }
                  >
                    {t('record.removePart')}
                  </button>
                )}
              </fieldset>
            ))}
            <button type="button" className="small" onClick={() => set(f.key, [...parts, emptyPart()])}>
              {t('record.addPart')}
            </button>
          </Field>
        );
      }
    }
  };
  return <>{FIELDS[op].map(render)}</>;
}

export default function RecordChange() {
  const { t, date } = useI18n();
  const session = useSession();
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const time = useTime();
  const href = useTimeHref();
  const counties = useCounties();
  const today = countyToday();

  const [step, setStep] = useState<Step>('choose');
  const [op, setOp] = useState<Op>('merge');
  const [values, setValues] = useState<Values>(() => initialValues('merge'));
  const [doc, setDoc] = useState<DocValues>({
    countyCode: '',
    documentNo: '',
    issuedBy: '',
    approvedOn: today,
    effectiveAt: today,
    description: '',
  });
  const [key, setKey] = useState(() => newIdempotencyKey('adjustment'));
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [preview, setPreview] = useState<PreviewResult | null>(null);
  const [previewing, setPreviewing] = useState(false);

  const countyCode = doc.countyCode || counties.data?.[0]?.code || '';
  const input: EnactAdjustmentInput = useMemo(
    () => buildInput(op, { ...doc, countyCode }, values),
    [op, doc, countyCode, values],
  );
  const keys = useMemo(() => fieldKeys(op, values), [op, values]);
  const placed = useMemo(() => assignProblems(error?.problems ?? [], keys), [error, keys]);
  const errorsOf = (path: string) => placed.byField.get(path);
  const on = isDate(doc.effectiveAt) ? doc.effectiveAt : time.date;

  const submit = useMutation(
    trpc.divisions.enactAdjustment.mutationOptions({
      onSuccess: () => {
        setStep('done');
        setError(null);
        void queryClient.invalidateQueries({ queryKey: trpc.divisions.pathKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.events.pathKey() });
      },
      onError: (e) => {
        setError(errorInfo(e, input));
        setStep('form');
      },
    }),
  );

  if (!session.can('divisions:write')) return <PageError message={t('error.needsWrite')} />;

  const choose = (next: Op) => {
    setOp(next);
    setValues(initialValues(next));
    setError(null);
    setPreview(null);
    setStep('form');
  };

  const runPreview = (e: FormEvent) => {
    e.preventDefault();
    setPreviewing(true);
    setError(null);
    client.divisions.preview
      .query(input)
      .then((p) => {
        setPreview(p);
        setStep('preview');
      })
      .catch((err: unknown) => setError(errorInfo(err, input)))
      .finally(() => setPreviewing(false));
  };

  const again = () => {
    setKey(newIdempotencyKey('adjustment'));
    setValues(initialValues(op));
    setDoc((d) => ({ ...d, documentNo: '', description: '' }));
    setPreview(null);
    setError(null);
    submit.reset();
    setStep('choose');
  };

  const docField = (name: keyof DocValues, path: string, type: 'text' | 'date', required = true) => (
    <Field label={t(`doc.${name}`)} path={path} errors={errorsOf(path)} required={required}>
      {name === 'description' ? (
        <textarea
          value={doc[name]}
          aria-label={t(`doc.${name}`)}
          rows={2}
          onChange={(e) => setDoc({ ...doc, [name]: e.target.value })}
        />
      ) : (
        <input
          type={type}
          value={doc[name]}
          aria-label={t(`doc.${name}`)}
          aria-invalid={!!errorsOf(path)}
          onChange={(e) => setDoc({ ...doc, [name]: e.target.value })}
        />
      )}
    </Field>
  );

  return (
    <>
      <PageTitle title={t('record.title')} subtitle={t('record.subtitle')} />
      <ol className="steps" aria-label={t('record.steps')}>
        {(['choose', 'form', 'preview', 'done'] as const).map((s) => (
          <li key={s} className={s === step ? 'current' : ''} aria-current={s === step ? 'step' : undefined}>
            {t(`record.step.${s}`)}
          </li>
        ))}
      </ol>

      {step === 'choose' && (
        <Section id="record-choose" title={t('record.chooseTitle')}>
          <ChooseKind onChoose={choose} />
        </Section>
      )}

      {step === 'form' && (
        <form className="wizard" onSubmit={runPreview} noValidate data-testid="record-form" data-op={op}>
          {(placed.general.length > 0 || (error && error.problems.length === 0)) && (
            <div className="alert" role="alert" data-testid="record-errors">
              <strong>{t('record.refused')}</strong>
              <ul>
                {(placed.general.length > 0 ? placed.general : [error!.message]).map((m, i) => (
                  <li key={i}>{m}</li>
                ))}
              </ul>
            </div>
          )}
          <Section id="record-document" title={t('record.document')}>
            {counties.data && counties.data.length > 1 && (
              <Field label={t('doc.countyCode')} path="countyCode" errors={errorsOf('countyCode')}>
                <select value={countyCode} onChange={(e) => setDoc({ ...doc, countyCode: e.target.value })}>
                  {counties.data.map((c) => (
                    <option key={c.id} value={c.code}>
                      {c.name}
                    </option>
                  ))}
                </select>
              </Field>
            )}
            <div className="grid-2">
              {docField('documentNo', 'authority.documentNo', 'text')}
              {docField('issuedBy', 'authority.issuedBy', 'text')}
              {docField('approvedOn', 'authority.approvedOn', 'date')}
              {docField('effectiveAt', 'effectiveAt', 'date')}
            </div>
            {docField('description', 'description', 'text', false)}
          </Section>
          <Section
            id="record-change"
            title={t('record.changeTitle', { op: t(`op.${op}`) })}
            actions={
              <button type="button" className="link" onClick={() => setStep('choose')}>
                {t('record.otherKind')}
              </button>
            }
          >
            <p className="muted">{t(`op.${op}.hint`)}</p>
            <div data-field="changes.0">
              <FieldErrors messages={errorsOf('changes.0') ?? errorsOf('changes')} path="changes.0" />
              <ChangeFields op={op} values={values} setValues={setValues} on={on} errorsOf={errorsOf} />
            </div>
          </Section>
          <div className="row">
            <button type="submit" className="primary" disabled={previewing} data-testid="preview-button">
              {previewing ? t('common.loading') : t('record.preview')}
            </button>
          </div>
        </form>
      )}

      {step === 'preview' && preview && (
        <Section id="record-preview" title={t('record.previewTitle', { date: date(doc.effectiveAt) })}>
          <PreviewView preview={preview} />
          <div className="row">
            <button type="button" onClick={() => setStep('form')}>
              {t('record.back')}
            </button>
            <button
              type="button"
              className="primary"
              data-testid="submit-button"
              disabled={submit.isPending}
              onClick={() => submit.mutate({ ...input, idempotencyKey: key })}
            >
              {submit.isPending ? t('common.loading') : t('record.submit')}
            </button>
          </div>
        </Section>
      )}

      {step === 'done' && submit.data && (
        <Section id="record-finished" title={t('record.doneTitle')}>
          <p data-testid="record-done">
            {submit.data.replayed
              ? t('record.replayed')
              : t('record.done', { n: submit.data.events.length, position: submit.data.lastPosition })}
          </p>
          <div className="row">
            <Link href={href('/events')}>{t('record.toLog')}</Link>
            <Link href={href('/divisions')}>{t('record.toTree')}</Link>
            <button type="button" onClick={again}>
              {t('record.again')}
            </button>
          </div>
        </Section>
      )}
    </>
  );
}
