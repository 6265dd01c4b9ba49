/**
 * Record an adjustment: choose the kind of change, fill in the approving document, its dates and the
 * change — add more changes to the same document, or import a whole reform's list of changes from a
 * JSON file; preview the tree after it and every code given or generated (divisions.preview, a POST
 * that writes nothing); submit once with an idempotency key. The server's validation and invariant
 * errors are shown next to the fields they name.
 */
import { useMemo, useState, type ChangeEvent, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link } from 'wouter';
import { useTRPC, useTRPCClient } from '../api/client';
import { Refusal, useCommandForm } from '@xianzhi/admin-kit';
import type { EnactAdjustmentInput, PreviewResult, RouterOutputs } from '../api/types';
import { useSession } from '../auth/session';
import { useI18n } from '../i18n';
import { countyToday, isDate } from '@xianzhi/admin-kit';
import { useTime, useTimeHref } from '../time/useTime';
import { useCounties } from '../components/Header';
import { PageError, PageTitle, Section } from '../components/ui';
import {
  buildChange,
  buildInput,
  changeSummary,
  fieldKeys,
  initialValues,
  isImported,
  parseChangesFile,
  type DocValues,
  type Draft,
  type Op,
  type Values,
} from './record/model';
import { Field, FieldErrors } from './record/fields';
import { ChangeFields, ChooseKind } from './record/ChangeFields';
import { AssignedCodes, PreviewView } from './record/PreviewView';

type Step = 'choose' | 'form' | 'preview' | 'done';

type Assigned = RouterOutputs['divisions']['enactAdjustment']['assigned'];

