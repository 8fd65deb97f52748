import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { signWebhook } from '../src/notifications/webhooks.js';
import { ENGINES, fileCase, freshDatabase, type Harness, staff, startHarness, transition } from './support/harness.js';

/** Read Server-Sent Events from a real HTTP stream. */
async function openStream(base: string, path: string, headers: Record<string, string>) {
  const controller = new AbortController();
  const response = await fetch(base + path, { headers, signal: controller.signal });
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const events: Array<{ event: string; id: string; data: any }> = [];
  const next = async () => {
    for (;;) {
      const end = buffer.indexOf('\n\n');
      if (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (block.startsWith(':')) continue;
        const fields = Object.fromEntries(
          block.split('\n').map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 2)]),
        );
        const event = { event: fields.event!, id: fields.id!, data: JSON.parse(fields.data!) };
        events.push(event);
        return event;
      }
      const { value, done } = await reader.read();
      if (done) throw new Error('stream ended');
      buffer += decoder.decode(value, { stream: true });
    }
  };
  return { response, next, close: () => controller.abort() };
}

describe.each(ENGINES)('live updates and webhooks on %s', (engine) => {
  const open: Harness[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((h) => h.close()));
  });

  it('streams the resident view on every change', async () => {
    const h = await startHarness(engine);
    open.push(h);
    const filed = await fileCase(h);
    const stream = await openStream(h.base, `/api/v1/cases/${filed.caseNumber}/events`, {
      'x-jiefen-tracking-token': filed.trackingToken,
    });
    expect(stream.response.headers.get('content-type')).toContain('text/event-stream');
    const first = await stream.next();
    expect(first).toMatchObject({ event: 'case', id: '1' });
    await transition(h, filed.caseNumber, 'intake_officer', { type: 'intake.accept', firstLineMediation: false });
    const second = await stream.next();
    expect(second.id).toBe('2');
    expect(second.data.progress.stage).toBe('risk_assessment');
    stream.close();
  });

  it('refuses a stream without a valid credential', async () => {
    const h = await startHarness(engine);
    open.push(h);
    const filed = await fileCase(h);
    const response = await fetch(`${h.base}/api/v1/cases/${filed.caseNumber}/events`, {
      headers: { 'x-jiefen-access-code': 'WRONGWRONGWR' },
    });
    expect(response.status).toBe(404);
  });

  if (engine === 'postgres') {
    it('shows a watcher on one process a change made on another', async () => {
      const database = await freshDatabase('postgres');
      const a = await startHarness(engine, { database });
      const b = await startHarness(engine, { database });
      open.push(a, b);
      const filed = await fileCase(a);
      const stream = await openStream(b.base, `/api/v1/cases/${filed.caseNumber}/events`, {
        'x-jiefen-tracking-token': filed.trackingToken,
      });
      await stream.next();
      await transition(a, filed.caseNumber, 'intake_officer', { type: 'intake.accept', firstLineMediation: false });
      expect((await stream.next()).data.progress.stage).toBe('risk_assessment');
      stream.close();
    });
  }

  describe('webhooks', () => {
    let receiver: Server;
    let url: string;
    const received: Array<{ headers: IncomingMessage['headers']; body: string }> = [];
    let failNext = 0;
    beforeAll(async () => {
      receiver = createServer((req, res) => {
        let body = '';
        req.on('data', (c) => (body += c));
        req.on('end', () => {
          received.push({ headers: req.headers, body });
          if (failNext > 0) {
            failNext -= 1;
            res.writeHead(500).end();
          } else res.writeHead(204).end();
        });
      });
      await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/jiefen`;
    });
    afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())));

    it('refuses a bad subscription with the core schema, localized, and subscribes nothing', async () => {
      const h = await startHarness(engine);
      open.push(h);
      const refusals: Array<[unknown, string, string, string, string]> = [
        // [body, locale, code, messageKey of the url field, localized field message]
        [
          { url: 'ftp://example.org/hook' },
          'en',
          'validation_failed',
          'validation.type',
          'This value has the wrong format',
        ],
        [{ url: 'not a url' }, 'zh-CN', 'validation_failed', 'validation.type', '格式不正确'],
        [{}, 'zh-HK', 'validation_failed', 'validation.required', '請填寫此項'],
        [
          { url: `https://example.org/${'x'.repeat(2000)}` },
          'en',
          'validation_failed',
          'validation.too_long',
          'Please enter at most 2000 characters',
        ],
      ];
      for (const [body, locale, code, key, message] of refusals) {
        const refused = await h.request('POST', '/api/v1/staff/webhooks', {
          body,
          headers: { ...staff(h, 'admin'), 'accept-language': locale },
        });
        expect(refused.status).toBe(422);
        expect(refused.body.error.code).toBe(code);
        expect(refused.body.error.fields.url).toBe(message);
        expect(refused.body.error.issues).toEqual([expect.objectContaining({ path: 'url', key })]);
      }
      const listed = await h.request('GET', '/api/v1/staff/webhooks', { headers: staff(h, 'admin') });
      expect(listed.body.items).toEqual([]);
    });

    it('signs every case event, retries with backoff and logs deliveries', async () => {
      const h = await startHarness(engine);
      open.push(h);
      received.length = 0;
      const hook = await h.request('POST', '/api/v1/staff/webhooks', { body: { url }, headers: staff(h, 'admin') });
      expect(hook.status).toBe(201);
      const filed = await fileCase(h);
      failNext = 1;
      await h.request('POST', '/api/v1/test/clock', {
        body: { now: new Date(h.clock.now().getTime() + 1000).toISOString() },
      });
      expect(received).toHaveLength(1);
      let log = await h.request('GET', `/api/v1/staff/webhooks/${hook.body.id}/deliveries`, {
        headers: staff(h, 'admin'),
      });
      expect(log.body.items[0]).toMatchObject({ status: 'pending', attempts: 1, lastStatusCode: 500 });

      // Not yet: the retry waits for the backoff.
      await h.request('POST', '/api/v1/test/clock', {
        body: { now: new Date(h.clock.now().getTime() + 1000).toISOString() },
      });
      expect(received).toHaveLength(1);
      await h.request('POST', '/api/v1/test/clock', {
        body: { now: new Date(h.clock.now().getTime() + 120_000).toISOString() },
      });
      expect(received).toHaveLength(2);
      log = await h.request('GET', `/api/v1/staff/webhooks/${hook.body.id}/deliveries`, { headers: staff(h, 'admin') });
      expect(log.body.items[0]).toMatchObject({ status: 'delivered', attempts: 2, lastStatusCode: 204 });

      const delivery = received[1]!;
      const payload = JSON.parse(delivery.body);
      expect(payload).toMatchObject({ number: filed.caseNumber, seq: 1, type: 'case.filed', tenantId: 'qingshan' });
      expect(delivery.body).not.toContain('13800138000');
      const signature = String(delivery.headers['x-jiefen-signature']);
      const t = Number(/t=(\d+)/.exec(signature)![1]);
      expect(signature).toBe(signWebhook(hook.body.secret, delivery.body, new Date(t * 1000)));
    });
  });
});
