// Drafts, the outbox and the local backend in real Chromium: real IndexedDB, real WebCrypto, real
// window events. A "reload" is a new client over the same database, as a new page load would make.

import { qingshanSampleConsultation, qingshanSampleFiling } from '@jiefen/core/demo';
import {
  createCaseTracker,
  createClient,
  createConsultationRequest,
  createIntakeWizard,
  createLocalBackend,
  idbStorage,
  type JiefenBackend,
  type JiefenClient,
  JiefenNetworkError,
  type LocalBackend,
} from '@jiefen/sdk';
import { expect } from '@open-wc/testing';
import { createActor, waitFor } from 'xstate';

let n = 0;
/** A database name no earlier test (or earlier run in this profile) used. */
const fresh = (purpose: string) => `jiefen-browser-${purpose}-${Date.now()}-${n++}`;

/** Read a record with the plain IndexedDB API, as anyone with the browser profile could. */
function rawRecord(database: string, store: string, key: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(database);
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const get = db.transaction(store, 'readonly').objectStore(store).get(key);
      get.onerror = () => reject(get.error);
      get.onsuccess = () => {
        resolve(get.result);
        db.close();
      };
    };
  });
}

/** Everything a record holds as text: strings as they are, bytes decoded as UTF-8. */
function readable(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v instanceof ArrayBuffer) return new TextDecoder().decode(v);
    if (ArrayBuffer.isView(v)) return new TextDecoder().decode(v);
    return v;
  });
}

/** The local backend behind a switch: fails like a dead connection while `offline`, or `failures` more times. */
function flaky(databaseName: string) {
  const inner = createLocalBackend({ databaseName });
  const state = { offline: false, failures: 0, filings: 0, actions: 0 };
  const fail = () => {
    if (state.offline) throw new JiefenNetworkError('offline');
    if (state.failures > 0) {
      state.failures -= 1;
      throw new JiefenNetworkError('connection reset');
    }
  };
  const backend: JiefenBackend = {
    ...inner,
    kind: 'flaky-local',
    async fileCase(filing, call) {
      fail();
      state.filings += 1;
      return inner.fileCase(filing, call);
    },
    async sendCaseAction(access, command, call) {
      fail();
      state.actions += 1;
      return inner.sendCaseAction(access, command, call);
    },
    async getConsultation(access, call) {
      fail();
      return inner.getConsultation(access, call);
    },
    async sendConsultationAction(access, command, call) {
      fail();
      state.actions += 1;
      return inner.sendConsultationAction(access, command, call);
    },
  };
  return { backend, inner, state };
}

const noPersist = { requestPersistence: async () => undefined };

