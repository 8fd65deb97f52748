import {
  ConsultationRequestSchema,
  consultationResidentView,
  RESIDENT_CONSULTATION_EVENT_TYPES,
  validateConsultationRequest,
} from '@jiefen/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from '../../errors.js';
import { answeredNotModified, entityTag } from '../../http/conditional.js';
import { defineRoute, idempotent, parseBody } from '../../http/route.js';
import { consultationRequestedSchema, errorSchema, residentConsultationViewSchema } from '../../openapi/shapes.js';
import { hashToken, newAccessCode, newTrackingToken } from '../../security/credentials.js';
import { lookupLimits, publicLimit } from '../../security/rate-limits.js';
import { requireResident } from '../../security/residents.js';
import type { ConsultationRow } from '../../storage/consultations.js';
import type { WriteTransaction } from '../../storage/transactions.js';
import { openEventStream } from '../sse.js';
import { rejection, requireTenant } from './cases.js';

/** Like `caseViewBody`: inside a write transaction, read through it and cached once it commits. */
export async function consultationViewBody(
  app: FastifyInstance,
  row: ConsultationRow,
  tx?: WriteTransaction,
): Promise<Buffer> {
  const cached = app.jiefen.viewCache.get(row.consultation_number, row.last_seq);
  if (cached) return cached;
  const loaded = await app.jiefen.consultations.load(row, tx);
  const body = Buffer.from(JSON.stringify(consultationResidentView(loaded.snapshot, loaded.timeline)));
  const cache = () => app.jiefen.viewCache.set(row.consultation_number, row.last_seq, body);
  if (tx) tx.afterCommit(cache);
  else cache();
  return body;
}

async function residentConsultation(app: FastifyInstance, request: FastifyRequest): Promise<ConsultationRow> {
  const { number } = request.params as { number: string };
  const row = await app.jiefen.consultations.findRow(number);
  await requireResident(request, {
    number,
    row,
    rehash: (previous, next) => app.jiefen.consultations.rehashAccessCode(number, previous, next),
  });
  return row!;
}

export function registerPublicConsultationRoutes(app: FastifyInstance): void {
  defineRoute(
    app,
    {
      method: 'POST',
      url: '/api/v1/tenants/:tenant/consultations',
      operationId: 'requestConsultation',
      summary: 'Ask for legal advice (法律咨询).',
      tags: ['public'],
      access: 'public',
      body: ConsultationRequestSchema,
      idempotency: 'required',
      onRequest: publicLimit(app),
      responses: {
        201: {
          description: 'Requested',
          schema: { json: consultationRequestedSchema },
        },
        409: {
          description:
            'request_in_flight; concurrent_update: another change got in first, nothing changed, resend with the same key (Retry-After)',
          schema: errorSchema,
        },
        422: { description: 'Invalid request', schema: errorSchema },
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
          const consultation = parseBody(validateConsultationRequest(request.body, tenant.config));
          const accessCode = newAccessCode();
          const trackingToken = newTrackingToken();
          const accessCodeHash = app.jiefen.accessCodes.hash(accessCode);
          return async (tx) => {
            const created = await app.jiefen.consultations.create(
              {
                tenantId,
                request: consultation,
                accessCodeHash,
                trackingTokenHash: hashToken(trackingToken),
                now: app.jiefen.clock.now(),
              },
              tx,
            );
            return {
              status: 201,
              body: {
                consultationNumber: created.row.consultation_number,
                accessCode,
                trackingToken,
                consultation: consultationResidentView(created.snapshot, created.timeline),
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
      url: '/api/v1/consultations/:number',
      operationId: 'getConsultation',
      summary: 'The resident view of a consultation (credential header).',
      tags: ['public'],
      access: 'public',
      residentCredentials: true,
      onRequest: lookupLimits(app),
      responses: {
        200: { description: 'The consultation', schema: { json: residentConsultationViewSchema } },
        304: { description: 'Unchanged since the `If-None-Match` tag (credential checked first)' },
        404: { description: 'No such consultation, or the credential does not match', schema: errorSchema },
      },
    },
    async (request, reply) => {
      const row = await residentConsultation(app, request);
      const tag = entityTag('consultation', row.tenant_id, row.consultation_number, row.last_seq);
      if (answeredNotModified(request, reply, tag)) return reply;
      return reply.type('application/json; charset=utf-8').send(await consultationViewBody(app, row));
    },
  );

  defineRoute(
    app,
    {
      method: 'GET',
      url: '/api/v1/consultations/:number/events',
      operationId: 'streamConsultation',
      summary: 'Server-Sent Events: `event: consultation` with the resident view on every change.',
      tags: ['public'],
      access: 'public',
      residentCredentials: true,
      onRequest: lookupLimits(app),
      responses: {
        200: { description: 'text/event-stream', contentType: 'text/event-stream' },
        404: { description: 'Not found', schema: errorSchema },
      },
    },
    async (request, reply) => {
      const row = await residentConsultation(app, request);
      openEventStream(
        app,
        request,
        reply,
        row.consultation_number,
        async () => {
          const fresh = await app.jiefen.consultations.findRow(row.consultation_number);
          return fresh ? { seq: fresh.last_seq, json: (await consultationViewBody(app, fresh)).toString() } : undefined;
        },
        'consultation',
      );
      return reply;
    },
  );

  defineRoute(
    app,
    {
      method: 'POST',
      url: '/api/v1/consultations/:number/actions',
      operationId: 'actOnConsultation',
      summary: 'A resident action on a consultation: cancel or rate.',
      tags: ['public'],
      access: 'public',
      residentCredentials: true,
      idempotency: 'honoured',
      body: {
        json: {
          type: 'object',
          required: ['type'],
          properties: { type: { type: 'string', enum: RESIDENT_CONSULTATION_EVENT_TYPES } },
        },
      },
      onRequest: lookupLimits(app),
      responses: {
        200: { description: 'The updated consultation', schema: { json: residentConsultationViewSchema } },
        409: {
          description:
            'transition_rejected; concurrent_update: another change got in first, nothing changed, resend with the same key (Retry-After)',
          schema: errorSchema,
        },
        422: { description: 'Invalid payload', schema: errorSchema },
      },
    },
    async (request, reply) => {
      const row = await residentConsultation(app, request);
      return idempotent(app, request, reply, { required: false, fingerprint: request.body ?? null }, async () => {
        return async (tx) => {
          const result = await app.jiefen.consultations.advance(
            row.consultation_number,
            request.body,
            { role: 'resident' },
            app.jiefen.clock.now(),
            undefined,
            tx,
          );
          if (!result) throw new ApiError('not_found');
          if (!result.ok) throw rejection(result.rejection);
          return { status: 200, body: JSON.parse((await consultationViewBody(app, result.row, tx)).toString()) };
        };
      });
    },
  );
}
