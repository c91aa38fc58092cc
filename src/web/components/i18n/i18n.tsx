import { createContext, use, useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { createFormatters, type Formatters } from '@/web/components/i18n/format';
import {
  createTranslator,
  isLanguage,
  locales,
  type Language,
  type Translate,
} from '@/web/components/i18n/translate';

const STORAGE_KEY = 'servicestelle.language';

interface I18nValue {
  language: Language;
  locale: string;
  setLanguage: (language: Language) => void;
  t: Translate;
  format: Formatters;
}

const I18nContext = createContext<I18nValue | null>(null);

function readStoredLanguage(): Language {
  try {
    const stored = window.localStorage.getItem(STORAGE_KEY);
    if (isLanguage(stored)) return stored;
  } catch {
    // Storage can be blocked (private mode, strict settings): German is the default then.
  }
  return 'de';
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(readStoredLanguage);

  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);

  const setLanguage = useCallback((next: Language) => {
    setLanguageState(next);
    try {
      window.localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Not remembered across visits, but the switch still works for this one.
    }
  }, []);

  const value = useMemo<I18nValue>(() => {
    const locale = locales[language];
    return {
      language,
      locale,
      setLanguage,
      t: createTranslator(language),
      format: createFormatters(locale),
    };
  }, [language, setLanguage]);

  return <I18nContext value={value}>{children}</I18nContext>;
}

export function useI18n(): I18nValue {
  const value = use(I18nContext);
  if (!value) throw new Error('useI18n must be used inside <I18nProvider>');
  return value;
}

/** `const t = useT(); t('units.title')` — keys are checked against de.json at compile time. */
export function useT(): Translate {
  return useI18n().t;
}

export function useFormat(): Formatters {
  return useI18n().format;
}
