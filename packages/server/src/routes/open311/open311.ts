import { createHash } from 'node:crypto';
import { calendarDay, type Locale, resolveLocale, type TenantConfig, validateCaseFiling } from '@jiefen/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError, errorBody, formatServerMessage } from '../../errors.js';
import {
  attributesOf,
  definitionOf,
  filedNotice,
  filingOf,
  type PublicCase,
  parameterOf,
  requestOf,
  serviceOf,
  updatesOf,
} from '../../open311/representation.js';
import { toOpen311Xml } from '../../open311/xml.js';
import { digestsEqual, hashToken, newAccessCode, newTrackingToken } from '../../security/credentials.js';
import { clientOf, lookupLimits, publicLimit, refusal } from '../../security/rate-limits.js';
import type { CaseRow } from '../../storage/cases.js';
import { isConcurrencyConflict, writeTransaction } from '../../storage/transactions.js';
import { rejection, requireTenant } from '../public/cases.js';

/**
 * Open311 GeoReport v2 under `/open311/v2/{tenant}/`, as JSON and XML, with FixMyStreet's
 * `servicerequestupdates` extension. Categories are services, dynamic fields are attributes, cases
 * are requests (public, without personal data: see representation.ts), filings go through the same
 * validation, rate limit and case store as the REST API's.
 *
 * These routes stay outside the REST OpenAPI document on purpose: Open311 is its own published
 * contract (the GeoReport v2 schemas validate it, see test/open311-server.test.ts), its paths carry
 * the format as a file extension, and its errors and XML bodies are not the REST contract's shapes.
 */

type Format = 'json' | 'xml';

/** The specification's window for `requests` and `servicerequestupdates` queries. */
const WINDOW_DAYS = 90;
const DAY_MS = 86_400_000;
/** Rows read for one listing at most; a township files far fewer cases in 90 days. */
const SCAN_LIMIT = 5000;
const PAGE_SIZE = 100;
const PAGE_SIZE_MAX = 1000;
/** When the endpoint list below last changed (discovery's `changeset`). */
const DISCOVERY_CHANGESET = '2026-12-01T00:00:00Z';

/** An Open311 error: `[{code, description}]`, HTTP 400, 403 or 404 (429 for the rate limit). */
class Open311Error extends Error {
  constructor(
    readonly status: number,
    readonly description: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(description);
  }
}

const open311Status = (error: ApiError): number => {
  // GeoReport v2 knows 400, 403 and 404: every refusal of the input (and of the transition) is a 400.
  if ([400, 409, 413, 415, 422].includes(error.status)) return 400;
  if (error.status === 401 || error.status === 403) return 403;
  return error.status;
};

/** `services.json` → `services` + `json`; anything but `.json`/`.xml` is not a GeoReport resource. */
function split(segment: string): { name: string; format: Format } {
  const match = /^(.*)\.(json|xml)$/.exec(segment);
  if (!match) throw new Open311Error(404, 'Unknown format: use .json or .xml');
  return { name: match[1]!, format: match[2] as Format };
}

const ROOTS = {
  discovery: 'discovery',
  services: 'services',
  definition: 'service_definition',
  requests: 'service_requests',
  updates: 'service_requests_updates',
  errors: 'errors',
} as const;

function send(reply: FastifyReply, format: Format, status: number, root: keyof typeof ROOTS, body: unknown) {
  reply.code(status);
  if (format === 'xml') return reply.type('text/xml; charset=utf-8').send(toOpen311Xml(ROOTS[root], body));
  return reply.type('application/json; charset=utf-8').send(JSON.stringify(body));
}

function formatOf(request: FastifyRequest): Format {
  return /\.xml(\?|$)/.test(request.url) ? 'xml' : 'json';
}

function localeOf(request: FastifyRequest, params: URLSearchParams | Record<string, unknown>): Locale {
  const asked = params instanceof URLSearchParams ? params.get('locale') : (params.locale as string | undefined);
  return resolveLocale(asked ?? request.headers['accept-language']);
}

function queryOf(request: FastifyRequest): URLSearchParams {
  const at = request.url.indexOf('?');
  return new URLSearchParams(at < 0 ? '' : request.url.slice(at + 1));
}

async function tenantFor(app: FastifyInstance, request: FastifyRequest, params: URLSearchParams) {
  const { tenant: id } = request.params as { tenant: string };
  const jurisdiction = params.get('jurisdiction_id');
  if (jurisdiction && jurisdiction !== id) throw new Open311Error(404, `jurisdiction_id ${jurisdiction} not found`);
  return requireTenant(app, id);
}

