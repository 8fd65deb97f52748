import type {
  AttachmentMeta,
  CaseChainVerification,
  CaseCommand,
  CaseFilingInput,
  CaseSummary,
  ConsultationCommand,
  ConsultationRequestInput,
  ConsultationSummary,
  CreatedWebhook,
  IssuedStaffToken,
  IssueStaffTokenInput,
  ResidentCaseCommand,
  ResidentCaseView,
  ResidentConsultationCommand,
  ResidentConsultationView,
  StaffAuditEntry,
  StaffCaseDetail,
  StaffConsultationDetail,
  StaffMember,
  StaffMemberDetail,
  StaffMemberInput,
  StaffRole,
  StaffSession,
  StaffToken,
  TenantConfig,
  WebhookDelivery,
  WebhookSubscription,
} from '@jiefen/core';

// The views and the resident's commands are the core's (the one source of contract facts).
export type {
  ResidentCaseCommand,
  ResidentConsultationCommand,
  StaffCaseDetail,
  StaffConsultationDetail,
} from '@jiefen/core';

/**
 * How a resident proves a case (or consultation) is theirs: the number plus the access code shown
 * once at filing, or the tracking token from a link. Backends send these in headers, never in URLs.
 */
export type CaseAccess = { caseNumber: string; accessCode: string } | { caseNumber?: string; trackingToken: string };
export type ConsultationAccess =
  | { consultationNumber: string; accessCode: string }
  | { consultationNumber?: string; trackingToken: string };

/** What the backend gives back when it accepts a filing. The access code is shown to the resident once. */
export interface CaseReceipt {
  caseNumber: string;
  accessCode: string;
  trackingToken: string;
  case: ResidentCaseView;
}

export interface ConsultationReceipt {
  consultationNumber: string;
  accessCode: string;
  trackingToken: string;
  consultation: ResidentConsultationView;
}

/** Per-call options every backend method accepts. */
export interface CallOptions {
  signal?: AbortSignal;
  /**
   * Same key, same request: the backend must do the work at most once and answer a repeat with the
   * first answer. Required on filings; the outbox always sets one.
   */
  idempotencyKey?: string;
  /**
   * Which attempt this is (1 = first). Backends without idempotency keys use it to look for an
   * earlier attempt the server may have committed before posting again.
   */
  attempt?: number;
}

/** A file to upload: a Blob (or File) plus its name. */
export interface UploadFile {
  blob: Blob;
  name: string;
}

/** How far an upload has got: bytes sent of bytes in the request. */
export interface UploadProgress {
  loaded: number;
  total: number;
}

/** `uploadAttachment` options: a call's options plus a progress callback (backends may not call it). */
export interface UploadOptions extends CallOptions {
  onProgress?: (progress: UploadProgress) => void;
}

/** Staff queue filters (all optional, combined with AND). */
export interface StaffCaseFilters {
  stage?: string;
  level?: string;
  department?: string;
  risk?: string;
  /** Urged, escalated or past a deadline. */
  overdue?: boolean;
  /** 催办: urged and not (yet) escalated. */
  urged?: boolean;
  /** 督办: escalated to the supervisor. */
  escalated?: boolean;
  cursor?: string;
  limit?: number;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Filters of the staff member list (admin). */
export interface StaffMemberFilters {
  role?: StaffRole;
  department?: string;
  includeDisabled?: boolean;
}

/**
 * Centre-console operations. Every call is made with the staff credential configured on the backend.
 * The account operations (members, tokens, audit) need an administrator's credential and a backend
 * with `capabilities.staffAccounts`.
 */
export interface StaffOperations {
  listCases(filters?: StaffCaseFilters, options?: CallOptions): Promise<Page<CaseSummary>>;
  getCase(caseNumber: string, options?: CallOptions): Promise<StaffCaseDetail>;
  /** Send a statechart event (`intake.accept`, `routing.route` …) as the credential's role. */
  transition(caseNumber: string, command: CaseCommand, options?: CallOptions): Promise<StaffCaseDetail>;
  listConsultations(filters?: { status?: string }, options?: CallOptions): Promise<Page<ConsultationSummary>>;
  getConsultation(consultationNumber: string, options?: CallOptions): Promise<StaffConsultationDetail>;
  transitionConsultation(
    consultationNumber: string,
    command: ConsultationCommand,
    options?: CallOptions,
  ): Promise<StaffConsultationDetail>;

  /** Who the configured credential belongs to (name, role, department) and its token's expiry. */
  me(options?: CallOptions): Promise<StaffSession>;
  listMembers(filters?: StaffMemberFilters, options?: CallOptions): Promise<{ items: StaffMember[] }>;
  /** Create a member; handlers need a `departmentId` the tenant has. Then `issueToken`. */
  createMember(member: StaffMemberInput, options?: CallOptions): Promise<StaffMember>;
  /** A member with their tokens (label, expiry, last use, status; never the token itself). */
  getMember(memberId: string, options?: CallOptions): Promise<StaffMemberDetail>;
  /** Replace name, role, department and contact; the member's tokens act as the new role at once. */
  updateMember(memberId: string, member: StaffMemberInput, options?: CallOptions): Promise<StaffMember>;
  /** Disable a member: every token of theirs stops working and is revoked. */
  disableMember(memberId: string, reason?: string, options?: CallOptions): Promise<StaffMember>;
  enableMember(memberId: string, options?: CallOptions): Promise<StaffMember>;
  /** Issue a token (`expiresInDays` 1–365, default 90). The token is in the answer this once only. */
  issueToken(memberId: string, input?: IssueStaffTokenInput, options?: CallOptions): Promise<IssuedStaffToken>;
  revokeToken(memberId: string, tokenId: string, options?: CallOptions): Promise<StaffToken>;
  /** The account audit log, newest first. */
  auditLog(
    filters?: { member?: string; cursor?: string; limit?: number },
    options?: CallOptions,
  ): Promise<Page<StaffAuditEntry>>;

