import { LOCALES } from '@jiefen/core';
import { describe, expect, it } from 'vitest';
import { trackerCatalogs } from '../src/case-tracker/i18n/catalogs.js';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('case tracker catalogs', () => {
  it('have every key of the default (zh-CN) catalog in every locale, none empty, none extra', async () => {
    const reference = await trackerCatalogs.load('zh-CN');
    const keys = Object.keys(reference).sort();
    expect(keys.length).toBeGreaterThan(120);
    for (const locale of LOCALES) {
      const catalog = (await trackerCatalogs.load(locale)) as Record<string, string>;
      expect(Object.keys(catalog).sort(), locale).toEqual(keys);
      for (const key of keys) expect(catalog[key]!.trim(), `${locale} ${key}`).not.toBe('');
    }
  });

  it('use the same placeholders in every locale', async () => {
    const reference = (await trackerCatalogs.load('zh-CN')) as Record<string, string>;
    let withPlaceholders = 0;
    for (const locale of LOCALES) {
      const catalog = (await trackerCatalogs.load(locale)) as Record<string, string>;
      for (const [key, text] of Object.entries(reference)) {
        expect(placeholders(catalog[key]!), `${locale} ${key}`).toEqual(placeholders(text));
        if (placeholders(text).length) withPlaceholders += 1;
      }
    }
    expect(withPlaceholders).toBeGreaterThan(10);
  });

  it('name every closed-loop stage, next step and stage-deadline kind the core can produce', async () => {
    const { CLOSED_LOOP_STAGES, NEXT_STEPS } = await import('@jiefen/core');
    const zhCN = (await trackerCatalogs.load('zh-CN')) as Record<string, string>;
    expect(CLOSED_LOOP_STAGES.length).toBeGreaterThan(5);
    for (const stage of CLOSED_LOOP_STAGES) expect(zhCN[`stage.${stage}`], stage).toBeTruthy();
    for (const step of NEXT_STEPS) expect(zhCN[`what.${step}`], step).toBeTruthy();
    for (const kind of ['registration_review', 'information', 'routing', 'handling', 'follow_up'])
      expect(zhCN[`stage_deadline.${kind}`], kind).toBeTruthy();
  });
});
