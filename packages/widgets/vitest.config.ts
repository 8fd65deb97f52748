import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    name: 'widgets',
    // After the SDK's group: the widgets' node tests are few (catalogs, server-safe imports).
    sequence: { groupOrder: 3 },
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
  },
});
