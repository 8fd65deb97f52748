import { rollup } from 'rollup';
import { gzipSync } from 'node:zlib';
import { transformSync } from 'esbuild';
const configs = (await import(process.cwd() + '/rollup.config.js')).default;
const cfg = configs[0];
const plugins = cfg.plugins.filter((p) => !p.name.startsWith('jiefen'));
const bundle = await rollup({ ...cfg, plugins });
const { output } = await bundle.generate({ ...cfg.output, dir: undefined });
for (const chunk of output) {
  if (chunk.type !== 'chunk') continue;
  const groups = {};
  for (const [id, m] of Object.entries(chunk.modules)) {
    if (!m.code) continue;
    let g = id.replace(/.*node_modules\/(\.pnpm\/[^/]+\/node_modules\/)?/, '').replace(/^(@[^/]+\/[^/]+|[^/]+)\/.*/, '$1');
    if (!id.includes('node_modules')) g = id.replace(/.*\/packages\//, '').replace(/\/[^/]+$/, '');
    groups[g] = (groups[g] ?? '') + m.code + '\n';
  }
  const rows = Object.entries(groups).map(([g, code]) => {
    const min = transformSync(code, { minify: true, loader: 'js', format: 'esm' }).code;
    return [g, gzipSync(min, { level: 9 }).length];
  }).sort((a, b) => b[1] - a[1]);
  const total = gzipSync(chunk.code, { level: 9 }).length;
  console.log(`\n## ${chunk.fileName} (unminified gzip ${total}) imports ${chunk.imports.join(',')} dyn ${chunk.dynamicImports.join(',')}`);
  for (const [g, n] of rows) if (n > 150) console.log(`  ${String(n).padStart(6)}  ${g}`);
}
