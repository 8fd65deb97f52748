import type {
  AttachmentMeta,
  CaseFilingInput,
  ConsultationRequestInput,
  ResidentCaseView,
  ResidentConsultationView,
} from '@jiefen/core';
import type {
  CaseAccess,
  CaseReceipt,
  ConsultationAccess,
  ConsultationReceipt,
  JiefenBackend,
  ResidentCaseCommand,
  ResidentConsultationCommand,
  UploadFile,
} from '../backends/backend.js';
import { type ErrorView, toErrorView } from '../error-view.js';
import {
  isJiefenError,
  isJiefenHttpError,
  isRetryable,
  JiefenConflictError,
  type JiefenError,
  JiefenHttpError,
  JiefenStorageError,
  JiefenValidationError,
} from '../errors.js';
import { isSealedValue, type SealedValue, type Sealer } from './crypto.js';
import type { KeyValueStore } from './storage.js';
import type { StoredFile } from './stored-files.js';

// File bytes as base64 only when a submission carries files (offline evidence): not on every page.
const fileEncoding = () => import('./stored-files.js');

import { uuidv7 } from './uuid.js';

/**
 * Where a submission stands, as the resident should be told:
 * - `saved`: on this device only, will be sent (again) automatically;
 * - `sending`: a request is on its way;
 * - `received`: the backend confirmed; the receipt holds the case number;
 * - `rejected`: the backend refused it for good (invalid input, or an action the case no longer
 *   accepts); the resident must correct and resend. An action's text stays readable (`command`).
 */
export type SubmissionState = 'saved' | 'sending' | 'received' | 'rejected';

/**
 * What is waiting: a new case or consultation, or a resident action on an existing one (a reply to a
 * request for information, a rating, a reopen request, a withdrawal, evidence, a cancellation).
 */
export type SubmissionKind = 'case' | 'consultation' | 'case_action' | 'consultation_action';

const isActionKind = (kind: SubmissionKind) => kind === 'case_action' || kind === 'consultation_action';

export interface SubmissionStatus {
  /** Also the idempotency key. */
  id: string;
  kind: SubmissionKind;
  state: SubmissionState;
  createdAt: string;
  attempts: number;
  /** When the next automatic attempt is due (state `saved`). */
  nextAttemptAt?: string;
  /**
   * The last failure, as a message key (and the backend's code) for the resident's locale. For a
   * rejected action, `allowedEvents` says what the case accepts instead.
   */
  lastError?: ErrorView;
  /** The draft this came from; deleted once the backend confirms. */
  draftId?: string;
  /**
   * The case (or consultation) number: of a received filing, what the resident needs to follow it;
   * of an action, the case it is about (when the access named it).
   */
  number?: string;
  receipt?: CaseReceipt | ConsultationReceipt;
  /**
   * An action's command as the resident wrote it, readable until the backend confirms it: to show
   * what is waiting, and to let the resident copy their text when it is rejected.
   */
  command?: ResidentCaseCommand | ResidentConsultationCommand;
  /** Names of evidence files stored with an action and uploaded when it is sent. */
  files?: string[];
  /** A received action: the case (or consultation) as the backend answered it. */
  view?: ResidentCaseView | ResidentConsultationView;
}

/** An action's payload: the credential, the command, and evidence not uploaded yet. */
interface ActionPayload {
  access: CaseAccess | ConsultationAccess;
  command: ResidentCaseCommand | ResidentConsultationCommand;
  files?: StoredFile[];
}

/** A filing whose evidence waited on this device (offline): uploaded first, then filed with it. */
interface FilingWithFiles {
  filing: CaseFilingInput;
  files: StoredFile[];
}

/** What the outbox reads out of an action's sealed payload, kept in memory only. */
interface ActionInfo {
  /** Actions on the same case are sent one at a time, oldest first. */
  target: string;
  number?: string;
  command: ActionPayload['command'];
  files?: string[];
}

