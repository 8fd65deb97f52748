import * as v from 'valibot';
import { CASE_NUMBER_PATTERN } from '../identifiers/case-numbers.js';
import { AttachmentMetaSchema, InstantSchema, SlugSchema, text } from '../schemas/common.js';
import { CASE_MACHINE_LIMITS } from '../schemas/limits.js';
import { ROUTING_LEVELS, type RoutingLevel } from '../schemas/tenant-config.js';
import { eventTypesFor, roleMaySendIn } from './commands.js';
import type { Role, WorkflowActor } from './roles.js';

export const RISK_LEVELS = ['low', 'medium', 'high', 'critical'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];
/** High and critical risk bring in public security at once. */
export const URGENT_RISK_LEVELS: readonly RiskLevel[] = ['high', 'critical'];

export const COMPLEXITIES = ['simple', 'complex', 'difficult'] as const;
export type Complexity = (typeof COMPLEXITIES)[number];
/** The lowest level each complexity may be routed to (a coordinator may route higher, never lower). */
export const LEVEL_FOR_COMPLEXITY: Record<Complexity, RoutingLevel> = {
  simple: 'village',
  complex: 'town',
  difficult: 'district',
};

/** Onward routes on the legal roadmap (法治化路线图) when mediation is not the end. */
export const REFERRAL_ROUTES = [
  'arbitration',
  'administrative_reconsideration',
  'litigation',
  'petition',
  'legal_aid',
] as const;
export type ReferralRoute = (typeof REFERRAL_ROUTES)[number];

export const SESSION_MODES = ['in_person', 'video', 'phone'] as const;

const note = text(1, CASE_MACHINE_LIMITS.noteMax);
const departmentIds = v.pipe(
  v.array(SlugSchema),
  v.minLength(1, 'validation.min_items'),
  v.maxLength(20, 'validation.too_long'),
  v.check((ids) => new Set(ids).size === ids.length, 'validation.choice'),
);
const rating = v.pipe(
  v.number('validation.rating'),
  v.integer('validation.rating'),
  v.minValue(1, 'validation.rating'),
  v.maxValue(5, 'validation.rating'),
);
const none = v.object({});

/** Who may send an event, what it carries, and whether the resident sees it in their timeline. */
interface EventDefinition<TRoles extends readonly Role[], TPayload extends v.GenericSchema> {
  roles: TRoles;
  payload: TPayload;
  visibility: 'resident' | 'internal';
}
// `const` keeps each event's roles as literals, so types such as ResidentCaseEventType read them.
const define = <const TRoles extends readonly Role[], TPayload extends v.GenericSchema>(
  d: EventDefinition<TRoles, TPayload>,
) => d;

const levelRank = (level: RoutingLevel) => ROUTING_LEVELS.indexOf(level);

/**
 * The case events. Dot-namespaced by who usually acts; `roles` is the rule the statechart's guards
 * and the server both enforce.
 */
