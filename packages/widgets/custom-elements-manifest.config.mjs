// @custom-elements-manifest/analyzer with its Lit plugin: the elements' JSDoc (@summary, @event,
// @csspart, @cssproperty, @cssstate, @slot) and their reactive properties become custom-elements.json.

/**
 * Our elements register through the base element's guarded `JfIntakeForm.define('jf-intake-form')`
 * in their `define.ts`, which the analyzer does not recognise (it knows `customElements.define` and
 * `@customElement`). This plugin reads those calls and gives each class its tag, and the manifest a
 * `custom-element-definition` export for the define module, as `customElements.define` would.
 */
function jiefenDefinePlugin() {
  const definitions = []; // { className, tagName, path }
  return {
    name: 'jiefen-define',
    analyzePhase({ ts, node, moduleDoc }) {
      if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(node.expression)) return;
      if (node.expression.name.text !== 'define' || !ts.isIdentifier(node.expression.expression)) return;
      const [tag] = node.arguments;
      if (!tag || !ts.isStringLiteral(tag) || !tag.text.startsWith('jf-')) return;
      const className = node.expression.expression.text;
      definitions.push({ className, tagName: tag.text, path: moduleDoc.path });
      moduleDoc.exports = [
        ...(moduleDoc.exports ?? []),
        { kind: 'custom-element-definition', name: tag.text, declaration: { name: className } },
      ];
    },
    packageLinkPhase({ customElementsManifest }) {
      for (const { className, tagName, path } of definitions) {
        for (const mod of customElementsManifest.modules) {
          const declaration = mod.declarations?.find((d) => d.kind === 'class' && d.name === className);
          if (!declaration) continue;
          declaration.tagName = tagName;
          declaration.customElement = true;
          const definition = customElementsManifest.modules
            .find((m) => m.path === path)
            ?.exports?.find((e) => e.kind === 'custom-element-definition' && e.name === tagName);
          if (definition) definition.declaration.module = mod.path;
        }
      }
    },
  };
}

export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/loader.ts', 'src/classic.ts', 'src/**/*.test.ts'],
  litelement: true,
  // package.json names the manifest itself ("customElements"); the analyzer must not rewrite it.
  packagejson: false,
  outdir: '.',
  plugins: [jiefenDefinePlugin()],
};
