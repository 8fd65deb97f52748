import { defineProject } from 'vitest/config';

// The desk's tests: the schema-to-form mapping and the catalogs in Node, and the built desk in the
// machine's Chromium (playwright-core) against the real reference server.
export default defineProject({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    name: 'desk',
    // After core, server and SDK (one group at a time on this 2-core machine).
    sequence: { groupOrder: 4 },
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // One browser at a time.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
