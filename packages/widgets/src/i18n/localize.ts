import { DEFAULT_LOCALE, type Locale } from '@jiefen/core/forms';
import type { ReactiveController } from 'lit';
import type { JfElement } from '../base/jf-element.js';

export type MessageParams = Record<string, string | number>;
/** One locale's strings for one element: every key of the element's zh-CN catalog. */
export type Catalog<K extends string> = Readonly<Record<K, string>>;

/**
 * Every widget string goes through one mechanism: each element has its own catalogs (in its
 * folder's `i18n/`), one module per locale, loaded only when a page shows that element in that
 * locale. A page with the intake form never downloads the tracker's strings, and a zh-CN page
 * never downloads the English ones. Lit's @lit/localize would do the same with a code generator;
 * hand-kept catalogs checked by the type checker and a test are simpler for three locales.
 */
export interface CatalogSet<K extends string> {
  /** The catalog of `locale`, fetched once. */
  load(locale: Locale): Promise<Catalog<K>>;
  /** The catalog of `locale` if it has already arrived. */
  peek(locale: Locale): Catalog<K> | undefined;
}

export function catalogSet<K extends string>(
  loaders: Record<Locale, () => Promise<{ default: Catalog<K> }>>,
): CatalogSet<K> {
  const loaded = new Map<Locale, Catalog<K>>();
  const loading = new Map<Locale, Promise<Catalog<K>>>();
  return {
    peek: (locale) => loaded.get(locale),
    load(locale) {
      const ready = loaded.get(locale);
      if (ready) return Promise.resolve(ready);
      let pending = loading.get(locale);
      if (!pending) {
        pending = loaders[locale]().then(
          (module) => {
            loaded.set(locale, module.default);
            loading.delete(locale);
            return module.default;
          },
          (error: unknown) => {
            // A failed fetch (offline, a redeploy removed the chunk) may be retried by the next render.
            loading.delete(locale);
            throw error;
          },
        );
        loading.set(locale, pending);
      }
      return pending;
    },
  };
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
export class LocalizeController<K extends string> implements ReactiveController {
  #catalog: Catalog<K> | undefined;
  #locale: Locale = DEFAULT_LOCALE;
  #wanted: Locale | undefined;

  constructor(
    private readonly host: JfElement,
    private readonly catalogs: CatalogSet<K>,
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
    const ready = this.catalogs.peek(wanted);
    if (ready) {
      this.#catalog = ready;
      this.#locale = wanted;
      return;
    }
    if (this.#wanted === wanted) return;
    this.#wanted = wanted;
    void this.catalogs.load(wanted).then(
      () => {
        this.#wanted = undefined;
        this.host.requestUpdate();
      },
      (error: unknown) => {
        this.#wanted = undefined;
        console.error(`[jiefen] could not load the ${wanted} strings`, error);
      },
    );
  }

  /** Resolves once the catalog of the host's current locale is in use. */
  async whenReady(): Promise<void> {
    await this.catalogs.load(this.host.locale);
    this.host.requestUpdate();
    await this.host.updateComplete;
  }

  /** The string for `key`; in elder mode its plainer `.elder` variant where one exists. */
  t(key: K, params?: MessageParams): string {
    const catalog = this.#catalog;
    return catalog ? translate(catalog, key, params, this.plain()) : '';
  }
}

/** `key` from `catalog`; with `plain` (elder mode) its plainer `.elder` variant where one exists. */
export function translate<K extends string>(
  catalog: Catalog<K>,
  key: K,
  params?: MessageParams,
  plain = false,
): string {
  const plainKey = `${key}.elder` as K;
  const template = (plain && Object.hasOwn(catalog, plainKey) ? catalog[plainKey] : catalog[key]) ?? key;
  return interpolate(template, params);
}