describe('@jiefen/sdk offline layer in Chromium', () => {
  const clients: JiefenClient[] = [];
  const page = (...args: Parameters<typeof createClient>) => {
    const client = createClient(...args);
    clients.push(client);
    return client;
  };
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
  });

  it('encrypts drafts at rest with a non-extractable key', async () => {
    const database = fresh('drafts');
    const client = page({
      backend: createLocalBackend({ databaseName: fresh('local') }),
      storage: idbStorage(database),
    });
    const typed = { applicant: { name: '李建国', phone: '13800138000' }, description: '老板拖欠三个月工资' };
    await client.drafts.save('intake', 'case', typed, 'parties');

    const raw = await rawRecord(database, 'drafts', 'intake');
    expect(raw).to.be.an('object');
    const text = readable(raw);
    for (const secret of ['李建国', '13800138000', '老板拖欠', 'parties']) expect(text).not.to.include(secret);

    const key = (await rawRecord(database, 'keys', 'device-key-v1')) as CryptoKey;
    expect(key).to.be.instanceOf(CryptoKey);
    expect(key.extractable).to.equal(false);
    expect(key.algorithm.name).to.equal('AES-GCM');
    let exported: unknown = 'not attempted';
    try {
      exported = await crypto.subtle.exportKey('raw', key);
    } catch (error) {
      exported = error;
    }
    expect(exported).to.be.instanceOf(DOMException);
    expect((exported as DOMException).name).to.equal('InvalidAccessError');
  });

  it('offers a draft for restore after a reload', async () => {
    const database = fresh('restore');
    const databaseName = fresh('local');
    const backend = () => createLocalBackend({ databaseName });
    const first = page({ backend: backend(), storage: idbStorage(database) });
    first.drafts.saveSoon('intake', 'case', { categoryId: 'labour', description: '邻居装修噪音持续三个月' }, 'details');
    await first.close(); // closing the page writes what is pending

    const second = page({ backend: backend(), storage: idbStorage(database) });
    const drafts = await second.drafts.list('case');
    expect(drafts.map((d) => [d.id, d.step])).to.deep.equal([['intake', 'details']]);

    const wizard = createActor(createIntakeWizard(second), { input: { draftId: 'intake' } }).start();
    const offered = await waitFor(wizard, (s) => s.matches('offeringRestore'));
    expect(offered.context.restorable?.form.description).to.equal('邻居装修噪音持续三个月');
    wizard.send({ type: 'intake.restore' });
    expect(wizard.getSnapshot().context.step).to.equal('details');
    wizard.stop();
  });

  it('expires untouched drafts and forgets discarded ones', async () => {
    const database = fresh('expiry');
    const databaseName = fresh('local');
    const backend = () => createLocalBackend({ databaseName });
    const expiring = page({ backend: backend(), storage: idbStorage(database), drafts: { ttlMs: 0 } });
    await expiring.drafts.save('old', 'case', { description: '上个月的草稿' });
    expect(await expiring.drafts.load('old')).to.equal(undefined);
    expect(await rawRecord(database, 'drafts', 'old')).to.equal(undefined); // deleted on sight

    const client = page({ backend: backend(), storage: idbStorage(database) });
    await client.drafts.save('intake', 'case', { description: '想撤回的草稿' });
    await client.drafts.discard('intake');
    expect(await client.drafts.load('intake')).to.equal(undefined);
    expect(await rawRecord(database, 'drafts', 'intake')).to.equal(undefined);
  });

  it('keeps a submission across a reload, encrypted, and delivers it once the backend answers', async () => {
    const database = fresh('outbox');
    const { backend, state } = flaky(fresh('local'));
    const options = {
      backend,
      storage: idbStorage(database),
      outbox: { retryBaseMs: 5, retryMaxMs: 20, ...noPersist },
    };
    state.offline = true;
    const first = page(options);
    const filing = qingshanSampleFiling();
    const status = await first.submitCase(filing);
    await first.outbox.flush({ force: true });
    expect((await first.outbox.get(status.id))?.state).to.equal('saved');
    await first.close();

    const text = readable(await rawRecord(database, 'outbox', status.id));
    expect(text).not.to.include(filing.applicant.phone);
    expect(text).not.to.include(filing.description.slice(0, 12));

    state.offline = false;
    state.failures = 2; // the connection is still shaky after the reload
    const second = page(options);
    const done = await second.outbox.waitFor(status.id);
    expect(done.state).to.equal('received');
    expect(done.number).to.match(/^JF-/);
    expect(done.attempts).to.be.greaterThan(2);
    expect(state.filings).to.equal(1);
  });

  it('asks the browser to persist storage while something is unsent', async () => {
    const original = navigator.storage.persist;
    let asked = 0;
    navigator.storage.persist = async () => {
      asked += 1;
      return original.call(navigator.storage);
    };
    try {
      const { backend, state } = flaky(fresh('local'));
      state.offline = true;
      const client = page({
        backend,
        storage: idbStorage(fresh('persist')),
        outbox: { retryBaseMs: 60_000 },
      });
      await client.submitCase(qingshanSampleFiling());
      await client.outbox.flush({ force: true });
      expect(asked).to.be.greaterThan(0);
    } finally {
      navigator.storage.persist = original;
    }
  });

  it('retries at once when the window comes online and when the page becomes visible', async () => {
    const { backend, state } = flaky(fresh('local'));
    // A minute of backoff: only the events can bring the retries forward.
    const client = page({
      backend,
      storage: idbStorage(fresh('triggers')),
      outbox: { retryBaseMs: 60_000, retryMaxMs: 60_000, ...noPersist },
    });
    state.offline = true;
    const first = await client.submitCase(qingshanSampleFiling());
    await client.outbox.flush();
    expect((await client.outbox.get(first.id))?.state).to.equal('saved');
    state.offline = false;
    window.dispatchEvent(new Event('online'));
    expect((await client.outbox.waitFor(first.id)).state).to.equal('received');

    state.offline = true;
    const second = await client.submitCase(qingshanSampleFiling());
    await client.outbox.flush();
    expect((await client.outbox.get(second.id))?.state).to.equal('saved');
    state.offline = false;
    expect(document.visibilityState).to.equal('visible');
    document.dispatchEvent(new Event('visibilitychange'));
    expect((await client.outbox.waitFor(second.id)).state).to.equal('received');
  });

  it('keeps a reply written offline across a reload, encrypted, shows it in the tracker and delivers it', async () => {
    const database = fresh('action');
    const { backend, inner, state } = flaky(fresh('local'));
    const options = { backend, storage: idbStorage(database), outbox: { retryBaseMs: 60_000, ...noPersist } };
    const first = page(options);
    const receipt = await first.fileCase(qingshanSampleFiling());
    await inner.staff.transition(receipt.caseNumber, {
      type: 'intake.request_information',
      message: '请补充劳动合同',
      fields: [],
    });
    const access = { caseNumber: receipt.caseNumber, accessCode: receipt.accessCode };
    const reply = '合同在家里，拍照补充给你们，工资条也附上了';

    state.offline = true;
    const status = await first.submitCaseAction(access, { type: 'resident.supply_information', message: reply });
    await first.outbox.flush({ force: true });
    await first.close();
    const text = readable(await rawRecord(database, 'outbox', status.id));
    expect(text).not.to.include('合同在家里');
    expect(text).not.to.include(receipt.accessCode);

    const second = page(options);
    const tracker = createActor(createCaseTracker(second), { input: { access } }).start();
    // The new page's outbox tries the waiting reply at once (still offline), so the tracker may first
    // show it `sending`; it settles as `saved` on this device after that attempt fails.
    const found = await waitFor(
      tracker,
      (s) => s.matches({ tracking: { acting: 'following' } }) && s.context.action?.state === 'saved',
    );
    expect(found.context.action?.state).to.equal('saved');
    expect(found.context.action?.command).to.deep.equal({ type: 'resident.supply_information', message: reply });

    state.offline = false;
    window.dispatchEvent(new Event('online'));
    const delivered = await waitFor(tracker, (s) => s.matches({ tracking: 'ready' }) && !s.context.action);
    expect(delivered.context.view?.timeline.map((e) => e.type)).to.include('resident.supply_information');
    expect(state.actions).to.equal(1);
    tracker.stop();
  });

  it('keeps a consultation rating made offline across a reload, shows it in the actor and delivers it', async () => {
    const database = fresh('consultation-action');
    const { backend, inner, state } = flaky(fresh('local'));
    const options = { backend, storage: idbStorage(database), outbox: { retryBaseMs: 60_000, ...noPersist } };
    const first = page(options);
    const actor = createActor(createConsultationRequest(first), { input: {} }).start();
    await waitFor(actor, (s) => s.matches('editing'));
    actor.send({ type: 'consultation.change', values: qingshanSampleConsultation() });
    actor.send({ type: 'consultation.submit' });
    const { context } = await waitFor(actor, (s) => s.matches({ received: 'ready' }));
    const consultationNumber = context.receipt!.consultationNumber;
    await inner.staff.transitionConsultation(consultationNumber, { type: 'consultation.assign', lawyer: '王律师' });
    await inner.staff.transitionConsultation(consultationNumber, {
      type: 'consultation.answer',
      summary: '可申请法律援助',
    });
    const comment = '律师很耐心，材料清单很清楚';

    state.offline = true;
    actor.send({ type: 'consultation.rate', score: 5, comment });
    const saved = await waitFor(actor, (s) => s.context.action?.state === 'saved' && !!s.context.action.lastError);
    actor.stop();
    await first.close();
    const text = readable(await rawRecord(database, 'outbox', saved.context.action!.id));
    expect(text).not.to.include('律师很耐心');

    const second = page(options);
    const again = createActor(createConsultationRequest(second), { input: {} }).start();
    const found = await waitFor(again, (s) => s.matches({ received: { acting: 'following' } }));
    expect(found.context.action?.state).to.equal('saved');
    expect(found.context.action?.command).to.deep.equal({ type: 'resident.rate', score: 5, comment });

    state.offline = false;
    window.dispatchEvent(new Event('online'));
    const delivered = await waitFor(again, (s) => s.matches({ received: 'ready' }) && !s.context.action);
    expect(delivered.context.view?.rating).to.deep.equal({ score: 5, comment });
    expect(state.actions).to.equal(1);
    again.stop();
  });

  it('runs a case end to end on the local backend, kept in IndexedDB', async () => {
    const databaseName = fresh('local');
    const backend: LocalBackend = createLocalBackend({ databaseName });
    const client = page({ backend, storage: idbStorage(fresh('e2e')), outbox: noPersist });
    const receipt = await client.fileCase(qingshanSampleFiling());
    const access = { caseNumber: receipt.caseNumber, accessCode: receipt.accessCode };

    await backend.staff.transition(receipt.caseNumber, { type: 'intake.accept', firstLineMediation: false });
    await backend.staff.transition(receipt.caseNumber, { type: 'risk.assess', level: 'low' });
    await backend.staff.transition(receipt.caseNumber, {
      type: 'routing.route',
      complexity: 'complex',
      level: 'town',
      departmentIds: ['labour-bureau'],
    });
    const handler = backend.staffAs({ role: 'department_handler', departmentId: 'labour-bureau', id: 'h-1' });
    await handler.transition(receipt.caseNumber, { type: 'department.acknowledge', departmentId: 'labour-bureau' });
    await handler.transition(receipt.caseNumber, { type: 'outcome.agreement', summary: '双方同意分两期结清工资。' });
    const rated = await client.rateOutcome(access, 5, '处理及时');
    expect(rated.progress.stage).to.equal('closed');

    // Another page on this device: a new backend over the same database finds the case as it was left.
    const reopened = createLocalBackend({ databaseName });
    const view = await reopened.getCase(access);
    expect(view.progress.stage).to.equal('closed');
    expect(view.followUp?.rating?.score).to.equal(5);
    expect(await rawRecord(databaseName, 'cases', receipt.caseNumber)).to.be.an('object');
    await reopened.close?.();
  });
});
