import { defineConfig } from 'vitest/config';

// The distribution's tests: the built drop-in bundle (`pnpm --filter @jiefen/widgets build` first) in
// the machine's Chromium, driven by playwright-core, against the real reference server in-process.
export default defineConfig({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    name: 'dist',
    root: new URL('.', import.meta.url).pathname,
    include: ['**/*.test.ts'],
    environment: 'node',
    // One browser at a time on this 2-core machine.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
