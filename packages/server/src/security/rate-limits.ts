import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest, onRequestAsyncHookHandler, onRequestHookHandler } from 'fastify';
import { systemClock } from '../clock.js';
import { ApiError } from '../errors.js';
import type { RateLimitWindowStore } from '../storage/rate-limit-windows.js';

/** Every limit counts per minute. */
export const RATE_LIMIT_WINDOW_MS = 60_000;

/** The outcome of one counted request. */
export interface LimitDecision {
  allowed: boolean;
  /** Requests left in the current window (0 once refused). */
  remaining: number;
  /** Whole seconds until the window resets (for `Retry-After`), at least 1. */
  retryAfterSeconds: number;
}

/**
 * Counts requests per key in fixed windows. The in-memory limiter answers synchronously (nothing on
 * the lookup path waits for it); the shared one answers after one database round trip.
 */
export interface RateLimiter {
  readonly max: number;
  readonly windowMs: number;
  /** Count one request for `key` and say whether it is allowed. */
  hit(key: string): LimitDecision | Promise<LimitDecision>;
}

/**
 * A fixed-window counter per key, in memory, synchronous: one Map lookup and an increment per request,
 * so the limit costs nothing measurable on the lookup path (the plugin it replaces cost ~3% of a lookup's
 * CPU in its async store and key plumbing). A window starts at a key's first request and lasts
 * `windowMs`; at most `max` requests are allowed inside it. Expired windows are swept lazily, at most
 * once per window, so memory is bounded by the keys seen in the last two windows.
 *
 * In-memory per process: behind a load balancer each process would enforce its own share, so several
 * processes use `SharedFixedWindowLimiter` instead (`rateLimit.store: 'database'`).
 */
export class FixedWindowLimiter implements RateLimiter {
  readonly #windows = new Map<string, { count: number; resetAt: number }>();
  #nextSweep: number;

  constructor(
    readonly max: number,
    readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.#nextSweep = now() + windowMs;
  }

