import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readManifest, WIDGETS_DIST } from './support/servers.js';

const read = (file: string) => readFileSync(join(WIDGETS_DIST, file));
const sri = (bytes: Buffer) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;

// What the build promises a portal: every file it lists exists with the hash it gives, the versioned
// folder holds the same bytes, and nothing in the bundle needs what the strict policy forbids.
describe('the widgets distribution', () => {
  const manifest = readManifest();
  const files = Object.keys(manifest.files);

  it('lists every JavaScript file it wrote, each with the integrity of its bytes', () => {
    const written = readdirSync(WIDGETS_DIST).filter((name) => name.endsWith('.js'));
    expect(written.length).toBeGreaterThan(2);
    expect(files.sort()).toEqual(written.sort());
    for (const file of files) expect(manifest.files[file]!.integrity, file).toBe(sri(read(file)));
    expect(manifest.module.integrity).toBe(sri(read(manifest.module.entry)));
    expect(manifest.classic.integrity).toBe(sri(read(manifest.classic.entry)));
  });

  it('keeps an immutable copy of every file under v<version>/', () => {
    expect(manifest.module.versioned).toBe(`v${manifest.version}/jiefen.js`);
    for (const file of files) expect(read(`v${manifest.version}/${file}`).equals(read(file)), file).toBe(true);
  });

  it('names each element a lazy chunk that the loader imports on first use, and nothing else upfront', () => {
    const element = manifest.elements['jf-intake-form'];
    expect(element).toBeDefined();
    expect(manifest.module.upfront).toEqual(['jiefen.js']);
    expect(read('jiefen.js').toString()).toContain(`import("./${element!.chunk}")`);
    for (const file of [...manifest.module.upfront, ...element!.files]) expect(files).toContain(file);
  });

  it('needs no eval and no string-built scripts (DOM sinks are left to the Trusted Types test in the browser)', () => {
    for (const file of files) {
      const text = read(file).toString();
      expect(text, file).not.toMatch(/\beval\(|new Function\(|setTimeout\("|document\.write\(/);
    }
  });

  it('ships the licences of what it bundles', () => {
    const notices = read('THIRD-PARTY-NOTICES.txt').toString();
    for (const name of ['lit-html', 'xstate', 'valibot']) expect(notices).toMatch(new RegExp(`^${name}@`, 'm'));
  });

  it('marks only registration modules as side effects, so bundlers keep the elements and drop the rest', () => {
    const pkg = JSON.parse(readFileSync(join(WIDGETS_DIST, '../package.json'), 'utf8')) as {
      sideEffects: string[] | boolean;
    };
    expect(Array.isArray(pkg.sideEffects)).toBe(true);
    const globs = pkg.sideEffects as string[];
    expect(globs).toContain('./src/**/define.ts');
    expect(globs).toContain('./src/loader.ts');
    for (const glob of globs) expect(glob, glob).toMatch(/define|loader|classic|jiefen|\/v\*\//);
  });
});