function parseInstant(params: URLSearchParams, name: string): Date | undefined {
  const raw = params.get(name);
  if (raw === null || raw === '') return undefined;
  const ms = Date.parse(raw);
  if (Number.isNaN(ms)) throw new Open311Error(400, `${name} must be a date-time (w3 format)`);
  return new Date(ms);
}

/** start_date/end_date: default the last 90 days; more than 90 days between them is refused. */
function windowOf(params: URLSearchParams, now: Date): { start: Date; end: Date } {
  const end = parseInstant(params, 'end_date') ?? now;
  const start = parseInstant(params, 'start_date') ?? new Date(end.getTime() - WINDOW_DAYS * DAY_MS);
  if (start > end) throw new Open311Error(400, 'start_date must not be after end_date');
  if (end.getTime() - start.getTime() > WINDOW_DAYS * DAY_MS) {
    throw new Open311Error(400, `start_date and end_date may be at most ${WINDOW_DAYS} days apart`);
  }
  return { start, end };
}

function positive(params: URLSearchParams, name: string, fallback: number, max: number): number {
  const raw = params.get(name);
  if (raw === null || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Open311Error(400, `${name} must be a positive integer`);
  return Math.min(n, max);
}

const list = (raw: string | null) =>
  (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

async function publicCase(app: FastifyInstance, row: CaseRow): Promise<PublicCase> {
  const loaded = await app.jiefen.cases.load(row);
  return {
    caseNumber: row.case_number,
    snapshot: loaded.snapshot,
    timeline: loaded.timeline,
    updatedAt: row.updated_at,
  };
}

/** The form of a POST, with `api_key` checked against the tenant's keys (when it has any). */
function formOf(app: FastifyInstance, request: FastifyRequest, tenant: TenantConfig): URLSearchParams {
  if (!(request.body instanceof URLSearchParams)) {
    throw new Open311Error(400, 'Submissions are form-encoded (application/x-www-form-urlencoded)');
  }
  const form = request.body;
  const keys = app.jiefen.config.open311.apiKeys[tenant.id] ?? [];
  if (keys.length > 0) {
    const given = createHash('sha256')
      .update(form.get('api_key') ?? '')
      .digest('hex');
    const ok = keys.some((key) => digestsEqual(createHash('sha256').update(key).digest('hex'), given));
    if (!ok) throw new Open311Error(403, 'api_key is missing or not valid for this jurisdiction');
  }
  return form;
}

/** `jiefen-ref:` line the SDK writes into each description: its submission's idempotency key. */
const referenceOf = (description: string | null) =>
  /(?:^|\n)jiefen-ref:([\x21-\x7e]{8,200})\s*$/.exec(description ?? '')?.[1];

export async function registerOpen311Routes(app: FastifyInstance): Promise<void> {
  await app.register(
    async (scope) => {
      // GeoReport v2 submissions are form-encoded; `attribute[CODE][]` needs the raw pairs, not an object.
      scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
        done(null, new URLSearchParams(body as string));
      });
      scope.setErrorHandler((error, request, reply) => {
        const format = formatOf(request);
        const locale = resolveLocale(request.headers['accept-language']);
        let status: number;
        let description: string;
        let headers: Record<string, string> = {};
        if (error instanceof Open311Error) {
          ({ status, description, headers } = error);
        } else if (error instanceof ApiError) {
          status = open311Status(error);
          const body = errorBody(error, locale).error;
          const issues = (error.options.issues ?? []).map(
            (i) => `${parameterOf(i)}: ${formatServerMessage(i.key, i.params, locale)}`,
          );
          description = [body.message, ...issues].join('; ');
          headers = error.options.headers ?? {};
        } else {
          const e = error as { statusCode?: number };
          if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) {
            status = e.statusCode === 429 ? 429 : 400;
            description = formatServerMessage('server.invalid_request', {}, locale);
          } else {
            request.log.error({ err: error }, 'unhandled error');
            status = 500;
            description = formatServerMessage('server.internal', {}, locale);
          }
        }
        for (const [name, value] of Object.entries(headers)) reply.header(name, value);
        return send(reply, format, status, 'errors', [{ code: status, description }]);
      });
      scope.setNotFoundHandler((request, reply) =>
        send(reply, formatOf(request), 404, 'errors', [{ code: 404, description: 'Not found' }]),
      );

      const base = '/v2/:tenant';
      const listLimit = publicLimit(scope);

      // discovery, services, requests, servicerequestupdates
      scope.route({
        method: 'GET',
        url: `${base}/:resource`,
        onRequest: listLimit,
        handler: async (request, reply) => {
          const { name, format } = split((request.params as { resource: string }).resource);
          const params = queryOf(request);
          const tenant = await tenantFor(app, request, params);
          const locale = localeOf(request, params);
          const now = app.jiefen.clock.now();
          if (name === 'discovery') {
            const origin = `${request.protocol}://${request.host}`;
            return send(reply, format, 200, 'discovery', {
              changeset: DISCOVERY_CHANGESET,
              contact: tenant.config.name[locale],
              key_service: 'api_key: ask the township for one',
              endpoints: [
                {
                  specification: 'http://wiki.open311.org/GeoReport_v2',
                  url: `${origin}/open311/v2/${tenant.config.id}`,
                  changeset: DISCOVERY_CHANGESET,
                  type: 'production',
                  formats: ['application/json', 'text/xml'],
                },
              ],
            });
          }
          if (name === 'services') {
            return send(
              reply,
              format,
              200,
              'services',
              tenant.config.categories.map((c) => serviceOf(c, locale)),
            );
          }
          const extensions = params.get('extensions') === 'true';
          if (name === 'requests') {
            const cases = await listCases(app, tenant.config.id, params, now);
            return send(
              reply,
              format,
              200,
              'requests',
              cases.map((c) => requestOf(c, tenant.config, locale, extensions)),
            );
          }
          if (name === 'servicerequestupdates') {
            const { start, end } = windowOf(params, now);
            const only = params.get('service_request_id');
            let query = app.jiefen.storage.db
              .selectFrom('cases')
              .selectAll()
              .where('tenant_id', '=', tenant.config.id)
              .where('updated_at', '>=', start.toISOString())
              .where('filed_at', '<=', end.toISOString());
            if (only) query = query.where('case_number', '=', only);
            const rows = await query.orderBy('updated_at').limit(SCAN_LIMIT).execute();
            const updates = [];
            for (const row of rows) {
              for (const u of updatesOf(await publicCase(app, row), locale)) {
                const at = Date.parse(u.updated_datetime);
                if (at >= start.getTime() - 999 && at <= end.getTime()) updates.push(u);
              }
            }
            updates.sort((a, b) => a.updated_datetime.localeCompare(b.updated_datetime));
            return send(reply, format, 200, 'updates', updates);
          }
          throw new Open311Error(404, `Unknown resource ${name}`);
        },
      });

      scope.route({
        method: 'GET',
        url: `${base}/services/:code`,
        onRequest: listLimit,
        handler: async (request, reply) => {
          const { name, format } = split((request.params as { code: string }).code);
          const params = queryOf(request);
          const tenant = await tenantFor(app, request, params);
          const category = tenant.config.categories.find((c) => c.id === name);
          if (!category) throw new Open311Error(404, `service_code ${name} not found`);
          return send(reply, format, 200, 'definition', definitionOf(category, localeOf(request, params)));
        },
      });

      scope.route({
        method: 'GET',
        url: `${base}/requests/:id`,
        onRequest: lookupLimits(scope),
        handler: async (request, reply) => {
          const { name, format } = split((request.params as { id: string }).id);
          const params = queryOf(request);
          const tenant = await tenantFor(app, request, params);
          const row = await app.jiefen.cases.findRow(name);
          if (!row || row.tenant_id !== tenant.config.id)
            throw new Open311Error(404, `service_request_id ${name} not found`);
          const c = await publicCase(app, row);
          const extensions = params.get('extensions') === 'true';
          return send(reply, format, 200, 'requests', [
            requestOf(c, tenant.config, localeOf(request, params), extensions),
          ]);
        },
      });

      scope.route({
        method: 'GET',
        url: `${base}/tokens/:token`,
        onRequest: lookupLimits(scope),
        handler: async (request, reply) => {
          const { name, format } = split((request.params as { token: string }).token);
          const tenant = await tenantFor(app, request, queryOf(request));
          const row = await app.jiefen.cases.findRowByTrackingTokenHash(hashToken(name));
          if (!row || row.tenant_id !== tenant.config.id) throw new Open311Error(404, 'token not found');
          return send(reply, format, 200, 'requests', [{ service_request_id: row.case_number, token: name }]);
        },
      });

      scope.route({
        method: 'POST',
        url: `${base}/:resource`,
        onRequest: listLimit,
        handler: async (request, reply) => {
          const { name, format } = split((request.params as { resource: string }).resource);
          const params = queryOf(request);
          const tenant = await tenantFor(app, request, params);
          const form = formOf(app, request, tenant.config);
          const locale = localeOf(request, form.has('locale') ? form : params);
          if (form.get('jurisdiction_id') && form.get('jurisdiction_id') !== tenant.config.id) {
            throw new Open311Error(404, `jurisdiction_id ${form.get('jurisdiction_id')} not found`);
          }
          if (name === 'requests') return fileRequest(app, reply, format, tenant.config, form, locale);
          if (name === 'servicerequestupdates')
            return postUpdate(app, request, reply, format, tenant.config, form, locale);
          throw new Open311Error(404, `Unknown resource ${name}`);
        },
      });
    },
    { prefix: '/open311' },
  );
}

