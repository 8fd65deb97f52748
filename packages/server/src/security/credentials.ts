import { createHash, randomBytes, randomInt, scrypt, timingSafeEqual } from 'node:crypto';
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

/** 256-bit tokens for tracking links. */
export function newTrackingToken(): string {
  return `jft_${randomBytes(32).toString('base64url')}`;
}

/** Staff API tokens: 256-bit random with a recognisable prefix (secret scanners can find leaked ones). */
export function newStaffToken(): string {
  return `jfs_${randomBytes(32).toString('base64url')}`;
}

/**
 * sha256 for high-entropy secrets (tracking and staff tokens). A slow hash buys nothing against
 * 256 random bits, and a fast one keeps every authenticated request cheap.
 */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface ScryptCost {
  N: number;
  r: number;
  p: number;
}

/**
 * N=2^12, r=8, p=1 (4 MiB, about 9 ms of one core here; N=2^14 took 36 ms). Why not more: the access
 * code is not a password a person chose but 12 symbols drawn uniformly from 32 (`randomInt`), 60 bits.
 * scrypt's work factor exists to slow guessing of *low-entropy* secrets; here the entropy already does
 * that. Someone holding a copy of the database must try 2^59 codes on average per case (each has its
 * own salt): at a generous 10^5 scrypt(N=2^12) guesses per second per GPU that is about 180,000 GPU-years
 * per case, against about two GPU-years with plain sha256, so a memory-hard KDF is kept but its cost
 * can be modest. Online guessing is bounded by the lookup rate limits, not by the hash. A lower cost
 * also shrinks what each (rate-limited) access-code lookup costs the server. Configurable as
 * `accessCodeScrypt`; each stored hash carries its own parameters, so changing it never breaks old rows.
 */
export const DEFAULT_SCRYPT_COST: ScryptCost = { N: 1 << 12, r: 8, p: 1 };

/**
 * Hash a low-entropy resident secret with scrypt (in the libuv pool, off the event loop):
 * `scrypt$N$r$p$salt$hash`, parameters stored so the cost can change later without breaking old rows.
 */
export async function hashAccessCode(code: string, cost: ScryptCost = DEFAULT_SCRYPT_COST): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scryptAsync(normaliseAccessCode(code), salt, 32, { ...cost, maxmem: 256 * cost.N * cost.r });
  return `scrypt$${cost.N}$${cost.r}$${cost.p}$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

/** Constant-time check of a typed access code against its stored scrypt hash. */
export async function verifyAccessCode(code: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const cost = { N: Number(n), r: Number(r), p: Number(p) };
  const actual = await scryptAsync(normaliseAccessCode(code), Buffer.from(salt, 'base64url'), expected.length, {
    ...cost,
    maxmem: 256 * cost.N * cost.r,
  });
  return timingSafeEqual(actual, expected);
}

/** Constant-time equality of two hex digests of equal length. */
export function digestsEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}
