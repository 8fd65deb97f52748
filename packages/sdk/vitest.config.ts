import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    name: 'sdk',
    // Projects run one group after another on this 2-core machine: core, server (both engines), SDK.
    sequence: { groupOrder: 2 },
    include: ['test/**/*.test.ts'],
    // Its own project (vitest.crash.config.ts), run after this one.
    exclude: ['test/crash/**'],
    environment: 'node',
    testTimeout: 20_000,
  },
});
