// One build for every package: `rollup -c ../../rollup.config.js --environment PKG:<name>`.
// ESM only; dependencies stay external (each package is installed with its own), TypeScript is
// compiled by esbuild and type-checked separately by tsc.
import { readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import esbuild from 'rollup-plugin-esbuild';

const root = dirname(fileURLToPath(import.meta.url));
const pkgName = process.env.PKG;
if (!pkgName) throw new Error('Set PKG, e.g. --environment PKG:core');
const pkgDir = join(root, 'packages', pkgName);
const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
// Start from an empty dist so renamed chunks of earlier builds do not linger.
rmSync(join(pkgDir, 'dist'), { recursive: true, force: true });

/** Entry points per package; the server also builds its executable. */
const entries = {
  core: { index: 'src/index.ts', demo: 'src/demo/index.ts', forms: 'src/forms.ts', locale: 'src/i18n/locale.ts' },
  sdk: {
    index: 'src/index.ts',
    intake: 'src/entries/intake.ts',
    consultation: 'src/entries/consultation.ts',
    rest: 'src/entries/rest.ts',
    open311: 'src/entries/open311.ts',
    local: 'src/entries/local.ts',
    staff: 'src/entries/staff.ts',
    tracker: 'src/entries/tracker.ts',
  },
  server: { index: 'src/index.ts', main: 'src/main.ts' },
};

const deps = Object.keys({ ...pkg.dependencies, ...pkg.peerDependencies });
const external = (id) => id.startsWith('node:') || deps.some((d) => id === d || id.startsWith(`${d}/`));

export default {
  input: Object.fromEntries(Object.entries(entries[pkgName]).map(([name, file]) => [name, join(pkgDir, file)])),
  external,
  plugins: [nodeResolve({ extensions: ['.ts', '.js'], exportConditions: ['source'] }), esbuild({ target: 'es2022' })],
  output: { dir: join(pkgDir, 'dist'), format: 'es', sourcemap: true, entryFileNames: '[name].js' },
};
