import { DEFAULT_LOCALE, formatFromCatalog, formatMessage, type Locale, type LocalizedText } from '@jiefen/core';
import en from './catalogs/en.js';
import { SDK_MESSAGES_ZH_CN, type SdkMessageKey } from './catalogs/zh-CN.js';
import zhHK from './catalogs/zh-HK.js';

/**
 * Every SDK message in every locale, for Node integrators and tests (the root `@jiefen/sdk` entry).
 * Pages use `formatSdkMessage` with `loadSdkMessages` and pay for one locale.
 */
export const SDK_MESSAGES: Readonly<Record<SdkMessageKey, LocalizedText>> = Object.fromEntries(
  (Object.keys(SDK_MESSAGES_ZH_CN) as SdkMessageKey[]).map((key) => [
    key,
    { 'zh-CN': SDK_MESSAGES_ZH_CN[key], 'zh-HK': zhHK[key], en: en[key] },
  ]),
) as Record<SdkMessageKey, LocalizedText>;

/**
 * `formatSdkMessage` with every locale present (the root entry's): no `loadSdkMessages` needed.
 * Core keys render from the core catalog.
 */
export function formatSdkMessageInAnyLocale(
  key: string,
  params: Record<string, string | number> = {},
  locale: Locale = DEFAULT_LOCALE,
): string {
  return formatFromCatalog(SDK_MESSAGES, key, params, locale) ?? formatMessage(key, params, locale);
}
