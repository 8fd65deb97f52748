// <jf-provider> in real Chromium: one client shared by the elements inside it, an element's own
// `client` winning, and elements outside any provider building their own from their attributes.
// "The same client" is observed through the backend: a client caches the tenant configuration, so
// two elements on one client ask the backend for it once, on two clients twice.
import { qingshanSampleFiling, qingshanTenant } from '@jiefen/core/demo';
import type { JiefenBackend } from '@jiefen/sdk';
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { JfCaseTracker } from '../src/case-tracker/case-tracker.js';
import type { JfIntakeForm } from '../src/intake-form/intake-form.js';
import type { JfProvider } from '../src/provider/provider.js';
import '../src/provider/define.js';
import { backendWith, clientWith, settled } from './support/form.js';
import { part as trackerPart, settled as trackerSettled, typeInto } from './support/tracker.js';

function countingBackend(): { backend: JiefenBackend; configLoads: () => number } {
  let loads = 0;
  const inner = backendWith();
  const backend = backendWith({
    getTenantConfig: (options) => {
      loads += 1;
      return inner.getTenantConfig(options);
    },
  });
  return { backend, configLoads: () => loads };
}

const cards = (el: JfIntakeForm) => el.shadowRoot!.querySelectorAll('[part="category-card"]').length;

describe('<jf-provider>', () => {
  it('two elements under one provider use its one client', async () => {
    const { backend, configLoads } = countingBackend();
    const client = clientWith(backend);
    const provider = await fixture<JfProvider>(html`<jf-provider .client=${client}>
      <section>
        <jf-intake-form id="first" lang="zh-CN"></jf-intake-form>
      </section>
      <jf-intake-form id="second" lang="zh-CN"></jf-intake-form>
    </jf-provider>`);
    const [first, second] = [...provider.querySelectorAll('jf-intake-form')];
    await settled(first!);
    await settled(second!);
    expect(first!.snapshot?.value).to.deep.include({ editing: 'idle' });
    expect(cards(first!)).to.equal(qingshanTenant.categories.length);
    expect(cards(second!)).to.equal(qingshanTenant.categories.length);
    expect(configLoads()).to.equal(1);
    expect(await provider.sharedClient).to.equal(client);
  });

  it('the case tracker inside a provider uses its client (no attributes of its own)', async () => {
    const client = clientWith(backendWith());
    const receipt = await client.fileCase(qingshanSampleFiling());
    const provider = await fixture<JfProvider>(html`<jf-provider .client=${client}>
      <jf-case-tracker lang="zh-CN"></jf-case-tracker>
    </jf-provider>`);
    const tracker = provider.querySelector<JfCaseTracker>('jf-case-tracker')!;
    await trackerSettled(tracker);
    expect(trackerPart(tracker, 'lookup')).to.not.equal(null);
    typeInto(tracker, 'case-number', receipt.caseNumber);
    typeInto(tracker, 'access-code', receipt.accessCode);
    trackerPart(tracker, 'lookup-button')!.click();
    // Found through the provider's client: the case is only in that client's backend.
    await waitUntil(() => tracker.shadowRoot!.querySelector('#case-heading'), 'the case', { timeout: 10_000 });
    expect(tracker.shadowRoot!.textContent).to.contain(receipt.caseNumber);
  });

  it("an element's own client wins over the provider's", async () => {
    const shared = countingBackend();
    const own = countingBackend();
    const ownClient = clientWith(own.backend);
    const provider = await fixture<JfProvider>(html`<jf-provider .client=${clientWith(shared.backend)}>
      <jf-intake-form id="inside" lang="zh-CN"></jf-intake-form>
      <jf-intake-form id="own" lang="zh-CN" .client=${ownClient}></jf-intake-form>
    </jf-provider>`);
    const [inside, mine] = [...provider.querySelectorAll('jf-intake-form')];
    await settled(inside!);
    await settled(mine!);
    expect(shared.configLoads()).to.equal(1);
    expect(own.configLoads()).to.equal(1);
  });

  it('an element outside any provider builds its client from its own attributes', async () => {
    const { backend, configLoads } = countingBackend();
    const wrapper = await fixture<HTMLDivElement>(html`<div>
      <jf-provider .client=${clientWith(backend)}><p>其他内容</p></jf-provider>
      <jf-intake-form id="outside" backend="rest" lang="zh-CN"></jf-intake-form>
    </div>`);
    const outside = wrapper.querySelector('jf-intake-form')!;
    // Its attributes name the REST backend without a tenant: its own setup problem, not the provider's client.
    await waitUntil(() => outside.shadowRoot?.querySelector('[role="alert"]'), 'the setup problem');
    expect(outside.shadowRoot!.querySelector('[role="alert"]')!.textContent).to.contain('tenant');
    expect(configLoads()).to.equal(0);
  });

  it('a new client on the provider moves the elements inside to it', async () => {
    const first = countingBackend();
    const second = countingBackend();
    const provider = await fixture<JfProvider>(html`<jf-provider .client=${clientWith(first.backend)}>
      <jf-intake-form id="moved" lang="zh-CN"></jf-intake-form>
    </jf-provider>`);
    const form = provider.querySelector('jf-intake-form')!;
    await settled(form);
    expect(first.configLoads()).to.equal(1);
    provider.client = clientWith(second.backend);
    await waitUntil(() => second.configLoads() === 1, 'the form on the new client');
    await settled(form);
    expect(cards(form)).to.equal(qingshanTenant.categories.length);
    expect(first.configLoads()).to.equal(1);
  });
});
