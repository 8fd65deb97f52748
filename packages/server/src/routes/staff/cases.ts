import {
  ACTING_STAFF_ROLES,
  CASE_EVENT_TYPES,
  type CaseSnapshot,
  CLOSED_LOOP_STAGES,
  caseSummary,
  RISK_LEVELS,
  ROUTING_LEVELS,
  restoreCase,
  SlugSchema,
  STAFF_ROLES,
  staffCaseDetail,
  type TimelineEntry,
  type WorkflowActor,
} from '@jiefen/core';
import type { FastifyInstance } from 'fastify';
import * as v from 'valibot';
import { ApiError } from '../../errors.js';
import { answeredNotModified, entityTag } from '../../http/conditional.js';
import { defineRoute, idempotent, parseQuery, queryFlag, queryLimit, type RouteContext } from '../../http/route.js';
import { caseQueuePageSchema, errorSchema, staffCaseDetailSchema } from '../../openapi/shapes.js';
import type { CaseRow } from '../../storage/cases.js';
import type { StaffPrincipal } from '../../storage/staff-tokens.js';
import { rejection } from '../public/cases.js';

/** Every staff role reads the queue; the administrator sends no events (the catalog names no admin). */
export const CASE_READERS = STAFF_ROLES;
export const CASE_ACTORS = ACTING_STAFF_ROLES;

const flag = queryFlag;
const QueueQuerySchema = v.object({
  stage: v.optional(v.picklist(CLOSED_LOOP_STAGES, 'validation.choice')),
  level: v.optional(v.picklist(ROUTING_LEVELS, 'validation.choice')),
  department: v.optional(SlugSchema),
  risk: v.optional(v.picklist(RISK_LEVELS, 'validation.choice')),
  overdue: v.optional(flag),
  urged: v.optional(flag),
  escalated: v.optional(flag),
  cursor: v.optional(v.pipe(v.string(), v.maxLength(40, 'validation.too_long'))),
  limit: queryLimit(100, 50),
});

/** The member (not the token) is who the trail records: a member keeps their id across tokens. */
export function workflowActor(staff: StaffPrincipal): WorkflowActor | undefined {
  if (staff.role === 'admin') return undefined;
  return {
    role: staff.role,
    id: staff.memberId,
    ...(staff.departmentId ? { departmentId: staff.departmentId } : {}),
  };
}

/** Staff see their own tenant's cases; department handlers only cases their department is called to. Otherwise 404. */
export function authorizeCase(staff: StaffPrincipal) {
  return (row: CaseRow) => {
    if (row.tenant_id !== staff.tenantId) throw new ApiError('not_found');
    if (staff.role === 'department_handler' && !row.department_ids.includes(`,${staff.departmentId},`))
      throw new ApiError('not_found');
  };
}

export function staffDetail(snapshot: CaseSnapshot, timeline: TimelineEntry[], staff: StaffPrincipal, now: Date) {
  return staffCaseDetail(snapshot, timeline, workflowActor(staff), now.toISOString());
}

/**
 * The staff detail depends on the events, on who asks (`allowedEvents` by role and department) and on
 * the time through one bit: `summary.overdue` turns true once the next deadline passes, before the
 * scheduler records anything. `next_due_at` is that deadline (see `summaryColumns`).
 */
function staffDetailTag(row: CaseRow, staff: StaffPrincipal, now: Date): string {
  const pastDue = row.next_due_at !== null && now.getTime() >= Date.parse(row.next_due_at);
  const asker = `${staff.memberId}:${staff.role}:${staff.departmentId ?? ''}`;
  return entityTag('staff-case', row.tenant_id, row.case_number, row.last_seq, asker, pastDue);
}

async function findCase(app: FastifyInstance, caseNumber: string, ctx: RouteContext) {
  const row = await app.jiefen.cases.findRow(caseNumber);
  if (!row) throw new ApiError('not_found');
  authorizeCase(ctx.staff!)(row);
  return row;
}

