import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, expect, it } from 'vitest';
import { WIDGETS_DIST } from './support/servers.js';

const widgets = join(WIDGETS_DIST, '..');
const again = mkdtempSync(join(tmpdir(), 'jiefen-widgets-again-'));
afterAll(() => rmSync(again, { recursive: true, force: true }));

/** Every file under `dir` (relative paths), sorted, except the library build's type declarations. */
function files(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[])
    .filter((entry) => entry.isFile() && !entry.name.endsWith('.d.ts'))
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1))
    .sort();
}

// The same sources must give the same bytes: SRI hashes in portals' pages, immutable versioned URLs
// and the byte budgets all rely on it. `pnpm test:dist` has just built dist/; build once more into a
// temporary directory (one rollup run, about 20 s here) and compare every file, byte for byte.
it('builds byte-identical files (names, chunks, hashes, manifest) a second time', async () => {
  await promisify(execFile)(join(widgets, '../../node_modules/.bin/rollup'), ['-c', 'rollup.config.js'], {
    cwd: widgets,
    env: { ...process.env, JIEFEN_WIDGETS_DIST: again },
    maxBuffer: 16 * 1024 * 1024,
  });
  const built = files(WIDGETS_DIST);
  expect(built.length).toBeGreaterThan(20);
  expect(files(again)).toEqual(built);
  const different = built.filter(
    (file) => !readFileSync(join(WIDGETS_DIST, file)).equals(readFileSync(join(again, file))),
  );
  expect(different).toEqual([]);
}, 180_000);
