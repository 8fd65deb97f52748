// A rollup plugin for the drop-in build: writes into the loader the file names of the chunks the
// intake form's first screen imports statically, so the loader can start them beside the first
// screen's own chunk instead of after it (one round trip less before the category cards). The names
// are content hashes, known only once the bundle is generated: the loader names a placeholder,
// `__JIEFEN_FIRST_SCREEN_IMPORTS__`, and this plugin puts the list in its place (in other builds,
// the library's and the test runner's, the placeholder stays undefined and the loader skips it).
const PLACEHOLDER = /__JIEFEN_FIRST_SCREEN_IMPORTS__/g;
const FIRST_SCREEN = /\/intake-form\/first-screen\/first-screen\.ts$/;

export function firstScreenImports({ loader }) {
  return {
    name: 'jiefen-first-screen-imports',
    generateBundle(_options, bundle) {
      const chunks = Object.values(bundle).filter((file) => file.type === 'chunk');
      const screen = chunks.find((chunk) => chunk.moduleIds.some((id) => FIRST_SCREEN.test(id)));
      const entry = bundle[loader];
      if (!screen || !entry || entry.type !== 'chunk') throw new Error('first-screen imports: chunk not found');
      // Transitively: a chunk's own static imports are discovered only when it has arrived too.
      const files = new Set();
      const visit = (fileName) => {
        for (const next of bundle[fileName]?.imports ?? []) {
          if (next === loader || files.has(next)) continue;
          files.add(next);
          visit(next);
        }
      };
      visit(screen.fileName);
      const list = JSON.stringify([...files].sort());
      if (!PLACEHOLDER.test(entry.code)) throw new Error('first-screen imports: the loader has no placeholder');
      entry.code = entry.code.replace(PLACEHOLDER, list);
    },
  };
}