export const CASE_EVENTS = {
  // registration (登记受理)
  'intake.accept': define({
    roles: ['intake_officer', 'coordinator'],
    payload: v.object({
      firstLineMediation: v.boolean('validation.type'),
      /** The village or community mediation committee that mediates first, when there is one. */
      mediatorDepartmentId: v.optional(SlugSchema),
      note: v.optional(note),
    }),
    visibility: 'resident',
  }),
  'intake.request_information': define({
    roles: ['intake_officer', 'coordinator'],
    payload: v.object({
      message: note,
      /** Filing paths or category field ids the resident should complete. */
      fields: v.pipe(v.array(v.pipe(v.string(), v.maxLength(100))), v.maxLength(30)),
    }),
    visibility: 'resident',
  }),
  'intake.decline': define({
    roles: ['intake_officer', 'coordinator'],
    payload: v.object({
      referral: v.object({ channel: text(1, 200), note: note }),
    }),
    visibility: 'resident',
  }),
  'intake.mark_duplicate': define({
    roles: ['intake_officer', 'coordinator'],
    payload: v.object({ duplicateOf: v.pipe(v.string(), v.regex(CASE_NUMBER_PATTERN, 'validation.type')) }),
    visibility: 'resident',
  }),
  'resident.supply_information': define({
    roles: ['resident'],
    payload: v.object({
      message: note,
      answers: v.optional(v.record(v.string(), v.unknown())),
      attachments: v.optional(v.pipe(v.array(AttachmentMetaSchema), v.maxLength(CASE_MACHINE_LIMITS.attachmentsMax))),
    }),
    visibility: 'resident',
  }),

  // first-line mediation (先行调解)
  'mediation.first_line_succeeded': define({
    roles: ['coordinator', 'department_handler'],
    payload: v.object({ summary: note }),
    visibility: 'resident',
  }),
  'mediation.first_line_failed': define({
    roles: ['coordinator', 'department_handler'],
    payload: v.object({ note: v.optional(note) }),
    visibility: 'resident',
  }),

  // risk assessment (风险研判): internal, the resident sees only that the case moved on
  'risk.assess': define({
    roles: ['coordinator'],
    payload: v.object({
      level: v.picklist(RISK_LEVELS, 'validation.choice'),
      factors: v.optional(v.pipe(v.array(text(1, 100)), v.maxLength(20))),
      note: v.optional(note),
    }),
    visibility: 'internal',
  }),

  // classification and routing (分类流转)
  'routing.route': define({
    roles: ['coordinator'],
    payload: v.pipe(
      v.object({
        complexity: v.picklist(COMPLEXITIES, 'validation.choice'),
        level: v.picklist(ROUTING_LEVELS, 'validation.choice'),
        departmentIds,
        /** Difficult cases go to the district with a leader in charge (包案领导). */
        leaderInCharge: v.optional(text(1, 100)),
      }),
      v.forward(
        v.check((r) => levelRank(r.level) >= levelRank(LEVEL_FOR_COMPLEXITY[r.complexity]), 'validation.choice'),
        ['level'],
      ),
      v.forward(
        v.check((r) => r.complexity !== 'difficult' || r.leaderInCharge !== undefined, 'validation.required'),
        ['leaderInCharge'],
      ),
    ),
    visibility: 'resident',
  }),

  // joint handling (中心吹哨、部门报到)
  'handling.call_departments': define({
    roles: ['coordinator'],
    payload: v.object({ departmentIds }),
    visibility: 'resident',
  }),
  'handling.convene_session': define({
    roles: ['coordinator'],
    payload: v.object({
      at: InstantSchema,
      mode: v.picklist(SESSION_MODES, 'validation.choice'),
      place: v.optional(text(1, 200)),
    }),
    visibility: 'resident',
  }),
  'department.acknowledge': define({
    roles: ['department_handler'],
    payload: v.object({ departmentId: SlugSchema }),
    visibility: 'resident',
  }),
  'department.report_progress': define({
    roles: ['department_handler'],
    payload: v.object({ departmentId: SlugSchema, summary: note }),
    visibility: 'resident',
  }),
  'department.complete': define({
    roles: ['department_handler'],
    payload: v.object({ departmentId: SlugSchema, summary: note }),
    visibility: 'resident',
  }),

  // urging and supervision (催办、督办)
  'supervision.urge': define({
    roles: ['supervisor', 'coordinator'],
    payload: v.object({ departmentId: v.optional(SlugSchema), note: v.optional(note) }),
    visibility: 'resident',
  }),
  // 督办 by hand: a formal act on a department already urged, so a reason is required.
  'supervision.escalate': define({
    roles: ['supervisor'],
    payload: v.object({ departmentId: SlugSchema, note }),
    visibility: 'resident',
  }),
  'supervision.correct': define({
    roles: ['supervisor'],
    payload: v.object({ note }),
    visibility: 'resident',
  }),

  // mediation and outcome (调解优先、诉讼断后)
  'mediation.start': define({
    roles: ['coordinator', 'department_handler'],
    payload: v.object({ mediator: v.optional(text(1, 100)) }),
    visibility: 'resident',
  }),
  'mediation.schedule_session': define({
    roles: ['coordinator', 'department_handler'],
    payload: v.object({
      at: InstantSchema,
      mode: v.picklist(SESSION_MODES, 'validation.choice'),
      place: v.optional(text(1, 200)),
    }),
    visibility: 'resident',
  }),
  'mediation.record_session': define({
    roles: ['coordinator', 'department_handler'],
    payload: v.object({ summary: note }),
    visibility: 'resident',
  }),
  'outcome.agreement': define({
    roles: ['coordinator', 'department_handler'],
    payload: v.object({ summary: note, agreementRef: v.optional(text(1, 100)) }),
    visibility: 'resident',
  }),
  'outcome.request_judicial_confirmation': define({
    roles: ['coordinator', 'department_handler'],
    payload: v.object({ summary: note, agreementRef: v.optional(text(1, 100)) }),
    visibility: 'resident',
  }),
  'judicial.confirmed': define({
    roles: ['department_handler', 'coordinator'],
    payload: v.object({ rulingRef: v.optional(text(1, 100)) }),
    visibility: 'resident',
  }),
  'judicial.refused': define({
    roles: ['department_handler', 'coordinator'],
    payload: v.object({ reason: note }),
    visibility: 'resident',
  }),
  'outcome.refer': define({
    roles: ['coordinator', 'department_handler'],
    payload: v.object({ route: v.picklist(REFERRAL_ROUTES, 'validation.choice'), note }),
    visibility: 'resident',
  }),

  // follow-up (回访)
  'resident.rate': define({
    roles: ['resident'],
    payload: v.object({ score: rating, comment: v.optional(note) }),
    visibility: 'resident',
  }),
  'followup.record': define({
    roles: ['intake_officer', 'coordinator'],
    payload: v.object({ score: rating, comment: v.optional(note) }),
    visibility: 'resident',
  }),
  'resident.request_reopen': define({
    roles: ['resident'],
    payload: v.object({ reason: note }),
    visibility: 'resident',
  }),

  // any time before the end
  'resident.withdraw': define({
    roles: ['resident'],
    payload: v.object({ reason: v.optional(note) }),
    visibility: 'resident',
  }),
  'resident.add_evidence': define({
    roles: ['resident'],
    payload: v.object({
      attachments: v.pipe(
        v.array(AttachmentMetaSchema),
        v.minLength(1),
        v.maxLength(CASE_MACHINE_LIMITS.attachmentsMax),
      ),
    }),
    visibility: 'resident',
  }),
  'case.add_note': define({
    roles: ['intake_officer', 'coordinator', 'department_handler', 'supervisor'],
    payload: v.object({ text: note }),
    visibility: 'internal',
  }),

  // time (the scheduler's clock)
  'clock.tick': define({ roles: ['system'], payload: none, visibility: 'internal' }),
} as const;

