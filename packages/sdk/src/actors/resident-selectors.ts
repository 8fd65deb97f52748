import type { FieldIssue, Locale, ResidentCaseView } from '@jiefen/core';
import { formatSdkMessage } from '../i18n/messages.js';
import type { SubmissionStatus } from '../offline/outbox.js';
import type { CaseTrackerActionKind, CaseTrackerContext } from './case-tracker.js';
import type { ConsultationRequestContext } from './consultation-request.js';
import type { ActorError } from './shared.js';

/** Localized messages by dot path (the first issue of a path wins). */
function fieldErrors(issues: readonly FieldIssue[], locale: Locale): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of issues) errors[issue.path] ??= formatSdkMessage(issue.key, issue.params, locale);
  return errors;
}

const topState = (value: unknown): string => (typeof value === 'string' ? value : Object.keys(value as object)[0]!);

/** Field errors of the consultation form, in `context.locale`. */
export function selectConsultationFieldErrors(snapshot: {
  context: ConsultationRequestContext;
}): Record<string, string> {
  return fieldErrors(snapshot.context.issues, snapshot.context.locale);
}

/** The request's submission state as the resident should always see it (like `selectSubmissionState`). */
export function selectConsultationSubmissionState(snapshot: {
  context: ConsultationRequestContext;
  value: unknown;
}): 'editing' | 'saved' | 'sending' | 'received' | 'rejected' {
  const state = topState(snapshot.value);
  if (state === 'received') return 'received';
  if (state === 'submitting') return 'sending';
  if (state === 'pending') return snapshot.context.submission?.state === 'sending' ? 'sending' : 'saved';
  return snapshot.context.submission?.state === 'rejected' ? 'rejected' : 'editing';
}

/** Where the resident's latest action stands (tracker or consultation): nothing, saved, sending, or rejected. */
export function selectActionState(snapshot: {
  context: { action?: SubmissionStatus };
}): 'none' | 'saved' | 'sending' | 'rejected' {
  const state = snapshot.context.action?.state;
  return state === 'saved' || state === 'sending' || state === 'rejected' ? state : 'none';
}

/** Field errors of a refused action (an invalid reply, a score of 9), localized; the tracker has no locale of its own. */
export function selectActionFieldErrors(
  snapshot: { context: { error?: ActorError } },
  locale: Locale,
): Record<string, string> {
  return fieldErrors(snapshot.context.error?.issues ?? [], locale);
}

/** What the case accepts from the resident now (`tracker.*` actions to show). */
export function selectTrackerAllowedActions(snapshot: { context: CaseTrackerContext }): string[] {
  return [...(snapshot.context.view?.allowedActions ?? [])];
}

/** The tracker's screen: looking a case up, loading it, showing it, or sending an action on it. */
export type TrackerScreen = 'idle' | 'loading' | 'ready' | 'acting';

export function selectTrackerScreen(snapshot: { value: unknown }): TrackerScreen {
  const state = topState(snapshot.value);
  if (state === 'tracking')
    return typeof snapshot.value === 'object' && 'acting' === topState(Object.values(snapshot.value as object)[0])
      ? 'acting'
      : 'ready';
  return state === 'loading' ? 'loading' : 'idle';
}

const TRACKER_ACTIONS: readonly CaseTrackerActionKind[] = [
  'supply_information',
  'add_evidence',
  'rate',
  'request_reopen',
  'withdraw',
];

/**
 * The resident actions to offer now, in a stable order: what the case's view allows (the core
 * decides), and nothing while another action is on its way (the tracker takes one at a time).
 */
export function selectTrackerActions(snapshot: {
  context: CaseTrackerContext;
  value: unknown;
}): CaseTrackerActionKind[] {
  if (selectTrackerScreen(snapshot) !== 'ready') return [];
  const allowed = new Set<string>(snapshot.context.view?.allowedActions ?? []);
  return TRACKER_ACTIONS.filter((kind) => allowed.has(`resident.${kind}`));
}

/** One thing a live update changed, for a polite announcement. */
export type CaseChange =
  | { kind: 'stage'; stage: ResidentCaseView['progress']['stage'] }
  | { kind: 'timeline'; added: number; latest: ResidentCaseView['timeline'][number] }
  | { kind: 'actions'; offered: CaseTrackerActionKind[] };

/** What changed between two views of one case, most important first (stage, new timeline lines, new actions). */
export function selectCaseChanges(previous: ResidentCaseView, next: ResidentCaseView): CaseChange[] {
  const changes: CaseChange[] = [];
  if (previous.progress.stage !== next.progress.stage) changes.push({ kind: 'stage', stage: next.progress.stage });
  const added = next.timeline.length - previous.timeline.length;
  if (added > 0) changes.push({ kind: 'timeline', added, latest: next.timeline.at(-1)! });
  const before = new Set<string>(previous.allowedActions);
  const offered = TRACKER_ACTIONS.filter(
    (kind) => !before.has(`resident.${kind}`) && next.allowedActions.includes(`resident.${kind}`),
  );
  if (offered.length) changes.push({ kind: 'actions', offered });
  return changes;
}
