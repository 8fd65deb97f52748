import * as v from 'valibot';
import { LOCALES, type LocalizedText } from '../i18n/locale.js';
import { LocalizedTextSchema, SlugSchema } from './common.js';

/** The three levels a case can be routed to (simple → village/community, complex → town, difficult → district). */
export const ROUTING_LEVELS = ['village', 'town', 'district'] as const;
export type RoutingLevel = (typeof ROUTING_LEVELS)[number];

export const ORG_UNIT_KINDS = ['district', 'town', 'street', 'village', 'community'] as const;
export type OrgUnitKind = (typeof ORG_UNIT_KINDS)[number];

/** A node of the organisation tree: district → town/street → village/community. */
export interface OrgUnit {
  id: string;
  kind: OrgUnitKind;
  name: LocalizedText;
  children?: OrgUnit[];
}

export const OrgUnitSchema: v.GenericSchema<OrgUnit> = v.object({
  id: SlugSchema,
  kind: v.picklist(ORG_UNIT_KINDS, 'validation.choice'),
  name: LocalizedTextSchema,
  children: v.optional(v.array(v.lazy(() => OrgUnitSchema))),
});

/** "1+6+N": the six integrated forces plus bureaus and other forces. */
export const DEPARTMENT_KINDS = [
  'grid',
  'court',
  'procuratorate',
  'public_security',
  'justice',
  'platform',
  'bureau',
  'mediation_committee',
  'legal_service',
  'social',
  'other',
] as const;

export const DepartmentSchema = v.object({
  id: SlugSchema,
  kind: v.picklist(DEPARTMENT_KINDS, 'validation.choice'),
  name: LocalizedTextSchema,
  /** Levels this department serves; routing to a level offers these departments. */
  levels: v.pipe(v.array(v.picklist(ROUTING_LEVELS, 'validation.choice')), v.minLength(1, 'validation.min_items')),
  /** The org unit it belongs to (a town's justice office, a village's mediation committee). */
  orgUnitId: v.optional(SlugSchema),
});
export type Department = v.InferOutput<typeof DepartmentSchema>;

export const FIELD_TYPES = [
  'text',
  'longText',
  'number',
  'date',
  'singleChoice',
  'multipleChoice',
  'yesNo',
  'location',
] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export const FieldOptionSchema = v.object({ value: SlugSchema, label: LocalizedTextSchema });

/** A dynamic field a category asks for, labelled in every locale. */
export const FieldDefinitionSchema = v.object({
  id: SlugSchema,
  type: v.picklist(FIELD_TYPES, 'validation.choice'),
  label: LocalizedTextSchema,
  hint: v.optional(LocalizedTextSchema),
  required: v.boolean('validation.type'),
  options: v.optional(v.array(FieldOptionSchema)),
  min: v.optional(v.number('validation.number')),
  max: v.optional(v.number('validation.number')),
});
export type FieldDefinition = v.InferOutput<typeof FieldDefinitionSchema>;

export const CategorySchema = v.object({
  id: SlugSchema,
  name: LocalizedTextSchema,
  description: v.optional(LocalizedTextSchema),
  fields: v.array(FieldDefinitionSchema),
  /** Departments the coordinator is offered first when routing this category. */
  suggestedDepartmentIds: v.optional(v.array(SlugSchema)),
  /**
   * Matters where someone nearby may be the danger (family, domestic violence): intake forms offer a
   * quick exit (a button and a shortcut that leave the page at once) once this category is chosen.
   */
  quickExit: v.optional(v.boolean('validation.type')),
});
export type Category = v.InferOutput<typeof CategorySchema>;

export const ConsultationTopicSchema = v.object({
  id: SlugSchema,
  name: LocalizedTextSchema,
  description: v.optional(LocalizedTextSchema),
});
export type ConsultationTopic = v.InferOutput<typeof ConsultationTopicSchema>;

const hours = v.pipe(v.number('validation.number'), v.minValue(0.01, 'validation.min_value'));

/**
 * Deadlines, in calendar hours/days from the moment a stage starts. Each running case keeps the
 * policy it was filed under, so a later change does not move deadlines already promised.
 */
export const SlaPolicySchema = v.object({
  /** Intake must register (accept, ask, decline) within. */
  registrationHours: hours,
  /** A resident asked for more information has this long before the case is flagged. */
  informationDays: hours,
  /** Risk assessment plus routing within. */
  routingHours: hours,
  /** A called department acknowledges (报到) within; high/critical risk use the shorter value. */
  acknowledgeHours: hours,
  urgentAcknowledgeHours: hours,
  /** A department reports (first progress or completion) within, after acknowledging. */
  reportHours: hours,
  /** Whole handling, by complexity, from routing to outcome. */
  handleDays: v.object({ simple: hours, complex: hours, difficult: hours }),
  /** After a deadline is missed and urged, escalate to the supervisor once this much more has passed. */
  escalateAfterHours: hours,
  /** Follow-up (回访) window; unanswered follow-ups close the case when it ends. */
  followUpDays: hours,
  /** A decline stays open to supervisor correction this long before it is archived. */
  correctionWindowDays: hours,
  maxReopens: v.pipe(
    v.number('validation.number'),
    v.integer('validation.number'),
    v.minValue(0, 'validation.min_value'),
  ),
});
export type SlaPolicy = v.InferOutput<typeof SlaPolicySchema>;

