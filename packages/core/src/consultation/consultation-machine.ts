import * as v from 'valibot';
import { assign, initialTransition, type SnapshotFrom, setup, transition } from 'xstate';
import type { MessageKey } from '../i18n/messages.js';
import { CASE_NUMBER_PATTERN } from '../identifiers/case-numbers.js';
import { InstantSchema, SlugSchema, text } from '../schemas/common.js';
import { CONSULTATION_CHANNELS, type ConsultationRequest } from '../schemas/consultation.js';
import type { FieldIssue } from '../schemas/validate.js';
import {
  allowedEventsIn,
  type CaseRejectionCode,
  checkCommand,
  eventTypesFor,
  REJECTION_KINDS,
  REJECTION_MESSAGES,
  type RejectionKind,
  roleMaySendIn,
  timelineActor,
} from '../workflow/commands.js';
import { type Persisted, persistVersioned, restoreVersioned, type SnapshotMigration } from '../workflow/persistence.js';
import type { Role, WorkflowActor } from '../workflow/roles.js';
import type { TimelineEntry } from '../workflow/timeline.js';

const note = text(1, 2000);
const rating = v.pipe(
  v.number('validation.rating'),
  v.integer('validation.rating'),
  v.minValue(1, 'validation.rating'),
  v.maxValue(5, 'validation.rating'),
);

/** Legal-consultation events (法律咨询): who may send them and what they carry. */
export const CONSULTATION_EVENTS = {
  'consultation.assign': {
    roles: ['intake_officer', 'coordinator'],
    payload: v.object({ lawyer: text(1, 100), departmentId: v.optional(SlugSchema) }),
  },
  'consultation.schedule': {
    roles: ['intake_officer', 'coordinator', 'department_handler'],
    payload: v.object({
      at: InstantSchema,
      channel: v.picklist(CONSULTATION_CHANNELS, 'validation.choice'),
      place: v.optional(text(1, 200)),
    }),
  },
  'consultation.answer': {
    roles: ['coordinator', 'department_handler'],
    payload: v.object({ summary: note }),
  },
  'consultation.convert_to_case': {
    roles: ['intake_officer', 'coordinator'],
    payload: v.object({ caseNumber: v.pipe(v.string(), v.regex(CASE_NUMBER_PATTERN, 'validation.type')) }),
  },
  'resident.cancel': { roles: ['resident'], payload: v.object({ reason: v.optional(note) }) },
  'resident.rate': { roles: ['resident'], payload: v.object({ score: rating, comment: v.optional(note) }) },
} as const satisfies Record<string, { roles: readonly Role[]; payload: v.GenericSchema }>;

export type ConsultationEventType = keyof typeof CONSULTATION_EVENTS;
export const CONSULTATION_EVENT_TYPES = Object.keys(CONSULTATION_EVENTS) as ConsultationEventType[];
export type ConsultationCommand = {
  [K in ConsultationEventType]: { type: K } & v.InferOutput<(typeof CONSULTATION_EVENTS)[K]['payload']>;
}[ConsultationEventType];
export type ResidentConsultationEventType = {
  [K in ConsultationEventType]: 'resident' extends (typeof CONSULTATION_EVENTS)[K]['roles'][number] ? K : never;
}[ConsultationEventType];
/** The events a resident may send on their own consultation, read from the catalog's roles. */
export const RESIDENT_CONSULTATION_EVENT_TYPES = eventTypesFor(
  CONSULTATION_EVENTS,
  'resident',
) as ResidentConsultationEventType[];
export type ResidentConsultationCommand = Extract<ConsultationCommand, { type: ResidentConsultationEventType }>;
type ConsultationMachineEvent = ConsultationCommand & { actor: WorkflowActor; now: string };
type E<T extends ConsultationEventType> = Extract<ConsultationMachineEvent, { type: T }>;

export interface ConsultationContext {
  consultationNumber: string;
  tenantId: string;
  requestedAt: string;
  request: ConsultationRequest;
  assignment?: { lawyer: string; departmentId?: string; at: string };
  appointment?: { at: string; channel: string; place?: string; scheduledAt: string };
  answer?: { summary: string; at: string };
  rating?: { score: number; comment?: string; at: string };
  convertedTo?: string;
  cancellation?: { at: string; reason?: string };
}

export const CONSULTATION_MACHINE_VERSION = 1;

const mayAct = (type: ConsultationEventType, actor: WorkflowActor) => roleMaySendIn(CONSULTATION_EVENTS, type, actor);

