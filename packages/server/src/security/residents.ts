import type { FastifyRequest } from 'fastify';
import { ApiError } from '../errors.js';
import { digestsEqual, hashToken } from './credentials.js';
import { clientOf, refusal } from './rate-limits.js';

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first && first.length <= 200 ? first : undefined;
}

export function trackingTokenOf(request: FastifyRequest): string | undefined {
  return header(request, 'x-jiefen-tracking-token');
}

/** The stored credentials of a case or consultation, and how to replace its access-code hash. */
export interface ResidentSubject {
  /** The case or consultation number from the path (also when no such case exists). */
  number: string;
  row: { access_code_hash: string; tracking_token_hash: string } | undefined;
  /** Store `next` in place of `previous` (a compare-and-set; see `CaseStore.rehashAccessCode`). */
  rehash(previous: string, next: string): Promise<void>;
}

/**
 * Check the resident's credential against a stored row: the tracking token (sha256, compared in
 * constant time) or the access code (HMAC under the server's key, constant time; see
 * `AccessCodeHasher`). Any failure, including a missing case, is the same 404, so a response never
 * tells whether a case exists: an unknown case is checked against a decoy hash of the same scheme.
 * Failures count towards the per-case guessing limit; a client that keeps guessing on a case over it
 * gets 429 (`ResidentGuessLimit`). A code that verified under an older scheme (scrypt) or key is
 * rehashed under the current key before the answer.
 */
export async function requireResident(request: FastifyRequest, subject: ResidentSubject): Promise<void> {
  const { accessCodes, residentGuesses, log } = request.server.jiefen;
  const { row } = subject;
  const client = clientOf(request);
  const token = trackingTokenOf(request);
  if (token) {
    if (row && digestsEqual(hashToken(token), row.tracking_token_hash)) return;
    await residentGuesses.recordFailure(subject.number, client);
    throw new ApiError('not_found');
  }
  const code = header(request, 'x-jiefen-access-code');
  if (!code) throw new ApiError('not_found');
  const decision = await residentGuesses.mayTry(subject.number, client);
  if (!decision.allowed) throw refusal(decision);
  const stored = row?.access_code_hash ?? accessCodes.decoy;
  // Checked for an unknown case too (against the decoy), so both take the same time.
  const verified = await accessCodes.verify(code, stored);
  if (row && verified) {
    if (accessCodes.needsRehash(stored)) {
      // The lookup succeeds either way; a failed rehash is retried on the next one.
      await subject.rehash(stored, accessCodes.hash(code)).catch((error: unknown) => {
        log.error({ err: error }, 'access code rehash failed');
      });
    }
    return;
  }
  await residentGuesses.recordFailure(subject.number, client);
  throw new ApiError('not_found');
}
