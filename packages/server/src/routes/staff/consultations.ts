import {
  CONSULTATION_EVENT_TYPES,
  CONSULTATION_EVENTS,
  CONSULTATION_STATUSES,
  consultationSummary,
  restoreConsultation,
  STAFF_ROLES,
  staffConsultationDetail,
} from '@jiefen/core';
import type { FastifyInstance } from 'fastify';
import * as v from 'valibot';
import { ApiError } from '../../errors.js';
import { answeredNotModified, entityTag } from '../../http/conditional.js';
import { defineRoute, idempotent, parseQuery } from '../../http/route.js';
import { consultationQueuePageSchema, errorSchema, staffConsultationDetailSchema } from '../../openapi/shapes.js';
import type { ConsultationRow } from '../../storage/consultations.js';
import type { StaffPrincipal } from '../../storage/staff-tokens.js';
import type { WriteTransaction } from '../../storage/transactions.js';
import { rejection } from '../public/cases.js';
import { workflowActor } from './cases.js';

/** The staff roles the consultation catalog names: the one source of who handles consultations. */
export const CONSULTATION_STAFF = STAFF_ROLES.filter((role) =>
  Object.values(CONSULTATION_EVENTS).some((event) => (event.roles as readonly string[]).includes(role)),
);

const ListQuerySchema = v.object({
  status: v.optional(v.picklist(CONSULTATION_STATUSES, 'validation.choice')),
  cursor: v.optional(v.pipe(v.string(), v.maxLength(40))),
});

function authorize(staff: StaffPrincipal) {
  return (row: ConsultationRow) => {
    if (row.tenant_id !== staff.tenantId) throw new ApiError('not_found');
  };
}

async function detail(app: FastifyInstance, row: ConsultationRow, staff: StaffPrincipal, tx?: WriteTransaction) {
  const loaded = await app.jiefen.consultations.load(row, tx);
  return staffConsultationDetail(loaded.snapshot, loaded.timeline, workflowActor(staff));
}

export function registerStaffConsultationRoutes(app: FastifyInstance): void {
  defineRoute(
    app,
    {
      method: 'GET',
      url: '/api/v1/staff/consultations',
      operationId: 'listConsultations',
      summary: 'Consultation queue, optionally by status.',
      tags: ['staff'],
      access: CONSULTATION_STAFF,
      query: {
        schema: ListQuerySchema,
        descriptions: { status: 'Consultation status', cursor: 'Page cursor' },
      },
      responses: {
        200: {
          description: 'A page of the queue: { items, nextCursor }',
          schema: { json: consultationQueuePageSchema },
        },
      },
    },
    async (request, _reply, ctx) => {
      const query = parseQuery(ListQuerySchema, request.query);
      const rows = await app.jiefen.consultations.list(ctx.staff!.tenantId, query.status, query.cursor, 50);
      return {
        items: rows.map((row) => consultationSummary(restoreConsultation(JSON.parse(row.snapshot)))),
        nextCursor: rows.length === 50 ? rows.at(-1)!.consultation_number : null,
      };
    },
  );

  defineRoute(
    app,
    {
      method: 'GET',
      url: '/api/v1/staff/consultations/:number',
      operationId: 'getStaffConsultation',
      summary: 'Consultation detail with timeline and allowed events.',
      tags: ['staff'],
      access: CONSULTATION_STAFF,
      responses: {
        200: { description: 'Detail', schema: { json: staffConsultationDetailSchema } },
        304: { description: 'Unchanged since the `If-None-Match` tag' },
        404: { description: 'Not found', schema: errorSchema },
      },
    },
    async (request, reply, ctx) => {
      const { number } = request.params as { number: string };
      const row = await app.jiefen.consultations.findRow(number);
      if (!row) throw new ApiError('not_found');
      authorize(ctx.staff!)(row);
      // The detail depends on the events and on who asks (allowed events), not on the time.
      const staff = ctx.staff!;
      const asker = `${staff.memberId}:${staff.role}:${staff.departmentId ?? ''}`;
      const tag = entityTag('staff-consultation', row.tenant_id, number, row.last_seq, asker);
      if (answeredNotModified(request, reply, tag)) return reply;
      return detail(app, row, ctx.staff!);
    },
  );

  defineRoute(
    app,
    {
      method: 'POST',
      url: '/api/v1/staff/consultations/:number/transitions',
      operationId: 'transitionConsultation',
      summary: 'Assign, schedule, answer or convert a consultation.',
      tags: ['staff'],
      access: CONSULTATION_STAFF,
      idempotency: 'honoured',
      body: {
        json: {
          type: 'object',
          required: ['type'],
          properties: { type: { type: 'string', enum: CONSULTATION_EVENT_TYPES } },
        },
      },
      responses: {
        200: { description: 'Detail after the event', schema: { json: staffConsultationDetailSchema } },
        403: { description: 'forbidden: an event this role may never send', schema: errorSchema },
        409: {
          description:
            'transition_rejected: not in this state; concurrent_update: another change got in first, nothing changed, resend with the same key (Retry-After)',
          schema: errorSchema,
        },
        422: { description: 'Invalid payload', schema: errorSchema },
      },
    },
    async (request, reply, ctx) => {
      const staff = ctx.staff!;
      const { number } = request.params as { number: string };
      return idempotent(
        app,
        request,
        reply,
        { required: false, fingerprint: request.body ?? null, principal: staff.tokenId },
        async () => {
          return async (tx) => {
            const result = await app.jiefen.consultations.advance(
              number,
              request.body,
              workflowActor(staff)!,
              app.jiefen.clock.now(),
              authorize(staff),
              tx,
            );
            if (!result) throw new ApiError('not_found');
            if (!result.ok) throw rejection(result.rejection);
            return { status: 200, body: await detail(app, result.row, staff, tx) };
          };
        },
      );
    },
  );
}
