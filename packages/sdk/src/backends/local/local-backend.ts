import {
  type AdvanceResult,
  advanceCase,
  advanceConsultation,
  type CaseCommand,
  type CaseRejection,
  CaseRestoreError,
  type ConsultationCommand,
  type ConsultationRejection,
  calendarDay,
  caseSummary,
  consultationResidentView,
  consultationSummary,
  DEFAULT_TIME_ZONE,
  type FieldIssue,
  nextDeadline,
  openCase,
  openConsultation,
  type PersistedCase,
  persistCase,
  persistConsultation,
  type ResidentCaseView,
  type ResidentConsultationView,
  residentView,
  restoreConsultation,
  restoreCase as restoreStoredCase,
  staffCaseDetail,
  staffConsultationDetail,
  type TenantConfig,
  type TimelineEntry,
  validateCaseFiling,
  validateConsultationRequest,
  type WorkflowActor,
} from '@jiefen/core';
import {
  JiefenConflictError,
  JiefenForbiddenError,
  JiefenHttpError,
  JiefenNotFoundError,
  JiefenStorageError,
  JiefenUnsupportedError,
  JiefenValidationError,
} from '../../errors.js';

/**
 * A case as stored on this device. A snapshot the core cannot restore (damaged, or written by a newer
 * version) is a storage failure here, not a network one: retrying cannot repair it, so the outbox
 * marks the action rejected instead of retrying it forever.
 */
function restoreCase(persisted: Parameters<typeof restoreStoredCase>[0]): ReturnType<typeof restoreStoredCase> {
  try {
    return restoreStoredCase(persisted);
  } catch (error) {
    if (error instanceof CaseRestoreError)
      throw new JiefenStorageError(`The stored case cannot be read (${error.code})`, error);
    throw error;
  }
}

import { idbStores, type KeyValueStore, memoryStores } from '../../offline/storage.js';
import {
  type BackendCapabilities,
  type CaseAccess,
  type ConsultationAccess,
  FULL_CAPABILITIES,
  type JiefenBackend,
  type Page,
  type ResidentCaseCommand,
  type ResidentConsultationCommand,
  type StaffCaseFilters,
  type StaffOperations,
  type UploadFile,
} from '../backend.js';
import { newAccessCode, newCaseNumber, newTrackingToken } from './identifiers.js';

const LOCAL_STORES = ['cases', 'consultations', 'tokens', 'idempotency', 'uploads'] as const;
export type LocalStores = Record<(typeof LOCAL_STORES)[number], KeyValueStore<unknown>>;

export interface LocalBackendOptions {
  /** The township's configuration. Default: the demo tenant `qingshan` from `@jiefen/core/demo`. */
  tenant?: TenantConfig | (() => Promise<TenantConfig>);
  /** Where cases live. Default: IndexedDB database `jiefen-local` (memory where there is no IndexedDB). */
  stores?: LocalStores;
  /** Database name for the default IndexedDB stores. */
  databaseName?: string;
  /** The clock, as ISO instants (time is data: tests and Storybook move it). */
  now?: () => string;
  /** Time zone for case-number dates and "not in the future" checks. Default Asia/Shanghai. */
  timeZone?: string;
  /** Who the `staff` operations act as. Default: a coordinator. Use `staffAs()` for other roles. */
  staffActor?: WorkflowActor;
}

interface StoredCase {
  caseNumber: string;
  accessCode: string;
  trackingToken: string;
  persisted: PersistedCase;
  timeline: TimelineEntry[];
  seq: number;
}

interface StoredConsultation {
  consultationNumber: string;
  accessCode: string;
  trackingToken: string;
  persisted: unknown;
  timeline: TimelineEntry[];
}

interface StoredIdempotency {
  body: string;
  /** The first answer: a receipt, or the view after a resident action. */
  receipt: unknown;
}

const RESIDENT: WorkflowActor = { role: 'resident' };
const SYSTEM: WorkflowActor = { role: 'system' };

/** Everything on this device: the core statechart runs here. For trying widgets, Storybook and kiosks. */
export interface LocalBackend extends JiefenBackend {
  readonly kind: 'local';
  readonly staff: StaffOperations;
  /** Staff operations acting as another role (a department handler, the supervisor). */
  staffAs(actor: WorkflowActor): StaffOperations;
  /** Run the scheduler once: deadlines due by `now()` fire (`clock.tick`). */
  tick(): Promise<void>;
}