interface OutboxRecord {
  id: string;
  kind: SubmissionKind;
  state: SubmissionState;
  createdAt: string;
  attempts: number;
  nextAttemptAt: number;
  lastError?: SubmissionStatus['lastError'];
  draftId?: string;
  /**
   * The filing, request or action (`ActionPayload`), sealed when a sealer is configured. A filing
   * with evidence not uploaded yet is a `FilingWithFiles` until its files are uploaded.
   */
  payload: SealedValue | unknown;
  /** The payload is a `FilingWithFiles`: upload its files, then file the case with them. */
  withFiles?: true;
  /** The backend's answer: a receipt, or for an action the view; sealed like the payload. */
  receipt?: SealedValue | unknown;
  receivedAt?: number;
}

export interface OutboxOptions {
  backend: JiefenBackend;
  store: KeyValueStore<unknown>;
  /** Encrypts payloads and receipts at rest. Without it they are stored in the clear. */
  sealer?: Sealer;
  /** First retry delay; doubles per attempt, with full jitter. Default 1 s. */
  retryBaseMs?: number;
  /** Longest delay between attempts. Default 5 min. */
  retryMaxMs?: number;
  /** Submissions sent at the same time. Default 2. */
  concurrency?: number;
  /** How long a received submission's receipt is kept for the resident to see. Default 7 days. */
  receiptTtlMs?: number;
  /** Called after a confirmed submission, e.g. to delete its draft. */
  onReceived?: (status: SubmissionStatus) => void | Promise<void>;
  /** Asks the browser to keep storage while something is unsent. Default: `navigator.storage.persist`. */
  requestPersistence?: () => Promise<unknown>;
}

type Listener = (status: SubmissionStatus) => void;

/**
 * The outbox: a submission (a filing, or a resident action on a case) is written to storage before
 * its first network attempt, sent with its id as `Idempotency-Key`, retried with backoff (and on
 * `online`, page load and visibility change), and marked received only when the backend confirms. Because the key never changes, a retry after
 * the backend committed but the answer was lost returns the first receipt instead of a duplicate.
 */
export class Outbox {
  readonly #options: Required<Omit<OutboxOptions, 'sealer' | 'onReceived' | 'requestPersistence'>> &
    Pick<OutboxOptions, 'sealer' | 'onReceived' | 'requestPersistence'>;
  readonly #inFlight = new Map<string, AbortController>();
  readonly #listeners = new Set<Listener>();
  readonly #waiters = new Map<
    string,
    Array<{ resolve: (s: SubmissionStatus) => void; reject: (e: unknown) => void }>
  >();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #detach: (() => void) | undefined;
  #flushing: Promise<void> | undefined;
  /** Opened action payloads (never stored in the clear). */
  readonly #actions = new Map<string, ActionInfo>();
  #flushAgain = false;
  #forceAgain = false;
  #stopped = false;
  /** The last known status of each submission, for `getSnapshot`. */
  readonly #known = new Map<string, SubmissionStatus>();
  #snapshot: readonly SubmissionStatus[] = [];
  /** `#known` changed since `#snapshot` was built: rebuilt on the next `getSnapshot`, not on every change. */
  #stale = false;

