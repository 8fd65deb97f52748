import type { Generated } from 'kysely';

/**
 * Table types shared by both engines. Times are ISO-8601 UTC strings (`toISOString()`), which sort
 * correctly as text in SQLite and PostgreSQL alike; JSON is stored as text; booleans as 0/1. Keeping
 * one representation lets one query layer serve both engines without dialect branches.
 */
export interface TenantsTable {
  id: string;
  config: string;
  /** JSON array of origins allowed to call this tenant's routes from a browser (the portals). */
  allowed_origins: string;
  updated_at: string;
}

export interface CasesTable {
  case_number: string;
  tenant_id: string;
  /** `persistCase(snapshot)` as JSON. */
  snapshot: string;
  access_code_hash: string;
  tracking_token_hash: string;
  // Denormalised from caseSummary() so queues filter without restoring snapshots.
  state: string;
  stage: string;
  level: string | null;
  risk_level: string | null;
  /** `,dep-a,dep-b,` so a department filter is a LIKE on one column in both engines. */
  department_ids: string;
  overdue: number;
  /** 1 while a deadline is urged (催办) and none escalated; see `CaseSummary.urged`. */
  urged: number;
  /** 1 while the case is escalated to the supervisor (督办). */
  escalated: number;
  next_due_at: string | null;
  filed_at: string;
  updated_at: string;
  /** Sequence number and hash of the last event: the chain's head, so a truncated tail is detected. */
  last_seq: number;
  head_hash: string;
}

/** The append-only, hash-chained trail of a case or a consultation (全程留痕). */
export interface EventsTable {
  /** A case number (JF-…) or a consultation number (JC-…). */
  stream_id: string;
  seq: number;
  type: string;
  actor: string;
  at: string;
  visibility: string;
  data: string;
  prev_hash: string;
  hash: string;
}

export interface ConsultationsTable {
  consultation_number: string;
  tenant_id: string;
  snapshot: string;
  access_code_hash: string;
  tracking_token_hash: string;
  status: string;
  filed_at: string;
  updated_at: string;
  last_seq: number;
  head_hash: string;
}

export interface IdempotencyKeysTable {
  scope: string;
  idempotency_key: string;
  request_hash: string;
  /** 'in_flight' while the first request runs, then 'done'. */
  status: string;
  response_status: number | null;
  response_body: string | null;
  /** 1 while the stored response still holds a one-time secret (access code); redacted after a day. */
  holds_secret: number;
  created_at: string;
  expires_at: string;
}

/** A staff account. Its role and department are what its tokens act as; disabling it stops them all. */
export interface StaffMembersTable {
  id: string;
  tenant_id: string;
  name: string;
  role: string;
  /** Department handlers only: the department they act for. */
  department_id: string | null;
  /** JSON `{ phone?, email? }`, or null. */
  contact: string | null;
  created_at: string;
  updated_at: string;
  disabled_at: string | null;
}

export interface StaffTokensTable {
  id: string;
  /** sha256 of the token: tokens are 256-bit random, so a fast hash is enough (see security/credentials.ts). */
  token_hash: string;
  /** The member the token belongs to; the member's current role and department apply. */
  member_id: string | null;
  tenant_id: string;
  /** Copies of the member's role and department at issue (kept for tokens from before accounts). */
  role: string;
  department_id: string | null;
  /** A label for the token (which device or integration holds it). */
  name: string;
  created_at: string;
  /** Null only for tokens issued from code (the test harness, demo seeding); the admin route always sets one. */
  expires_at: string | null;
  /** Updated at most once a minute, so authentication stays a read. */
  last_used_at: string | null;
  revoked_at: string | null;
}

/** Who changed which staff account, and how (全程留痕 for accounts). Append-only. */
export interface StaffAuditTable {
  id: Generated<number>;
  tenant_id: string;
  at: string;
  /** JSON `{ memberId?, tokenId?, name, role }` of who made the change, or `{ system: true }`. */
  actor: string;
  action: string;
  member_id: string | null;
  token_id: string | null;
  /** JSON: what changed (before/after fields, token expiry …); never a token or its hash. */
  details: string;
}

export interface WebhooksTable {
  id: string;
  tenant_id: string;
  url: string;
  secret: string;
  active: number;
  created_at: string;
}

export interface WebhookDeliveriesTable {
  id: Generated<number>;
  webhook_id: string;
  stream_id: string;
  seq: number;
  event_type: string;
  payload: string;
  status: string;
  attempts: number;
  next_attempt_at: string;
  last_status_code: number | null;
  last_error: string | null;
  created_at: string;
  delivered_at: string | null;
}

export interface UploadsTable {
  id: string;
  tenant_id: string;
  name: string;
  media_type: string;
  size: number;
  sha256: string;
  /** The bytes live in the database so server processes stay stateless behind a load balancer. */
  content: Buffer;
  created_at: string;
}

/** Shared rate-limit counters (`rateLimit.store: 'database'`): one row per hashed key and window. */
export interface RateLimitWindowsTable {
  /** sha256 of the limit's scope and key, truncated: never a client address, case number or token in clear. */
  key: string;
  /** Epoch milliseconds, a multiple of the window length: a number compares the same on both engines. */
  window_start: number;
  count: number;
}

export interface Database {
  tenants: TenantsTable;
  cases: CasesTable;
  events: EventsTable;
  consultations: ConsultationsTable;
  idempotency_keys: IdempotencyKeysTable;
  staff_tokens: StaffTokensTable;
  staff_members: StaffMembersTable;
  staff_audit: StaffAuditTable;
  webhooks: WebhooksTable;
  webhook_deliveries: WebhookDeliveriesTable;
  uploads: UploadsTable;
  rate_limit_windows: RateLimitWindowsTable;
}
