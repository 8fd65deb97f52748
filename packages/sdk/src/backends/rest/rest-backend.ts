import type {
  AttachmentMeta,
  CaseChainVerification,
  CaseSummary,
  ConsultationSummary,
  CreatedWebhook,
  IssuedStaffToken,
  Locale,
  ResidentCaseView,
  ResidentConsultationView,
  StaffAuditEntry,
  StaffCaseDetail,
  StaffConsultationDetail,
  StaffMember,
  StaffMemberDetail,
  StaffSession,
  StaffToken,
  TenantConfig,
  WebhookDelivery,
  WebhookSubscription,
} from '@jiefen/core';
import {
  errorFromResponse,
  isJiefenHttpError,
  JiefenNetworkError,
  JiefenProtocolError,
  JiefenUnsupportedError,
} from '../../errors.js';
import { createHttp, type HttpRequest, HttpStatusError, retryAfterMs, sleep } from '../../transport/http.js';
import {
  type BackendCapabilities,
  type CallOptions,
  type CaseAccess,
  type CaseReceipt,
  type CaseUpdate,
  type ConsultationAccess,
  type ConsultationReceipt,
  type ConsultationUpdate,
  FULL_CAPABILITIES,
  type JiefenBackend,
  type Page,
  type StaffOperations,
} from '../backend.js';

/** Where each route lives, as templates with `{tenant}`, `{caseNumber}`, `{number}`, `{memberId}`, `{tokenId}`, `{webhookId}`. Override for proxies. */
export const DEFAULT_REST_PATHS = {
  config: '/api/v1/tenants/{tenant}/config',
  uploads: '/api/v1/tenants/{tenant}/uploads',
  cases: '/api/v1/tenants/{tenant}/cases',
  case: '/api/v1/cases/{caseNumber}',
  track: '/api/v1/track',
  caseEvents: '/api/v1/cases/{caseNumber}/events',
  caseActions: '/api/v1/cases/{caseNumber}/actions',
  consultations: '/api/v1/tenants/{tenant}/consultations',
  consultation: '/api/v1/consultations/{number}',
  consultationEvents: '/api/v1/consultations/{number}/events',
  consultationActions: '/api/v1/consultations/{number}/actions',
  staffCases: '/api/v1/staff/cases',
  staffCase: '/api/v1/staff/cases/{caseNumber}',
  staffCaseTransitions: '/api/v1/staff/cases/{caseNumber}/transitions',
  staffConsultations: '/api/v1/staff/consultations',
  staffConsultation: '/api/v1/staff/consultations/{number}',
  staffConsultationTransitions: '/api/v1/staff/consultations/{number}/transitions',
  staffMe: '/api/v1/staff/me',
  staffMembers: '/api/v1/staff/members',
  staffMember: '/api/v1/staff/members/{memberId}',
  staffMemberDisable: '/api/v1/staff/members/{memberId}/disable',
  staffMemberEnable: '/api/v1/staff/members/{memberId}/enable',
  staffMemberTokens: '/api/v1/staff/members/{memberId}/tokens',
  staffMemberTokenRevoke: '/api/v1/staff/members/{memberId}/tokens/{tokenId}/revoke',
  staffAudit: '/api/v1/staff/audit',
  staffCaseVerify: '/api/v1/staff/cases/{caseNumber}/verify',
  staffWebhooks: '/api/v1/staff/webhooks',
  staffWebhookDeliveries: '/api/v1/staff/webhooks/{webhookId}/deliveries',
} as const;
export type RestPaths = { [K in keyof typeof DEFAULT_REST_PATHS]: string };

