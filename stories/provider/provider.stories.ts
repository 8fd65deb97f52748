import { qingshanTenant } from '@jiefen/core/demo';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import '@jiefen/widgets/provider/define';
import '@jiefen/widgets/intake-form/define';
import { consultStoryBackend, inConsult } from '../consult-request/fixtures.js';

interface ProviderArgs {
  lang: 'zh-CN' | 'zh-HK' | 'en';
}

/**
 * `<jf-provider>`: one client for the consultation request and the intake form on a page (one
 * outbox, one draft store). "Turn into a dispute report" in the consultation fills the intake form
 * below with the question and contact details. On the local backend, no server.
 */
const meta: Meta<ProviderArgs> = {
  title: 'Provider',
  component: 'jf-provider',
  args: { lang: 'zh-CN' },
  argTypes: { lang: { control: 'inline-radio', options: ['zh-CN', 'zh-HK', 'en'] } },
  render: (args) => {
    const provider = document.createElement('jf-provider') as HTMLElement & { client?: unknown };
    provider.setAttribute('tenant', qingshanTenant.id);
    provider.client = consultStoryBackend().client;
    const suffix = Math.random().toString(36).slice(2);
    provider.innerHTML = `
      <jf-consult-request lang="${args.lang}" draft-id="story-consult-${suffix}" refresh-interval="0" intake-target="story-intake-${suffix}"></jf-consult-request>
      <jf-intake-form lang="${args.lang}" id="story-intake-${suffix}" draft-id="story-intake-${suffix}"></jf-intake-form>`;
    return provider;
  },
};
export default meta;
type Story = StoryObj<ProviderArgs>;

export const SharedClient: Story = {
  name: 'Two elements, one client',
  play: async ({ canvasElement }) => {
    await inConsult(canvasElement, (root) => root.querySelector('#f-question'));
  },
};

export const HandOver: Story = {
  name: 'Consultation handed over to the intake form',
  play: async ({ canvasElement }) => {
    const question = await inConsult(canvasElement, (root) => root.querySelector<HTMLTextAreaElement>('#f-question'));
    question.value = '老板拖欠了我三个月工资，协商不成，想请中心出面调解。';
    question.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    // The intake form must be open before it can take the answers.
    const intake = canvasElement.querySelector('jf-intake-form') as HTMLElement & {
      snapshot?: { value: unknown; context: { form: { description?: string } } };
    };
    for (let i = 0; i < 200 && !intake.shadowRoot?.querySelector('[part="category-card"]'); i++)
      await new Promise((resolve) => setTimeout(resolve, 50));
    const handover = await inConsult(canvasElement, (root) =>
      root.querySelector<HTMLButtonElement>('[part="handover"] button'),
    );
    handover.click();
    for (let i = 0; i < 200 && !intake.snapshot?.context.form.description; i++)
      await new Promise((resolve) => setTimeout(resolve, 50));
    if (!intake.snapshot?.context.form.description) throw new Error('the intake form was not filled');
  },
};
