// The widgets' builds, `pnpm --filter @jiefen/widgets build`:
//
// 1. the drop-in bundle (`dist/jiefen.js`, ESM): the loader as entry, one lazy chunk per element and
//    content-hashed shared chunks; every dependency (lit, xstate, ky, idb, valibot, @jiefen/sdk,
//    @jiefen/core) is bundled, since a portal has no bundler of its own;
// 2. the classic script (`dist/jiefen.iife.js`): every element in one file, defined on load, for
//    portals whose CMS cannot emit `type="module"`;
// 3. the library (`dist/lib/`, one file per module, dependencies external) for apps that bundle
//    themselves and import `@jiefen/widgets` or one element's `define` entry.
//
// After 1 and 2, `build/dist-manifest.js` writes the immutable copies under `dist/v<version>/`, the
// SRI hashes, `dist/manifest.json` and prints the chunk table. TypeScript is compiled by esbuild (the
// tsconfig's Lit decorator options apply) and type-checked separately by tsc.
import { readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import esbuild from 'rollup-plugin-esbuild';
import { distManifest, elementOf } from './build/dist-manifest.js';
import { firstScreenChunks } from './build/first-screen-chunks.js';
import { firstScreenImports } from './build/first-screen-imports.js';

const here = dirname(fileURLToPath(import.meta.url));
const pkg = JSON.parse(readFileSync(join(here, 'package.json'), 'utf8'));
// JIEFEN_WIDGETS_DIST builds elsewhere: the determinism check (test/e2e/deterministic-build.test.ts)
// builds a second time into a temporary directory and compares it with dist/.
const dist = process.env.JIEFEN_WIDGETS_DIST ?? join(here, 'dist');
// Start from an empty dist so chunks of earlier builds (other hashes) do not linger. A hook, not a
// top-level call: importing this config (tools, analysis scripts) must not delete anything.
const cleanDist = () => ({
  name: 'jiefen-clean-dist',
  buildStart: () => rmSync(dist, { recursive: true, force: true }),
});

// `source` reads the workspace packages' TypeScript; `module` must be named too, or xstate resolves
// to its CommonJS build (see /work/shared/toolchain.md); `browser` picks browser builds where a
// package has one. `production` is named explicitly: without it @rollup/plugin-node-resolve adds
// `development` whenever NODE_ENV is set to anything else (vitest sets `test`), and the same sources
// then gave other bytes (Lit's and xstate's dev builds, 17 kB more). The build must not depend on the
// shell it runs in.
const resolve = () =>
  nodeResolve({
    extensions: ['.ts', '.js'],
    browser: true,
    exportConditions: ['source', 'module', 'browser', 'import', 'default', 'production'],
  });
const compile = (minify) =>
  esbuild({
    target: 'es2022',
    tsconfig: join(here, '../../tsconfig.base.json'),
    minify,
    // Licence headers go to dist/THIRD-PARTY-NOTICES.txt once instead of into every chunk.
    legalComments: 'none',
  });

/** The drop-in builds bundle everything: an import left unresolved would break every portal at run time. */
const failOnUnresolved = (warning, warn) => {
  if (warning.code === 'UNRESOLVED_IMPORT')
    throw new Error(`drop-in bundle: cannot resolve ${warning.exporter} (from ${warning.id})`);
  warn(warning);
};

const manifest = distManifest({ dist, name: pkg.name, version: pkg.version });
const deps = Object.keys({ ...pkg.dependencies, ...pkg.peerDependencies });

/** @type {import('rollup').RollupOptions[]} */
export default [
  {
    input: { jiefen: join(here, 'src/loader.ts') },
    // Chunks may import what they share with the loader from `jiefen.js` itself: no facade file and
    // no extra request in front of the loader.
    preserveEntrySignatures: 'allow-extension',
    onwarn: failOnUnresolved,
    plugins: [
      cleanDist(),
      resolve(),
      compile(true),
      firstScreenImports({ loader: 'jiefen.js' }),
      manifest.collect('module'),
    ],
    output: {
      dir: dist,
      format: 'es',
      entryFileNames: '[name].js',
      // Content hashes: a chunk's name changes when its bytes do, so every chunk is immutable.
      // Element chunks are named after their tag's folder (`intake-form-<hash>.js`).
      chunkFileNames: (chunk) => `${elementOf(chunk.moduleIds)?.slice(3) ?? '[name]'}-[hash].js`,
      hashCharacters: 'base36',
      manualChunks: firstScreenChunks({ entry: 'jiefen' }),
    },
  },
  {
    input: join(here, 'src/classic.ts'),
    onwarn: failOnUnresolved,
    plugins: [resolve(), compile(true), manifest.collect('classic'), manifest.finish()],
    output: {
      file: join(dist, 'jiefen.iife.js'),
      format: 'iife',
      // Lazy imports inside the elements (locale catalogs, the QR code) are inlined: one file.
      inlineDynamicImports: true,
    },
  },
  {
    input: {
      index: join(here, 'src/index.ts'),
      loader: join(here, 'src/loader.ts'),
      classic: join(here, 'src/classic.ts'),
    },
    external: (id) => deps.some((d) => id === d || id.startsWith(`${d}/`)),
    plugins: [
      nodeResolve({ extensions: ['.ts', '.js'], exportConditions: ['source', 'module', 'production'] }),
      compile(false),
    ],
    output: { dir: join(dist, 'lib'), format: 'es', preserveModules: true, preserveModulesRoot: join(here, 'src') },
  },
];
