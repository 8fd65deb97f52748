// @custom-elements-manifest/analyzer with its Lit plugin: the elements' JSDoc (@summary, @event,
// @csspart, @cssproperty, @cssstate, @slot) and their reactive properties become custom-elements.json.
export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/loader.ts', 'src/classic.ts', 'src/**/*.test.ts'],
  litelement: true,
  // package.json names the manifest itself ("customElements"); the analyzer must not rewrite it.
  packagejson: false,
  outdir: '.',
};
