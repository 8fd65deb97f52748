import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { Drafts, deviceSealer, idbStorage } from '../../src/index.js';

let n = 0;
const fresh = () => idbStorage(`jiefen-drafts-test-${n++}`);

describe('drafts', () => {
  it('encrypts drafts at rest with a non-extractable device key kept in IndexedDB', async () => {
    const storage = fresh();
    const drafts = new Drafts({ store: storage.drafts, sealer: deviceSealer(storage.keys) });
    await drafts.save('intake', 'case', { applicant: { name: '李建国', phone: '13800138000' } }, 'parties');

    const raw = JSON.stringify(await storage.drafts.get('intake'), (_k, v) =>
      v instanceof ArrayBuffer || ArrayBuffer.isView(v) ? Buffer.from(v as ArrayBuffer).toString('latin1') : v,
    );
    expect(raw).not.toContain('13800138000');
    expect(raw).not.toContain('李建国');
    const key = (await storage.keys.get('device-key-v1')) as CryptoKey;
    expect(key.extractable).toBe(false);
    await expect(crypto.subtle.exportKey('raw', key)).rejects.toThrow();

    // A new page on the same device reads it back with the stored key.
    const again = new Drafts({ store: storage.drafts, sealer: deviceSealer(storage.keys) });
    const draft = await again.load<{ applicant: { phone: string } }>('intake');
    expect(draft?.data.applicant.phone).toBe('13800138000');
    expect(draft?.step).toBe('parties');
  });

  it('saves a burst of changes within a second, keeping the last', async () => {
    const storage = fresh();
    const drafts = new Drafts({ store: storage.drafts, sealer: deviceSealer(storage.keys), debounceMs: 50 });
    for (const text of ['邻', '邻居', '邻居装修']) drafts.saveSoon('intake', 'case', { description: text });
    // Written by the debounce timer alone (no flush); the debounce is capped below a second.
    await vi.waitFor(async () => {
      expect((await storage.drafts.get('intake')) !== undefined).toBe(true);
    });
    expect((await drafts.load<{ description: string }>('intake'))?.data.description).toBe('邻居装修');
  });

  it('writes pending changes on flush, lists drafts for restore, and expires old ones', async () => {
    const storage = fresh();
    const drafts = new Drafts({ store: storage.drafts, ttlMs: 60_000 });
    drafts.saveSoon('a', 'case', { n: 1 });
    drafts.saveSoon('b', 'consultation', { n: 2 });
    await drafts.flush();
    expect((await drafts.list()).map((d) => d.id).sort()).toEqual(['a', 'b']);
    expect((await drafts.list('consultation')).map((d) => d.id)).toEqual(['b']);
    await drafts.purgeExpired(Date.now() + 61_000);
    expect(await drafts.list()).toEqual([]);
  });

  it('forgets a discarded draft, including a change still waiting to be written', async () => {
    const storage = fresh();
    const drafts = new Drafts({ store: storage.drafts });
    await drafts.save('intake', 'case', { n: 1 });
    drafts.saveSoon('intake', 'case', { n: 2 });
    await drafts.discard('intake');
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(await drafts.load('intake')).toBeUndefined();
  });

  it('drops a draft whose key is gone instead of failing the page', async () => {
    const storage = fresh();
    await new Drafts({ store: storage.drafts, sealer: deviceSealer(storage.keys) }).save('intake', 'case', { n: 1 });
    await storage.keys.delete('device-key-v1');
    const drafts = new Drafts({ store: storage.drafts, sealer: deviceSealer(storage.keys) });
    expect(await drafts.load('intake')).toBeUndefined();
    expect(await storage.drafts.get('intake')).toBeUndefined();
  });
});
