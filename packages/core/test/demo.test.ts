import { describe, expect, it } from 'vitest';
import {
  QINGSHAN_DEMO_HANDLER_DEPARTMENTS,
  qingshanSampleConsultation,
  qingshanSampleFiling,
  qingshanTenant,
} from '../src/demo/index.js';
import {
  FIELD_TYPES,
  LOCALES,
  type LocalizedText,
  orgUnits,
  TenantConfigSchema,
  tenantConfigProblems,
  validate,
  validateCaseFiling,
  validateConsultationRequest,
} from '../src/index.js';

const TODAY = '2025-06-01';

/** Every object shaped like a LocalizedText anywhere in the value, with its path for failure messages. */
function localizedTexts(value: unknown, path = ''): Array<{ path: string; text: LocalizedText }> {
  if (typeof value !== 'object' || value === null) return [];
  const keys = Object.keys(value);
  if (keys.length === LOCALES.length && LOCALES.every((l) => keys.includes(l))) {
    return [{ path, text: value as LocalizedText }];
  }
  return Object.entries(value).flatMap(([key, child]) => localizedTexts(child, path ? `${path}.${key}` : key));
}

/** Simplified characters that never appear in Traditional text, with their Traditional forms. */
const SIMPLIFIED_TO_TRADITIONAL: Record<string, string> = {
  区: '區',
  镇: '鎮',
  纠: '糾',
  纷: '紛',
  调: '調',
  劳: '勞',
  资: '資',
  医: '醫',
  疗: '療',
  业: '業',
  务: '務',
  邻: '鄰',
  会: '會',
  员: '員',
  权: '權',
  属: '屬',
  产: '產',
  问: '問',
  题: '題',
  费: '費',
  检: '檢',
  边: '邊',
};
const simplifiedOnly = new RegExp(`[${Object.keys(SIMPLIFIED_TO_TRADITIONAL).join('')}]`, 'u');

