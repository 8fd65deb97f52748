import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { inTracker, type Loaded, loadCase, lookUp, openCase, renderTracker, type TrackerArgs } from './fixtures.js';

/**
 * `<jf-case-tracker>` at each stage of the closed loop, each locale and elder mode, on the local
 * backend (no server). The case is filed and moved by staff steps before the story renders; `play`
 * opens it with the tracker's own lookup form and, for action states, presses the tracker's buttons.
 */
const meta: Meta<TrackerArgs> = {
  title: 'Case tracker',
  component: 'jf-case-tracker',
  loaders: [async ({ args }) => ({ loop: await loadCase(args as TrackerArgs) })],
  render: (args, { loaded }) => renderTracker(args, (loaded as { loop?: Loaded }).loop),
  args: { lang: 'zh-CN', elder: false, stage: 'joint_handling', offline: false },
  argTypes: {
    lang: { control: 'inline-radio', options: ['zh-CN', 'zh-HK', 'en'] },
    elder: { control: 'boolean' },
    stage: {
      control: 'select',
      options: [
        'registration',
        'information_requested',
        'risk_assessment',
        'routing',
        'joint_handling',
        'mediation',
        'follow_up',
        'closed',
      ],
    },
    offline: { control: 'boolean' },
  },
};
export default meta;
type Story = StoryObj<TrackerArgs>;

const opened: Story['play'] = async ({ canvasElement, loaded }) => {
  await openCase(canvasElement, (loaded as { loop: Loaded }).loop);
};

// Looking a case up

export const Lookup: Story = {
  play: async ({ canvasElement }) => {
    await inTracker(canvasElement, (root) => root.querySelector('[part~="lookup"]'));
  },
};

export const NotFound: Story = {
  name: 'Not found',
  play: async ({ canvasElement, loaded }) => {
    await lookUp(canvasElement, (loaded as { loop: Loaded }).loop.receipt.caseNumber, 'WRONG-CODE-1');
    await inTracker(canvasElement, (root) => root.querySelector('[role="alert"]'));
  },
};

// Each stage of the closed loop

export const Registration: Story = { args: { stage: 'registration' }, play: opened };
export const InformationRequested: Story = {
  name: 'Information requested',
  args: { stage: 'information_requested' },
  play: opened,
};
export const RiskAssessment: Story = { name: 'Risk assessment', args: { stage: 'risk_assessment' }, play: opened };
export const Routing: Story = { args: { stage: 'routing' }, play: opened };
export const JointHandling: Story = { name: 'Joint handling', args: { stage: 'joint_handling' }, play: opened };
export const Mediation: Story = { args: { stage: 'mediation' }, play: opened };
export const FollowUp: Story = { name: 'Follow-up', args: { stage: 'follow_up' }, play: opened };
export const Closed: Story = { args: { stage: 'closed' }, play: opened };

// Actions

export const WithdrawConfirmation: Story = {
  name: 'Withdraw confirmation',
  args: { stage: 'routing' },
  play: async ({ canvasElement, loaded }) => {
    const root = await openCase(canvasElement, (loaded as { loop: Loaded }).loop);
    root.getElementById('withdraw-start')!.click();
    await inTracker(canvasElement, (r) => r.querySelector('[part~="withdraw-confirmation"]'));
  },
};

export const ActionSavedOffline: Story = {
  name: 'Action saved on this device (offline)',
  args: { stage: 'follow_up', offline: true },
  play: async ({ canvasElement, loaded }) => {
    const root = await openCase(canvasElement, (loaded as { loop: Loaded }).loop);
    root.querySelector<HTMLInputElement>('input[name="score"][value="5"]')!.click();
    root.querySelector<HTMLButtonElement>('[data-action="rate"] button[type="submit"]')!.click();
    await inTracker(canvasElement, (r) => r.querySelector('[part~="action-status"][data-state="saved"]'));
  },
};

// Locales and elder mode

export const TraditionalChinese: Story = { name: '繁體中文', args: { lang: 'zh-HK' }, play: opened };
export const English: Story = { name: 'English (tracker)', args: { lang: 'en' }, play: opened };
export const ElderMode: Story = { name: 'Elder mode (tracker)', args: { elder: true }, play: opened };
export const ElderModeFollowUp: Story = {
  name: 'Elder mode, follow-up (tracker)',
  args: { elder: true, stage: 'follow_up' },
  play: opened,
};
