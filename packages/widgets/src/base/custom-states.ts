/**
 * Make the host's custom states (`:state(name)`, for portal CSS) exactly `wanted`. Engines without
 * `CustomStateSet`, or old ones that accept only `--dashed` names, simply get no state theming.
 */
export function syncCustomStates(internals: ElementInternals | undefined, wanted: ReadonlySet<string>): void {
  const states = internals?.states;
  if (!states) return;
  for (const s of [...states]) if (!wanted.has(s)) states.delete(s);
  for (const s of wanted) {
    try {
      states.add(s);
    } catch {
      // An old engine refused a name without `--`: theming by state is unavailable there.
    }
  }
}
