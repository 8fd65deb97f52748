import type { FieldIssue } from '@jiefen/core';
import type { SubmissionStatus } from '../offline/outbox.js';
import type { ActorError } from './shared.js';

/** What a form actor keeps about its submission. */
export interface FormSubmissionContext {
  issues: FieldIssue[];
  submission?: SubmissionStatus;
  error?: ActorError;
}

/** Why the backend refused a submission for good, as the view shows it. */
export function rejectionOf(status: SubmissionStatus): ActorError {
  return status.lastError ? { ...status.lastError } : { messageKey: 'sdk.outbox.rejected' };
}

type StatusEvent = { status: SubmissionStatus };

/**
 * The states a form actor goes through after its filing or request passed the core's check, shared
 * by the intake wizard and the consultation request so the two cannot drift apart:
 * `submitting` (the `submit` actor stores it in the outbox; refused before storing → back to the
 * form with `formSubmitFailed`) → `pending` (`followSubmission` reports `<prefix>.outbox`;
 * `<prefix>.retry` sends now) → received (`formReceived`), or refused for good → back to the form
 * (`formRejected`, with the resident's words still there). The machine defines the named actions
 * (`formSubmitted`, `formSubmitFailed`, `formStatus`, `formReceived`, `formRejected`, `sendNow`), so
 * each keeps its own context typed while the transitions are written once.
 */
export function formSubmissionStates<
  TContext extends FormSubmissionContext,
  TPrefix extends string,
  TSubmitInput = unknown,
>(options: {
  prefix: TPrefix;
  /** Where the resident corrects the form (`#intakeWizard.editing`). */
  editing: `#${string}`;
  /** Where a received submission is shown (`#intakeWizard.received`). */
  received: `#${string}`;
  /** Input of the machine's `submit` actor. */
  submitInput: (context: TContext) => TSubmitInput;
}) {
  const { prefix, editing, received } = options;
  const onStatus = [
    {
      guard: ({ event }: { event: StatusEvent }) => event.status.state === 'received',
      target: received,
      actions: 'formReceived' as const,
    },
    {
      guard: ({ event }: { event: StatusEvent }) => event.status.state === 'rejected',
      target: editing,
      actions: 'formRejected' as const,
    },
    { actions: 'formStatus' as const },
  ];
  return {
    submitting: {
      invoke: {
        src: 'submit' as const,
        input: ({ context }: { context: TContext }) => options.submitInput(context),
        onDone: { target: 'pending', actions: 'formSubmitted' as const },
        onError: { target: editing, actions: 'formSubmitFailed' as const },
      },
    },
    pending: {
      invoke: {
        src: 'followSubmission' as const,
        input: ({ context }: { context: TContext }) => ({ id: context.submission!.id, eventType: `${prefix}.outbox` }),
      },
      on: {
        [`${prefix}.outbox`]: onStatus,
        [`${prefix}.retry`]: { actions: 'sendNow' as const },
      } as { [K in `${TPrefix}.outbox`]: typeof onStatus } & { [K in `${TPrefix}.retry`]: { actions: 'sendNow' } },
    },
  };
}
