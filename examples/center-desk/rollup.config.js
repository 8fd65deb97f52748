// The desk's build, `pnpm --filter @jiefen/example-center-desk build` (and `pnpm build`): one ES
// module bundle of the app with every dependency (lit, xstate, ky, valibot, the workspace packages)
// plus the page and its style sheet, into `dist/` (git-ignored). Same resolver and compiler settings
// as the widgets' build, so the workspace packages are read from their TypeScript sources.
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import esbuild from 'rollup-plugin-esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, 'dist');

/** The page and its style sheet are static: copied as they are (the page has no inline script or style, for the strict CSP). */
const staticFiles = () => ({
  name: 'jiefen-desk-static',
  buildStart: () => rmSync(dist, { recursive: true, force: true }),
  writeBundle() {
    mkdirSync(dist, { recursive: true });
    for (const file of ['index.html', 'desk.css']) copyFileSync(join(here, 'public', file), join(dist, file));
  },
});

/** @type {import('rollup').RollupOptions} */
export default {
  input: join(here, 'src/main.ts'),
  output: { dir: dist, format: 'es', entryFileNames: 'desk.js', chunkFileNames: 'desk-[name]-[hash].js' },
  plugins: [
    staticFiles(),
    nodeResolve({
      extensions: ['.ts', '.js'],
      browser: true,
      exportConditions: ['source', 'module', 'browser', 'import', 'default'],
    }),
    esbuild({
      target: 'es2022',
      tsconfig: join(here, '../../tsconfig.base.json'),
      minify: true,
      legalComments: 'none',
    }),
  ],
  onwarn(warning, warn) {
    if (warning.code === 'UNRESOLVED_IMPORT') throw new Error(`desk: cannot resolve ${warning.exporter}`);
    // xstate and lit use `this` at module level in a way rollup warns about harmlessly.
    if (warning.code === 'THIS_IS_UNDEFINED') return;
    warn(warning);
  },
};
