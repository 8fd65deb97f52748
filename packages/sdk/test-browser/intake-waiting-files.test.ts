// Files waiting before submit (added offline, or whose upload failed) survive a closed tab: kept
// encrypted with the draft in real IndexedDB, brought back when the draft is resumed, and sent once.
// A "closed tab" is the actor stopped and its client closed; the next visit is a new client over the
// same database, as a new page load would make.
import { qingshanSampleFiling } from '@jiefen/core/demo';
import { expect } from '@open-wc/testing';
import { createActor, waitFor } from 'xstate';
import {
  createClient,
  createIntakeWizard,
  type IntakeWizardEmitted,
  idbStorage,
  type JiefenBackend,
  type OfflineStorage,
} from '../src/entries/intake.js';
import { createLocalBackend } from '../src/entries/local.js';
import { JiefenNetworkError } from '../src/errors.js';
import { asText, rawRecords } from './support/raw-idb.js';

let n = 0;
const fresh = (purpose: string) => `jiefen-waiting-${purpose}-${Date.now()}-${n++}`;

/** The waiting-file records of the device's draft store. */
const keptFiles = async (database: string) =>
  (await rawRecords(database, 'drafts')).filter(
    (r) => typeof (r as { fileOf?: unknown }).fileOf === 'string',
  ) as Array<{
    fileOf: string;
    id: string;
  }>;

/** Resolve once `check` holds (storage writes finish on their own schedule). */
async function until(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 15_000) {
  const start = performance.now();
  while (!(await check())) {
    if (performance.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** `navigator.onLine` as the wizard reads it; `online` fires the window event the wizard listens to. */
const connectivity = {
  set offline(value: boolean) {
    Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => !value });
    if (!value) window.dispatchEvent(new Event('online'));
  },
  reset() {
    delete (navigator as { onLine?: boolean }).onLine;
  },
};

/** The local backend, counting what reaches it; `failing` makes uploads and filings fail like a dead line. */
function countingBackend() {
  const inner = createLocalBackend({ databaseName: fresh('cases') });
  const state = { failing: false, uploads: [] as string[], filings: 0 };
  const backend: JiefenBackend = {
    ...inner,
    kind: 'counting-local',
    async uploadAttachment(file, options) {
      if (state.failing) throw new JiefenNetworkError('connection reset');
      state.uploads.push(file.name);
      return inner.uploadAttachment(file, options);
    },
    async fileCase(filing, call) {
      if (state.failing) throw new JiefenNetworkError('connection reset');
      state.filings += 1;
      return inner.fileCase(filing, call);
    },
  };
  return { inner, backend, state };
}

/** The names of the attachments the case was filed with, as the centre sees them. */
async function filedAttachments(backend: ReturnType<typeof countingBackend>['inner'], caseNumber: string) {
  const detail = await backend.staff.getCase(caseNumber);
  return (detail.case as unknown as { filing: { attachments: Array<{ name: string }> } }).filing.attachments.map(
    (a) => a.name,
  );
}

const photo = (name = '漏水的墙.jpg') =>
  new File([new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 0xff, 0xd9])], name, { type: 'image/jpeg' });

function visit(backend: JiefenBackend, storage: OfflineStorage) {
  const client = createClient({
    backend,
    storage,
    drafts: { debounceMs: 0 },
    outbox: { requestPersistence: async () => undefined, retryBaseMs: 60_000, retryMaxMs: 60_000 },
  });
  const wizard = createActor(createIntakeWizard(client), { input: { initial: qingshanSampleFiling() } });
  const emitted: IntakeWizardEmitted[] = [];
  wizard.on('*', (event) => emitted.push(event));
  wizard.start();
  return { client, wizard, emitted };
}

async function walkToReviewAndSubmit(wizard: ReturnType<typeof visit>['wizard']) {
  for (let step = 0; step < 6 && wizard.getSnapshot().context.step !== 'review'; step++) {
    wizard.send({ type: 'intake.next' });
    await waitFor(wizard, (s) => s.matches({ editing: 'idle' }));
  }
  expect(wizard.getSnapshot().context.step).to.equal('review');
  wizard.send({ type: 'intake.submit' });
}

