/**
 * Stands in for a township's existing system: a small JSON API with its own conventions (`/api/disputes`,
 * `X-Pin`, `X-Request-Id`, `{ data }` answers and `{ errcode }` errors). It keeps cases in memory and
 * moves them with the core statechart, so it behaves like the reference server; the point of the
 * example is the adapter in `township-backend.ts`, which speaks this API to the SDK.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  advanceCase,
  type CaseSnapshot,
  openCase,
  residentView,
  type TimelineEntry,
  validateCaseFiling,
  type WorkflowActor,
} from '@jiefen/core';
import { qingshanTenant } from '@jiefen/core/demo';

interface StoredDispute {
  caseNumber: string;
  accessCode: string;
  trackingToken: string;
  snapshot: CaseSnapshot;
  timeline: TimelineEntry[];
}

export interface TownshipApi {
  url: string;
  /** How many disputes the township has on file. */
  count(): number;
  /** The township's own console: an officer moves a case (not part of the resident API). */
  officer(caseNumber: string, command: unknown, actor?: WorkflowActor): void;
  /** Answer the next `times` requests with 503, as during a deployment. */
  maintenance(times: number): void;
  close(): Promise<void>;
}

const CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
const randomCode = (length: number) =>
  Array.from(randomBytes(length), (b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join('');
const shanghaiToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());

export async function startTownshipApi(): Promise<TownshipApi> {
  const disputes = new Map<string, StoredDispute>();
  const tokens = new Map<string, string>();
  /** Replays by request id: the same request twice gets the first answer. */
  const replies = new Map<string, { body: string; status: number; answer: unknown }>();
  let sequence = 0;
  let maintenance = 0;

  const send = (res: ServerResponse, status: number, answer: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
    res.end(JSON.stringify(answer));
  };
  const readJson = async (req: IncomingMessage): Promise<unknown> => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : undefined;
  };
  const header = (req: IncomingMessage, name: string) => {
    const value = req.headers[name];
    return typeof value === 'string' ? value : undefined;
  };
  /** The dispute a resident's credential opens; the same answer for "no such case" and "wrong pin". */
  const opened = (req: IncomingMessage, caseNumber?: string) => {
    const token = header(req, 'x-track-token');
    const dispute = token ? disputes.get(tokens.get(token) ?? '') : caseNumber ? disputes.get(caseNumber) : undefined;
    if (!dispute || (caseNumber && dispute.caseNumber !== caseNumber)) return undefined;
    if (!token && header(req, 'x-pin') !== dispute.accessCode) return undefined;
    return dispute;
  };
  const apply = (dispute: StoredDispute, command: unknown, actor: WorkflowActor) => {
    // The tenant goes in too: departments a command names are checked against it.
    const result = advanceCase(dispute.snapshot, command, actor, new Date().toISOString(), qingshanTenant);
    if (result.ok) {
      dispute.snapshot = result.snapshot;
      dispute.timeline.push(...result.timeline);
    }
    return result;
  };

  /** Run a writing request once per `X-Request-Id`. */
  const once = async (
    req: IncomingMessage,
    res: ServerResponse,
    body: unknown,
    work: () => { status: number; answer: unknown },
  ) => {
    const requestId = header(req, 'x-request-id');
    const serialized = JSON.stringify(body);
    const earlier = requestId ? replies.get(requestId) : undefined;
    if (earlier) {
      if (earlier.body !== serialized) return send(res, 422, { errcode: 'REQUEST_ID_REUSED' });
      return send(res, earlier.status, earlier.answer);
    }
    const { status, answer } = work();
    if (requestId && status < 500) replies.set(requestId, { body: serialized, status, answer });
    send(res, status, answer);
  };

  const server = createServer(async (req, res) => {
    try {
      if (maintenance > 0) {
        maintenance -= 1;
        return send(res, 503, { errcode: 'MAINTENANCE', errmsg: '系统维护中' }, { 'retry-after': '0' });
      }
      const url = new URL(req.url ?? '/', 'http://township');
      const parts = url.pathname.split('/').filter(Boolean); // ['api', 'disputes', number, 'resident-actions']
      if (req.method === 'GET' && url.pathname === '/api/config') return send(res, 200, { data: qingshanTenant });

      if (req.method === 'POST' && url.pathname === '/api/disputes') {
        const body = await readJson(req);
        if (!header(req, 'x-request-id')) return send(res, 400, { errcode: 'REQUEST_ID_REQUIRED' });
        return once(req, res, body, () => {
          const checked = validateCaseFiling(body, qingshanTenant, shanghaiToday());
          if (!checked.success) return { status: 422, answer: { errcode: 'INVALID', errors: checked.issues } };
          const now = new Date().toISOString();
          const caseNumber = `QS-${shanghaiToday().replaceAll('-', '')}-${String(++sequence).padStart(4, '0')}`;
          const { snapshot, timeline } = openCase({
            caseNumber,
            tenantId: qingshanTenant.id,
            filing: checked.output,
            sla: qingshanTenant.sla,
            publicSecurityDepartmentId: qingshanTenant.publicSecurityDepartmentId,
            now,
          });
          const dispute = {
            caseNumber,
            accessCode: randomCode(12),
            trackingToken: randomBytes(24).toString('base64url'),
            snapshot,
            timeline,
          };
          disputes.set(caseNumber, dispute);
          tokens.set(dispute.trackingToken, caseNumber);
          const { accessCode, trackingToken } = dispute;
          const view = residentView(snapshot, timeline);
          return { status: 201, answer: { data: { caseNumber, accessCode, trackingToken, view } } };
        });
      }

      if (req.method === 'GET' && (url.pathname === '/api/track' || (parts[1] === 'disputes' && parts.length === 3))) {
        const dispute = opened(req, parts[2]);
        if (!dispute) return send(res, 404, { errcode: 'NOT_FOUND' });
        return send(res, 200, { data: residentView(dispute.snapshot, dispute.timeline) });
      }

      if (req.method === 'POST' && parts[1] === 'disputes' && parts[3] === 'resident-actions') {
        const body = await readJson(req);
        const dispute = opened(req, parts[2]);
        if (!dispute) return send(res, 404, { errcode: 'NOT_FOUND' });
        return once(req, res, body, () => {
          const result = apply(dispute, body, { role: 'resident' });
          if (result.ok) return { status: 200, answer: { data: residentView(dispute.snapshot, dispute.timeline) } };
          // The core's rejection kind says which answer: a bad payload, an event the role may never send, or not now.
          const { kind, messageKey, issues, allowedEvents } = result.rejection;
          if (kind === 'invalid') return { status: 422, answer: { errcode: 'INVALID', errors: issues } };
          if (kind === 'forbidden')
            return { status: 403, answer: { errcode: 'FORBIDDEN', messageKey, allowed: allowedEvents } };
          return { status: 409, answer: { errcode: 'STATE', messageKey, allowed: allowedEvents } };
        });
      }
      send(res, 404, { errcode: 'NO_ROUTE' });
    } catch {
      send(res, 500, { errcode: 'INTERNAL' });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    count: () => disputes.size,
    officer(caseNumber, command, actor = { role: 'intake_officer' }) {
      const dispute = disputes.get(caseNumber);
      if (!dispute) throw new Error(`No dispute ${caseNumber}`);
      const result = apply(dispute, command, actor);
      if (!result.ok) throw new Error(`Officer action refused: ${result.rejection.code}`);
    },
    maintenance(times) {
      maintenance = times;
    },
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}
