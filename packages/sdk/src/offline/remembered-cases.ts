import type { CaseAccess } from '../backends/backend.js';

/**
 * "Remember this case on this device", only when the resident asks: the case's access (case number
 * with access code, or with the tracking token of the link it was opened from) kept on this device,
 * never sent anywhere. The case tracker actor reads it when it starts without a case, writes it when a
 * case looked up with "remember" opens, and deletes it on "forget". A seam so the actor is testable
 * and runs in Node, where there is no `localStorage` (nothing is remembered there unless a store is given).
 */
export interface RememberedCases {
  read(): CaseAccess | undefined;
  remember(access: CaseAccess): void;
  forget(): void;
}

/** The part of the Web Storage API the store uses (`localStorage`, or a Map-backed stand-in in tests). */
export type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

const storageKey = (tenant: string) => `jiefen.tracker.${tenant || 'default'}`;

function isAccess(value: unknown): value is CaseAccess {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (typeof v.caseNumber === 'string' && typeof v.accessCode === 'string') || typeof v.trackingToken === 'string';
}

/**
 * The remembered case of one tenant in `storage` under `jiefen.tracker.<tenant>`; by default the
 * browser's `localStorage` (not the SDK's encrypted IndexedDB: the access must survive the SDK's
 * per-session keys and be readable synchronously, before the first render; it is as private as the
 * browser profile, and clearing the site's data removes it). Storage refused or full (private mode,
 * a sandboxed frame) means the case is simply not remembered.
 */
export function rememberedCases(
  tenant: string,
  storage: KeyValueStorage | undefined = browserLocalStorage(),
): RememberedCases {
  const key = storageKey(tenant);
  return {
    read() {
      try {
        const value: unknown = JSON.parse(storage?.getItem(key) ?? 'null');
        return isAccess(value) ? value : undefined;
      } catch {
        return undefined;
      }
    },
    remember(access) {
      try {
        storage?.setItem(key, JSON.stringify(access));
      } catch {
        // Storage full or refused: the case is simply not remembered.
      }
    },
    forget() {
      try {
        storage?.removeItem(key);
      } catch {
        // Nothing to remove.
      }
    },
  };
}

function browserLocalStorage(): KeyValueStorage | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    // A sandboxed frame without storage access throws on the getter.
    return undefined;
  }
}
