import { JSON_API_HEADERS } from '../../src/http/headers.js';
import type { RawResponse } from './raw-http.js';

/**
 * Why a response is not a refusal in the contract's shape (`{"error":{code,message,messageKey}}`,
 * JSON, with every JSON API security header), or undefined when it is one.
 */
export function contractViolation(response: RawResponse): string | undefined {
  if (response.reset) return `no answer (${response.failure})`;
  if (!response.headers['content-type']?.startsWith('application/json')) {
    return `content-type ${response.headers['content-type'] ?? 'missing'}`;
  }
  for (const [name, value] of Object.entries(JSON_API_HEADERS)) {
    if (response.headers[name] !== value) return `header ${name}: ${response.headers[name] ?? 'missing'}`;
  }
  let body: unknown;
  try {
    body = JSON.parse(response.body);
  } catch {
    return `body is not JSON: ${response.body.slice(0, 80)}`;
  }
  const error = (body as { error?: Record<string, unknown> } | null)?.error;
  if (!error || typeof error !== 'object') return `body has no error object: ${response.body.slice(0, 80)}`;
  for (const field of ['code', 'message', 'messageKey'] as const) {
    if (typeof error[field] !== 'string' || error[field] === '') return `error.${field} missing`;
  }
  return undefined;
}

/** The parsed error of a refusal (call after `contractViolation` found none). */
export function errorOf(response: RawResponse): { code: string; message: string; messageKey: string } {
  return (JSON.parse(response.body) as { error: { code: string; message: string; messageKey: string } }).error;
}
