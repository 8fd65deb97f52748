import { createHash } from 'node:crypto';
import type { FastifyBaseLogger, FastifyInstance, FastifyRequest, onRequestHookHandler } from 'fastify';
import { type Clock, systemClock } from '../clock.js';
import type { RateLimitStore } from '../config.js';
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
 * Counts requests per key in fixed windows. The in-memory limiter answers synchronously; the shared
 * one answers synchronously while the process's own view of the shared count decides, and after one
 * database round trip otherwise.
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
 * processes use the shared windows instead (`rateLimit.store: 'database'`).
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

/** What one process knows about one key's shared window. */
interface LocalWindow {
  /** The key as stored (hashed). */
  stored: string;
  windowStart: number;
  /** The highest shared count a database answer has shown for this window (all processes' hits). */
  known: number;
  /** This process's hits counted without waiting whose database answer has not come back yet. */
  unacknowledged: number;
}

/**
 * How many hits a process may allow on one key ahead of the shared count: `rateLimit.sharedSlack`, but
 * never more than a tenth of the limit, so small limits (and the tests' limits of 2-4) stay exact.
 */
export function slackFor(max: number, sharedSlack: number): number {
  return Math.max(0, Math.min(sharedSlack, Math.floor(max / 10)));
}

/**
 * Shared fixed windows (one count per key for all processes on the database, `rate_limit_windows`)
 * with a local pre-check, so most requests do not wait for the database:
 *
 * - a key this process already knows to be at its limit is refused at once, locally;
 * - otherwise, while this process has fewer than `slack` hits on the key whose count the database has
 *   not yet answered, the hit is allowed at once and counted in the background (the store batches hits
 *   into one upsert per round trip); each answer updates what the process knows of the shared count;
 * - otherwise the hit waits for its exact count, as without the pre-check.
 *
 * Bound: a hit allowed without waiting may turn out to lie past the limit only if its process had not
 * yet seen an answer showing the limit reached, and all such hits of one process are unanswered at
 * once, so fewer than `slack` per process. N processes together therefore allow at most
 * `max + N × slack` hits per key and window (`slack` = `slackFor(max)`), and the shared count of every
 * hit, refused or not, still reaches the table. A failing database leaves hits unanswered, so after
 * `slack` of them every hit waits again and gets the database's error (500): the limit is never skipped.
 */
export class SharedLimitCounter {
  readonly #windows = new Map<string, LocalWindow>();
  #sweptFor = 0;
  /** Hits waiting for slack to free: told when the next background count is answered (true) or fails. */
  #waiting: Array<(answered: boolean) => void> = [];

  constructor(
    private readonly store: RateLimitWindowStore,
    private readonly windowMs: number,
    private readonly slack: (max: number) => number,
    private readonly now: () => number,
    private readonly log?: FastifyBaseLogger,
  ) {}

