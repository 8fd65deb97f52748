import * as v from 'valibot';
import { STAFF_ROLES } from '../workflow/roles.js';
import { InstantSchema, PhoneSchema, SlugSchema, text } from './common.js';

/*
 * Staff accounts (the centre desk signs in with these): what an administrator sends to create or
 * change a member and to issue a token, and the views the server answers. Requests are strict: an
 * unknown field (a misspelt `departmentId`) is refused rather than dropped. A member's tokens act as
 * the member's current role and department; disabling the member stops every token at once.
 */

export const StaffRoleSchema = v.picklist(STAFF_ROLES, 'validation.choice');

/** How to reach a staff member (shown to other staff, never to residents). */
export const StaffContactSchema = v.strictObject(
  {
    phone: v.optional(PhoneSchema),
    email: v.optional(
      v.pipe(
        v.string('validation.type'),
        v.trim(),
        v.maxLength(200, 'validation.too_long'),
        v.email('validation.type'),
      ),
    ),
  },
  'validation.type',
);
export type StaffContact = v.InferOutput<typeof StaffContactSchema>;

/**
 * A member as an administrator creates or replaces it. `departmentId` is required for department
 * handlers and refused for every other role; the server also checks it is one of the tenant's.
 */
export const StaffMemberInputSchema = v.pipe(
  v.strictObject(
    {
      name: text(1, 100),
      role: StaffRoleSchema,
      departmentId: v.optional(SlugSchema),
      contact: v.optional(StaffContactSchema),
    },
    'validation.type',
  ),
  v.forward(
    v.check((m) => m.role !== 'department_handler' || m.departmentId !== undefined, 'validation.required'),
    ['departmentId'],
  ),
  v.forward(
    v.check((m) => m.role === 'department_handler' || m.departmentId === undefined, 'validation.invalid'),
    ['departmentId'],
  ),
);
export type StaffMemberInput = v.InferInput<typeof StaffMemberInputSchema>;

/** Longest a token may live; the default is {@link DEFAULT_STAFF_TOKEN_DAYS}. */
export const MAX_STAFF_TOKEN_DAYS = 365;
export const DEFAULT_STAFF_TOKEN_DAYS = 90;

export const IssueStaffTokenSchema = v.strictObject(
  {
    /** Which device or integration will hold it (shown in the token list). */
    label: v.optional(text(1, 100)),
    expiresInDays: v.optional(
      v.pipe(
        v.number('validation.number'),
        v.integer('validation.number'),
        v.minValue(1, 'validation.min_value'),
        v.maxValue(MAX_STAFF_TOKEN_DAYS, 'validation.max_value'),
      ),
    ),
  },
  'validation.type',
);
export type IssueStaffTokenInput = v.InferInput<typeof IssueStaffTokenSchema>;

/** A staff member as the admin routes answer it. */
export const StaffMemberSchema = v.strictObject({
  id: v.string(),
  tenantId: v.string(),
  name: v.string(),
  role: StaffRoleSchema,
  departmentId: v.optional(v.string()),
  contact: v.optional(v.strictObject({ phone: v.optional(v.string()), email: v.optional(v.string()) })),
  createdAt: InstantSchema,
  updatedAt: InstantSchema,
  disabledAt: v.optional(InstantSchema),
});
export type StaffMember = v.InferOutput<typeof StaffMemberSchema>;

export const STAFF_TOKEN_STATUSES = ['active', 'expired', 'revoked'] as const;

/** A token as listed: never the token itself or its hash. */
export const StaffTokenSchema = v.strictObject({
  id: v.string(),
  memberId: v.string(),
  label: v.string(),
  createdAt: InstantSchema,
  expiresAt: v.optional(InstantSchema),
  lastUsedAt: v.optional(InstantSchema),
  revokedAt: v.optional(InstantSchema),
  status: v.picklist(STAFF_TOKEN_STATUSES),
});
export type StaffToken = v.InferOutput<typeof StaffTokenSchema>;

/** The answer to issuing a token: the bearer token, shown this once, and its listing. */
export const IssuedStaffTokenSchema = v.strictObject({
  token: v.pipe(v.string(), v.startsWith('jfs_')),
  info: StaffTokenSchema,
});
export type IssuedStaffToken = v.InferOutput<typeof IssuedStaffTokenSchema>;

/** One member with their tokens (the member detail). */
export const StaffMemberDetailSchema = v.strictObject({
  member: StaffMemberSchema,
  tokens: v.array(StaffTokenSchema),
});
export type StaffMemberDetail = v.InferOutput<typeof StaffMemberDetailSchema>;

export const STAFF_AUDIT_ACTIONS = [
  'member.created',
  'member.updated',
  'member.disabled',
  'member.enabled',
  'token.issued',
  'token.revoked',
] as const;
export type StaffAuditAction = (typeof STAFF_AUDIT_ACTIONS)[number];

/** Who made an account change: a signed-in administrator, or the server itself (seeding, migrations). */
export const StaffAuditActorSchema = v.variant('kind', [
  v.strictObject({
    kind: v.literal('staff'),
    memberId: v.string(),
    tokenId: v.string(),
    name: v.string(),
    role: StaffRoleSchema,
  }),
  v.strictObject({ kind: v.literal('system'), reason: v.string() }),
]);
export type StaffAuditActor = v.InferOutput<typeof StaffAuditActorSchema>;

/** One line of the account audit log: who, what, when, and what changed (never a secret). */
export const StaffAuditEntrySchema = v.strictObject({
  id: v.number(),
  at: InstantSchema,
  actor: StaffAuditActorSchema,
  action: v.picklist(STAFF_AUDIT_ACTIONS),
  memberId: v.optional(v.string()),
  tokenId: v.optional(v.string()),
  details: v.record(v.string(), v.unknown()),
});
export type StaffAuditEntry = v.InferOutput<typeof StaffAuditEntrySchema>;

/** Who a token belongs to: what `GET /staff/me` answers, so a desk can show who is signed in. */
export const StaffSessionSchema = v.strictObject({
  member: StaffMemberSchema,
  token: StaffTokenSchema,
});
export type StaffSession = v.InferOutput<typeof StaffSessionSchema>;
