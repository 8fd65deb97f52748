import { type CaseFiling, CaseFilingSchema } from './case-filing.js';
import { categoryAnswersSchema } from './category-answers.js';
import { type ConsultationRequest, ConsultationRequestSchema } from './consultation.js';
import { findOrgUnit, type TenantConfig } from './tenant-config.js';
import { type FieldIssue, type ValidationResult, validate } from './validate.js';

/**
 * Validate a filing against the schema *and* the tenant: the category exists, the place is in the
 * tree, the answers fit the category's fields, and the start date is not in the future.
 * `today` is `YYYY-MM-DD` in the tenant's time zone (time is data, so callers pass it).
 */
export function validateCaseFiling(input: unknown, config: TenantConfig, today: string): ValidationResult<CaseFiling> {
  const base = validate(CaseFilingSchema, input);
  const issues: FieldIssue[] = base.success ? [] : [...base.issues];
  const raw = (input ?? {}) as Partial<Record<keyof CaseFiling, unknown>>;
  const category = config.categories.find((c) => c.id === raw.categoryId);
  if (typeof raw.categoryId === 'string' && !category && !issues.some((i) => i.path === 'categoryId')) {
    issues.push({ path: 'categoryId', key: 'validation.unknown_category', params: {} });
  }
  const placeId = (raw.location as { placeId?: unknown } | undefined)?.placeId;
  if (
    typeof placeId === 'string' &&
    !findOrgUnit(config, placeId) &&
    !issues.some((i) => i.path === 'location.placeId')
  ) {
    issues.push({ path: 'location.placeId', key: 'validation.unknown_place', params: {} });
  }
  if (typeof raw.startedOn === 'string' && raw.startedOn > today && !issues.some((i) => i.path === 'startedOn')) {
    issues.push({ path: 'startedOn', key: 'validation.date_in_future', params: {} });
  }
  let answers: Record<string, unknown> | undefined;
  if (category) {
    const checked = validate(categoryAnswersSchema(category), raw.answers ?? {});
    if (checked.success) answers = checked.output as Record<string, unknown>;
    else issues.push(...checked.issues.map((i) => ({ ...i, path: i.path ? `answers.${i.path}` : 'answers' })));
  }
  if (issues.length > 0 || !base.success) return { success: false, issues };
  return { success: true, output: { ...base.output, answers: answers ?? {} } };
}

/** Validate a consultation request against the schema and the tenant's topics and places. */
export function validateConsultationRequest(
  input: unknown,
  config: TenantConfig,
): ValidationResult<ConsultationRequest> {
  const base = validate(ConsultationRequestSchema, input);
  const issues: FieldIssue[] = base.success ? [] : [...base.issues];
  const raw = (input ?? {}) as Record<string, unknown>;
  if (typeof raw.topicId === 'string' && !config.consultationTopics.some((t) => t.id === raw.topicId)) {
    if (!issues.some((i) => i.path === 'topicId'))
      issues.push({ path: 'topicId', key: 'validation.choice', params: {} });
  }
  if (
    typeof raw.placeId === 'string' &&
    !findOrgUnit(config, raw.placeId) &&
    !issues.some((i) => i.path === 'placeId')
  ) {
    issues.push({ path: 'placeId', key: 'validation.unknown_place', params: {} });
  }
  if (issues.length > 0 || !base.success) return { success: false, issues };
  return { success: true, output: base.output };
}
