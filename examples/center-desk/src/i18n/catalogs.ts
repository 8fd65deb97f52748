import { catalogSet } from '@jiefen/widgets';
import type { DeskCatalog, DeskMessageKey } from './zh-CN.js';

export type { DeskCatalog, DeskMessageKey };

/** The desk's strings, one module per locale, through the widgets' own catalog mechanism. */
export const deskCatalogs = catalogSet<DeskMessageKey>({
  'zh-CN': () => import('./zh-CN.js'),
  'zh-HK': () => import('./zh-HK.js'),
  en: () => import('./en.js'),
});
