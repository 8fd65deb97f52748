import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: { name: 'sdk', include: ['test/**/*.test.ts'], environment: 'node', testTimeout: 20_000 },
});
