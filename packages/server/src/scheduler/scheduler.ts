import type { FastifyBaseLogger } from 'fastify';
import type { Clock } from '../clock.js';
import type { ServerConfig } from '../config.js';
import { dispatchWebhooks } from '../notifications/webhooks.js';
import { RATE_LIMIT_WINDOW_MS } from '../security/rate-limits.js';
import type { CaseStore } from '../storage/cases.js';
import type { Storage } from '../storage/database.js';
import type { IdempotencyStore } from '../storage/idempotency.js';
import type { RateLimitWindowStore } from '../storage/rate-limit-windows.js';

/**
 * Durable deadlines: nothing is kept in timers. Each run asks the database which cases are due
 * (`next_due_at <= now`) and feeds them `clock.tick`, so a restart loses nothing and, with row
 * locking, several processes fire each deadline once. The same loop sends webhooks and sweeps keys and rate-limit windows.
 */
export class Scheduler {
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #lastSweep = 0;

  constructor(
    private readonly deps: {
      storage: Storage;
      cases: CaseStore;
      idempotency: IdempotencyStore;
      rateLimitWindows: RateLimitWindowStore;
      clock: Clock;
      config: ServerConfig;
      log: FastifyBaseLogger;
    },
  ) {}

  start(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => {
      this.runOnce().catch((error: unknown) => this.deps.log.error({ err: error }, 'scheduler run failed'));
    }, this.deps.config.scheduler.intervalMs);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#running;
  }

  /** One pass: tick every due case, send due webhooks, sweep idempotency keys and ended rate-limit windows hourly. Runs are serialised per process. */
  async runOnce(): Promise<{ ticked: number; webhooks: number }> {
    while (this.#running) await this.#running;
    let result = { ticked: 0, webhooks: 0 };
    this.#running = (async () => {
      const now = this.deps.clock.now();
      const { batchSize } = this.deps.config.scheduler;
      // Bounded: a case whose deadlines keep falling due is picked up again on the next run.
      for (let pass = 0; pass < 20; pass++) {
        const changed = await this.deps.cases.tickDue(now, batchSize);
        result.ticked += changed;
        if (changed < batchSize) break;
      }
      result.webhooks = await dispatchWebhooks(
        this.deps.storage,
        now,
        { ...this.deps.config.webhooks, batchSize },
        this.deps.log,
      );
      if (now.getTime() - this.#lastSweep > 3_600_000) {
        await this.deps.idempotency.sweep(now);
        // Windows that have ended; empty with the memory store, so cheap to run on every engine.
        await this.deps.rateLimitWindows.sweep(now.getTime() - RATE_LIMIT_WINDOW_MS);
        this.#lastSweep = now.getTime();
      }
    })();
    try {
      await this.#running;
    } finally {
      this.#running = undefined;
    }
    result = { ...result };
    return result;
  }
}
