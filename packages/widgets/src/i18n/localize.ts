import { DEFAULT_LOCALE, type Locale } from '@jiefen/core';
import type { ReactiveController } from 'lit';
import type { JfElement } from '../base/jf-element.js';
import type { WidgetCatalog, WidgetMessageKey } from './zh-CN.js';

export type { WidgetCatalog, WidgetMessageKey };
export type MessageParams = Record<string, string | number>;

/**
 * Every widget string goes through one mechanism: a catalog per locale, each its own module loaded
 * only when a page needs that locale (a zh-CN page never downloads the English strings). Lit's
 * @lit/localize would do the same with a code generator; three hand-kept catalogs checked by the
 * type checker and a test are simpler for three locales.
 */
const loaders: Record<Locale, () => Promise<{ default: WidgetCatalog }>> = {
  'zh-CN': () => import('./zh-CN.js'),
  'zh-HK': () => import('./zh-HK.js'),
  en: () => import('./en.js'),
};

const loaded = new Map<Locale, WidgetCatalog>();
const loading = new Map<Locale, Promise<WidgetCatalog>>();

export function loadCatalog(locale: Locale): Promise<WidgetCatalog> {
  const ready = loaded.get(locale);
  if (ready) return Promise.resolve(ready);
  let pending = loading.get(locale);
  if (!pending) {
    pending = loaders[locale]().then((module) => {
      loaded.set(locale, module.default);
      loading.delete(locale);
      return module.default;
    });
    loading.set(locale, pending);
  }
  return pending;
}

/** Fill `{name}` placeholders (the convention of the core's and the SDK's catalogs). */
export function interpolate(template: string, params: MessageParams = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole,
  );
}

/**
 * The host's strings in its resolved locale. Until that locale's catalog has arrived it keeps
 * rendering the previous one (no flash of keys); `ready` is false only before the first catalog.
 */
export class LocalizeController implements ReactiveController {
  #catalog: WidgetCatalog | undefined;
  #locale: Locale = DEFAULT_LOCALE;
  #wanted: Locale | undefined;

  constructor(
    private readonly host: JfElement,
    private readonly plain: () => boolean = () => false,
  ) {
    host.addController(this);
  }

  get ready(): boolean {
    return this.#catalog !== undefined;
  }

  /** The locale of the strings being rendered. */
  get locale(): Locale {
    return this.#locale;
  }

  hostUpdate(): void {
    const wanted = this.host.locale;
    if (wanted === this.#locale && this.#catalog) return;
    const ready = loaded.get(wanted);
    if (ready) {
      this.#catalog = ready;
      this.#locale = wanted;
      return;
    }
    if (this.#wanted === wanted) return;
    this.#wanted = wanted;
    void loadCatalog(wanted).then(() => {
      this.#wanted = undefined;
      this.host.requestUpdate();
    });
  }

  /** Resolves once the catalog of the host's current locale is in use. */
  async whenReady(): Promise<void> {
    await loadCatalog(this.host.locale);
    this.host.requestUpdate();
    await this.host.updateComplete;
  }

  /** The string for `key`; in elder mode its plainer `.elder` variant where one exists. */
  t(key: WidgetMessageKey, params?: MessageParams): string {
    const catalog = this.#catalog;
    if (!catalog) return '';
    const plainKey = `${key}.elder` as WidgetMessageKey;
    const template = (this.plain() && Object.hasOwn(catalog, plainKey) ? catalog[plainKey] : catalog[key]) ?? key;
    return interpolate(template, params);
  }
}
