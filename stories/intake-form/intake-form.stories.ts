import type { Meta, StoryObj } from '@storybook/web-components-vite';
import {
  completeFiling,
  type FormArgs,
  filingMissing,
  inForm,
  pressNext,
  pressNextExpectingErrors,
  pressSubmit,
  renderForm,
} from './fixtures.js';

/**
 * `<jf-intake-form>` in each of its states, each locale and elder mode, on the local backend (no
 * server). Stories past the first step reach their state the way a resident does: the form is
 * prefilled with what they would have typed and `play` presses the form's own buttons.
 */
const meta: Meta<FormArgs> = {
  title: 'Intake form',
  component: 'jf-intake-form',
  render: (args) => renderForm(args),
  args: { lang: 'zh-CN', elder: false, network: 'normal' },
  argTypes: {
    lang: { control: 'inline-radio', options: ['zh-CN', 'zh-HK', 'en'] },
    elder: { control: 'boolean' },
    network: {
      control: 'select',
      options: ['normal', 'config-pending', 'config-fails', 'offline', 'sending', 'rejected'],
    },
    prefill: { control: false },
  },
};
export default meta;
type Story = StoryObj<FormArgs>;

// Loading and setup

export const Loading: Story = { args: { network: 'config-pending' } };

export const ConfigurationFailed: Story = { args: { network: 'config-fails' } };

export const RestoreOffered: Story = {
  name: 'Restore offered',
  play: async ({ canvasElement, args }) => {
    // Answer the first question, let the draft be saved, then come back with a new form on the same
    // device (same client, same draft slot): it offers to continue.
    const form = canvasElement.querySelector('jf-intake-form') as HTMLElement & { client?: unknown };
    const saved = new Promise((resolve) => form.addEventListener('jf-draft-saved', resolve, { once: true }));
    (
      await inForm(canvasElement, (root) => root.querySelector<HTMLInputElement>('[part="category-card"] input'))
    ).click();
    await saved;
    const again = renderForm(args) as HTMLElement & { client?: unknown };
    again.client = form.client;
    again.setAttribute('draft-id', form.getAttribute('draft-id')!);
    form.replaceWith(again);
    await inForm(canvasElement, (root) => root.querySelector('[part="restore-banner"]'));
  },
};

// Each step, without and with errors

export const Category: Story = {};

export const CategoryWithErrors: Story = {
  name: 'Category, with errors',
  play: ({ canvasElement }) => pressNextExpectingErrors(canvasElement),
};

export const Details: Story = {
  args: { prefill: completeFiling() },
  play: ({ canvasElement }) => pressNext(canvasElement, 1),
};

export const DetailsWithErrors: Story = {
  name: 'Details, with errors',
  args: { prefill: filingMissing('description', 'startedOn', 'location', 'answers', 'desiredOutcome') },
  play: async ({ canvasElement }) => {
    await pressNext(canvasElement, 1);
    await pressNextExpectingErrors(canvasElement);
  },
};

export const OtherParty: Story = {
  name: 'Other party',
  args: { prefill: completeFiling() },
  play: ({ canvasElement }) => pressNext(canvasElement, 2),
};

export const OtherPartyWithErrors: Story = {
  name: 'Other party, with errors',
  args: { prefill: { ...completeFiling(), otherParties: [{ kind: 'person', name: '' }] } as FormArgs['prefill'] },
  play: async ({ canvasElement }) => {
    await pressNext(canvasElement, 2);
    await pressNextExpectingErrors(canvasElement);
  },
};

export const Evidence: Story = {
  args: { prefill: completeFiling() },
  play: ({ canvasElement }) => pressNext(canvasElement, 3),
};

export const Applicant: Story = {
  name: 'About you',
  args: { prefill: completeFiling() },
  play: ({ canvasElement }) => pressNext(canvasElement, 4),
};

export const ApplicantWithErrors: Story = {
  name: 'About you, with errors',
  args: { prefill: { ...completeFiling(), applicant: { kind: 'person', name: '李建国', phone: '138' } } },
  play: async ({ canvasElement }) => {
    await pressNext(canvasElement, 4);
    await pressNextExpectingErrors(canvasElement);
  },
};

export const Review: Story = {
  args: { prefill: completeFiling() },
  play: ({ canvasElement }) => pressNext(canvasElement, 5),
};

// Submission

const submitted =
  (state: string): Story['play'] =>
  async ({ canvasElement }) => {
    await pressNext(canvasElement, 5);
    await pressSubmit(canvasElement);
    await inForm(canvasElement, (root) => root.querySelector(`[part="status"][data-state="${state}"]`));
  };

export const OfflineAndSaved: Story = {
  name: 'Offline, saved on this device',
  args: { prefill: completeFiling(), network: 'offline' },
  play: submitted('saved'),
};

export const Sending: Story = {
  args: { prefill: completeFiling(), network: 'sending' },
  play: submitted('sending'),
};

export const Received: Story = {
  args: { prefill: completeFiling() },
  play: async ({ canvasElement }) => {
    await pressNext(canvasElement, 5);
    await pressSubmit(canvasElement);
    await inForm(canvasElement, (root) => root.querySelector('[part="receipt"]'));
  },
};

export const Rejected: Story = {
  args: { prefill: completeFiling(), network: 'rejected' },
  play: submitted('rejected'),
};

// Locales and elder mode

export const TraditionalChineseHongKong: Story = { name: '繁體中文（香港）', args: { lang: 'zh-HK' } };

export const English: Story = { args: { lang: 'en' } };

export const EnglishReview: Story = {
  name: 'English, review',
  args: { lang: 'en', prefill: completeFiling() },
  play: ({ canvasElement }) => pressNext(canvasElement, 5),
};

export const ElderMode: Story = { name: 'Elder mode', args: { elder: true } };

export const ElderModeHongKong: Story = { name: 'Elder mode, 繁體中文', args: { elder: true, lang: 'zh-HK' } };

export const ElderModeEnglish: Story = { name: 'Elder mode, English', args: { elder: true, lang: 'en' } };