export type CaseEventType = keyof typeof CASE_EVENTS;
export const CASE_EVENT_TYPES = Object.keys(CASE_EVENTS) as CaseEventType[];
export type CaseEventPayload<T extends CaseEventType> = v.InferOutput<(typeof CASE_EVENTS)[T]['payload']>;

/** What a client or the scheduler asks for: an event type and its payload. */
export type CaseCommand = { [K in CaseEventType]: { type: K } & CaseEventPayload<K> }[CaseEventType];
export type CaseCommandOf<T extends CaseEventType> = Extract<CaseCommand, { type: T }>;

/** The events a resident may send on their own case, read from the catalog's roles (the one source). */
export type ResidentCaseEventType = {
  [K in CaseEventType]: 'resident' extends (typeof CASE_EVENTS)[K]['roles'][number] ? K : never;
}[CaseEventType];
export const RESIDENT_CASE_EVENT_TYPES = eventTypesFor(CASE_EVENTS, 'resident') as ResidentCaseEventType[];
/** A command a resident sends: supply information, add evidence, rate, request reopening, withdraw. */
export type ResidentCaseCommand = Extract<CaseCommand, { type: ResidentCaseEventType }>;

/** What the statechart receives: the command plus who sent it and when (time is data). */
export type CaseMachineEvent = CaseCommand & { actor: WorkflowActor; now: string };

export function isCaseEventType(type: unknown): type is CaseEventType {
  return typeof type === 'string' && Object.hasOwn(CASE_EVENTS, type);
}

/** May this actor send this event type at all (before looking at the case)? */
export function roleMaySend(type: CaseEventType, actor: WorkflowActor): boolean {
  return roleMaySendIn(CASE_EVENTS, type, actor);
}
