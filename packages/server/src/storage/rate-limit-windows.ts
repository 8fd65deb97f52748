import { sql } from 'kysely';
import type { Storage } from './database.js';

/**
 * The counters behind the shared rate limits: one row per (key, window start), so every process
 * behind the load balancer counts into the same window. Keys arrive already hashed (see
 * `security/rate-limits.ts`): no client address, case number or token is stored in clear.
 */
/** Most rows in one upsert; a larger batch is written in several. */
const MAX_ROWS = 64;

interface PendingWindow {
  key: string;
  windowStart: number;
  /** Hits on this window in the batch being collected. */
  hits: number;
}

interface Waiter {
  /** Per requested key: the window's id and this hit's position among the batch's hits on it (1-based). */
  slots: Array<[id: string, position: number]>;
  resolve(counts: number[]): void;
  reject(error: unknown): void;
}

export class RateLimitWindowStore {
  /** Compiled upserts by number of rows. */
  readonly #upserts = new Map<
    number,
    (parameters: readonly unknown[]) => Promise<Array<{ key: string; window_start: number; count: number }>>
  >();
  #pending = new Map<string, PendingWindow>();
  #waiters: Waiter[] = [];
  #writing: Promise<void> | undefined;

  constructor(private readonly storage: Storage) {}

  /**
   * Count one request into the window for each key and answer each window's count including it, in
   * the order of `keys`. Counting is atomic in the database (an upsert adding to the stored count), so
   * processes never lose each other's counts. Within a process one upsert is in flight at a time and
   * the hits that arrive meanwhile go into the next one as `count + n`: a key many requests share (one
   * client address behind a NAT, or a flood) is then one row update per round trip rather than one per
   * request queueing on the row's lock. Each hit still gets its exact position in the count.
   */
  increment(keys: readonly string[], windowStart: number): Promise<number[]> {
    return new Promise((resolve, reject) => {
      const slots = keys.map((key): [string, number] => {
        const id = `${windowStart} ${key}`;
        let window = this.#pending.get(id);
        if (!window) {
          window = { key, windowStart, hits: 0 };
          this.#pending.set(id, window);
        }
        window.hits += 1;
        return [id, window.hits];
      });
      this.#waiters.push({ slots, resolve, reject });
      if (!this.#writing) this.#writing = this.#flush();
    });
  }

  /** Resolves once every hit counted so far is in the table (tests; shutdown). */
  async settled(): Promise<void> {
    while (this.#writing) await this.#writing;
  }

  async #flush(): Promise<void> {
    while (this.#waiters.length > 0) {
      const pending = this.#pending;
      const waiters = this.#waiters;
      this.#pending = new Map();
      this.#waiters = [];
      try {
        const totals = await this.#write(pending);
        for (const waiter of waiters) {
          waiter.resolve(
            waiter.slots.map(([id, position]) => {
              const total = totals.get(id);
              const window = pending.get(id);
              if (total === undefined || !window) throw new Error('rate limit upsert returned no row for a key');
              return total - window.hits + position;
            }),
          );
        }
      } catch (error) {
        for (const waiter of waiters) waiter.reject(error);
      }
    }
    this.#writing = undefined;
  }

  /** Add the batch's hits; answers each window's new count by id. Rows go in key order, so concurrent upserts cannot deadlock. */
  async #write(pending: Map<string, PendingWindow>): Promise<Map<string, number>> {
    const windows = [...pending.values()].sort((a, b) =>
      a.key < b.key ? -1 : a.key > b.key ? 1 : a.windowStart - b.windowStart,
    );
    const totals = new Map<string, number>();
    for (let from = 0; from < windows.length; from += MAX_ROWS) {
      const rows = windows.slice(from, from + MAX_ROWS);
      const returned = await this.#upsert(rows.length)(rows.flatMap((w) => [w.key, w.windowStart, w.hits]));
      for (const row of returned) totals.set(`${Number(row.window_start)} ${row.key}`, Number(row.count));
    }
    return totals;
  }

  #upsert(size: number) {
    let upsert = this.#upserts.get(size);
    if (!upsert) {
      upsert = this.storage.preparedWrite(
        this.storage.db
          .insertInto('rate_limit_windows')
          .values(Array.from({ length: size }, () => ({ key: '', window_start: 0, count: 0 })))
          .onConflict((oc) =>
            oc
              .columns(['key', 'window_start'])
              .doUpdateSet({ count: sql<number>`rate_limit_windows.count + excluded.count` }),
          )
          .returning(['key', 'window_start', 'count']),
      );
      this.#upserts.set(size, upsert);
    }
    return upsert;
  }

  /** The stored count of each key's window (0 when it has none), in the order of `keys`; counts nothing. */
  async peek(keys: readonly string[], windowStart: number): Promise<number[]> {
    const rows = await this.storage.db
      .selectFrom('rate_limit_windows')
      .select(['key', 'count'])
      .where('key', 'in', [...keys])
      .where('window_start', '=', windowStart)
      .execute();
    const counts = new Map(rows.map((row) => [row.key, Number(row.count)]));
    return keys.map((key) => counts.get(key) ?? 0);
  }

  /** Remove windows that started before `before` (epoch ms); answers how many were removed. */
  async sweep(before: number): Promise<number> {
    const result = await this.storage.db
      .deleteFrom('rate_limit_windows')
      .where('window_start', '<', before)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /** Windows currently stored (tests and metrics). */
  async size(): Promise<number> {
    const row = await this.storage.db
      .selectFrom('rate_limit_windows')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
