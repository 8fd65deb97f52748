import {
  CaseOutcomeSchema,
  CaseSummarySchema,
  ClosedLoopProgressSchema,
  ConsultationSummarySchema,
  Open311StatusSchema,
  ResidentCaseViewSchema,
  ResidentConsultationViewSchema,
  StaffCaseDetailSchema,
  StaffConsultationDetailSchema,
  TimelineEntrySchema,
} from '@jiefen/core';
import { toJsonSchemaDefs } from '@valibot/to-json-schema';
import { ERROR_STATUS } from '../errors.js';

/**
 * Response schemas. The views come from the valibot schemas in @jiefen/core (the ones the core's
 * tests validate every view against), converted to JSON Schema and published as named components.
 * Views are closed (`additionalProperties: false`), so a field the contract does not name — a leaked
 * phone number, an internal note — is a contract violation a validator reports.
 */
const VIEW_SCHEMAS = {
  TimelineEntry: TimelineEntrySchema,
  ClosedLoopProgress: ClosedLoopProgressSchema,
  Open311Status: Open311StatusSchema,
  CaseOutcome: CaseOutcomeSchema,
  ResidentCaseView: ResidentCaseViewSchema,
  CaseSummary: CaseSummarySchema,
  StaffCaseDetail: StaffCaseDetailSchema,
  ResidentConsultationView: ResidentConsultationViewSchema,
  ConsultationSummary: ConsultationSummarySchema,
  StaffConsultationDetail: StaffConsultationDetailSchema,
};
type ViewName = keyof typeof VIEW_SCHEMAS;

const ref = (name: ViewName | 'Error') => ({ $ref: `#/components/schemas/${name}` });

/** The view components for `components.schemas`; nested views reference each other by name. */
export function viewComponents(): Record<string, Record<string, unknown>> {
  const defs = toJsonSchemaDefs(VIEW_SCHEMAS, {
    target: 'draft-2020-12',
    // Transforms (trim, phone normalisation) and custom checks have no JSON Schema form; views are
    // already normalised, so the remaining types, formats, patterns and limits describe them exactly.
    errorMode: 'ignore',
    overrideRef: ({ referenceId }) => `#/components/schemas/${referenceId}`,
  });
  return Object.fromEntries(
    Object.entries(defs).map(([name, schema]) => {
      const { $schema: _dialect, ...json } = schema as Record<string, unknown>;
      return [name, json];
    }),
  );
}

const errorJson = {
  type: 'object',
  required: ['error'],
  additionalProperties: false,
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message', 'messageKey'],
      additionalProperties: false,
      properties: {
        code: { type: 'string', enum: Object.keys(ERROR_STATUS) },
        message: { type: 'string', description: 'Localized by Accept-Language (zh-CN default, zh-HK, en)' },
        messageKey: { type: 'string' },
        fields: {
          type: 'object',
          additionalProperties: { type: 'string' },
          description: 'Dot path → localized message',
        },
        issues: {
          type: 'array',
          items: {
            type: 'object',
            required: ['path', 'key', 'params'],
            additionalProperties: false,
            properties: { path: { type: 'string' }, key: { type: 'string' }, params: { type: 'object' } },
          },
        },
        allowedEvents: { type: 'array', items: { type: 'string' } },
      },
    },
  },
};

/** The `Error` component (not a core view: the server's own error envelope). */
export const ERROR_COMPONENT = errorJson;
export const errorSchema = { json: ref('Error') };

export const timelineEntrySchema = ref('TimelineEntry');
export const residentCaseViewSchema = ref('ResidentCaseView');
export const residentConsultationViewSchema = ref('ResidentConsultationView');
export const caseSummarySchema = ref('CaseSummary');
/** `{ case, summary, timeline, allowedEvents }`; `case` is CaseContext + `state` with closed top-level keys, open values. */
export const staffCaseDetailSchema = ref('StaffCaseDetail');
export const staffConsultationDetailSchema = ref('StaffConsultationDetail');

/** What a filing answers: the credentials, shown once, and the resident view. */
const caseFiled = {
  type: 'object',
  required: ['caseNumber', 'accessCode', 'trackingToken', 'case'],
  additionalProperties: false,
  properties: {
    caseNumber: { type: 'string' },
    accessCode: { type: 'string', description: 'Shown once; stored only as an HMAC-SHA-256 under a server-held key.' },
    trackingToken: { type: 'string' },
    case: residentCaseViewSchema,
  },
};

const consultationRequested = {
  type: 'object',
  required: ['consultationNumber', 'accessCode', 'trackingToken', 'consultation'],
  additionalProperties: false,
  properties: {
    consultationNumber: { type: 'string' },
    accessCode: { type: 'string', description: 'Shown once; stored only as an HMAC-SHA-256 under a server-held key.' },
    trackingToken: { type: 'string' },
    consultation: residentConsultationViewSchema,
  },
};

const page = (item: Record<string, unknown>) => ({
  type: 'object',
  required: ['items', 'nextCursor'],
  additionalProperties: false,
  properties: {
    items: { type: 'array', items: item },
    nextCursor: { type: ['string', 'null'], description: 'Pass as `cursor` for the next page; null on the last' },
  },
});

/** Answers that wrap core views (the filing receipt, queue pages); routes declare them by these names. */
export const caseFiledSchema = caseFiled;
export const consultationRequestedSchema = consultationRequested;
export const caseQueuePageSchema = page(caseSummarySchema);
export const consultationQueuePageSchema = page(ref('ConsultationSummary'));