/** requested → assigned to a duty lawyer or village legal adviser → scheduled → answered → rated. */
export const consultationMachine = setup({
  types: {
    context: {} as ConsultationContext,
    events: {} as ConsultationMachineEvent,
    input: {} as { consultationNumber: string; tenantId: string; request: ConsultationRequest; now: string },
  },
  guards: {
    authorized: ({ event }) => mayAct(event.type, event.actor),
  },
  actions: {
    assign: assign(({ event }) => {
      const e = event as E<'consultation.assign'>;
      return {
        assignment: { lawyer: e.lawyer, ...(e.departmentId ? { departmentId: e.departmentId } : {}), at: e.now },
      };
    }),
    schedule: assign(({ event }) => {
      const e = event as E<'consultation.schedule'>;
      return {
        appointment: { at: e.at, channel: e.channel, ...(e.place ? { place: e.place } : {}), scheduledAt: e.now },
      };
    }),
    answer: assign(({ event }) => {
      const e = event as E<'consultation.answer'>;
      return { answer: { summary: e.summary, at: e.now } };
    }),
    convert: assign(({ event }) => ({ convertedTo: (event as E<'consultation.convert_to_case'>).caseNumber })),
    cancel: assign(({ event }) => {
      const e = event as E<'resident.cancel'>;
      return { cancellation: { at: e.now, ...(e.reason ? { reason: e.reason } : {}) } };
    }),
    rate: assign(({ event }) => {
      const e = event as E<'resident.rate'>;
      return { rating: { score: e.score, ...(e.comment ? { comment: e.comment } : {}), at: e.now } };
    }),
  },
}).createMachine({
  id: 'consultation',
  initial: 'requested',
  context: ({ input }) => ({
    consultationNumber: input.consultationNumber,
    tenantId: input.tenantId,
    requestedAt: input.now,
    request: input.request,
  }),
  states: {
    requested: {
      on: {
        'consultation.assign': { guard: 'authorized', target: 'assigned', actions: 'assign' },
        'resident.cancel': { guard: 'authorized', target: 'cancelled', actions: 'cancel' },
        'consultation.convert_to_case': { guard: 'authorized', target: 'converted', actions: 'convert' },
      },
    },
    assigned: {
      on: {
        'consultation.assign': { guard: 'authorized', actions: 'assign' },
        'consultation.schedule': { guard: 'authorized', target: 'scheduled', actions: 'schedule' },
        'consultation.answer': { guard: 'authorized', target: 'answered', actions: 'answer' },
        'resident.cancel': { guard: 'authorized', target: 'cancelled', actions: 'cancel' },
        'consultation.convert_to_case': { guard: 'authorized', target: 'converted', actions: 'convert' },
      },
    },
    scheduled: {
      on: {
        'consultation.assign': { guard: 'authorized', actions: 'assign' },
        'consultation.schedule': { guard: 'authorized', actions: 'schedule' },
        'consultation.answer': { guard: 'authorized', target: 'answered', actions: 'answer' },
        'resident.cancel': { guard: 'authorized', target: 'cancelled', actions: 'cancel' },
        'consultation.convert_to_case': { guard: 'authorized', target: 'converted', actions: 'convert' },
      },
    },
    answered: {
      on: {
        'resident.rate': { guard: 'authorized', target: 'closed', actions: 'rate' },
        'consultation.convert_to_case': { guard: 'authorized', target: 'converted', actions: 'convert' },
      },
    },
    closed: { type: 'final' },
    cancelled: { type: 'final' },
    converted: { type: 'final', description: 'The question turned into a dispute case.' },
  },
});

export type ConsultationSnapshot = SnapshotFrom<typeof consultationMachine>;
export type ConsultationStatus =
  | 'requested'
  | 'assigned'
  | 'scheduled'
  | 'answered'
  | 'closed'
  | 'cancelled'
  | 'converted';
/** Every status a consultation can be in: the chart's top-level states. */
export const CONSULTATION_STATUSES = Object.keys(consultationMachine.root.states) as ConsultationStatus[];

export interface ConsultationRejection {
  code: CaseRejectionCode;
  kind: RejectionKind;
  messageKey: MessageKey;
  issues: FieldIssue[];
  allowedEvents: ConsultationEventType[];
}
export type AdvanceConsultationResult =
  | { ok: true; snapshot: ConsultationSnapshot; changed: true; command: ConsultationCommand; timeline: TimelineEntry[] }
  | { ok: false; rejection: ConsultationRejection };

export function openConsultation(input: {
  consultationNumber: string;
  tenantId: string;
  request: ConsultationRequest;
  now: string;
}) {
  const [snapshot] = initialTransition(consultationMachine, input);
  const timeline: TimelineEntry[] = [
    {
      at: input.now,
      type: 'consultation.requested',
      actor: { role: 'resident' },
      visibility: 'resident',
      data: { topicId: input.request.topicId, channel: input.request.channel },
    },
  ];
  return { snapshot, timeline };
}

