import { createHash } from 'node:crypto';
import { type FieldIssue, type Locale, resolveLocale, type ValidationResult, validate } from '@jiefen/core';
import type {
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  onRequestAsyncHookHandler,
  onRequestHookHandler,
} from 'fastify';
import * as v from 'valibot';
import { ApiError } from '../errors.js';
import { canonicalJson } from '../storage/hash-chain.js';
import type { StaffPrincipal, StaffRole } from '../storage/staff-tokens.js';
import {
  ConcurrentUpdateError,
  isConcurrencyConflict,
  type WriteTransaction,
  writeTransaction,
} from '../storage/transactions.js';

/** A schema for the OpenAPI document: a valibot schema (converted) or a JSON Schema object. */
export type DocSchema = v.GenericSchema | { json: Record<string, unknown> };

/** One route of the contract: how it is served and how it is documented. */
export interface RouteSpec {
  method: 'GET' | 'POST' | 'PUT';
  /** Fastify path, `:param` style. */
  url: string;
  operationId: string;
  summary: string;
  tags: readonly string[];
  /** `public` (resident), staff roles allowed, or `operations`. */
  access: 'public' | 'operations' | readonly StaffRole[];
  body?: DocSchema;
  bodyKind?: 'json' | 'multipart';
  /** The query string: the valibot schema the handler parses it with, and a description per parameter. */
  query?: { schema: v.ObjectSchema<v.ObjectEntries, undefined>; descriptions: Record<string, string> };
  /** Header parameters this route reads. */
  idempotency?: 'required' | 'honoured';
  residentCredentials?: boolean;
  responses: Record<number, { description: string; schema?: DocSchema; contentType?: string }>;
  /** Extra Fastify onRequest hooks (rate limits: synchronous in memory, async with the database store). */
  onRequest?: Array<onRequestHookHandler | onRequestAsyncHookHandler>;
}

export interface RouteContext {
  locale: Locale;
  staff?: StaffPrincipal;
}

export type RouteHandler = (request: FastifyRequest, reply: FastifyReply, ctx: RouteContext) => Promise<unknown>;

/** Register a route and record it for the OpenAPI document and the authorization matrix. */
export function defineRoute(app: FastifyInstance, spec: RouteSpec, handler: RouteHandler): void {
  app.jiefen.routes.push(spec);
  app.route({
    method: spec.method,
    url: spec.url,
    ...(spec.onRequest ? { onRequest: spec.onRequest } : {}),
    handler: async (request, reply) => {
      const locale = resolveLocale(request.headers['accept-language']);
      const ctx: RouteContext = { locale };
      if (Array.isArray(spec.access)) {
        ctx.staff = await authenticateStaff(app, request);
        if (!spec.access.includes(ctx.staff.role)) throw new ApiError('forbidden');
      }
      return handler(request, reply, ctx);
    },
  });
}

/** 401 for a missing, unknown, revoked or expired token, or one of a disabled member; expiry says so. */
async function authenticateStaff(app: FastifyInstance, request: FastifyRequest): Promise<StaffPrincipal> {
  const header = request.headers.authorization;
  const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
  const result = token ? await app.jiefen.staffTokens.check(token, app.jiefen.clock.now()) : undefined;
  if (result && 'principal' in result) return result.principal;
  if (result?.refused === 'expired') {
    throw new ApiError('unauthorized', {
      messageKey: 'server.token_expired',
      headers: { 'www-authenticate': 'Bearer error="invalid_token", error_description="expired"' },
    });
  }
  throw new ApiError('unauthorized', { headers: { 'www-authenticate': 'Bearer' } });
}

/** Validate with a core schema or a tenant-aware core validator; 422 with localized fields otherwise. */
export function parseBody<T>(result: ValidationResult<T>): T {
  if (!result.success) throw new ApiError('validation_failed', { issues: result.issues });
  return result.output;
}

export function parseWith<TSchema extends v.GenericSchema>(schema: TSchema, input: unknown): v.InferOutput<TSchema> {
  return parseBody(validate(schema, input));
}

/** A `true`/`false` query parameter. */
export const queryFlag = v.pipe(
  v.picklist(['true', 'false'], 'validation.choice'),
  v.transform((s) => s === 'true'),
);

/** A page size: an integer from 1 to `max`, `fallback` when absent. */
export const queryLimit = (max: number, fallback: number) =>
  v.optional(
    v.pipe(
      v.string(),
      v.transform(Number),
      v.integer('validation.number'),
      v.minValue(1, 'validation.min_value'),
      v.maxValue(max, 'validation.max_value'),
    ),
    String(fallback),
  );

/**
 * Parse a route's query string with its declared schema. A parameter the route does not declare is
 * refused with 400 (`invalid_request`, one issue per name), never ignored: `?escalated=true` on a
 * server that does not know the filter must not answer an unfiltered queue as if it were filtered.
 * Declared parameters with bad values are 422 as usual.
 */