export function registerStaffCaseRoutes(app: FastifyInstance): void {
  defineRoute(
    app,
    {
      method: 'GET',
      url: '/api/v1/staff/cases',
      operationId: 'listCases',
      summary: 'The case queue with filters. Department handlers see their department’s cases.',
      tags: ['staff'],
      access: CASE_READERS,
      query: {
        schema: QueueQuerySchema,
        descriptions: {
          stage: 'Closed-loop stage',
          level: 'Routing level',
          department: 'Department id',
          risk: 'Risk level',
          overdue: 'Only overdue (true) or on-time (false) cases: urged, escalated or past a deadline',
          urged: 'Only cases urged (催办) and not escalated (true), or the others (false)',
          escalated: 'Only cases escalated to the supervisor (督办) (true), or the others (false)',
          cursor: 'nextCursor of the previous page',
          limit: '1–100, default 50',
        },
      },
      responses: {
        200: {
          description: 'A page of the queue',
          schema: { json: caseQueuePageSchema },
        },
        400: { description: 'A query parameter the queue does not know', schema: errorSchema },
        401: { description: 'No or unknown token', schema: errorSchema },
      },
    },
    async (request, _reply, ctx) => {
      const staff = ctx.staff!;
      const query = parseQuery(QueueQuerySchema, request.query);
      const limit = query.limit as number;
      const department = staff.role === 'department_handler' ? staff.departmentId : query.department;
      const rows = await app.jiefen.cases.queue(staff.tenantId, {
        ...(query.stage ? { stage: query.stage } : {}),
        ...(query.level ? { level: query.level } : {}),
        ...(department ? { departmentId: department } : {}),
        ...(query.risk ? { riskLevel: query.risk } : {}),
        ...(query.overdue !== undefined ? { overdue: query.overdue } : {}),
        ...(query.urged !== undefined ? { urged: query.urged } : {}),
        ...(query.escalated !== undefined ? { escalated: query.escalated } : {}),
        ...(query.cursor ? { cursor: query.cursor } : {}),
        limit,
      });
      const now = app.jiefen.clock.now().toISOString();
      return {
        items: rows.map((row) => caseSummary(restoreCase(JSON.parse(row.snapshot)), now)),
        nextCursor: rows.length === limit ? rows.at(-1)!.case_number : null,
      };
    },
  );

  defineRoute(
    app,
    {
      method: 'GET',
      url: '/api/v1/staff/cases/:caseNumber',
      operationId: 'getStaffCase',
      summary: 'Case detail with the full timeline and the events this staff member may send now.',
      tags: ['staff'],
      access: CASE_READERS,
      responses: {
        200: { description: 'Detail', schema: { json: staffCaseDetailSchema } },
        304: { description: 'Unchanged since the `If-None-Match` tag' },
        404: { description: 'Not found', schema: errorSchema },
      },
    },
    async (request, reply, ctx) => {
      const { caseNumber } = request.params as { caseNumber: string };
      const row = await findCase(app, caseNumber, ctx);
      const now = app.jiefen.clock.now();
      if (answeredNotModified(request, reply, staffDetailTag(row, ctx.staff!, now))) return reply;
      const loaded = await app.jiefen.cases.load(row);
      return staffDetail(loaded.snapshot, loaded.timeline, ctx.staff!, now);
    },
  );

  defineRoute(
    app,
    {
      method: 'POST',
      url: '/api/v1/staff/cases/:caseNumber/transitions',
      operationId: 'transitionCase',
      summary: 'Send a core statechart event. The server runs the pure transition from @jiefen/core.',
      tags: ['staff'],
      access: CASE_ACTORS,
      idempotency: 'honoured',
      body: {
        json: {
          type: 'object',
          required: ['type'],
          properties: { type: { type: 'string', enum: CASE_EVENT_TYPES.filter((t) => t !== 'clock.tick') } },
          additionalProperties: true,
          description: 'A CaseCommand: `type` plus the payload that event carries.',
        },
      },
      responses: {
        200: { description: 'The case after the event', schema: { json: staffCaseDetailSchema } },
        403: { description: 'forbidden: an event this role may never send (with allowedEvents)', schema: errorSchema },
        409: {
          description:
            'transition_rejected: not in this state; with allowedEvents; concurrent_update: another change got in first, nothing changed, resend with the same key (Retry-After)',
          schema: errorSchema,
        },
        422: {
          description: 'Invalid payload, or a department the tenant lacks or that does not serve the level',
          schema: errorSchema,
        },
      },
    },
    async (request, reply, ctx) => {
      const staff = ctx.staff!;
      const { caseNumber } = request.params as { caseNumber: string };
      return idempotent(
        app,
        request,
        reply,
        { required: false, fingerprint: request.body ?? null, principal: staff.tokenId },
        async () => {
          // Outside the transaction: the tenant's configuration, which departments named in the
          // command are checked against (its cached read must not wait on the open transaction).
          const tenant = await app.jiefen.tenants.get(staff.tenantId);
          return async (tx) => {
            const now = app.jiefen.clock.now();
            const result = await app.jiefen.cases.advance(
              caseNumber,
              request.body,
              workflowActor(staff)!,
              now,
              authorizeCase(staff),
              tenant?.config,
              tx,
            );
            if (!result) throw new ApiError('not_found');
            if (!result.ok) throw rejection(result.rejection);
            const loaded = await app.jiefen.cases.load(result.row, tx);
            return { status: 200, body: staffDetail(loaded.snapshot, loaded.timeline, staff, now) };
          };
        },
      );
    },
  );

  defineRoute(
    app,
    {
      method: 'GET',
      url: '/api/v1/staff/cases/:caseNumber/verify',
      operationId: 'verifyCaseChain',
      summary: 'Recompute the case’s hash chain (全程留痕): `{ valid, length, brokenAt? }`.',
      tags: ['staff'],
      access: ['supervisor', 'admin'],
      responses: {
        200: {
          description: 'Result',
          schema: {
            json: {
              type: 'object',
              properties: { valid: { type: 'boolean' }, length: { type: 'integer' }, brokenAt: { type: 'integer' } },
            },
          },
        },
      },
    },
    async (request, _reply, ctx) => {
      const { caseNumber } = request.params as { caseNumber: string };
      return app.jiefen.cases.verify(await findCase(app, caseNumber, ctx));
    },
  );
}