  constructor(options: OutboxOptions) {
    this.#options = {
      retryBaseMs: 1000,
      retryMaxMs: 5 * 60_000,
      concurrency: 2,
      receiptTtlMs: 7 * 24 * 3600_000,
      ...options,
    };
  }

  /**
   * Save a case filing for sending. Resolves once it is safely stored (state `saved`). `files` are
   * evidence that could not be uploaded yet (offline): stored with the filing, encrypted like it,
   * uploaded when it is sent (once each, by idempotency key) and added to its attachments.
   */
  async enqueueCase(
    filing: CaseFilingInput,
    options: { draftId?: string; id?: string; files?: UploadFile[] } = {},
  ): Promise<SubmissionStatus> {
    if (!options.files?.length) return this.#enqueue('case', filing, options);
    const payload: FilingWithFiles = { filing, files: await (await fileEncoding()).storedFiles(options.files) };
    return this.#enqueue('case', payload, options, true);
  }

  /** Save a consultation request for sending. */
  enqueueConsultation(
    request: ConsultationRequestInput,
    options: { draftId?: string; id?: string } = {},
  ): Promise<SubmissionStatus> {
    return this.#enqueue('consultation', request, options);
  }

  /**
   * Save a resident action on a case for sending. `files` (evidence for `resident.add_evidence`) are
   * stored with it, encrypted like the text, and uploaded when it is sent; their attachments are
   * added to the command's.
   */
  async enqueueCaseAction(
    access: CaseAccess,
    command: ResidentCaseCommand,
    options: { files?: UploadFile[]; draftId?: string; id?: string } = {},
  ): Promise<SubmissionStatus> {
    const files = options.files?.length ? await (await fileEncoding()).storedFiles(options.files) : undefined;
    const payload: ActionPayload = { access: credentialOf(access), command, ...(files ? { files } : {}) };
    return this.#enqueue('case_action', payload, options);
  }

  /** Save a resident action on a consultation (cancel, rate) for sending. */
  enqueueConsultationAction(
    access: ConsultationAccess,
    command: ResidentConsultationCommand,
    options: { draftId?: string; id?: string } = {},
  ): Promise<SubmissionStatus> {
    const payload: ActionPayload = { access: credentialOf(access), command };
    return this.#enqueue('consultation_action', payload, options);
  }

  async #enqueue(
    kind: SubmissionKind,
    payload: unknown,
    options: { draftId?: string; id?: string },
    withFiles = false,
  ): Promise<SubmissionStatus> {
    const id = options.id ?? uuidv7();
    const record: OutboxRecord = {
      id,
      kind,
      state: 'saved',
      createdAt: new Date().toISOString(),
      attempts: 0,
      nextAttemptAt: 0,
      ...(options.draftId ? { draftId: options.draftId } : {}),
      payload: this.#options.sealer ? await this.#options.sealer.seal(payload) : payload,
      ...(withFiles ? { withFiles: true as const } : {}),
    };
    await this.#options.store.set(id, record);
    void this.#persist();
    const status = await this.#status(record);
    this.#emit(status);
    return status;
  }

  /** Every submission this device knows about, oldest first (pending and recently received). */
  async list(): Promise<SubmissionStatus[]> {
    const records = await this.#records();
    const statuses = await Promise.all(records.map((r) => this.#status(r)));
    this.#known.clear();
    for (const status of statuses) this.#known.set(status.id, status);
    this.#publish();
    return statuses;
  }

  /**
   * What the outbox holds as last seen, synchronously (oldest first): for a status element's first
   * render and for `useSyncExternalStore`-style bridges. The array is replaced, never mutated, when
   * something changes (compare by identity); `subscribe` says when. Filled by `start()` (or `list()`)
   * and kept current by every change this outbox makes; empty until then.
   */
  getSnapshot(): readonly SubmissionStatus[] {
    if (this.#stale) {
      // Ids are UUIDv7s: plain string order is creation order.
      this.#snapshot = [...this.#known.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      this.#stale = false;
    }
    return this.#snapshot;
  }

  #publish(): void {
    this.#stale = true;
  }

  async get(id: string): Promise<SubmissionStatus | undefined> {
    const record = await this.#record(id);
    return record ? this.#status(record) : undefined;
  }

  /** Submissions not yet confirmed by the backend (saved or sending). */
  async pending(): Promise<SubmissionStatus[]> {
    return (await this.list()).filter((s) => s.state === 'saved' || s.state === 'sending');
  }

  /**
   * Resolve when the backend confirms this submission, reject if it refuses it for good. Keeps
   * waiting across network failures: the outbox retries until it gets an answer.
   */
  waitFor(id: string): Promise<SubmissionStatus> {
    return new Promise((resolve, reject) => {
      const list = this.#waiters.get(id) ?? [];
      list.push({ resolve, reject });
      this.#waiters.set(id, list);
      void this.get(id).then((status) => {
        if (status?.state === 'received' || status?.state === 'rejected') this.#settle(status);
      });
    });
  }

  /** Be told whenever a submission changes state. Returns the unsubscribe function. */
  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Forget a received receipt (the resident has seen the case number) or give up on a rejected one. */
  async remove(id: string): Promise<void> {
    const record = await this.#record(id);
    if (!record) return;
    if (record.state === 'saved' || record.state === 'sending') {
      this.#inFlight.get(id)?.abort();
    }
    await this.#options.store.delete(id);
    this.#actions.delete(id);
    if (this.#known.delete(id)) this.#publish();
  }

  /**
   * Start automatic sending: now (page load), on `online`, when the page becomes visible again, and
   * when a backoff delay runs out. Safe to call where there is no `window`.
   */
  start(): void {
    this.#stopped = false;
    if (!this.#detach) {
      const target = typeof window === 'undefined' ? undefined : window;
      const doc = typeof document === 'undefined' ? undefined : document;
      // Connectivity or attention came back: try now rather than waiting out the backoff.
      const onOnline = () => void this.flush({ force: true });
      const onVisible = () => {
        if (doc?.visibilityState === 'visible') void this.flush({ force: true });
      };
      target?.addEventListener('online', onOnline);
      doc?.addEventListener('visibilitychange', onVisible);
      this.#detach = () => {
        target?.removeEventListener('online', onOnline);
        doc?.removeEventListener('visibilitychange', onVisible);
      };
    }
    // Page load: what an earlier visit left is shown (`getSnapshot`), and what is unsent goes now.
    void this.list().catch(() => undefined);
    void this.flush({ force: true });
  }

  /** Stop sending and abort requests in flight (what closing the tab does). Stored entries stay. */
  stop(): void {
    this.#stopped = true;
    this.#detach?.();
    this.#detach = undefined;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    for (const controller of this.#inFlight.values()) controller.abort();
    this.#inFlight.clear();
  }

  /**
   * Send everything that is due. `force` ignores backoff delays (the resident pressed "send now").
   * Concurrent calls share one run.
   */
  flush(options: { force?: boolean } = {}): Promise<void> {
    if (this.#stopped) return Promise.resolve();
    if (this.#flushing) {
      this.#flushAgain = true;
      this.#forceAgain ||= options.force ?? false;
      return this.#flushing;
    }
    this.#flushing = (async () => {
      try {
        let force = options.force ?? false;
        do {
          this.#flushAgain = false;
          await this.#sendDue(force);
          force = this.#forceAgain;
          this.#forceAgain = false;
        } while (this.#flushAgain && !this.#stopped);
      } finally {
        this.#flushing = undefined;
        await this.#schedule();
      }
    })();
    return this.#flushing;
  }

  async #sendDue(force: boolean): Promise<void> {
    const now = Date.now();
    const due: OutboxRecord[] = [];
    // Actions on one case go in the order the resident made them: a later one waits for the earlier.
    const busyTargets = new Set<string>();
    for (const r of await this.#records()) {
      if (r.state !== 'saved' && r.state !== 'sending') continue;
      if (isActionKind(r.kind)) {
        const target = (await this.#actionInfo(r))?.target ?? r.id;
        if (busyTargets.has(target)) continue;
        busyTargets.add(target);
      }
      if ((force || r.nextAttemptAt <= now) && !this.#inFlight.has(r.id)) due.push(r);
    }
    let next = 0;
    const worker = async () => {
      while (!this.#stopped) {
        const record = due[next++];
        if (!record) return;
        await this.#send(record);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, this.#options.concurrency) }, worker));
    await this.#expireReceipts(now);
  }

  async #send(stale: OutboxRecord): Promise<void> {
    const controller = new AbortController();
    this.#inFlight.set(stale.id, controller);
    try {
      // Another tab (or a previous run) may have finished it meanwhile.
      const current = await this.#record(stale.id);
      if (!current || current.state === 'received' || current.state === 'rejected') return;
      let record: OutboxRecord = { ...current, state: 'sending', attempts: current.attempts + 1 };
      await this.#options.store.set(record.id, record);
      this.#emit(await this.#status(record));
      let answer: unknown;
      try {
        const payload = await this.#openPayload(record.payload);
        const call = { idempotencyKey: record.id, signal: controller.signal, attempt: record.attempts };
        const backend = this.#options.backend;
        switch (record.kind) {
          case 'case': {
            let filing = payload as CaseFilingInput;
            if (record.withFiles) {
              const { filing: waiting, files } = payload as FilingWithFiles;
              const uploaded = await this.#uploadFiles(files, call);
              filing = { ...waiting, attachments: [...(waiting.attachments ?? []), ...uploaded] };
              // Uploaded once: a retry files the case with these attachments instead of uploading again.
              const { withFiles: _, ...rest } = record;
              record = { ...rest, payload: await this.#sealValue(filing) };
              await this.#options.store.set(record.id, record);
            }
            answer = await backend.fileCase(filing, call);
            break;
          }
          case 'consultation':
            answer = await backend.requestConsultation(payload as ConsultationRequestInput, call);
            break;
          default: {
            let action = payload as ActionPayload;
            if (action.files?.length) {
              action = await this.#uploadEvidence(action, call);
              // Uploaded once: a retry sends the action with these attachments instead of uploading again.
              record = { ...record, payload: await this.#sealValue(action) };
              await this.#options.store.set(record.id, record);
            }
            answer =
              record.kind === 'case_action'
                ? await backend.sendCaseAction(action.access as CaseAccess, action.command as ResidentCaseCommand, call)
                : await backend.sendConsultationAction(
                    action.access as ConsultationAccess,
                    action.command as ResidentConsultationCommand,
                    call,
                  );
          }
        }
      } catch (error) {
        if (this.#stopped || controller.signal.aborted) {
          // The page is going away: leave it saved for the next load.
          await this.#update(record.id, (r) => ({ ...r, state: 'saved' }));
          return;
        }
        await this.#failed(record, error);
        return;
      }
      const received: OutboxRecord = {
        ...record,
        state: 'received',
        receivedAt: Date.now(),
        receipt: await this.#sealValue(answer),
        payload: undefined,
      };
      delete received.lastError;
      await this.#options.store.set(record.id, received);
      const status = await this.#status(received);
      this.#actions.delete(record.id);
      this.#emit(status);
      this.#settle(status);
      await this.#options.onReceived?.(status);
    } finally {
      this.#inFlight.delete(stale.id);
    }
  }

  /** Upload stored files, one idempotency key per file (`<submission id>.<index>`). */
  async #uploadFiles(files: readonly StoredFile[], call: { idempotencyKey: string; signal: AbortSignal }) {
    const uploaded: AttachmentMeta[] = [];
    const { uploadFileOf } = await fileEncoding();
    for (const [index, file] of files.entries()) {
      uploaded.push(
        await this.#options.backend.uploadAttachment(uploadFileOf(file), {
          signal: call.signal,
          idempotencyKey: `${call.idempotencyKey}.${index}`,
        }),
      );
    }
    return uploaded;
  }

  /** Upload an action's stored evidence and add it to the command. */
  async #uploadEvidence(action: ActionPayload, call: { idempotencyKey: string; signal: AbortSignal }) {
    const uploaded = await this.#uploadFiles(action.files ?? [], call);
    const command = action.command as Extract<ResidentCaseCommand, { type: 'resident.add_evidence' }>;
    return {
      access: action.access,
      command: { ...command, attachments: [...(command.attachments ?? []), ...uploaded] },
    } satisfies ActionPayload;
  }

  async #failed(record: OutboxRecord, error: unknown): Promise<void> {
    const lastError = toErrorView(error);
    // Unknown errors (not from the SDK) are treated as transient: losing a resident's words is worse
    // than retrying something that cannot succeed.
    const final = isJiefenError(error) && !isRetryable(error);
    const retryAfter = isJiefenHttpError(error) ? (error.retryAfterMs ?? 0) : 0;
    const updated: OutboxRecord = {
      ...record,
      state: final ? 'rejected' : 'saved',
      lastError,
      nextAttemptAt: final
        ? Number.POSITIVE_INFINITY
        : Date.now() + Math.max(retryAfter, this.#backoff(record.attempts)),
    };
    await this.#options.store.set(record.id, updated);
    const status = await this.#status(updated);
    this.#emit(status);
    if (final) this.#settle(status, error);
  }

  /** Full jitter: uniform in [0, min(max, base·2^(attempt−1))], so many devices do not retry in step. */
  #backoff(attempt: number): number {
    const ceiling = Math.min(this.#options.retryMaxMs, this.#options.retryBaseMs * 2 ** Math.max(0, attempt - 1));
    return Math.round(Math.random() * ceiling);
  }

  async #schedule(): Promise<void> {
    if (this.#stopped) return;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    const records = await this.#records();
    const waiting = records.filter((r) => r.state === 'saved' || r.state === 'sending');
    if (waiting.length === 0) return;
    void this.#persist();
    const earliest = Math.min(...waiting.filter((r) => !this.#inFlight.has(r.id)).map((r) => r.nextAttemptAt));
    if (!Number.isFinite(earliest) || this.#stopped) return;
    this.#timer = setTimeout(
      () => {
        this.#timer = undefined;
        void this.flush();
      },
      Math.max(0, earliest - Date.now()),
    );
    // Do not keep a Node process alive just for a retry timer.
    (this.#timer as { unref?: () => void }).unref?.();
  }

  async #expireReceipts(now: number): Promise<void> {
    for (const record of await this.#records()) {
      if (record.state === 'received' && (record.receivedAt ?? 0) + this.#options.receiptTtlMs < now) {
        await this.#options.store.delete(record.id);
      }
    }
  }

  /** While something is unsent, ask the browser not to evict our storage. */
  async #persist(): Promise<void> {
    try {
      if (this.#options.requestPersistence) await this.#options.requestPersistence();
      else if (typeof navigator !== 'undefined') await navigator.storage?.persist?.();
    } catch {
      // Best effort: the browser may refuse, and the outbox still works.
    }
  }

  async #records(): Promise<OutboxRecord[]> {
    const entries = await this.#options.store.entries();
    return entries
      .map(([, value]) => value as OutboxRecord)
      .filter((r) => r && typeof r.id === 'string')
      .sort((a, b) => a.id.localeCompare(b.id));
  }

  async #record(id: string): Promise<OutboxRecord | undefined> {
    return (await this.#options.store.get(id)) as OutboxRecord | undefined;
  }

  async #update(id: string, change: (r: OutboxRecord) => OutboxRecord): Promise<void> {
    const record = await this.#record(id);
    if (record && record.state !== 'received') await this.#options.store.set(id, change(record));
  }

  async #open(value: unknown): Promise<unknown> {
    return isSealedValue(value) && this.#options.sealer ? this.#options.sealer.open(value) : value;
  }

  async #sealValue(value: unknown): Promise<unknown> {
    return this.#options.sealer ? this.#options.sealer.seal(value) : value;
  }

  /** A payload that cannot be decrypted (the device key was cleared) can never be sent: a final failure. */
  async #openPayload(value: unknown): Promise<unknown> {
    try {
      return await this.#open(value);
    } catch (error) {
      throw new JiefenStorageError('The stored submission cannot be read', error);
    }
  }

  async #actionInfo(record: OutboxRecord): Promise<ActionInfo | undefined> {
    const cached = this.#actions.get(record.id);
    if (cached) return cached;
    if (record.payload === undefined) return undefined;
    let action: ActionPayload;
    try {
      action = (await this.#open(record.payload)) as ActionPayload;
    } catch {
      return undefined;
    }
    const access = action.access as { caseNumber?: string; consultationNumber?: string; trackingToken?: string };
    const number = access.caseNumber ?? access.consultationNumber;
    const info: ActionInfo = {
      target: `${record.kind}:${number ?? access.trackingToken ?? record.id}`,
      ...(number ? { number } : {}),
      command: action.command,
      ...(action.files?.length ? { files: action.files.map((f) => f.name) } : {}),
    };
    this.#actions.set(record.id, info);
    return info;
  }

  async #status(record: OutboxRecord): Promise<SubmissionStatus> {
    const answer = record.receipt ? await this.#open(record.receipt) : undefined;
    const action = isActionKind(record.kind) ? await this.#actionInfo(record) : undefined;
    let answered: Partial<SubmissionStatus> = {};
    if (answer && isActionKind(record.kind)) {
      const view = answer as ResidentCaseView | ResidentConsultationView;
      answered = { number: 'caseNumber' in view ? view.caseNumber : view.consultationNumber, view };
    } else if (answer) {
      const receipt = answer as CaseReceipt | ConsultationReceipt;
      answered = { number: 'caseNumber' in receipt ? receipt.caseNumber : receipt.consultationNumber, receipt };
    }
    return {
      id: record.id,
      kind: record.kind,
      state: record.state === 'sending' && !this.#inFlight.has(record.id) ? 'saved' : record.state,
      createdAt: record.createdAt,
      attempts: record.attempts,
      ...(record.state === 'saved' && Number.isFinite(record.nextAttemptAt)
        ? { nextAttemptAt: new Date(record.nextAttemptAt).toISOString() }
        : {}),
      ...(record.lastError ? { lastError: record.lastError } : {}),
      ...(record.draftId ? { draftId: record.draftId } : {}),
      ...(action
        ? {
            ...(action.number ? { number: action.number } : {}),
            command: action.command,
            ...(action.files ? { files: action.files } : {}),
          }
        : {}),
      ...answered,
    };
  }

  #emit(status: SubmissionStatus): void {
    this.#known.set(status.id, status);
    this.#publish();
    for (const listener of this.#listeners) {
      try {
        listener(status);
      } catch {
        // A broken listener must not stop the outbox.
      }
    }
  }

  #settle(status: SubmissionStatus, error?: unknown): void {
    const waiters = this.#waiters.get(status.id);
    if (!waiters) return;
    this.#waiters.delete(status.id);
    for (const waiter of waiters) {
      if (status.state === 'received') waiter.resolve(status);
      else waiter.reject(error ?? rejectionError(status));
    }
  }
}