/** `requests` with the specification's filters, newest first, `page`/`page_size` for long lists. */
async function listCases(app: FastifyInstance, tenantId: string, params: URLSearchParams, now: Date) {
  const ids = list(params.get('service_request_id'));
  const page = positive(params, 'page', 1, Number.MAX_SAFE_INTEGER);
  const size = positive(params, 'page_size', PAGE_SIZE, PAGE_SIZE_MAX);
  let query = app.jiefen.storage.db.selectFrom('cases').selectAll().where('tenant_id', '=', tenantId);
  if (ids.length > 0) {
    // The specification: with service_request_id the other filters are ignored.
    query = query.where('case_number', 'in', ids.slice(0, PAGE_SIZE_MAX));
  } else {
    const { start, end } = windowOf(params, now);
    query = query.where('filed_at', '>=', start.toISOString()).where('filed_at', '<=', end.toISOString());
    const statuses = list(params.get('status'));
    for (const s of statuses) {
      if (s !== 'open' && s !== 'closed') throw new Open311Error(400, 'status must be open or closed');
    }
    // A case is `open` to Open311 exactly while its statechart is in `open` (see open311Status).
    if (statuses.length === 1) {
      query =
        statuses[0] === 'open' ? query.where('state', 'like', 'open%') : query.where('state', 'not like', 'open%');
    }
  }
  const ordered = query.orderBy('filed_at', 'desc').orderBy('case_number');
  const codes = new Set(list(params.get('service_code')));
  if (ids.length > 0 || codes.size === 0) {
    // Only the page is restored: a listing costs its page size, not the window's size.
    const rows = await ordered
      .limit(size)
      .offset((page - 1) * size)
      .execute();
    return Promise.all(rows.map((row) => publicCase(app, row)));
  }
  // The category lives in the snapshot: restore in order until the page is full.
  const rows = await ordered.limit(SCAN_LIMIT).execute();
  const cases: PublicCase[] = [];
  for (const row of rows) {
    const c = await publicCase(app, row);
    if (codes.has(c.snapshot.context.filing.categoryId)) cases.push(c);
    if (cases.length >= page * size) break;
  }
  return cases.slice((page - 1) * size, page * size);
}

