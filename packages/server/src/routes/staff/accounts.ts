import {
  DEFAULT_STAFF_TOKEN_DAYS,
  IssuedStaffTokenSchema,
  IssueStaffTokenSchema,
  SlugSchema,
  STAFF_ROLES,
  type StaffAuditActor,
  StaffAuditEntrySchema,
  StaffMemberDetailSchema,
  StaffMemberInputSchema,
  StaffMemberSchema,
  StaffRoleSchema,
  StaffSessionSchema,
  StaffTokenSchema,
  text,
} from '@jiefen/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import * as v from 'valibot';
import { ApiError } from '../../errors.js';
import {
  defineRoute,
  idempotent,
  issue,
  parseQuery,
  parseWith,
  queryFlag,
  queryLimit,
  type RouteContext,
  type TransactionalWrite,
} from '../../http/route.js';
import { errorSchema } from '../../openapi/shapes.js';
import type { MemberFields } from '../../storage/staff-accounts.js';
import type { StaffPrincipal } from '../../storage/staff-tokens.js';

/*
 * Staff accounts (admin): create, list, update, disable and enable members; issue and revoke their
 * tokens; read the audit log. Every change is audited in the same transaction (storage/staff-accounts.ts).
 * `GET /staff/me` answers any signed-in member: how a desk shows who is signed in.
 */

const MembersQuerySchema = v.object({
  role: v.optional(StaffRoleSchema),
  department: v.optional(SlugSchema),
  includeDisabled: v.optional(queryFlag),
});

const AuditQuerySchema = v.object({
  member: v.optional(v.pipe(v.string(), v.maxLength(100, 'validation.too_long'))),
  cursor: v.optional(v.pipe(v.string(), v.regex(/^\d{1,15}$/, 'validation.type'))),
  limit: queryLimit(200, 50),
});

/** Disabling may say why; the reason goes into the audit log. */
const DisableSchema = v.strictObject({ reason: v.optional(text(1, 500)) }, 'validation.type');

const MemberListSchema = v.strictObject({ items: v.array(StaffMemberSchema) });
const AuditPageSchema = v.strictObject({
  items: v.array(StaffAuditEntrySchema),
  nextCursor: v.nullable(v.string()),
});

const DAY_MS = 86_400_000;

function auditActor(staff: StaffPrincipal): StaffAuditActor {
  return { kind: 'staff', memberId: staff.memberId, tokenId: staff.tokenId, name: staff.name, role: staff.role };
}

