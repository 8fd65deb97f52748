import type { FieldIssue, Locale } from '@jiefen/core';
import { formatSdkMessage } from '../i18n/messages.js';
import type { SubmissionStatus } from '../offline/outbox.js';
import type { CaseTrackerContext } from './case-tracker.js';
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
