import { type Locale, resolveLocale } from '@jiefen/core';
import { type CSSResultGroup, LitElement } from 'lit';
import type { JfEvent } from '../events.js';
import { sharedStyles } from '../styles/shared.styles.js';

/** Elements that follow `lang`/`dir` of their ancestors and of the host page. */
const followers = new Set<JfElement>();
let observer: MutationObserver | undefined;

/** One observer for every Jiefen element: a portal that switches language re-renders them all. */
function follow(element: JfElement) {
  followers.add(element);
  if (!observer && typeof MutationObserver !== 'undefined') {
    observer = new MutationObserver(() => {
      for (const el of followers) el.requestUpdate();
    });
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['lang', 'dir'], subtree: true });
  }
}

function unfollow(element: JfElement) {
  followers.delete(element);
  if (followers.size === 0) {
    observer?.disconnect();
    observer = undefined;
  }
}

/** The nearest value of `attribute` on the element or an ancestor, crossing shadow roots. */
function inherited(element: Element, attribute: 'lang' | 'dir'): string | undefined {
  let node: Element | null = element;
  while (node) {
    const found: Element | null = node.closest(`[${attribute}]`);
    const value = found?.getAttribute(attribute);
    if (value) return value;
    const root = (found ?? node).getRootNode();
    node = root instanceof ShadowRoot ? root.host : null;
  }
  return undefined;
}

/**
 * The base of every Jiefen element: typed `emit`, a `define` that skips double registration, the
 * resident's language and writing direction resolved from context, and the shared styles.
 */
export class JfElement extends LitElement {
  static override get styles(): CSSResultGroup {
    return [sharedStyles];
  }

  /**
   * Register this class under `tag`. Registering twice (two bundles on one portal page, a loader
   * and a direct import) is a no-op instead of the `NotSupportedError` the platform throws.
   */
  static define(tag: string, registry: CustomElementRegistry = customElements): void {
    const existing = registry.get(tag);
    if (existing) {
      if (existing !== this && !(existing.prototype instanceof this)) {
        console.warn(`[jiefen] <${tag}> is already defined by another class; keeping the first one.`);
      }
      return;
    }
    // A constructor can be registered only once; a second tag for the same class gets a subclass.
    const taken = typeof registry.getName === 'function' ? registry.getName(this) : null;
    registry.define(tag, taken ? class extends this {} : this);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    follow(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    unfollow(this);
  }

  /**
   * The language tag in force: the element's own `lang`, its closest ancestor's, the page's. The
   * shared observer re-renders on any `lang`/`dir` change in the document, the element's included.
   */
  get resolvedLang(): string {
    return this.lang || inherited(this, 'lang') || document.documentElement.lang || '';
  }

  /** Which of the three shipped locales the element renders in. */
  get locale(): Locale {
    return resolveLocale(this.resolvedLang);
  }

  /** Writing direction, from the element or its context (all shipped locales are left to right). */
  get resolvedDir(): 'ltr' | 'rtl' {
    return (this.dir || inherited(this, 'dir')) === 'rtl' ? 'rtl' : 'ltr';
  }

  /** Dispatch one of Jiefen's typed events from the host (they bubble and cross shadow roots). */
  protected emit<E extends JfEvent<string, unknown>>(event: E): E {
    this.dispatchEvent(event);
    return event;
  }
}
