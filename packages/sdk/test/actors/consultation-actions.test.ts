// The consultation-request actor's resident actions (cancel, rate) go through the outbox like the
// case tracker's: shown while they wait, found again after a reload, retried, or kept when rejected.
import 'fake-indexeddb/auto';
import { qingshanSampleConsultation } from '@jiefen/core/demo';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActor, waitFor } from 'xstate';
import {
  type ConsultationReceipt,
  createClient,
  createConsultationRequest,
  createLocalBackend,
  formatSdkMessage,
  idbStorage,
  type JiefenBackend,
  type JiefenClient,
  JiefenNetworkError,
  memoryStorage,
  type ResidentConsultationCommand,
} from '../../src/index.js';
import type { FaultProxy } from '../fixtures/fault-proxy.js';
import { type ResidentConnection, startResidentConnection } from '../fixtures/resident-connection.js';

const COMMENT = '律师讲得很清楚，告诉我先去劳动监察大队投诉，再申请仲裁。';
const REASON = '老板已经把工资结清了，不需要咨询了';
let n = 0;

/** Open the consultation actor, fill in the sample request and wait until the backend has it. */
async function requestConsultation(client: JiefenClient) {
  const actor = createActor(createConsultationRequest(client), { input: {} }).start();
  await waitFor(actor, (s) => s.matches('editing'));
  actor.send({ type: 'consultation.change', values: qingshanSampleConsultation() });
  actor.send({ type: 'consultation.submit' });
  const received = await waitFor(actor, (s) => s.matches({ received: 'ready' }));
  return { actor, receipt: received.context.receipt as ConsultationReceipt };
}

/** What a reload makes: a new actor over the same client storage. */
const reopen = (client: JiefenClient) => createActor(createConsultationRequest(client), { input: {} }).start();

describe('consultation actions in the actor (reference server)', () => {
  let connection: ResidentConnection;
  let proxy: FaultProxy;
  let staff: JiefenClient;
  // Automatic retries are a minute away: the test decides when the next attempt happens ("send now").
  let residentPage: ResidentConnection['residentPage'];
  beforeAll(async () => {
    connection = await startResidentConnection({
      seed: 11,
      staffRole: 'coordinator',
      outbox: { retryBaseMs: 60_000, retryMaxMs: 60_000 },
    });
    ({ proxy, staff, residentPage } = connection);
  });
  afterAll(() => connection?.close());

  const answer = async (consultationNumber: string) => {
    await staff.staff.transitionConsultation(consultationNumber, { type: 'consultation.assign', lawyer: '王律师' });
    await staff.staff.transitionConsultation(consultationNumber, {
      type: 'consultation.answer',
      summary: '可申请法律援助，需准备劳动合同、工资条和考勤记录。',
    });
  };

  it('shows a rating made offline as saved, again after a reload, and delivers it exactly once', async () => {
    proxy.setRates({});
    const storage = idbStorage(`jiefen-consultation-rest-${n++}`);
    const first = residentPage(storage);
    const { actor, receipt } = await requestConsultation(first);
    await answer(receipt.consultationNumber);

    proxy.setRates({ drop: 1 }); // the resident's connection dies
    actor.send({ type: 'consultation.rate', score: 5, comment: COMMENT });
    const saved = await waitFor(actor, (s) => s.context.action?.state === 'saved' && !!s.context.action.lastError);
    expect(saved.matches({ received: { acting: 'following' } })).toBe(true);
    expect(saved.context.action?.lastError?.messageKey).toBe('sdk.error.network');
    expect(saved.context.action?.command).toEqual({ type: 'resident.rate', score: 5, comment: COMMENT });
    actor.stop();
    await first.close(); // the tab is closed while offline

    // Reload, still offline: the actor finds the consultation and the waiting rating on this device.
    const second = residentPage(storage);
    const again = reopen(second);
    const found = await waitFor(
      again,
      (s) => s.matches({ received: { acting: 'following' } }) && s.context.action?.state === 'saved',
    );
    expect(found.context.receipt?.consultationNumber).toBe(receipt.consultationNumber);
    expect(found.context.action?.command).toEqual({ type: 'resident.rate', score: 5, comment: COMMENT });
    const attemptsOffline = (await second.outbox.get(found.context.action!.id))?.attempts ?? 0;

    // Back online; the first answer is lost after the server committed, so "send now" twice.
    proxy.setRates({});
    proxy.force('dropAfterCommit');
    again.send({ type: 'consultation.retry' });
    await waitFor(
      again,
      (s) => s.context.action?.state === 'saved' && s.context.action.attempts === attemptsOffline + 1,
    );
    again.send({ type: 'consultation.retry' });
    const delivered = await waitFor(again, (s) => s.matches({ received: 'ready' }) && !s.context.action);
    expect(delivered.context.view?.status).toBe('closed');
    expect(delivered.context.view?.rating).toEqual({ score: 5, comment: COMMENT });
    expect(delivered.context.error).toBeUndefined();
    again.stop();
    await second.close();

    const detail = await staff.staff.getConsultation(receipt.consultationNumber);
    const ratings = detail.timeline.filter((e) => e.type === 'resident.rate');
    expect(ratings).toHaveLength(1);
    expect(ratings[0]?.data).toMatchObject({ score: 5, comment: COMMENT });
  });

  it('marks a cancellation of an answered consultation as rejected, with the reason, and keeps the text', async () => {
    proxy.setRates({});
    const storage = memoryStorage();
    const client = residentPage(storage);
    const { actor, receipt } = await requestConsultation(client);
    await answer(receipt.consultationNumber);

    actor.send({ type: 'consultation.cancel', reason: REASON });
    const rejected = await waitFor(actor, (s) => s.matches({ received: 'ready' }) && s.context.action !== undefined);
    expect(rejected.context.action?.state).toBe('rejected');
    expect(rejected.context.action?.attempts).toBe(1);
    expect(rejected.context.action?.command).toEqual({ type: 'resident.cancel', reason: REASON });
    expect(rejected.context.error?.code).toBe('transition_rejected');
    expect(rejected.context.error?.allowedEvents).toContain('resident.rate');
    const reason = formatSdkMessage(rejected.context.error?.messageKey ?? '', {}, 'zh-CN');
    expect(reason).not.toBe(rejected.context.error?.messageKey);
    expect(reason).toMatch(/[\u4e00-\u9fff]/);
    actor.stop();

    // A reload shows the refusal and the text again, until the resident dismisses it.
    const again = reopen(client);
    const shown = await waitFor(again, (s) => s.matches({ received: 'ready' }) && s.context.action !== undefined);
    expect(shown.context.action?.state).toBe('rejected');
    expect(shown.context.action?.command).toEqual({ type: 'resident.cancel', reason: REASON });
    expect(shown.context.error?.code).toBe('transition_rejected');
    expect(shown.context.view?.status).toBe('answered'); // refreshed on the way in
    again.send({ type: 'consultation.dismiss_action' });
    expect(again.getSnapshot().context.action).toBeUndefined();
    expect(again.getSnapshot().context.error).toBeUndefined();
    await expect.poll(async () => (await client.outbox.list()).map((s) => s.kind)).toEqual(['consultation']);
    again.stop();

    const detail = await staff.staff.getConsultation(receipt.consultationNumber);
    expect(detail.timeline.map((e) => e.type)).not.toContain('resident.cancel');
    await client.close();
  });
});

