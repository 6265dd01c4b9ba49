/**
 * What the command forms of the reform's pages (zones, party organisations, power lists, cadre pay
 * and training) share, built on the admin kit: the decision's document and effective date with the
 * server's problems next to them, the county the decision is for, the call that refreshes the
 * module's queries after success, and the line that says what was recorded.
 */
import { useState, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Field, Refusal, countyToday, useText, type CommandForm, type Messages } from '@xianzhi/admin-kit';
import { useCounties } from '../../components/Header';

export const DOCUMENT_TEXT = {
  zh: {
    documentNo: '文号',
    issuedBy: '发文机关',
    effectiveAt: '生效日期',
    submit: '提交',
    sending: '提交中…',
    refused: '不予受理',
    done: '已记录 {n} 个事件（位置 {position}），页面数据已刷新。',
    replayed: '这条命令已记录过，未重复写入。',
    again: '再记录一项',
    choose: '请选择',
  },
  en: {
    documentNo: 'Document no.',
    issuedBy: 'Issued by',
    effectiveAt: 'Effective on',
    submit: 'Submit',
    sending: 'Submitting…',
    refused: 'Refused',
    done: 'Recorded {n} events (position {position}); the page is refreshed.',
    replayed: 'This command was already recorded; nothing was written twice.',
    again: 'Record another',
    choose: 'Choose…',
  },
} satisfies Messages;

/** The input paths of the decision's own fields. */
export const DOCUMENT_FIELDS = [
  'countyCode',
  'effectiveAt',
  'authority',
  'authority.documentNo',
  'authority.issuedBy',
];

export interface DocumentValues {
  documentNo: string;
  issuedBy: string;
  effectiveAt: string;
}

export interface CommandResult {
  events: unknown[];
  lastPosition: number;
  replayed?: boolean;
}

/** The form's document and date, starting on `on` (the page's date). */
export function useDocument(on?: string) {
  return useState<DocumentValues>({ documentNo: '', issuedBy: '', effectiveAt: on ?? countyToday() });
}

/** `{ countyCode, effectiveAt, authority? }` of a decision (an empty document is left out: the server says whether it needs one). */
export function decisionOf(countyCode: string, v: DocumentValues) {
  const documentNo = v.documentNo.trim();
  const issuedBy = v.issuedBy.trim();
  return {
    countyCode,
    effectiveAt: v.effectiveAt,
    ...(documentNo || issuedBy ? { authority: { documentNo, issuedBy } } : {}),
  };
}

/** The county of the signed-in user: the registry's county, else the county of a township it sees (a token limited to one). */
export function useCountyCode(fallbackCode?: string | null): string {
  const counties = useCounties();
  return counties.data?.[0]?.code ?? fallbackCode?.slice(0, 6) ?? '';
}

/** The messages of `paths` (a single change reports `townshipId`, the list's validation `changes.0.townshipId`). */
export const errorsAt = (form: CommandForm<CommandResult>, ...paths: string[]): string[] | undefined => {
  const all = paths.flatMap((p) => form.errorsOf(p) ?? []);
  return all.length ? all : undefined;
};

/** Sends the command; on success the module's queries (and the event log) are fetched again. */
export function useSend(module: string) {
  const queryClient = useQueryClient();
  return async (
    form: CommandForm<CommandResult>,
    input: object,
    call: (i: never) => Promise<CommandResult>,
  ) => {
    const out = await form.run(input, call as (i: { idempotencyKey: string }) => Promise<CommandResult>);
    if (out !== undefined) {
      // the live refresh (system.changes) does the same for every open page; this one need not wait for it
      const namespaces = [module, 'events'];
      await queryClient.invalidateQueries({
        predicate: (q) =>
          Array.isArray(q.queryKey[0]) && namespaces.includes(String((q.queryKey[0] as unknown[])[0])),
      });
    }
    return out;
  };
}

export function DocumentFields({
  form,
  values,
  onChange,
  documentRequired = false,
}: {
  form: CommandForm<CommandResult>;
  values: DocumentValues;
  onChange: (v: DocumentValues) => void;
  documentRequired?: boolean;
}) {
  const { text } = useText(DOCUMENT_TEXT);
  const input = (key: 'documentNo' | 'issuedBy', path: string) => (
    <Field
      label={text[key]}
      path={path}
      errors={errorsAt(form, path, path === 'authority.documentNo' ? 'authority' : '')}
      required={documentRequired}
    >
      <input
        type="text"
        value={values[key]}
        aria-label={text[key]}
        aria-invalid={!!form.errorsOf(path)}
        data-testid={`doc-${key}`}
        onChange={(e) => onChange({ ...values, [key]: e.target.value })}
      />
    </Field>
  );
  return (
    <div className="grid-3">
      {input('documentNo', 'authority.documentNo')}
      {input('issuedBy', 'authority.issuedBy')}
      <Field label={text.effectiveAt} path="effectiveAt" errors={form.errorsOf('effectiveAt')} required>
        <input
          type="date"
          value={values.effectiveAt}
          aria-label={text.effectiveAt}
          aria-invalid={!!form.errorsOf('effectiveAt')}
          data-testid="doc-effectiveAt"
          onChange={(e) => onChange({ ...values, effectiveAt: e.target.value })}
        />
      </Field>
    </div>
  );
}

/** A command form's frame: its refusal on top, its fields, the submit button; after success, what was recorded. */
export function CommandFrame({
  form,
  testId,
  onSubmit,
  onAgain,
  children,
}: {
  form: CommandForm<CommandResult>;
  testId: string;
  onSubmit: () => void;
  onAgain?: () => void;
  children: ReactNode;
}) {
  const { text, t } = useText(DOCUMENT_TEXT);
  if (form.done) {
    return (
      <div data-testid={`${testId}-done`} role="status">
        <p>
          {form.done.replayed
            ? text.replayed
            : t('done', { n: form.done.events.length, position: form.done.lastPosition })}
        </p>
        <button
          type="button"
          onClick={() => {
            form.reset();
            onAgain?.();
          }}
        >
          {text.again}
        </button>
      </div>
    );
  }
  return (
    <form
      className="wizard"
      noValidate
      data-testid={testId}
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      <Refusal
        error={form.error}
        general={form.placed.general}
        title={text.refused}
        testId={`${testId}-errors`}
      />
      {children}
      <div className="row">
        <button type="submit" className="primary" disabled={form.pending} data-testid={`${testId}-submit`}>
          {form.pending ? text.sending : text.submit}
        </button>
      </div>
    </form>
  );
}

/** A select of `options` with a "choose" first. */
export function Choice({
  value,
  onChange,
  options,
  label,
  invalid,
  testId,
}: {
  value: string;
  onChange: (v: string) => void;
  options: readonly { value: string; label: string }[];
  label: string;
  invalid?: boolean;
  testId?: string;
}) {
  const { text } = useText(DOCUMENT_TEXT);
  return (
    <select
      value={value}
      aria-label={label}
      aria-invalid={invalid}
      data-testid={testId}
      onChange={(e) => onChange(e.target.value)}
    >
      <option value="">{text.choose}</option>
      {options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </select>
  );
}
