// Rollup plugins that turn the drop-in builds into a distribution: immutable versioned copies,
// Subresource Integrity hashes (sha384), `dist/manifest.json` (what is where, sizes raw and gzip,
// which file loads when), the licences of bundled packages, and a table of every chunk on stdout.
// Sizes are gzip level 9 of the written bytes: the same bytes always give the same numbers.
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** gzip -9 size of some bytes (what the budgets count). */
export const gzipSize = (bytes) => gzipSync(bytes, { level: 9 }).byteLength;
/** The value of an `integrity` attribute for these bytes. */
export const integrityOf = (bytes) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;

const TAG_PREFIX = 'jf-';

/**
 * `…/src/intake-form/define.ts` → `jf-intake-form`: an element's lazy chunk is the one holding its
 * define module (rollup may fold shared code into it, so the module need not be the chunk's facade).
 */
export function elementOf(moduleIds) {
  const define = moduleIds.find((id) => basename(id) === 'define.ts' && !id.includes('/node_modules/'));
  return define ? TAG_PREFIX + basename(dirname(define)) : undefined;
}

/** The package a bundled node_modules file belongs to: its directory, or undefined for our sources. */
function packageDirOf(moduleId) {
  const at = moduleId.lastIndexOf('/node_modules/');
  if (at < 0) return undefined;
  const rest = moduleId.slice(at + '/node_modules/'.length).split('/');
  const depth = rest[0]?.startsWith('@') ? 2 : 1;
  return moduleId.slice(0, at + '/node_modules/'.length) + rest.slice(0, depth).join('/');
}

/** Static imports, transitively, from some files of one build (the files themselves included). */
function closure(chunks, files) {
  const seen = new Set();
  const visit = (file) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const next of chunks[file]?.imports ?? []) visit(next);
  };
  for (const file of files) visit(file);
  return [...seen];
}

function licenceText(dir) {
  const file = readdirSync(dir).find((name) => /^licen[cs]e(\.md|\.txt)?$/i.test(name));
  return file ? readFileSync(join(dir, file), 'utf8').trim() : undefined;
}

export function distManifest({ dist, name, version }) {
  /** build kind ('module' | 'classic') → fileName → chunk facts */
  const builds = {};
  const packageDirs = new Set();
  const versionDir = `v${version}`;

  return {
    /** Records the chunk graph of one build. */
    collect(kind) {
      return {
        name: 'jiefen-dist-collect',
        generateBundle(_options, bundle) {
          const chunks = {};
          for (const chunk of Object.values(bundle)) {
            if (chunk.type !== 'chunk') continue;
            for (const id of chunk.moduleIds) {
              const dir = packageDirOf(id);
              if (dir) packageDirs.add(dir);
            }
            chunks[chunk.fileName] = {
              isEntry: chunk.isEntry,
              element: elementOf(chunk.moduleIds),
              imports: [...chunk.imports],
              dynamicImports: [...chunk.dynamicImports],
            };
          }
          builds[kind] = chunks;
        },
      };
    },

    /** Runs after the last build is written: copies, hashes, manifest, notices, table. */
    finish() {
      return {
        name: 'jiefen-dist-finish',
        writeBundle() {
          const module = builds.module;
          const classic = builds.classic;
          if (!module || !classic) throw new Error('dist-manifest: both the module and the classic build must run');
          const entry = Object.keys(module).find((file) => module[file].isEntry);
          const upfront = closure(module, [entry]);
          const elements = {};
          for (const [file, chunk] of Object.entries(module)) {
            if (!chunk.element) continue;
            // What defining the element costs before its own lazy imports (locale catalogs, QR code).
            const files = closure(module, [file]).filter((f) => !upfront.includes(f));
            elements[chunk.element] = { chunk: file, files };
          }

          mkdirSync(join(dist, versionDir), { recursive: true });
          const files = {};
          const describe = (file, build) => {
            const bytes = readFileSync(join(dist, file));
            // Immutable copy: the same bytes under a URL that never changes meaning.
            copyFileSync(join(dist, file), join(dist, versionDir, file));
            const element = Object.entries(elements).find(([, e]) => e.files.includes(file))?.[0];
            const chunk = build[file];
            files[file] = {
              loads:
                build === classic
                  ? 'classic script: everything, defined on load'
                  : upfront.includes(file)
                    ? 'upfront (the loader)'
                    : element
                      ? `on first <${element}>`
                      : 'lazily, when an element asks for it',
              raw: bytes.byteLength,
              gzip: gzipSize(bytes),
              integrity: integrityOf(bytes),
              imports: chunk.imports,
              dynamicImports: chunk.dynamicImports,
            };
          };
          for (const file of Object.keys(module).sort()) describe(file, module);
          for (const file of Object.keys(classic)) describe(file, classic);

          const sum = (list) => list.reduce((total, file) => total + files[file].gzip, 0);
          const classicFile = Object.keys(classic)[0];
          const manifest = {
            name,
            version,
            module: {
              entry: entry,
              versioned: `${versionDir}/${entry}`,
              integrity: files[entry].integrity,
              upfront,
              gzip: sum(upfront),
            },
            classic: {
              entry: classicFile,
              versioned: `${versionDir}/${classicFile}`,
              integrity: files[classicFile].integrity,
              gzip: files[classicFile].gzip,
            },
            elements: Object.fromEntries(
              Object.entries(elements).map(([tag, e]) => [tag, { ...e, gzip: sum(e.files) }]),
            ),
            files,
          };
          const json = `${JSON.stringify(manifest, null, 2)}\n`;
          writeFileSync(join(dist, 'manifest.json'), json);
          writeFileSync(join(dist, versionDir, 'manifest.json'), json);

          const notices = [...packageDirs]
            .map((dir) => {
              const meta = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
              return { meta, text: existsSync(dir) ? licenceText(dir) : undefined };
            })
            .sort((a, b) => a.meta.name.localeCompare(b.meta.name))
            .map(({ meta, text }) => `${meta.name}@${meta.version} (${meta.license})\n\n${text ?? ''}\n`);
          const noticeText = `Third-party software bundled in ${name} ${version}\n\n${notices.join('\n---\n\n')}`;
          writeFileSync(join(dist, 'THIRD-PARTY-NOTICES.txt'), noticeText);
          writeFileSync(join(dist, versionDir, 'THIRD-PARTY-NOTICES.txt'), noticeText);

          printTable(manifest);
        },
      };
    },
  };
}

function printTable(manifest) {
  const rows = Object.entries(manifest.files).map(([file, f]) => [file, String(f.raw), String(f.gzip), f.loads]);
  const totals = [
    ['= loader (upfront)', '', String(manifest.module.gzip), manifest.module.upfront.join(' + ')],
    ...Object.entries(manifest.elements).map(([tag, e]) => [
      `= <${tag}> defined`,
      '',
      String(manifest.module.gzip + e.gzip),
      'loader + element chunks (lazy locale and QR chunks not included)',
    ]),
  ];
  const all = [['file', 'bytes', 'gzip -9', 'loads'], ...rows, ...totals];
  const widths = [0, 1, 2].map((i) => Math.max(...all.map((r) => r[i].length)));
  const line = (r) =>
    `${r[0].padEnd(widths[0])}  ${r[1].padStart(widths[1])}  ${r[2].padStart(widths[2])}  ${r[3]}`.trimEnd();
  process.stdout.write(
    `\n${manifest.name} ${manifest.version}: dist/ (immutable copies in dist/v${manifest.version}/)\n` +
      `${all.map(line).join('\n')}\n\n`,
  );
}
