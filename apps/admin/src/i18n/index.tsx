/**
 * The shell's words: Chinese first, English from a switch (the admin kit's language, shared with
 * every module's pages). Every label comes from the two typed dictionaries (a key missing from either
 * fails the type check); dates and numbers are formatted by the kit.
 */
import { useCallback, useMemo, type ReactNode } from 'react';
import {
  LangProvider,
  fill,
  formatChange,
  formatDate,
  formatInstant,
  formatNumber,
  formatPercent,
  formatShare,
  formatWhen,
  useLang,
  type Lang,
  type Params,
} from '@xianzhi/admin-kit';
import { zh, type MessageKey } from './zh';
import { en } from './en';

export type { Lang, MessageKey, Params };

const dictionaries: Record<Lang, Record<MessageKey, string>> = { zh, en };

export function isMessageKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(zh, key);
}

/** A message with `{name}` placeholders filled in. */
export function translate(lang: Lang, key: MessageKey, params?: Params): string {
  return fill(dictionaries[lang][key], params);
}

export interface I18n {
  lang: Lang;
  setLang: (lang: Lang) => void;
  t: (key: MessageKey, params?: Params) => string;
  /** A label for a dynamic key (`kind.town`, `event.divisions.merged`), or the fallback when none exists. */
  label: (key: string, fallback?: string) => string;
  date: (value: string | null | undefined) => string;
  instant: (value: string | null | undefined) => string;
  when: (value: string | null | undefined) => string;
  num: (n: number) => string;
  change: (n: number) => string;
  percent: (p: number | null) => string;
  /** A share in percent, unsigned (45.3%); — for none. */
  share: (p: number | null | undefined) => string;
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const titled = useCallback((lang: Lang) => {
    document.title = translate(lang, 'app.title');
  }, []);
  return <LangProvider onChange={titled}>{children}</LangProvider>;
}

export function useI18n(): I18n {
  const { lang, setLang } = useLang();
  return useMemo<I18n>(
    () => ({
      lang,
      setLang,
      t: (key, params) => translate(lang, key, params),
      label: (key, fallback) => (isMessageKey(key) ? translate(lang, key) : (fallback ?? key)),
      date: (v) => formatDate(lang, v),
      instant: (v) => formatInstant(lang, v),
      when: (v) => formatWhen(lang, v),
      num: (n) => formatNumber(lang, n),
      change: (n) => formatChange(lang, n),
      percent: (p) => formatPercent(lang, p),
      share: (p) => formatShare(lang, p),
    }),
    [lang, setLang],
  );
}
