import { type IDBPDatabase, openDB } from 'idb';
import { JiefenStorageError } from '../errors.js';

/**
 * The little storage the offline layer needs: one key-value store per purpose. Values are
 * structured-cloneable (plain data, `CryptoKey`, `ArrayBuffer`). Inject your own to run drafts and the
 * outbox somewhere else (a file in Node, a native bridge in a mini-program).
 */
export interface KeyValueStore<T> {
  get(key: string): Promise<T | undefined>;
  set(key: string, value: T): Promise<void>;
  delete(key: string): Promise<void>;
  /** Every entry; stores are small (a few drafts, unsent submissions), so no cursor is needed. */
  entries(): Promise<Array<[string, T]>>;
}

/** The stores drafts, the outbox and the device key live in. */
export interface OfflineStorage {
  drafts: KeyValueStore<unknown>;
  outbox: KeyValueStore<unknown>;
  /** Holds the non-extractable encryption key. */
  keys: KeyValueStore<unknown>;
}

const OFFLINE_STORES = ['drafts', 'outbox', 'keys'] as const;

/** In-memory storage: for Node, tests, and pages where IndexedDB is unavailable (nothing survives a reload). */
export function memoryStorage(): OfflineStorage {
  return memoryStores(OFFLINE_STORES);
}

/**
 * IndexedDB storage (via idb), one database with a store per purpose. Opened lazily on first use, so
 * creating it touches no browser global; throws `JiefenStorageError` where IndexedDB is missing.
 */
export function idbStorage(databaseName = 'jiefen-offline'): OfflineStorage {
  return idbStores(databaseName, OFFLINE_STORES);
}

/** IndexedDB when the environment has it, memory otherwise (Node, server-side rendering). */
export function defaultStorage(): OfflineStorage {
  return typeof indexedDB === 'undefined' ? memoryStorage() : idbStorage();
}

/** Named in-memory stores. */
export function memoryStores<N extends string>(names: readonly N[]): Record<N, KeyValueStore<unknown>> {
  const store = (): KeyValueStore<unknown> => {
    const map = new Map<string, unknown>();
    return {
      get: async (key) => copy(map.get(key)),
      set: async (key, value) => {
        map.set(key, copy(value));
      },
      delete: async (key) => {
        map.delete(key);
      },
      entries: async () => [...map].map(([k, v]) => [k, copy(v)] as [string, unknown]),
    };
  };
  return Object.fromEntries(names.map((name) => [name, store()])) as Record<N, KeyValueStore<unknown>>;
}

/** Copy like IndexedDB does, so callers cannot mutate stored values; values that cannot be cloned are kept as is. */
function copy<T>(value: T): T {
  if (value === undefined || typeof value !== 'object' || value === null) return value;
  try {
    return structuredClone(value);
  } catch {
    return value;
  }
}

/** Named stores in one IndexedDB database, opened on first use. */
export function idbStores<N extends string>(
  databaseName: string,
  names: readonly N[],
): Record<N, KeyValueStore<unknown>> {
  let database: Promise<IDBPDatabase> | undefined;
  const open = () => {
    database ??= (async () => {
      if (typeof indexedDB === 'undefined') throw new JiefenStorageError('IndexedDB is not available here');
      return openDB(databaseName, 1, {
        upgrade(db) {
          for (const name of names) if (!db.objectStoreNames.contains(name)) db.createObjectStore(name);
        },
      });
    })().catch((error: unknown) => {
      database = undefined;
      throw error instanceof JiefenStorageError ? error : new JiefenStorageError('Could not open IndexedDB', error);
    });
    return database;
  };
  const store = (name: N): KeyValueStore<unknown> => ({
    get: async (key) => (await open()).get(name, key),
    set: async (key, value) => {
      await (await open()).put(name, value, key);
    },
    delete: async (key) => {
      await (await open()).delete(name, key);
    },
    entries: async () => {
      const tx = (await open()).transaction(name);
      const [keys, values] = await Promise.all([tx.store.getAllKeys(), tx.store.getAll()]);
      return keys.map((k, i) => [String(k), values[i]] as [string, unknown]);
    },
  });
  return Object.fromEntries(names.map((name) => [name, store(name)])) as Record<N, KeyValueStore<unknown>>;
}