  /**
   * Count one request against each limit (keys in clear; stored hashed); refused when any is over.
   * A hit that finds its slack used waits for the next background answer, which frees slack, and is
   * then decided again by the same rule (`retried`); only if that still finds no slack, or the answer
   * was a failure, does it wait for its own exact count. Both ways it is allowed only while fewer than
   * `slack` hits are unanswered, so the bound below is the same; it waits one round trip instead of
   * two (the upsert in flight, then its own), which is what a burst from one client on several
   * connections otherwise pays on every hit past the slack.
   */
  hit(limits: ReadonlyArray<{ key: string; max: number }>, retried = false): LimitDecision | Promise<LimitDecision> {
    const now = this.now();
    const windowStart = now - (now % this.windowMs);
    if (windowStart !== this.#sweptFor) this.#sweep(windowStart);
    const retryAfterSeconds = Math.max(1, Math.ceil((windowStart + this.windowMs - now) / 1000));
    const windows = limits.map((limit) => this.#window(limit.key, windowStart));
    let remaining = Number.POSITIVE_INFINITY;
    let waitForCount = false;
    // Whether every window without slack has background counts out, whose answers will free some.
    let slackWillFree = true;
    for (const [i, window] of windows.entries()) {
      const max = limits[i]!.max;
      const seen = window.known + window.unacknowledged;
      if (seen >= max) {
        this.#countInBackground(windows);
        return { allowed: false, remaining: 0, retryAfterSeconds };
      }
      if (window.unacknowledged >= this.slack(max)) {
        waitForCount = true;
        if (window.unacknowledged === 0) slackWillFree = false;
      }
      remaining = Math.min(remaining, max - seen - 1);
    }
    if (!waitForCount) {
      this.#countInBackground(windows);
      return { allowed: true, remaining, retryAfterSeconds };
    }
    if (!retried && slackWillFree) {
      return new Promise<boolean>((resolve) => this.#waiting.push(resolve)).then((answered) =>
        answered ? this.hit(limits, true) : this.#countExactly(limits, windows, windowStart, retryAfterSeconds),
      );
    }
    return this.#countExactly(limits, windows, windowStart, retryAfterSeconds);
  }

  /** Wait for this hit's own count from the database (no slack left, or the database is failing). */
  #countExactly(
    limits: ReadonlyArray<{ key: string; max: number }>,
    windows: LocalWindow[],
    windowStart: number,
    retryAfterSeconds: number,
  ): Promise<LimitDecision> {
    return this.store
      .increment(
        windows.map((w) => w.stored),
        windowStart,
      )
      .then((counts) => {
        let left = Number.POSITIVE_INFINITY;
        let allowed = true;
        for (const [i, window] of windows.entries()) {
          const count = counts[i] ?? 0;
          window.known = Math.max(window.known, count);
          if (count > limits[i]!.max) allowed = false;
          left = Math.min(left, limits[i]!.max - count);
        }
        return allowed
          ? { allowed: true, remaining: left, retryAfterSeconds }
          : { allowed: false, remaining: 0, retryAfterSeconds };
      });
  }

  /** Windows this process tracks (tests and metrics). */
  get size(): number {
    return this.#windows.size;
  }

  #window(key: string, windowStart: number): LocalWindow {
    let window = this.#windows.get(key);
    if (!window || window.windowStart !== windowStart) {
      window = { stored: window?.stored ?? hashedKey(key), windowStart, known: 0, unacknowledged: 0 };
      this.#windows.set(key, window);
    }
    return window;
  }

  #countInBackground(windows: LocalWindow[]): void {
    for (const window of windows) window.unacknowledged += 1;
    this.store
      .increment(
        windows.map((w) => w.stored),
        windows[0]!.windowStart,
      )
      .then(
        (counts) => {
          for (const [i, window] of windows.entries()) {
            window.unacknowledged -= 1;
            window.known = Math.max(window.known, counts[i] ?? 0);
          }
          this.#wake(true);
        },
        // Left unanswered on purpose: once `slack` hits are, every hit waits for the database again.
        (error: unknown) => {
          this.log?.error({ err: error }, 'rate limit count failed');
          this.#wake(false);
        },
      );
  }

  #wake(answered: boolean): void {
    if (this.#waiting.length === 0) return;
    const waiting = this.#waiting;
    this.#waiting = [];
    for (const resolve of waiting) resolve(answered);
  }

  /** Forget windows that have ended (once per window). */
  #sweep(windowStart: number): void {
    for (const [key, window] of this.#windows) if (window.windowStart < windowStart) this.#windows.delete(key);
    this.#sweptFor = windowStart;
  }
}

/**
 * The `RateLimiter` interface over the shared windows, for one key and one limit (tests, and code that
 * needs a single limit). `slack` 0 (the default) makes every hit wait for its exact count.
 */
export class SharedFixedWindowLimiter implements RateLimiter {
  readonly #counter: SharedLimitCounter;