  /** Count one request for `key` and say whether it is allowed. */
  hit(key: string): LimitDecision {
    const now = this.now();
    if (now >= this.#nextSweep) this.#sweep(now);
    let window = this.#windows.get(key);
    if (!window || now >= window.resetAt) {
      window = { count: 0, resetAt: now + this.windowMs };
      this.#windows.set(key, window);
    }
    const retryAfterSeconds = Math.max(1, Math.ceil((window.resetAt - now) / 1000));
    if (window.count >= this.max) return { allowed: false, remaining: 0, retryAfterSeconds };
    window.count += 1;
    return { allowed: true, remaining: this.max - window.count, retryAfterSeconds };
  }

  /** Keys currently tracked (for tests and metrics). */
  get size(): number {
    return this.#windows.size;
  }

  #sweep(now: number): void {
    for (const [key, window] of this.#windows) if (now >= window.resetAt) this.#windows.delete(key);
    this.#nextSweep = now + this.windowMs;
  }
}

/**
 * A fixed-window counter shared by every process on one database: windows are aligned to multiples of
 * `windowMs` (so all processes agree where one starts without talking to each other) and each hit is
 * one atomic upsert of `(key, window start)` answering the new count. Keys are stored as a truncated
 * sha256 (132 bits), never in clear: they hold client addresses, case numbers and tracking tokens.
 * Every hit counts, refused ones too; ended windows are deleted by the scheduler's hourly sweep.
 */
export class SharedFixedWindowLimiter implements RateLimiter {
  constructor(
    private readonly windows: RateLimitWindowStore,
    readonly max: number,
    readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  hit(key: string): Promise<LimitDecision> {
    return hitShared(this.windows, this.windowMs, this.now(), [{ key, max: this.max }]);
  }
}

/**
 * Count one request against several shared limits in one statement (a lookup's per-client and
 * per-case limits cost one round trip, not two); refused when any of them is over.
 */
async function hitShared(
  windows: RateLimitWindowStore,
  windowMs: number,
  now: number,
  limits: ReadonlyArray<{ key: string; max: number }>,
): Promise<LimitDecision> {
  const windowStart = now - (now % windowMs);
  const counts = await windows.increment(
    limits.map((limit) => hashedKey(limit.key)),
    windowStart,
  );
  const retryAfterSeconds = Math.max(1, Math.ceil((windowStart + windowMs - now) / 1000));
  let remaining = Number.POSITIVE_INFINITY;
  for (const [i, limit] of limits.entries()) {
    const count = counts[i] ?? 0;
    if (count > limit.max) return { allowed: false, remaining: 0, retryAfterSeconds };
    remaining = Math.min(remaining, limit.max - count);
  }
  return { allowed: true, remaining, retryAfterSeconds };
}

function hashedKey(key: string): string {
  return createHash('sha256').update(key).digest('base64url').slice(0, 22);
}

/** A limit's hook: synchronous with the memory store, async with the database store. */
export type LimitHook = onRequestHookHandler | onRequestAsyncHookHandler;

/** One per-minute limit: its name (part of the shared key), its maximum and what it counts by. */
export interface LimitSpec {
  name: string;
  max: number;
  key: (request: FastifyRequest) => string;
}

function refusal(decision: LimitDecision): ApiError {
  return new ApiError('rate_limited', { headers: { 'retry-after': String(decision.retryAfterSeconds) } });
}

/**
 * Per-minute limits as onRequest hooks, so one route can carry several (per client and per case).
 * A refusal is the contract's 429 `rate_limited` with `Retry-After`. With the memory store each limit
 * is its own synchronous hook, checked in order, as before. With the database store all of a route's
 * limits are one async hook and one upsert; each key is prefixed with the limit's name and the route,
 * so every route keeps its own counts, as it does in memory.
 */
export function limitHooks(app: FastifyInstance, limits: readonly LimitSpec[]): LimitHook[] {
  // Windows follow the server's clock, so the test clock moves them too; the system clock skips the Date.
  const clock = app.jiefen.clock;
  const now = clock === systemClock ? Date.now : () => clock.now().getTime();
  if (app.jiefen.config.rateLimit.store === 'database') {
    const windows = app.jiefen.rateLimitWindows;
    return [
      async (request: FastifyRequest) => {
        const route = `${request.method} ${request.routeOptions.url}`;
        const decision = await hitShared(
          windows,
          RATE_LIMIT_WINDOW_MS,
          now(),
          limits.map((limit) => ({ key: `${limit.name} ${route} ${limit.key(request)}`, max: limit.max })),
        );
        if (!decision.allowed) throw refusal(decision);
      },
    ];
  }
  return limits.map((limit): LimitHook => {
    const limiter = new FixedWindowLimiter(limit.max, RATE_LIMIT_WINDOW_MS, now);
    return (request, _reply, done) => {
      const decision = limiter.hit(limit.key(request));
      if (decision.allowed) return done();
      done(refusal(decision));
    };
  });
}

export function publicLimit(app: FastifyInstance): LimitHook[] {
  return limitHooks(app, [{ name: 'public', max: app.jiefen.config.rateLimit.publicPerMinute, key: clientOf }]);
}

/** Lookups: per client (guessing many numbers) and per case or consultation (guessing one code). */
export function lookupLimits(app: FastifyInstance, param: string): LimitHook[] {
  const { lookupPerClientPerMinute, lookupPerCasePerMinute } = app.jiefen.config.rateLimit;
  return limitHooks(app, [
    { name: 'client', max: lookupPerClientPerMinute, key: clientOf },
    {
      name: 'case',
      max: lookupPerCasePerMinute,
      key: (request) =>
        String((request.params as Record<string, string>)[param] ?? request.headers['x-jiefen-tracking-token'] ?? ''),
    },
  ]);
}

function clientOf(request: FastifyRequest): string {
  return request.ip;
}
