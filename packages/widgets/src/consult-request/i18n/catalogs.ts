import { catalogSet } from '../../i18n/localize.js';
import type { ConsultCatalog, ConsultMessageKey } from './zh-CN.js';

export type { ConsultCatalog, ConsultMessageKey };

/** The consultation request's strings, one module per locale, loaded only for the locale in use. */
export const consultCatalogs = catalogSet<ConsultMessageKey>({
  'zh-CN': () => import('./zh-CN.js'),
  'zh-HK': () => import('./zh-HK.js'),
  en: () => import('./en.js'),
});
