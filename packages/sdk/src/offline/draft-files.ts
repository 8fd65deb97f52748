// A draft's waiting files (see `Drafts.keepFile`): loaded on first use. It gets what it needs of the
// drafts from `Drafts` rather than importing drafts.ts (which would move drafts.ts out of the page's
// first chunk); the file encoding it imports is itself loaded only with files.
import type { UploadFile } from '../backends/backend.js';
import type { JiefenStorageError } from '../errors.js';
import type { DraftFile, DraftFileRecord } from './drafts.js';
import type { KeyValueStore } from './storage.js';
import { type StoredFile, storedFile, uploadFileOf } from './stored-files.js';

export interface DraftFileShelf {
  keep(draftId: string, id: string, file: UploadFile): Promise<void>;
  list(draftId: string): Promise<DraftFile[]>;
  drop(draftId: string, id: string): Promise<void>;
}

export interface DraftFileDeps {
  store: KeyValueStore<unknown>;
  ttlMs: number;
  seal(value: unknown): Promise<unknown>;
  open(body: unknown): Promise<unknown>;
  /** The drafts' own per-key write chain: a file dropped while being stored goes after it lands. */
  inOrder(key: string, work: () => Promise<void>): Promise<void>;
  storageError(message: string, cause: unknown): JiefenStorageError;
}

/** Beside its draft in the same store; the NUL character cannot occur in a draft id a page chooses. */
export const fileKey = (draftId: string, id: string) => `${draftId}\u0000${id}`;

export function createDraftFileShelf(deps: DraftFileDeps): DraftFileShelf {
  const { store } = deps;
  return {
    keep(draftId, id, file) {
      const key = fileKey(draftId, id);
      return deps.inOrder(key, async () => {
        const now = new Date();
        // The bytes as base64 (the outbox's encoding), sealed like the draft.
        const record: DraftFileRecord = {
          fileOf: draftId,
          id,
          createdAt: now.toISOString(),
          expiresAt: now.getTime() + deps.ttlMs,
          body: await deps.seal(await storedFile(file)),
        };
        try {
          await store.set(key, record);
        } catch (error) {
          const quota = (error as { name?: string } | undefined)?.name === 'QuotaExceededError';
          throw deps.storageError(quota ? 'No room on this device for the file' : 'Could not keep the file', error);
        }
      });
    },
    async list(draftId) {
      const found: DraftFile[] = [];
      for (const [key, value] of await store.entries()) {
        // `isFileRecord` of drafts.ts, repeated: importing it would split drafts.ts into a chunk of its own.
        if ((value as DraftFileRecord | undefined)?.fileOf !== draftId) continue;
        try {
          const record = value as DraftFileRecord;
          const stored = (await deps.open(record.body)) as StoredFile;
          found.push({ id: record.id, file: uploadFileOf(stored), createdAt: record.createdAt });
        } catch {
          // The device key is gone (storage partly cleared): the file cannot be read, so drop it.
          await store.delete(key);
        }
      }
      return found.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    },
    drop(draftId, id) {
      const key = fileKey(draftId, id);
      return deps.inOrder(key, () => store.delete(key));
    },
  };
}
