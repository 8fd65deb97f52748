import type { TenantConfig } from '@jiefen/core';
import type { Storage } from './database.js';

export interface TenantRecord {
  config: TenantConfig;
  allowedOrigins: string[];
}

/**
 * Tenant configurations, cached briefly in memory: every public request needs its tenant, and with
 * several processes a change made on one reaches the others within `ttlMs`.
 */
export class TenantStore {
  #cache = new Map<string, { record: TenantRecord | undefined; at: number }>();
  #origins: { set: Set<string>; at: number } | undefined;

  constructor(
    private readonly storage: Storage,
    private readonly ttlMs = 5_000,
  ) {}

  async get(id: string): Promise<TenantRecord | undefined> {
    const cached = this.#cache.get(id);
    if (cached && Date.now() - cached.at < this.ttlMs) return cached.record;
    const row = await this.storage.db.selectFrom('tenants').selectAll().where('id', '=', id).executeTakeFirst();
    const record = row
      ? { config: JSON.parse(row.config) as TenantConfig, allowedOrigins: JSON.parse(row.allowed_origins) as string[] }
      : undefined;
    this.#cache.set(id, { record, at: Date.now() });
    return record;
  }

  /** Create or replace a tenant. */
  async put(config: TenantConfig, allowedOrigins: string[] | undefined, now: Date): Promise<TenantRecord> {
    const existing = await this.get(config.id);
    const origins = allowedOrigins ?? existing?.allowedOrigins ?? [];
    const values = {
      id: config.id,
      config: JSON.stringify(config),
      allowed_origins: JSON.stringify(origins),
      updated_at: now.toISOString(),
    };
    await this.storage.db
      .insertInto('tenants')
      .values(values)
      .onConflict((oc) =>
        oc.column('id').doUpdateSet({
          config: values.config,
          allowed_origins: values.allowed_origins,
          updated_at: values.updated_at,
        }),
      )
      .execute();
    this.#cache.delete(config.id);
    this.#origins = undefined;
    return { config, allowedOrigins: origins };
  }

  /** Create the tenant only if it does not exist (seeding must not overwrite an admin's edits). */
  async ensure(config: TenantConfig, allowedOrigins: string[], now: Date): Promise<void> {
    if (!(await this.get(config.id))) await this.put(config, allowedOrigins, now);
  }

  /** Every origin any tenant allows: for routes whose tenant is not in the URL (case lookups). */
  async allOrigins(): Promise<Set<string>> {
    if (this.#origins && Date.now() - this.#origins.at < this.ttlMs) return this.#origins.set;
    const rows = await this.storage.db.selectFrom('tenants').select('allowed_origins').execute();
    const set = new Set(rows.flatMap((row) => JSON.parse(row.allowed_origins) as string[]));
    this.#origins = { set, at: Date.now() };
    return set;
  }
}
