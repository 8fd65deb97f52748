// The narrowest entry: the loader imports this file, and `@jiefen/core/forms` re-exports modules
// the loader does not use (build/first-screen-chunks.js follows imports file by file).
import { resolveLocale } from '@jiefen/core/locale';
import { warmConfig } from '../base/warm-config.js';
import { intakeCatalogLoaders } from './i18n/catalog-loaders.js';

/**
 * What a `<jf-intake-form>` will certainly fetch after its own chunk, started by the loader the
 * moment it sees the tag, so the requests run side by side instead of one after another (loader →
 * element → backend entry → catalog → tenant configuration was the waterfall that made the first
 * field slow): its locale's catalog and the tenant configuration, which the first screen draws from
 * (first-screen/first-screen.ts), then with the element's code the REST backend's entry. Each is
 * fetched as the element would fetch it, so nothing is downloaded twice: the same dynamic imports
 * (one request, one module instance) and the configuration response handed over (base/warm-config.ts).
 */
export function warmIntakeForm(element: Element): void {
  // A page that sets the `client` property chose its own backend: nothing to guess.
  if ((element as { client?: unknown }).client) return;
  intakeCatalogLoaders[pageLocaleOf(element)]().catch(() => undefined);
  const tenant = restTenantOf(element);
  if (tenant) warmConfig(element.getAttribute('endpoint') || location.origin, tenant);
}

/**
 * What the element's own code will need at once, started beside its chunk (the loader calls this
 * when it fetches the element, after the first screen): the REST backend's entry. The first screen
 * does not need it, so it does not compete with the cards for the line.
 */
export function warmIntakeCode(element: Element): void {
  if ((element as { client?: unknown }).client || !restTenantOf(element)) return;
  import('@jiefen/sdk/rest').catch(() => undefined);
}

/**
 * Whether a first screen may be drawn for this element (first-screen/first-screen.ts checks the rest:
 * a saved draft, the configuration): the loader asks before it fetches the first screen at all. Not
 * when the page chose the backend (a `client` property, a `<jf-provider>` around the form) or the
 * backend is not REST: the element alone knows what comes first then.
 */
export function mayDrawFirstScreen(element: Element): boolean {
  return !(element as { client?: unknown }).client && restTenantOf(element) !== null && !element.closest('jf-provider');
}

/**
 * The locale of a form not yet defined: its own or closest ancestor's `lang`, else the page's (the
 * element itself also looks across shadow roots, see base/jf-element.ts).
 */
export const pageLocaleOf = (element: Element) =>
  resolveLocale(element.closest('[lang]')?.getAttribute('lang') || element.ownerDocument.documentElement.lang);

const restTenantOf = (element: Element) =>
  (element.getAttribute('backend') || 'rest') === 'rest' ? element.getAttribute('tenant') : null;
