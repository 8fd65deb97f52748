import { JiefenNetworkError, JiefenTimeoutError } from '../errors.js';

/**
 * The SDK's HTTP client: a small wrapper over `fetch` that the backends share. It replaced ky
 * (9 kB gzip, more than the whole REST backend) because bytes are the product's promise: the
 * intake form must stay within 40 kB on a resident's phone, and the backends use only this much of
 * what a general client offers — a per-attempt timeout, retries of safe calls with jittered
 * exponential backoff that honour `Retry-After`, JSON bodies, query parameters, and error bodies
 * read once so the caller can map them. Resending keyed submissions stays with the callers (the
 * REST backend on `409 concurrent_update`, the outbox otherwise).
 */
export interface HttpDefaults {
  /** Per-attempt timeout in milliseconds (until the response headers arrive). */
  timeoutMs: number;
  /** Retries of the `methods` named (upper case), on network failures, timeouts and retryable statuses. */
  retry: { limit: number; methods: readonly string[]; backoffLimitMs: number };
  headers?: Record<string, string>;
  credentials?: RequestCredentials;
  fetch?: typeof fetch;
  /** How error bodies are read (default `JSON.parse`; a body that does not parse stays text). */
  parseJson?: (text: string) => unknown;
}

export interface HttpRequest {
  method?: string;
  headers?: Record<string, string>;
  /** Sent as `application/json`. */
  json?: unknown;
  body?: BodyInit;
  searchParams?: Record<string, string>;
  signal?: AbortSignal | undefined;
  /** `false`: no timeout (an event stream stays open). */
  timeoutMs?: number | false;
  /** Overrides the default retry limit for this call (0: no retries). */
  retryLimit?: number;
  /** Sends the built request instead of `fetch` (XMLHttpRequest for upload progress). */
  send?: (request: Request) => Promise<Response>;
}

/** A response outside 2xx (304 included: the caller decides what "not modified" means). */
export class HttpStatusError extends Error {
  constructor(
    readonly response: Response,
    /** The body, parsed as JSON when it parses, else its text (undefined when empty). */
    readonly data: unknown,
  ) {
    super(`HTTP ${response.status}`);
    this.name = 'HttpStatusError';
  }
}

// The statuses worth asking again about, and those whose Retry-After says when (ky's defaults too).
const RETRY_STATUSES = [408, 429, 500, 502, 503, 504];
const RETRY_AFTER_STATUSES = [413, 429, 503];
const BACKOFF_BASE_MS = 300;

export type Http = (url: string, init?: HttpRequest) => Promise<Response>;

export function createHttp(defaults: HttpDefaults): Http {
  const parseJson = defaults.parseJson ?? JSON.parse;

  const once = async (url: string, init: HttpRequest, method: string): Promise<Response> => {
    const headers = new Headers(defaults.headers);
    for (const [name, value] of Object.entries(init.headers ?? {})) headers.set(name, value);
    let body = init.body;
    if (init.json !== undefined) {
      body = JSON.stringify(init.json);
      headers.set('content-type', 'application/json');
    }
    const timeoutMs = init.timeoutMs ?? defaults.timeoutMs;
    // Our own controller, so a timeout is told apart from the caller's abort.
    const controller = new AbortController();
    const callerAbort = () => controller.abort(init.signal?.reason);
    if (init.signal?.aborted) throw abortReason(init.signal);
    init.signal?.addEventListener('abort', callerAbort, { once: true });
    let timedOut = false;
    const timer =
      timeoutMs === false
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            controller.abort();
          }, timeoutMs);
    const request = new Request(url, {
      method,
      headers,
      ...(body !== undefined ? { body } : {}),
      credentials: defaults.credentials ?? 'same-origin',
      signal: controller.signal,
    });
    try {
      return await (init.send ?? defaults.fetch ?? fetch)(request);
    } catch (error) {
      if (timedOut) throw new JiefenTimeoutError(timeoutMs || undefined, error);
      if (init.signal?.aborted) throw abortReason(init.signal);
      if (error instanceof TypeError) throw new JiefenNetworkError(error.message, error);
      throw error;
    } finally {
      clearTimeout(timer);
      // A stream (no timeout) keeps listening: the caller's abort must still close its body.
      if (timeoutMs !== false) init.signal?.removeEventListener('abort', callerAbort);
    }
  };

  return async (url, init = {}) => {
    const method = (init.method ?? 'GET').toUpperCase();
    const query = new URLSearchParams(init.searchParams).toString();
    const target = query ? `${url}${url.includes('?') ? '&' : '?'}${query}` : url;
    const limit = defaults.retry.methods.includes(method) ? (init.retryLimit ?? defaults.retry.limit) : 0;
    for (let attempt = 0; ; attempt++) {
      // Full jitter over a doubling window, capped (what ky did): retries from many phones spread out.
      let waitMs = Math.min(defaults.retry.backoffLimitMs, Math.random() * BACKOFF_BASE_MS * 2 ** attempt);
      try {
        const response = await once(target, init, method);
        if (response.ok) return response;
        const error = new HttpStatusError(response, await readData(response, parseJson));
        if (attempt >= limit || !RETRY_STATUSES.includes(response.status)) throw error;
        const after = retryAfterMs(response.headers);
        // The server said when: no jitter, but never longer than the backoff limit.
        if (after !== undefined && RETRY_AFTER_STATUSES.includes(response.status)) {
          waitMs = Math.min(defaults.retry.backoffLimitMs, after);
        }
      } catch (error) {
        const transient = error instanceof JiefenNetworkError || error instanceof JiefenTimeoutError;
        if (!transient || attempt >= limit || init.signal?.aborted) throw error;
      }
      await sleep(waitMs, init.signal);
    }
  };
}

const abortReason = (signal: AbortSignal): unknown =>
  signal.reason ?? new DOMException('The request was aborted', 'AbortError');

async function readData(response: Response, parseJson: (text: string) => unknown): Promise<unknown> {
  let text: string;
  try {
    text = await response.text();
  } catch {
    return undefined;
  }
  if (!text) return undefined;
  try {
    return parseJson(text);
  } catch {
    return text;
  }
}

/** `Retry-After` in milliseconds (seconds or an HTTP date), or undefined. */
export function retryAfterMs(headers: Headers): number | undefined {
  const value = headers.get('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** Wait, or stop waiting when the caller aborts (with the caller's abort reason). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortReason(signal));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      if (signal) reject(abortReason(signal));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