export const DEFAULT_SLA_POLICY: SlaPolicy = {
  registrationHours: 24,
  informationDays: 14,
  routingHours: 24,
  acknowledgeHours: 4,
  urgentAcknowledgeHours: 1,
  reportHours: 72,
  handleDays: { simple: 7, complex: 15, difficult: 30 },
  escalateAfterHours: 24,
  followUpDays: 7,
  correctionWindowDays: 7,
  maxReopens: 2,
};

export const TenantConfigSchema = v.object({
  id: SlugSchema,
  name: LocalizedTextSchema,
  defaultLocale: v.picklist(LOCALES, 'validation.choice'),
  organisation: OrgUnitSchema,
  departments: v.pipe(v.array(DepartmentSchema), v.minLength(1, 'validation.min_items')),
  categories: v.pipe(v.array(CategorySchema), v.minLength(1, 'validation.min_items')),
  consultationTopics: v.array(ConsultationTopicSchema),
  /** Where quick exit sends a resident: a neutral site (default, in the widgets: https://www.baidu.com). */
  quickExitUrl: v.optional(v.pipe(v.string('validation.type'), v.url('validation.type'))),
  sla: SlaPolicySchema,
  /** The department high- and critical-risk cases pull in at once. */
  publicSecurityDepartmentId: SlugSchema,
  /**
   * What residents may upload as evidence; without it `DEFAULT_ATTACHMENT_LIMITS`. Never above the
   * server's hard ceiling (`CASE_MACHINE_LIMITS.attachmentBytesMax`).
   */
  attachments: v.optional(
    v.object({
      maxBytes: v.pipe(
        v.number('validation.number'),
        v.integer('validation.number'),
        v.minValue(1, 'validation.min_value'),
      ),
      mediaTypes: v.pipe(
        v.array(v.pipe(v.string('validation.type'), v.regex(/^[a-z]+\/([a-z0-9.+-]+|\*)$/i, 'validation.type'))),
        v.minLength(1, 'validation.min_items'),
      ),
    }),
  ),
});
export type TenantConfig = v.InferOutput<typeof TenantConfigSchema>;

/** Walk the organisation tree depth first. */
export function* orgUnits(root: OrgUnit): Generator<OrgUnit> {
  yield root;
  for (const child of root.children ?? []) yield* orgUnits(child);
}

export function findOrgUnit(config: Pick<TenantConfig, 'organisation'>, id: string): OrgUnit | undefined {
  for (const unit of orgUnits(config.organisation)) if (unit.id === id) return unit;
  return undefined;
}

/**
 * Cross-reference problems a schema cannot see: duplicate ids, choice fields without options, an
 * unknown public-security department. Empty when the configuration is coherent.
 */
export function tenantConfigProblems(config: TenantConfig): string[] {
  const problems: string[] = [];
  const unique = (what: string, ids: string[]) => {
    const seen = new Set<string>();
    for (const id of ids) {
      if (seen.has(id)) problems.push(`duplicate ${what} id "${id}"`);
      seen.add(id);
    }
  };
  unique(
    'org unit',
    [...orgUnits(config.organisation)].map((u) => u.id),
  );
  unique(
    'department',
    config.departments.map((d) => d.id),
  );
  unique(
    'category',
    config.categories.map((c) => c.id),
  );
  unique(
    'consultation topic',
    config.consultationTopics.map((t) => t.id),
  );
  const departmentIds = new Set(config.departments.map((d) => d.id));
  if (!departmentIds.has(config.publicSecurityDepartmentId)) {
    problems.push(`publicSecurityDepartmentId "${config.publicSecurityDepartmentId}" is not a department`);
  }
  for (const department of config.departments) {
    if (department.orgUnitId && !findOrgUnit(config, department.orgUnitId)) {
      problems.push(`department "${department.id}" belongs to unknown org unit "${department.orgUnitId}"`);
    }
  }
  for (const category of config.categories) {
    unique(
      `field in category "${category.id}"`,
      category.fields.map((f) => f.id),
    );
    for (const field of category.fields) {
      const isChoice = field.type === 'singleChoice' || field.type === 'multipleChoice';
      if (isChoice && !field.options?.length) problems.push(`choice field "${category.id}.${field.id}" has no options`);
    }
    for (const id of category.suggestedDepartmentIds ?? []) {
      if (!departmentIds.has(id)) problems.push(`category "${category.id}" suggests unknown department "${id}"`);
    }
  }
  return problems;
}
