import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    projects: [
      'packages/*/vitest.config.ts',
      'packages/sdk/vitest.crash.config.ts',
      'examples/center-desk/vitest.config.ts',
      'examples/react-host/vitest.config.ts',
    ],
  },
});
