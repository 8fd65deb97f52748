import { DEFAULT_LOCALE, formatMessage, type Locale } from '@jiefen/core';
import { SDK_MESSAGES_ZH_CN, type SdkMessageKey } from './catalogs/zh-CN.js';

export type { SdkMessageKey };

/**
 * The SDK's messages, one catalog per locale. Simplified Chinese (the default) is inline: it is
 * 1 kB gzip, and the message a resident most needs ("the connection failed") must render offline,
 * when a lazily loaded catalog could not be fetched. The others load on first use
 * (`loadSdkMessages`), so a page pays for one locale.
 */
const catalogs: Partial<Record<Locale, Readonly<Record<SdkMessageKey, string>>>> = {
  'zh-CN': SDK_MESSAGES_ZH_CN,
};

const loaders: Record<Locale, () => Promise<Readonly<Record<SdkMessageKey, string>>>> = {
  'zh-CN': async () => SDK_MESSAGES_ZH_CN,
  'zh-HK': async () => (await import('./catalogs/zh-HK.js')).default,
  en: async () => (await import('./catalogs/en.js')).default,
};

/**
 * Load the SDK's catalog for a locale (once); until it is loaded, `formatSdkMessage` renders SDK
 * keys in the default locale. The actors load their locale before their first screen and on
 * `*.set_locale`. Core keys (`validation.*`, `workflow.*`) need no loading.
 */
export async function loadSdkMessages(locale: Locale): Promise<void> {
  if (catalogs[locale]) return;
  const load = loaders[locale];
  if (load) catalogs[locale] = await load();
}

/** Whether `loadSdkMessages(locale)` has completed (the default locale always has). */
export function hasSdkMessages(locale: Locale): boolean {
  return catalogs[locale] !== undefined;
}

export function isSdkMessageKey(key: string): key is SdkMessageKey {
  return Object.hasOwn(SDK_MESSAGES_ZH_CN, key);
}

/** Render an SDK or core message key in a locale, filling `{name}` placeholders. */
export function formatSdkMessage(
  key: string,
  params: Record<string, string | number> = {},
  locale: Locale = DEFAULT_LOCALE,
): string {
  if (!isSdkMessageKey(key)) return formatMessage(key, params, locale);
  const template = (catalogs[locale] ?? SDK_MESSAGES_ZH_CN)[key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole,
  );
}
