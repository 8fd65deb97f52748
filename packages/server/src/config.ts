import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TenantConfig } from '@jiefen/core';
import { DEFAULT_SCRYPT_COST, type ScryptCost } from './security/credentials.js';
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
  limits: {
    /** JSON bodies. */
    bodyBytes: number;
    /** One uploaded file. */
    uploadBytes: number;
    /** Files per multipart request. */
    uploadFiles: number;
  };
  rateLimit: {
    /** Requests per client per minute on public routes. */
    publicPerMinute: number;
    /** Lookups of one case or consultation per minute, from all clients together. */
    lookupPerCasePerMinute: number;
    /** Lookups per client per minute (guessing many numbers). */
    lookupPerClientPerMinute: number;
    /**
     * Where the counters live. `memory`: per process, synchronous (SQLite's single process).
     * `database`: one count for all processes on the database (`rate_limit_windows`), one upsert per
     * check. Default: `database` on PostgreSQL, `memory` on SQLite.
     */
    store: RateLimitStore;
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
  /** scrypt cost for new access-code hashes (see `DEFAULT_SCRYPT_COST` for why N=2^12). */
  accessCodeScrypt: ScryptCost;
  /** Open311 GeoReport v2 (docs/open311.md): per tenant, the `api_key`s a POST must carry; none = open. */
  open311: { apiKeys: Record<string, string[]> };
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
  limits: { bodyBytes: 256 * 1024, uploadBytes: 10 * 1024 * 1024, uploadFiles: 5 },
  rateLimit: { publicPerMinute: 300, lookupPerCasePerMinute: 30, lookupPerClientPerMinute: 60 },
  scheduler: { enabled: true, intervalMs: 5_000, batchSize: 50 },
  webhooks: { maxAttempts: 8, baseDelayMs: 30_000, timeoutMs: 10_000 },
  idempotency: { retentionDays: 30 },
  accessCodeScrypt: DEFAULT_SCRYPT_COST,
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

/** Fill in defaults for a partial configuration (tests pass only what they care about). */
export function resolveConfig(input: ServerConfigInput = {}): ServerConfig {
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
 * `JIEFEN_TEST_CLOCK=1`, `JIEFEN_LOG_LEVEL`, `JIEFEN_TRUST_PROXY=1`, `JIEFEN_RATE_LIMIT_STORE` (`memory` | `database`).
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
    ...(env.JIEFEN_RATE_LIMIT_STORE ? { rateLimit: { store: env.JIEFEN_RATE_LIMIT_STORE as RateLimitStore } } : {}),
  };
  return resolveConfig(merge(fromFile, fromEnv));
}