/** A local backend behind a switch: while `offline`, every consultation call fails like a dead connection. */
function flakyLocal() {
  const inner = createLocalBackend();
  const state = { offline: false, sent: [] as ResidentConsultationCommand[] };
  const backend: JiefenBackend = {
    ...inner,
    kind: 'flaky-local',
    async getConsultation(access, call) {
      if (state.offline) throw new JiefenNetworkError('offline');
      return inner.getConsultation(access, call);
    },
    async sendConsultationAction(access, command, call) {
      if (state.offline) throw new JiefenNetworkError('offline');
      state.sent.push(command);
      return inner.sendConsultationAction(access, command, call);
    },
  };
  return { backend, state };
}

describe('consultation actions in the actor (device)', () => {
  it('keeps a cancellation made offline across a reload and sends it when the resident says "send now"', async () => {
    const { backend, state } = flakyLocal();
    const storage = idbStorage(`jiefen-consultation-local-${n++}`);
    const page = () => createClient({ backend, storage, outbox: { retryBaseMs: 60_000, retryMaxMs: 60_000 } });
    const first = page();
    const { actor } = await requestConsultation(first);

    state.offline = true;
    actor.send({ type: 'consultation.cancel', reason: REASON });
    await waitFor(actor, (s) => s.context.action?.state === 'saved' && !!s.context.action.lastError);
    actor.stop();
    await first.close();

    const second = page();
    const again = reopen(second);
    // The page load tries once more (still offline): the action shows as saved again afterwards.
    const found = await waitFor(
      again,
      (s) => s.matches({ received: { acting: 'following' } }) && s.context.action?.state === 'saved',
    );
    expect(found.context.action?.command).toEqual({ type: 'resident.cancel', reason: REASON });
    expect(found.context.error?.messageKey).toBe('sdk.error.network'); // the refresh on the way in failed

    state.offline = false;
    again.send({ type: 'consultation.retry' });
    const delivered = await waitFor(again, (s) => s.matches({ received: 'ready' }) && !s.context.action);
    expect(delivered.context.view?.status).toBe('cancelled');
    expect(delivered.context.error).toBeUndefined();
    expect(state.sent).toEqual([{ type: 'resident.cancel', reason: REASON }]);
    again.stop();
    await second.close();
  });

  it('refuses an invalid rating before storing it, keeping the consultation as it was', async () => {
    const client = createClient({ backend: createLocalBackend(), storage: memoryStorage() });
    const { actor } = await requestConsultation(client);
    actor.send({ type: 'consultation.rate', score: 9 });
    const refused = await waitFor(actor, (s) => s.matches({ received: 'ready' }) && s.context.error !== undefined);
    expect(refused.context.error?.issues?.map((i) => [i.path, i.key])).toEqual([['score', 'validation.rating']]);
    expect(refused.context.action).toBeUndefined();
    expect((await client.outbox.list()).map((s) => s.kind)).toEqual(['consultation']);
    actor.stop();
    await client.close();
  });

  it('starts a new request after a received one, forgetting its receipt on this device', async () => {
    const client = createClient({ backend: createLocalBackend(), storage: memoryStorage() });
    const { actor } = await requestConsultation(client);
    actor.stop();

    const again = reopen(client);
    await waitFor(again, (s) => s.matches({ received: 'ready' }));
    again.send({ type: 'consultation.new_request' });
    const fresh = await waitFor(again, (s) => s.matches('editing'));
    expect(fresh.context.receipt).toBeUndefined();
    expect(fresh.context.form.question).toBeUndefined();
    await expect.poll(async () => (await client.outbox.list()).length).toBe(0);
    again.stop();

    const third = reopen(client);
    await waitFor(third, (s) => s.matches('editing'));
    third.stop();
    await client.close();
  });
});