export function createLocalBackend(options: LocalBackendOptions = {}): LocalBackend {
  const stores: LocalStores =
    options.stores ??
    (typeof indexedDB === 'undefined'
      ? memoryStores(LOCAL_STORES)
      : idbStores(options.databaseName ?? 'jiefen-local', LOCAL_STORES));
  const now = options.now ?? (() => new Date().toISOString());
  const timeZone = options.timeZone ?? DEFAULT_TIME_ZONE;
  let tenant: Promise<TenantConfig> | undefined;
  /** The configuration once loaded: resident views name the called departments from it. */
  let named: TenantConfig | undefined;
  const config = () => {
    tenant ??= (async () => {
      if (typeof options.tenant === 'function') return options.tenant();
      if (options.tenant) return options.tenant;
      const demo = await import('@jiefen/core/demo');
      return demo.qingshanTenant;
    })().then((loaded) => (named = loaded));
    return tenant;
  };

  // Live updates in this page, by `case:<number>` or `consultation:<number>`; ids only ever grow.
  type LocalUpdate = { id: string; view: unknown };
  const listeners = new Map<string, Set<(update: LocalUpdate) => void>>();
  const publish = (key: string, update: LocalUpdate) => {
    for (const listener of listeners.get(key) ?? []) listener(update);
  };
  const notify = (stored: StoredCase, view: ResidentCaseView) =>
    publish(`case:${stored.caseNumber}`, { id: String(stored.seq), view });

  /** Updates of one record from now on, starting with what it is now (read after listening, so none is missed). */
  async function* follow<V>(key: string, read: () => Promise<{ id: string; view: V }>, signal: AbortSignal) {
    const queue: LocalUpdate[] = [];
    let wake: (() => void) | undefined;
    const listener = (update: LocalUpdate) => {
      queue.push(update);
      wake?.();
    };
    const set = listeners.get(key) ?? new Set();
    set.add(listener);
    listeners.set(key, set);
    queue.unshift(await read());
    let lastSeq = -1;
    const onAbort = () => wake?.();
    signal.addEventListener('abort', onAbort);
    try {
      while (!signal.aborted) {
        const next = queue.shift();
        if (next) {
          // Updates that arrived during the read are older than (or the same as) what it saw.
          if (Number(next.id) <= lastSeq) continue;
          lastSeq = Number(next.id);
          yield next as { id: string; view: V };
          continue;
        }
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        wake = undefined;
      }
    } finally {
      set.delete(listener);
      signal.removeEventListener('abort', onAbort);
    }
  }

  // Serialize writes per key: two tabs' worth of calls in one page must not interleave read-modify-write.
  const locks = new Map<string, Promise<unknown>>();
  const withLock = <T>(key: string, work: () => Promise<T>): Promise<T> => {
    const previous = locks.get(key) ?? Promise.resolve();
    const run = previous.then(work, work);
    const settled = run.catch(() => undefined);
    locks.set(key, settled);
    void settled.then(() => {
      if (locks.get(key) === settled) locks.delete(key);
    });
    return run;
  };

  const idempotent = async <T>(scope: string, key: string, body: unknown, create: () => Promise<T>): Promise<T> =>
    withLock(`idem:${scope}:${key}`, async () => {
      const stored = (await stores.idempotency.get(`${scope}:${key}`)) as StoredIdempotency | undefined;
      const serialized = JSON.stringify(body);
      if (stored) {
        if (stored.body !== serialized) {
          throw new JiefenHttpError({ status: 422, code: 'idempotency_key_reused' });
        }
        return stored.receipt as T;
      }
      const receipt = await create();
      await stores.idempotency.set(`${scope}:${key}`, { body: serialized, receipt } satisfies StoredIdempotency);
      return receipt;
    });

  const loadCase = async (caseNumber: string): Promise<StoredCase> => {
    const stored = (await stores.cases.get(caseNumber)) as StoredCase | undefined;
    if (!stored) throw new JiefenNotFoundError();
    return stored;
  };

  const resolveCase = async (access: CaseAccess): Promise<StoredCase> => {
    await config();
    if ('accessCode' in access) {
      const stored = (await stores.cases.get(access.caseNumber)) as StoredCase | undefined;
      if (!stored || stored.accessCode !== access.accessCode) throw new JiefenNotFoundError();
      return stored;
    }
    const caseNumber = (await stores.tokens.get(`case:${access.trackingToken}`)) as string | undefined;
    if (!caseNumber || (access.caseNumber && access.caseNumber !== caseNumber)) throw new JiefenNotFoundError();
    return loadCase(caseNumber);
  };

  /** Apply a command under the case's lock, running due deadlines first. */
  const applyToCase = (
    caseNumber: string,
    command: unknown,
    actor: WorkflowActor,
  ): Promise<{ stored: StoredCase; result: AdvanceResult }> =>
    withLock(`case:${caseNumber}`, async () => {
      let stored = await loadCase(caseNumber);
      stored = await catchUp(stored);
      const snapshot = restoreCase(stored.persisted);
      // Departments a command names are checked against the tenant, as the server does.
      const result = advanceCase(snapshot, command, actor, now(), await config());
      if (result.ok && result.changed) {
        stored = {
          ...stored,
          persisted: persistCase(result.snapshot),
          timeline: [...stored.timeline, ...result.timeline],
          seq: stored.seq + 1,
        };
        await stores.cases.set(caseNumber, stored);
        notify(stored, residentView(result.snapshot, stored.timeline, named));
      }
      return { stored, result };
    });

  /** The local scheduler: fire deadlines that passed while nobody looked. */
  const catchUp = async (stored: StoredCase): Promise<StoredCase> => {
    let snapshot = restoreCase(stored.persisted);
    const due = nextDeadline(snapshot);
    if (!due || due > now()) return stored;
    const result = advanceCase(snapshot, { type: 'clock.tick' }, SYSTEM, now());
    if (!result.ok || !result.changed) return stored;
    snapshot = result.snapshot;
    const next: StoredCase = {
      ...stored,
      persisted: persistCase(snapshot),
      timeline: [...stored.timeline, ...result.timeline],
      seq: stored.seq + 1,
    };
    await stores.cases.set(stored.caseNumber, next);
    notify(next, residentView(snapshot, next.timeline, named));
    return next;
  };

  const viewOf = (stored: StoredCase) => residentView(restoreCase(stored.persisted), stored.timeline, named);

  const loadConsultation = async (number: string): Promise<StoredConsultation> => {
    const stored = (await stores.consultations.get(number)) as StoredConsultation | undefined;
    if (!stored) throw new JiefenNotFoundError();
    return stored;
  };

  const resolveConsultation = async (access: ConsultationAccess): Promise<StoredConsultation> => {
    if ('accessCode' in access) {
      const stored = (await stores.consultations.get(access.consultationNumber)) as StoredConsultation | undefined;
      if (!stored || stored.accessCode !== access.accessCode) throw new JiefenNotFoundError();
      return stored;
    }
    const number = (await stores.tokens.get(`consultation:${access.trackingToken}`)) as string | undefined;
    if (!number || (access.consultationNumber && access.consultationNumber !== number)) {
      throw new JiefenNotFoundError();
    }
    return loadConsultation(number);
  };

  const consultationView = (stored: StoredConsultation): ResidentConsultationView =>
    consultationResidentView(restoreConsultation(stored.persisted), stored.timeline);

  const applyToConsultation = (number: string, command: unknown, actor: WorkflowActor) =>
    withLock(`consultation:${number}`, async () => {
      let stored = await loadConsultation(number);
      const result = advanceConsultation(restoreConsultation(stored.persisted), command, actor, now());
      if (!result.ok) throw rejectionError(result.rejection);
      stored = {
        ...stored,
        persisted: persistConsultation(result.snapshot),
        timeline: [...stored.timeline, ...result.timeline],
      };
      await stores.consultations.set(number, stored);
      // A consultation's timeline grows with every change: its length is the update's id.
      publish(`consultation:${number}`, { id: String(stored.timeline.length), view: consultationView(stored) });
      return stored;
    });

  const staffAs = (actor: WorkflowActor): StaffOperations => {
    // The core builds the staff views, so they are the server's, field for field.
    const detail = (stored: StoredCase) =>
      staffCaseDetail(restoreCase(stored.persisted), stored.timeline, actor, now());
    const consultationDetail = (stored: StoredConsultation) =>
      staffConsultationDetail(restoreConsultation(stored.persisted), stored.timeline, actor);
    /*
     * Staff accounts need credentials to mean anything; here everything runs on one device and the
     * staff side acts as whoever `staffAs` names, so there is no account to create or token to
     * issue. `capabilities.staffAccounts` is false and these throw `JiefenUnsupportedError`.
     */
    const noAccounts = (operation: string) => () =>
      Promise.reject(new JiefenUnsupportedError('local', `staff.${operation}`));
    return {
      async listCases(filters: StaffCaseFilters = {}) {
        const all = (await stores.cases.entries()).map(([, value]) => value as StoredCase);
        const summaries = [];
        for (const stored of all) {
          const snapshot = restoreCase(stored.persisted);
          const summary = caseSummary(snapshot, now());
          if (actor.role === 'department_handler' && !summary.departmentIds.includes(actor.departmentId ?? ''))
            continue;
          if (filters.stage && summary.stage !== filters.stage) continue;
          if (filters.level && summary.level !== filters.level) continue;
          if (filters.risk && summary.riskLevel !== filters.risk) continue;
          if (filters.department && !summary.departmentIds.includes(filters.department)) continue;
          if (filters.overdue !== undefined && summary.overdue !== filters.overdue) continue;
          if (filters.urged !== undefined && summary.urged !== filters.urged) continue;
          if (filters.escalated !== undefined && summary.escalated !== filters.escalated) continue;
          summaries.push(summary);
        }
        summaries.sort((a, b) => b.filedAt.localeCompare(a.filedAt) || a.caseNumber.localeCompare(b.caseNumber));
        return page(summaries, filters);
      },
      async getCase(caseNumber) {
        return detail(await loadCase(caseNumber));
      },
      async transition(caseNumber, command: CaseCommand) {
        const { stored, result } = await applyToCase(caseNumber, command, actor);
        if (!result.ok) throw rejectionError(result.rejection);
        return detail(stored);
      },
      async listConsultations(filters: { status?: string } = {}) {
        const all = (await stores.consultations.entries()).map(([, value]) => value as StoredConsultation);
        const items = all
          .map((stored) => consultationSummary(restoreConsultation(stored.persisted)))
          .filter((s) => !filters.status || s.status === filters.status)
          .sort((a, b) => b.requestedAt.localeCompare(a.requestedAt));
        return { items, nextCursor: null };
      },
      async getConsultation(number) {
        return consultationDetail(await loadConsultation(number));
      },
      async transitionConsultation(number, command: ConsultationCommand) {
        return consultationDetail(await applyToConsultation(number, command, actor));
      },
      me: noAccounts('me'),
      listMembers: noAccounts('listMembers'),
      createMember: noAccounts('createMember'),
      getMember: noAccounts('getMember'),
      updateMember: noAccounts('updateMember'),
      disableMember: noAccounts('disableMember'),
      enableMember: noAccounts('enableMember'),
      issueToken: noAccounts('issueToken'),
      revokeToken: noAccounts('revokeToken'),
      auditLog: noAccounts('auditLog'),
      // One device keeps no hash-chained trail and posts to no one.
      verifyCase: noAccounts('verifyCase'),
      listWebhooks: noAccounts('listWebhooks'),
      createWebhook: noAccounts('createWebhook'),
      listWebhookDeliveries: noAccounts('listWebhookDeliveries'),
    };
  };

  const capabilities: BackendCapabilities = { ...FULL_CAPABILITIES, staffAccounts: false };

  return {
    kind: 'local',
    capabilities,
    staff: staffAs(options.staffActor ?? { role: 'coordinator', id: 'local-coordinator' }),
    staffAs,

    getTenantConfig: () => config(),

    async fileCase(filing, call) {
      return idempotent('case', call.idempotencyKey, filing, async () => {
        const tenantConfig = await config();
        const at = now();
        const checked = validateCaseFiling(filing, tenantConfig, calendarDay(at, timeZone));
        if (!checked.success) throw new JiefenValidationError(checked.issues, { status: 422 });
        const caseNumber = newCaseNumber('JF', calendarDay(at, timeZone));
        const opened = openCase({
          caseNumber,
          tenantId: tenantConfig.id,
          filing: checked.output,
          sla: tenantConfig.sla,
          publicSecurityDepartmentId: tenantConfig.publicSecurityDepartmentId,
          now: at,
        });
        const stored: StoredCase = {
          caseNumber,
          accessCode: newAccessCode(),
          trackingToken: newTrackingToken(),
          persisted: persistCase(opened.snapshot),
          timeline: opened.timeline,
          seq: 1,
        };
        await stores.cases.set(caseNumber, stored);
        await stores.tokens.set(`case:${stored.trackingToken}`, caseNumber);
        return {
          caseNumber,
          accessCode: stored.accessCode,
          trackingToken: stored.trackingToken,
          case: residentView(opened.snapshot, opened.timeline, named),
        };
      });
    },

    async getCase(access) {
      const stored = await resolveCase(access);
      return viewOf(
        await withLock(`case:${stored.caseNumber}`, async () => catchUp(await loadCase(stored.caseNumber))),
      );
    },

    async sendCaseAction(access, command: ResidentCaseCommand, o) {
      const stored = await resolveCase(access);
      // The core decides, as on the server: an unknown type is 422, a staff event 403 (a resident may never send it).
      const apply = async () => {
        const { stored: after, result } = await applyToCase(stored.caseNumber, command, RESIDENT);
        if (!result.ok) throw rejectionError(result.rejection);
        return viewOf(after);
      };
      // Like the server: a repeated key gets the first answer, so a retried action is applied once.
      return o?.idempotencyKey ? idempotent(`case:${stored.caseNumber}`, o.idempotencyKey, command, apply) : apply();
    },

    async uploadAttachment(file: UploadFile) {
      const bytes = new Uint8Array(await file.blob.arrayBuffer());
      const digest = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', bytes));
      const sha256 = Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
      const id = `att-${sha256.slice(0, 24)}`;
      const meta = {
        id,
        name: file.name,
        mediaType: file.blob.type || 'application/octet-stream',
        size: bytes.byteLength,
        sha256,
      };
      await stores.uploads.set(id, { meta, bytes });
      return meta;
    },

    async *streamCase(access, _lastEventId, signal) {
      const { caseNumber } = await resolveCase(access);
      yield* follow<ResidentCaseView>(
        `case:${caseNumber}`,
        async () => {
          const current = await loadCase(caseNumber);
          return { id: String(current.seq), view: viewOf(current) };
        },
        signal,
      );
    },

    async *streamConsultation(access, _lastEventId, signal) {
      const { consultationNumber } = await resolveConsultation(access);
      yield* follow<ResidentConsultationView>(
        `consultation:${consultationNumber}`,
        async () => {
          const current = await loadConsultation(consultationNumber);
          return { id: String(current.timeline.length), view: consultationView(current) };
        },
        signal,
      );
    },

    async requestConsultation(request, call) {
      return idempotent('consultation', call.idempotencyKey, request, async () => {
        const tenantConfig = await config();
        const checked = validateConsultationRequest(request, tenantConfig);
        if (!checked.success) throw new JiefenValidationError(checked.issues, { status: 422 });
        const at = now();
        const consultationNumber = newCaseNumber('JC', calendarDay(at, timeZone));
        const opened = openConsultation({
          consultationNumber,
          tenantId: tenantConfig.id,
          request: checked.output,
          now: at,
        });
        const stored: StoredConsultation = {
          consultationNumber,
          accessCode: newAccessCode(),
          trackingToken: newTrackingToken(),
          persisted: persistConsultation(opened.snapshot),
          timeline: opened.timeline,
        };
        await stores.consultations.set(consultationNumber, stored);
        await stores.tokens.set(`consultation:${stored.trackingToken}`, consultationNumber);
        return {
          consultationNumber,
          accessCode: stored.accessCode,
          trackingToken: stored.trackingToken,
          consultation: consultationResidentView(opened.snapshot, opened.timeline),
        };
      });
    },

    async getConsultation(access) {
      return consultationView(await resolveConsultation(access));
    },

    async sendConsultationAction(access, command: ResidentConsultationCommand, o) {
      const stored = await resolveConsultation(access);
      const apply = async () =>
        consultationView(await applyToConsultation(stored.consultationNumber, command, RESIDENT));
      return o?.idempotencyKey
        ? idempotent(`consultation:${stored.consultationNumber}`, o.idempotencyKey, command, apply)
        : apply();
    },

    async tick() {
      for (const [caseNumber] of await stores.cases.entries()) {
        await withLock(`case:${caseNumber}`, async () => catchUp(await loadCase(caseNumber)));
      }
    },
  };
}

function page<T>(items: T[], filters: { cursor?: string; limit?: number }): Page<T> {
  const start = filters.cursor ? Number.parseInt(filters.cursor, 10) || 0 : 0;
  const limit = Math.min(Math.max(filters.limit ?? 50, 1), 100);
  const slice = items.slice(start, start + limit);
  return { items: slice, nextCursor: start + limit < items.length ? String(start + limit) : null };
}

/** The same mapping the REST API uses, by the core's rejection kind: invalid → 422, forbidden → 403, conflict → 409. */
function rejectionError(rejection: CaseRejection | ConsultationRejection) {
  const details = { messageKey: rejection.messageKey, allowedEvents: [...rejection.allowedEvents] };
  if (rejection.kind === 'invalid') {
    return new JiefenValidationError(rejection.issues as FieldIssue[], { status: 422, code: 'validation_failed' });
  }
  if (rejection.kind === 'forbidden') {
    return new JiefenForbiddenError({ status: 403, code: 'forbidden', ...details });
  }
  return new JiefenConflictError({ code: 'transition_rejected', ...details });
}
