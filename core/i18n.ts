import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import i18next, { type i18n } from 'i18next';

export const SUPPORTED_LOCALES = ['en', 'zh-CN'] as const;
export type Locale = (typeof SUPPORTED_LOCALES)[number];
/** A message key (and its parameters) to text in one locale. */
export type Translate = (key: string, params?: Record<string, unknown>) => string;

const LOCALES_DIR = fileURLToPath(new URL('../locales/', import.meta.url));

export function loadLocaleFile(locale: Locale): Record<string, unknown> {
  return JSON.parse(readFileSync(`${LOCALES_DIR}${locale}.json`, 'utf8')) as Record<string, unknown>;
}

/** Maps a platform locale (`en-US`, `zh-CN`, `zh`) to one we ship, or undefined. */
export function toSupportedLocale(value: string | undefined | null): Locale | undefined {
  if (!value) return undefined;
  const lower = value.toLowerCase();
  if (lower.startsWith('zh')) return 'zh-CN';
  if (lower.startsWith('en')) return 'en';
  return undefined;
}

export function firstSupportedLocale(...candidates: Array<string | null | undefined>): Locale | undefined {
  for (const candidate of candidates) {
    const locale = toSupportedLocale(candidate);
    if (locale) return locale;
  }
  return undefined;
}

export interface Translator {
  t(locale: Locale, key: string, params?: Record<string, unknown>): string;
  forLocale(locale: Locale): Translate;
  /** For a locale as a platform reports it (`en-US`, `zh-TW`…); the default when none we ship. */
  forPlatformLocale(value: string | undefined | null): Translate;
  exists(key: string): boolean;
}

export async function createTranslator(fallback: Locale): Promise<Translator> {
  const instance: i18n = i18next.createInstance();
  await instance.init({
    resources: Object.fromEntries(SUPPORTED_LOCALES.map((l) => [l, { translation: loadLocaleFile(l) }])),
    fallbackLng: fallback,
    supportedLngs: [...SUPPORTED_LOCALES],
    interpolation: { escapeValue: false },
    returnNull: false,
    initAsync: false,
    showSupportNotice: false,
  });
  const t = (locale: Locale, key: string, params?: Record<string, unknown>) =>
    instance.getFixedT(locale)(key, params ?? {}) as string;
  return {
    t,
    forLocale: (locale) => (key, params) => t(locale, key, params),
    forPlatformLocale: (value) => (key, params) => t(toSupportedLocale(value) ?? fallback, key, params),
    exists: (key) => instance.exists(key, { lng: 'en' }),
  };
}
