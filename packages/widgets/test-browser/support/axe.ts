// axe-core (registered on window by `import 'axe-core/axe.min.js'`) with the WCAG 2.2 AA rule set.
type AxeResult = { id: string; impact: string; nodes: Array<{ target: unknown; failureSummary?: string }> };
declare global {
  interface Window {
    axe: { run(context: unknown, options: unknown): Promise<{ violations: AxeResult[] }> };
  }
}

export const WCAG_22_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** The violations in `root` (an element or shadow root), as `rule: target` strings for readable diffs. */
export async function axeViolations(root: Element | ShadowRoot): Promise<string[]> {
  if (!window.axe) throw new Error("axe-core is not loaded: import 'axe-core/axe.min.js'");
  const context = root instanceof ShadowRoot ? root.host : root;
  const { violations } = await window.axe.run(context, { runOnly: { type: 'tag', values: WCAG_22_AA } });
  return violations.flatMap((v) =>
    v.nodes.map((n) => `${v.id}: ${JSON.stringify(n.target)} ${n.failureSummary?.split('\n')[1] ?? ''}`.trim()),
  );
}
