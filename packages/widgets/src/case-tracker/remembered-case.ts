import type { CaseAccess } from '@jiefen/sdk/tracker';

/**
 * "Remember this case on this device", only when the resident ticks it: the case's access (case
 * number with access code, or with the tracking token of the link it was opened from) in the
 * browser's `localStorage` under `jiefen.tracker.<tenant>`, on this device only, never sent anywhere.
 * "Forget on this device" removes the entry; so does clearing the site's data in the browser.
 * `localStorage` (not the SDK's encrypted IndexedDB) because the access must survive the SDK's
 * per-session keys and be readable before any SDK code loads; it is as private as the browser profile.
 */
export interface RememberedCases {
  read(): CaseAccess | undefined;
  remember(access: CaseAccess): void;
  forget(): void;
}

const storageKey = (tenant: string) => `jiefen.tracker.${tenant || 'default'}`;

function isAccess(value: unknown): value is CaseAccess {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (typeof v.caseNumber === 'string' && typeof v.accessCode === 'string') || typeof v.trackingToken === 'string';
}

export function rememberedCases(tenant: string, storage: Storage | undefined = safeLocalStorage()): RememberedCases {
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
        // Storage full or refused (private mode): the case is simply not remembered.
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

function safeLocalStorage(): Storage | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    // A sandboxed frame without storage access throws on the getter.
    return undefined;
  }
}

/**
 * The tracking token in the page's fragment (`#jf-track=<token>`), and the fragment without it. The
 * token travels in the fragment because a fragment never reaches a server log or a Referer.
 */
export function trackingTokenIn(hash: string): { token: string; rest: string } | undefined {
  const fragment = hash.startsWith('#') ? hash.slice(1) : hash;
  const parts = fragment.split('&');
  const index = parts.findIndex((p) => p.startsWith('jf-track='));
  if (index < 0) return undefined;
  let token: string;
  try {
    token = decodeURIComponent(parts[index]!.slice('jf-track='.length));
  } catch {
    return undefined;
  }
  if (!token) return undefined;
  parts.splice(index, 1);
  return { token, rest: parts.length ? `#${parts.join('&')}` : '' };
}
