import { createHash } from 'node:crypto';
import {
  type AttachmentMeta,
  attachmentLimitsOf,
  CaseFilingSchema,
  type CaseRejection,
  calendarDay,
  RESIDENT_CASE_EVENT_TYPES,
  residentView,
  type TenantConfig,
  validateCaseFiling,
} from '@jiefen/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../../errors.js';
import { answeredNotModified, entityTag } from '../../http/conditional.js';
import { defineRoute, idempotent, parseBody } from '../../http/route.js';
import { caseFiledSchema, errorSchema, residentCaseViewSchema } from '../../openapi/shapes.js';
import { hashToken, newAccessCode, newTrackingToken } from '../../security/credentials.js';
import { lookupLimits, publicLimit } from '../../security/rate-limits.js';
import { requireResident, trackingTokenOf } from '../../security/residents.js';
import type { CaseCredentials, CaseRow } from '../../storage/cases.js';
import type { WriteTransaction } from '../../storage/transactions.js';
import { openEventStream } from '../sse.js';
import { filesFingerprint, readFiles, resolveAttachments, storeFiles } from './attachments.js';

/**
 * A rejected command, by the core's kind: 422 when the payload is invalid, 403 `forbidden` when this
 * role may never send the event, 409 `transition_rejected` when the case cannot take it now. Each
 * lists the events this actor may send instead.
 */
export function rejection(
  r: Pick<CaseRejection, 'kind' | 'messageKey' | 'issues'> & { allowedEvents: readonly string[] },
): ApiError {
  const allowedEvents = r.allowedEvents;
  if (r.kind === 'invalid') return new ApiError('validation_failed', { issues: r.issues, allowedEvents });
  if (r.kind === 'forbidden') return new ApiError('forbidden', { messageKey: r.messageKey, allowedEvents });
  return new ApiError('transition_rejected', { messageKey: r.messageKey, allowedEvents });
}

export async function requireTenant(app: FastifyInstance, id: string) {
  const tenant = await app.jiefen.tenants.get(id);
  if (!tenant) throw new ApiError('not_found');
  return tenant;
}

const namesRevisions = new WeakMap<TenantConfig, string>();
/** A short digest of what the resident view reads from the tenant: its departments' names. */
function departmentNamesRevision(config: TenantConfig): string {
  let revision = namesRevisions.get(config);
  if (revision === undefined) {
    const names = config.departments.map((d) => [d.id, d.name]);
    revision = createHash('sha256').update(JSON.stringify(names)).digest('base64url').slice(0, 12);
    namesRevisions.set(config, revision);
  }
  return revision;
}

/**
 * The resident view as UTF-8 JSON, rendered once per case version and tenant naming. Inside a write
 * transaction (`within`) it is read through it and cached only once that commits (a rolled-back
 * version must never be served); the caller then passes the tenant it loaded before the transaction,
 * because a read outside the transaction would wait for it on SQLite's single connection.
 */
export async function caseViewBody(
  app: FastifyInstance,
  row: CaseRow | CaseCredentials,
  within?: { tx: WriteTransaction; tenant: TenantConfig | undefined },
): Promise<Buffer> {
  const tenant = within ? within.tenant : (await app.jiefen.tenants.get(row.tenant_id))?.config;
  const revision = tenant ? departmentNamesRevision(tenant) : '';
  const cached = app.jiefen.viewCache.get(row.case_number, row.last_seq, revision);
  if (cached) return cached;
  const full = 'snapshot' in row ? row : await app.jiefen.cases.findRow(row.case_number);
  if (!full) throw new ApiError('not_found');
  const loaded = await app.jiefen.cases.load(full, within?.tx);
  const body = Buffer.from(JSON.stringify(residentView(loaded.snapshot, loaded.timeline, tenant)));
  const cache = () => app.jiefen.viewCache.set(full.case_number, full.last_seq, body, revision);
  if (within) within.tx.afterCommit(cache);
  else cache();
  return body;
}

/**
 * The resident view's tag: the view is a function of the case's events and the names of the tenant's
 * departments (not locale, not time).
 */
export async function caseViewTag(
  app: FastifyInstance,
  row: Pick<CaseRow, 'tenant_id' | 'case_number' | 'last_seq'>,
): Promise<string> {
  const tenant = await app.jiefen.tenants.get(row.tenant_id);
  const revision = tenant ? departmentNamesRevision(tenant.config) : '';
  return entityTag('case', row.tenant_id, row.case_number, row.last_seq, revision);
}

export function sendJson(reply: FastifyReply, body: Buffer, status = 200) {
  return reply.code(status).type('application/json; charset=utf-8').send(body);
}

async function residentCase(app: FastifyInstance, request: FastifyRequest): Promise<CaseCredentials> {
  const { caseNumber } = request.params as { caseNumber: string };
  const row = await app.jiefen.cases.findCredentials(caseNumber);
  await requireResident(request, {
    number: caseNumber,
    row,
    rehash: (previous, next) => app.jiefen.cases.rehashAccessCode(caseNumber, previous, next),
  });
  return row!;
}

