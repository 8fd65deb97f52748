// What the intake-form stories render on: the SDK's `local` backend with memory storage and the demo
// tenant (青山区), so Storybook needs no server. Each state is reached the way a resident reaches it:
// through a backend that behaves like the network in that state, and clicks in the form itself.

import { qingshanSampleFiling, qingshanTenant } from '@jiefen/core/demo';
import type { IntakeForm } from '@jiefen/sdk';
import {
  createClient,
  createLocalBackend,
  type JiefenBackend,
  type JiefenClient,
  JiefenNetworkError,
  JiefenValidationError,
  memoryStorage,
  memoryStores,
} from '@jiefen/sdk';
import '@jiefen/widgets/intake-form/define';

/** How the backend behaves in a story. */
export type Network =
  | 'normal' // answers at once
  | 'config-pending' // the tenant configuration never arrives: "loading"
  | 'config-fails' // the configuration cannot be loaded: "configuration failed"
  | 'offline' // every filing attempt fails as a network error: "saved on this device"
  | 'sending' // the filing is sent and the answer never comes: "sending"
  | 'rejected'; // the backend refuses the filing: "rejected"

const never = () => new Promise<never>(() => {});

/** A client on a fresh in-memory local backend that behaves as `network`. */
export function storyClient(network: Network = 'normal'): JiefenClient {
  const local = createLocalBackend({
    tenant: qingshanTenant,
    stores: memoryStores(['cases', 'consultations', 'tokens', 'idempotency', 'uploads']),
  });
  const overrides: Partial<JiefenBackend> = {
    'config-pending': { getTenantConfig: never },
    'config-fails': { getTenantConfig: async () => Promise.reject(new JiefenNetworkError()) },
    offline: { fileCase: async () => Promise.reject(new JiefenNetworkError()) },
    sending: { fileCase: never },
    rejected: {
      fileCase: async () =>
        Promise.reject(
          new JiefenValidationError([{ path: 'description', key: 'validation.too_short', params: { min: 10 } }], {
            status: 422,
            code: 'validation_failed',
          }),
        ),
    },
    normal: {},
  }[network];
  const backend = new Proxy(local, {
    get: (target, key, receiver) =>
      key in overrides ? overrides[key as keyof JiefenBackend] : Reflect.get(target, key, receiver),
  });
  return createClient({
    backend,
    storage: memoryStorage(),
    outbox: { retryBaseMs: 60_000, retryMaxMs: 60_000 },
  });
}

/** A complete, valid filing for the demo tenant (what a resident would have typed by the review step). */
export function completeFiling(): IntakeForm {
  return qingshanSampleFiling() as IntakeForm;
}

/** The filing without the fields a step owns, so that step shows its errors. */
export function filingMissing(...paths: string[]): IntakeForm {
  const filing = completeFiling() as Record<string, unknown>;
  for (const path of paths) delete filing[path];
  return filing as IntakeForm;
}

export interface FormArgs {
  lang: 'zh-CN' | 'zh-HK' | 'en';
  elder: boolean;
  network: Network;
  prefill?: IntakeForm;
}

/** A fresh `<jf-intake-form>` with its own client (two stories never share drafts). */
export function renderForm(args: FormArgs): HTMLElement {
  const form = document.createElement('jf-intake-form') as HTMLElement & {
    client?: JiefenClient;
    prefill?: IntakeForm;
  };
  form.setAttribute('lang', args.lang);
  form.setAttribute('tenant', qingshanTenant.id);
  form.setAttribute('draft-id', `story-${Math.random().toString(36).slice(2)}`);
  if (args.elder) form.setAttribute('elder', '');
  form.client = storyClient(args.network);
  if (args.prefill) form.prefill = args.prefill;
  return form;
}

// Playing a story: the form's own controls, found in its shadow root.

const TIMEOUT_MS = 10_000;

/** Wait until `select` finds something in the form's shadow root. */
export async function inForm<T extends Element>(
  canvas: HTMLElement,
  select: (root: ShadowRoot) => T | null,
): Promise<T> {
  const started = performance.now();
  for (;;) {
    const root = canvas.querySelector('jf-intake-form')?.shadowRoot;
    const found = root ? select(root) : null;
    if (found) return found;
    if (performance.now() - started > TIMEOUT_MS) throw new Error('the form did not show what the story waits for');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const heading = (canvas: HTMLElement) => inForm(canvas, (root) => root.querySelector('[part="step-heading"]'));

/** Press "next" `times` times, waiting for the step heading to change after each press. */
export async function pressNext(canvas: HTMLElement, times: number): Promise<void> {
  for (let i = 0; i < times; i++) {
    const before = (await heading(canvas)).textContent;
    (await inForm(canvas, (root) => root.querySelector<HTMLButtonElement>('[part="next-button"]'))).click();
    await inForm(canvas, (root) => {
      const now = root.querySelector('[part="step-heading"]');
      return now && now.textContent !== before ? now : null;
    });
  }
}

/** Press "next" and wait for the error summary (the step did not validate). */
export async function pressNextExpectingErrors(canvas: HTMLElement): Promise<void> {
  (await inForm(canvas, (root) => root.querySelector<HTMLButtonElement>('[part="next-button"]'))).click();
  await inForm(canvas, (root) => root.querySelector('[part="error-summary"]'));
}

/** From the review step: submit. */
export async function pressSubmit(canvas: HTMLElement): Promise<void> {
  (await inForm(canvas, (root) => root.querySelector<HTMLButtonElement>('[part="submit-button"]'))).click();
}