  constructor(
    windows: RateLimitWindowStore,
    readonly max: number,
    readonly windowMs: number,
    now: () => number = Date.now,
    slack = 0,
  ) {
    this.#counter = new SharedLimitCounter(windows, windowMs, () => slack, now);
  }

  hit(key: string): LimitDecision | Promise<LimitDecision> {
    return this.#counter.hit([{ key, max: this.max }]);
  }
}

export function hashedKey(key: string): string {
  return createHash('sha256').update(key).digest('base64url').slice(0, 22);
}

/** One per-minute limit: its name (part of the shared key), its maximum and what it counts by. */
export interface LimitSpec {
  name: string;
  max: number;
  key: (request: FastifyRequest) => string;
}

export function refusal(decision: LimitDecision): ApiError {
  return new ApiError('rate_limited', { headers: { 'retry-after': String(decision.retryAfterSeconds) } });
}

/** The server's clock as epoch ms: windows follow it, so the test clock moves them too. */
export function epochMs(clock: Clock): () => number {
  return clock === systemClock ? Date.now : () => clock.now().getTime();
}

/**
 * Per-minute limits as one onRequest hook per route. A refusal is the contract's 429 `rate_limited`
 * with `Retry-After`. With the memory store each limit is a synchronous `FixedWindowLimiter`. With the
 * database store all of a route's limits are one `SharedLimitCounter` hit (usually answered at once;
 * see there for the bound); each key is prefixed with the limit's name and the route, so every route
 * keeps its own counts, as it does in memory.
 */
export function limitHooks(app: FastifyInstance, limits: readonly LimitSpec[]): onRequestHookHandler[] {
  const now = epochMs(app.jiefen.clock);
  const { store, sharedSlack } = app.jiefen.config.rateLimit;
  if (store === 'database') {
    const counter = new SharedLimitCounter(
      app.jiefen.rateLimitWindows,
      RATE_LIMIT_WINDOW_MS,
      (max) => slackFor(max, sharedSlack),
      now,
      app.log,
    );
    return [
      (request, _reply, done) => {
        const route = `${request.method} ${request.routeOptions.url}`;
        const decision = counter.hit(
          limits.map((limit) => ({ key: `${limit.name} ${route} ${limit.key(request)}`, max: limit.max })),
        );
        if (!(decision instanceof Promise)) return done(decision.allowed ? undefined : refusal(decision));
        decision.then((d) => done(d.allowed ? undefined : refusal(d)), done);
      },
    ];
  }
  return limits.map((limit): onRequestHookHandler => {
    const limiter = new FixedWindowLimiter(limit.max, RATE_LIMIT_WINDOW_MS, now);
    return (request, _reply, done) => {
      const decision = limiter.hit(limit.key(request));
      if (decision.allowed) return done();
      done(refusal(decision));
    };
  });
}

export function publicLimit(app: FastifyInstance): onRequestHookHandler[] {
  return limitHooks(app, [{ name: 'public', max: app.jiefen.config.rateLimit.publicPerMinute, key: clientOf }]);
}

/**
 * Lookups and resident actions: every request counts per client (one client guessing many numbers or
 * codes). Guessing on one case is limited by `ResidentGuessLimit`, which counts failures only, in the
 * credential check: a resident's valid credential is never refused because of someone else's guesses.
 */
export function lookupLimits(app: FastifyInstance): onRequestHookHandler[] {
  return limitHooks(app, [
    { name: 'client', max: app.jiefen.config.rateLimit.lookupPerClientPerMinute, key: clientOf },
  ]);
}

export function clientOf(request: FastifyRequest): string {
  return request.ip;
}

/**
 * Failed credential checks per minute, for the per-case guessing limit: counted per case (all clients)
 * and per case and client. In memory on one process, or in the shared windows (`rate_limit_windows`,
 * exact: read before the check, written on each failure, so only failing guesses pay round trips).
 */
interface FailureCounts {
  read(keys: readonly string[], windowStart: number): number[] | Promise<number[]>;
  add(keys: readonly string[], windowStart: number): undefined | Promise<unknown>;
}