/** Only the credential: callers may pass a whole receipt (with its view) as the access. */
function credentialOf<A extends CaseAccess | ConsultationAccess>(access: A): A {
  const { caseNumber, consultationNumber, accessCode, trackingToken } = access as Partial<
    Record<'caseNumber' | 'consultationNumber' | 'accessCode' | 'trackingToken', string>
  >;
  return {
    ...(caseNumber ? { caseNumber } : {}),
    ...(consultationNumber ? { consultationNumber } : {}),
    ...(accessCode ? { accessCode } : {}),
    ...(trackingToken ? { trackingToken } : {}),
  } as A;
}

/** Rebuild the refusal of a submission rejected in an earlier session. */
function rejectionError(status: SubmissionStatus): JiefenError {
  const last = status.lastError;
  if (last?.issues)
    return new JiefenValidationError(last.issues, { status: 422, code: last.code ?? 'validation_failed' });
  if (last?.code === 'transition_rejected') {
    return new JiefenConflictError({
      code: last.code,
      messageKey: last.messageKey,
      ...(last.allowedEvents ? { allowedEvents: last.allowedEvents } : {}),
    });
  }
  return new JiefenHttpError({
    status: 400,
    code: last?.code ?? 'rejected',
    messageKey: last?.messageKey ?? 'sdk.outbox.rejected',
  });
}
