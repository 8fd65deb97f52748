// The intake form's first screen (src/intake-form/first-screen/) in real Chromium against the real
// reference server: the category cards drawn from the loader's warm-up before the element's code is
// defined, then taken over by the element. Each test uses its own tag, so its element is still
// undefined when the first screen draws, as on a portal page before the element's chunk arrives.
import 'axe-core/axe.min.js';
import { qingshanTenant } from '@jiefen/core/demo';
import { pickText } from '@jiefen/core/forms';
import { createClient } from '@jiefen/sdk/intake';
import { createRestBackend } from '@jiefen/sdk/rest';
import { expect, waitUntil } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { showFirstScreen } from '../src/intake-form/first-screen/first-screen.js';
import { firstScreenOf } from '../src/intake-form/first-screen/handoff.js';
import { hasSavedDraft } from '../src/intake-form/first-screen/saved-draft.js';
import en from '../src/intake-form/i18n/en.js';
import zhCN from '../src/intake-form/i18n/zh-CN.js';
import zhHK from '../src/intake-form/i18n/zh-HK.js';
import { JfIntakeForm } from '../src/intake-form/intake-form.js';
import { warmIntakeForm } from '../src/intake-form/warm-up.js';
import { axeViolations } from './support/axe.js';
import { screenOf, settled } from './support/form.js';

let url: string;
let tags = 0;

before(async () => {
  ({ url } = (await executeServerCommand('jiefen-server', { origin: location.origin })) as { url: string });
});

/** A `<jf-intake-form>` under a tag of its own, not yet defined, seen by the loader: warmed up and drawn. */
async function drawnForm(attributes: Record<string, string> = {}): Promise<{ el: JfIntakeForm; tag: string }> {
  const tag = `jf-intake-form-first-${++tags}`;
  const el = document.createElement(tag) as JfIntakeForm;
  for (const [name, value] of Object.entries({ tenant: 'qingshan', endpoint: url, ...attributes }))
    el.setAttribute(name, value);
  document.body.append(el);
  warmIntakeForm(el);
  await showFirstScreen(el);
  return { el, tag };
}

/** What the element's code does when its chunk arrives: define the tag, upgrading the element. */
async function defineAndSettle(el: JfIntakeForm, tag: string) {
  JfIntakeForm.define(tag);
  await settled(el, 'the element to take the first screen over');
}

const radios = (el: Element) => [...el.shadowRoot!.querySelectorAll<HTMLInputElement>('[part="category-card"] input')];
/** The form's visible structure: its parts and their text, whitespace folded. */
const outline = (el: Element) =>
  [...el.shadowRoot!.querySelectorAll('[part]')].map(
    (node) => `${node.getAttribute('part')}: ${node.textContent!.replace(/\s+/g, ' ').trim()}`,
  );

afterEach(() => {
  for (const el of document.body.querySelectorAll('[tenant]')) el.remove();
});

