import type { Meta, StoryObj } from '@storybook/web-components-vite';
import {
  ANSWER,
  ASSIGN,
  type ConsultArgs,
  inConsult,
  pressSubmit,
  receivedThen,
  renderConsult,
  SCHEDULE,
  sampleRequest,
} from './fixtures.js';

/**
 * `<jf-consult-request>` in each of its states, each locale and elder mode, on the local backend (no
 * server). Stories past the form reach their state the way a resident does (the form prefilled with
 * what they would have typed, `play` pressing the element's own buttons); the stages after the
 * request are played as staff on the local backend.
 */
const meta: Meta<ConsultArgs> = {
  title: 'Consultation request',
  component: 'jf-consult-request',
  render: (args) => renderConsult(args),
  args: { lang: 'zh-CN', elder: false, network: 'normal' },
  argTypes: {
    lang: { control: 'inline-radio', options: ['zh-CN', 'zh-HK', 'en'] },
    elder: { control: 'boolean' },
    network: { control: 'select', options: ['normal', 'config-pending', 'config-fails', 'offline', 'sending'] },
    prefill: { control: false },
  },
};
export default meta;
type Story = StoryObj<ConsultArgs>;

// Loading and setup

export const Loading: Story = { args: { network: 'config-pending' } };

export const ConfigurationFailed: Story = {
  args: { network: 'config-fails' },
  play: ({ canvasElement }) => inConsult(canvasElement, (root) => root.querySelector('.problem')).then(() => {}),
};

export const RestoreOffered: Story = {
  name: 'Restore offered',
  play: async ({ canvasElement, args }) => {
    // Type a question, let the draft be saved, then come back with a new element on the same device.
    const el = canvasElement.querySelector('jf-consult-request') as HTMLElement & {
      client?: { drafts: { flush(): Promise<void> } };
    };
    const question = await inConsult(canvasElement, (root) => root.querySelector<HTMLTextAreaElement>('#f-question'));
    question.value = '邻居把垃圾堆在我家门口，协商了几次都不听，我可以怎么办？';
    question.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    await el.client!.drafts.flush();
    const again = renderConsult(args) as HTMLElement & { client?: unknown };
    again.client = el.client;
    again.setAttribute('draft-id', el.getAttribute('draft-id')!);
    el.replaceWith(again);
    await inConsult(canvasElement, (root) => root.querySelector('[part="restore-banner"]'));
  },
};

// The form

export const Editing: Story = {
  play: ({ canvasElement }) => inConsult(canvasElement, (root) => root.querySelector('#f-question')).then(() => {}),
};

export const WithErrors: Story = {
  name: 'With errors',
  play: ({ canvasElement }) => pressSubmit(canvasElement, 'error-summary'),
};

export const Prefilled: Story = {
  args: { prefill: sampleRequest() },
  play: ({ canvasElement }) => inConsult(canvasElement, (root) => root.querySelector('.time-window')).then(() => {}),
};

// Sending

export const OfflineSaved: Story = {
  name: 'Offline, saved on this device',
  args: { network: 'offline', prefill: sampleRequest() },
  play: ({ canvasElement }) => pressSubmit(canvasElement, 'saved'),
};

export const Sending: Story = {
  args: { network: 'sending', prefill: sampleRequest() },
  play: ({ canvasElement }) => pressSubmit(canvasElement, 'sending'),
};

// Received and followed

export const Received: Story = {
  args: { prefill: sampleRequest() },
  play: async ({ canvasElement }) => {
    await pressSubmit(canvasElement, 'receipt');
    await inConsult(canvasElement, (root) => root.querySelector('[part="qr-code"]'));
  },
};

export const Assigned: Story = {
  args: { prefill: sampleRequest() },
  play: ({ canvasElement }) => receivedThen(canvasElement, [ASSIGN], 'assigned'),
};

export const Scheduled: Story = {
  args: { prefill: sampleRequest() },
  play: ({ canvasElement }) => receivedThen(canvasElement, [ASSIGN, SCHEDULE], 'scheduled'),
};

export const Answered: Story = {
  args: { prefill: sampleRequest() },
  play: ({ canvasElement }) => receivedThen(canvasElement, [ASSIGN, SCHEDULE, ANSWER], 'answered'),
};

export const Rated: Story = {
  args: { prefill: sampleRequest() },
  play: async ({ canvasElement }) => {
    await receivedThen(canvasElement, [ASSIGN, ANSWER], 'answered');
    (
      await inConsult(canvasElement, (root) =>
        root.querySelector<HTMLInputElement>('input[name="rating-score"][value="5"]'),
      )
    ).click();
    (
      await inConsult(canvasElement, (root) =>
        root.querySelector<HTMLButtonElement>('[part="rating"] button[type="submit"]'),
      )
    ).click();
    await inConsult(canvasElement, (root) => root.querySelector('[part="tracking"][data-status="closed"]'));
  },
};

export const CancelConfirmation: Story = {
  name: 'Cancel, confirmation',
  args: { prefill: sampleRequest() },
  play: async ({ canvasElement }) => {
    await pressSubmit(canvasElement, 'tracking');
    (await inConsult(canvasElement, (root) => root.querySelector<HTMLButtonElement>('[part="cancel-button"]'))).click();
    await inConsult(canvasElement, (root) => root.querySelector('[part="cancel-confirm"]'));
  },
};

export const Cancelled: Story = {
  args: { prefill: sampleRequest() },
  play: async ({ canvasElement }) => {
    await pressSubmit(canvasElement, 'tracking');
    (await inConsult(canvasElement, (root) => root.querySelector<HTMLButtonElement>('[part="cancel-button"]'))).click();
    (
      await inConsult(canvasElement, (root) => root.querySelector<HTMLButtonElement>('[part="cancel-confirm"] .danger'))
    ).click();
    await inConsult(canvasElement, (root) => root.querySelector('[part="tracking"][data-status="cancelled"]'));
  },
};

// Locales and elder mode

export const TraditionalChinese: Story = { name: '繁體中文', args: { lang: 'zh-HK' } };

export const English: Story = { args: { lang: 'en' } };

export const EnglishScheduled: Story = {
  name: 'English, scheduled',
  args: { lang: 'en', prefill: { ...sampleRequest(), locale: 'en' } },
  play: ({ canvasElement }) => receivedThen(canvasElement, [ASSIGN, SCHEDULE], 'scheduled'),
};

export const ElderMode: Story = { name: 'Elder mode', args: { elder: true } };

export const ElderModeWithErrors: Story = {
  name: 'Elder mode, with errors',
  args: { elder: true },
  play: ({ canvasElement }) => pressSubmit(canvasElement, 'error-summary'),
};