/**
 * POST requests: the form becomes a Jiefen filing, validated by the core like any other, and opened
 * with the same credentials and store as the REST route. The answer gives the case number, the
 * tracking token as GeoReport's `token` (it resolves through `tokens/{token}` and opens the resident's
 * tracker), and the one-time access code as `access_code`.
 *
 * Open311 has no Idempotency-Key: a submission that carries the SDK's `jiefen-ref:` line is run at
 * most once per reference, through the same idempotency store the REST API uses.
 */
async function fileRequest(
  app: FastifyInstance,
  reply: FastifyReply,
  format: Format,
  tenant: TenantConfig,
  form: URLSearchParams,
  locale: Locale,
) {
  const now = app.jiefen.clock.now();
  const filing = validateCaseFiling(filingOf(form, tenant, locale, calendarDay(now)), tenant, calendarDay(now));
  if (!filing.success) throw new ApiError('validation_failed', { issues: filing.issues });
  const reference = referenceOf(form.get('description'));
  const scope = `POST open311 ${tenant.id}`;
  const fingerprint = createHash('sha256')
    .update(JSON.stringify([...form].filter(([k]) => k !== 'api_key').sort()))
    .digest('hex');
  const store = app.jiefen.idempotency;
  // The same exactly-once model as `idempotent()`: a committed answer replays at once; otherwise the
  // claim, the case and the stored answer are one transaction.
  if (reference) {
    const stored = await store.find(scope, reference);
    if (stored && stored.requestHash !== fingerprint) {
      throw new Open311Error(400, 'This jiefen-ref was already used for another request');
    }
    if (stored) return send(reply, format, stored.status, 'requests', JSON.parse(stored.body));
  }
  const accessCode = newAccessCode();
  const trackingToken = newTrackingToken();
  const accessCodeHash = app.jiefen.accessCodes.hash(accessCode);
  let outcome: { status: number; body: unknown };
  try {
    outcome = await writeTransaction(app.jiefen.storage, async (tx) => {
      if (reference) {
        const claim = await store.claim(tx, scope, reference, fingerprint, now);
        if (claim.kind === 'replay') return { status: claim.status, body: JSON.parse(claim.body) as unknown };
        if (claim.kind === 'mismatch') {
          throw new Open311Error(400, 'This jiefen-ref was already used for another request');
        }
      }
      const created = await app.jiefen.cases.create(
        { tenant, filing: filing.output, accessCodeHash, trackingTokenHash: hashToken(trackingToken), now },
        tx,
      );
      const body = [
        {
          service_request_id: created.row.case_number,
          token: trackingToken,
          service_notice: filedNotice(created.row.case_number, locale),
          access_code: accessCode,
        },
      ];
      if (reference) await store.complete(tx, scope, reference, 201, JSON.stringify(body), true);
      return { status: 201, body };
    });
  } catch (error) {
    if (isConcurrencyConflict(error)) {
      throw new Open311Error(503, 'The same request is still being filed; retry shortly', { 'retry-after': '1' });
    }
    throw error;
  }
  return send(reply, format, outcome.status, 'requests', outcome.body);
}

