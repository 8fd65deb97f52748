/**
 * Tenant-configuration responses the loader started before an element's code arrived (see
 * intake-form/warm-up.ts), keyed by API root and tenant. `clientFromAttributes` hands one to the
 * REST backend it builds, which reads it instead of asking again (and asks again, with its retries
 * and error mapping, if it failed). Taken once: a response body can be read only once.
 */
const warmConfigs = new Map<string, Promise<Response>>();
/** The same responses' bodies, parsed from a copy, for the form's first screen (intake-form/first-screen/). */
const parsedConfigs = new Map<string, Promise<unknown>>();
const keyOf = (baseUrl: string, tenant: string) => `${baseUrl.replace(/\/+$/, '')}\n${tenant}`;

/** The route of `DEFAULT_REST_PATHS.config` (test/warm-up.test.ts keeps the two equal). */
export const WARM_CONFIG_PATH = '/api/v1/tenants/{tenant}/config';

/** Start fetching the configuration the REST backend for `baseUrl` and `tenant` will ask for, once. */
export function warmConfig(baseUrl: string, tenant: string): void {
  const key = keyOf(baseUrl, tenant);
  if (warmConfigs.has(key)) return;
  const url = baseUrl.replace(/\/+$/, '') + WARM_CONFIG_PATH.replace('{tenant}', encodeURIComponent(tenant));
  // The backend's own headers and credentials mode, so the answer is the one it would get.
  const response = fetch(url, { headers: { accept: 'application/json' }, credentials: 'same-origin' });
  response.catch(() => undefined); // offline: the backend asks again and reports it
  warmConfigs.set(key, response);
  // Copied as soon as it arrives, before the backend (which comes later) can have read the body.
  parsedConfigs.set(
    key,
    response.then((r) => (r.ok ? r.clone().json() : undefined)).catch(() => undefined),
  );
}

export function takeWarmConfig(baseUrl: string, tenant: string): Promise<Response> | undefined {
  const key = keyOf(baseUrl, tenant);
  const response = warmConfigs.get(key);
  warmConfigs.delete(key);
  return response;
}

/**
 * The configuration the warm-up fetched, parsed (unvalidated JSON: the first screen reads only the
 * categories and checks their shape), or undefined if none was started or it failed. Not taken: the
 * backend still gets the response itself.
 */
export function peekWarmConfig(baseUrl: string, tenant: string): Promise<unknown> | undefined {
  return parsedConfigs.get(keyOf(baseUrl, tenant));
}
