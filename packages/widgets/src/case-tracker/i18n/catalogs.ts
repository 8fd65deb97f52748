import { catalogSet } from '../../i18n/localize.js';
import type { TrackerCatalog, TrackerMessageKey } from './zh-CN.js';

export type { TrackerCatalog, TrackerMessageKey };

/** The case tracker's strings, one module per locale: a page without the tracker never downloads them. */
export const trackerCatalogs = catalogSet<TrackerMessageKey>({
  'zh-CN': () => import('./zh-CN.js'),
  'zh-HK': () => import('./zh-HK.js'),
  en: () => import('./en.js'),
});
