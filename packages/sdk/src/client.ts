import type {
  AttachmentMeta,
  CaseFilingInput,
  ConsultationRequestInput,
  FieldIssue,
  ResidentCaseView,
  ResidentConsultationView,
  TenantConfig,
} from '@jiefen/core';
import { attachmentLimitsOf, attachmentRefusal } from '@jiefen/core/forms';
import type {
  BackendCapabilities,
  CallOptions,
  CaseAccess,
  CaseReceipt,
  ConsultationAccess,
  ConsultationReceipt,
  JiefenBackend,
  ResidentCaseCommand,
  ResidentConsultationCommand,
  StaffOperations,
  UploadFile,
  UploadOptions,
} from './backends/backend.js';
import { isRetryable, JiefenUnsupportedError, JiefenValidationError } from './errors.js';
import {
  type CaseWatch,
  type ConsultationWatch,
  type WatchOptions,
  watchCase,
  watchConsultation,
} from './live/watch.js';
import { deviceSealer, type Sealer } from './offline/crypto.js';
import { Drafts } from './offline/drafts.js';
import { Outbox, type SubmissionStatus } from './offline/outbox.js';
import { defaultStorage, type OfflineStorage } from './offline/storage.js';

export interface ClientOptions {
  /**
   * The backend instance to talk to: `createRestBackend(…)` from `@jiefen/sdk/rest`,
   * `createOpen311Backend(…)` from `@jiefen/sdk/open311`, `createLocalBackend(…)` from
   * `@jiefen/sdk/local`, or your own `JiefenBackend`. An instance, not a configuration, so a page
   * bundles only the backend it uses.
   */
  backend: JiefenBackend;
  /**
   * Where drafts, the outbox and the device key are kept. Default: IndexedDB in browsers, memory
   * elsewhere. Inject `memoryStorage()` or your own `OfflineStorage` to run the same code in Node.
   */
  storage?: OfflineStorage;
  /** Encrypt drafts and unsent submissions at rest (AES-GCM, non-extractable key). Default true. */
  encryptAtRest?: boolean;
  drafts?: { ttlMs?: number; debounceMs?: number };
  outbox?: {
    retryBaseMs?: number;
    retryMaxMs?: number;
    concurrency?: number;
    receiptTtlMs?: number;
    /** Start sending at once and on `online`/visibility changes. Default true. */
    autoStart?: boolean;
    requestPersistence?: () => Promise<unknown>;
  };
  /** Today (`YYYY-MM-DD`) for checking filings before they are stored. Default: the device's date. */
  today?: () => string;
}

export interface SubmitCaseOptions {
  draftId?: string;
  /**
   * Evidence not uploaded yet (the device was offline): stored with the filing in the outbox,
   * encrypted, uploaded when it is sent and added to its attachments. Checked against the tenant's
   * limits before anything is stored.
   */
  files?: UploadFile[];
}

/** Everything residents and integrators do, on whichever backend was configured. */
export interface JiefenClient {
  readonly backend: JiefenBackend;
  readonly capabilities: BackendCapabilities;
  readonly drafts: Drafts;
  readonly outbox: Outbox;

  /** The township's configuration (categories, fields, places, topics). Cached; `refresh` reloads. */
  getTenantConfig(options?: { refresh?: boolean; signal?: AbortSignal }): Promise<TenantConfig>;

  /**
   * Check a filing against the tenant's rules, store it in the outbox and start sending it.
   * Resolves once it is safe on this device (throws `JiefenValidationError` before storing if invalid).
   * Follow it with `outbox.waitFor(id)` or `outbox.subscribe`.
   */
  submitCase(filing: CaseFilingInput, options?: SubmitCaseOptions): Promise<SubmissionStatus>;
  /** `submitCase` and wait for the backend's receipt (retrying across failures). */
  fileCase(filing: CaseFilingInput, options?: SubmitCaseOptions): Promise<CaseReceipt>;
  findCase(caseNumber: string, accessCode: string, options?: CallOptions): Promise<ResidentCaseView>;
  trackCase(trackingToken: string, options?: CallOptions): Promise<ResidentCaseView>;
  getCase(access: CaseAccess, options?: CallOptions): Promise<ResidentCaseView>;
  watchCase(access: CaseAccess, options?: WatchOptions): CaseWatch;

