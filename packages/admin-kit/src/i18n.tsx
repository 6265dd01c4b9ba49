/**
 * The UI's language, Chinese first: one provider for the shell and every module's pages, the choice
 * remembered in localStorage. Each module keeps its own typed dictionaries (`{ zh, en }`, a key
 * missing from either fails the type check) and reads them with `useText`; dates and numbers are
 * formatted by ./format.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { formatDate, formatNumber, formatShare, formatWhen, type Lang } from './format';

export type { Lang };
export type Params = Record<string, string | number>;
/** A module's messages in both languages, the same keys in each. */
export type Messages<Keys extends string = string> = Record<Lang, Record<Keys, string>>;

const STORAGE_KEY = 'xianzhi.lang';

export function storedLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
}

/** `text` with its `{name}` placeholders filled in from `params`. */
export function fill(text: string, params?: Params): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

interface LangState {
  lang: Lang;
  setLang: (lang: Lang) => void;
}

const LangContext = createContext<LangState | null>(null);

export function LangProvider({
  children,
  onChange,
}: {
  children: ReactNode;
  onChange?: (lang: Lang) => void;
}) {
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
    onChange?.(lang);
  }, [lang, onChange]);
  const value = useMemo(() => ({ lang, setLang }), [lang, setLang]);
  return <LangContext.Provider value={value}>{children}</LangContext.Provider>;
}

/** The UI's language and its switch. */
export function useLang(): LangState {
  const ctx = useContext(LangContext);
  if (!ctx) throw new Error('useLang outside <LangProvider> (the admin shell provides it)');
  return ctx;
}

/**
 * A module's dictionary in the UI's language, and the formatting of that language.
 *
 * @example
 * const TEXT = { zh: { title: '学校布局' }, en: { title: 'School layout' } } satisfies Messages;
 * const { text, date, num } = useText(TEXT);
 */
export function useText<Dictionary extends Record<string, string>>(messages: Record<Lang, Dictionary>) {
  const { lang } = useLang();
  return useMemo(
    () => ({
      lang,
      text: messages[lang],
      t: (key: keyof Dictionary & string, params?: Params) => fill(String(messages[lang][key]), params),
      date: (v: string | null | undefined) => formatDate(lang, v),
      when: (v: string | null | undefined) => formatWhen(lang, v),
      num: (n: number | null | undefined) => (n === null || n === undefined ? '—' : formatNumber(lang, n)),
      share: (p: number | null | undefined) => formatShare(lang, p),
    }),
    [lang, messages],
  );
}
