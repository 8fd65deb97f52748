/**
 * The drop-in loader (`dist/jiefen.js`): a portal adds one module script and writes `<jf-…>` tags.
 * Each element's code is fetched only when its tag first appears in the page, or in an open shadow
 * root the loader can see, and is then defined by its own registration module. The loader itself is
 * a tag table and a MutationObserver, so it costs about a kilobyte before anything is used.
 *
 * Registration side effect: this module is listed in `sideEffects`. Imported where there is no DOM
 * (server-side rendering, a Node test) it does nothing.
 */

import { mayDrawFirstScreen, warmIntakeCode, warmIntakeForm } from './intake-form/warm-up.js';

/** Tag → its registration module, imported on first use. Each becomes a lazy chunk of the build. */
export const LAZY_ELEMENTS: Readonly<Record<string, () => Promise<unknown>>> = {
  'jf-intake-form': () => import('./intake-form/define.js'),
  'jf-case-tracker': () => import('./case-tracker/define.js'),
  'jf-provider': () => import('./provider/define.js'),
  'jf-consult-request': () => import('./consult-request/define.js'),
};

type WarmUps = Readonly<Record<string, (element: Element) => void>>;

/**
 * Tag → what its element will certainly fetch next (its locale's strings, its backend, its data),
 * started as soon as the tag is seen so it downloads in parallel with the element's chunk.
 */
const WARM_UPS: WarmUps = {
  'jf-intake-form': warmIntakeForm,
};

/**
 * Tag → a first screen drawn before the element's code arrives (the intake form's category cards,
 * intake-form/first-screen/). Its chunk is a fraction of the element's; the element's own code is
 * fetched once the first screen has drawn or decided not to, so the two do not share the line.
 */
const FIRST_SCREEN_PATIENCE_MS = 4000;
const FIRST_SCREENS: Readonly<
  Record<
    string,
    { when(element: Element): boolean; load(): Promise<{ showFirstScreen(element: Element): Promise<void> }> }
  >
> = {
  'jf-intake-form': { when: mayDrawFirstScreen, load: () => import('./intake-form/first-screen/first-screen.js') },
};

/** Tag → what its element's code needs at once, started beside it (after the first screen). */
const WARM_WITH_CODE: WarmUps = {
  'jf-intake-form': warmIntakeCode,
};

/**
 * The chunks the first screen imports statically (lit, its styles, the category step), written in by
 * the drop-in build (build/first-screen-imports.js); undefined in other builds.
 */
declare const __JIEFEN_FIRST_SCREEN_IMPORTS__: readonly string[] | undefined;

/** Start the first screen's own imports beside it: otherwise they are discovered only once it has arrived. */
function preloadFirstScreen(): void {
  if (typeof __JIEFEN_FIRST_SCREEN_IMPORTS__ === 'undefined') return;
  for (const file of __JIEFEN_FIRST_SCREEN_IMPORTS__)
    import(/* a chunk of this build, beside the loader */ new URL(file, import.meta.url).href).catch(() => undefined);
}

const requested = new Map<string, Promise<unknown>>();
const warmedBy = new Map<WarmUps, WeakSet<Element>>();

/** Run an element's warm-up of `table` once, before it is defined (after that the element fetches for itself). */
function warmFrom(table: WarmUps, element: Element): void {
  const warmUp = table[element.localName];
  const warmed = warmedBy.get(table) ?? new WeakSet<Element>();
  warmedBy.set(table, warmed);
  if (!warmUp || warmed.has(element) || customElements.get(element.localName)) return;
  warmed.add(element);
  try {
    warmUp(element);
  } catch {
    // A warm-up only saves time: the element fetches what it needs by itself anyway.
  }
}
const warm = (element: Element) => warmFrom(WARM_UPS, element);
const warmCode = (element: Element) => warmFrom(WARM_WITH_CODE, element);

const observed = new WeakSet<Node>();

/** Import the registration module of `tag` once; a failed fetch may be retried by the next sighting. */
export function loadElement(tag: string): Promise<unknown> | undefined {
  const load = LAZY_ELEMENTS[tag];
  if (!load || customElements.get(tag)) return undefined;
  let pending = requested.get(tag);
  if (!pending) {
    pending = load().catch((error: unknown) => {
      requested.delete(tag);
      console.error(`[jiefen] could not load <${tag}>`, error);
    });
    requested.set(tag, pending);
  }
  return pending;
}

const selector = Object.keys(LAZY_ELEMENTS).join(',');

/** Elements whose first screen is being drawn: their code is fetched when that is done. */
const drawing = new WeakSet<Element>();
const drawn = new WeakSet<Element>();

/** A tag seen (and warmed up): draw its first screen if it has one, then fetch the element's code. */
function arrive(element: Element): void {
  const tag = element.localName;
  const firstScreen = FIRST_SCREENS[tag];
  if (drawing.has(element)) return;
  if (!firstScreen?.when(element) || drawn.has(element) || customElements.get(tag)) {
    loadElement(tag);
    warmCode(element);
    return;
  }
  drawing.add(element);
  drawn.add(element);
  preloadFirstScreen();
  const drawnOrGaveUp = firstScreen
    .load()
    .then((module) => module.showFirstScreen(element))
    .catch(() => undefined); // the element draws everything itself, as before
  // A slow line: the element's code does not wait for the first screen for ever (the first screen
  // still draws if its data comes before the element is defined, and steps aside if not).
  const patience = new Promise<void>((resolve) => setTimeout(resolve, FIRST_SCREEN_PATIENCE_MS));
  void Promise.race([drawnOrGaveUp, patience]).then(() => {
    drawing.delete(element);
    // A task later: the first screen is in the page (and painting) before the rest is asked for.
    setTimeout(() => {
      loadElement(tag);
      warmCode(element);
    }, 0);
  });
}

/** Define every known tag under `root` (itself included) and watch the open shadow roots found there. */
function discover(root: Element | Document | ShadowRoot): void {
  if (root instanceof Element && root.localName in LAZY_ELEMENTS) {
    warm(root);
    arrive(root);
  }
  for (const element of root.querySelectorAll(selector)) {
    warm(element);
    arrive(element);
  }
  // Elements that already have an open shadow root (other components on the page) may hold our tags.
  for (const element of root.querySelectorAll('*')) if (element.shadowRoot) observe(element.shadowRoot);
  if (root instanceof Element && root.shadowRoot) observe(root.shadowRoot);
}

/** Watch `root` for added elements, once per root. */
export function observe(root: Document | ShadowRoot): void {
  if (observed.has(root)) return;
  observed.add(root);
  discover(root);
  new MutationObserver((records) => {
    for (const record of records) for (const node of record.addedNodes) if (node instanceof Element) discover(node);
  }).observe(root, { childList: true, subtree: true });
}

if (typeof document !== 'undefined' && typeof customElements !== 'undefined') observe(document);
