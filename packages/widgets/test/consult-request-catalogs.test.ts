import { LOCALES } from '@jiefen/core';
import { describe, expect, it } from 'vitest';
import { consultCatalogs } from '../src/consult-request/i18n/catalogs.js';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('consultation request catalogs', () => {
  it('have every key of the default (zh-CN) catalog in every locale, none empty, none extra', async () => {
    const reference = await consultCatalogs.load('zh-CN');
    const keys = Object.keys(reference).sort();
    expect(keys.length).toBeGreaterThan(100);
    for (const locale of LOCALES) {
      const catalog = (await consultCatalogs.load(locale)) as Record<string, string>;
      expect(Object.keys(catalog).sort(), locale).toEqual(keys);
      for (const key of keys) expect(catalog[key]!.trim(), `${locale} ${key}`).not.toBe('');
    }
  });

  it('use the same placeholders in every locale', async () => {
    const reference = (await consultCatalogs.load('zh-CN')) as Record<string, string>;
    let withPlaceholders = 0;
    for (const locale of LOCALES) {
      const catalog = (await consultCatalogs.load(locale)) as Record<string, string>;
      for (const [key, text] of Object.entries(reference)) {
        expect(placeholders(catalog[key]!), `${locale} ${key}`).toEqual(placeholders(text));
        if (placeholders(text).length) withPlaceholders += 1;
      }
    }
    expect(withPlaceholders).toBeGreaterThan(10);
  });

  it('name every stage and channel the core knows, in each locale', async () => {
    const { CONSULTATION_STATUSES, CONSULTATION_CHANNELS } = await import('@jiefen/core');
    for (const locale of LOCALES) {
      const catalog = (await consultCatalogs.load(locale)) as Record<string, string>;
      for (const status of CONSULTATION_STATUSES)
        expect(catalog[`now.${status}`], `${locale} now.${status}`).toBeTruthy();
      for (const channel of CONSULTATION_CHANNELS)
        expect(catalog[`channel.${channel}`], `${locale} ${channel}`).toBeTruthy();
    }
  });
});
