import { LOCALES } from '@jiefen/core';
import { describe, expect, it } from 'vitest';
import { interpolate } from '../src/i18n/localize.js';
import { intakeCatalogs } from '../src/intake-form/i18n/catalogs.js';

const loadCatalog = intakeCatalogs.load;

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('intake form catalogs', () => {
  it('have every key of the default (zh-CN) catalog in every locale, none empty, none extra', async () => {
    const reference = await loadCatalog('zh-CN');
    const keys = Object.keys(reference).sort();
    expect(keys.length).toBeGreaterThan(100);
    for (const locale of LOCALES) {
      const catalog = await loadCatalog(locale);
      expect(Object.keys(catalog).sort(), locale).toEqual(keys);
      for (const key of keys) expect((catalog as Record<string, string>)[key]!.trim(), `${locale} ${key}`).not.toBe('');
    }
  });

  it('use the same placeholders in every locale', async () => {
    const reference = (await loadCatalog('zh-CN')) as Record<string, string>;
    let withPlaceholders = 0;
    for (const locale of LOCALES) {
      const catalog = (await loadCatalog(locale)) as Record<string, string>;
      for (const [key, text] of Object.entries(reference)) {
        expect(placeholders(catalog[key]!), `${locale} ${key}`).toEqual(placeholders(text));
        if (placeholders(text).length) withPlaceholders += 1;
      }
    }
    expect(withPlaceholders).toBeGreaterThan(10);
  });

  it('are separate modules: loading one locale does not load the others', async () => {
    const en = await loadCatalog('en');
    const zhCN = await loadCatalog('zh-CN');
    expect(en['form.next']).toBe('Next');
    expect(zhCN['form.next']).toBe('下一步');
  });

  it('fill placeholders and leave unknown ones visible', () => {
    expect(interpolate('第 {current} 步，共 {total} 步', { current: 2, total: 6 })).toBe('第 2 步，共 6 步');
    expect(interpolate('{missing}', {})).toBe('{missing}');
  });
});