export interface RestBackendOptions {
  /** Root the paths are appended to, e.g. `https://jiefen.example.gov.cn` or `/portal/jiefen` (relative to the page). */
  baseUrl: string;
  /** The township (tenant) id. */
  tenant: string;
  /** Per-attempt timeout in milliseconds. Default 15 000. */
  timeoutMs?: number;
  /**
   * Retries for safe calls (GET): how many, and the longest backoff. Backoff doubles from 300 ms with
   * full jitter and respects Retry-After. Submissions are not retried here (the outbox does that with
   * an idempotency key), with one exception: a keyed submission answered `409 concurrent_update`
   * (another change of the same case got there first; the server changed nothing) is sent again with
   * the same key, up to `limit` times, after the server's Retry-After. Default `{ limit: 2, backoffLimitMs: 5000 }`.
   */
  retry?: { limit?: number; backoffLimitMs?: number };
  /** Extra headers on every request (a portal's own session header, say). */
  headers?: Record<string, string>;
  /** The staff bearer token, asked for before every staff call (so it can be refreshed). Enables `staff`. */
  staffCredential?: () => string | undefined | Promise<string | undefined>;
  /** Language of the backend's error messages (`Accept-Language`). */
  locale?: Locale;
  /** Route templates, for portals that proxy the API under other paths. */
  paths?: Partial<RestPaths>;
  /** A fetch to use instead of the global one (Node agents, instrumentation). */
  fetch?: typeof fetch;
  /** Fetch `credentials` mode, for cookie-authenticated proxies. Default: `same-origin`. */
  credentials?: RequestCredentials;
  /**
   * A response to the configuration route already under way (the widgets' loader starts it while the
   * element's code downloads). The first `getTenantConfig` reads it instead of asking again; if it
   * failed or is not a 2xx, that call asks the server itself, with the usual retries and errors.
   */
  warmConfig?: Promise<Response>;
}

