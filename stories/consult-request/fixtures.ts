// What the consultation-request stories render on: the SDK's `local` backend with memory storage and
// the demo tenant (青山区), so Storybook needs no server. Each state is reached the way a resident
// reaches it (a backend that behaves like the network in that state, the element's own buttons);
// the stages after the request are staff's doing, played on the local backend's staff operations.

import type { ConsultationCommand } from '@jiefen/core';
import { qingshanSampleConsultation, qingshanTenant } from '@jiefen/core/demo';
import {
  type ConsultationForm,
  createClient,
  createLocalBackend,
  type JiefenBackend,
  type JiefenClient,
  JiefenNetworkError,
  type LocalBackend,
  memoryStorage,
  memoryStores,
} from '@jiefen/sdk';
import '@jiefen/widgets/consult-request/define';

/** How the backend behaves in a story. */
export type ConsultNetwork =
  | 'normal' // answers at once
  | 'config-pending' // the tenant configuration never arrives: "loading"
  | 'config-fails' // the configuration cannot be loaded: "configuration failed"
  | 'offline' // every request fails as a network error: "saved on this device"
  | 'sending'; // the request is sent and the answer never comes: "sending"

const never = () => new Promise<never>(() => {});

export interface StoryBackend {
  client: JiefenClient;
  local: LocalBackend;
}

/** A client on a fresh in-memory local backend that behaves as `network`. */
export function consultStoryBackend(network: ConsultNetwork = 'normal'): StoryBackend {
  const local = createLocalBackend({
    tenant: qingshanTenant,
    stores: memoryStores(['cases', 'consultations', 'tokens', 'idempotency', 'uploads']),
  });
  const overrides: Partial<JiefenBackend> = {
    'config-pending': { getTenantConfig: never },
    'config-fails': { getTenantConfig: async () => Promise.reject(new JiefenNetworkError()) },
    offline: { requestConsultation: async () => Promise.reject(new JiefenNetworkError()) },
    sending: { requestConsultation: never },
    normal: {},
  }[network];
  const backend = new Proxy(local, {
    get: (target, key, receiver) =>
      key in overrides ? overrides[key as keyof JiefenBackend] : Reflect.get(target, key, receiver),
  });
  const client = createClient({
    backend,
    storage: memoryStorage(),
    outbox: { retryBaseMs: 60_000, retryMaxMs: 60_000 },
  });
  return { client, local };
}

export interface ConsultArgs {
  lang: 'zh-CN' | 'zh-HK' | 'en';
  elder: boolean;
  network: ConsultNetwork;
  prefill?: ConsultationForm;
}

type ConsultElement = HTMLElement & { client?: JiefenClient; prefill?: ConsultationForm };

/** The story's backends, by element, so `play` can act as staff on the one the element uses. */
export const storyBackends = new WeakMap<HTMLElement, StoryBackend>();

/** A fresh `<jf-consult-request>` with its own client (two stories never share drafts). */
export function renderConsult(args: ConsultArgs): HTMLElement {
  const el = document.createElement('jf-consult-request') as ConsultElement;
  el.setAttribute('lang', args.lang);
  el.setAttribute('tenant', qingshanTenant.id);
  el.setAttribute('draft-id', `story-${Math.random().toString(36).slice(2)}`);
  el.setAttribute('refresh-interval', '0');
  if (args.elder) el.setAttribute('elder', '');
  const backend = consultStoryBackend(args.network);
  storyBackends.set(el, backend);
  el.client = backend.client;
  if (args.prefill) el.prefill = args.prefill;
  return el;
}

/** What a resident would have typed: the demo tenant's sample consultation. */
export function sampleRequest(): ConsultationForm {
  return qingshanSampleConsultation() as ConsultationForm;
}

// Playing a story: the element's own controls, found in its shadow root.

const TIMEOUT_MS = 10_000;

export async function inConsult<T extends Element>(
  canvas: HTMLElement,
  select: (root: ShadowRoot) => T | null,
): Promise<T> {
  const started = performance.now();
  for (;;) {
    const root = canvas.querySelector('jf-consult-request')?.shadowRoot;
    const found = root ? select(root) : null;
    if (found) return found;
    if (performance.now() - started > TIMEOUT_MS) throw new Error('the element did not show what the story waits for');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Press "send my question" and wait for `part` (the error summary, the receipt …). */
export async function pressSubmit(canvas: HTMLElement, until: string): Promise<void> {
  (await inConsult(canvas, (root) => root.querySelector<HTMLButtonElement>('[part="submit-button"]'))).click();
  await inConsult(canvas, (root) => root.querySelector(`[part~="${until}"], [data-state="${until}"]`));
}

/** Submit the prefilled request, then play staff's `commands` and look the consultation up again. */
export async function receivedThen(canvas: HTMLElement, commands: ConsultationCommand[], status: string) {
  await pressSubmit(canvas, 'tracking');
  const el = canvas.querySelector('jf-consult-request') as HTMLElement & {
    snapshot?: { context: { receipt?: { consultationNumber: string } } };
  };
  const number = el.snapshot!.context.receipt!.consultationNumber;
  const { local } = storyBackends.get(el)!;
  for (const command of commands) await local.staff.transitionConsultation(number, command);
  (await inConsult(canvas, (root) => root.querySelector<HTMLButtonElement>('.refresh button'))).click();
  await inConsult(canvas, (root) => root.querySelector(`[part="tracking"][data-status="${status}"]`));
}

export const ASSIGN: ConsultationCommand = { type: 'consultation.assign', lawyer: '李明律师' };
export const SCHEDULE: ConsultationCommand = {
  type: 'consultation.schedule',
  at: '2030-03-04T02:00:00.000Z',
  channel: 'in_person',
  place: '松林镇综治中心二楼调解室',
};
export const ANSWER: ConsultationCommand = {
  type: 'consultation.answer',
  summary: '可以先向劳动监察大队投诉，也可以直接申请劳动仲裁；仲裁不收费，请带上工资条和聊天记录。',
};
