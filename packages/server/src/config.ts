import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TenantConfig } from '@jiefen/core';
import type { DatabaseConfig } from './storage/database.js';

export type RateLimitStore = 'memory' | 'database';

/** Everything the server can be told. Built by `loadConfig` from a file and the environment, or by tests. */
export interface ServerConfig {
  port: number;
  host: string;
  dataDir: string;
  database: DatabaseConfig;
  /** Expose `POST /api/v1/test/clock`. Never in production. */
  testClock: boolean;
  /** Log level for pino (`silent` in tests). */
  logLevel: string;
  /** Trust X-Forwarded-For from the load balancer when rate-limiting per client. */
  trustProxy: boolean;
  /**
   * Compress answers over 1 KiB (brotli or gzip, as the client accepts): the tenant configuration,
   * case views, the widgets and the portal. Off where a reverse proxy compresses instead.
   */
  compression: boolean;
  limits: {
    /** JSON bodies. */
    bodyBytes: number;
    /** One uploaded file. */
    uploadBytes: number;
    /** Files per multipart request. */
    uploadFiles: number;
    /**
     * After a refusal, what is left of the body is read and discarded up to this many bytes, so the
     * client finishes sending and reads the answer instead of a reset; beyond it the connection closes.
     */
    drainBytes: number;
    /** The request line and headers together (Node's `maxHeaderSize`); more is a 431. */
    headerBytes: number;
    /** A whole request must arrive within this (Node's `requestTimeout`; slow-sender protection); 408 after. */
    requestTimeoutMs: number;
  };
  rateLimit: {
    /** Requests per client per minute on public routes. */
    publicPerMinute: number;
    /**
     * Failed credential checks on one case or consultation per minute, from all clients together. Past
     * it, clients that failed on the case are refused further access codes on it until the minute ends;
     * valid tracking tokens and clients that have not failed are never refused (see `ResidentGuessLimit`).
     */
    lookupPerCasePerMinute: number;
    /** Lookups per client per minute (guessing many numbers). */
    lookupPerClientPerMinute: number;
    /**
     * Where the counters live. `memory`: per process, synchronous (SQLite's single process).
     * `database`: one count for all processes on the database (`rate_limit_windows`), one upsert per
     * check. Default: `database` on PostgreSQL, `memory` on SQLite.
     */
    store: RateLimitStore;
    /**
     * With the `database` store: hits a process may allow on one key before the database has answered
     * their count (capped at a tenth of the limit). N processes allow at most limit + N × slack per
     * window; 0 makes every hit wait for its exact count. See `SharedLimitCounter`.
     */
    sharedSlack: number;
  };
  scheduler: {
    enabled: boolean;
    intervalMs: number;
    batchSize: number;
  };
  webhooks: {
    maxAttempts: number;
    /** First retry after this; doubles each attempt. */
    baseDelayMs: number;
    timeoutMs: number;
  };
  idempotency: { retentionDays: number };
  /** Open311 GeoReport v2 (docs/open311.md): per tenant, the `api_key`s a POST must carry; none = open. */
  open311: { apiKeys: Record<string, string[]> };
  /**
   * The access-code keyring (`<id>:<base64url secret>`, comma-separated, current first; see
   * `AccessCodeHasher`). Unset: `<dataDir>/access-code.key`, generated 0600 on first start. Every
   * process on one PostgreSQL database needs the same keys: set it there (`JIEFEN_ACCESS_CODE_KEY`).
   */
  accessCodeKey?: string;
  /** Tenants to create when missing (the demo tenant, or a township's own file). */
  seedTenants: Array<{ config: TenantConfig; allowedOrigins: string[] }>;
}

/** Defaults for everything that does not depend on the database (the rate-limit store does). */
export const DEFAULT_CONFIG: Omit<ServerConfig, 'dataDir' | 'database' | 'rateLimit'> & {
  rateLimit: Omit<ServerConfig['rateLimit'], 'store'>;
} = {
  port: 8080,
  host: '0.0.0.0',
  testClock: false,
  logLevel: 'info',
  trustProxy: false,
  compression: true,
  limits: {
    bodyBytes: 256 * 1024,
    uploadBytes: 10 * 1024 * 1024,
    uploadFiles: 5,
    drainBytes: 64 * 1024 * 1024,
    headerBytes: 16 * 1024,
    requestTimeoutMs: 300_000,
  },
  rateLimit: { publicPerMinute: 300, lookupPerCasePerMinute: 30, lookupPerClientPerMinute: 60, sharedSlack: 8 },
  scheduler: { enabled: true, intervalMs: 5_000, batchSize: 50 },
  webhooks: { maxAttempts: 8, baseDelayMs: 30_000, timeoutMs: 10_000 },
  idempotency: { retentionDays: 30 },
  open311: { apiKeys: {} },
  seedTenants: [],
};

type DeepPartial<T> = {
  [K in keyof T]?: T[K] extends object ? (T[K] extends unknown[] ? T[K] : DeepPartial<T[K]>) : T[K];
};
export type ServerConfigInput = DeepPartial<ServerConfig>;

function merge<T>(base: T, override: DeepPartial<T> | undefined): T {
  if (!override) return base;
  const out = { ...base } as Record<string, unknown>;
  for (const [key, value] of Object.entries(override)) {
    if (value === undefined) continue;
    const current = out[key];
    out[key] =
      current &&
      typeof current === 'object' &&
      !Array.isArray(current) &&
      value &&
      typeof value === 'object' &&
      !Array.isArray(value)
        ? merge(current, value as DeepPartial<typeof current>)
        : value;
  }
  return out as T;
}

