import { resolveLocale } from '@jiefen/core/forms';
import { warmConfig } from '../base/warm-config.js';
import { intakeCatalogLoaders } from './i18n/catalog-loaders.js';

/**
 * What a `<jf-intake-form>` will certainly fetch after its own chunk, started by the loader the
 * moment it sees the tag, so the requests run side by side instead of one after another (loader →
 * element → backend entry → catalog → tenant configuration was the waterfall that made the first
 * field slow): its locale's catalog, the REST backend's entry and the tenant configuration. Each is
 * fetched as the element would fetch it, so nothing is downloaded twice: the same dynamic imports
 * (one request, one module instance) and the configuration response handed over (base/warm-config.ts).
 */
export function warmIntakeForm(element: Element): void {
  // A page that sets the `client` property chose its own backend: nothing to guess.
  if ((element as { client?: unknown }).client) return;
  const lang = element.closest('[lang]')?.getAttribute('lang') || element.ownerDocument.documentElement.lang;
  intakeCatalogLoaders[resolveLocale(lang)]().catch(() => undefined);
  const tenant = element.getAttribute('tenant');
  if ((element.getAttribute('backend') || 'rest') !== 'rest' || !tenant) return;
  import('@jiefen/sdk/rest').catch(() => undefined);
  warmConfig(element.getAttribute('endpoint') || location.origin, tenant);
}
