import type { JiefenClient } from '@jiefen/sdk/intake';
import { ContextProvider } from '@lit/context';
import { type CSSResultGroup, css, html, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { clientContext, type ProvidedClient } from '../base/client-context.js';
import { type BackendKind, clientFromAttributes } from '../base/client-from-attributes.js';
import { JfElement } from '../base/jf-element.js';

/**
 * Shares one configured client among the Jiefen elements inside it: a portal page with the intake
 * form, the case tracker and the consultation request configures the backend once, and the three
 * share one outbox, one draft store and one connection. An element's own `client` property still
 * wins; an element outside any provider builds its own client from its attributes.
 *
 * It renders its children as they are (`display: contents`): it adds no box, no text and no role.
 *
 * @summary One backend configuration for every Jiefen element on the page.
 *
 * @slot - The elements (and any other markup) that share the client.
 */
export class JfProvider extends JfElement {
  static override get styles(): CSSResultGroup {
    return css`
      :host {
        display: contents;
      }
    `;
  }

  /** Root URL of the Jiefen API (REST) or of the Open311 endpoint. Default: this page's origin. */
  @property() endpoint = '';
  /** The township's tenant id. */
  @property() tenant = '';
  /** Which SDK backend to build when no `client` property is given. */
  @property() backend: BackendKind = 'rest';
  /** Any SDK client (`createClient({ backend })`); when set, the attributes above are not used. */
  @property({ attribute: false }) client: JiefenClient | undefined;

  readonly #provider = new ContextProvider(this, { context: clientContext });
  #builtFrom: string | undefined;
  /** A client this provider built (and so closes when its configuration changes). */
  #own: Promise<JiefenClient> | undefined;

  /** The client the elements inside share (a promise: it may still be building). */
  get sharedClient(): ProvidedClient | undefined {
    return this.#provider.value;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const key = this.client ? 'client' : JSON.stringify([this.backend, this.endpoint, this.tenant]);
    if (key === this.#builtFrom && !changed.has('client')) return;
    this.#builtFrom = key;
    const previous = this.#own;
    this.#own = undefined;
    let shared: ProvidedClient;
    if (this.client) shared = Promise.resolve(this.client);
    else {
      shared = clientFromAttributes({ backend: this.backend, endpoint: this.endpoint, tenant: this.tenant });
      this.#own = shared;
      // A setup problem is each consumer's to show; here it must not become an unhandled rejection.
      shared.catch(() => undefined);
    }
    this.#provider.setValue(shared);
    // The elements rebuild on the new client (their drafts are saved) before the old one closes.
    if (previous)
      void previous.then((client) => client.drafts.flush().finally(() => client.close())).catch(() => undefined);
  }

  override render() {
    return html`<slot></slot>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'jf-provider': JfProvider;
  }
}
