import {
  createHash,
  createHmac,
  createSecretKey,
  type KeyObject,
  randomBytes,
  randomFillSync,
  randomInt,
  scrypt,
  timingSafeEqual,
} from 'node:crypto';
import { chmodSync, linkSync, mkdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { calendarDay, issueAccessCode, issueCaseNumber } from '@jiefen/core';

const scryptAsync = promisify(scrypt) as (
  password: string,
  salt: Buffer,
  keylen: number,
  options: { N: number; r: number; p: number; maxmem: number },
) => Promise<Buffer>;

/** `JF-20261126-7K3QX` (or `JC-…`): the filing day in the centres' calendar; collisions are retried on insert. */
export function newCaseNumber(now: Date, prefix: 'JF' | 'JC' = 'JF'): string {
  return issueCaseNumber(prefix, calendarDay(now), randomInt);
}

/** 12 spoken symbols = 60 bits: shown once at filing, typed by the resident later. */
export function newAccessCode(): string {
  return issueAccessCode(randomInt);
}

/** Normalise what a resident typed: case-insensitive, spaces and dashes ignored. */
export function normaliseAccessCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '');
}

/**
 * 32 CSPRNG bytes as base64url, drawn from a pool filled 4 KiB at a time (as Node's own `randomInt`
 * and `randomUUID` do): a `randomBytes(32)` per token was 1.6 % of a filing's CPU, most of it the
 * per-call overhead. Every byte is handed out once and zeroed once it is used.
 */
const tokenPool = Buffer.alloc(4096);
let tokenPoolOffset = tokenPool.length;
function randomToken(): string {
  if (tokenPoolOffset + 32 > tokenPool.length) {
    randomFillSync(tokenPool);
    tokenPoolOffset = 0;
  }
  const start = tokenPoolOffset;
  tokenPoolOffset += 32;
  const text = tokenPool.toString('base64url', start, tokenPoolOffset);
  tokenPool.fill(0, start, tokenPoolOffset);
  return text;
}

/** 256-bit tokens for tracking links. */
export function newTrackingToken(): string {
  return `jft_${randomToken()}`;
}

/** Staff API tokens: 256-bit random with a recognisable prefix (secret scanners can find leaked ones). */
export function newStaffToken(): string {
  return `jfs_${randomToken()}`;
}

/**
 * sha256 for high-entropy secrets (tracking and staff tokens). A slow hash buys nothing against
 * 256 random bits, and a fast one keeps every authenticated request cheap.
 */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Constant-time equality of two hex digests of equal length. */
export function digestsEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}

// --- Access codes ------------------------------------------------------------------------------------

/** One access-code key: its id (written into every hash made with it) and 32 random bytes. */
export interface AccessCodeKey {
  id: string;
  secret: Buffer;
}

const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
/** The key file in the data directory, made on first start when no key is configured. */
export const ACCESS_CODE_KEY_FILE = 'access-code.key';
/** Domain separation: the key is only ever used for this. */
const HMAC_CONTEXT = 'jiefen access code v1\0';

/**
 * Parse a keyring: entries `<id>:<base64url secret>`, separated by commas or new lines, the first the
 * current key (new hashes), the others kept only to verify (and then rehash) codes stored under them.
 * Secrets must decode to at least 32 bytes. Blank lines and `#` comments are ignored (the key file).
 */
export function parseAccessCodeKeys(text: string, source: string): AccessCodeKey[] {
  const keys: AccessCodeKey[] = [];
  const entries = text
    .split('\n')
    .filter((line) => !line.trim().startsWith('#'))
    .flatMap((line) => line.split(','))
    .map((entry) => entry.trim());
  for (const entry of entries) {
    if (!entry) continue;
    const colon = entry.indexOf(':');
    const id = entry.slice(0, colon);
    const secret = Buffer.from(entry.slice(colon + 1), 'base64url');
    if (colon < 1 || !KEY_ID.test(id) || secret.length < 32)
      throw new Error(`${source}: each access-code key is <id>:<base64url of at least 32 bytes>`);
    if (keys.some((k) => k.id === id)) throw new Error(`${source}: access-code key id ${id} appears twice`);
    keys.push({ id, secret });
  }
  if (keys.length === 0) throw new Error(`${source}: no access-code key`);
  return keys;
}

/** A new key with an id made from its fingerprint, so keys generated independently never share an id. */
export function generateAccessCodeKey(): AccessCodeKey {
  const secret = randomBytes(32);
  const id = `k${createHash('sha256').update(secret).digest('hex').slice(0, 8)}`;
  return { id, secret };
}

/**
 * The keyring from `configured` (the `JIEFEN_ACCESS_CODE_KEY` environment value), or else from the key
 * file in `dataDir`, created 0600 on first start. The file is written under a temporary name and
 * linked into place, so two processes starting at once agree on one key and none reads half a file.
 * A key file others can read is refused, as ssh refuses a readable private key.
 */