/** Resident command with attachments checked against stored uploads. */
async function withStoredAttachments(app: FastifyInstance, tenantId: string, command: unknown): Promise<unknown> {
  const c = command as { attachments?: unknown };
  if (!c || typeof c !== 'object' || !Array.isArray(c.attachments)) return command;
  const claimed = c.attachments.filter(
    (a): a is AttachmentMeta => !!a && typeof a === 'object' && typeof (a as AttachmentMeta).id === 'string',
  );
  if (claimed.length !== c.attachments.length) return command; // let the core schema report the bad entries
  return { ...c, attachments: await resolveAttachments(app, tenantId, claimed, 'attachments') };
}

/**
 * A resident command in the route's write transaction; answers the resident view as it will be
 * committed. `tenant` was loaded before the transaction (see `caseViewBody`).
 */
async function residentAdvance(
  app: FastifyInstance,
  row: CaseCredentials,
  command: unknown,
  tx: WriteTransaction,
  tenant: TenantConfig | undefined,
) {
  const result = await app.jiefen.cases.advance(
    row.case_number,
    command,
    { role: 'resident' },
    app.jiefen.clock.now(),
    undefined,
    undefined,
    tx,
  );
  if (!result) throw new ApiError('not_found');
  if (!result.ok) throw rejection(result.rejection);
  return {
    status: 200,
    body: JSON.parse((await caseViewBody(app, result.row, { tx, tenant })).toString()) as unknown,
  };
}

export function registerPublicCaseRoutes(app: FastifyInstance): void {
  defineRoute(
    app,
    {
      method: 'POST',
      url: '/api/v1/tenants/:tenant/cases',
      operationId: 'fileCase',
      summary: 'File a dispute case. Answers the case number, the one-time access code and a tracking token.',
      tags: ['public'],
      access: 'public',
      body: CaseFilingSchema,
      idempotency: 'required',
      onRequest: publicLimit(app),
      responses: {
        201: {
          description: 'Registered',
          schema: { json: caseFiledSchema },
        },
        400: { description: 'Idempotency-Key missing', schema: errorSchema },
        409: {
          description:
            'request_in_flight: the same key is still running elsewhere; concurrent_update: another change got in first, nothing changed, resend with the same key (Retry-After)',
          schema: errorSchema,
        },
        422: { description: 'Invalid filing, or key reused with another body', schema: errorSchema },
      },
    },
    async (request, reply) => {
      const { tenant: tenantId } = request.params as { tenant: string };
      const tenant = await requireTenant(app, tenantId);
      return idempotent(
        app,
        request,
        reply,
        { required: true, fingerprint: request.body ?? null, holdsSecret: true },
        async () => {
          // Outside the transaction: validation, the upload check and hashing the new access code.
          const now = app.jiefen.clock.now();
          const filing = parseBody(validateCaseFiling(request.body, tenant.config, calendarDay(now)));
          filing.attachments = await resolveAttachments(app, tenantId, filing.attachments, 'attachments');
          const accessCode = newAccessCode();
          const trackingToken = newTrackingToken();
          const accessCodeHash = app.jiefen.accessCodes.hash(accessCode);
          return async (tx) => {
            const created = await app.jiefen.cases.create(
              { tenant: tenant.config, filing, accessCodeHash, trackingTokenHash: hashToken(trackingToken), now },
              tx,
            );
            return {
              status: 201,
              body: {
                caseNumber: created.row.case_number,
                accessCode,
                trackingToken,
                case: residentView(created.snapshot, created.timeline, tenant.config),
              },
            };
          };
        },
      );
    },
  );

  defineRoute(
    app,
    {
      method: 'GET',
      url: '/api/v1/cases/:caseNumber',
      operationId: 'getCase',
      summary:
        'The resident view of a case (access code or tracking token in a header). Send the last `ETag` as ' +
        '`If-None-Match` to get `304 Not Modified` while the case is unchanged.',
      tags: ['public'],
      access: 'public',
      residentCredentials: true,
      onRequest: lookupLimits(app),
      responses: {
        200: { description: 'The case as the resident may see it', schema: { json: residentCaseViewSchema } },
        304: { description: 'Unchanged since the `If-None-Match` tag (credential checked first)' },
        404: { description: 'No such case, or the credential does not match (indistinguishable)', schema: errorSchema },
        429: { description: 'Too many lookups', schema: errorSchema },
      },
    },
    async (request, reply) => {
      // The credential is checked first: a 304 answers only someone who may see the case.
      const row = await residentCase(app, request);
      if (answeredNotModified(request, reply, await caseViewTag(app, row))) return reply;
      return sendJson(reply, await caseViewBody(app, row));
    },
  );

  defineRoute(
    app,
    {
      method: 'GET',
      url: '/api/v1/track',
      operationId: 'trackCase',
      summary: 'The resident view of the case a tracking link points to (X-Jiefen-Tracking-Token).',
      tags: ['public'],
      access: 'public',
      residentCredentials: true,
      onRequest: lookupLimits(app),
      responses: {
        200: { description: 'The case', schema: { json: residentCaseViewSchema } },
        304: { description: 'Unchanged since the `If-None-Match` tag' },
        404: { description: 'Unknown token', schema: errorSchema },
      },
    },
    async (request, reply) => {
      const token = trackingTokenOf(request);
      const row = token ? await app.jiefen.cases.findRowByTrackingTokenHash(hashToken(token)) : undefined;
      if (!row) throw new ApiError('not_found');
      if (answeredNotModified(request, reply, await caseViewTag(app, row))) return reply;
      return sendJson(reply, await caseViewBody(app, row));
    },
  );

  defineRoute(
    app,
    {
      method: 'GET',
      url: '/api/v1/cases/:caseNumber/events',
      operationId: 'streamCase',
      summary: 'Server-Sent Events: `event: case` with the resident view on every change; `Last-Event-ID` honoured.',
      tags: ['public'],
      access: 'public',
      residentCredentials: true,
      onRequest: lookupLimits(app),
      responses: {
        200: { description: 'text/event-stream of ResidentCaseView', contentType: 'text/event-stream' },
        404: { description: 'No such case, or the credential does not match', schema: errorSchema },
      },
    },
    async (request, reply) => {
      const row = await residentCase(app, request);
      openEventStream(app, request, reply, row.case_number, async () => {
        const fresh = await app.jiefen.cases.findCredentials(row.case_number);
        return fresh ? { seq: fresh.last_seq, json: (await caseViewBody(app, fresh)).toString() } : undefined;
      });
      return reply;
    },
  );

  defineRoute(
    app,
    {
      method: 'POST',
      url: '/api/v1/cases/:caseNumber/actions',
      operationId: 'actOnCase',
      summary: 'A resident action: supply information, add evidence, rate, request reopening, withdraw.',
      tags: ['public'],
      access: 'public',
      residentCredentials: true,
      idempotency: 'honoured',
      body: {
        json: {
          type: 'object',
          required: ['type'],
          properties: { type: { type: 'string', enum: RESIDENT_CASE_EVENT_TYPES } },
          additionalProperties: true,
          description: 'A resident CaseCommand: `type` plus that event’s payload (see @jiefen/core CASE_EVENTS).',
        },
      },
      onRequest: lookupLimits(app),
      responses: {
        200: { description: 'The updated case', schema: { json: residentCaseViewSchema } },
        403: { description: 'forbidden: a staff event, which a resident may never send', schema: errorSchema },
        404: { description: 'No such case, or the credential does not match', schema: errorSchema },
        409: {
          description:
            'transition_rejected: not in this state; with allowedEvents; concurrent_update: another change got in first, nothing changed, resend with the same key (Retry-After)',
          schema: errorSchema,
        },
        422: { description: 'Invalid payload', schema: errorSchema },
      },
    },
    async (request, reply) => {
      const row = await residentCase(app, request);
      return idempotent(app, request, reply, { required: false, fingerprint: request.body ?? null }, async () => {
        const command = await withStoredAttachments(app, row.tenant_id, request.body);
        const tenant = (await app.jiefen.tenants.get(row.tenant_id))?.config;
        return (tx) => residentAdvance(app, row, command, tx, tenant);
      });
    },
  );
}

