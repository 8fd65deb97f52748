import type { FieldIssue } from '@jiefen/core';
import { isJiefenError, isJiefenHttpError, isJiefenValidationError } from './errors.js';

/**
 * What a view shows for a failure, as plain data (it is kept in snapshots and in the outbox): a
 * message key for `formatSdkMessage`, its parameters, the backend's code, field issues, and for a
 * refused action what the case accepts now.
 */
export interface ErrorView {
  messageKey: string;
  params?: Record<string, string | number>;
  code?: string;
  issues?: FieldIssue[];
  /** A refused action: what the case accepts now. */
  allowedEvents?: string[];
}

/** The one mapping from anything thrown to an `ErrorView`: actors, the outbox and the client share it. */
export function toErrorView(error: unknown): ErrorView {
  // Not an SDK error: a bug or a browser failure we cannot name; tell the resident to try again.
  if (!isJiefenError(error)) return { messageKey: 'sdk.error.network' };
  const code = 'code' in error && typeof error.code === 'string' ? error.code : undefined;
  return {
    messageKey: error.messageKey,
    ...(Object.keys(error.params).length > 0 ? { params: error.params } : {}),
    ...(code ? { code } : {}),
    ...(isJiefenValidationError(error) ? { issues: error.issues } : {}),
    ...(isJiefenHttpError(error) && error.allowedEvents?.length ? { allowedEvents: error.allowedEvents } : {}),
  };
}
