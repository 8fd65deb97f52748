// Helpers for driving <jf-intake-form> in real Chromium the way a resident does: through its
// controls (clicks, input and change events, or real key presses), never by sending actor events.
import { qingshanTenant } from '@jiefen/core/demo';
import { createClient, type JiefenBackend, type JiefenClient, memoryStorage } from '@jiefen/sdk';
import { createLocalBackend } from '@jiefen/sdk/local';
import { fixture, html, waitUntil } from '@open-wc/testing';
import type { JfIntakeForm } from '../../src/intake-form/intake-form.js';
import '../../src/intake-form/define.js';

let n = 0;
/** A local-backend database no other test uses. */
export const freshDatabase = () => `jf-widgets-${Date.now()}-${n++}`;

/** The local backend (demo tenant 青山区) with some calls replaced: offline, slow, refusing. */
export function backendWith(overrides: Partial<JiefenBackend> = {}, databaseName = freshDatabase()): JiefenBackend {
  const inner = createLocalBackend({ tenant: qingshanTenant, databaseName });
  return new Proxy(inner, {
    get(target, property, receiver) {
      if (Object.hasOwn(overrides, property)) return overrides[property as keyof JiefenBackend];
      return Reflect.get(target, property, receiver);
    },
  });
}

/** A client on memory storage, with drafts saved at once unless a debounce is asked for. */
export function clientWith(
  backend: JiefenBackend = backendWith(),
  options: { debounceMs?: number; storage?: ReturnType<typeof memoryStorage> } = {},
): JiefenClient {
  return createClient({
    backend,
    storage: options.storage ?? memoryStorage(),
    drafts: { debounceMs: options.debounceMs ?? 0 },
    outbox: { retryBaseMs: 60_000 },
  });
}

export async function mountForm(
  client: JiefenClient = clientWith(),
  attributes: { lang?: string; elder?: boolean; id?: string } = {},
): Promise<JfIntakeForm> {
  const el = await fixture<JfIntakeForm>(
    html`<jf-intake-form
      .client=${client}
      lang=${attributes.lang ?? 'zh-CN'}
      id=${attributes.id ?? 'form'}
      ?elder=${attributes.elder ?? false}
    ></jf-intake-form>`,
  );
  await settled(el);
  return el;
}

/** The actor's top-level state. */
export function screenOf(el: JfIntakeForm): string | undefined {
  const value = el.snapshot?.value as string | Record<string, unknown> | undefined;
  return value === undefined ? undefined : typeof value === 'string' ? value : Object.keys(value)[0];
}

/** Wait until the form is past loading and checking, and rendered. */
export async function settled(el: JfIntakeForm, what = 'the form to settle'): Promise<void> {
  await waitUntil(
    () => {
      const screen = screenOf(el);
      if (!screen || screen === 'loading' || screen === 'submitting') return false;
      // The strings of the form's locale are a lazily loaded module: wait for the rendered heading.
      if (!el.shadowRoot?.querySelector('h2')) return false;
      // So are the steps after the first (fetched once the first has painted): wait for the step's questions.
      if (el.shadowRoot.querySelector('[data-waiting]')) return false;
      return !el.snapshot?.matches({ editing: 'checking' } as never);
    },
    `waiting for ${what}`,
    { timeout: 10_000 },
  );
  await el.updateComplete;
  await el.updateComplete;
}

export const root = (el: JfIntakeForm) => el.shadowRoot!;
export const byId = <T extends HTMLElement = HTMLElement>(el: JfIntakeForm, id: string) =>
  root(el).getElementById(id) as T;
export const part = <T extends HTMLElement = HTMLElement>(el: JfIntakeForm, name: string) =>
  root(el).querySelector(`[part~="${name}"]`) as T | null;

/** The element focus is on, looking into the form's shadow root. */
export const focused = (el: JfIntakeForm) => root(el).activeElement;

export async function typeText(el: JfIntakeForm, id: string, text: string) {
  const input = byId<HTMLInputElement>(el, id);
  if (!input) throw new Error(`no #${id} on step ${el.snapshot?.context.step}`);
  input.value = text;
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  await el.updateComplete;
}

export async function changeValue(el: JfIntakeForm, id: string, value: string) {
  const input = byId<HTMLInputElement | HTMLSelectElement>(el, id);
  if (!input) throw new Error(`no #${id} on step ${el.snapshot?.context.step}`);
  input.value = value;
  input.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
  await el.updateComplete;
}

export async function clickOn(el: JfIntakeForm, selector: string) {
  const target = root(el).querySelector<HTMLElement>(selector);
  if (!target) throw new Error(`no ${selector} on step ${el.snapshot?.context.step}`);
  target.click();
  await el.updateComplete;
}

/** Press the form's primary button (next, or submit on review) and wait for the answer. */
export async function pressNext(el: JfIntakeForm) {
  const button = part(el, 'next-button') ?? part(el, 'submit-button');
  if (!button) throw new Error(`no next or submit button on ${screenOf(el)}`);
  button.click();
  await settled(el, 'the step check');
}

/** Answer the current step validly (the neighbour-dispute path through the demo tenant). */
export async function answerStep(el: JfIntakeForm) {
  switch (el.snapshot!.context.step) {
    case 'category':
      await clickOn(el, 'input[value="neighbour"]');
      break;
    case 'details':
      await typeText(el, 'f-description', '隔壁邻居家的排水管一直往我家院子里滴水，已经泡坏了墙角。');
      await clickOn(el, 'input[name="f-answers-issue"][value="drainage"]');
      await clickOn(el, 'input[name="f-answers-talked_directly"][value="true"]');
      await changeValue(el, 'f-startedOn', '2025-06-01');
      await changeValue(el, 'f-location', 'songlin');
      await changeValue(el, 'f-location-village', 'shuikou');
      await typeText(el, 'f-desiredOutcome', '请邻居改好排水管。');
      break;
    case 'other_party':
    case 'evidence':
    case 'review':
      break;
    case 'applicant':
      await typeText(el, 'f-applicant-name', '王秀英');
      await typeText(el, 'f-applicant-phone', '13800138000');
      await clickOn(el, '#f-privacy-sensitiveDataConsent');
      break;
  }
}

/** Walk the form forward, answering each step, until `step` is on screen. */
export async function walkTo(el: JfIntakeForm, step: string) {
  for (let guard = 0; el.snapshot!.context.step !== step; guard++) {
    if (guard > 8) throw new Error(`could not reach ${step}; stuck on ${el.snapshot!.context.step}`);
    await answerStep(el);
    await pressNext(el);
  }
}

/** Collect the jf-* events the form fires. */
export function recordEvents(el: JfIntakeForm, types: string[]) {
  const seen: Array<{ type: string; detail: unknown }> = [];
  for (const type of types) el.addEventListener(type, (e) => seen.push({ type, detail: (e as CustomEvent).detail }));
  return seen;
}
