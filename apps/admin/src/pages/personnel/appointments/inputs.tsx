/** The appointment form's own inputs: a cadre by id with suggestions by name, and a post with its holders. */
import { useDeferredValue, useId } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../../../api/client';
import type { PostRow } from '../../../api/types';
import { useI18n } from '../../../i18n';

/** A cadre by id, with suggestions by name, resolved as of `on`. */
export function PersonInput({
  value,
  onChange,
  on,
  label,
  invalid,
}: {
  value: string;
  onChange: (v: string) => void;
  on: string;
  label: string;
  invalid: boolean;
}) {
  const trpc = useTRPC();
  const { t, date } = useI18n();
  const listId = useId();
  const q = useDeferredValue(value.trim());
  const suggestions = useQuery({
    ...trpc.personnel.search.queryOptions({ q, limit: 20, asOf: on }),
    enabled: q.length > 0,
    placeholderData: (prev) => prev,
  });
  const person = useQuery({
    ...trpc.personnel.person.queryOptions({ personId: q, asOf: on }),
    enabled: q.length > 0,
  });
  const p = person.data;
  return (
    <>
      <input
        type="text"
        list={listId}
        value={value}
        aria-label={label}
        aria-invalid={invalid}
        placeholder={t('personnel.personHint')}
        data-testid="person-input"
        onChange={(e) => onChange(e.target.value)}
      />
      <datalist id={listId}>
        {suggestions.data?.map((s) => (
          <option key={s.id} value={s.id}>
            {s.name}
            {s.career
              .filter((c) => c.to === null)
              .map((c) => ` · ${c.label}`)
              .join('')}
          </option>
        ))}
      </datalist>
      {p && (
        <span className="resolved" data-testid="person-resolved">
          {p.name} · {t(`personnel.gender.${p.gender}`)} · {t('personnel.born', { date: date(p.birthDate) })}{' '}
          · {p.educationLabel} · {p.partyMember ? t('personnel.partyMember') : t('personnel.notPartyMember')}
        </span>
      )}
    </>
  );
}

export interface PostOption {
  postId: string;
  label: string;
  holders: PostRow['holders'];
}

export function PostSelect({
  options,
  value,
  onChange,
  label,
  invalid,
  testId,
}: {
  options: PostOption[];
  value: string;
  onChange: (v: string) => void;
  label: string;
  invalid: boolean;
  testId: string;
}) {
  const { t } = useI18n();
  return (
    <select
      value={value}
      aria-label={label}
      aria-invalid={invalid}
      data-testid={testId}
      onChange={(e) => onChange(e.target.value)}
    >
      <option value="">{t('record.choose')}</option>
      {options.map((o) => (
        <option key={o.postId} value={o.postId}>
          {o.label} — {o.holders.length ? o.holders.map((h) => h.name).join('、') : t('personnel.vacant')}
        </option>
      ))}
    </select>
  );
}
