import type { Locale } from '@jiefen/core/forms';
import type { IntakeCatalog } from './zh-CN.js';

/**
 * One dynamic import per locale, shared by the catalogs (catalogs.ts) and the loader's warm-up
 * (../warm-up.ts): the same import is the same request and the same module.
 */
export const intakeCatalogLoaders: Record<Locale, () => Promise<{ default: IntakeCatalog }>> = {
  'zh-CN': () => import('./zh-CN.js'),
  'zh-HK': () => import('./zh-HK.js'),
  en: () => import('./en.js'),
};
