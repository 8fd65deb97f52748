// What the case-tracker stories render on: the SDK's `local` backend (IndexedDB, a fresh database per
// story) with the demo tenant (青山区), a case filed and moved through the closed loop by the same
// staff steps the browser tests use, so Storybook needs no server. Each story opens its case the way
// a resident does: `play` types the case number and access code into the tracker's own form.
import type { CaseReceipt, JiefenClient } from '@jiefen/sdk';
import { JiefenNetworkError } from '@jiefen/sdk';
import '@jiefen/widgets/case-tracker/define';
import { caseAt, type LoopStage } from '../../packages/widgets/test-browser/support/case-loop.js';

export interface TrackerArgs {
  lang: 'zh-CN' | 'zh-HK' | 'en';
  elder: boolean;
  stage: LoopStage;
  /** Actions cannot reach the centre: they wait in the outbox ("saved on this device"). */
  offline: boolean;
}

export interface Loaded {
  client: JiefenClient;
  receipt: CaseReceipt;
}

/** File the demo case and move it to the story's stage (Storybook `loaders`). */
export async function loadCase(args: TrackerArgs): Promise<Loaded> {
  const loop = await caseAt(args.stage);
  if (args.offline) {
    const backend = loop.backend;
    const offline = new Proxy(backend, {
      get: (target, key, receiver) =>
        key === 'sendCaseAction' ? () => Promise.reject(new JiefenNetworkError()) : Reflect.get(target, key, receiver),
    });
    const { createClient, memoryStorage } = await import('@jiefen/sdk');
    return {
      client: createClient({ backend: offline, storage: memoryStorage(), outbox: { retryBaseMs: 60_000 } }),
      receipt: loop.receipt,
    };
  }
  return { client: loop.client, receipt: loop.receipt };
}

export function renderTracker(args: TrackerArgs, loaded: Loaded | undefined): HTMLElement {
  const el = document.createElement('jf-case-tracker') as HTMLElement & { client?: JiefenClient };
  el.setAttribute('lang', args.lang);
  el.setAttribute('tenant', 'qingshan');
  if (args.elder) el.setAttribute('elder', '');
  if (loaded) el.client = loaded.client;
  return el;
}

/** Wait for something inside the tracker's shadow root. */
export async function inTracker<T extends Element>(
  canvas: HTMLElement,
  find: (root: ShadowRoot) => T | null | undefined,
  timeoutMs = 10_000,
): Promise<T> {
  const started = Date.now();
  for (;;) {
    const root = canvas.querySelector('jf-case-tracker')?.shadowRoot;
    const found = root ? find(root) : undefined;
    if (found) return found;
    if (Date.now() - started > timeoutMs) throw new Error('the tracker did not reach the story state');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Type the case number and access code and press "查询", as a resident does. */
export async function lookUp(canvas: HTMLElement, caseNumber: string, accessCode: string): Promise<void> {
  const form = await inTracker(canvas, (root) => root.querySelector<HTMLFormElement>('[part~="lookup"]'));
  const fill = (name: string, value: string) => {
    const input = form.querySelector<HTMLInputElement>(`input[name="${name}"]`)!;
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  };
  fill('caseNumber', caseNumber);
  fill('accessCode', accessCode);
  form.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
}

/** Open the story's case and wait until it is shown. */
export async function openCase(canvas: HTMLElement, loaded: Loaded): Promise<ShadowRoot> {
  await lookUp(canvas, loaded.receipt.caseNumber, loaded.receipt.accessCode);
  const heading = await inTracker(canvas, (root) => root.getElementById('case-heading'));
  return heading.getRootNode() as ShadowRoot;
}
