import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    name: 'core',
    // Projects run one group after another on this 2-core machine: core, server (both engines), SDK.
    sequence: { groupOrder: 0 },
    include: ['test/**/*.test.ts'],
    environment: 'node',
  },
});
