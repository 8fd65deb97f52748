import { randomBytes } from 'node:crypto';
import type { TenantConfig } from '@jiefen/core';
import { qingshanSampleFiling, qingshanTenant } from '@jiefen/core/demo';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { inject } from 'vitest';
import { buildServer } from '../../src/app.js';
import { ManualClock } from '../../src/clock.js';
import type { ServerConfigInput } from '../../src/config.js';
import type { DatabaseConfig, Engine } from '../../src/storage/database.js';
import { STAFF_ROLES, type StaffRole } from '../../src/storage/staff-tokens.js';

export const ENGINES: Engine[] = ['sqlite', 'postgres'];
export const PORTAL_ORIGIN = 'https://portal.qingshan.example.cn';
export const tenant: TenantConfig = qingshanTenant;
export const HANDLER_DEPARTMENT = 'labour-bureau';
/** Tests start in 2025; the sample filing's start date is 2025-03-01. */
export const START = new Date('2025-06-02T01:00:00.000Z');

export const sampleFiling = qingshanSampleFiling;

/** A fresh database: a new SQLite file, or a new database in the shared test cluster. */
export async function freshDatabase(engine: Engine): Promise<DatabaseConfig> {
  const name = `jf_${randomBytes(6).toString('hex')}`;
  if (engine === 'sqlite') return { engine: 'sqlite', file: `/tmp/jiefen-test/${name}/jiefen.sqlite` };
  const admin = new pg.Client({ connectionString: inject('postgresUrl') });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return {
    engine: 'postgres',
    connectionString: inject('postgresUrl').replace(/\/postgres$/, `/${name}`),
    poolSize: 5,
  };
}

export interface JsonResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export interface Harness {
  app: FastifyInstance;
  base: string;
  clock: ManualClock;
  database: DatabaseConfig;
  tokens: Record<StaffRole, string>;
  request<T = any>(
    method: string,
    path: string,
    options?: { body?: unknown; headers?: Record<string, string> },
  ): Promise<JsonResponse<T>>;
  close(): Promise<void>;
}

/** Start a real server on a free port with the demo tenant and one staff token per role. */
export async function startHarness(
  engine: Engine,
  options: {
    database?: DatabaseConfig;
    config?: ServerConfigInput;
    logStream?: NodeJS.WritableStream;
    clock?: ManualClock;
  } = {},
): Promise<Harness> {
  const database = options.database ?? (await freshDatabase(engine));
  const clock = options.clock ?? new ManualClock(START);
  const app = await buildServer(
    {
      database,
      dataDir: '/tmp/jiefen-test',
      logLevel: options.logStream ? 'info' : 'silent',
      testClock: true,
      scheduler: { enabled: false },
      rateLimit: { publicPerMinute: 10_000, lookupPerCasePerMinute: 10_000, lookupPerClientPerMinute: 10_000 },
      webhooks: { maxAttempts: 3, baseDelayMs: 60_000, timeoutMs: 2_000 },
      seedTenants: [{ config: tenant, allowedOrigins: [PORTAL_ORIGIN] }],
      ...options.config,
    },
    { clock, ...(options.logStream ? { logStream: options.logStream } : {}) },
  );
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const tokens = {} as Record<StaffRole, string>;
  for (const role of STAFF_ROLES) {
    const issued = await app.jiefen.staffTokens.issue({
      tenantId: tenant.id,
      role,
      name: `test ${role}`,
      now: clock.now(),
      ...(role === 'department_handler' ? { departmentId: HANDLER_DEPARTMENT } : {}),
    });
    tokens[role] = issued.token;
  }
  return {
    app,
    base,
    clock,
    database,
    tokens,
    async request(method, path, { body, headers = {} } = {}) {
      const response = await fetch(base + path, {
        method,
        headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
        ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
      });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {}
      return { status: response.status, headers: response.headers, body: parsed as any };
    },
    close: () => app.close(),
  };
}

let keyCounter = 0;
export const newKey = () => `test-key-${Date.now()}-${keyCounter++}`;

/** File the sample case; answers the 201 body. */
export async function fileCase(h: Harness, overrides: Parameters<typeof sampleFiling>[0] = {}) {
  const response = await h.request('POST', `/api/v1/tenants/${tenant.id}/cases`, {
    body: sampleFiling(overrides),
    headers: { 'idempotency-key': newKey() },
  });
  if (response.status !== 201) throw new Error(`filing failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body as { caseNumber: string; accessCode: string; trackingToken: string; case: any };
}

export function staff(h: Harness, role: StaffRole) {
  return { authorization: `Bearer ${h.tokens[role]}` };
}

/** Send a staff transition; throws unless 200. */
export async function transition(h: Harness, caseNumber: string, role: StaffRole, command: Record<string, unknown>) {
  const response = await h.request('POST', `/api/v1/staff/cases/${caseNumber}/transitions`, {
    body: command,
    headers: staff(h, role),
  });
  if (response.status !== 200)
    throw new Error(`${command.type} failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}
