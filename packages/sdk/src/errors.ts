import type { FieldIssue } from '@jiefen/core';

/**
 * Brand shared by every SDK error. `Symbol.for` lives in the global symbol registry, which all
 * realms (iframes, workers, a second copy of the SDK) share, so the guards work where `instanceof`
 * does not.
 */
const BRAND = Symbol.for('jiefen.sdk.error');

/** The kinds an error can be; subclasses carry every kind they are (a not-found is also http). */
export type JiefenErrorKind =
  | 'network'
  | 'timeout'
  | 'http'
  | 'validation'
  | 'not_found'
  | 'forbidden'
  | 'conflict'
  | 'unsupported'
  | 'storage'
  | 'protocol';

export interface JiefenErrorOptions {
  /** Message key for localization (an SDK key `sdk.*` or a core key `validation.*`, `workflow.*`). */
  messageKey: string;
  params?: Record<string, string | number>;
  cause?: unknown;
}

/** Base of every error the SDK throws. Render `messageKey` with `formatSdkMessage` in the resident's locale. */
export class JiefenError extends Error {
  declare readonly [BRAND]: true;
  readonly kinds: readonly JiefenErrorKind[];
  readonly messageKey: string;
  readonly params: Record<string, string | number>;
  /** Whether trying the same thing again later can succeed (network trouble, 5xx, 429, timeouts). */
  readonly retryable: boolean;

  constructor(kinds: readonly JiefenErrorKind[], message: string, options: JiefenErrorOptions, retryable = false) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    Object.defineProperty(this, BRAND, { value: true });
    this.name = 'JiefenError';
    this.kinds = kinds;
    this.messageKey = options.messageKey;
    this.params = options.params ?? {};
    this.retryable = retryable;
  }
}

/** The request never got an answer: offline, DNS, connection reset. */
export class JiefenNetworkError extends JiefenError {
  constructor(message = 'Network request failed', cause?: unknown) {
    super(['network'], message, { messageKey: 'sdk.error.network', cause }, true);
    this.name = 'JiefenNetworkError';
  }
}

/** No answer within the configured timeout. The server may still have done the work (see the outbox). */
export class JiefenTimeoutError extends JiefenError {
  readonly timeoutMs: number | undefined;
  constructor(timeoutMs?: number, cause?: unknown) {
    super(
      ['timeout'],
      `Request timed out${timeoutMs ? ` after ${timeoutMs} ms` : ''}`,
      {
        messageKey: 'sdk.error.timeout',
        cause,
      },
      true,
    );
    this.name = 'JiefenTimeoutError';
    this.timeoutMs = timeoutMs;
  }
}

export interface HttpErrorDetails {
  status: number;
  /** The backend's error code (`transition_rejected`, `rate_limited` …) or `http_<status>`. */
  code: string;
  messageKey?: string;
  /** The backend's own (already localized) message, if it sent one. */
  serverMessage?: string;
  /** Milliseconds the backend asked us to wait (Retry-After). */
  retryAfterMs?: number;
  issues?: FieldIssue[];
  allowedEvents?: string[];
  cause?: unknown;
}

const isRetryableStatus = (status: number) => status === 408 || status === 429 || status >= 500;

/** The backend answered with an error status. */
export class JiefenHttpError extends JiefenError {
  readonly status: number;
  readonly code: string;
  readonly serverMessage: string | undefined;
  readonly retryAfterMs: number | undefined;
  readonly allowedEvents: string[];

  constructor(details: HttpErrorDetails, kinds: readonly JiefenErrorKind[] = ['http']) {
    super(
      kinds.includes('http') ? kinds : ['http', ...kinds],
      details.serverMessage ?? `HTTP ${details.status} ${details.code}`,
      {
        messageKey: details.messageKey ?? defaultKeyForStatus(details.status, details.code),
        params: { status: details.status },
        cause: details.cause,
      },
      // Both 409s mean "not now", not "no": the same request with its key may succeed shortly.
      isRetryableStatus(details.status) || details.code === 'request_in_flight' || details.code === 'concurrent_update',
    );
    this.name = 'JiefenHttpError';
    this.status = details.status;
    this.code = details.code;
    this.serverMessage = details.serverMessage;
    this.retryAfterMs = details.retryAfterMs;
    this.allowedEvents = details.allowedEvents ?? [];
  }
}

/** The case (or consultation) does not exist, or the credential does not open it; the backend never says which. */
export class JiefenNotFoundError extends JiefenHttpError {
  constructor(details: Partial<HttpErrorDetails> = {}) {
    super({ status: 404, code: 'not_found', ...details, messageKey: details.messageKey ?? 'sdk.error.not_found' }, [
      'http',
      'not_found',
    ]);
    this.name = 'JiefenNotFoundError';
  }
}

/** Missing or insufficient credentials (401 or 403). */
export class JiefenForbiddenError extends JiefenHttpError {
  constructor(details: Partial<HttpErrorDetails> = {}) {
    const status = details.status ?? 403;
    super(
      {
        status,
        code: status === 401 ? 'unauthorized' : 'forbidden',
        ...details,
        messageKey: details.messageKey ?? (status === 401 ? 'sdk.error.unauthorized' : 'sdk.error.forbidden'),
      },
      ['http', 'forbidden'],
    );
    this.name = 'JiefenForbiddenError';
  }
}

/** The case moved on (transition rejected) or the same request is still in flight (409). */
export class JiefenConflictError extends JiefenHttpError {
  constructor(details: Partial<HttpErrorDetails> = {}) {
    super({ status: 409, code: 'conflict', ...details, messageKey: details.messageKey ?? 'sdk.error.conflict' }, [
      'http',
      'conflict',
    ]);
    this.name = 'JiefenConflictError';
  }
}

