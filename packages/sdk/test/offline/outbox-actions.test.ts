import 'fake-indexeddb/auto';
import { qingshanSampleFiling } from '@jiefen/core/demo';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActor, waitFor } from 'xstate';
import {
  createCaseTracker,
  createClient,
  createLocalBackend,
  formatSdkMessage,
  idbStorage,
  isJiefenConflictError,
  isJiefenValidationError,
  type JiefenBackend,
  type JiefenClient,
  JiefenNetworkError,
  memoryStorage,
  type ResidentCaseCommand,
  type SubmissionState,
} from '../../src/index.js';
import type { FaultProxy } from '../fixtures/fault-proxy.js';
import { type ResidentConnection, startResidentConnection } from '../fixtures/resident-connection.js';

const REPLY = '劳动合同原件在家，已拍照补充；工资条见附件，老板欠薪共计一万二千元。';
let n = 0;

/** A local backend behind a switch: while `offline`, every call a resident makes fails like a dead connection. */
function flakyLocal() {
  const inner = createLocalBackend();
  const state = { offline: false, sent: [] as ResidentCaseCommand[] };
  const backend: JiefenBackend = {
    ...inner,
    kind: 'flaky-local',
    async sendCaseAction(access, command, call) {
      if (state.offline) throw new JiefenNetworkError('offline');
      state.sent.push(command);
      return inner.sendCaseAction(access, command, call);
    },
    async uploadAttachment(file, call) {
      if (state.offline) throw new JiefenNetworkError('offline');
      return inner.uploadAttachment(file, call);
    },
  };
  return { backend, inner, state };
}

const quickRetries = { retryBaseMs: 5, retryMaxMs: 20, requestPersistence: async () => undefined };

describe('resident actions through the outbox (reference server)', () => {
  let connection: ResidentConnection;
  let proxy: FaultProxy;
  let staff: JiefenClient;
  let residentPage: ResidentConnection['residentPage'];
  beforeAll(async () => {
    connection = await startResidentConnection({ seed: 7, staffRole: 'intake_officer', outbox: quickRetries });
    ({ proxy, staff, residentPage } = connection);
  });
  afterAll(() => connection?.close());

  it('delivers a reply written offline once the network is back, exactly once, across a reload', async () => {
    proxy.setRates({});
    const storage = idbStorage(`jiefen-actions-rest-${n++}`);
    const first = residentPage(storage);
    const receipt = await first.fileCase(qingshanSampleFiling());
    await staff.staff.transition(receipt.caseNumber, {
      type: 'intake.request_information',
      message: '请补充劳动合同和工资条',
      fields: ['answers.contract'],
    });

    proxy.setRates({ drop: 1 }); // the resident's connection dies
    const states: SubmissionState[] = [];
    first.outbox.subscribe((s) => states.push(s.state));
    const status = await first.submitCaseAction(receipt, { type: 'resident.supply_information', message: REPLY });
    await first.outbox.flush({ force: true });
    const waiting = await first.outbox.get(status.id);
    expect(waiting?.state).toBe('saved');
    expect(waiting?.lastError?.messageKey).toBe('sdk.error.network');
    expect(waiting?.command).toEqual({ type: 'resident.supply_information', message: REPLY });
    await first.close(); // the tab is closed while offline

    // Encrypted at rest: neither the reply nor the access code is readable in storage.
    const raw = JSON.stringify(await storage.outbox.get(status.id));
    expect(raw).not.toContain('劳动合同原件');
    expect(raw).not.toContain(receipt.accessCode);

    // Back online, on the next page load; the first answer is lost after the server committed.
    proxy.setRates({});
    proxy.force('dropAfterCommit');
    const second = residentPage(storage);
    const done = await second.outbox.waitFor(status.id);
    expect(done.state).toBe('received');
    expect(done.attempts).toBeGreaterThanOrEqual(3);
    expect(states).toEqual(expect.arrayContaining(['saved', 'sending']));
    await second.close();

    const detail = await staff.staff.getCase(receipt.caseNumber);
    const replies = detail.timeline.filter((e) => e.type === 'resident.supply_information');
    expect(replies).toHaveLength(1);
    expect(replies[0]?.data.message).toBe(REPLY);
    expect(detail.allowedEvents).toContain('intake.accept');
  });

  it('marks an action the case no longer accepts as rejected, with the reason, and keeps the text', async () => {
    proxy.setRates({});
    const client = residentPage();
    const receipt = await client.fileCase(qingshanSampleFiling());
    const comment = '调解员很耐心，但还没处理完就让我评价';
    const error = await client.rateOutcome(receipt, 4, comment).catch((e: unknown) => e);
    expect(isJiefenConflictError(error) && error.allowedEvents).toContain('resident.withdraw');

    const [rejected] = (await client.outbox.list()).filter((s) => s.kind === 'case_action');
    expect(rejected?.state).toBe('rejected');
    expect(rejected?.attempts).toBe(1);
    expect(rejected?.lastError?.code).toBe('transition_rejected');
    expect(rejected?.lastError?.allowedEvents).toContain('resident.withdraw');
    expect(rejected?.command).toEqual({ type: 'resident.rate', score: 4, comment });
    const reason = formatSdkMessage(rejected?.lastError?.messageKey ?? '', {}, 'zh-CN');
    expect(reason).not.toBe(rejected?.lastError?.messageKey);
    expect(reason).toMatch(/[\u4e00-\u9fff]/);

    await client.outbox.flush({ force: true });
    expect((await client.outbox.get(rejected!.id))?.attempts).toBe(1); // never retried
    await client.close();
  });

  it('refuses an invalid action before storing it', async () => {
    const storage = memoryStorage();
    const client = createClient({ backend: createLocalBackend(), storage });
    const receipt = await client.fileCase(qingshanSampleFiling());
    const error = await client.rateOutcome(receipt, 9).catch((e: unknown) => e);
    expect(isJiefenValidationError(error) && error.issues.map((i) => [i.path, i.key])).toEqual([
      ['score', 'validation.rating'],
    ]);
    expect((await client.outbox.list()).map((s) => s.kind)).toEqual(['case']);
    await client.close();
  });
});

