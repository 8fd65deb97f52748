// Builds the React host with esbuild (one ES module with code-split chunks, as the widgets' lazy
// backend imports want) into dist/ (git-ignored), plus the page. esbuild rather than Vite: no dev
// server is needed and the repo already uses esbuild for the widgets' compile step.
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, 'dist');

export async function buildReactHost() {
  rmSync(dist, { recursive: true, force: true });
  mkdirSync(dist, { recursive: true });
  await build({
    entryPoints: { app: join(here, 'src/main.tsx') },
    outdir: dist,
    bundle: true,
    splitting: true,
    format: 'esm',
    target: 'es2022',
    minify: true,
    jsx: 'automatic',
    // The workspace packages from their TypeScript sources; `module` keeps xstate on its ES build.
    conditions: ['source', 'module', 'browser'],
    tsconfigRaw: { compilerOptions: { experimentalDecorators: true, useDefineForClassFields: false } },
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'warning',
  });
  copyFileSync(join(here, 'public/index.html'), join(dist, 'index.html'));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildReactHost();
