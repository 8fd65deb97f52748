import type { UploadOptions } from '../backends/backend.js';
import type { HttpRequest } from './http.js';

/**
 * Upload progress for a request of the SDK's HTTP client. Browsers report upload progress reliably
 * only through XMLHttpRequest: a streamed fetch body needs HTTP/2 in Chromium and fails on the
 * HTTP/1.1 servers many townships run. So in a browser the built request (headers, signal, body) is
 * sent by XHR; elsewhere (Node, or an integrator's own `fetch`) the body is streamed through that
 * fetch and counted as it is read.
 */
export function uploadProgressOptions(
  options: UploadOptions | undefined,
  /** The integrator gave the backend its own `fetch` (a proxy, a test double): keep using it. */
  customFetch: typeof fetch | undefined,
): Pick<HttpRequest, 'send'> {
  const onProgress = options?.onProgress;
  if (!onProgress) return {};
  if (customFetch || typeof XMLHttpRequest === 'undefined') {
    return { send: (request) => streamedFetch(request, onProgress, customFetch ?? fetch) };
  }
  return { send: (request) => xhrFetch(request, onProgress) };
}

async function streamedFetch(
  request: Request,
  onProgress: NonNullable<UploadOptions['onProgress']>,
  send: typeof fetch,
): Promise<Response> {
  // The body as the client serialised it (multipart with its boundary in Content-Type).
  const blob = await request.blob();
  const total = blob.size;
  const reader = blob.stream().getReader();
  let loaded = 0;
  onProgress({ loaded, total });
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await reader.read();
      if (done) return controller.close();
      loaded += value.byteLength;
      onProgress({ loaded, total });
      controller.enqueue(value);
    },
  });
  return send(
    new Request(request.url, {
      method: request.method,
      headers: request.headers,
      body,
      credentials: request.credentials,
      signal: request.signal,
      // A streamed request body must say so (fetch's rule).
      duplex: 'half',
    } as RequestInit),
  );
}

async function xhrFetch(request: Request, onProgress: NonNullable<UploadOptions['onProgress']>): Promise<Response> {
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
    // fetch's own failure type, so the client classifies it as a network error like any other.
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