  /**
   * Check a resident action on a case (supply information, rate, reopen, withdraw, add evidence),
   * store it in the outbox and start sending it, like a filing: it survives reloads and offline
   * periods and is sent with one idempotency key until the backend answers. Resolves once it is safe
   * on this device; follow it with `outbox.waitFor(id)` or `outbox.subscribe`. `files` are evidence
   * stored with the action (encrypted) and uploaded when it is sent.
   */
  submitCaseAction(
    access: CaseAccess,
    command: ResidentCaseCommand,
    options?: { files?: UploadFile[] },
  ): Promise<SubmissionStatus>;
  /** The same for a consultation (cancel, rate). */
  submitConsultationAction(access: ConsultationAccess, command: ResidentConsultationCommand): Promise<SubmissionStatus>;

  /**
   * The resident actions below go through the outbox (`submitCaseAction`) and resolve with the case
   * as the backend answered. They keep waiting across network failures (the outbox retries) and
   * reject when the backend refuses the action for good (e.g. `JiefenConflictError` when the case
   * moved on); the action then stays in the outbox as `rejected`, its text readable, until removed.
   */
  supplyInformation(
    access: CaseAccess,
    answer: { message: string; answers?: Record<string, unknown>; attachments?: AttachmentMeta[] },
  ): Promise<ResidentCaseView>;
  /** Upload one file now (checked against the tenant's limits first); `onProgress` where the backend reports it. */
  uploadAttachment(file: UploadFile, options?: UploadOptions): Promise<AttachmentMeta>;
  addEvidence(access: CaseAccess, files: UploadFile[]): Promise<ResidentCaseView>;
  rateOutcome(access: CaseAccess, score: number, comment?: string): Promise<ResidentCaseView>;
  requestReopen(access: CaseAccess, reason: string): Promise<ResidentCaseView>;
  withdrawCase(access: CaseAccess, reason?: string): Promise<ResidentCaseView>;

  submitConsultation(request: ConsultationRequestInput, options?: { draftId?: string }): Promise<SubmissionStatus>;
  requestConsultation(request: ConsultationRequestInput, options?: { draftId?: string }): Promise<ConsultationReceipt>;
  getConsultation(access: ConsultationAccess, options?: CallOptions): Promise<ResidentConsultationView>;
  /**
   * Follow a consultation as staff assign, schedule and answer it: pushed by the backend's stream
   * where it has one (`capabilities.liveUpdates`), polled otherwise or while the stream keeps failing.
   * Throws `JiefenUnsupportedError` on a backend without consultations.
   */
  watchConsultation(access: ConsultationAccess, options?: WatchOptions): ConsultationWatch;
  cancelConsultation(access: ConsultationAccess, reason?: string): Promise<ResidentConsultationView>;
  rateConsultation(access: ConsultationAccess, score: number, comment?: string): Promise<ResidentConsultationView>;

  /** Centre-console operations; throws `JiefenUnsupportedError` without a staff credential. */
  readonly staff: StaffOperations;

  /** Stop background sending (what closing the page does) and release the backend. */
  close(): Promise<void>;
}

/** Problems of files against the tenant's limits, as field issues at `attachments.<index>`. */
function fileIssues(files: readonly UploadFile[], config: TenantConfig, offset = 0): FieldIssue[] {
  const limits = attachmentLimitsOf(config);
  return files.flatMap((file, index) => {
    const issue = attachmentRefusal(
      { size: file.blob.size, type: file.blob.type },
      limits,
      `attachments.${offset + index}`,
    );
    return issue ? [issue] : [];
  });
}

/**
 * The checks of resident actions and consultation requests, loaded on first use: they carry the
 * core's full event catalogs (3.4 kB gzip) that an intake page never needs, and the backend checks
 * them again anyway. A filing is checked upfront (`validateCaseFiling`).
 */
const residentChecks = () => import('./checks/resident-checks.js');
/** The core's filing check, loaded on first use too: a filing is still checked before it is stored. */
const formChecks = () => import('./checks/form-checks.js');

