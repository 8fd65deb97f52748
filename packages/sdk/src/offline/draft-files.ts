// The byte-handling half of a draft's waiting files (see `Drafts.keepFile`), in its own module so an
// intake page that never waits for a file does not load it.

import type { UploadFile } from '../backends/backend.js';
import { JiefenStorageError } from '../errors.js';
import { isSealedValue, type Sealer } from './crypto.js';
import { type DraftFile, type DraftFileRecord, isFileRecord } from './drafts.js';
import type { KeyValueStore } from './storage.js';
import { type StoredFile, storedFile, uploadFileOf } from './stored-files.js';

/** Beside its draft in the same store; the NUL characters cannot occur in a draft id a page chooses. */
export const fileKey = (draftId: string, id: string) => `${draftId}\u0000file\u0000${id}`;

/** A file as stored: its bytes as base64 (the outbox's encoding), sealed like the draft. */
export async function fileRecord(
  draftId: string,
  id: string,
  file: UploadFile,
  ttlMs: number,
  sealer: Sealer | undefined,
): Promise<DraftFileRecord> {
  const now = new Date();
  try {
    const stored = await storedFile(file);
    return {
      fileOf: draftId,
      id,
      createdAt: now.toISOString(),
      expiresAt: now.getTime() + ttlMs,
      body: sealer ? await sealer.seal(stored) : stored,
    };
  } catch (error) {
    throw storageError(error);
  }
}

/** Write it; a full device (`QuotaExceededError`) or a blocked one becomes a `JiefenStorageError`. */
export async function writeFileRecord(store: KeyValueStore<unknown>, record: DraftFileRecord): Promise<void> {
  try {
    await store.set(fileKey(record.fileOf, record.id), record);
  } catch (error) {
    throw storageError(error);
  }
}

export async function readFileRecords(
  store: KeyValueStore<unknown>,
  draftId: string,
  sealer: Sealer | undefined,
): Promise<DraftFile[]> {
  const found: DraftFile[] = [];
  for (const [key, value] of await store.entries()) {
    if (!isFileRecord(value) || value.fileOf !== draftId) continue;
    try {
      const stored = (isSealedValue(value.body) && sealer ? await sealer.open(value.body) : value.body) as StoredFile;
      found.push({ id: value.id, file: uploadFileOf(stored), createdAt: value.createdAt });
    } catch {
      // The device key is gone (storage partly cleared): the file cannot be read, so drop it.
      await store.delete(key);
    }
  }
  return found.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

function storageError(error: unknown): JiefenStorageError {
  if (error instanceof JiefenStorageError) return error;
  const quota = (error as { name?: string } | undefined)?.name === 'QuotaExceededError';
  return new JiefenStorageError(
    quota ? 'No room on this device to keep the file' : 'Could not keep the file on this device',
    error,
  );
}
