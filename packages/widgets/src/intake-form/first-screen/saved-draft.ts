/**
 * The SDK's offline database and its drafts store (`idbStorage()` in @jiefen/sdk's
 * offline/storage.ts; test-browser/intake-form-first-screen.test.ts saves a draft through the SDK
 * and finds it here, so the two cannot drift apart unnoticed).
 */
export const OFFLINE_DATABASE = 'jiefen-offline';
const DRAFTS_STORE = 'drafts';

/**
 * Whether this device holds an unexpired intake draft in slot `draftId`: then the form opens on
 * "continue where you left off?", and the first screen must not show the categories first. Read with
 * the bare IndexedDB API (idb and the SDK are what the first screen avoids loading); a draft's `kind`
 * and `expiresAt` are stored in the clear around its sealed body. When in doubt it answers `true`, and
 * the element decides once its code has arrived.
 */
export async function hasSavedDraft(draftId: string): Promise<boolean> {
  if (typeof indexedDB === 'undefined') return false; // the SDK keeps drafts in memory then: none survive a reload
  // `open` would create a missing database (empty, version 1) under the SDK's own upgrade.
  if (typeof indexedDB.databases !== 'function') return true;
  try {
    const databases = await indexedDB.databases();
    if (!databases.some((database) => database.name === OFFLINE_DATABASE)) return false;
  } catch {
    return true;
  }
  return new Promise<boolean>((resolve) => {
    const request = indexedDB.open(OFFLINE_DATABASE);
    // Deleted in the meantime: do not create it; the abort ends in `onerror`.
    request.onupgradeneeded = () => {
      resolve(false);
      request.transaction?.abort();
    };
    request.onerror = () => resolve(true);
    request.onblocked = () => resolve(true);
    request.onsuccess = () => {
      const database = request.result;
      // Never stand in the way of the SDK upgrading its database.
      database.onversionchange = () => database.close();
      if (!database.objectStoreNames.contains(DRAFTS_STORE)) {
        database.close();
        resolve(false);
        return;
      }
      const read = database.transaction(DRAFTS_STORE).objectStore(DRAFTS_STORE).get(draftId);
      read.onsuccess = () => {
        database.close();
        const record = read.result as { kind?: unknown; expiresAt?: unknown } | undefined;
        resolve(record !== undefined && record.kind === 'case' && !(Number(record.expiresAt) <= Date.now()));
      };
      read.onerror = () => {
        database.close();
        resolve(true);
      };
    };
  });
}
