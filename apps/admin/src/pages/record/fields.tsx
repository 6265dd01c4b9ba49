/** The wizard's inputs: a division picker (search as of the effective date), selects, errors. */
import { useDeferredValue, useId } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../../api/client';
import { type DivisionKind } from '../../api/types';
import { useI18n } from '../../i18n';

const KINDS: DivisionKind[] = [
  'town',
  'xiang',
  'ethnic-xiang',
  'subdistrict',
  'zone',
  'village',
  'community',
  'villager-group',
  'resident-group',
  'county',
];
const CLASSES = [
  'main-urban-town',
  'sub-centre-town',
  'central-town',
  'characteristic-town',
  'border-town',
  'central-village',
  'key-village',
  'characteristic-village',
];

/** The field and its errors are the command-form kit's (shared by every command page). */
export { Field, FieldErrors } from '@xianzhi/admin-kit';

/** A division by code or id, with suggestions from the registry as of `on`. */
export function DivisionInput({
  value,
  onChange,
  on,
  label,
  path,
  invalid,
}: {
  value: string;
  onChange: (v: string) => void;
  on: string;
  label: string;
  path: string;
  invalid: boolean;
}) {
  const trpc = useTRPC();
  const { t, label: labelOf } = useI18n();
  const listId = useId();
  const q = useDeferredValue(value.trim());
  const suggestions = useQuery({
    ...trpc.divisions.search.queryOptions({ q, limit: 20, asOf: on }),
    enabled: q.length > 0,
    placeholderData: (prev) => prev,
  });
  const resolved = useQuery({
    ...trpc.divisions.get.queryOptions({ id: q, asOf: on }),
    enabled: q.length >= 6 || q.startsWith('div-'),
  });
  const d = resolved.data;
  return (
    <>
      <input
        type="text"
        list={listId}
        value={value}
        aria-label={label}
        aria-invalid={invalid}
        data-path={path}
        placeholder={t('record.divisionHint')}
        onChange={(e) => onChange(e.target.value)}
      />
      <datalist id={listId}>
        {suggestions.data?.map((n) => (
          <option key={n.id} value={n.code ?? n.id}>
            {n.name} · {labelOf(`kind.${n.kind}`, n.kind)}
          </option>
        ))}
      </datalist>
      {d && (
        <span className={d.ended ? 'resolved ended' : 'resolved'} data-testid={`resolved-${path}`}>
          {d.name} · {labelOf(`kind.${d.kind}`, d.kind)}
          {d.ended ? ` · ${t('record.ended')}` : ''}
        </span>
      )}
    </>
  );
}

export function KindSelect({
  value,
  onChange,
  label,
  optional,
}: {
  value: string;
  onChange: (v: string) => void;
  label: string;
  optional?: boolean;
}) {
  const { t } = useI18n();
  return (
    <select value={value} aria-label={label} onChange={(e) => onChange(e.target.value)}>
      <option value="">{optional ? t('record.sameKind') : t('record.choose')}</option>
      {KINDS.map((k) => (
        <option key={k} value={k}>
          {t(`kind.${k}`)}
        </option>
      ))}
    </select>
  );
}

export function ClassSelect({
  value,
  onChange,
  label,
  nullable,
}: {
  value: string;
  onChange: (v: string) => void;
  label: string;
  nullable?: boolean;
}) {
  const { t, label: labelOf } = useI18n();
  return (
    <select value={value} aria-label={label} onChange={(e) => onChange(e.target.value)}>
      <option value="">{nullable ? t('record.noClass') : t('record.optional')}</option>
      {CLASSES.map((c) => (
        <option key={c} value={c}>
          {labelOf(`class.${c}`, c)}
        </option>
      ))}
    </select>
  );
}
