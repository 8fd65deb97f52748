import type { UploadFile } from '../backends/backend.js';
import { JiefenStorageError } from '../errors.js';
import { isSealedValue, type Sealer } from './crypto.js';
import type { DraftFileShelf } from './draft-files.js';
import type { KeyValueStore } from './storage.js';

export type DraftKind = 'case' | 'consultation';

/** A form in progress, as it is offered for restore. */
export interface Draft<T = unknown> {
  id: string;
  kind: DraftKind;
  data: T;
  /** Where the resident was (a wizard step), so restore can take them back there. */
  step?: string;
  createdAt: string;
  updatedAt: string;
  expiresAt: string;
}

interface DraftRecord {
  id: string;
  kind: DraftKind;
  createdAt: string;
  updatedAt: string;
  expiresAt: number;
  /** `{ data, step }`, sealed when a sealer is configured. */
  body: unknown;
}

/**
 * A file waiting with a draft (added offline, or its upload failed), kept beside the draft in the same
 * store: `fileOf` tells it from a draft. It lives as long as its draft does.
 */
export interface DraftFileRecord {
  fileOf: string;
  /** The wizard's upload id, so a resumed form shows the same upload. */
  id: string;
  createdAt: string;
  expiresAt: number;
  /** A `StoredFile`, sealed when a sealer is configured. */
  body: unknown;
}

/** A waiting file as `Drafts.files` gives it back. */
export interface DraftFile {
  id: string;
  file: UploadFile;
  createdAt: string;
}

export const isFileRecord = (record: unknown): record is DraftFileRecord =>
  typeof (record as DraftFileRecord | undefined)?.fileOf === 'string';

export interface DraftsOptions {
  store: KeyValueStore<unknown>;
  /** Encrypts drafts at rest (they hold names, phone numbers, what happened). */
  sealer?: Sealer;
  /** How long an untouched draft is kept. Default 7 days. */
  ttlMs?: number;
  /** `saveSoon` coalesces changes for this long (well under a second, so nothing typed is lost). Default 300 ms. */
  debounceMs?: number;
}

/**
 * Drafts of intake and consultation forms, on this device only. Each change is saved within a second
 * (`saveSoon`), offered for restore when the resident comes back (`list`, `load`), expired after `ttlMs`,
 * and deleted after a confirmed submission or when the resident discards it.
 */
export class Drafts {
  readonly #store: KeyValueStore<unknown>;
  readonly #sealer: Sealer | undefined;
  readonly #ttlMs: number;
  readonly #debounceMs: number;
  readonly #pending = new Map<string, { timer: ReturnType<typeof setTimeout>; write: () => Promise<void> }>();
  readonly #listeners = new Set<(saved: { id: string; savedAt: string }) => void>();
  /** Writes per draft are chained so a slow encryption cannot let an older version land last. */
  readonly #chains = new Map<string, Promise<void>>();

  constructor(options: DraftsOptions) {
    this.#store = options.store;
    this.#sealer = options.sealer;
    this.#ttlMs = options.ttlMs ?? 7 * 24 * 3600_000;
    this.#debounceMs = Math.min(options.debounceMs ?? 300, 900);
  }

