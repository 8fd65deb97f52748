import { qingshanSampleFiling } from '@jiefen/core/demo';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createClient,
  createLocalBackend,
  createRestBackend,
  type JiefenBackend,
  JiefenNetworkError,
  memoryStorage,
  parseEventStream,
  uuidv7,
  type WatchEvent,
  watchCase,
} from '../../src/index.js';
import { type RunningServer, startJiefenServer } from '../fixtures/jiefen-server.js';

let server: RunningServer;
let staffToken: string;
beforeAll(async () => {
  server = await startJiefenServer();
  staffToken = await server.staffToken('coordinator');
});
afterAll(() => server?.close());

const rest = () => createRestBackend({ baseUrl: server.url, tenant: 'qingshan', staffCredential: () => staffToken });

describe('watching a case', () => {
  it('streams updates from the server over SSE with credentials in headers', async () => {
    const backend = rest();
    const receipt = await backend.fileCase(qingshanSampleFiling(), { idempotencyKey: uuidv7() });
    const watch = watchCase(backend, { caseNumber: receipt.caseNumber, accessCode: receipt.accessCode });
    const events: WatchEvent[] = [];
    watch.subscribe((e) => events.push(e));
    const iterator = watch[Symbol.asyncIterator]();
    expect((await iterator.next()).value?.progress.stage).toBe('registration');
    await backend.staff!.transition(receipt.caseNumber, { type: 'intake.accept', firstLineMediation: false });
    expect((await iterator.next()).value?.progress.stage).toBe('risk_assessment');
    expect(events.filter((e) => e.type === 'update').map((e) => e.type === 'update' && e.via)).toEqual([
      'stream',
      'stream',
    ]);
    watch.close();
    expect((await iterator.next()).done).toBe(true);
  });

  it('reconnects with the last event id and shows each state once', async () => {
    const inner = rest();
    const asked: Array<string | undefined> = [];
    // A stream that drops after every event, like a flaky mobile connection.
    const backend: JiefenBackend = {
      ...inner,
      async *streamCase(access, lastEventId, signal) {
        asked.push(lastEventId);
        for await (const update of inner.streamCase!(access, lastEventId, signal)) {
          yield update;
          throw new JiefenNetworkError('connection reset');
        }
      },
    };
    const receipt = await inner.fileCase(qingshanSampleFiling(), { idempotencyKey: uuidv7() });
    const watch = watchCase(
      backend,
      { caseNumber: receipt.caseNumber, accessCode: receipt.accessCode },
      { reconnectMs: 5 },
    );
    const stages: string[] = [];
    const errors: WatchEvent[] = [];
    watch.subscribe((e) => (e.type === 'update' ? stages.push(e.view.progress.stage) : errors.push(e)));
    const iterator = watch[Symbol.asyncIterator]();
    await iterator.next();
    await inner.staff!.transition(receipt.caseNumber, { type: 'intake.accept', firstLineMediation: false });
    await iterator.next();
    watch.close();
    expect(stages).toEqual(['registration', 'risk_assessment']);
    expect(asked[0]).toBeUndefined();
    expect(asked[1]).toMatch(/^\d+$/);
    // The drop after the first event was reported (so the check below is not over an empty list).
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((e) => e.type === 'error' && e.willRetry)).toBe(true);
  });

  it('falls back to polling when the push channel keeps failing', async () => {
    const local = createLocalBackend();
    const backend: JiefenBackend = {
      ...local,
      // biome-ignore lint/correctness/useYield: a stream that never delivers
      async *streamCase() {
        throw new JiefenNetworkError('blocked by the portal proxy');
      },
    };
    const client = createClient({ backend, storage: memoryStorage() });
    const receipt = await client.fileCase(qingshanSampleFiling());
    const watch = client.watchCase(receipt, { reconnectMs: 1, pollIntervalMs: 10 });
    const vias: string[] = [];
    const iterator = watch[Symbol.asyncIterator]();
    watch.subscribe((e) => e.type === 'update' && vias.push(e.via));
    expect((await iterator.next()).value?.progress.stage).toBe('registration');
    await local.staff.transition(receipt.caseNumber, { type: 'intake.accept', firstLineMediation: false });
    expect((await iterator.next()).value?.progress.stage).toBe('risk_assessment');
    expect(vias).toEqual(['poll', 'poll']);
    watch.close();
    await client.close();
  });

  it('ends the watch when the credential is wrong', async () => {
    const backend = rest();
    const receipt = await backend.fileCase(qingshanSampleFiling(), { idempotencyKey: uuidv7() });
    const watch = watchCase(backend, { caseNumber: receipt.caseNumber, accessCode: 'WRONGCODE234' });
    const events: WatchEvent[] = [];
    watch.subscribe((e) => events.push(e));
    const iterator = watch[Symbol.asyncIterator]();
    expect((await iterator.next()).done).toBe(true);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'error', willRetry: false, error: { messageKey: 'sdk.error.not_found' } });
  });
});

describe('event-stream parser', () => {
  it('parses events split across chunks, CRLF lines, comments and multi-line data', async () => {
    const text = ': hi\r\nevent: case\r\nid: 7\r\ndata: {"a":\r\ndata: 1}\r\n\r\n: heartbeat\n\ndata: plain\n\n';
    const bytes = new TextEncoder().encode(text);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 5) controller.enqueue(bytes.slice(i, i + 5));
        controller.close();
      },
    });
    const events = [];
    for await (const event of parseEventStream(stream)) events.push(event);
    expect(events).toEqual([
      { event: 'case', data: '{"a":\n1}', id: '7' },
      { event: 'message', data: 'plain', id: '7' },
    ]);
  });
});
