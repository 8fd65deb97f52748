import { describe, expect, it } from 'vitest';
import {
  categoryAnswersSchema,
  formatMessage,
  InstantSchema,
  localizeIssues,
  resolveLocale,
  TenantConfigSchema,
  tenantConfigProblems,
  validate,
  validateCaseFiling,
  validateConsultationRequest,
} from '../src/index.js';
import { filingInput, TODAY, tenant } from './fixtures.js';

describe('case filing', () => {
  it('accepts a complete filing and normalises phone numbers', () => {
    const result = validateCaseFiling(
      filingInput({ applicant: { kind: 'person', name: '王秀英', phone: '138-0013 8000' } }),
      tenant,
      TODAY,
    );
    expect(result.success).toBe(true);
    if (result.success) expect(result.output.applicant.phone).toBe('13800138000');
  });

  it('reports every missing required field by path, with the "required" key', () => {
    const result = validateCaseFiling({ categoryId: 'neighbour' }, tenant, TODAY);
    expect(result.success).toBe(false);
    if (result.success) return;
    const paths = result.issues.filter((i) => i.key === 'validation.required').map((i) => i.path);
    expect(paths).toEqual(
      expect.arrayContaining(['description', 'startedOn', 'location', 'applicant', 'desiredOutcome', 'answers.years']),
    );
  });

  it('localizes issues in all three locales', () => {
    const result = validateCaseFiling(filingInput({ description: '太短' }), tenant, TODAY);
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(localizeIssues(result.issues, 'zh-CN')).toEqual({ description: '至少需要 10 个字' });
    expect(localizeIssues(result.issues, 'zh-HK')).toEqual({ description: '至少需要 10 個字' });
    expect(localizeIssues(result.issues, 'en')).toEqual({ description: 'Please enter at least 10 characters' });
  });

  it('rejects a bad phone number, an unknown category or place, and a future start date', () => {
    const bad = validateCaseFiling(
      filingInput({
        applicant: { kind: 'person', name: '王', phone: '12345' },
        location: { placeId: 'atlantis' },
        startedOn: '2027-01-01',
      }),
      tenant,
      TODAY,
    );
    expect(bad.success ? [] : bad.issues.map((i) => `${i.path}:${i.key}`)).toEqual(
      expect.arrayContaining([
        'applicant.phone:validation.phone',
        'location.placeId:validation.unknown_place',
        'startedOn:validation.date_in_future',
      ]),
    );
    const unknownCategory = validateCaseFiling(filingInput({ categoryId: 'aliens' }), tenant, TODAY);
    expect(unknownCategory.success ? [] : unknownCategory.issues.map((i) => i.key)).toContain(
      'validation.unknown_category',
    );
  });

  it('rejects impossible dates', () => {
    const result = validateCaseFiling(filingInput({ startedOn: '2026-02-30' }), tenant, TODAY);
    expect(result.success ? [] : result.issues.map((i) => `${i.path}:${i.key}`)).toContain('startedOn:validation.date');
  });

  it('filing on behalf of someone requires a consent record', () => {
    const missingConsent = validateCaseFiling(
      filingInput({ onBehalf: { filerRole: 'grid_worker', filerName: '网格员小李' } as never }),
      tenant,
      TODAY,
    );
    expect(missingConsent.success ? [] : missingConsent.issues.map((i) => i.path)).toContain('onBehalf.consent');
    const withConsent = validateCaseFiling(
      filingInput({
        onBehalf: {
          filerRole: 'grid_worker',
          filerName: '网格员小李',
          consent: { method: 'signed_form', recordedAt: '2026-11-25T09:00:00.000Z', reference: '同意书 0012' },
        },
      }),
      tenant,
      TODAY,
    );
    expect(withConsent.success).toBe(true);
  });

  it('accepts a filing whose other party is not known yet, and checks each party that is given', () => {
    expect(validateCaseFiling(filingInput({ otherParties: [] }), tenant, TODAY).success).toBe(true);
    const result = validateCaseFiling(filingInput({ otherParties: [{ kind: 'person', name: '' }] }), tenant, TODAY);
    expect(result.success ? [] : result.issues.map((i) => i.path)).toContain('otherParties.0.name');
  });
});