const localToday = () => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

/**
 * Create a client. Nothing touches the network or storage until a method is called (except that
 * the outbox starts sending what earlier visits left unsent, unless `outbox.autoStart` is false).
 */
export function createClient(options: ClientOptions): JiefenClient {
  const backend = options.backend;
  if (!backend || typeof backend.fileCase !== 'function') {
    // The 0.1 configuration objects (`{ type: 'rest', … }`) are gone: say what to do instead.
    throw new TypeError(
      'createClient({ backend }) takes a backend instance: createRestBackend(…) from @jiefen/sdk/rest, createOpen311Backend(…) from @jiefen/sdk/open311, createLocalBackend(…) from @jiefen/sdk/local, or your own JiefenBackend',
    );
  }
  const storage = options.storage ?? defaultStorage();
  const encrypt = (options.encryptAtRest ?? true) && typeof globalThis.crypto?.subtle !== 'undefined';
  const sealer: Sealer | undefined = encrypt ? deviceSealer(storage.keys) : undefined;
  const today = options.today ?? localToday;
  const drafts = new Drafts({ store: storage.drafts, ...(sealer ? { sealer } : {}), ...options.drafts });
  const outbox = new Outbox({
    backend,
    store: storage.outbox,
    ...(sealer ? { sealer } : {}),
    ...options.outbox,
    onReceived: async (status) => {
      if (status.draftId) await drafts.discard(status.draftId);
    },
  });
  if (options.outbox?.autoStart ?? true) outbox.start();

  let config: Promise<TenantConfig> | undefined;
  const getTenantConfig = (o: { refresh?: boolean; signal?: AbortSignal } = {}) => {
    if (!config || o.refresh) {
      config = backend.getTenantConfig(o.signal ? { signal: o.signal } : {});
      config.catch(() => {
        config = undefined;
      });
    }
    return config;
  };

  /**
   * The configuration for checking a submission before it is stored. Offline with nothing cached,
   * the submission is stored unchecked rather than refused: the backend validates it on arrival, and
   * a resident's words are never lost to a bad connection.
   */
  const configIfReachable = async (): Promise<TenantConfig | undefined> => {
    try {
      return await getTenantConfig();
    } catch (error) {
      if (isRetryable(error)) return undefined;
      throw error;
    }
  };

  const require = (capability: keyof BackendCapabilities, operation: string) => {
    if (!backend.capabilities[capability]) throw new JiefenUnsupportedError(backend.kind, operation);
  };

  /** Which capability each resident action needs. */
  const actionCapability: Record<ResidentCaseCommand['type'], keyof BackendCapabilities> = {
    'resident.supply_information': 'supplyInformation',
    'resident.add_evidence': 'uploads',
    'resident.rate': 'rating',
    'resident.request_reopen': 'reopen',
    'resident.withdraw': 'withdraw',
  };

  const submitCaseAction: JiefenClient['submitCaseAction'] = async (access, command, o = {}) => {
    const capability = actionCapability[command.type];
    if (!capability) throw new JiefenValidationError([{ path: 'type', key: 'validation.choice', params: {} }]);
    require(capability, command.type);
    // Evidence stored with the action is checked by the backend once uploaded.
    if (!(command.type === 'resident.add_evidence' && o.files?.length)) {
      (await residentChecks()).checkCaseCommand(command);
    }
    const status = await outbox.enqueueCaseAction(access, command, o.files?.length ? { files: o.files } : {});
    void outbox.flush();
    return status;
  };
  const submitConsultationAction: JiefenClient['submitConsultationAction'] = async (access, command) => {
    require('consultations', command.type);
    (await residentChecks()).checkConsultationCommand(command);
    const status = await outbox.enqueueConsultationAction(access, command);
    void outbox.flush();
    return status;
  };
  const caseAction = async (access: CaseAccess, command: ResidentCaseCommand, files?: UploadFile[]) => {
    const status = await submitCaseAction(access, command, files ? { files } : {});
    return (await outbox.waitFor(status.id)).view as ResidentCaseView;
  };
  const consultationAction = async (access: ConsultationAccess, command: ResidentConsultationCommand) => {
    const status = await submitConsultationAction(access, command);
    return (await outbox.waitFor(status.id)).view as ResidentConsultationView;
  };

  const unsupportedStaff = new Proxy({} as StaffOperations, {
    get: (_, operation) =>
      // Not a thenable: `await client.staff` must not call a rejecting `then`.
      operation === 'then' || typeof operation === 'symbol'
        ? undefined
        : () => Promise.reject(new JiefenUnsupportedError(backend.kind, `staff.${String(operation)}`)),
  });

  const client: JiefenClient = {
    backend,
    capabilities: backend.capabilities,
    drafts,
    outbox,
    getTenantConfig,

    async submitCase(filing, o = {}) {
      const files = o.files ?? [];
      if (files.length) require('uploads', 'submitCase files');
      const config = await configIfReachable();
      if (config) {
        const checked = (await formChecks()).validateCaseFiling(filing, config, today());
        const issues = [
          ...(checked.success ? [] : checked.issues),
          ...fileIssues(files, config, filing.attachments?.length ?? 0),
        ];
        if (issues.length) throw new JiefenValidationError(issues);
      }
      const status = await outbox.enqueueCase(filing, {
        ...(o.draftId ? { draftId: o.draftId } : {}),
        ...(files.length ? { files } : {}),
      });
      void outbox.flush();
      return status;
    },
    async fileCase(filing, o) {
      const status = await client.submitCase(filing, o);
      const done = await outbox.waitFor(status.id);
      return done.receipt as CaseReceipt;
    },
    findCase: (caseNumber, accessCode, o) => backend.getCase({ caseNumber, accessCode }, o),
    trackCase: (trackingToken, o) => backend.getCase({ trackingToken }, o),
    getCase: (access, o) => backend.getCase(access, o),
    watchCase: (access, o) => watchCase(backend, access, o),
    submitCaseAction,
    submitConsultationAction,
    supplyInformation: (access, answer) => caseAction(access, { type: 'resident.supply_information', ...answer }),
    async uploadAttachment(file, o) {
      require('uploads', 'uploadAttachment');
      // Refused before any byte is sent; with no configuration reachable the backend decides.
      const config = await configIfReachable();
      const issues = config ? fileIssues([file], config) : [];
      if (issues.length) throw new JiefenValidationError(issues.map((issue) => ({ ...issue, path: 'file' })));
      return backend.uploadAttachment(file, o);
    },
    addEvidence: (access, files) => caseAction(access, { type: 'resident.add_evidence', attachments: [] }, files),
    rateOutcome: (access, score, comment) =>
      caseAction(access, { type: 'resident.rate', score, ...(comment ? { comment } : {}) }),
    requestReopen: (access, reason) => caseAction(access, { type: 'resident.request_reopen', reason }),
    withdrawCase: (access, reason) => caseAction(access, { type: 'resident.withdraw', ...(reason ? { reason } : {}) }),

    async submitConsultation(request, o = {}) {
      require('consultations', 'submitConsultation');
      const config = await configIfReachable();
      if (config) (await residentChecks()).checkConsultationRequest(request, config);
      const status = await outbox.enqueueConsultation(request, o);
      void outbox.flush();
      return status;
    },
    async requestConsultation(request, o) {
      const status = await client.submitConsultation(request, o);
      const done = await outbox.waitFor(status.id);
      return done.receipt as ConsultationReceipt;
    },
    async getConsultation(access, o) {
      require('consultations', 'getConsultation');
      return backend.getConsultation(access, o);
    },
    watchConsultation(access, o) {
      require('consultations', 'watchConsultation');
      return watchConsultation(backend, access, o);
    },
    cancelConsultation: (access, reason) =>
      consultationAction(access, { type: 'resident.cancel', ...(reason ? { reason } : {}) }),
    rateConsultation: (access, score, comment) =>
      consultationAction(access, { type: 'resident.rate', score, ...(comment ? { comment } : {}) }),

    get staff() {
      return backend.staff ?? unsupportedStaff;
    },

    async close() {
      outbox.stop();
      await drafts.flush();
      await backend.close?.();
    },
  };
  return client;
}