  /** Be told after each draft is written to storage (an actor emits `draft_saved`). Returns the unsubscribe. */
  subscribe(listener: (saved: { id: string; savedAt: string }) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Save now. */
  save<T>(id: string, kind: DraftKind, data: T, step?: string): Promise<void> {
    this.#cancelPending(id);
    return this.#chain(id, () => this.#write(id, kind, data, step));
  }

  /** Save shortly: call on every keystroke; the last change within `debounceMs` is written. */
  saveSoon<T>(id: string, kind: DraftKind, data: T, step?: string): void {
    this.#cancelPending(id);
    const write = () => this.#chain(id, () => this.#write(id, kind, data, step));
    const timer = setTimeout(() => {
      this.#pending.delete(id);
      void write();
    }, this.#debounceMs);
    this.#pending.set(id, { timer, write });
  }

  /** Write every change still waiting for its debounce (call on `pagehide`). */
  async flush(): Promise<void> {
    const waiting = [...this.#pending.entries()];
    this.#pending.clear();
    for (const [, { timer }] of waiting) clearTimeout(timer);
    await Promise.all(waiting.map(([, { write }]) => write()));
    await Promise.all(this.#chains.values());
  }

  /** The draft, or undefined if there is none or it expired (expired drafts are deleted on sight). */
  async load<T = unknown>(id: string): Promise<Draft<T> | undefined> {
    await this.#chains.get(id);
    const record = (await this.#store.get(id)) as DraftRecord | undefined;
    if (!record) return undefined;
    if (record.expiresAt <= Date.now()) {
      await this.#store.delete(id);
      return undefined;
    }
    return this.#toDraft<T>(record);
  }

  /** Drafts that can be offered for restore, newest first. */
  async list(kind?: DraftKind): Promise<Draft[]> {
    await this.purgeExpired();
    const records = (await this.#store.entries())
      .map(([, value]) => value)
      .filter((value): value is DraftRecord => !isFileRecord(value));
    const drafts = await Promise.all(records.filter((r) => !kind || r.kind === kind).map((r) => this.#toDraft(r)));
    return drafts.filter((d): d is Draft => d !== undefined).sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  }

  /** Delete a draft and its waiting files: the resident discarded it, or the backend confirmed the submission. */
  async discard(id: string): Promise<void> {
    this.#cancelPending(id);
    await this.#chains.get(id);
    await this.#store.delete(id);
    // Its files still being written land first, then go with it.
    await Promise.all([...this.#chains].filter(([key]) => key.startsWith(`${id}\u0000`)).map(([, chain]) => chain));
    for (const [key, value] of await this.#store.entries())
      if (isFileRecord(value) && value.fileOf === id) await this.#store.delete(key);
  }

  /**
   * Keep a file that waits with draft `draftId` (encrypted like the draft), so a closed tab does not
   * lose it. Rejects with `JiefenStorageError` when the device cannot store it (quota full, private
   * mode): the caller must tell the resident the file is only held while the page stays open.
   */
  keepFile(draftId: string, id: string, file: UploadFile): Promise<void> {
    return this.#fileShelf().then((shelf) => shelf.keep(draftId, id, file));
  }

  /** The files waiting with a draft, oldest first; one that cannot be read (device key gone) is dropped. */
  files(draftId: string): Promise<DraftFile[]> {
    return this.#fileShelf().then((shelf) => shelf.list(draftId));
  }

  /** Forget a waiting file: uploaded, removed, refused, or handed over with the filing. */
  dropFile(draftId: string, id: string): Promise<void> {
    return this.#fileShelf().then((shelf) => shelf.drop(draftId, id));
  }

  #shelf: Promise<DraftFileShelf> | undefined;
  /**
   * The waiting files' code, loaded when a file first has to wait (offline, a failed upload) or a
   * resumed draft is read: an intake page that never waits for a file does not fetch it. It gets
   * what it needs of the drafts from here rather than importing this module, so drafts.ts stays in
   * the page's first chunk instead of moving into one shared with it.
   */
  #fileShelf(): Promise<DraftFileShelf> {
    this.#shelf ??= import('./draft-files.js').then(({ createDraftFileShelf }) =>
      createDraftFileShelf({
        store: this.#store,
        ttlMs: this.#ttlMs,
        seal: async (value) => (this.#sealer ? this.#sealer.seal(value) : value),
        open: (body) => this.#open(body),
        inOrder: (key, work) => this.#chain(key, work),
        storageError: (message, cause) => new JiefenStorageError(message, cause),
      }),
    );
    return this.#shelf;
  }

  async purgeExpired(now: number = Date.now()): Promise<void> {
    const entries = await this.#store.entries();
    const liveDrafts = new Set(
      entries.filter(([, value]) => !isFileRecord(value) && (value as DraftRecord).expiresAt > now).map(([key]) => key),
    );
    for (const [key, value] of entries) {
      // A waiting file lives as long as its draft (and at least `ttlMs` after it was kept).
      const expired = isFileRecord(value)
        ? value.expiresAt <= now && !liveDrafts.has(value.fileOf)
        : (value as DraftRecord).expiresAt <= now;
      if (expired) await this.#store.delete(key);
    }
  }

  #cancelPending(id: string): void {
    const pending = this.#pending.get(id);
    if (pending) clearTimeout(pending.timer);
    this.#pending.delete(id);
  }

  #chain(id: string, work: () => Promise<void>): Promise<void> {
    const previous = this.#chains.get(id) ?? Promise.resolve();
    const next = previous.then(work, work);
    const settled = next.catch(() => undefined);
    this.#chains.set(id, settled);
    void settled.then(() => {
      if (this.#chains.get(id) === settled) this.#chains.delete(id);
    });
    return next;
  }

  async #write(id: string, kind: DraftKind, data: unknown, step?: string): Promise<void> {
    const existing = (await this.#store.get(id)) as DraftRecord | undefined;
    const now = new Date();
    const body = { data, ...(step !== undefined ? { step } : {}) };
    const record: DraftRecord = {
      id,
      kind,
      createdAt: existing?.createdAt ?? now.toISOString(),
      updatedAt: now.toISOString(),
      expiresAt: now.getTime() + this.#ttlMs,
      body: this.#sealer ? await this.#sealer.seal(body) : body,
    };
    await this.#store.set(id, record);
    for (const listener of this.#listeners) {
      try {
        listener({ id, savedAt: record.updatedAt });
      } catch {
        // A broken listener must not stop drafts being saved.
      }
    }
  }

  /** A stored body as written: opened when it was sealed. */
  async #open(body: unknown): Promise<unknown> {
    return isSealedValue(body) && this.#sealer ? this.#sealer.open(body) : body;
  }

  async #toDraft<T>(record: DraftRecord): Promise<Draft<T> | undefined> {
    let body: { data: T; step?: string };
    try {
      body = (await this.#open(record.body)) as typeof body;
    } catch {
      // The device key is gone (storage partly cleared): the draft cannot be read, so drop it.
      await this.#store.delete(record.id);
      return undefined;
    }
    return {
      id: record.id,
      kind: record.kind,
      data: body.data,
      ...(body.step !== undefined ? { step: body.step } : {}),
      createdAt: record.createdAt,
      updatedAt: record.updatedAt,
      expiresAt: new Date(record.expiresAt).toISOString(),
    };
  }
}
