import * as v from 'valibot';
import {
  AttachmentMetaSchema,
  InstantSchema,
  IsoDateSchema,
  LocaleSchema,
  LocationSchema,
  PhoneSchema,
  SlugSchema,
  text,
} from './common.js';
import { CASE_MACHINE_LIMITS } from './limits.js';

export const PartySchema = v.object({
  kind: v.picklist(['person', 'organisation'], 'validation.choice'),
  name: text(1, 100),
  phone: v.optional(PhoneSchema),
  /** Identity document number; never shown to the other party or the public. */
  idNumber: v.optional(
    v.pipe(v.string('validation.type'), v.trim(), v.regex(/^[0-9A-Za-z()-]{4,30}$/, 'validation.type')),
  ),
  address: v.optional(text(1, 300)),
  /** How this party relates to the applicant (neighbour, employer, landlord …). */
  relationship: v.optional(text(1, 100)),
});
export type Party = v.InferOutput<typeof PartySchema>;

/** The applicant must be reachable: a phone number is required. */
export const ApplicantSchema = v.object({ ...PartySchema.entries, phone: PhoneSchema });

/** What the resident lets others see. Defaults protect the resident. */
export const PrivacyChoicesSchema = v.object({
  /** What the other party may see of the filing: nothing, a summary, or the full description. */
  otherPartySees: v.picklist(['nothing', 'summary', 'full'], 'validation.choice'),
  /** Whether an anonymised summary may appear in public statistics and case studies. */
  publicSummary: v.boolean('validation.type'),
  /** How the centre may contact the applicant. */
  contactBy: v.picklist(['phone', 'sms', 'any'], 'validation.choice'),
  /**
   * The separate consent to processing sensitive personal information (PIPL art. 29: family, health,
   * identity documents) that the filing contains. Never assumed: absent means not given, and the
   * centre then handles the filing without relying on it.
   */
  sensitiveDataConsent: v.optional(v.boolean('validation.type')),
});
export type PrivacyChoices = v.InferOutput<typeof PrivacyChoicesSchema>;

// Kept in a schema-free module so a form can start from it without loading valibot.
export { DEFAULT_PRIVACY } from './privacy-defaults.js';

/** A grid worker (or relative) filing for a resident records how the resident consented. */
export const OnBehalfSchema = v.object({
  filerRole: v.picklist(['grid_worker', 'relative', 'other'], 'validation.choice'),
  filerName: text(1, 100),
  filerPhone: v.optional(PhoneSchema),
  consent: v.object(
    {
      method: v.picklist(['signed_form', 'recorded_verbal', 'in_person'], 'validation.consent_required'),
      recordedAt: InstantSchema,
      /** Form number, recording id or witness: enough to find the evidence of consent. */
      reference: text(1, 200),
    },
    'validation.consent_required',
  ),
});
export type OnBehalf = v.InferOutput<typeof OnBehalfSchema>;

/**
 * Everything a resident submits to open a case. Category-specific answers are checked separately
 * against the tenant's category (see `validateCaseFiling`), because only the tenant knows its fields.
 */
export const CaseFilingSchema = v.object({
  categoryId: SlugSchema,
  description: text(10, CASE_MACHINE_LIMITS.descriptionMax),
  /** When the dispute started; may be approximate. */
  startedOn: IsoDateSchema,
  location: LocationSchema,
  applicant: ApplicantSchema,
  /**
   * May be empty: a resident does not always know who the other side is (a noise from somewhere, an
   * online seller), and the intake form lets them skip the step; the centre finds out in handling.
   */
  otherParties: v.pipe(v.array(PartySchema, 'validation.type'), v.maxLength(20, 'validation.too_long')),
  answers: v.record(v.string(), v.unknown()),
  attachments: v.pipe(
    v.array(AttachmentMetaSchema),
    v.maxLength(CASE_MACHINE_LIMITS.attachmentsMax, 'validation.too_long'),
  ),
  desiredOutcome: text(2, 1000),
  privacy: PrivacyChoicesSchema,
  onBehalf: v.optional(OnBehalfSchema),
  locale: LocaleSchema,
});
export type CaseFiling = v.InferOutput<typeof CaseFilingSchema>;
/** What a client sends; the same shape before parsing. */
export type CaseFilingInput = v.InferInput<typeof CaseFilingSchema>;
