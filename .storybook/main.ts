// Storybook 10 for the widgets, on Vite. Stories render on the SDK's `local` backend with memory
// storage and the demo tenant, so `pnpm stories:build` needs no server and no network.
import type { StorybookConfig } from '@storybook/web-components-vite';

const config: StorybookConfig = {
  stories: ['../stories/**/*.stories.ts'],
  framework: { name: '@storybook/web-components-vite', options: {} },
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  // No addons: the stories are the states of the form, viewed as they are (the test runner checks them).
  addons: [],
  viteFinal(config) {
    // Workspace packages resolve to their TypeScript sources (`source`), and ESM builds (`module`) win.
    config.resolve = {
      ...config.resolve,
      conditions: ['source', 'module', 'browser', 'import', 'default'],
    };
    return config;
  },
};

export default config;