class MemoryFailureCounts implements FailureCounts {
  readonly #counts = new Map<string, { windowStart: number; count: number }>();
  #sweptFor = 0;

  read(keys: readonly string[], windowStart: number): number[] {
    return keys.map((key) => {
      const entry = this.#counts.get(key);
      return entry && entry.windowStart === windowStart ? entry.count : 0;
    });
  }

  add(keys: readonly string[], windowStart: number): undefined {
    if (windowStart !== this.#sweptFor) {
      for (const [key, entry] of this.#counts) if (entry.windowStart < windowStart) this.#counts.delete(key);
      this.#sweptFor = windowStart;
    }
    for (const key of keys) {
      const entry = this.#counts.get(key);
      if (entry && entry.windowStart === windowStart) entry.count += 1;
      else this.#counts.set(key, { windowStart, count: 1 });
    }
  }
}

class SharedFailureCounts implements FailureCounts {
  constructor(private readonly store: RateLimitWindowStore) {}
  read(keys: readonly string[], windowStart: number): Promise<number[]> {
    return this.store.peek(keys.map(hashedKey), windowStart);
  }
  add(keys: readonly string[], windowStart: number): Promise<unknown> {
    return this.store.increment(keys.map(hashedKey), windowStart);
  }
}

/**
 * The per-case guessing limit (`rateLimit.lookupPerCasePerMinute` failed checks of one case's
 * credential per minute, all clients together). Only failures count, and passing the limit never
 * locks the resident out:
 *
 * - a valid tracking token is always accepted (256 random bits: nobody guesses it);
 * - an access code is always checked for a client that has not failed on this case in this window, so
 *   a resident typing the right code from their phone gets in however many guesses others made;
 * - a client that has failed on this case at least once in the window is refused (429) further access
 *   codes on it while the case is over the limit. Under a distributed attack each address therefore
 *   gets about one guess per case per minute instead of `lookupPerClientPerMinute`, and a resident who
 *   mistyped during an attack waits at most until the minute ends.
 *
 * The per-client limit (every lookup counts) bounds each address on top. Windows are aligned to the
 * minute, as the shared ones are.
 */
export class ResidentGuessLimit {
  readonly #counts: FailureCounts;
  readonly #now: () => number;
  readonly #max: number;

  constructor(options: { max: number; store: RateLimitStore; windows: RateLimitWindowStore; clock: Clock }) {
    this.#now = epochMs(options.clock);
    this.#max = options.max;
    this.#counts = options.store === 'database' ? new SharedFailureCounts(options.windows) : new MemoryFailureCounts();
  }

  /** Whether `client` may try an access code on `subject` now; refused ones get the window's `Retry-After`. */
  mayTry(subject: string, client: string): LimitDecision | Promise<LimitDecision> {
    const now = this.#now();
    const windowStart = now - (now % RATE_LIMIT_WINDOW_MS);
    const retryAfterSeconds = Math.max(1, Math.ceil((windowStart + RATE_LIMIT_WINDOW_MS - now) / 1000));
    const decide = ([ofCase = 0, ofClient = 0]: number[]): LimitDecision =>
      ofCase >= this.#max && ofClient > 0
        ? { allowed: false, remaining: 0, retryAfterSeconds }
        : { allowed: true, remaining: Math.max(0, this.#max - ofCase), retryAfterSeconds };
    const counts = this.#counts.read(keysOf(subject, client), windowStart);
    return counts instanceof Promise ? counts.then(decide) : decide(counts);
  }

  /** Count one failed check of `subject`'s credential by `client`. */
  recordFailure(subject: string, client: string): undefined | Promise<unknown> {
    const now = this.#now();
    return this.#counts.add(keysOf(subject, client), now - (now % RATE_LIMIT_WINDOW_MS));
  }
}

function keysOf(subject: string, client: string): [string, string] {
  return [`case-failures ${subject}`, `case-client-failures ${subject} ${client}`];
}