describe('dynamic category fields', () => {
  const category = tenant.categories[0]!;
  it('checks numbers against min and max', () => {
    const result = validate(categoryAnswersSchema(category), { years: 101 });
    expect(result.success ? [] : result.issues).toEqual([
      { path: 'years', key: 'validation.max_value', params: { max: 100 } },
    ]);
    expect(formatMessage('validation.max_value', { max: 100 }, 'en')).toBe('Must be at most 100');
  });
  it('checks choices against the options and rejects unknown fields', () => {
    const result = validate(categoryAnswersSchema(category), { years: 1, kind: 'fire', colour: 'red' });
    expect(result.success ? [] : result.issues.map((i) => `${i.path}:${i.key}`)).toEqual([
      'kind:validation.choice',
      'colour:validation.unknown_field',
    ]);
  });
  it('supports every field type', () => {
    const all = categoryAnswersSchema({
      fields: [
        { id: 'a', type: 'text', label: tenant.name, required: true },
        { id: 'b', type: 'longText', label: tenant.name, required: true },
        { id: 'c', type: 'number', label: tenant.name, required: true },
        { id: 'd', type: 'date', label: tenant.name, required: true },
        {
          id: 'e',
          type: 'singleChoice',
          label: tenant.name,
          required: true,
          options: [{ value: 'x', label: tenant.name }],
        },
        {
          id: 'f',
          type: 'multipleChoice',
          label: tenant.name,
          required: true,
          options: [
            { value: 'x', label: tenant.name },
            { value: 'y', label: tenant.name },
          ],
        },
        { id: 'g', type: 'yesNo', label: tenant.name, required: true },
        { id: 'h', type: 'location', label: tenant.name, required: true },
      ],
    });
    expect(
      validate(all, {
        a: 'x',
        b: 'y',
        c: 3,
        d: '2026-01-02',
        e: 'x',
        f: ['x', 'y'],
        g: false,
        h: { placeId: 'willow' },
      }).success,
    ).toBe(true);
    const wrong = validate(all, { a: 'x', b: 'y', c: 'three', d: 'tomorrow', e: 'x', f: [], g: 'yes', h: {} });
    expect(wrong.success ? [] : wrong.issues.map((i) => i.path)).toEqual(['c', 'd', 'f', 'g']);
  });
});

describe('tenant configuration', () => {
  it('the test tenant is valid and coherent', () => {
    expect(validate(TenantConfigSchema, tenant).success).toBe(true);
    expect(tenantConfigProblems(tenant)).toEqual([]);
  });
  it('finds cross-reference problems the schema cannot see', () => {
    const broken = {
      ...tenant,
      publicSecurityDepartmentId: 'nobody',
      departments: [...tenant.departments, tenant.departments[0]!],
      categories: [
        {
          ...tenant.categories[0]!,
          fields: [{ id: 'k', type: 'singleChoice' as const, label: tenant.name, required: true }],
        },
      ],
    };
    expect(tenantConfigProblems(broken)).toEqual([
      'duplicate department id "police"',
      'publicSecurityDepartmentId "nobody" is not a department',
      'choice field "neighbour.k" has no options',
    ]);
  });
  it('requires labels in all three locales', () => {
    const result = validate(TenantConfigSchema, { ...tenant, name: { 'zh-CN': '测试区', en: 'Test' } });
    expect(result.success ? [] : result.issues.map((i) => i.path)).toEqual(['name.zh-HK']);
  });
});

describe('consultation request', () => {
  const request = {
    topicId: 'general',
    question: '工资被拖欠三个月，怎么办？需要什么材料？',
    channel: 'phone',
    preferredTimes: [],
    name: '赵',
    phone: '13700137000',
    locale: 'zh-CN',
  };
  it('accepts a valid request and rejects an unknown topic', () => {
    expect(validateConsultationRequest(request, tenant).success).toBe(true);
    const result = validateConsultationRequest({ ...request, topicId: 'tax' }, tenant);
    expect(result.success ? [] : result.issues.map((i) => i.path)).toEqual(['topicId']);
  });
  it('rejects a time window that ends before it starts', () => {
    const result = validateConsultationRequest(
      { ...request, preferredTimes: [{ from: '2026-11-27T10:00:00Z', to: '2026-11-27T09:00:00Z' }] },
      tenant,
    );
    expect(result.success).toBe(false);
  });
});

describe('locales', () => {
  it.each([
    ['zh-CN', 'zh-CN'],
    ['zh-TW,zh;q=0.9', 'zh-HK'],
    ['zh-Hant-HK', 'zh-HK'],
    ['zh', 'zh-CN'],
    ['en-GB,en;q=0.8', 'en'],
    ['fr-FR', 'zh-CN'],
    [undefined, 'zh-CN'],
  ])('%s resolves to %s', (tag, locale) => {
    expect(resolveLocale(tag)).toBe(locale);
  });
});

describe('instants', () => {
  it('refuse a day that does not exist', () => {
    expect(validate(InstantSchema, '2026-11-26T09:00:00.000Z').success).toBe(true);
    expect(validate(InstantSchema, '2026-11-26T09:00:00+08:00').success).toBe(true);
    const bad = validate(InstantSchema, '2025-02-30T09:00:00.000Z');
    expect(bad.success ? [] : bad.issues.map((i) => i.key)).toEqual(['validation.date']);
  });
});
