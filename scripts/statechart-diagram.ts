/**
 * Writes docs/statechart.md from the case and department statecharts.
 *
 *   pnpm diagram            regenerate the file
 *   pnpm diagram --check    exit 1 if the file is not what the machines produce (used by `pnpm check`)
 *
 * Run through tsx with the `source` condition so it reads the TypeScript sources, no build needed.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { renderStatechartMarkdown } from './statechart-diagram-render.js';

const target = fileURLToPath(new URL('../docs/statechart.md', import.meta.url));
const expected = renderStatechartMarkdown();

if (process.argv.includes('--check')) {
  const actual = await readFile(target, 'utf8').catch(() => undefined);
  if (actual !== expected) {
    console.error(
      actual === undefined
        ? 'docs/statechart.md is missing: run pnpm diagram'
        : 'docs/statechart.md is out of date: run pnpm diagram',
    );
    process.exit(1);
  }
  console.log('docs/statechart.md is up to date');
} else {
  await writeFile(target, expected);
  console.log('wrote docs/statechart.md');
}
