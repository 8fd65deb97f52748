// The controller on a small machine of its own, so its contract is tested apart from the form:
// one actor, started once, resubscribed (never restarted) when the element moves.
import { expect, fixture, html } from '@open-wc/testing';
import { assign, createActor, emit, fromPromise, setup } from 'xstate';
import { JfElement } from '../src/base/jf-element.js';
import { ActorController } from '../src/controllers/actor-controller.js';

let loads = 0;
const counter = setup({
  types: {
    context: {} as { count: number },
    events: {} as { type: 'inc' },
    emitted: {} as { type: 'counted'; count: number },
  },
  actors: { load: fromPromise(async () => ++loads) },
}).createMachine({
  context: { count: 0 },
  initial: 'loading',
  states: {
    loading: { invoke: { src: 'load', onDone: 'ready' } },
    ready: {
      on: {
        inc: {
          actions: [
            assign({ count: ({ context }) => context.count + 1 }),
            emit(({ context }) => ({ type: 'counted' as const, count: context.count })),
          ],
        },
      },
    },
  },
});

class CounterElement extends JfElement {
  readonly actor = createActor(counter);
  readonly facts: number[] = [];
  readonly wizard = new ActorController(this, this.actor, {
    onEmitted: (event) => this.facts.push(event.count),
  });
  override render() {
    const snapshot = this.wizard.snapshot;
    return html`<p>${String(snapshot.value)} ${snapshot.context.count}</p>`;
  }
}
CounterElement.define('test-counter');

describe('ActorController', () => {
  it('starts the actor on first connection and renders its snapshots', async () => {
    const before = loads;
    const el = await fixture<CounterElement>(html`<test-counter></test-counter>`);
    await new Promise((r) => setTimeout(r, 0));
    await el.updateComplete;
    expect(loads).to.equal(before + 1);
    expect(el.shadowRoot!.textContent).to.contain('ready 0');
    el.wizard.send({ type: 'inc' });
    await el.updateComplete;
    expect(el.shadowRoot!.textContent).to.contain('ready 1');
  });

  it('keeps the same running actor when the element moves: no reload, nothing lost', async () => {
    const el = await fixture<CounterElement>(html`<test-counter></test-counter>`);
    await new Promise((r) => setTimeout(r, 0));
    el.wizard.send({ type: 'inc' });
    el.wizard.send({ type: 'inc' });
    const loadsBefore = loads;
    const elsewhere = document.createElement('section');
    document.body.append(elsewhere);
    elsewhere.append(el); // disconnect + connect
    await el.updateComplete;
    expect(loads, 'loading was not re-run').to.equal(loadsBefore);
    expect(el.actor.getSnapshot().status).to.equal('active');
    expect(el.shadowRoot!.textContent).to.contain('ready 2');
    el.wizard.send({ type: 'inc' });
    await el.updateComplete;
    expect(el.shadowRoot!.textContent).to.contain('ready 3');
    expect(el.facts, 'emitted facts reach the host once each').to.deep.equal([1, 2, 3]);
    elsewhere.remove();
  });

  it('stops listening while disconnected and catches up on reconnection', async () => {
    const el = await fixture<CounterElement>(html`<test-counter></test-counter>`);
    await new Promise((r) => setTimeout(r, 0));
    const parent = el.parentElement!;
    el.remove();
    el.actor.send({ type: 'inc' });
    expect(el.facts, 'no facts delivered to a detached host').to.deep.equal([]);
    parent.append(el);
    await el.updateComplete;
    expect(el.shadowRoot!.textContent).to.contain('ready 1');
  });
});

describe('JfElement', () => {
  it('defines a tag once: a second define is a no-op', () => {
    expect(() => CounterElement.define('test-counter')).not.to.throw();
    expect(customElements.get('test-counter')).to.equal(CounterElement);
  });

  it('resolves lang from the element, then the closest ancestor, then the page', async () => {
    const wrapper = await fixture<HTMLDivElement>(html`<div lang="zh-HK"><test-counter></test-counter></div>`);
    const el = wrapper.querySelector<CounterElement>('test-counter')!;
    expect(el.locale).to.equal('zh-HK');
    el.lang = 'en';
    expect(el.locale).to.equal('en');
    el.lang = '';
    wrapper.removeAttribute('lang');
    const pageLang = document.documentElement.lang;
    document.documentElement.lang = 'en-GB';
    expect(el.locale).to.equal('en');
    document.documentElement.lang = '';
    expect(el.locale, 'no language anywhere: Simplified Chinese').to.equal('zh-CN');
    document.documentElement.lang = pageLang;
  });

  it('emits typed events that bubble out of shadow roots', async () => {
    const { JfStepChangedEvent } = await import('../src/events.js');
    const el = await fixture<CounterElement>(html`<test-counter></test-counter>`);
    let seen: { step: string; previous: string } | undefined;
    document.addEventListener('jf-step-changed', (e) => (seen = e.detail), { once: true });
    el.dispatchEvent(new JfStepChangedEvent({ step: 'details', previous: 'category' }));
    expect(seen).to.deep.equal({ step: 'details', previous: 'category' });
  });
});
