/**
 * Run `load` with browser globals replaced by getters that record every read, then put them back.
 * The SDK's and the widgets' Node import tests use it: a portal's server (SSR, static generation)
 * imports these modules, which must load there without touching `window`, `document` and the like.
 * Returns the names that were read (the tests expect none).
 */
export async function browserGlobalsTouchedBy(
  watched: readonly string[],
  load: () => Promise<void>,
): Promise<string[]> {
  const touched: string[] = [];
  const saved = new Map<string, PropertyDescriptor | undefined>();
  for (const name of watched) {
    saved.set(name, Object.getOwnPropertyDescriptor(globalThis, name));
    Object.defineProperty(globalThis, name, {
      configurable: true,
      get() {
        touched.push(name);
        return undefined;
      },
    });
  }
  try {
    await load();
  } finally {
    for (const [name, descriptor] of saved) {
      if (descriptor) Object.defineProperty(globalThis, name, descriptor);
      else delete (globalThis as Record<string, unknown>)[name];
    }
  }
  return touched;
}
