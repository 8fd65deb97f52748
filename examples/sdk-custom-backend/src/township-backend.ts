/**
 * A township's own backend for the Jiefen SDK: an adapter from the documented `JiefenBackend`
 * interface to the township's existing JSON API (see `township-api.ts`). Everything the widgets,
 * the outbox and the actors need follows from the interface's rules:
 * - errors become SDK errors, so the outbox knows what to retry (network, 5xx) and what to give up on
 *   (validation, not found, an action the case no longer accepts);
 * - the outbox's idempotency key travels as the township's `X-Request-Id`, so retries never duplicate;
 * - a wrong pin and an unknown number are both `JiefenNotFoundError`;
 * - `capabilities` says what the API cannot do (uploads, consultations, push), and those calls throw
 *   `JiefenUnsupportedError`; without `streamCase`, `watchCase` polls `getCase`.
 */
import type { ResidentCaseView, TenantConfig } from '@jiefen/core';
import {
  type CallOptions,
  type CaseAccess,
  type CaseReceipt,
  FULL_CAPABILITIES,
  type JiefenBackend,
  JiefenConflictError,
  JiefenForbiddenError,
  JiefenHttpError,
  JiefenNetworkError,
  JiefenNotFoundError,
  JiefenProtocolError,
  JiefenUnsupportedError,
  JiefenValidationError,
} from '@jiefen/sdk';

export interface TownshipBackendOptions {
  /** Where the township's API lives. */
  baseUrl: string;
}

/** The township's error answer: `{ errcode, errmsg?, errors?, messageKey?, allowed? }`. */
interface TownshipError {
  errcode?: string;
  errmsg?: string;
  errors?: ConstructorParameters<typeof JiefenValidationError>[0];
  messageKey?: string;
  allowed?: string[];
}

/** Map the township's error answers onto the SDK's error types. */
function toSdkError(response: Response, body: TownshipError | undefined): Error {
  switch (body?.errcode) {
    case 'INVALID':
      return new JiefenValidationError(body.errors ?? [], { status: 422 });
    case 'NOT_FOUND':
      return new JiefenNotFoundError();
    case 'FORBIDDEN':
      return new JiefenForbiddenError({
        status: 403,
        code: 'forbidden',
        ...(body.messageKey ? { messageKey: body.messageKey } : {}),
        allowedEvents: body.allowed ?? [],
      });
    case 'STATE':
      return new JiefenConflictError({
        code: 'transition_rejected',
        ...(body.messageKey ? { messageKey: body.messageKey } : {}),
        allowedEvents: body.allowed ?? [],
      });
  }
  const retryAfter = Number(response.headers.get('retry-after'));
  // 5xx and 429 come out retryable (`isRetryable`), so the outbox tries again later.
  return new JiefenHttpError({
    status: response.status,
    code: body?.errcode ?? `http_${response.status}`,
    ...(body?.errmsg ? { serverMessage: body.errmsg } : {}),
    ...(Number.isFinite(retryAfter) && response.headers.has('retry-after') ? { retryAfterMs: retryAfter * 1000 } : {}),
  });
}

/** Resident credentials go in headers, never in URLs. */
const credentialHeaders = (access: CaseAccess): Record<string, string> =>
  'trackingToken' in access ? { 'x-track-token': access.trackingToken } : { 'x-pin': access.accessCode };

export function createTownshipBackend(options: TownshipBackendOptions): JiefenBackend {
  const call = async <T>(
    method: 'GET' | 'POST',
    path: string,
    init: { body?: unknown; headers?: Record<string, string>; signal?: AbortSignal | undefined } = {},
  ): Promise<T> => {
    let response: Response;
    try {
      response = await fetch(new URL(path, options.baseUrl), {
        method,
        headers: { ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}), ...init.headers },
        ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
        ...(init.signal ? { signal: init.signal } : {}),
      });
    } catch (error) {
      if (init.signal?.aborted) throw error; // the caller gave up: not a network failure
      throw new JiefenNetworkError('The township API did not answer', error);
    }
    const body = (await response.json().catch(() => undefined)) as ({ data?: T } & TownshipError) | undefined;
    if (!response.ok) throw toSdkError(response, body);
    if (body?.data === undefined) throw new JiefenProtocolError('The township API answered without data');
    return body.data;
  };
  const requestId = (o?: CallOptions): Record<string, string> =>
    o?.idempotencyKey ? { 'x-request-id': o.idempotencyKey } : {};
  const unsupported = (operation: string) => () => Promise.reject(new JiefenUnsupportedError('township', operation));

  const backend: JiefenBackend = {
    kind: 'township',
    // Everything but what the township API lacks.
    capabilities: {
      ...FULL_CAPABILITIES,
      consultations: false,
      uploads: false,
      liveUpdates: false,
      staff: false,
      staffAccounts: false,
    },

    getTenantConfig: (o) => call<TenantConfig>('GET', '/api/config', { signal: o?.signal }),

    async fileCase(filing, o) {
      const created = await call<{
        caseNumber: string;
        accessCode: string;
        trackingToken: string;
        view: ResidentCaseView;
      }>('POST', '/api/disputes', { body: filing, headers: requestId(o), signal: o.signal });
      return {
        caseNumber: created.caseNumber,
        accessCode: created.accessCode,
        trackingToken: created.trackingToken,
        case: created.view,
      } satisfies CaseReceipt;
    },

    getCase(access, o) {
      const path = 'trackingToken' in access ? '/api/track' : `/api/disputes/${encodeURIComponent(access.caseNumber)}`;
      return call<ResidentCaseView>('GET', path, { headers: credentialHeaders(access), signal: o?.signal });
    },

    async sendCaseAction(access, command, o) {
      const caseNumber = access.caseNumber ?? (await backend.getCase(access, o)).caseNumber;
      return call<ResidentCaseView>('POST', `/api/disputes/${encodeURIComponent(caseNumber)}/resident-actions`, {
        body: command,
        headers: { ...credentialHeaders(access), ...requestId(o) },
        signal: o?.signal,
      });
    },

    uploadAttachment: unsupported('uploadAttachment'),
    requestConsultation: unsupported('requestConsultation'),
    getConsultation: unsupported('getConsultation'),
    sendConsultationAction: unsupported('sendConsultationAction'),
  };
  return backend;
}