  /** Recompute a case's hash chain (全程留痕): `{ valid, length, brokenAt? }`. Supervisors and administrators. */
  verifyCase(caseNumber: string, options?: CallOptions): Promise<CaseChainVerification>;
  /** Webhook subscriptions of the tenant (admin). */
  listWebhooks(options?: CallOptions): Promise<{ items: WebhookSubscription[] }>;
  /** Subscribe a URL to every case and consultation event (admin); the signing secret is in this answer only. */
  createWebhook(url: string, options?: CallOptions): Promise<CreatedWebhook>;
  /** A subscription's delivery log, newest first (admin). */
  listWebhookDeliveries(webhookId: string, options?: CallOptions): Promise<{ items: WebhookDelivery[] }>;
}

/** One update of a watched case. `id` lets a reconnecting stream resume (SSE `Last-Event-ID`). */
export interface CaseUpdate {
  id?: string;
  view: ResidentCaseView;
}

/** One update of a watched consultation (staff assigned, scheduled, answered it …). */
export interface ConsultationUpdate {
  id?: string;
  view: ResidentConsultationView;
}

/**
 * What the backend can do. Widgets hide what is off; the SDK throws `JiefenUnsupportedError` if it is
 * called anyway. Data a backend cannot store as such (parties on Open311) is folded into free text.
 */
export interface BackendCapabilities {
  /** Other parties stored as structured data. */
  parties: boolean;
  /** Mediation, routing and the rest of the closed loop are visible to the resident. */
  mediation: boolean;
  consultations: boolean;
  /** File uploads (attachments at filing, evidence later). */
  uploads: boolean;
  supplyInformation: boolean;
  rating: boolean;
  reopen: boolean;
  withdraw: boolean;
  /** Tracking by token from a link. */
  trackingTokens: boolean;
  /**
   * Pushes updates of cases (`streamCase`) and, where it has consultations, of consultations
   * (`streamConsultation`), by server-sent events or local notifications; otherwise the SDK polls.
   */
  liveUpdates: boolean;
  staff: boolean;
  /** Staff accounts: members, their tokens and the audit log (`staff.createMember` …). */
  staffAccounts: boolean;
  /** Honours idempotency keys, so the outbox can retry without duplicates. */
  idempotency: boolean;
}

/** Everything Jiefen does: what the Jiefen REST API and the local backend offer; others switch parts off. */
export const FULL_CAPABILITIES: Readonly<BackendCapabilities> = {
  parties: true,
  mediation: true,
  consultations: true,
  uploads: true,
  supplyInformation: true,
  rating: true,
  reopen: true,
  withdraw: true,
  trackingTokens: true,
  liveUpdates: true,
  staff: true,
  staffAccounts: true,
  idempotency: true,
};

/**
 * The interface every backend implements, and the one to implement for a township's own backend.
 *
 * Rules a backend must follow so widgets, the outbox and the actors behave the same everywhere:
 * - throw SDK errors (`JiefenNotFoundError`, `JiefenValidationError` with dot-path issues,
 *   `JiefenConflictError` …) so callers can tell retryable failures (`isRetryable`) from final ones;
 * - honour `idempotencyKey` on `fileCase` and `requestConsultation`: a repeat returns the first receipt;
 * - answer `getCase` with an unknown number or a wrong code with `JiefenNotFoundError` (never say which);
 * - throw `JiefenUnsupportedError` for what `capabilities` says is off.
 */
export interface JiefenBackend {
  /** A short name for messages and logs: `rest`, `open311`, `local`, or your own. */
  readonly kind: string;
  readonly capabilities: BackendCapabilities;

  getTenantConfig(options?: CallOptions): Promise<TenantConfig>;

  fileCase(filing: CaseFilingInput, options: CallOptions & { idempotencyKey: string }): Promise<CaseReceipt>;
  getCase(access: CaseAccess, options?: CallOptions): Promise<ResidentCaseView>;
  sendCaseAction(access: CaseAccess, command: ResidentCaseCommand, options?: CallOptions): Promise<ResidentCaseView>;
  uploadAttachment(file: UploadFile, options?: UploadOptions): Promise<AttachmentMeta>;
  /**
   * Optional push channel. Yields updates until the signal aborts or the stream ends; may throw.
   * `watchCase` in the SDK reconnects with the last id and falls back to polling `getCase`.
   */
  streamCase?(access: CaseAccess, lastEventId: string | undefined, signal: AbortSignal): AsyncIterable<CaseUpdate>;

  requestConsultation(
    request: ConsultationRequestInput,
    options: CallOptions & { idempotencyKey: string },
  ): Promise<ConsultationReceipt>;
  getConsultation(access: ConsultationAccess, options?: CallOptions): Promise<ResidentConsultationView>;
  sendConsultationAction(
    access: ConsultationAccess,
    command: ResidentConsultationCommand,
    options?: CallOptions,
  ): Promise<ResidentConsultationView>;
  /**
   * Optional push channel for one consultation, as `streamCase` is for a case; `watchConsultation`
   * reconnects and falls back to polling `getConsultation`. A backend with `liveUpdates` and
   * `consultations` must have it.
   */
  streamConsultation?(
    access: ConsultationAccess,
    lastEventId: string | undefined,
    signal: AbortSignal,
  ): AsyncIterable<ConsultationUpdate>;

  /** Present when the backend was given a staff credential (or, for `local`, always). */
  readonly staff?: StaffOperations;

  /** Release timers, connections, databases. */
  close?(): Promise<void>;
}
