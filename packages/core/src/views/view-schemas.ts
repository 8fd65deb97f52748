import * as v from 'valibot';
import {
  CONSULTATION_EVENT_TYPES,
  CONSULTATION_STATUSES,
  type ConsultationContext,
  type ConsultationSummary,
  type ResidentConsultationView,
} from '../consultation/consultation-machine.js';
import { FIXMYSTREET_STATUSES, type Open311Status } from '../mappings/open311-status.js';
import {
  ApplicantSchema,
  CaseFilingSchema,
  OnBehalfSchema,
  PartySchema,
  PrivacyChoicesSchema,
} from '../schemas/case-filing.js';
import {
  AttachmentMetaSchema,
  CoordinatesSchema,
  InstantSchema,
  LocalizedTextSchema,
  LocationSchema,
} from '../schemas/common.js';
import { CONSULTATION_CHANNELS, ConsultationRequestSchema } from '../schemas/consultation.js';
import { ROUTING_LEVELS } from '../schemas/tenant-config.js';
import { CASE_EVENT_TYPES, COMPLEXITIES, REFERRAL_ROUTES, RISK_LEVELS } from '../workflow/case-events.js';
import type { CaseContext, CaseOutcome } from '../workflow/case-machine.js';
import { ROLES } from '../workflow/roles.js';
import type { TimelineEntry } from '../workflow/timeline.js';
import type { CaseSummary } from './case-summary.js';
import { CLOSED_LOOP_STAGES, type ClosedLoopProgress } from './closed-loop-progress.js';
import { type ResidentTimelineEntry, TIMELINE_MESSAGE_KEYS } from './resident-timeline.js';
import { NEXT_STEPS, type ResidentCaseView } from './resident-view.js';
import type { StaffCaseDetail, StaffConsultationDetail } from './staff-views.js';

/*
 * Valibot schemas of every view the API answers with. The server publishes them as the response
 * schemas of its OpenAPI document, and tests validate real views against them. Views are strict
 * objects: an extra field (a leaked phone number, an internal note) fails validation. Only open
 * records (a timeline entry's `data`, category `answers`) stay loose.
 */

const RoleSchema = v.picklist(ROLES);
const CaseEventTypeSchema = v.picklist(CASE_EVENT_TYPES);
const IdSchema = v.string();

/** One line of a case's or consultation's trail; `data` is open (its keys depend on the event type). */
export const TimelineEntrySchema = v.strictObject({
  at: InstantSchema,
  type: v.string(),
  actor: v.strictObject({ role: RoleSchema, departmentId: v.optional(IdSchema), id: v.optional(IdSchema) }),
  visibility: v.picklist(['resident', 'internal']),
  data: v.record(v.string(), v.unknown()),
});

/** A resident's timeline line: the entry plus the message key and parameters it reads by in any locale. */
export const ResidentTimelineEntrySchema = v.strictObject({
  ...TimelineEntrySchema.entries,
  messageKey: v.picklist(TIMELINE_MESSAGE_KEYS),
  params: v.record(v.string(), v.union([v.string(), v.number()])),
});

export const CASE_ENDINGS = ['resolved', 'declined', 'duplicate', 'withdrawn'] as const;
const WaitingForSchema = v.picklist(['resident', 'centre', 'departments', 'court', 'nobody']);
const SupervisionLevelSchema = v.picklist(['on_track', 'urged', 'escalated']);

export const ClosedLoopProgressSchema = v.strictObject({
  stage: v.picklist(CLOSED_LOOP_STAGES),
  waitingFor: WaitingForSchema,
  ending: v.optional(v.picklist(CASE_ENDINGS)),
  steps: v.array(
    v.strictObject({
      stage: v.picklist(CLOSED_LOOP_STAGES),
      status: v.picklist(['done', 'current', 'upcoming', 'skipped']),
    }),
  ),
});

export const Open311StatusSchema = v.strictObject({
  status: v.picklist(['open', 'closed']),
  extendedStatus: v.picklist(FIXMYSTREET_STATUSES),
});

