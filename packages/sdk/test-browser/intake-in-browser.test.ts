// The intake actor in real Chromium: real File objects, IndexedDB, WebCrypto and a page reload.
import { qingshanSampleFiling } from '@jiefen/core/demo';
import { expect } from '@open-wc/testing';
import { createActor, waitFor } from 'xstate';
import { createClient, createIntakeWizard, idbStorage, type JiefenBackend } from '../src/entries/intake.js';
import { createLocalBackend } from '../src/entries/local.js';
import { JiefenNetworkError } from '../src/errors.js';
import { asText, rawRecords } from './support/raw-idb.js';

let n = 0;
const fresh = (purpose: string) => `jiefen-intake-${purpose}-${Date.now()}-${n++}`;

/** Every record of a store as text, read with the plain IndexedDB API. */
const rawStore = async (database: string, store: string) => asText(await rawRecords(database, store));

/** Paths of values JSON cannot carry as they are (functions, Blobs, class instances). */
function nonData(value: unknown, path = 'context'): string[] {
  if (value === null || value === undefined || ['string', 'number', 'boolean'].includes(typeof value)) return [];
  if (Array.isArray(value)) return value.flatMap((item, i) => nonData(item, `${path}.${i}`));
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.entries(value).flatMap(([key, item]) => nonData(item, `${path}.${key}`));
  }
  return [path];
}

describe('intake wizard in Chromium', () => {
  it('keeps a photo added offline with the filing, encrypted in IndexedDB, and sends both once after a reload', async () => {
    const inner = createLocalBackend({ databaseName: fresh('cases') });
    const state = { offline: false, uploads: 0, filings: 0 };
    const backend: JiefenBackend = {
      ...inner,
      kind: 'flaky-local',
      async uploadAttachment(file, options) {
        if (state.offline) throw new JiefenNetworkError('offline');
        state.uploads += 1;
        return inner.uploadAttachment(file, options);
      },
      async fileCase(filing, call) {
        if (state.offline) throw new JiefenNetworkError('offline');
        state.filings += 1;
        return inner.fileCase(filing, call);
      },
    };
    const database = fresh('device');
    const options = { backend, storage: idbStorage(database), outbox: { requestPersistence: async () => undefined } };
    const first = createClient(options);
    const wizard = createActor(createIntakeWizard(first), { input: { initial: qingshanSampleFiling() } }).start();
    await waitFor(wizard, (s) => s.matches('editing'));

    state.offline = true;
    const photo = new File([new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 0xff, 0xd9])], '漏水的墙.jpg', {
      type: 'image/jpeg',
    });
    wizard.send({ type: 'intake.add_files', files: [photo] });
    const waiting = await waitFor(wizard, (s) => s.context.uploads[0]?.state === 'waiting');
    expect(waiting.context.uploads[0]).to.include({ name: '漏水的墙.jpg', size: 9, type: 'image/jpeg' });
    for (let step = 0; step < 5; step++) {
      wizard.send({ type: 'intake.next' });
      await waitFor(wizard, (s) => s.matches({ editing: 'idle' }));
    }
    wizard.send({ type: 'intake.submit' });
    await waitFor(wizard, (s) => s.matches('pending'));
    await first.outbox.flush({ force: true });
    expect(wizard.getSnapshot().context.submission?.state).to.equal('saved');
    // Plain data only (no File, no client, no function), even with a file waiting.
    expect(nonData(wizard.getSnapshot().context)).to.deep.equal([]);

    // Stored encrypted: neither the resident's phone number nor the file's name or bytes are readable.
    const raw = await rawStore(database, 'outbox');
    expect(raw.length).to.be.greaterThan(100);
    for (const secret of ['13800138000', '漏水的墙', 'image/jpeg']) expect(raw).not.to.include(secret);
    wizard.stop();
    await first.close(); // the tab is closed while offline

    state.offline = false;
    const second = createClient(options); // the next visit sends what was left
    const [pending] = await second.outbox.pending();
    expect(pending).to.not.equal(undefined);
    const done = await second.outbox.waitFor(pending!.id);
    expect(state.uploads).to.equal(1);
    expect(state.filings).to.equal(1);
    const detail = await inner.staff.getCase(done.number!);
    const attachments = (detail.case as unknown as { filing: { attachments: Array<{ name: string }> } }).filing
      .attachments;
    expect(attachments.map((a) => a.name)).to.deep.equal(['漏水的墙.jpg']);
    await second.close();
  });
});