/** The Jiefen REST backend: speaks the contract in docs/rest-api.md (and the server's OpenAPI document). */
export function createRestBackend(options: RestBackendOptions): JiefenBackend {
  const paths: RestPaths = { ...DEFAULT_REST_PATHS, ...options.paths };
  const base = options.baseUrl.replace(/\/+$/, '');
  const timeout = options.timeoutMs ?? 15_000;
  let warmConfig = options.warmConfig;
  // The SDK's own fetch wrapper (transport/http.ts), not a general HTTP library: see why there.
  const http = createHttp({
    timeoutMs: timeout,
    retry: {
      limit: options.retry?.limit ?? 2,
      methods: ['GET', 'HEAD'],
      backoffLimitMs: options.retry?.backoffLimitMs ?? 5000,
    },
    headers: {
      accept: 'application/json',
      ...(options.locale ? { 'accept-language': options.locale } : {}),
      ...options.headers,
    },
    credentials: options.credentials ?? 'same-origin',
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });

  const url = (template: string, params: Record<string, string> = {}) =>
    base +
    template.replace(/\{(\w+)\}/g, (_, name: string) =>
      encodeURIComponent(name === 'tenant' ? options.tenant : (params[name] ?? '')),
    );

  const retryLimit = options.retry?.limit ?? 2;
  const backoffLimitMs = options.retry?.backoffLimitMs ?? 5000;
  const call = async <T>(method: 'get' | 'post' | 'put', target: string, init: HttpRequest = {}): Promise<T> => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await callOnce<T>(method, target, init);
      } catch (error) {
        const keyed = init.headers?.['idempotency-key'] !== undefined;
        if (!keyed || attempt >= retryLimit || !isJiefenHttpError(error) || error.code !== 'concurrent_update') {
          throw error;
        }
        // Safe to send again: the server committed nothing, and the key makes a lost answer replay.
        const waitMs = Math.min(backoffLimitMs, error.retryAfterMs ?? 1000) * (0.5 + Math.random() / 2);
        await sleep(waitMs, init.signal ?? undefined);
      }
    }
  };

  const callOnce = async <T>(method: 'get' | 'post' | 'put', target: string, init: HttpRequest): Promise<T> => {
    try {
      const response = await http(target, { method, ...init });
      if (response.status === 204) return undefined as T;
      const text = await response.text();
      try {
        return JSON.parse(text) as T;
      } catch (error) {
        throw new JiefenProtocolError(`Expected JSON from ${method.toUpperCase()} ${target}`, error);
      }
    } catch (error) {
      throw toJiefenError(error);
    }
  };

  /**
   * The last body and ETag of each resident lookup, so a poll that finds nothing new costs a bodiless
   * 304 on a phone's connection. Memory only, never IndexedDB: the server marks these answers
   * `no-store` because residents share phones. Keyed by URL and credential; bounded.
   */
  const lastSeen = new Map<string, { etag: string; body: unknown }>();
  const LAST_SEEN_MAX = 32;
  const getConditional = async <T>(
    target: string,
    headers: Record<string, string>,
    init: HttpRequest = {},
  ): Promise<T> => {
    const key = `${target}\n${JSON.stringify(headers)}`;
    const previous = lastSeen.get(key);
    try {
      const response = await http(target, {
        method: 'get',
        ...init,
        headers: previous ? { ...headers, 'if-none-match': previous.etag } : headers,
      });
      const text = await response.text();
      let body: T;
      try {
        body = JSON.parse(text) as T;
      } catch (error) {
        throw new JiefenProtocolError(`Expected JSON from GET ${target}`, error);
      }
      const etag = response.headers.get('etag');
      lastSeen.delete(key);
      if (etag) {
        lastSeen.set(key, { etag, body });
        if (lastSeen.size > LAST_SEEN_MAX) lastSeen.delete(lastSeen.keys().next().value as string);
      }
      return body;
    } catch (error) {
      // The client treats 304 as a failed response; for us it means "what you have is current".
      if (previous && error instanceof HttpStatusError && error.response.status === 304) return previous.body as T;
      if (error instanceof HttpStatusError) lastSeen.delete(key);
      throw toJiefenError(error);
    }
  };

  const residentHeaders = (access: CaseAccess | ConsultationAccess): Record<string, string> =>
    'accessCode' in access
      ? { 'x-jiefen-access-code': access.accessCode }
      : { 'x-jiefen-tracking-token': access.trackingToken };

  const idempotency = (key: string | undefined): Record<string, string> => (key ? { 'idempotency-key': key } : {});
  const signalOf = (o?: CallOptions) => (o?.signal ? { signal: o.signal } : {});

  const staffHeaders = async (): Promise<Record<string, string>> => {
    const token = await options.staffCredential?.();
    return token ? { authorization: `Bearer ${token}` } : {};
  };

  /**
   * One resident's event stream (a case's or a consultation's): the views carried by events named
   * `eventName`, with their ids for `Last-Event-ID`. Reconnection is the watch's job, not this one's.
   */
  async function* streamViews<V>(
    target: string,
    eventName: string,
    headers: Record<string, string>,
    lastEventId: string | undefined,
    signal: AbortSignal,
  ): AsyncGenerator<{ id?: string; view: V }> {
    // The event-stream reader, on first use: following a case is the tracker's job, not intake's.
    const { parseEventStream } = await import('../../live/sse.js');
    // Each stream gets its own controller, so giving it up closes this connection only.
    const stream = new AbortController();
    const abort = () => stream.abort();
    signal.addEventListener('abort', abort, { once: true });
    let response: Response;
    try {
      response = await http(target, {
        method: 'get',
        // A stream stays open: no per-request timeout, and reconnection is the watch's job.
        timeoutMs: false,
        retryLimit: 0,
        signal: stream.signal,
        headers: {
          accept: 'text/event-stream',
          ...headers,
          ...(lastEventId ? { 'last-event-id': lastEventId } : {}),
        },
      });
    } catch (error) {
      signal.removeEventListener('abort', abort);
      throw toJiefenError(error);
    }
    try {
      if (!response.body) throw new JiefenProtocolError('The event stream has no body');
      for await (const message of parseEventStream(response.body)) {
        if (message.event !== eventName) continue;
        let view: V;
        try {
          view = JSON.parse(message.data) as V;
        } catch (error) {
          throw new JiefenProtocolError('An event carried invalid JSON', error);
        }
        yield { ...(message.id !== undefined ? { id: message.id } : {}), view };
      }
    } catch (error) {
      throw toJiefenError(error);
    } finally {
      signal.removeEventListener('abort', abort);
      stream.abort();
    }
  }

  const caseTarget = (access: CaseAccess) =>
    access.caseNumber ? url(paths.case, { caseNumber: access.caseNumber }) : url(paths.track);

  /** Defined filters as query parameters (the server refuses names it does not know, so none are invented). */
  const searchParamsOf = (filters: object): Record<string, string> => {
    const searchParams: Record<string, string> = {};
    for (const [key, value] of Object.entries(filters)) if (value !== undefined) searchParams[key] = String(value);
    return searchParams;
  };
  const staffGet = async <T>(target: string, o?: CallOptions, searchParams: Record<string, string> = {}) =>
    call<T>('get', target, { searchParams, headers: await staffHeaders(), ...signalOf(o) });
  const staffSend = async <T>(method: 'post' | 'put', target: string, json: unknown, o?: CallOptions) =>
    call<T>(method, target, {
      json,
      headers: { ...(await staffHeaders()), ...(method === 'post' ? idempotency(o?.idempotencyKey) : {}) },
      ...signalOf(o),
    });

  const staff: StaffOperations = {
    async listCases(filters = {}, o) {
      return staffGet<Page<CaseSummary>>(url(paths.staffCases), o, searchParamsOf(filters));
    },
    async getCase(caseNumber, o) {
      return call<StaffCaseDetail>('get', url(paths.staffCase, { caseNumber }), {
        headers: await staffHeaders(),
        ...signalOf(o),
      });
    },
    async transition(caseNumber, command, o) {
      return call<StaffCaseDetail>('post', url(paths.staffCaseTransitions, { caseNumber }), {
        json: command,
        headers: { ...(await staffHeaders()), ...idempotency(o?.idempotencyKey) },
        ...signalOf(o),
      });
    },
    async listConsultations(filters = {}, o) {
      return call<Page<ConsultationSummary>>('get', url(paths.staffConsultations), {
        searchParams: filters.status ? { status: filters.status } : {},
        headers: await staffHeaders(),
        ...signalOf(o),
      });
    },
    async getConsultation(number, o) {
      return call<StaffConsultationDetail>('get', url(paths.staffConsultation, { number }), {
        headers: await staffHeaders(),
        ...signalOf(o),
      });
    },
    async transitionConsultation(number, command, o) {
      return call<StaffConsultationDetail>('post', url(paths.staffConsultationTransitions, { number }), {
        json: command,
        headers: { ...(await staffHeaders()), ...idempotency(o?.idempotencyKey) },
        ...signalOf(o),
      });
    },

    me: (o) => staffGet<StaffSession>(url(paths.staffMe), o),
    listMembers: (filters = {}, o) =>
      staffGet<{ items: StaffMember[] }>(url(paths.staffMembers), o, searchParamsOf(filters)),
    createMember: (member, o) => staffSend<StaffMember>('post', url(paths.staffMembers), member, o),
    getMember: (memberId, o) => staffGet<StaffMemberDetail>(url(paths.staffMember, { memberId }), o),
    updateMember: (memberId, member, o) =>
      staffSend<StaffMember>('put', url(paths.staffMember, { memberId }), member, o),
    disableMember: (memberId, reason, o) =>
      staffSend<StaffMember>('post', url(paths.staffMemberDisable, { memberId }), reason ? { reason } : {}, o),
    enableMember: (memberId, o) => staffSend<StaffMember>('post', url(paths.staffMemberEnable, { memberId }), {}, o),
    issueToken: (memberId, input = {}, o) =>
      staffSend<IssuedStaffToken>('post', url(paths.staffMemberTokens, { memberId }), input, o),
    revokeToken: (memberId, tokenId, o) =>
      staffSend<StaffToken>('post', url(paths.staffMemberTokenRevoke, { memberId, tokenId }), {}, o),
    auditLog: (filters = {}, o) => staffGet<Page<StaffAuditEntry>>(url(paths.staffAudit), o, searchParamsOf(filters)),
    verifyCase: (caseNumber, o) => staffGet<CaseChainVerification>(url(paths.staffCaseVerify, { caseNumber }), o),
    listWebhooks: (o) => staffGet<{ items: WebhookSubscription[] }>(url(paths.staffWebhooks), o),
    createWebhook: (target, o) => staffSend<CreatedWebhook>('post', url(paths.staffWebhooks), { url: target }, o),
    listWebhookDeliveries: (webhookId, o) =>
      staffGet<{ items: WebhookDelivery[] }>(url(paths.staffWebhookDeliveries, { webhookId }), o),
  };

  const withStaff = options.staffCredential !== undefined;
  const capabilities: BackendCapabilities = { ...FULL_CAPABILITIES, staff: withStaff, staffAccounts: withStaff };

  return {
    kind: 'rest',
    capabilities,
    ...(options.staffCredential ? { staff } : {}),

    async getTenantConfig(o) {
      const warm = warmConfig;
      warmConfig = undefined;
      if (warm) {
        try {
          const response = await warm;
          if (response.ok) return (await response.json()) as TenantConfig;
        } catch {
          // Asked again below, where failures get their retries and their SDK error.
        }
      }
      return call<TenantConfig>('get', url(paths.config), signalOf(o));
    },

    fileCase: (filing, o) =>
      call<CaseReceipt>('post', url(paths.cases), {
        json: filing,
        headers: idempotency(o.idempotencyKey),
        ...signalOf(o),
      }),

    getCase: (access, o) => getConditional<ResidentCaseView>(caseTarget(access), residentHeaders(access), signalOf(o)),

    async sendCaseAction(access, command, o) {
      const caseNumber = access.caseNumber ?? (await this.getCase(access, o)).caseNumber;
      return call<ResidentCaseView>('post', url(paths.caseActions, { caseNumber }), {
        json: command,
        headers: { ...residentHeaders(access), ...idempotency(o?.idempotencyKey) },
        ...signalOf(o),
      });
    },

    async uploadAttachment(file, o) {
      // Loaded on the first upload: an intake page that never reaches the evidence step skips it.
      const { uploadProgressOptions } = await import('../../transport/upload-progress.js');
      const body = new FormData();
      body.append('file', file.blob, file.name);
      const answer = await call<{ attachment: AttachmentMeta }>('post', url(paths.uploads), {
        body,
        headers: idempotency(o?.idempotencyKey),
        ...signalOf(o),
        ...uploadProgressOptions(o, options.fetch),
      });
      return answer.attachment;
    },

    async *streamCase(access, lastEventId, signal): AsyncGenerator<CaseUpdate> {
      const caseNumber = access.caseNumber ?? (await this.getCase(access, { signal })).caseNumber;
      yield* streamViews<ResidentCaseView>(
        url(paths.caseEvents, { caseNumber }),
        'case',
        residentHeaders(access),
        lastEventId,
        signal,
      );
    },

    async *streamConsultation(access, lastEventId, signal): AsyncGenerator<ConsultationUpdate> {
      const number = access.consultationNumber;
      if (!number) throw new JiefenUnsupportedError('rest', 'consultation lookup without its number');
      yield* streamViews<ResidentConsultationView>(
        url(paths.consultationEvents, { number }),
        'consultation',
        residentHeaders(access),
        lastEventId,
        signal,
      );
    },

    requestConsultation: (request, o) =>
      call<ConsultationReceipt>('post', url(paths.consultations), {
        json: request,
        headers: idempotency(o.idempotencyKey),
        ...signalOf(o),
      }),

    async getConsultation(access, o) {
      const number = access.consultationNumber;
      if (!number) throw new JiefenUnsupportedError('rest', 'consultation lookup without its number');
      return getConditional<ResidentConsultationView>(
        url(paths.consultation, { number }),
        residentHeaders(access),
        signalOf(o),
      );
    },

    async sendConsultationAction(access, command, o) {
      const number = access.consultationNumber;
      if (!number) throw new JiefenUnsupportedError('rest', 'consultation lookup without its number');
      return call<ResidentConsultationView>('post', url(paths.consultationActions, { number }), {
        json: command,
        headers: { ...residentHeaders(access), ...idempotency(o?.idempotencyKey) },
        ...signalOf(o),
      });
    },
  };
}

/**
 * A status outside 2xx becomes the SDK's error for it (timeouts and failed requests already are); a
 * body cut off while it is read (fetch's TypeError) is a network failure; a caller's abort passes.
 */
function toJiefenError(error: unknown): unknown {
  if (error instanceof HttpStatusError) {
    return errorFromResponse(error.response.status, error.data, retryAfterMs(error.response.headers));
  }
  if (error instanceof TypeError) return new JiefenNetworkError(error.message, error);
  return error;
}
