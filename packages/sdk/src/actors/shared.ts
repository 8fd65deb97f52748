import type { FieldIssue, TenantConfig } from '@jiefen/core';
import { fromCallback, fromPromise } from 'xstate';
import type { JiefenClient } from '../client.js';
import { isJiefenError, isJiefenHttpError, isJiefenValidationError } from '../errors.js';
import type { Draft, DraftKind } from '../offline/drafts.js';
import type { SubmissionStatus } from '../offline/outbox.js';

/** What a view shows for a failure: a message key for `formatSdkMessage`, and field issues if any. */
export interface ActorError {
  messageKey: string;
  params?: Record<string, string | number>;
  code?: string;
  issues?: FieldIssue[];
  /** A refused action: what the case accepts now. */
  allowedEvents?: string[];
}

export function toActorError(error: unknown): ActorError {
  if (isJiefenValidationError(error)) return { messageKey: error.messageKey, code: error.code, issues: error.issues };
  if (isJiefenError(error)) {
    return {
      messageKey: error.messageKey,
      params: error.params,
      ...('code' in error && typeof error.code === 'string' ? { code: error.code } : {}),
      ...(isJiefenHttpError(error) && error.allowedEvents?.length ? { allowedEvents: error.allowedEvents } : {}),
    };
  }
  return { messageKey: 'sdk.error.network' };
}

/** Load the tenant configuration and any draft left on this device. */
export const loadFormActor = fromPromise(
  async ({
    input,
  }: {
    input: { client: JiefenClient; draftId: string; kind: DraftKind };
  }): Promise<{ config: TenantConfig; draft: Draft | undefined }> => {
    const [config, draft] = await Promise.all([
      input.client.getTenantConfig(),
      input.client.drafts.load(input.draftId).catch(() => undefined),
    ]);
    return { config, draft: draft?.kind === input.kind ? draft : undefined };
  },
);

/** Follows one outbox submission: emits `<prefix>.outbox` events until it is received or rejected. */
export const followSubmissionActor = fromCallback<
  { type: string },
  { client: JiefenClient; id: string; eventType: string }
>(({ input, sendBack }) => {
  const send = (status: SubmissionStatus) => sendBack({ type: input.eventType, status } as { type: string });
  const unsubscribe = input.client.outbox.subscribe((status) => {
    if (status.id === input.id) send(status);
  });
  // Catch up on anything that happened before we subscribed.
  void input.client.outbox.get(input.id).then((status) => {
    if (status) send(status);
  });
  return unsubscribe;
});

/** Set a value at a dot path (`applicant.phone`, `otherParties.0.name`) in a copy of `target`. */
export function setPath<T extends object>(target: T, path: string, value: unknown): T {
  const keys = path.split('.');
  const copy = (Array.isArray(target) ? [...target] : { ...target }) as Record<string, unknown>;
  let cursor: Record<string, unknown> = copy;
  keys.forEach((key, index) => {
    if (index === keys.length - 1) {
      cursor[key] = value;
      return;
    }
    const next = cursor[key];
    const child = Array.isArray(next)
      ? [...next]
      : typeof next === 'object' && next !== null
        ? { ...next }
        : /^\d+$/.test(keys[index + 1]!)
          ? []
          : {};
    cursor[key] = child;
    cursor = child as Record<string, unknown>;
  });
  return copy as T;
}

/** Issues that belong to a set of top-level paths. */
export function issuesUnder(issues: readonly FieldIssue[], prefixes: readonly string[]): FieldIssue[] {
  return issues.filter((issue) => prefixes.some((p) => issue.path === p || issue.path.startsWith(`${p}.`)));
}

/** Today as `YYYY-MM-DD` on this device. */
export function deviceToday(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
