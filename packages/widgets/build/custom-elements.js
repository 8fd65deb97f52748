// Writes custom-elements.json from the elements' sources, or with `--check` fails when the file in
// the repository is not what the sources produce (run by `pnpm check`, like the statechart diagram).
//
//   node build/custom-elements.js           regenerate
//   node build/custom-elements.js --check   exit 1 when stale
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cli } from '@custom-elements-manifest/analyzer/cli.js';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const target = join(packageDir, 'custom-elements.json');

const manifest = await cli({
  argv: ['analyze', '--config', 'custom-elements-manifest.config.mjs', '--quiet'],
  cwd: packageDir,
  noWrite: true,
});
// Stable across machines: modules sorted by path (the analyzer lists them in glob order).
manifest.modules.sort((a, b) => a.path.localeCompare(b.path));
const expected = `${JSON.stringify(manifest, null, 2)}\n`;

if (process.argv.includes('--check')) {
  let actual;
  try {
    actual = readFileSync(target, 'utf8');
  } catch {
    actual = undefined;
  }
  if (actual !== expected) {
    console.error(
      `packages/widgets/custom-elements.json is ${actual === undefined ? 'missing' : 'out of date'}: run pnpm --filter @jiefen/widgets custom-elements`,
    );
    process.exit(1);
  }
  const elements = manifest.modules.flatMap((m) => m.declarations ?? []).filter((d) => d.customElement && d.tagName);
  if (elements.length === 0) {
    console.error('custom-elements.json lists no element with a tag: the analyzer found no define() call in src/');
    process.exit(1);
  }
  console.log(
    `packages/widgets/custom-elements.json is up to date (${elements.map((d) => `<${d.tagName}>`).join(', ')})`,
  );
} else {
  writeFileSync(target, expected);
  console.log('wrote packages/widgets/custom-elements.json');
}
