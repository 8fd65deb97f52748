// Rollup `manualChunks` for the drop-in build: the intake form's first screen arrives in two files
// instead of the six or seven that rollup's automatic splitting gives it. Each module file a page
// imports costs its own request, compile and instantiation on the main thread; at 4× CPU throttle
// (bench/widgets) starting and receiving seven module requests took about a hundred milliseconds of a
// phone's main thread before the category cards could draw. The two files:
//   - `first-screen`: the intake form's own modules the first screen imports (src/intake-form/**),
//     which the element needs anyway once it is defined;
//   - `first-screen-shared`: what the first screen shares with the other elements (lit, the shared
//     styles, localize, the event classes), so that a tracker-only page does not fetch intake code.
// Modules the loader itself imports are named to the loader's own chunk (a manual chunk with the
// entry's name is the entry chunk): rollup would otherwise pull them into the manual chunk that
// imports them, and the loader would import that file upfront. Everything else is split as rollup
// decides.
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const FIRST_SCREEN = join(here, '../src/intake-form/first-screen/first-screen.ts');
const LOADER = join(here, '../src/loader.ts');
const INTAKE_FOLDER = join(here, '../src/intake-form') + sep;

/** A file of re-exports only (`@jiefen/core/forms`): importing one name from it reaches all its files. */
const isBarrel = (info) =>
  info?.code != null &&
  /^\s*("use strict";)?(\s*export\s*(\*|\{[^}]*\})\s*from\s*['"][^'"]+['"];?)*\s*$/.test(info.code);

/**
 * Static imports of `id`, transitively, itself included, not through barrels: what goes into a manual
 * chunk drags its own imports with it, so a barrel's unused files would travel too. A file reached
 * only through a barrel is left to rollup, which links the names used to their own files. (Rollup still
 * places core's i18n/messages.ts, shared by every element, in `first-screen-shared`: about 1.2 kB more
 * on the first screen than it uses, measured 2026-12-02.)
 */
function staticClosure(id, getModuleInfo) {
  const seen = new Set();
  const visit = (next) => {
    if (seen.has(next)) return;
    const info = getModuleInfo(next);
    if (isBarrel(info)) return;
    seen.add(next);
    for (const imported of info?.importedIds ?? []) visit(imported);
  };
  visit(id);
  return seen;
}

/** `entry`: the loader's name in `input`, so its own modules stay in it. */
export function firstScreenChunks({ entry }) {
  let firstScreen;
  let loader;
  return (id, { getModuleInfo }) => {
    if (!firstScreen) {
      // manualChunks runs once the module graph is complete: both closures are final here.
      firstScreen = staticClosure(FIRST_SCREEN, getModuleInfo);
      loader = staticClosure(LOADER, getModuleInfo);
    }
    if (loader.has(id)) return entry;
    if (!firstScreen.has(id)) return undefined;
    return id.startsWith(INTAKE_FOLDER) ? 'first-screen' : 'first-screen-shared';
  };
}