describe('resident actions through the outbox (device)', () => {
  it('sends actions on one case in the order the resident made them, evidence uploaded on the way', async () => {
    const { backend, state } = flakyLocal();
    const client = createClient({ backend, storage: memoryStorage(), outbox: quickRetries });
    const receipt = await client.fileCase(qingshanSampleFiling());

    state.offline = true;
    const photo = { blob: new Blob(['工资条照片'], { type: 'image/jpeg' }), name: '工资条.jpg' };
    const evidence = await client.submitCaseAction(
      receipt,
      { type: 'resident.add_evidence', attachments: [] },
      { files: [photo] },
    );
    expect(evidence.files).toEqual(['工资条.jpg']);
    const withdrawal = await client.submitCaseAction(receipt, { type: 'resident.withdraw', reason: '已和解' });
    await client.outbox.flush({ force: true });
    expect((await client.outbox.pending()).map((s) => s.id)).toEqual([evidence.id, withdrawal.id]);

    state.offline = false;
    await client.outbox.flush({ force: true });
    const last = await client.outbox.waitFor(withdrawal.id);
    expect(state.sent.map((c) => c.type)).toEqual(['resident.add_evidence', 'resident.withdraw']);
    const sentEvidence = state.sent[0] as Extract<ResidentCaseCommand, { type: 'resident.add_evidence' }>;
    expect(sentEvidence.attachments.map((a) => [a.name, a.mediaType])).toEqual([['工资条.jpg', 'image/jpeg']]);
    expect((last.view as { withdrawnAt?: string }).withdrawnAt).toBeTruthy();
    await client.close();
  });

  it('shows a reply waiting offline in the tracker, finds it again after a reload, and delivers it', async () => {
    const { backend, inner, state } = flakyLocal();
    const storage = idbStorage(`jiefen-actions-tracker-${n++}`);
    const page = () => createClient({ backend, storage, outbox: { retryBaseMs: 60_000, retryMaxMs: 60_000 } });
    const first = page();
    const receipt = await first.fileCase(qingshanSampleFiling());
    await inner.staff.transition(receipt.caseNumber, {
      type: 'intake.request_information',
      message: '请补充劳动合同',
      fields: [],
    });
    const access = { caseNumber: receipt.caseNumber, accessCode: receipt.accessCode };

    state.offline = true;
    const tracker = createActor(createCaseTracker(first), { input: { access } }).start();
    await waitFor(tracker, (s) => s.matches({ tracking: 'ready' }));
    tracker.send({ type: 'tracker.supply_information', message: REPLY });
    const waiting = await waitFor(
      tracker,
      (s) => s.context.action?.state === 'saved' && s.context.action.lastError !== undefined,
    );
    expect(waiting.matches({ tracking: { acting: 'following' } })).toBe(true);
    expect(waiting.context.action?.command).toEqual({ type: 'resident.supply_information', message: REPLY });
    tracker.stop();
    await first.close();

    // Reload, still offline: the tracker finds the waiting reply and shows it.
    const second = page();
    const again = createActor(createCaseTracker(second), { input: { access } }).start();
    const found = await waitFor(again, (s) => s.matches({ tracking: { acting: 'following' } }));
    expect(found.context.action?.state).toBe('saved');
    expect(found.context.action?.command).toEqual({ type: 'resident.supply_information', message: REPLY });

    state.offline = false;
    again.send({ type: 'tracker.retry' }); // "send now": the backoff is a minute
    const delivered = await waitFor(again, (s) => s.matches({ tracking: 'ready' }) && !s.context.action);
    expect(delivered.context.view?.timeline.map((e) => e.type)).toContain('resident.supply_information');
    again.stop();
    await second.close();
  });

  it('keeps a rejected action in the tracker until the resident dismisses it', async () => {
    const client = createClient({ backend: createLocalBackend(), storage: memoryStorage() });
    const receipt = await client.fileCase(qingshanSampleFiling());
    const tracker = createActor(createCaseTracker(client), { input: { access: receipt } }).start();
    await waitFor(tracker, (s) => s.matches({ tracking: 'ready' }));
    tracker.send({ type: 'tracker.request_reopen', reason: '对方没有履行协议' });
    const rejected = await waitFor(tracker, (s) => s.matches({ tracking: 'ready' }) && s.context.action !== undefined);
    expect(rejected.context.action?.state).toBe('rejected');
    expect(rejected.context.action?.command).toEqual({ type: 'resident.request_reopen', reason: '对方没有履行协议' });
    expect(rejected.context.error?.code).toBe('transition_rejected');
    expect(rejected.context.error?.allowedEvents).toContain('resident.withdraw');

    tracker.send({ type: 'tracker.dismiss_action' });
    expect(tracker.getSnapshot().context.action).toBeUndefined();
    await waitFor(tracker, () => true);
    await expect.poll(async () => (await client.outbox.list()).map((s) => s.kind)).toEqual(['case']);
    tracker.stop();
    await client.close();
  });
});