/**
 * FixMyStreet's POST servicerequestupdates: a resident's update on their own request, which needs the
 * request's credential (`token` = tracking token, or `access_code`) besides the client's `api_key`,
 * and becomes `resident.supply_information`, checked by the statechart like the REST action.
 */
async function postUpdate(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  format: Format,
  tenant: TenantConfig,
  form: URLSearchParams,
  locale: Locale,
) {
  const id = form.get('service_request_id') ?? '';
  const found = await app.jiefen.cases.findRow(id);
  const row = found && found.tenant_id === tenant.id ? found : undefined;
  const token = form.get('token');
  const code = form.get('access_code');
  // The same per-case guessing limit as the REST API's resident routes (`requireResident`): every
  // failed check counts, and a client over the limit is refused before its next guess is checked.
  const { residentGuesses, accessCodes } = app.jiefen;
  const client = clientOf(request);
  let allowed = false;
  if (token) allowed = !!row && digestsEqual(hashToken(token), row.tracking_token_hash);
  else if (code) {
    // A tracking token cannot be guessed; a six-character code can, so only codes wait on the limit.
    const decision = await residentGuesses.mayTry(id, client);
    if (!decision.allowed) throw refusal(decision);
    // Checked against a decoy for an unknown request too, so both take the same time.
    const verified = await accessCodes.verify(code, row?.access_code_hash ?? accessCodes.decoy);
    allowed = !!row && verified;
  }
  // Indistinguishable from a missing request, as in the REST API.
  if (!row || !allowed) {
    await residentGuesses.recordFailure(id, client);
    throw new Open311Error(404, `service_request_id ${id} not found`);
  }
  const answers = Object.fromEntries([...attributesOf(form)].map(([k, v]) => [k, v.length > 1 ? v : v[0]]));
  const result = await app.jiefen.cases.advance(
    row.case_number,
    {
      type: 'resident.supply_information',
      message: form.get('description') ?? '',
      ...(Object.keys(answers).length ? { answers } : {}),
    },
    { role: 'resident' },
    app.jiefen.clock.now(),
  );
  if (!result) throw new Open311Error(404, `service_request_id ${id} not found`);
  if (!result.ok) throw rejection(result.rejection);
  const c = await publicCase(app, result.row);
  const updates = updatesOf(c, locale);
  return send(reply, format, 200, 'updates', updates.slice(-1));
}
