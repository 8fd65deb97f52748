import { defineProject } from 'vitest/config';

/**
 * The crash test (test/crash) as its own project, run after every other group: it starts and
 * SIGKILLs server processes, and sharing the two cores with the other SDK files would slow both.
 */
export default defineProject({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    name: 'crash',
    sequence: { groupOrder: 3 },
    include: ['test/crash/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
  },
});
