import {
  CASE_EVENTS,
  CLOSED_LOOP_STAGES,
  CONSULTATION_EVENTS,
  CONSULTATION_STATUSES,
  IssueStaffTokenSchema,
  LOCALES,
  ROLES,
  STAFF_ROLES,
  StaffMemberInputSchema,
  WebhookInputSchema,
} from '@jiefen/core';
import { describe, expect, it } from 'vitest';
import { actionFields, flattenFields } from '../src/forms/action-fields.js';
import { deskCatalogs } from '../src/i18n/catalogs.js';
import { STAFF_CASE_EVENTS, STAFF_CONSULTATION_EVENTS } from './support/staff-events.js';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('desk catalogs', () => {
  it('have every key of the zh-CN catalog in every locale, none empty, none extra', async () => {
    const reference = await deskCatalogs.load('zh-CN');
    const keys = Object.keys(reference).sort();
    expect(keys.length).toBeGreaterThan(200);
    for (const locale of LOCALES) {
      const catalog = (await deskCatalogs.load(locale)) as Record<string, string>;
      expect(Object.keys(catalog).sort(), locale).toEqual(keys);
      for (const key of keys) expect(catalog[key]!.trim(), `${locale} ${key}`).not.toBe('');
    }
  });

  it('use the same placeholders in every locale', async () => {
    const reference = (await deskCatalogs.load('zh-CN')) as Record<string, string>;
    let withPlaceholders = 0;
    for (const locale of LOCALES) {
      const catalog = (await deskCatalogs.load(locale)) as Record<string, string>;
      for (const [key, text] of Object.entries(reference)) {
        expect(placeholders(catalog[key]!), `${locale} ${key}`).toEqual(placeholders(text));
        if (placeholders(text).length) withPlaceholders += 1;
      }
    }
    expect(withPlaceholders).toBeGreaterThan(20);
  });

  it('name every staff action, every field and every choice the generated forms can show', async () => {
    const catalog = (await deskCatalogs.load('zh-CN')) as Record<string, string>;
    const forms: Array<[string, Parameters<typeof actionFields>[0]]> = [
      ...STAFF_CASE_EVENTS.map(
        (type) => [type, CASE_EVENTS[type].payload] as [string, Parameters<typeof actionFields>[0]],
      ),
      ...STAFF_CONSULTATION_EVENTS.map(
        (type) => [type, CONSULTATION_EVENTS[type].payload] as [string, Parameters<typeof actionFields>[0]],
      ),
      ['member.create', StaffMemberInputSchema],
      ['token.issue', IssueStaffTokenSchema],
      ['webhook.create', WebhookInputSchema],
    ];
    expect(forms.length).toBeGreaterThan(25);
    const missing: string[] = [];
    for (const [type, schema] of forms) {
      if (!catalog[`action.${type}`]) missing.push(`action.${type}`);
      for (const field of flattenFields(actionFields(schema))) {
        if (!catalog[`field.${type}.${field.path}`] && !catalog[`field.${field.path}`])
          missing.push(`field.${field.path} (${type})`);
        if (field.kind === 'choice')
          for (const option of field.options) if (!catalog[`choice.${option}`]) missing.push(`choice.${option}`);
      }
    }
    for (const stage of ['all', ...CLOSED_LOOP_STAGES]) if (!catalog[`stage.${stage}`]) missing.push(`stage.${stage}`);
    for (const status of CONSULTATION_STATUSES) if (!catalog[`status.${status}`]) missing.push(`status.${status}`);
    for (const role of new Set([...ROLES, ...STAFF_ROLES]))
      if (!catalog[`choice.${role}`]) missing.push(`choice.${role}`);
    expect(missing).toEqual([]);
  });
});
