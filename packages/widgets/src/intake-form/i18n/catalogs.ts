import { catalogSet } from '../../i18n/localize.js';
import { intakeCatalogLoaders } from './catalog-loaders.js';
import type { IntakeCatalog, IntakeMessageKey } from './zh-CN.js';

export type { IntakeCatalog, IntakeMessageKey };

/** The intake form's strings, one module per locale: a zh-CN page never downloads the English ones. */
export const intakeCatalogs = catalogSet<IntakeMessageKey>(intakeCatalogLoaders);
