import { defineProject } from 'vitest/config';

// The React host built with esbuild, in the machine's Chromium (playwright-core).
export default defineProject({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    name: 'react-host',
    sequence: { groupOrder: 4 },
    include: ['test/**/*.test.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 90_000,
    hookTimeout: 120_000,
  },
});
