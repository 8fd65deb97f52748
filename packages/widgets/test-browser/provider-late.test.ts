// The loader defines elements in the order their chunks arrive: an element inside a `<jf-provider>`
// that is not defined yet must wait for it, not fall back to its own (empty) attributes. This file
// imports the provider's registration only after the page holds both tags.
import { expect, fixture, html } from '@open-wc/testing';
import type { JfIntakeForm } from '../src/intake-form/intake-form.js';
import { settled } from './support/form.js';

describe('<jf-provider> defined after the elements inside it', () => {
  it('the element waits for the provider, then uses its client (built from its attributes)', async () => {
    const provider = await fixture<HTMLElement>(html`<jf-provider backend="local">
      <jf-intake-form id="late" lang="zh-CN"></jf-intake-form>
    </jf-provider>`);
    const form = provider.querySelector<JfIntakeForm>('jf-intake-form')!;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(customElements.get('jf-provider')).to.equal(undefined);
    // No setup problem (the form's own attributes name the REST backend without a tenant) and no actor yet.
    expect(form.shadowRoot!.querySelector('[role="alert"]')).to.equal(null);
    expect(form.snapshot).to.equal(undefined);

    await import('../src/provider/define.js');
    await settled(form);
    expect(form.snapshot?.value).to.deep.include({ editing: 'idle' });
    expect(form.shadowRoot!.querySelectorAll('[part="category-card"]').length).to.be.greaterThan(0);
  });
});
