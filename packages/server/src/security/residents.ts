import type { FastifyRequest } from 'fastify';
import { ApiError } from '../errors.js';
import { digestsEqual, hashAccessCode, hashToken, type ScryptCost, verifyAccessCode } from './credentials.js';

/**
 * Hashed once per cost: checked against when a case does not exist, so timing does not reveal that.
 * It uses the configured cost, the one new cases are hashed with.
 */
const decoys = new Map<string, Promise<string>>();
function decoy(cost: ScryptCost): Promise<string> {
  const key = `${cost.N}$${cost.r}$${cost.p}`;
  let hash = decoys.get(key);
  if (!hash) {
    hash = hashAccessCode('DECOYDECOYDE', cost);
    decoys.set(key, hash);
  }
  return hash;
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first && first.length <= 200 ? first : undefined;
}

export function trackingTokenOf(request: FastifyRequest): string | undefined {
  return header(request, 'x-jiefen-tracking-token');
}

/**
 * Check the resident's credential against a stored row: the tracking token (sha256, compared in
 * constant time) or the access code (scrypt, constant time). Any failure, including a missing case,
 * is the same 404, so a response never tells whether a case exists.
 */
export async function requireResident(
  request: FastifyRequest,
  row: { access_code_hash: string; tracking_token_hash: string } | undefined,
): Promise<void> {
  const token = trackingTokenOf(request);
  if (token) {
    if (row && digestsEqual(hashToken(token), row.tracking_token_hash)) return;
    throw new ApiError('not_found');
  }
  const code = header(request, 'x-jiefen-access-code');
  if (code) {
    const ok = await verifyAccessCode(
      code,
      row?.access_code_hash ?? (await decoy(request.server.jiefen.config.accessCodeScrypt)),
    );
    if (row && ok) return;
  }
  throw new ApiError('not_found');
}