/*
 * The filing as stored (already parsed and normalised), closed at every level. The field schemas are
 * the filing's own, so the same limits and formats apply; the phone transform is a no-op on stored data.
 */
const StoredLocationSchema = v.strictObject({
  ...LocationSchema.entries,
  coordinates: v.optional(v.strictObject(CoordinatesSchema.entries)),
});
const StoredAttachmentSchema = v.strictObject(AttachmentMetaSchema.entries);

/** Another party as the applicant sees them: no phone, id number or address. */
export const OtherPartyViewSchema = v.strictObject({
  kind: PartySchema.entries.kind,
  name: PartySchema.entries.name,
  relationship: PartySchema.entries.relationship,
});

/** The resident's own filing as they see it: everything they sent, other parties reduced to who they are. */
export const ResidentFilingViewSchema = v.strictObject({
  ...CaseFilingSchema.entries,
  location: StoredLocationSchema,
  applicant: v.strictObject(ApplicantSchema.entries),
  otherParties: v.array(OtherPartyViewSchema),
  attachments: v.array(StoredAttachmentSchema),
  privacy: v.strictObject(PrivacyChoicesSchema.entries),
  onBehalf: v.optional(
    v.strictObject({ ...OnBehalfSchema.entries, consent: v.strictObject(OnBehalfSchema.entries.consent.entries) }),
  ),
});

export const CaseOutcomeSchema = v.variant('kind', [
  v.strictObject({
    kind: v.literal('agreement'),
    summary: v.string(),
    agreementRef: v.optional(v.string()),
    at: InstantSchema,
    firstLine: v.boolean(),
  }),
  v.strictObject({
    kind: v.literal('judicial_confirmation'),
    summary: v.string(),
    agreementRef: v.optional(v.string()),
    at: InstantSchema,
    requestedAt: InstantSchema,
    rulingRef: v.optional(v.string()),
  }),
  v.strictObject({
    kind: v.literal('referral'),
    route: v.picklist(REFERRAL_ROUTES),
    note: v.string(),
    at: InstantSchema,
  }),
]);

/** `ResidentCaseView`: what a resident may see of their case. */
export const ResidentCaseViewSchema = v.strictObject({
  caseNumber: v.string(),
  tenantId: v.string(),
  filedAt: InstantSchema,
  categoryId: v.string(),
  progress: ClosedLoopProgressSchema,
  status: Open311StatusSchema,
  filing: ResidentFilingViewSchema,
  informationRequest: v.optional(
    v.strictObject({ message: v.string(), fields: v.array(v.string()), dueBy: InstantSchema }),
  ),
  departments: v.array(
    v.strictObject({
      departmentId: IdSchema,
      name: v.optional(v.strictObject(LocalizedTextSchema.entries)),
      phase: v.picklist(['called', 'handling', 'completed']),
      supervision: SupervisionLevelSchema,
      calledAt: InstantSchema,
      acknowledgeBy: v.optional(InstantSchema),
      acknowledgedAt: v.optional(InstantSchema),
      reportBy: v.optional(InstantSchema),
      completedAt: v.optional(InstantSchema),
      lastUrgedAt: v.optional(InstantSchema),
      escalatedAt: v.optional(InstantSchema),
    }),
  ),
  stageDeadline: v.optional(
    v.strictObject({
      kind: v.picklist(['registration_review', 'information', 'routing', 'handling', 'follow_up']),
      dueBy: InstantSchema,
      supervision: SupervisionLevelSchema,
    }),
  ),
  next: v.strictObject({
    who: WaitingForSchema,
    what: v.picklist(NEXT_STEPS),
    dueBy: v.optional(InstantSchema),
  }),
  sessions: v.array(
    v.strictObject({
      kind: v.picklist(['joint', 'mediation']),
      at: InstantSchema,
      mode: v.string(),
      place: v.optional(v.string()),
    }),
  ),
  outcome: v.optional(CaseOutcomeSchema),
  referral: v.optional(v.strictObject({ channel: v.string(), note: v.string() })),
  followUp: v.optional(
    v.strictObject({
      dueBy: v.optional(InstantSchema),
      rating: v.optional(v.strictObject({ score: v.number(), comment: v.optional(v.string()) })),
      canReopen: v.boolean(),
    }),
  ),
  closedAt: v.optional(InstantSchema),
  withdrawnAt: v.optional(InstantSchema),
  allowedActions: v.array(CaseEventTypeSchema),
  timeline: v.array(ResidentTimelineEntrySchema),
  updatedAt: InstantSchema,
});

