import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { Drafts, deviceSealer, idbStorage, isJiefenStorageError } from '../../src/index.js';

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

describe("a draft's waiting files", () => {
  const file = (text: string, name: string) => ({ name, blob: new Blob([text], { type: 'image/jpeg' }) });

  it('keeps them beside the draft, out of the draft list, and gives them back byte for byte', async () => {
    const storage = fresh();
    const drafts = new Drafts({ store: storage.drafts, sealer: deviceSealer(storage.keys) });
    await drafts.save('intake', 'case', { description: '邻居装修' });
    await drafts.keepFile('intake', 'u1', file('first bytes', '墙.jpg'));
    await drafts.keepFile('intake', 'u2', file('second bytes', '门.jpg'));
    await drafts.keepFile('other', 'u3', file('not mine', '窗.jpg'));

    expect((await drafts.list()).map((d) => d.id).sort()).toEqual(['intake']);
    const again = new Drafts({ store: storage.drafts, sealer: deviceSealer(storage.keys) });
    const files = await again.files('intake');
    expect(files.map((f) => [f.id, f.file.name, f.file.blob.type])).toEqual([
      ['u1', '墙.jpg', 'image/jpeg'],
      ['u2', '门.jpg', 'image/jpeg'],
    ]);
    expect(await files[0]!.file.blob.text()).toBe('first bytes');

    await again.dropFile('intake', 'u1');
    expect((await again.files('intake')).map((f) => f.id)).toEqual(['u2']);
    // Discarding the draft takes its files with it, and only its own.
    await again.discard('intake');
    expect(await again.files('intake')).toEqual([]);
    expect((await again.files('other')).map((f) => f.id)).toEqual(['u3']);
  });

  it('keeps a file as long as its draft lives, and expires it with the draft', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const storage = fresh();
      const drafts = new Drafts({ store: storage.drafts, ttlMs: 1000 });
      vi.setSystemTime(10_000);
      await drafts.save('intake', 'case', {});
      await drafts.keepFile('intake', 'u1', file('bytes', '墙.jpg'));
      // The resident keeps typing: the draft lives on, and the file with it, past the file's own time.
      vi.setSystemTime(10_800);
      await drafts.save('intake', 'case', { description: 'later' });
      await drafts.purgeExpired(11_500);
      expect((await drafts.files('intake')).map((f) => f.id)).toEqual(['u1']);
      // The draft expires too: both go.
      await drafts.purgeExpired(12_000);
      expect(await drafts.files('intake')).toEqual([]);
      expect(await storage.drafts.entries()).toEqual([]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('reports a device without room as a storage error', async () => {
    const storage = fresh();
    const full = {
      ...storage.drafts,
      set: async () => {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      },
    };
    const drafts = new Drafts({ store: full });
    const error = await drafts.keepFile('intake', 'u1', file('bytes', '墙.jpg')).catch((e: unknown) => e);
    expect(isJiefenStorageError(error)).toBe(true);
    expect((error as Error).message).toMatch(/No room/);
  });
});
