import type { FieldIssue } from '@jiefen/core';
import { formatSdkMessage } from '../i18n/messages.js';
import {
  applicableSteps,
  fieldsOf,
  INTAKE_STEPS,
  type IntakeStep,
  type IntakeWizardContext,
  neighbour,
  PARTY_FIELDS,
  stepIndex,
} from './intake-wizard.js';

/**
 * Pure functions of an intake snapshot, for views: they read only `context` and `value`, so they
 * work on a live snapshot and on one restored from JSON alike.
 */
export interface IntakeSnapshotLike {
  context: IntakeWizardContext;
  value: unknown;
}

const topState = (snapshot: IntakeSnapshotLike): string =>
  typeof snapshot.value === 'string' ? snapshot.value : Object.keys(snapshot.value as object)[0]!;

/** Localized field errors by dot path, in `context.locale` (the first issue of a path wins). */
export function selectFieldErrors(snapshot: IntakeSnapshotLike): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of snapshot.context.issues) {
    errors[issue.path] ??= formatSdkMessage(issue.key, issue.params, snapshot.context.locale);
  }
  return errors;
}

/** Where an issue sits on screen: step, field in the step, then the item and its sub-field. */
function displayRank(context: IntakeWizardContext, issue: FieldIssue): number[] {
  const [top = '', second = '', third = ''] = issue.path.split('.');
  const step = INTAKE_STEPS.find((s) => (s.fields as readonly string[]).includes(top))?.id ?? 'review';
  const field = (fieldsOf(step) as readonly string[]).indexOf(top);
  let item = 0;
  let sub = 0;
  if (top === 'answers') {
    const category = context.config?.categories.find((c) => c.id === context.form.categoryId);
    item = category?.fields.findIndex((f) => f.id === second) ?? 0;
  } else if (top === 'applicant') {
    item = PARTY_FIELDS.indexOf(second);
  } else if (top === 'otherParties' || top === 'attachments') {
    item = Number(second) || 0;
    sub = PARTY_FIELDS.indexOf(third);
  }
  return [stepIndex(step), field, item, sub];
}

const compareRanks = (a: number[], b: number[]) => {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
};

/** The first path with an issue, in the order the form shows its fields (move focus there). */
export function selectFirstInvalidField(snapshot: IntakeSnapshotLike): string | undefined {
  const { context } = snapshot;
  const ranked = context.issues.map((issue) => ({ path: issue.path, rank: displayRank(context, issue) }));
  ranked.sort((a, b) => compareRanks(a.rank, b.rank));
  return ranked[0]?.path;
}

/** The steps that apply to this filing (evidence only where the backend takes uploads). */
export function selectApplicableSteps(snapshot: IntakeSnapshotLike): IntakeStep[] {
  return applicableSteps(snapshot.context);
}

/** The furthest step the resident has reached. */
export function selectFurthestStep(snapshot: IntakeSnapshotLike): IntakeStep {
  return snapshot.context.furthestStep;
}

export interface IntakeStepStatus {
  step: IntakeStep;
  status: 'complete' | 'current' | 'upcoming' | 'invalid';
  /** `intake.go_to` would be accepted (back, or forward up to one past the furthest step). */
  reachable: boolean;
}

/** Per-step state for a stepper. */
export function selectStepStatuses(snapshot: IntakeSnapshotLike): IntakeStepStatus[] {
  const { context } = snapshot;
  const furthest = stepIndex(context.furthestStep);
  const reach = stepIndex(neighbour(context, context.furthestStep, 1));
  return applicableSteps(context).map((step) => {
    const index = stepIndex(step);
    const fields = fieldsOf(step);
    const invalid = context.issues.some((issue) =>
      fields.some((f) => issue.path === f || issue.path.startsWith(`${f}.`)),
    );
    // Passed (validated) on the way to the furthest step; the furthest itself is not passed yet.
    const status = invalid ? 'invalid' : step === context.step ? 'current' : index < furthest ? 'complete' : 'upcoming';
    return { step, status, reachable: index <= reach };
  });
}

export type IntakeSubmissionState = 'editing' | 'saved' | 'sending' | 'received' | 'rejected';

/** The submission's state as the resident should always see it. */
export function selectSubmissionState(snapshot: IntakeSnapshotLike): IntakeSubmissionState {
  const state = topState(snapshot);
  const submission = snapshot.context.submission;
  if (state === 'received') return 'received';
  if (state === 'submitting') return 'sending';
  if (state === 'pending') return submission?.state === 'sending' ? 'sending' : 'saved';
  if (submission?.state === 'rejected' || (state === 'editing' && snapshot.context.error && submission)) {
    return 'rejected';
  }
  return 'editing';
}