/** `CaseSummary`: one row of a staff queue, nothing personal. */
export const CaseSummarySchema = v.strictObject({
  caseNumber: v.string(),
  tenantId: v.string(),
  categoryId: v.string(),
  placeId: v.string(),
  filedAt: InstantSchema,
  state: v.string(),
  stage: v.picklist(CLOSED_LOOP_STAGES),
  ended: v.optional(v.picklist(CASE_ENDINGS)),
  waitingFor: ClosedLoopProgressSchema.entries.waitingFor,
  riskLevel: v.optional(v.picklist(RISK_LEVELS)),
  complexity: v.optional(v.picklist(COMPLEXITIES)),
  level: v.optional(v.picklist(ROUTING_LEVELS)),
  departmentIds: v.array(IdSchema),
  openDepartmentIds: v.array(IdSchema),
  overdue: v.boolean(),
  urged: v.boolean(),
  escalated: v.boolean(),
  nextDeadline: v.optional(InstantSchema),
});

/*
 * The staff case detail's `case` is the full CaseContext plus `state`. Its top-level keys are closed and
 * checked against CaseContext at compile time; the values are left open because the context (department
 * charts, supervision log, reopenings …) is the statechart's internal shape, not a stable contract.
 */
const open = v.unknown();
export const StaffCaseRecordSchema = v.strictObject({
  caseNumber: v.string(),
  tenantId: v.string(),
  filedAt: InstantSchema,
  state: v.string(),
  filing: v.looseObject({}),
  sla: v.looseObject({}),
  publicSecurityDepartmentId: v.string(),
  informationRequests: v.array(open),
  evidence: v.array(open),
  referral: v.optional(open),
  duplicateOf: v.optional(v.string()),
  firstLineMediation: v.optional(open),
  risk: v.optional(open),
  routing: v.optional(open),
  assignments: v.record(v.string(), open),
  jointSessions: v.array(open),
  mediation: v.looseObject({}),
  outcome: v.optional(open),
  followUp: v.looseObject({}),
  notes: v.array(open),
  stageSupervision: v.optional(open),
  supervisionLog: v.array(open),
  correctionBy: v.optional(v.string()),
  closure: v.optional(open),
  withdrawal: v.optional(open),
});

/** What staff see of one case: the record, its queue row, the full timeline and the events they may send now. */
export const StaffCaseDetailSchema = v.strictObject({
  case: StaffCaseRecordSchema,
  summary: CaseSummarySchema,
  timeline: v.array(TimelineEntrySchema),
  allowedEvents: v.array(CaseEventTypeSchema),
});

/** The chart's top-level states, read from the chart (not restated). */
const ConsultationStatusSchema = v.picklist(CONSULTATION_STATUSES);

/** The consultation request as stored; the resident's own phone is theirs to see. */
const StoredConsultationRequestSchema = v.strictObject({
  ...ConsultationRequestSchema.entries,
  preferredTimes: v.array(v.strictObject({ from: InstantSchema, to: InstantSchema })),
});

/** `ResidentConsultationView`: the resident's request, who took it, when, the answer, and what they can do. */
export const ResidentConsultationViewSchema = v.strictObject({
  consultationNumber: v.string(),
  tenantId: v.string(),
  requestedAt: InstantSchema,
  status: ConsultationStatusSchema,
  request: StoredConsultationRequestSchema,
  lawyer: v.optional(v.string()),
  appointment: v.optional(v.strictObject({ at: InstantSchema, channel: v.string(), place: v.optional(v.string()) })),
  answer: v.optional(v.strictObject({ summary: v.string(), at: InstantSchema })),
  rating: v.optional(v.strictObject({ score: v.number(), comment: v.optional(v.string()) })),
  convertedTo: v.optional(v.string()),
  allowedActions: v.array(v.picklist(CONSULTATION_EVENT_TYPES)),
  // Residents see who acted only by role: no staff ids or departments.
  timeline: v.array(
    v.strictObject({
      ...TimelineEntrySchema.entries,
      actor: v.strictObject({ role: RoleSchema }),
    }),
  ),
});