export function allowedConsultationEvents(
  snapshot: ConsultationSnapshot,
  actor: WorkflowActor,
): ConsultationEventType[] {
  return allowedEventsIn(CONSULTATION_EVENTS, snapshot, actor);
}

/** Same contract as `advanceCase`, for consultations. */
export function advanceConsultation(
  snapshot: ConsultationSnapshot,
  command: unknown,
  actor: WorkflowActor,
  now: string,
): AdvanceConsultationResult {
  const reject = (code: CaseRejectionCode, issues: FieldIssue[] = []): AdvanceConsultationResult => ({
    ok: false,
    rejection: {
      code,
      kind: REJECTION_KINDS[code],
      messageKey: REJECTION_MESSAGES[code],
      issues,
      allowedEvents: allowedConsultationEvents(snapshot, actor),
    },
  });
  const checked = checkCommand<ConsultationEventType, ConsultationCommand>(
    CONSULTATION_EVENTS,
    snapshot,
    command,
    actor,
  );
  if (!checked.ok) return reject(checked.code, checked.issues);
  const parsed = checked.command;
  const event = { ...parsed, actor, now } as ConsultationMachineEvent;
  if (!snapshot.can(event)) return reject('not_allowed_now');
  const [next] = transition(consultationMachine, snapshot, event);
  const { type: _type, actor: _actor, now: _now, ...data } = event;
  const entry: TimelineEntry = {
    at: now,
    type: parsed.type,
    actor: timelineActor(actor),
    visibility: 'resident',
    data,
  };
  return { ok: true, snapshot: next, changed: true, command: parsed, timeline: [entry] };
}

export function consultationStatus(snapshot: ConsultationSnapshot): ConsultationStatus {
  return snapshot.value as ConsultationStatus;
}

/** What the resident sees: their request, who took it, when, the answer, and what they can do. */
export function consultationResidentView(snapshot: ConsultationSnapshot, timeline: readonly TimelineEntry[]) {
  const { context } = snapshot;
  return {
    consultationNumber: context.consultationNumber,
    tenantId: context.tenantId,
    requestedAt: context.requestedAt,
    status: consultationStatus(snapshot),
    request: context.request,
    ...(context.assignment ? { lawyer: context.assignment.lawyer } : {}),
    ...(context.appointment
      ? {
          appointment: {
            at: context.appointment.at,
            channel: context.appointment.channel,
            ...(context.appointment.place ? { place: context.appointment.place } : {}),
          },
        }
      : {}),
    ...(context.answer ? { answer: context.answer } : {}),
    ...(context.rating
      ? {
          rating: {
            score: context.rating.score,
            ...(context.rating.comment ? { comment: context.rating.comment } : {}),
          },
        }
      : {}),
    ...(context.convertedTo ? { convertedTo: context.convertedTo } : {}),
    allowedActions: allowedConsultationEvents(snapshot, { role: 'resident' }),
    timeline: timeline
      .filter((e) => e.visibility === 'resident')
      .map((e) => ({ at: e.at, type: e.type, actor: { role: e.actor.role }, visibility: e.visibility, data: e.data })),
  };
}
export type ResidentConsultationView = ReturnType<typeof consultationResidentView>;

/** One row of the staff consultation queue. */
export function consultationSummary(snapshot: ConsultationSnapshot) {
  const { context } = snapshot;
  return {
    consultationNumber: context.consultationNumber,
    tenantId: context.tenantId,
    topicId: context.request.topicId,
    channel: context.request.channel,
    requestedAt: context.requestedAt,
    status: consultationStatus(snapshot),
    ...(context.assignment ? { lawyer: context.assignment.lawyer, departmentId: context.assignment.departmentId } : {}),
    ...(context.appointment ? { appointmentAt: context.appointment.at } : {}),
  };
}
export type ConsultationSummary = ReturnType<typeof consultationSummary>;

export const CONSULTATION_MIGRATIONS: Readonly<Record<number, SnapshotMigration>> = {};

export function persistConsultation(snapshot: ConsultationSnapshot): Persisted {
  return persistVersioned(consultationMachine, CONSULTATION_MACHINE_VERSION, snapshot);
}

export function restoreConsultation(stored: unknown): ConsultationSnapshot {
  return restoreVersioned(consultationMachine, CONSULTATION_MACHINE_VERSION, CONSULTATION_MIGRATIONS, stored);
}