describe('files waiting before submit, across a closed tab', () => {
  afterEach(() => connectivity.reset());

  it('brings back a file added offline, uploads it once online, and files the case with it once', async () => {
    const { inner, backend, state } = countingBackend();
    const database = fresh('device');
    const storage = idbStorage(database);
    const first = visit(backend, storage);
    await waitFor(first.wizard, (s) => s.matches('editing'));

    connectivity.offline = true;
    first.wizard.send({ type: 'intake.add_files', files: [photo()] });
    const waiting = await waitFor(first.wizard, (s) => s.context.uploads[0]?.state === 'waiting');
    const uploadId = waiting.context.uploads[0]!.id;
    await until(async () => (await keptFiles(database)).length === 1, 'the file to be kept');
    // Kept with the draft, encrypted: neither the name, the type nor the bytes are readable.
    const raw = asText(await rawRecords(database, 'drafts'));
    for (const secret of ['漏水的墙', 'image/jpeg', '/9j/4A']) expect(raw).not.to.include(secret);
    expect(await first.client.drafts.load('intake')).to.not.equal(undefined);
    first.wizard.stop();
    await first.client.close(); // the tab is closed while offline

    const second = visit(backend, idbStorage(database));
    const offered = await waitFor(second.wizard, (s) => s.matches('offeringRestore'));
    expect(offered.context.restorable?.waiting.map((u) => [u.id, u.name, u.size, u.type, u.state])).to.deep.equal([
      [uploadId, '漏水的墙.jpg', 9, 'image/jpeg', 'waiting'],
    ]);
    second.wizard.send({ type: 'intake.restore' });
    await waitFor(second.wizard, (s) => s.matches('editing') && s.context.uploads[0]?.state === 'waiting');
    expect(state.uploads).to.deep.equal([]); // still offline: nothing tried

    connectivity.offline = false; // coverage is back: the waiting file uploads
    const uploaded = await waitFor(second.wizard, (s) => s.context.uploads[0]?.state === 'uploaded');
    expect(uploaded.context.form.attachments?.map((a) => a.name)).to.deep.equal(['漏水的墙.jpg']);
    await until(async () => (await keptFiles(database)).length === 0, 'the uploaded file to leave storage');

    await walkToReviewAndSubmit(second.wizard);
    const received = await waitFor(second.wizard, (s) => s.matches('received'), { timeout: 15_000 });
    expect(state.uploads).to.deep.equal(['漏水的墙.jpg']);
    expect(state.filings).to.equal(1);
    expect(await filedAttachments(inner, received.context.receipt!.caseNumber)).to.deep.equal(['漏水的墙.jpg']);
    second.wizard.stop();
    await second.client.close();
  });

  it('keeps a file whose upload failed, and sends it with the filing through the outbox once', async () => {
    const { inner, backend, state } = countingBackend();
    const database = fresh('device');
    const first = visit(backend, idbStorage(database));
    await waitFor(first.wizard, (s) => s.matches('editing'));
    state.failing = true; // online, but the line drops
    first.wizard.send({ type: 'intake.add_files', files: [photo('欠条.jpg')] });
    await waitFor(first.wizard, (s) => s.context.uploads[0]?.state === 'waiting');
    await until(async () => (await keptFiles(database)).length === 1, 'the file to be kept');
    first.wizard.stop();
    await first.client.close();

    const second = visit(backend, idbStorage(database));
    await waitFor(second.wizard, (s) => s.matches('offeringRestore'));
    second.wizard.send({ type: 'intake.restore' });
    // Tried again at once (online), fails again, waits again.
    await waitFor(second.wizard, (s) => s.matches('editing') && s.context.uploads[0]?.state === 'waiting');
    await walkToReviewAndSubmit(second.wizard);
    await waitFor(second.wizard, (s) => s.matches('pending') && s.context.submission?.state === 'saved', {
      timeout: 15_000,
    });
    // In the outbox now: the draft's copy goes, so a later visit cannot send it a second time.
    await until(async () => (await keptFiles(database)).length === 0, 'the handed-over file to leave the draft');

    state.failing = false;
    second.wizard.send({ type: 'intake.retry' });
    const received = await waitFor(second.wizard, (s) => s.matches('received'), { timeout: 15_000 });
    expect(state.uploads).to.deep.equal(['欠条.jpg']);
    expect(state.filings).to.equal(1);
    expect(await filedAttachments(inner, received.context.receipt!.caseNumber)).to.deep.equal(['欠条.jpg']);
    second.wizard.stop();
    await second.client.close();
  });

  it('forgets a removed file on the device, and never keeps one over the tenant size limit', async () => {
    const { backend } = countingBackend();
    const database = fresh('device');
    const first = visit(backend, idbStorage(database));
    await waitFor(first.wizard, (s) => s.matches('editing'));
    connectivity.offline = true;
    const oversize = new File([new Uint8Array(10 * 1024 * 1024 + 1)], '监控录像.mp4', { type: 'video/mp4' });
    first.wizard.send({ type: 'intake.add_files', files: [oversize, photo()] });
    const added = await waitFor(first.wizard, (s) => s.context.uploads.length === 2);
    const [refused, small] = added.context.uploads;
    expect(refused!.state).to.equal('refused');
    expect(small!.state).to.equal('waiting');
    await until(async () => (await keptFiles(database)).length === 1, 'the small file to be kept');
    expect((await keptFiles(database)).map((r) => r.id)).to.deep.equal([small!.id]);

    first.wizard.send({ type: 'intake.remove_file', id: small!.id });
    await until(async () => (await keptFiles(database)).length === 0, 'the removed file to leave storage');
    first.wizard.stop();
    await first.client.close();

    const second = visit(backend, idbStorage(database));
    const offered = await waitFor(second.wizard, (s) => s.matches('offeringRestore'));
    expect(offered.context.restorable?.waiting).to.deep.equal([]);
    second.wizard.stop();
    await second.client.close();
  });

  it('tells the resident when the device has no room to keep a waiting file', async () => {
    const { backend } = countingBackend();
    const real = idbStorage(fresh('device'));
    // The browser's own refusal, as a full profile gives it; drafts themselves still fit.
    const full: OfflineStorage = {
      ...real,
      drafts: {
        ...real.drafts,
        async set(key, value) {
          if (typeof (value as { fileOf?: unknown }).fileOf === 'string')
            throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
          return real.drafts.set(key, value);
        },
      },
    };
    const { client, wizard, emitted } = visit(backend, full);
    await waitFor(wizard, (s) => s.matches('editing'));
    connectivity.offline = true;
    wizard.send({ type: 'intake.add_files', files: [photo()] });
    const told = await waitFor(wizard, (s) => s.context.uploads[0]?.keepError !== undefined);
    const upload = told.context.uploads[0]!;
    expect(upload.state).to.equal('waiting'); // still held by this page, and sent when online
    expect(upload.keepError?.messageKey).to.equal('sdk.error.storage');
    const facts = emitted.filter((e) => e.type === 'upload_changed' && e.upload.keepError);
    expect(facts).to.have.length(1);
    connectivity.offline = false;
    await waitFor(wizard, (s) => s.context.uploads[0]?.state === 'uploaded');
    wizard.stop();
    await client.close();
  });
});
