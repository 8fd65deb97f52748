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

/**
 * Run a POST at most once per Idempotency-Key. The same key with the same request replays the first
 * response (`Idempotent-Replayed: true`); a different request is 422; one still running is 409.
 * `fingerprint` is what identifies the request (method, path, who, body).
 */
export async function idempotent(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  options: { required: boolean; fingerprint: unknown; holdsSecret?: boolean; principal?: string },
  run: () => Promise<{ status: number; body: unknown }>,
): Promise<unknown> {
  const raw = request.headers['idempotency-key'];
  const key = Array.isArray(raw) ? raw[0] : raw;
  if (key === undefined) {
    if (options.required) throw new ApiError('idempotency_key_required');
    const result = await run();
    return reply.code(result.status).send(result.body);
  }
  if (!KEY_PATTERN.test(key)) {
    throw new ApiError('validation_failed', { issues: [issue('Idempotency-Key', 'validation.type')] });
  }
  const path = request.url.split('?')[0];
  const scope = `${request.method} ${path} ${options.principal ?? ''}`;
  const hash = createHash('sha256').update(canonicalJson(options.fingerprint)).digest('hex');
  const store = app.jiefen.idempotency;
  const claim = await store.claim(scope, key, hash, app.jiefen.clock.now());
  if (claim.kind === 'mismatch') throw new ApiError('idempotency_key_reused');
  if (claim.kind === 'in_flight') throw new ApiError('request_in_flight', { headers: { 'retry-after': '1' } });
  if (claim.kind === 'replay') {
    return reply
      .code(claim.status)
      .header('idempotent-replayed', 'true')
      .type('application/json; charset=utf-8')
      .send(claim.body);
  }
  let result: { status: number; body: unknown };
  try {
    result = await run();
  } catch (error) {
    // Nothing was changed (handlers write in one transaction), so the key is freed: the client's retry,
    // corrected or not, runs again instead of replaying an error.
    await store.release(scope, key);
    throw error;
  }
  const json = JSON.stringify(result.body);
  await store.complete(scope, key, result.status, json, options.holdsSecret ?? false);
  return reply.code(result.status).type('application/json; charset=utf-8').send(json);
}
