// The consultation actor follows a received consultation as the case tracker follows a case: staff's
// changes arrive over the server's event stream (no lookup needed), and where the stream cannot be
// had the actor falls back to polling. Against the real reference server over HTTP.
import { qingshanSampleConsultation } from '@jiefen/core/demo';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActor, waitFor } from 'xstate';
import {
  type ConsultationRequestActorInput,
  type ConsultationRequestEmitted,
  createClient,
  createConsultationRequest,
  createRestBackend,
  type JiefenBackend,
  JiefenNetworkError,
  memoryStorage,
} from '../../src/index.js';
import { type RunningServer, startJiefenServer } from '../fixtures/jiefen-server.js';

let server: RunningServer;
let staffToken: string;
beforeAll(async () => {
  server = await startJiefenServer();
  staffToken = await server.staffToken('coordinator');
});
afterAll(() => server?.close());

/** The REST backend, counting the lookups and stream openings the actor makes. */
function countingRest(override: Partial<JiefenBackend> = {}) {
  const inner = createRestBackend({ baseUrl: server.url, tenant: 'qingshan', staffCredential: () => staffToken });
  const calls = { lookups: 0, streams: 0 };
  const backend: JiefenBackend = {
    ...inner,
    getConsultation(access, o) {
      calls.lookups += 1;
      return inner.getConsultation(access, o);
    },
    streamConsultation(access, lastEventId, signal) {
      calls.streams += 1;
      return (override.streamConsultation ?? inner.streamConsultation!).call(inner, access, lastEventId, signal);
    },
  };
  return { inner, backend, calls };
}

async function requestAndWait(backend: JiefenBackend, input: ConsultationRequestActorInput) {
  const client = createClient({ backend, storage: memoryStorage(), drafts: { debounceMs: 0 } });
  const actor = createActor(createConsultationRequest(client), { input }).start();
  const emitted: ConsultationRequestEmitted[] = [];
  actor.on('*', (event) => emitted.push(event as ConsultationRequestEmitted));
  await waitFor(actor, (s) => s.matches('editing'), { timeout: 20_000 });
  actor.send({ type: 'consultation.change', values: qingshanSampleConsultation() });
  actor.send({ type: 'consultation.submit' });
  const received = await waitFor(actor, (s) => s.matches({ received: 'ready' }), { timeout: 20_000 });
  return { client, actor, emitted, receipt: received.context.receipt! };
}

describe('a received consultation, live', () => {
  it("shows staff's change pushed over the event stream, without a lookup", async () => {
    const { inner, backend, calls } = countingRest();
    // An hour between polls: within this test only the stream can bring the change.
    const { client, actor, emitted, receipt } = await requestAndWait(backend, { refreshIntervalMs: 3_600_000 });
    await waitFor(actor, () => calls.streams > 0, { timeout: 20_000 });
    const lookupsBefore = calls.lookups;

    await inner.staff!.transitionConsultation(receipt.consultationNumber, {
      type: 'consultation.assign',
      lawyer: '李律师',
    });
    const assigned = await waitFor(actor, (s) => s.context.view?.status === 'assigned', { timeout: 20_000 });
    expect(assigned.context.view?.lawyer).toBe('李律师');
    expect(calls.lookups).toBe(lookupsBefore);
    expect(assigned.context.reconnecting).toBe(false);

    await inner.staff!.transitionConsultation(receipt.consultationNumber, {
      type: 'consultation.schedule',
      at: '2030-03-04T02:00:00.000Z',
      channel: 'phone',
    });
    await waitFor(actor, (s) => s.context.view?.status === 'scheduled', { timeout: 20_000 });
    expect(calls.lookups).toBe(lookupsBefore);
    // Each change announced once, in order.
    expect(emitted.filter((e) => e.type === 'updated')).toEqual([
      { type: 'updated', status: 'assigned', previous: 'requested' },
      { type: 'updated', status: 'scheduled', previous: 'assigned' },
    ]);
    actor.stop();
    await client.close();
  });

  it('falls back to polling when the event stream cannot be opened', async () => {
    const { inner, backend, calls } = countingRest({
      // A portal proxy that refuses long-lived responses.
      // biome-ignore lint/correctness/useYield: a stream that never delivers
      async *streamConsultation() {
        throw new JiefenNetworkError('blocked by the portal proxy');
      },
    });
    const { client, actor, receipt } = await requestAndWait(backend, {
      refreshIntervalMs: 25,
      watch: { reconnectMs: 1, maxReconnectMs: 2, streamFailuresBeforePolling: 2 },
    });
    await waitFor(actor, (s) => s.context.reconnecting, { timeout: 20_000 });
    await inner.staff!.transitionConsultation(receipt.consultationNumber, {
      type: 'consultation.assign',
      lawyer: '李律师',
    });
    const assigned = await waitFor(actor, (s) => s.context.view?.status === 'assigned', { timeout: 20_000 });
    expect(assigned.context.view?.lawyer).toBe('李律师');
    // The stream was tried, then the change came by lookup.
    expect(calls.streams).toBeGreaterThanOrEqual(2);
    expect(calls.lookups).toBeGreaterThan(0);
    expect(assigned.context.reconnecting).toBe(false);
    actor.stop();
    await client.close();
  });

  it('is not followed at all with refreshIntervalMs 0 (looked up on consultation.refresh only)', async () => {
    const { inner, backend, calls } = countingRest();
    const { client, actor, receipt } = await requestAndWait(backend, { refreshIntervalMs: 0 });
    await inner.staff!.transitionConsultation(receipt.consultationNumber, {
      type: 'consultation.assign',
      lawyer: '李律师',
    });
    expect(calls.streams).toBe(0);
    expect(actor.getSnapshot().context.view?.status).toBe('requested');
    actor.send({ type: 'consultation.refresh' });
    await waitFor(actor, (s) => s.context.view?.status === 'assigned', { timeout: 20_000 });
    expect(calls.lookups).toBe(1);
    actor.stop();
    await client.close();
  });
});