/** `ConsultationSummary`: one row of the staff consultation queue. */
export const ConsultationSummarySchema = v.strictObject({
  consultationNumber: v.string(),
  tenantId: v.string(),
  topicId: v.string(),
  channel: v.picklist(CONSULTATION_CHANNELS),
  requestedAt: InstantSchema,
  status: ConsultationStatusSchema,
  lawyer: v.optional(v.string()),
  departmentId: v.optional(IdSchema),
  appointmentAt: v.optional(InstantSchema),
});

/** The staff consultation detail; `consultation` is the ConsultationContext plus `status` (keys closed, values open). */
export const StaffConsultationDetailSchema = v.strictObject({
  consultation: v.strictObject({
    consultationNumber: v.string(),
    tenantId: v.string(),
    requestedAt: InstantSchema,
    status: ConsultationStatusSchema,
    request: v.looseObject({}),
    assignment: v.optional(open),
    appointment: v.optional(open),
    answer: v.optional(open),
    rating: v.optional(open),
    convertedTo: v.optional(v.string()),
    cancellation: v.optional(open),
  }),
  summary: ConsultationSummarySchema,
  timeline: v.array(TimelineEntrySchema),
  allowedEvents: v.array(v.picklist(CONSULTATION_EVENT_TYPES)),
});

// Compile-time agreement between the hand-written view types and these schemas: if either side
// changes without the other, type-checking fails here.
/** Flattens intersections so structurally equal types compare equal. */
type Normalize<T> = T extends readonly unknown[]
  ? { [K in keyof T]: Normalize<T[K]> }
  : T extends object
    ? { [K in keyof T]: Normalize<T[K]> }
    : T;
type Equal<A, B> =
  (<T>() => T extends Normalize<A> ? 1 : 2) extends <T>() => T extends Normalize<B> ? 1 : 2 ? true : false;
type Assert<T extends true> = T;
/** The precise view type fits its (deliberately open-valued) schema. */
type Fits<A, B> = [A] extends [B] ? true : false;
type Output<S extends v.GenericSchema> = v.InferOutput<S>;

export type _ViewSchemasAgree = [
  Assert<Equal<Output<typeof TimelineEntrySchema>, TimelineEntry>>,
  Assert<Equal<Output<typeof ResidentTimelineEntrySchema>, ResidentTimelineEntry>>,
  Assert<Equal<Output<typeof ClosedLoopProgressSchema>, ClosedLoopProgress>>,
  Assert<Equal<Output<typeof Open311StatusSchema>, Open311Status>>,
  Assert<Equal<Output<typeof CaseOutcomeSchema>, CaseOutcome>>,
  Assert<Equal<Output<typeof ResidentCaseViewSchema>, ResidentCaseView>>,
  Assert<Equal<Output<typeof CaseSummarySchema>, CaseSummary>>,
  Assert<Equal<Output<typeof ResidentConsultationViewSchema>, ResidentConsultationView>>,
  Assert<Equal<Output<typeof ConsultationSummarySchema>, ConsultationSummary>>,
  Assert<Equal<keyof Output<typeof StaffCaseRecordSchema>, keyof CaseContext | 'state'>>,
  Assert<
    Equal<keyof Output<typeof StaffConsultationDetailSchema>['consultation'], keyof ConsultationContext | 'status'>
  >,
  Assert<Equal<keyof Output<typeof StaffCaseDetailSchema>, keyof StaffCaseDetail>>,
  Assert<Fits<StaffCaseDetail, Output<typeof StaffCaseDetailSchema>>>,
  Assert<Equal<keyof Output<typeof StaffConsultationDetailSchema>, keyof StaffConsultationDetail>>,
  Assert<Fits<StaffConsultationDetail, Output<typeof StaffConsultationDetailSchema>>>,
];