export default function RecordChange() {
  const { t, date, num, label } = useI18n();
  const session = useSession();
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const time = useTime();
  const href = useTimeHref();
  const counties = useCounties();
  const today = countyToday();

  const [step, setStep] = useState<Step>('choose');
  /** The document's changes, and the one being edited in the form. */
  const [drafts, setDrafts] = useState<Draft[]>([]);
  const [current, setCurrent] = useState(0);
  /** What choosing a kind does: start a new change at the end, or re-type the current one. */
  const [choosing, setChoosing] = useState<'add' | 'replace'>('add');
  const [doc, setDoc] = useState<DocValues>({
    countyCode: '',
    documentNo: '',
    issuedBy: '',
    approvedOn: today,
    effectiveAt: today,
    description: '',
  });
  const [fileError, setFileError] = useState<string | null>(null);
  const [preview, setPreview] = useState<PreviewResult | null>(null);
  const [previewing, setPreviewing] = useState(false);

  const countyCode = doc.countyCode || counties.data?.[0]?.code || '';
  const input: EnactAdjustmentInput = useMemo(
    () => buildInput(drafts, { ...doc, countyCode }),
    [drafts, doc, countyCode],
  );
  const keys = useMemo(() => fieldKeys(drafts), [drafts]);
  const form = useCommandForm({ prefix: 'adjustment', fields: keys });
  const { placed, errorsOf } = form;
  /** What the server said about change `i` (any of its fields). */
  const changeErrors = (i: number) =>
    [...placed.byField.entries()]
      .filter(([k]) => k === `changes.${i}` || k.startsWith(`changes.${i}.`))
      .flatMap(([, messages]) => messages);
  const changeHasErrors = (i: number) => changeErrors(i).length > 0;
  const on = isDate(doc.effectiveAt) ? doc.effectiveAt : time.date;
  const draft = drafts[current];

  const submit = useMutation(
    trpc.divisions.enactAdjustment.mutationOptions({
      onSuccess: () => {
        setStep('done');
        form.clear();
        void queryClient.invalidateQueries({ queryKey: trpc.divisions.pathKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.events.pathKey() });
      },
      onError: (e) => {
        form.fail(e, input);
        setStep('form');
      },
    }),
  );

  if (!session.can('divisions:write')) return <PageError message={t('error.needsWrite')} />;

  const choose = (next: Op) => {
    const fresh: Draft = { op: next, values: initialValues(next) };
    if (choosing === 'replace' && drafts[current]) {
      setDrafts(drafts.map((d, i) => (i === current ? fresh : d)));
    } else {
      setDrafts([...drafts, fresh]);
      setCurrent(drafts.length);
    }
    form.clear();
    setPreview(null);
    setStep('form');
  };

  const setValues = (values: Values) =>
    setDrafts(drafts.map((d, i) => (i === current && !isImported(d) ? { op: d.op, values } : d)));

  const remove = (index: number) => {
    const next = drafts.filter((_, i) => i !== index);
    setDrafts(next);
    setCurrent(Math.max(0, Math.min(current > index ? current - 1 : current, next.length - 1)));
    form.clear();
    if (next.length === 0) {
      setChoosing('add');
      setStep('choose');
    }
  };

  const importFile = (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    setFileError(null);
    file
      .text()
      .then((text) => {
        const parsed = parseChangesFile(text);
        const added: Draft[] = parsed.changes.map((c) => ({ op: c.op, imported: c }));
        setDrafts((list) => [...list, ...added]);
        // The file's document fields fill those still empty.
        setDoc((d) => ({
          ...d,
          ...Object.fromEntries(
            Object.entries(parsed.doc).filter(
              ([k]) => !d[k as keyof DocValues] || k === 'effectiveAt' || k === 'approvedOn',
            ),
          ),
        }));
        form.clear();
        setStep('form');
      })
      .catch((err: unknown) =>
        setFileError(
          t('record.fileError', {
            name: file.name,
            message: err instanceof Error ? err.message : String(err),
          }),
        ),
      );
  };

  const runPreview = (e: FormEvent) => {
    e.preventDefault();
    setPreviewing(true);
    form.clear();
    // A mutation that writes nothing: a county-wide document travels in the request body.
    client.divisions.preview
      .mutate(input)
      .then((p) => {
        setPreview(p);
        setStep('preview');
      })
      .catch((err: unknown) => form.fail(err, input))
      .finally(() => setPreviewing(false));
  };

  const again = () => {
    setDrafts([]);
    setCurrent(0);
    setDoc((d) => ({ ...d, documentNo: '', description: '' }));
    setPreview(null);
    form.reset();
    submit.reset();
    setChoosing('add');
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

  const fileInput = (
    <label className="button small file-button">
      {t('record.importFile')}
      <input
        type="file"
        accept=".json,application/json"
        onChange={importFile}
        data-testid="changes-file"
        hidden
      />
    </label>
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
        <Section
          id="record-choose"
          title={t('record.chooseTitle')}
          actions={
            <>
              {drafts.length > 0 && (
                <button type="button" className="link" onClick={() => setStep('form')}>
                  {t('record.back')}
                </button>
              )}
              {fileInput}
            </>
          }
        >
          <ChooseKind onChoose={choose} />
          <p className="muted">{t('record.importHint')}</p>
          {fileError && (
            <div className="alert" role="alert">
              {fileError}
            </div>
          )}
        </Section>
      )}

      {step === 'form' && (
        <form
          className="wizard"
          onSubmit={runPreview}
          noValidate
          data-testid="record-form"
          data-op={draft?.op}
        >
          <Refusal
            error={form.error}
            general={placed.general}
            title={t('record.refused')}
            testId="record-errors"
          />
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
          {drafts.length > 1 && (
            <Section
              id="record-changes"
              title={t('record.changesTitle', { n: num(drafts.length) })}
              actions={fileInput}
            >
              <table className="table compact" data-testid="record-changes">
                <thead>
                  <tr>
                    <th scope="col">#</th>
                    <th scope="col">{t('record.changeKind')}</th>
                    <th scope="col">{t('record.changeWhat')}</th>
                    <th scope="col" />
                  </tr>
                </thead>
                <tbody>
                  {drafts.slice(0, 200).map((d, i) => (
                    <tr key={i} className={i === current ? 'current' : ''} data-field={`changes.${i}`}>
                      <td className="num">{i + 1}</td>
                      <td>
                        {label(`op.${d.op}`, d.op)}
                        {isImported(d) && <span className="tag">{t('record.imported')}</span>}
                        {changeHasErrors(i) && <span className="tag tag-ended">{t('record.hasErrors')}</span>}
                      </td>
                      <td>
                        <span className="code">
                          {changeSummary(isImported(d) ? d.imported : buildChange(d.op, d.values))}
                        </span>
                        {/* The current change shows its errors next to its fields; the others here. */}
                        {i !== current || isImported(d) ? (
                          <FieldErrors messages={changeErrors(i)} path={`changes.${i}`} />
                        ) : null}
                      </td>
                      <td className="nowrap">
                        {!isImported(d) && i !== current && (
                          <button type="button" className="small" onClick={() => setCurrent(i)}>
                            {t('record.edit')}
                          </button>
                        )}
                        <button
                          type="button"
                          className="small"
                          onClick={() => remove(i)}
                          aria-label={t('record.remove')}
                        >
                          ×
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {drafts.length > 200 && (
                <p className="muted">{t('record.moreChanges', { n: num(drafts.length - 200) })}</p>
              )}
              {drafts.slice(200).some((_, i) => changeHasErrors(i + 200)) && (
                <p className="alert">{t('record.errorsBeyond')}</p>
              )}
            </Section>
          )}
          {draft && !isImported(draft) && (
            <Section
              id="record-change"
              title={t('record.changeTitle', { op: t(`op.${draft.op}`) })}
              actions={
                <button
                  type="button"
                  className="link"
                  onClick={() => {
                    setChoosing('replace');
                    setStep('choose');
                  }}
                >
                  {t('record.otherKind')}
                </button>
              }
            >
              <p className="muted">{t(`op.${draft.op}.hint`)}</p>
              <div data-field={`changes.${current}`}>
                <FieldErrors
                  messages={errorsOf(`changes.${current}`) ?? errorsOf('changes')}
                  path={`changes.${current}`}
                />
                <ChangeFields
                  op={draft.op}
                  index={current}
                  values={draft.values}
                  setValues={setValues}
                  on={on}
                  errorsOf={errorsOf}
                />
              </div>
            </Section>
          )}
          {fileError && (
            <div className="alert" role="alert">
              {fileError}
            </div>
          )}
          <div className="row">
            <button
              type="button"
              data-testid="add-change"
              onClick={() => {
                setChoosing('add');
                setStep('choose');
              }}
            >
              {t('record.addChange')}
            </button>
            {drafts.length <= 1 && fileInput}
            <button
              type="submit"
              className="primary"
              disabled={previewing || drafts.length === 0}
              data-testid="preview-button"
            >
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
              onClick={() => submit.mutate({ ...input, idempotencyKey: form.key })}
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
          {submit.data.assigned.length > 0 && (
            <AssignedCodes codes={submit.data.assigned satisfies Assigned} />
          )}
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