export function parseQuery<TSchema extends v.ObjectSchema<v.ObjectEntries, undefined>>(
  schema: TSchema,
  query: unknown,
): v.InferOutput<TSchema> {
  const given = query && typeof query === 'object' ? (query as Record<string, unknown>) : {};
  const unknown = Object.keys(given).filter((name) => !Object.hasOwn(schema.entries, name));
  if (unknown.length > 0) {
    throw new ApiError('invalid_request', { issues: unknown.map((name) => issue(name, 'validation.unknown_field')) });
  }
  return parseWith(schema, given);
}

export function issue(path: string, key: FieldIssue['key']): FieldIssue {
  return { path, key, params: {} };
}

const KEY_PATTERN = /^[\x21-\x7e]{8,200}$/;

/** What a write answers. */
export interface WriteAnswer {
  status: number;
  body: unknown;
}

/** The part of a write that runs inside the transaction holding the idempotency key's claim. */
export type TransactionalWrite = (tx: WriteTransaction) => Promise<WriteAnswer>;

/** `Retry-After` for a write another writer got in the way of: the lock is usually gone within a second. */
const RETRY_AFTER_SECONDS = '1';

/** One write transaction for a route; a concurrency conflict becomes `409 concurrent_update` with a retry hint. */
async function writeInTransaction<T>(app: FastifyInstance, work: (tx: WriteTransaction) => Promise<T>): Promise<T> {
  try {
    return await writeTransaction(app.jiefen.storage, work);
  } catch (error) {
    if (error instanceof ConcurrentUpdateError) {
      throw new ApiError('concurrent_update', { headers: { 'retry-after': RETRY_AFTER_SECONDS } });
    }
    throw error;
  }
}

/**
 * Run a POST at most once per Idempotency-Key, exactly once across crashes. `prepare` does what needs
 * no transaction (validation, hashing a new credential, reading uploads) and answers the write; the
 * write, the key's claim and the stored response are ONE transaction, so after a crash a retry finds
 * the response or runs fresh: never blocked, never twice. The same key with the same request replays
 * the first response (`Idempotent-Replayed: true`); a different request is 422; a request that fails
 * (4xx, or a crash) commits nothing, so its key stays free. On PostgreSQL a second process with the
 * same key waits for the first one's transaction (its uncommitted key row); past the lock timeout it
 * answers 409 `request_in_flight`. `fingerprint` is what identifies the request (method, path, who, body).
 */
export async function idempotent(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  options: { required: boolean; fingerprint: unknown; holdsSecret?: boolean; principal?: string },
  prepare: () => Promise<TransactionalWrite>,
): Promise<unknown> {
  const raw = request.headers['idempotency-key'];
  const key = Array.isArray(raw) ? raw[0] : raw;
  if (key === undefined) {
    if (options.required) throw new ApiError('idempotency_key_required');
    const write = await prepare();
    const result = await writeInTransaction(app, write);
    return reply.code(result.status).send(result.body);
  }
  if (!KEY_PATTERN.test(key)) {
    throw new ApiError('validation_failed', { issues: [issue('Idempotency-Key', 'validation.type')] });
  }
  const path = request.url.split('?')[0];
  const scope = `${request.method} ${path} ${options.principal ?? ''}`;
  const hash = createHash('sha256').update(canonicalJson(options.fingerprint)).digest('hex');
  const store = app.jiefen.idempotency;
  const replay = (status: number, body: string) =>
    reply.code(status).header('idempotent-replayed', 'true').type('application/json; charset=utf-8').send(body);

  // A retry of a finished request is answered from the committed row, before any work.
  const stored = await store.find(scope, key);
  if (stored && stored.requestHash !== hash) throw new ApiError('idempotency_key_reused');
  if (stored) return replay(stored.status, stored.body);

  const write = await prepare();
  const outcome = await writeInTransaction(app, async (tx) => {
    let claim: Awaited<ReturnType<typeof store.claim>>;
    try {
      claim = await store.claim(tx, scope, key, hash, app.jiefen.clock.now());
    } catch (error) {
      // The same key is held by a live request elsewhere for longer than the lock timeout.
      if (isConcurrencyConflict(error)) {
        throw new ApiError('request_in_flight', { headers: { 'retry-after': RETRY_AFTER_SECONDS } });
      }
      throw error;
    }
    if (claim.kind === 'mismatch') throw new ApiError('idempotency_key_reused');
    if (claim.kind === 'replay') return { replayed: true, status: claim.status, json: claim.body };
    const result = await write(tx);
    const json = JSON.stringify(result.body);
    await store.complete(tx, scope, key, result.status, json, options.holdsSecret ?? false);
    return { replayed: false, status: result.status, json };
  });
  if (outcome.replayed) return replay(outcome.status, outcome.json);
  return reply.code(outcome.status).type('application/json; charset=utf-8').send(outcome.json);
}