describe('<jf-intake-form> first screen (before its code is defined)', () => {
  it('draws the tenant’s category cards from the warm-up, with no axe violations, before any definition', async () => {
    const { el, tag } = await drawnForm({ lang: 'zh-CN' });
    expect(customElements.get(tag)).to.equal(undefined);
    expect(radios(el).map((r) => r.value)).to.deep.equal(qingshanTenant.categories.map((c) => c.id));
    expect(radios(el).every((r) => !r.disabled)).to.equal(true);
    expect(el.shadowRoot!.querySelector('[part="step-heading"]')!.textContent).to.equal(zhCN['step.category']);
    expect(el.shadowRoot!.querySelector('[part="status"]')!.textContent!.trim()).to.equal(zhCN['status.editing']);
    expect(await axeViolations(el.shadowRoot!)).to.deep.equal([]);
  });

  it('speaks the page’s locale from the form’s own catalogs (zh-HK, en)', async () => {
    for (const [lang, catalog] of [
      ['zh-HK', zhHK],
      ['en', en],
    ] as const) {
      const { el } = await drawnForm({ lang });
      expect(el.shadowRoot!.querySelector('[part="step-heading"]')!.textContent).to.equal(catalog['step.category']);
      expect(el.shadowRoot!.querySelector('.card-title')!.textContent).to.equal(
        pickText(qingshanTenant.categories[0]!.name, lang),
      );
      expect(el.shadowRoot!.querySelector('[part="next-button"]')!.textContent!.trim()).to.equal(catalog['form.next']);
      expect(await axeViolations(el.shadowRoot!), lang).to.deep.equal([]);
    }
  });

  it('is handed over to the element without a change in structure or text', async () => {
    const { el, tag } = await drawnForm({ lang: 'zh-CN', id: `handover-${Date.now()}` });
    const before = outline(el);
    await defineAndSettle(el, tag);
    expect(firstScreenOf(el)).to.equal(undefined);
    expect(el.shadowRoot!.querySelectorAll('[part="step"]').length).to.equal(1);
    expect(outline(el)).to.deep.equal(before);
  });

  it('a card picked before the element’s code arrives is applied once, and focus stays on it', async () => {
    const { el, tag } = await drawnForm({ lang: 'zh-CN', id: `early-pick-${Date.now()}` });
    const picked = radios(el)[2]!;
    picked.focus();
    picked.click();
    expect(customElements.get(tag)).to.equal(undefined);

    await defineAndSettle(el, tag);
    expect(screenOf(el)).to.equal('editing');
    expect(el.snapshot!.context.form.categoryId).to.equal(picked.value);
    const now = el.shadowRoot!.activeElement as HTMLInputElement;
    expect(now, 'focus is on the picked card in the element’s own markup').to.not.equal(picked);
    expect(now.id).to.equal(picked.id);
    expect(now.checked).to.equal(true);

    // Once: a later answer is not overwritten by the queued one.
    const other = radios(el)[0]!;
    other.click();
    await waitUntil(() => el.snapshot!.context.form.categoryId === other.value, 'the new pick');
    await new Promise((resolve) => setTimeout(resolve, 200));
    await el.updateComplete;
    expect(el.snapshot!.context.form.categoryId).to.equal(other.value);
    expect(
      radios(el)
        .filter((r) => r.checked)
        .map((r) => r.value),
    ).to.deep.equal([other.value]);
  });

  it('Next pressed with no card is answered by the element: the error summary, focused', async () => {
    const { el, tag } = await drawnForm({ lang: 'zh-CN', id: `early-next-${Date.now()}` });
    (el.shadowRoot!.querySelector('[part="next-button"]') as HTMLButtonElement).click();
    expect(el.shadowRoot!.querySelector<HTMLButtonElement>('[part="next-button"]')!.disabled).to.equal(true);
    await defineAndSettle(el, tag);
    await waitUntil(() => el.shadowRoot!.getElementById('error-summary'), 'the error summary');
    await el.updateComplete;
    expect(el.shadowRoot!.activeElement?.id).to.equal('error-summary');
    expect(el.snapshot!.context.step).to.equal('category');
  });

  it('the large-text toggle works on the first screen and stays on when the element takes over', async () => {
    const { el, tag } = await drawnForm({ lang: 'zh-CN', id: `elder-${Date.now()}` });
    expect(el.shadowRoot!.querySelectorAll('.card-description').length).to.be.greaterThan(0);
    (el.shadowRoot!.querySelector('[part="elder-toggle"]') as HTMLButtonElement).click();
    expect(el.hasAttribute('elder')).to.equal(true);
    expect(el.shadowRoot!.querySelector('[part="elder-toggle"]')!.getAttribute('aria-pressed')).to.equal('true');
    expect(el.shadowRoot!.querySelectorAll('.card-description').length, 'elder cards are plainer').to.equal(0);
    await defineAndSettle(el, tag);
    expect(el.elder).to.equal(true);
    expect(el.shadowRoot!.querySelector('[part="elder-toggle"]')!.getAttribute('aria-pressed')).to.equal('true');
  });

  it('quick exit works before the element’s code: announced (cancelable), then the page is left', async () => {
    const { el } = await drawnForm({ lang: 'zh-CN', 'quick-exit': '', 'exit-url': 'https://example.org/weather' });
    const left: string[] = [];
    (el as { leavePage: (url: string) => void }).leavePage = (url) => left.push(url);
    const announced: string[] = [];
    el.addEventListener('jf-quick-exit', (event) => announced.push(event.detail.exitUrl));
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', shiftKey: true, bubbles: true }));
    expect(announced).to.deep.equal(['https://example.org/weather']);
    expect(left).to.deep.equal(['https://example.org/weather']);
    expect(el.shadowRoot!.querySelector('[part="category-card"]'), 'the screen is blanked').to.equal(null);
  });

  it('with a draft saved on this device it draws nothing, and the element offers to resume it', async () => {
    const id = `draft-${Date.now()}`;
    const draftId = `intake-${id}`;
    const client = createClient({ backend: createRestBackend({ baseUrl: url, tenant: 'qingshan' }) });
    const description = '隔壁饭店的油烟每天都飘进我家窗户。';
    await client.drafts.save(draftId, 'case', { categoryId: qingshanTenant.categories[0]!.id, description }, 'details');
    await client.close();
    // The first screen reads the SDK's own database (the names in saved-draft.ts are the SDK's).
    expect(await hasSavedDraft(draftId)).to.equal(true);
    expect(await hasSavedDraft(`${draftId}-none`)).to.equal(false);

    const { el, tag } = await drawnForm({ lang: 'zh-CN', id });
    expect(el.shadowRoot, 'no cards before the element has decided').to.equal(null);
    await defineAndSettle(el, tag);
    expect(screenOf(el)).to.equal('offeringRestore');
    (el.shadowRoot!.querySelector('[part="restore-banner"] .primary') as HTMLButtonElement).click();
    await settled(el, 'the restored draft');
    expect(el.snapshot!.context.step).to.equal('details');
    expect(el.snapshot!.context.form.description).to.equal(description);
  });
});
