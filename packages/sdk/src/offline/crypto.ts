import { JiefenStorageError } from '../errors.js';
import type { KeyValueStore } from './storage.js';

/** Encrypted at rest: AES-GCM ciphertext and its 96-bit nonce. */
export interface SealedValue {
  v: 1;
  iv: Uint8Array;
  data: ArrayBuffer;
}

/** Encrypts what drafts and the outbox store on the device. */
export interface Sealer {
  seal(value: unknown): Promise<SealedValue>;
  open(sealed: SealedValue): Promise<unknown>;
}

const KEY_ID = 'device-key-v1';

/**
 * AES-GCM with one device key, generated once and stored in the `keys` store. The key is
 * non-extractable: script on the page can use it but never read it, and IndexedDB's structured clone
 * keeps it that way. What it protects against: someone reading the browser profile or a backup; not
 * script running on the page itself.
 */
export function deviceSealer(keys: KeyValueStore<unknown>): Sealer {
  let key: Promise<CryptoKey> | undefined;
  const subtle = () => {
    const s = globalThis.crypto?.subtle;
    if (!s) throw new JiefenStorageError('WebCrypto is not available here');
    return s;
  };
  const getKey = () => {
    key ??= (async () => {
      const stored = await keys.get(KEY_ID);
      if (stored && typeof stored === 'object' && (stored as CryptoKey).type === 'secret') return stored as CryptoKey;
      const created = await subtle().generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
      await keys.set(KEY_ID, created);
      return created;
    })().catch((error: unknown) => {
      key = undefined;
      throw error;
    });
    return key;
  };
  return {
    async seal(value) {
      const iv = globalThis.crypto.getRandomValues(new Uint8Array(12));
      const plain = new TextEncoder().encode(JSON.stringify(value));
      const data = await subtle().encrypt({ name: 'AES-GCM', iv }, await getKey(), plain);
      return { v: 1, iv, data };
    },
    async open(sealed) {
      const plain = await subtle().decrypt(
        { name: 'AES-GCM', iv: sealed.iv as Uint8Array<ArrayBuffer> },
        await getKey(),
        sealed.data,
      );
      return JSON.parse(new TextDecoder().decode(plain));
    },
  };
}

export function isSealedValue(value: unknown): value is SealedValue {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as SealedValue).v === 1 &&
    ArrayBuffer.isView((value as SealedValue).iv) &&
    Object.prototype.toString.call((value as SealedValue).data) === '[object ArrayBuffer]'
  );
}