/**
 * Where the SQLite file, the demo tokens and server-held keys live when `JIEFEN_DATA_DIR` is not set:
 * the user's data directory (XDG), outside any source tree, so runtime data and secrets can never be
 * committed by accident and `biome check` never sees them.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_DATA_HOME || join(homedir(), '.local', 'share'), 'jiefen');
}

/**
 * The keys a configuration may have, per section: a misspelt key in a township's `JIEFEN_CONFIG`
 * file (`limits.uploadByte`) would otherwise be ignored without a word and leave the default in force.
 * `database` is checked by its own engine switch; `seedTenants` by the tenant schema when seeded.
 */
const SECTIONS = ['limits', 'rateLimit', 'scheduler', 'webhooks', 'idempotency', 'open311'] as const;
const TOP_LEVEL = [...Object.keys(DEFAULT_CONFIG), 'dataDir', 'database', 'rateLimit', 'accessCodeKey'];
const SECTION_KEYS: Record<(typeof SECTIONS)[number], readonly string[]> = {
  limits: Object.keys(DEFAULT_CONFIG.limits),
  rateLimit: [...Object.keys(DEFAULT_CONFIG.rateLimit), 'store'],
  scheduler: Object.keys(DEFAULT_CONFIG.scheduler),
  webhooks: Object.keys(DEFAULT_CONFIG.webhooks),
  idempotency: Object.keys(DEFAULT_CONFIG.idempotency),
  open311: Object.keys(DEFAULT_CONFIG.open311),
};

function rejectUnknownKeys(input: ServerConfigInput): void {
  const unknown: string[] = [];
  for (const key of Object.keys(input)) if (!TOP_LEVEL.includes(key)) unknown.push(key);
  for (const section of SECTIONS) {
    const value = input[section];
    if (value && typeof value === 'object')
      for (const key of Object.keys(value)) if (!SECTION_KEYS[section].includes(key)) unknown.push(`${section}.${key}`);
  }
  if (unknown.length)
    throw new Error(
      `unknown configuration key${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')} (see ServerConfig in config.ts)`,
    );
}

/** Fill in defaults for a partial configuration (tests pass only what they care about). */
export function resolveConfig(input: ServerConfigInput = {}): ServerConfig {
  rejectUnknownKeys(input);
  const dataDir = resolve(input.dataDir ?? defaultDataDir());
  const database: DatabaseConfig = (input.database as DatabaseConfig | undefined) ?? {
    engine: 'sqlite',
    file: join(dataDir, 'jiefen.sqlite'),
  };
  // Several processes share a PostgreSQL database, so their limits must share counts; SQLite is one process.
  const rateLimit = { ...DEFAULT_CONFIG.rateLimit, store: database.engine === 'postgres' ? 'database' : 'memory' };
  const config = merge(
    { ...DEFAULT_CONFIG, dataDir, database, rateLimit } as ServerConfig,
    input as DeepPartial<ServerConfig>,
  );
  if (config.rateLimit.store !== 'memory' && config.rateLimit.store !== 'database')
    throw new Error(`rateLimit.store must be 'memory' or 'database', not ${JSON.stringify(config.rateLimit.store)}`);
  return config;
}

/**
 * Configuration from a JSON file (`JIEFEN_CONFIG`) overlaid by the environment:
 * `PORT`, `HOST`, `JIEFEN_DATA_DIR`, `JIEFEN_DATABASE_URL` (postgres://… selects PostgreSQL),
 * `JIEFEN_TEST_CLOCK=1`, `JIEFEN_LOG_LEVEL`, `JIEFEN_TRUST_PROXY=1`, `JIEFEN_COMPRESSION=0`,
 * `JIEFEN_RATE_LIMIT_STORE` (`memory` | `database`),
 * `JIEFEN_ACCESS_CODE_KEY` (the access-code keyring).
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  let fromFile: ServerConfigInput = {};
  if (env.JIEFEN_CONFIG) fromFile = JSON.parse(readFileSync(env.JIEFEN_CONFIG, 'utf8')) as ServerConfigInput;
  const fromEnv: ServerConfigInput = {
    ...(env.PORT ? { port: Number(env.PORT) } : {}),
    ...(env.HOST ? { host: env.HOST } : {}),
    ...(env.JIEFEN_DATA_DIR ? { dataDir: env.JIEFEN_DATA_DIR } : {}),
    ...(env.JIEFEN_DATABASE_URL ? { database: { engine: 'postgres', connectionString: env.JIEFEN_DATABASE_URL } } : {}),
    ...(env.JIEFEN_TEST_CLOCK === '1' ? { testClock: true } : {}),
    ...(env.JIEFEN_LOG_LEVEL ? { logLevel: env.JIEFEN_LOG_LEVEL } : {}),
    ...(env.JIEFEN_TRUST_PROXY === '1' ? { trustProxy: true } : {}),
    ...(env.JIEFEN_COMPRESSION === '0' ? { compression: false } : {}),
    ...(env.JIEFEN_RATE_LIMIT_STORE ? { rateLimit: { store: env.JIEFEN_RATE_LIMIT_STORE as RateLimitStore } } : {}),
    ...(env.JIEFEN_ACCESS_CODE_KEY ? { accessCodeKey: env.JIEFEN_ACCESS_CODE_KEY } : {}),
  };
  return resolveConfig(merge(fromFile, fromEnv));
}
