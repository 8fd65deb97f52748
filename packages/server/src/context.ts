import type { FastifyBaseLogger } from 'fastify';
import type { Clock } from './clock.js';
import type { ServerConfig } from './config.js';
import type { RouteSpec } from './http/route.js';
import type { WebhookStore } from './notifications/webhooks.js';
import type { Scheduler } from './scheduler/scheduler.js';
import type { CaseStore } from './storage/cases.js';
import type { ChangeBus } from './storage/change-bus.js';
import type { ConsultationStore } from './storage/consultations.js';
import type { Storage } from './storage/database.js';
import type { IdempotencyStore } from './storage/idempotency.js';
import type { RateLimitWindowStore } from './storage/rate-limit-windows.js';
import type { StaffAccountStore } from './storage/staff-accounts.js';
import type { StaffTokenStore } from './storage/staff-tokens.js';
import type { TenantStore } from './storage/tenants.js';
import type { UploadStore } from './storage/uploads.js';

/** Everything the routes share, hung on the Fastify instance as `app.jiefen`. */
export interface JiefenContext {
  config: ServerConfig;
  clock: Clock;
  storage: Storage;
  bus: ChangeBus;
  tenants: TenantStore;
  cases: CaseStore;
  consultations: ConsultationStore;
  /** Staff members, their tokens and the account audit log (admin routes). */
  staffAccounts: StaffAccountStore;
  staffTokens: StaffTokenStore;
  idempotency: IdempotencyStore;
  /** Counters of the shared rate limits (`rateLimit.store: 'database'`); swept by the scheduler. */
  rateLimitWindows: RateLimitWindowStore;
  uploads: UploadStore;
  webhooks: WebhookStore;
  scheduler: Scheduler;
  /** Every route with its contract metadata: the OpenAPI document and the authorization matrix come from here. */
  routes: RouteSpec[];
  /** Rendered resident views by stream id and sequence: a lookup of an unchanged case skips restore and render. */
  viewCache: ViewCache;
  log: FastifyBaseLogger;
}

/**
 * A small bounded cache of rendered JSON as UTF-8 bytes, valid while the stream's last sequence number
 * is unchanged. Bytes, not a string: a lookup sends the Buffer as is, with no encoding or length count.
 */
export class ViewCache {
  readonly #entries = new Map<string, { seq: number; revision: string; body: Buffer }>();
  constructor(private readonly max = 10_000) {}
  /** `revision` names the tenant data the view was rendered with (its departments' names). */
  get(id: string, seq: number, revision = ''): Buffer | undefined {
    const entry = this.#entries.get(id);
    return entry && entry.seq === seq && entry.revision === revision ? entry.body : undefined;
  }
  set(id: string, seq: number, body: Buffer, revision = ''): void {
    this.#entries.delete(id);
    this.#entries.set(id, { seq, revision, body });
    if (this.#entries.size > this.max) this.#entries.delete(this.#entries.keys().next().value as string);
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    jiefen: JiefenContext;
  }
}
