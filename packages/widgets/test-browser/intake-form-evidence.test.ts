// The evidence step in real Chromium: files chosen through the file input, uploaded by the local
// backend (or a replaced upload call), with progress, the tenant's limits, cancel, remove, offline.
import 'axe-core/axe.min.js';
import { JiefenNetworkError, memoryStorage } from '@jiefen/sdk';
import { expect, waitUntil } from '@open-wc/testing';
import type { JfIntakeForm } from '../src/intake-form/intake-form.js';
import { axeViolations } from './support/axe.js';
import { backendWith, clientWith, mountForm, part, recordEvents, root, walkTo } from './support/form.js';

/** Choose files as the resident would in the picker (the input's FileList, then `change`). */
async function chooseFiles(el: JfIntakeForm, files: File[]) {
  const input = root(el).getElementById('f-attachments') as HTMLInputElement;
  const transfer = new DataTransfer();
  for (const file of files) transfer.items.add(file);
  input.files = transfer.files;
  input.dispatchEvent(new Event('change', { bubbles: true }));
  await el.updateComplete;
}

const photo = (name = '漏水照片.jpg', bytes = 2048) => new File([new Uint8Array(bytes)], name, { type: 'image/jpeg' });
const uploads = (el: JfIntakeForm) => [...root(el).querySelectorAll<HTMLElement>('[part="upload"]')];

describe('<jf-intake-form> evidence', () => {
  it('uploads a photo, shows it as uploaded, and removes it again', async () => {
    const el = await mountForm();
    await walkTo(el, 'evidence');
    expect(part(el, 'hint')?.textContent ?? root(el).textContent).to.contain('10 MB');
    const events = recordEvents(el, ['jf-upload-changed']);
    await chooseFiles(el, [photo()]);
    await waitUntil(() => uploads(el)[0]?.dataset.state === 'uploaded', 'the uploaded photo');
    expect(uploads(el)[0]!.textContent).to.contain('漏水照片.jpg');
    expect(uploads(el)[0]!.textContent).to.contain('已上传');
    expect(events.some((e) => (e.detail as { state: string }).state === 'uploaded')).to.equal(true);
    expect(await axeViolations(root(el))).to.deep.equal([]);
    root(el).querySelector<HTMLButtonElement>('[part="upload"] button')!.click();
    await waitUntil(() => uploads(el).length === 0, 'the photo removed');
    expect(el.snapshot!.context.form.attachments ?? []).to.deep.equal([]);
  });

  it('refuses a file over the size limit or of a type the township does not accept, before sending a byte', async () => {
    let sent = 0;
    const inner = backendWith();
    const client = clientWith(
      backendWith({
        uploadAttachment: (file, options) => {
          sent += 1;
          return inner.uploadAttachment(file, options);
        },
      }),
    );
    const el = await mountForm(client);
    await walkTo(el, 'evidence');
    await chooseFiles(el, [
      photo('太大的视频.jpg', 11 * 1024 * 1024),
      new File(['MZ'], 'setup.exe', { type: 'application/x-msdownload' }),
    ]);
    await waitUntil(() => uploads(el).length === 2, 'both files listed');
    expect(uploads(el).map((u) => u.dataset.state)).to.deep.equal(['refused', 'refused']);
    for (const upload of uploads(el)) expect(upload.querySelector('.error')!.textContent!.length).to.be.greaterThan(2);
    expect(sent).to.equal(0);
    expect(await axeViolations(root(el))).to.deep.equal([]);
  });

  it('shows per-file progress while uploading, and can cancel', async () => {
    const client = clientWith(
      backendWith({
        uploadAttachment: (_file, options) => {
          options?.onProgress?.({ loaded: 40, total: 100 });
          return new Promise(() => {});
        },
      }),
    );
    const el = await mountForm(client);
    await walkTo(el, 'evidence');
    await chooseFiles(el, [photo()]);
    await waitUntil(() => root(el).querySelector('progress')?.value === 0.4, 'the progress bar at 40 %');
    expect(uploads(el)[0]!.textContent).to.contain('正在上传 40%');
    expect(root(el).querySelector('progress')!.getAttribute('aria-label')).to.contain('漏水照片.jpg');
    expect(await axeViolations(root(el))).to.deep.equal([]);
    root(el).querySelector<HTMLButtonElement>('[part="upload"] button')!.click();
    await waitUntil(() => uploads(el).length === 0, 'the upload cancelled');
  });

  it('offline: keeps the file waiting to go with the filing instead of failing', async () => {
    const client = clientWith(
      backendWith({ uploadAttachment: () => Promise.reject(new JiefenNetworkError('offline')) }),
    );
    const el = await mountForm(client);
    await walkTo(el, 'evidence');
    await chooseFiles(el, [photo()]);
    await waitUntil(() => uploads(el)[0]?.dataset.state === 'waiting', 'the waiting file');
    expect(uploads(el)[0]!.textContent).to.contain('联网后随登记一起上传');
    expect(await axeViolations(root(el))).to.deep.equal([]);
  });

  it('offline on a full device: says the waiting file is not saved and the page must stay open', async () => {
    const real = memoryStorage();
    // The browser's refusal when the profile is full; the draft's own text still fits.
    const full = {
      ...real,
      drafts: {
        ...real.drafts,
        async set(key: string, value: unknown) {
          if (typeof (value as { fileOf?: unknown }).fileOf === 'string')
            throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
          return real.drafts.set(key, value);
        },
      },
    };
    const client = clientWith(
      backendWith({ uploadAttachment: () => Promise.reject(new JiefenNetworkError('offline')) }),
      { storage: full },
    );
    const el = await mountForm(client);
    await walkTo(el, 'evidence');
    await chooseFiles(el, [photo()]);
    await waitUntil(() => uploads(el)[0]?.textContent?.includes('空间不足'), 'the warning that the file is not kept');
    expect(uploads(el)[0]!.dataset.state).to.equal('waiting');
    expect(uploads(el)[0]!.textContent).to.contain('不要关闭本页');
    expect(uploads(el)[0]!.textContent).not.to.contain('已保存');
    expect(await axeViolations(root(el))).to.deep.equal([]);
  });
});
