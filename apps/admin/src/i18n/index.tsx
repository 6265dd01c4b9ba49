/**
 * The UI's languages: Chinese first, English from a switch remembered in localStorage. Every label
 * comes from the two typed dictionaries (a key missing from either fails the type check); dates and
 * numbers are formatted by ./format.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { zh, type MessageKey } from './zh';
import { en } from './en';
import {
  formatChange,
  formatDate,
  formatInstant,
  formatNumber,
  formatPercent,
  formatShare,
  formatWhen,
  type Lang,
} from './format';

export type { Lang, MessageKey };
export type Params = Record<string, string | number>;

const STORAGE_KEY = 'xianzhi.lang';
const dictionaries: Record<Lang, Record<MessageKey, string>> = { zh, en };

export function isMessageKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(zh, key);
}

/** A message with `{name}` placeholders filled in. */
export function translate(lang: Lang, key: MessageKey, params?: Params): string {
  const text = dictionaries[lang][key];
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
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

const I18nContext = createContext<I18n | null>(null);

export function storedLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(storedLang);
  const setLang = useCallback((next: Lang) => {
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // private mode: the choice lasts for this page only
    }
    setLangState(next);
  }, []);
  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    document.title = translate(lang, 'app.title');
  }, [lang]);
  const value = useMemo<I18n>(
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
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error('useI18n outside <I18nProvider>');
  return ctx;
}