describe('the qingshan demo tenant', () => {
  it('passes the tenant schema and has no cross-reference problems', () => {
    const result = validate(TenantConfigSchema, qingshanTenant);
    expect(result.success ? [] : result.issues).toEqual([]);
    expect(tenantConfigProblems(qingshanTenant)).toEqual([]);
  });

  it('has a district, seven town and street centres, and two to four villages or communities each', () => {
    const { organisation } = qingshanTenant;
    expect(organisation.kind).toBe('district');
    expect(organisation.children).toHaveLength(7);
    const kinds = new Set(organisation.children?.map((c) => c.kind));
    expect(kinds).toEqual(new Set(['town', 'street']));
    for (const centre of organisation.children ?? []) {
      expect(centre.children?.length).toBeGreaterThanOrEqual(2);
      expect(centre.children?.length).toBeLessThanOrEqual(4);
    }
  });

  it('routes urgent cases to the district public security bureau', () => {
    const psb = qingshanTenant.departments.find((d) => d.id === qingshanTenant.publicSecurityDepartmentId);
    expect(psb?.kind).toBe('public_security');
    expect(psb?.orgUnitId).toBe(qingshanTenant.organisation.id);
  });

  it('covers the six integrated forces and a mediation committee in every village and community', () => {
    const kinds = new Set(qingshanTenant.departments.map((d) => d.kind));
    for (const kind of ['grid', 'court', 'procuratorate', 'public_security', 'justice', 'platform'] as const) {
      expect(kinds).toContain(kind);
    }
    const places = [...orgUnits(qingshanTenant.organisation)].filter(
      (u) => u.kind === 'village' || u.kind === 'community',
    );
    for (const place of places) {
      expect(
        qingshanTenant.departments.some((d) => d.kind === 'mediation_committee' && d.orgUnitId === place.id),
        place.id,
      ).toBe(true);
    }
  });

  it('labels everything in all three locales', () => {
    const texts = localizedTexts(qingshanTenant);
    expect(texts.length).toBeGreaterThan(100);
    for (const { path, text } of texts) {
      for (const locale of LOCALES) expect(text[locale].trim(), `${path}.${locale}`).not.toBe('');
    }
  });

  it('writes zh-HK in Traditional characters', () => {
    for (const { path, text } of localizedTexts(qingshanTenant)) {
      expect(text['zh-HK'], path).not.toMatch(simplifiedOnly);
      if (simplifiedOnly.test(text['zh-CN'])) expect(text['zh-HK'], path).not.toBe(text['zh-CN']);
    }
    expect(qingshanTenant.organisation.name['zh-HK']).toBe('青山區');
    const family = qingshanTenant.categories.find((c) => c.id === 'family');
    expect(family?.name).toMatchObject({ 'zh-CN': '婚姻家庭纠纷', 'zh-HK': '婚姻家庭糾紛' });
    const labour = qingshanTenant.categories.find((c) => c.id === 'labour');
    expect(labour?.name).toMatchObject({ 'zh-CN': '劳资纠纷', 'zh-HK': '勞資糾紛' });
  });

  it('uses every dynamic field type at least once', () => {
    const used = new Set(qingshanTenant.categories.flatMap((c) => c.fields.map((f) => f.type)));
    expect([...used].sort()).toEqual([...FIELD_TYPES].sort());
  });

  it('asks family cases whether anyone is in danger now, as a required yes/no question', () => {
    const family = qingshanTenant.categories.find((c) => c.id === 'family');
    expect(family?.fields.find((f) => f.id === 'in_danger_now')).toMatchObject({ type: 'yesNo', required: true });
  });

  it('provides a sample filing that validates against the tenant', () => {
    const result = validateCaseFiling(qingshanSampleFiling(), qingshanTenant, TODAY);
    expect(result.success ? [] : result.issues).toEqual([]);
  });

  it('lets a sample filing be varied through overrides, and still checks it', () => {
    const future = validateCaseFiling(qingshanSampleFiling({ startedOn: '2025-07-01' }), qingshanTenant, TODAY);
    expect(future.success ? [] : future.issues.map((i) => i.path)).toEqual(['startedOn']);
    const noise = qingshanSampleFiling({
      categoryId: 'noise',
      answers: { source: 'square_dancing', time_of_day: ['evening', 'night'] },
    });
    expect(validateCaseFiling(noise, qingshanTenant, TODAY).success).toBe(true);
  });

  it('provides a sample consultation that validates against the tenant', () => {
    const result = validateConsultationRequest(qingshanSampleConsultation(), qingshanTenant);
    expect(result.success ? [] : result.issues).toEqual([]);
    const unknownTopic = validateConsultationRequest(qingshanSampleConsultation({ topicId: 'tax' }), qingshanTenant);
    expect(unknownTopic.success).toBe(false);
  });

  it('names demo handler departments the tenant has, covering the demo loop', () => {
    const byId = new Map(qingshanTenant.departments.map((d) => [d.id, d]));
    expect(QINGSHAN_DEMO_HANDLER_DEPARTMENTS.length).toBeGreaterThan(0);
    for (const id of QINGSHAN_DEMO_HANDLER_DEPARTMENTS) expect(byId.has(id), id).toBe(true);
    const kinds = new Set(QINGSHAN_DEMO_HANDLER_DEPARTMENTS.map((id) => byId.get(id)?.kind));
    for (const kind of ['public_security', 'justice', 'mediation_committee', 'grid']) expect(kinds).toContain(kind);
    expect(QINGSHAN_DEMO_HANDLER_DEPARTMENTS).toContain(qingshanTenant.publicSecurityDepartmentId);
    const neighbour = qingshanTenant.categories.find((c) => c.id === 'neighbour');
    for (const id of neighbour?.suggestedDepartmentIds ?? []) expect(QINGSHAN_DEMO_HANDLER_DEPARTMENTS).toContain(id);
    // The sample filing's village has its own mediation committee among them.
    expect(QINGSHAN_DEMO_HANDLER_DEPARTMENTS).toContain(`mediation-${qingshanSampleFiling().location.placeId}`);
  });
});
