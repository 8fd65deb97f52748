import type { Options } from 'ky';
import type { UploadOptions } from '../backends/backend.js';

/**
 * Upload progress for a ky request. Browsers report upload progress reliably only through
 * XMLHttpRequest: a streamed fetch body (what ky's `onUploadProgress` uses) needs HTTP/2 in
 * Chromium and fails on the HTTP/1.1 servers many townships run. So in a browser the request ky
 * built is sent by XHR through ky's `fetch` option (ky keeps its headers, timeouts and error
 * mapping); elsewhere (Node) ky streams the body and reports progress itself.
 */
export function uploadProgressOptions(
  options: UploadOptions | undefined,
  /** The integrator gave the backend its own `fetch` (a proxy, a test double): keep using it. */
  customFetch = false,
): Pick<Options, 'fetch' | 'onUploadProgress'> {
  const onProgress = options?.onProgress;
  if (!onProgress) return {};
  if (customFetch || typeof XMLHttpRequest === 'undefined') {
    return {
      onUploadProgress: (p: { transferredBytes: number; totalBytes: number }) =>
        onProgress({ loaded: p.transferredBytes, total: p.totalBytes }),
    };
  }
  return { fetch: (input) => xhrFetch(input as Request, onProgress) };
}

async function xhrFetch(request: Request, onProgress: NonNullable<UploadOptions['onProgress']>): Promise<Response> {
  // The body as ky serialised it (multipart with its boundary in Content-Type).
  const body = request.body ? await request.blob() : null;
  return new Promise<Response>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(request.method, request.url);
    request.headers.forEach((value, name) => {
      xhr.setRequestHeader(name, value);
    });
    xhr.withCredentials = request.credentials === 'include';
    xhr.responseType = 'blob';
    xhr.upload.onprogress = (event) =>
      onProgress({ loaded: event.loaded, total: event.lengthComputable ? event.total : (body?.size ?? 0) });
    xhr.onload = () => {
      const headers = new Headers();
      for (const line of xhr
        .getAllResponseHeaders()
        .trim()
        .split(/[\r\n]+/)) {
        const at = line.indexOf(':');
        if (at > 0) headers.append(line.slice(0, at).trim(), line.slice(at + 1).trim());
      }
      // Status 0 cannot be put in a Response: it is a network failure.
      if (xhr.status === 0) reject(new TypeError('Failed to fetch'));
      else resolve(new Response(xhr.status === 204 ? null : xhr.response, { status: xhr.status, headers }));
    };
    // fetch's own failure type, so ky classifies it as a network error like any other.
    xhr.onerror = () => reject(new TypeError('Failed to fetch'));
    xhr.ontimeout = () => reject(new TypeError('Failed to fetch'));
    const abort = () => {
      xhr.abort();
      reject(request.signal.reason ?? new DOMException('The upload was cancelled', 'AbortError'));
    };
    if (request.signal.aborted) return abort();
    request.signal.addEventListener('abort', abort, { once: true });
    xhr.send(body);
  });
}