export function loadAccessCodeKeys(
  dataDir: string,
  configured: string | undefined,
): { keys: AccessCodeKey[]; generated: boolean; source: string } {
  if (configured)
    return { keys: parseAccessCodeKeys(configured, 'JIEFEN_ACCESS_CODE_KEY'), generated: false, source: 'environment' };
  const file = join(dataDir, ACCESS_CODE_KEY_FILE);
  let generated = false;
  try {
    statSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    mkdirSync(dataDir, { recursive: true });
    const key = generateAccessCodeKey();
    const temporary = `${file}.${process.pid}.${randomBytes(6).toString('hex')}`;
    writeFileSync(
      temporary,
      `# Jiefen access-code key: access codes are stored as HMAC-SHA-256 under it. Keep it secret, back it up,\n` +
        `# never put it in the database or a repository. First line = current key.\n${key.id}:${key.secret.toString('base64url')}\n`,
      { mode: 0o600, flag: 'wx' },
    );
    chmodSync(temporary, 0o600);
    try {
      linkSync(temporary, file);
      generated = true;
    } catch (linkError) {
      if ((linkError as NodeJS.ErrnoException).code !== 'EEXIST') throw linkError;
    } finally {
      unlinkSync(temporary);
    }
  }
  if ((statSync(file).mode & 0o077) !== 0)
    throw new Error(`${file} is readable by others: chmod 600 it (it holds the access-code key)`);
  return { keys: parseAccessCodeKeys(readFileSync(file, 'utf8'), file), generated, source: file };
}

/**
 * Access codes at rest: `hmac-sha256$<key id>$<base64url HMAC-SHA-256(key, code)>`.
 *
 * Why a keyed fast hash and not a password hash: a slow KDF protects *low-entropy* secrets that people
 * choose. An access code is 12 symbols drawn uniformly from 32 (`crypto.randomInt`): 60 random bits, like
 * an API key, and services holding API keys at scale store them as a keyed fast hash. With the key kept
 * out of the database (environment or a 0600 file), a stolen database alone allows no offline guessing at
 * all; with the key too, 2^59 HMACs per case on average. Online guessing is bounded by the lookup limits.
 * The hash costs about a microsecond instead of scrypt's 9 ms, so a filing and an access-code lookup
 * cost the server what a tracking-token lookup does.
 *
 * Each stored hash names its scheme: `scrypt$N$r$p$salt$hash` rows from before still verify, as do
 * hashes under an older key of the keyring; both are rehashed under the current key on their next
 * successful lookup (`needsRehash`). Rotation: put a new key first, keep the old ones until lookups
 * have rehashed their codes (or accept that codes left under a removed key no longer verify).
 */
export class AccessCodeHasher {
  readonly #current: { id: string; key: KeyObject };
  /** Keys as KeyObjects: HMAC with one is ~25% cheaper than with the raw bytes (no key import per call). */
  readonly #byId: Map<string, KeyObject>;
  /** A hash made under the current key, checked against when a case does not exist (same work as a real check). */
  readonly decoy: string;

  constructor(keys: readonly AccessCodeKey[]) {
    if (keys.length === 0) throw new Error('no access-code key');
    this.#byId = new Map(keys.map((k) => [k.id, createSecretKey(k.secret)]));
    this.#current = { id: keys[0]!.id, key: this.#byId.get(keys[0]!.id)! };
    this.decoy = this.hash(newAccessCode());
  }

  get currentKeyId(): string {
    return this.#current.id;
  }

  /** The stored form of a new access code. */
  hash(code: string): string {
    return `hmac-sha256$${this.#current.id}$${mac(this.#current.key, code).toString('base64url')}`;
  }

  /**
   * Constant-time check of a typed code against its stored hash, whatever scheme it names. A hash under
   * an unknown key id or scheme never matches. Synchronous for HMAC (a microsecond), in the libuv pool
   * for scrypt.
   */
  verify(code: string, stored: string): boolean | Promise<boolean> {
    if (stored.startsWith('hmac-sha256$')) {
      const [, id, digest] = stored.split('$');
      const secret = id ? this.#byId.get(id) : undefined;
      const expected = Buffer.from(digest ?? '', 'base64url');
      // Unknown key: still compute one HMAC so the answer takes as long as a real check.
      const actual = mac(secret ?? this.#current.key, code);
      return secret !== undefined && expected.length === actual.length && timingSafeEqual(actual, expected);
    }
    if (stored.startsWith('scrypt$')) return verifyScryptAccessCode(code, stored);
    return false;
  }

  /** Whether a hash that just verified should be replaced by one under the current key. */
  needsRehash(stored: string): boolean {
    return !stored.startsWith(`hmac-sha256$${this.#current.id}$`);
  }
}

function mac(secret: KeyObject, code: string): Buffer {
  return createHmac('sha256', secret).update(HMAC_CONTEXT).update(normaliseAccessCode(code)).digest();
}

/** scrypt cost of the hashes stored before access codes moved to HMAC (kept to make legacy hashes in tests). */
export interface ScryptCost {
  N: number;
  r: number;
  p: number;
}

/**
 * The scheme access codes were stored with before HMAC: `scrypt$N$r$p$salt$hash`. No longer used for new
 * codes; kept so existing rows verify until their next lookup rehashes them, and for tests that make them.
 */
export async function hashAccessCodeWithScrypt(code: string, cost: ScryptCost): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scryptAsync(normaliseAccessCode(code), salt, 32, { ...cost, maxmem: 256 * cost.N * cost.r });
  return `scrypt$${cost.N}$${cost.r}$${cost.p}$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

async function verifyScryptAccessCode(code: string, stored: string): Promise<boolean> {
  const [, n, r, p, salt, hash] = stored.split('$');
  if (!n || !r || !p || !salt || !hash) return false;
  const cost = { N: Number(n), r: Number(r), p: Number(p) };
  // A stored row chooses the cost: refuse absurd parameters rather than let a bad row burn memory.
  if (!(cost.N >= 2 && cost.N <= 1 << 16 && cost.r >= 1 && cost.r <= 16 && cost.p >= 1 && cost.p <= 4)) return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = await scryptAsync(normaliseAccessCode(code), Buffer.from(salt, 'base64url'), expected.length, {
    ...cost,
    maxmem: 256 * cost.N * cost.r + 1024 * 1024,
  });
  return timingSafeEqual(actual, expected);
}
