/** The three locales every resident-facing text ships in. zh-CN is the default. */
export const LOCALES = ['zh-CN', 'zh-HK', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'zh-CN';

/** A text in every supported locale. Tenants must label everything residents see in all three. */
export type LocalizedText = Record<Locale, string>;

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/**
 * Best locale for a BCP 47 tag or Accept-Language style list: zh-TW/zh-MO/zh-Hant fall back to zh-HK
 * (Traditional script), any other zh to zh-CN, any other language to en.
 */
export function resolveLocale(tags: string | readonly string[] | null | undefined): Locale {
  const list = typeof tags === 'string' ? tags.split(',') : (tags ?? []);
  for (const raw of list) {
    const tag = raw.split(';')[0]?.trim().toLowerCase() ?? '';
    if (!tag) continue;
    if (tag === 'zh-hk' || tag === 'zh-tw' || tag === 'zh-mo' || tag.startsWith('zh-hant')) return 'zh-HK';
    if (tag.startsWith('zh')) return 'zh-CN';
    if (tag.startsWith('en')) return 'en';
  }
  return DEFAULT_LOCALE;
}

export function pickText(text: LocalizedText, locale: Locale): string {
  return text[locale] || text[DEFAULT_LOCALE];
}