export function registerStaffAccountRoutes(app: FastifyInstance): void {
  const accounts = app.jiefen.staffAccounts;
  const now = () => app.jiefen.clock.now();

  /** The member's fields after the schema, with the department checked against the tenant's. */
  async function memberFields(tenantId: string, body: unknown): Promise<MemberFields> {
    const input = parseWith(StaffMemberInputSchema, body);
    if (input.departmentId !== undefined) {
      const tenant = await app.jiefen.tenants.get(tenantId);
      if (!tenant?.config.departments.some((d) => d.id === input.departmentId)) {
        throw new ApiError('validation_failed', { issues: [issue('departmentId', 'validation.unknown_department')] });
      }
    }
    return input;
  }

  async function requireMember(ctx: RouteContext, request: FastifyRequest) {
    const { memberId } = request.params as { memberId: string };
    const member = await accounts.getMember(ctx.staff!.tenantId, memberId);
    if (!member) throw new ApiError('not_found');
    return member;
  }

  /** POSTs honour an Idempotency-Key, scoped to the token that sends them. */
  const keyed = (
    request: FastifyRequest,
    reply: FastifyReply,
    ctx: RouteContext,
    prepare: () => Promise<TransactionalWrite>,
    holdsSecret = false,
  ) =>
    idempotent(
      app,
      request,
      reply,
      { required: false, fingerprint: request.body ?? null, principal: ctx.staff!.tokenId, holdsSecret },
      prepare,
    );

  defineRoute(
    app,
    {
      method: 'GET',
      url: '/api/v1/staff/me',
      operationId: 'getStaffSession',
      summary: 'Who this token belongs to: the member (name, role, department) and the token (expiry, last use).',
      tags: ['staff'],
      access: STAFF_ROLES,
      responses: {
        200: { description: 'The signed-in member and token', schema: StaffSessionSchema },
        401: { description: 'No, unknown, revoked or expired token', schema: errorSchema },
      },
    },
    async (_request, _reply, ctx) => {
      const staff = ctx.staff!;
      const member = await accounts.getMember(staff.tenantId, staff.memberId);
      const token = await accounts.getToken(staff.tenantId, staff.tokenId, now());
      if (!member || !token) throw new ApiError('not_found');
      return { member, token };
    },
  );

  defineRoute(
    app,
    {
      method: 'GET',
      url: '/api/v1/staff/members',
      operationId: 'listStaffMembers',
      summary: 'Staff members of the tenant, by name (admin). Disabled members only with `includeDisabled=true`.',
      tags: ['admin'],
      access: ['admin'],
      query: {
        schema: MembersQuerySchema,
        descriptions: {
          role: 'Only this role',
          department: 'Only handlers of this department',
          includeDisabled: 'Also list disabled members (true/false, default false)',
        },
      },
      responses: {
        200: { description: '{ items: StaffMember[] }', schema: MemberListSchema },
        400: { description: 'Unknown query parameter', schema: errorSchema },
      },
    },
    async (request, _reply, ctx) => {
      const query = parseQuery(MembersQuerySchema, request.query);
      return {
        items: await accounts.listMembers(ctx.staff!.tenantId, {
          ...(query.role ? { role: query.role } : {}),
          ...(query.department ? { departmentId: query.department } : {}),
          ...(query.includeDisabled ? { includeDisabled: true } : {}),
        }),
      };
    },
  );

  defineRoute(
    app,
    {
      method: 'POST',
      url: '/api/v1/staff/members',
      operationId: 'createStaffMember',
      summary:
        'Create a staff member (admin): name, role, department (handlers only, one of the tenant’s), contact. ' +
        'Then issue a token with `POST /staff/members/{memberId}/tokens`.',
      tags: ['admin'],
      access: ['admin'],
      idempotency: 'honoured',
      body: StaffMemberInputSchema,
      responses: {
        201: { description: 'The member', schema: StaffMemberSchema },
        422: { description: 'Invalid member, or a department the tenant does not have', schema: errorSchema },
      },
    },
    async (request, reply, ctx) =>
      keyed(request, reply, ctx, async () => {
        const fields = await memberFields(ctx.staff!.tenantId, request.body);
        return async (tx) => ({
          status: 201,
          body: await accounts.createMember(ctx.staff!.tenantId, fields, auditActor(ctx.staff!), now(), tx),
        });
      }),
  );

  defineRoute(
    app,
    {
      method: 'GET',
      url: '/api/v1/staff/members/:memberId',
      operationId: 'getStaffMember',
      summary: 'A member with their tokens: label, expiry, last use, status (never the token itself) (admin).',
      tags: ['admin'],
      access: ['admin'],
      responses: {
        200: { description: 'Member and tokens', schema: StaffMemberDetailSchema },
        404: { description: 'No such member in this tenant', schema: errorSchema },
      },
    },
    async (request, _reply, ctx) => {
      const member = await requireMember(ctx, request);
      return { member, tokens: await accounts.listTokens(ctx.staff!.tenantId, member.id, now()) };
    },
  );

  defineRoute(
    app,
    {
      method: 'PUT',
      url: '/api/v1/staff/members/:memberId',
      operationId: 'updateStaffMember',
      summary:
        'Replace a member’s name, role, department and contact (admin). Their tokens act as the new role at once. ' +
        'An administrator cannot change their own role.',
      tags: ['admin'],
      access: ['admin'],
      body: StaffMemberInputSchema,
      responses: {
        200: { description: 'The member', schema: StaffMemberSchema },
        403: { description: 'Changing your own role', schema: errorSchema },
        404: { description: 'No such member', schema: errorSchema },
        422: { description: 'Invalid member', schema: errorSchema },
      },
    },
    async (request, _reply, ctx) => {
      const staff = ctx.staff!;
      const member = await requireMember(ctx, request);
      const fields = await memberFields(staff.tenantId, request.body);
      if (member.id === staff.memberId && fields.role !== member.role) {
        throw new ApiError('forbidden', { messageKey: 'server.own_account' });
      }
      const updated = await accounts.updateMember(staff.tenantId, member.id, fields, auditActor(staff), now());
      if (!updated) throw new ApiError('not_found');
      return updated;
    },
  );

  for (const disabled of [true, false]) {
    defineRoute(
      app,
      {
        method: 'POST',
        url: `/api/v1/staff/members/:memberId/${disabled ? 'disable' : 'enable'}`,
        operationId: disabled ? 'disableStaffMember' : 'enableStaffMember',
        summary: disabled
          ? 'Disable a member (admin): every token of theirs stops working at once and is revoked. ' +
            'Optional `{ reason }` for the audit log. An administrator cannot disable themselves.'
          : 'Enable a disabled member again (admin). Their old tokens stay revoked: issue new ones.',
        tags: ['admin'],
        access: ['admin'],
        idempotency: 'honoured',
        ...(disabled ? { body: DisableSchema } : {}),
        responses: {
          200: { description: 'The member', schema: StaffMemberSchema },
          403: { description: 'Disabling yourself', schema: errorSchema },
          404: { description: 'No such member', schema: errorSchema },
        },
      },
      async (request, reply, ctx) =>
        keyed(request, reply, ctx, async () => {
          const staff = ctx.staff!;
          const member = await requireMember(ctx, request);
          const { reason } = disabled ? parseWith(DisableSchema, request.body ?? {}) : { reason: undefined };
          if (disabled && member.id === staff.memberId) {
            throw new ApiError('forbidden', { messageKey: 'server.own_account' });
          }
          const actor = auditActor(staff);
          return async (tx) => {
            const changed = await accounts.setDisabled(staff.tenantId, member.id, disabled, actor, now(), reason, tx);
            if (!changed) throw new ApiError('not_found');
            return { status: 200, body: changed };
          };
        }),
    );
  }

  defineRoute(
    app,
    {
      method: 'POST',
      url: '/api/v1/staff/members/:memberId/tokens',
      operationId: 'issueStaffToken',
      summary:
        `Issue a bearer token for a member (admin): \`{ label?, expiresInDays? }\` (1–365, default ${DEFAULT_STAFF_TOKEN_DAYS}). ` +
        'The token is answered this once; only its sha256 is stored. A disabled member gets none.',
      tags: ['admin'],
      access: ['admin'],
      idempotency: 'honoured',
      body: IssueStaffTokenSchema,
      responses: {
        201: { description: 'The token (shown once) and its listing', schema: IssuedStaffTokenSchema },
        404: { description: 'No such member', schema: errorSchema },
        409: { description: 'The member is disabled', schema: errorSchema },
        422: { description: 'Invalid label or expiry', schema: errorSchema },
      },
    },
    async (request, reply, ctx) =>
      keyed(
        request,
        reply,
        ctx,
        async () => {
          const staff = ctx.staff!;
          const member = await requireMember(ctx, request);
          const input = parseWith(IssueStaffTokenSchema, request.body ?? {});
          if (member.disabledAt) throw new ApiError('transition_rejected', { messageKey: 'server.member_disabled' });
          const at = now();
          const days = input.expiresInDays ?? DEFAULT_STAFF_TOKEN_DAYS;
          return async (tx) => {
            const issued = await accounts.issueToken(
              staff.tenantId,
              member.id,
              { ...(input.label ? { label: input.label } : {}), expiresAt: new Date(at.getTime() + days * DAY_MS) },
              auditActor(staff),
              at,
              tx,
            );
            return { status: 201, body: issued };
          };
        },
        true,
      ),
  );

  defineRoute(
    app,
    {
      method: 'POST',
      url: '/api/v1/staff/members/:memberId/tokens/:tokenId/revoke',
      operationId: 'revokeStaffToken',
      summary: 'Revoke one token of a member (admin): it stops working at once. Revoking twice changes nothing.',
      tags: ['admin'],
      access: ['admin'],
      idempotency: 'honoured',
      responses: {
        200: { description: 'The token listing, revoked', schema: StaffTokenSchema },
        404: { description: 'No such member or token', schema: errorSchema },
      },
    },
    async (request, reply, ctx) =>
      keyed(request, reply, ctx, async () => {
        const staff = ctx.staff!;
        const member = await requireMember(ctx, request);
        const { tokenId } = request.params as { tokenId: string };
        return async (tx) => {
          const revoked = await accounts.revokeToken(staff.tenantId, member.id, tokenId, auditActor(staff), now(), tx);
          if (!revoked) throw new ApiError('not_found');
          return { status: 200, body: revoked };
        };
      }),
  );

  defineRoute(
    app,
    {
      method: 'GET',
      url: '/api/v1/staff/audit',
      operationId: 'listStaffAudit',
      summary: 'The staff account audit log, newest first (admin): who changed which account or token, and when.',
      tags: ['admin'],
      access: ['admin'],
      query: {
        schema: AuditQuerySchema,
        descriptions: {
          member: 'Only entries about this member id',
          cursor: 'nextCursor of the previous page',
          limit: '1–200, default 50',
        },
      },
      responses: {
        200: { description: 'A page of the log', schema: AuditPageSchema },
        400: { description: 'Unknown query parameter', schema: errorSchema },
      },
    },
    async (request, _reply, ctx) => {
      const query = parseQuery(AuditQuerySchema, request.query);
      const limit = query.limit as number;
      const items = await accounts.audit(ctx.staff!.tenantId, {
        ...(query.member ? { memberId: query.member } : {}),
        ...(query.cursor ? { before: Number(query.cursor) } : {}),
        limit,
      });
      return { items, nextCursor: items.length === limit ? String(items.at(-1)!.id) : null };
    },
  );
}