/** Input failed validation, on this device or at the backend (422). Issues are addressed by dot paths. */
export class JiefenValidationError extends JiefenError {
  readonly issues: FieldIssue[];
  /** Set when the backend rejected the input; undefined when the SDK caught it before sending. */
  readonly status: number | undefined;
  readonly code: string;

  constructor(issues: FieldIssue[], details: { status?: number; code?: string; serverMessage?: string } = {}) {
    super(
      details.status ? ['validation', 'http'] : ['validation'],
      details.serverMessage ?? `Validation failed: ${issues.map((i) => `${i.path || '(root)'} ${i.key}`).join(', ')}`,
      { messageKey: 'sdk.error.validation' },
    );
    this.name = 'JiefenValidationError';
    this.issues = issues;
    this.status = details.status;
    this.code = details.code ?? 'validation_failed';
  }
}

/** The configured backend cannot do this (an Open311 server has no mediation, no consultations …). */
export class JiefenUnsupportedError extends JiefenError {
  readonly operation: string;
  readonly backend: string;
  constructor(backend: string, operation: string) {
    super(['unsupported'], `The ${backend} backend does not support ${operation}`, {
      messageKey: 'sdk.error.unsupported',
      params: { operation },
    });
    this.name = 'JiefenUnsupportedError';
    this.operation = operation;
    this.backend = backend;
  }
}

/** The device could not store a draft or outbox entry (quota, private mode, no IndexedDB). */
export class JiefenStorageError extends JiefenError {
  constructor(message: string, cause?: unknown) {
    super(['storage'], message, { messageKey: 'sdk.error.storage', cause });
    this.name = 'JiefenStorageError';
  }
}

/** The backend answered with something the SDK cannot read (not JSON, wrong shape). */
export class JiefenProtocolError extends JiefenError {
  constructor(message: string, cause?: unknown) {
    super(['protocol'], message, { messageKey: 'sdk.error.protocol', cause });
    this.name = 'JiefenProtocolError';
  }
}

function defaultKeyForStatus(status: number, code: string): string {
  if (code === 'rate_limited' || status === 429) return 'sdk.error.rate_limited';
  if (code === 'request_in_flight') return 'sdk.error.in_flight';
  if (status === 413) return 'sdk.error.payload_too_large';
  if (status === 415) return 'sdk.error.unsupported_media_type';
  if (status >= 500) return 'sdk.error.server';
  return 'sdk.error.http';
}

function hasKind(error: unknown, kind?: JiefenErrorKind): error is JiefenError {
  if (typeof error !== 'object' || error === null) return false;
  if ((error as { [BRAND]?: unknown })[BRAND] !== true) return false;
  return kind === undefined || ((error as JiefenError).kinds ?? []).includes(kind);
}

/** True for any SDK error, from any realm or copy of the SDK. */
export const isJiefenError = (error: unknown): error is JiefenError => hasKind(error);
export const isJiefenNetworkError = (error: unknown): error is JiefenNetworkError => hasKind(error, 'network');
export const isJiefenTimeoutError = (error: unknown): error is JiefenTimeoutError => hasKind(error, 'timeout');
export const isJiefenHttpError = (error: unknown): error is JiefenHttpError => hasKind(error, 'http');
export const isJiefenValidationError = (error: unknown): error is JiefenValidationError => hasKind(error, 'validation');
export const isJiefenNotFoundError = (error: unknown): error is JiefenNotFoundError => hasKind(error, 'not_found');
export const isJiefenForbiddenError = (error: unknown): error is JiefenForbiddenError => hasKind(error, 'forbidden');
export const isJiefenConflictError = (error: unknown): error is JiefenConflictError => hasKind(error, 'conflict');
export const isJiefenUnsupportedError = (error: unknown): error is JiefenUnsupportedError =>
  hasKind(error, 'unsupported');
export const isJiefenStorageError = (error: unknown): error is JiefenStorageError => hasKind(error, 'storage');
export const isJiefenProtocolError = (error: unknown): error is JiefenProtocolError => hasKind(error, 'protocol');

/** Whether retrying later can help: transport trouble, timeouts, 5xx, 429, a request still in flight. */
export function isRetryable(error: unknown): boolean {
  return hasKind(error) ? (error as JiefenError).retryable : false;
}

interface BackendErrorBody {
  error?: {
    code?: string;
    message?: string;
    messageKey?: string;
    issues?: FieldIssue[];
    allowedEvents?: string[];
  };
}

/**
 * Turn an HTTP error answer into the matching SDK error. Shared by the REST backend and custom
 * backends that speak the same error shape.
 */
export function errorFromResponse(status: number, body: unknown, retryAfterMs?: number): JiefenError {
  const error = (body as BackendErrorBody | undefined)?.error ?? {};
  const code = error.code ?? `http_${status}`;
  const details: HttpErrorDetails = {
    status,
    code,
    ...(error.message ? { serverMessage: error.message } : {}),
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    ...(error.allowedEvents ? { allowedEvents: error.allowedEvents } : {}),
  };
  if (status === 422 && Array.isArray(error.issues)) {
    return new JiefenValidationError(error.issues, {
      status,
      code,
      ...(error.message ? { serverMessage: error.message } : {}),
    });
  }
  if (status === 404) return new JiefenNotFoundError(details);
  if (status === 401 || status === 403) return new JiefenForbiddenError(details);
  if (status === 409) {
    return new JiefenConflictError({
      ...details,
      ...(code === 'request_in_flight' ? { messageKey: 'sdk.error.in_flight' } : {}),
      ...(error.messageKey ? { messageKey: error.messageKey } : {}),
    });
  }
  return new JiefenHttpError(details);
}