/** Evidence uploads (multipart): registered in the uploads scope, see `registerPublicUploadRoutes`. */
export function registerEvidenceRoutes(app: FastifyInstance): void {
  defineRoute(
    app,
    {
      method: 'POST',
      url: '/api/v1/cases/:caseNumber/evidence',
      operationId: 'addEvidence',
      summary: 'Upload evidence files (multipart, one or more `file` parts); records `resident.add_evidence`.',
      tags: ['public'],
      access: 'public',
      residentCredentials: true,
      bodyKind: 'multipart',
      idempotency: 'honoured',
      onRequest: lookupLimits(app),
      responses: {
        200: { description: 'The updated case', schema: { json: residentCaseViewSchema } },
        409: {
          description:
            'The case accepts no evidence now; concurrent_update: another change got in first, nothing changed, resend with the same key (Retry-After)',
          schema: errorSchema,
        },
        413: { description: 'File too large or too many files', schema: errorSchema },
        415: { description: 'File type not allowed (sniffed from the bytes)', schema: errorSchema },
        422: {
          description: "Over the tenant's own limits (size, media types): the field issue the form shows, at `file`",
          schema: errorSchema,
        },
      },
    },
    async (request, reply) => {
      const row = await residentCase(app, request);
      const tenant = (await app.jiefen.tenants.get(row.tenant_id))?.config;
      const files = await readFiles(request, app.jiefen.config.limits.uploadFiles, attachmentLimitsOf(tenant ?? {}));
      return idempotent(app, request, reply, { required: false, fingerprint: filesFingerprint(files) }, async () => {
        return async (tx) => {
          const attachments = await storeFiles(app, row.tenant_id, files, tx);
          return residentAdvance(app, row, { type: 'resident.add_evidence', attachments }, tx, tenant);
        };
      });
    },
  );
}
