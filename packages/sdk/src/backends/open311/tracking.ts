import {
  CLOSED_LOOP_STAGES,
  type ClosedLoopStage,
  type FixMyStreetStatus,
  type NextStepView,
  open311LoopPosition,
  parseFixMyStreetStatus,
  type ResidentCaseView,
  type TenantConfig,
  type TimelineEntry,
  timelineMessage,
} from '@jiefen/core';
import type { Open311Request, Open311Update } from './normalise.js';

/** Marks the part of an Open311 description the SDK wrote; everything after it is Jiefen-only data. */
export const FOLD_MARKER = '\n\n———\n';
export const REF_PREFIX = 'jiefen-ref:';

/** Whether a description carries exactly this reference line (not one that merely starts the same). */
export function hasReference(description: string | undefined, reference: string): boolean {
  if (!description) return false;
  const at = description.indexOf(`${REF_PREFIX}${reference}`);
  if (at < 0) return false;
  const after = description.charAt(at + REF_PREFIX.length + reference.length);
  return after === '' || /\s/.test(after);
}

/**
 * The request's current extended status: the server's own (FixMyStreet's `extended_attributes`), else
 * the newest update's, else nothing. Unknown words (a council's private codes) are ignored.
 */
export function currentExtendedStatus(
  request: Open311Request,
  updates: readonly Open311Update[],
): FixMyStreetStatus | undefined {
  const newest = updates.at(-1);
  for (const candidate of [request.extendedStatus, newest?.externalStatus, newest?.status]) {
    const status = parseFixMyStreetStatus(candidate);
    if (status) return status;
  }
  return undefined;
}

/** The next step each position waits for (Open311 gives no deadlines). */
const NEXT_BY_STAGE: Partial<Record<ClosedLoopStage, NextStepView['what']>> = {
  registration: 'registration_review',
  risk_assessment: 'risk_assessment',
  joint_handling: 'department_report',
  mediation: 'mediation',
};

/** A resident view built from what an Open311 server returns; Jiefen-only parts stay empty. */
export function toResidentView(
  request: Open311Request,
  updates: readonly Open311Update[],
  config: TenantConfig,
  categoryId: string,
): ResidentCaseView {
  const extended = currentExtendedStatus(request, updates);
  // `fixed` is resolved even where a server leaves the basic status `open`.
  const position = open311LoopPosition(request.status, extended);
  const closed = position.status === 'closed';
  const described = request.description ?? '';
  const description = described.split(FOLD_MARKER)[0] ?? described;
  const timeline: TimelineEntry[] = [
    {
      at: request.requestedAt,
      type: 'case.filed',
      actor: { role: 'resident' },
      visibility: 'resident',
      data: { categoryId },
    },
    ...updates.map(
      (u): TimelineEntry => ({
        at: u.at,
        type: 'open311.update',
        actor: { role: 'intake_officer' },
        visibility: 'resident',
        data: {
          ...(u.status ? { status: u.status } : {}),
          ...(u.description ? { description: u.description } : {}),
        },
      }),
    ),
  ];
  const current = CLOSED_LOOP_STAGES.indexOf(position.stage);
  // Open311 tells where a request is, not which stages it went through: only those shown are known.
  const shown = CLOSED_LOOP_STAGES.filter((s) => s === 'registration' || s === position.stage || s === 'closed');
  const updatedAt = updates.at(-1)?.at ?? request.updatedAt ?? request.requestedAt;
  return {
    caseNumber: request.id,
    tenantId: config.id,
    filedAt: request.requestedAt,
    categoryId,
    progress: {
      stage: position.stage,
      waitingFor: position.waitingFor,
      ...(position.ending ? { ending: position.ending } : {}),
      steps: shown.map((stage) => {
        const index = CLOSED_LOOP_STAGES.indexOf(stage);
        const status = stage === position.stage ? (closed ? 'done' : 'current') : index < current ? 'done' : 'upcoming';
        return { stage, status };
      }),
    },
    status: { status: position.status, extendedStatus: extended ?? position.status },
    filing: {
      categoryId,
      description,
      startedOn: request.requestedAt.slice(0, 10),
      location: { placeId: config.organisation.id, ...(request.address ? { address: request.address } : {}) },
      applicant: { kind: 'person', name: '', phone: '' },
      otherParties: [],
      answers: {},
      attachments: [],
      desiredOutcome: '',
      privacy: { otherPartySees: 'nothing', publicSummary: false, contactBy: 'any' },
      locale: config.defaultLocale,
    },
    departments: [],
    next: { who: position.waitingFor, what: NEXT_BY_STAGE[position.stage] ?? 'nothing' },
    sessions: [],
    ...(closed ? { closedAt: request.updatedAt ?? updatedAt } : {}),
    allowedActions: [],
    timeline: timeline.map((entry) => ({ ...entry, ...timelineMessage(entry) })),
    updatedAt,
  };
}
