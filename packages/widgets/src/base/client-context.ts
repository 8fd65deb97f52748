import type { JiefenClient } from '@jiefen/sdk/intake';
import { ContextConsumer, ContextRoot, createContext } from '@lit/context';
import type { ReactiveController, ReactiveElement } from 'lit';
import { type ClientAttributes, clientFromAttributes, WidgetSetupError } from './client-from-attributes.js';

/**
 * What a `<jf-provider>` shares with the elements inside it: its client, as a promise (it may still
 * be building; it rejects with the provider's `WidgetSetupError` when its attributes name no usable
 * backend, so every element shows the same problem in its own words). @lit/context is the Lit
 * team's implementation of the community context protocol: a DOM event any framework can answer.
 * The key is a registered symbol, so two Jiefen bundles on one page still find each other's provider.
 */
export type ProvidedClient = Promise<JiefenClient>;
export const clientContext = createContext<ProvidedClient>(Symbol.for('jiefen.client'));

/** The tag of the provider element (kept here so consumers need not import the provider's module). */
export const PROVIDER_TAG = 'jf-provider';

/**
 * The loader defines elements in whatever order their chunks arrive, so a consumer may ask for the
 * client before its provider is defined. A `ContextRoot` on the document keeps such requests and
 * replays them when a provider appears. Attached once per page (a global flag, not a module
 * variable, for the same two-bundle reason), on first use rather than at import.
 */
function ensureContextRoot(): void {
  const flag = Symbol.for('jiefen.contextRoot');
  const registry = globalThis as unknown as Record<symbol, boolean>;
  if (registry[flag] || typeof document === 'undefined') return;
  registry[flag] = true;
  new ContextRoot().attach(document.documentElement);
}

/** Whether `element` sits inside a `<jf-provider>` (light DOM or through shadow roots). */
export function insideProvider(element: Element): boolean {
  let node: Element | null = element.parentElement ?? parentHost(element);
  while (node) {
    if (node.localName === PROVIDER_TAG) return true;
    node = node.parentElement ?? parentHost(node);
  }
  return false;
}

function parentHost(element: Element): Element | null {
  const root = element.getRootNode();
  return root instanceof ShadowRoot ? root.host : null;
}

/** The client an element works with, and whether the element built it (and so must close it). */
export interface ResolvedClient {
  client: JiefenClient;
  owned: boolean;
}

/**
 * What one build of an element's actor gets from `ClientController.build`: its client (`ready`), a
 * setup problem to show in the element's own words (`problem`; `missing` when the attributes name no
 * usable backend), or nothing because the element's configuration changed while it waited
 * (`superseded`: a newer build is under way).
 */
export type ClientBuild =
  | ({ status: 'ready' } & ResolvedClient)
  | { status: 'problem'; missing: boolean }
  | { status: 'superseded' };

/**
 * How every Jiefen element gets its client, in one place: its own `client` property, else the
 * nearest `<jf-provider>`'s, else one built from its own `backend`/`endpoint`/`tenant` attributes.
 * The host re-renders when a provider's client arrives or changes; `sourceKey` changes with it, so
 * an element that rebuilds its actor when its configuration key changes follows the provider too.
 *
 * ```ts
 * readonly #clients = new ClientController(this);
 * // configuration key: [..., this.#clients.sourceKey(this.client)]
 * const built = await this.#clients.build(this.client, this, () => key === this.#builtFrom);
 * if (built.status === 'problem') this.setupError = built.missing ? 'form.setup_missing' : 'form.config_failed';
 * if (built.status !== 'ready') return;
 * ```
 */
export class ClientController implements ReactiveController {
  readonly #host: ReactiveElement;
  readonly #consumer: ContextConsumer<typeof clientContext, ReactiveElement>;
  #inside = false;
  #waiters: Array<(provided: ProvidedClient) => void> = [];

  constructor(host: ReactiveElement) {
    this.#host = host;
    ensureContextRoot();
    host.addController(this);
    // Added after this controller, so `#inside` is known before the consumer asks.
    this.#consumer = new ContextConsumer(host, {
      context: clientContext,
      subscribe: true,
      callback: (provided) => {
        const waiters = this.#waiters;
        this.#waiters = [];
        for (const resolve of waiters) resolve(provided);
        host.requestUpdate();
      },
    });
  }

  hostConnected(): void {
    this.#inside = insideProvider(this.#host);
  }

  /** The nearest provider's client, if one has answered. */
  get provided(): ProvidedClient | undefined {
    return this.#consumer.value;
  }

  /**
   * Identifies where the client comes from: changes when the `client` property is replaced, when a
   * provider's client arrives or changes, or when the host moves into or out of a provider.
   */
  sourceKey(given: JiefenClient | undefined): string {
    if (given) return `own:${objectId(given)}`;
    const provided = this.provided;
    if (provided) return `provider:${objectId(provided)}`;
    return this.#inside ? 'provider:pending' : 'attributes';
  }

  /** The client to use now (waits for a provider that has not answered yet). */
  async resolve(given: JiefenClient | undefined, attributes: ClientAttributes): Promise<ResolvedClient> {
    if (given) return { client: given, owned: false };
    const provided =
      this.provided ?? (this.#inside ? await new Promise<ProvidedClient>((r) => this.#waiters.push(r)) : undefined);
    if (provided) return { client: await provided, owned: false };
    return { client: await clientFromAttributes(attributes), owned: true };
  }

  /**
   * The client for one build of the host's actor, the step every element's `#build` starts with.
   * `attributes` are read now (the host itself will do: it has `backend`, `endpoint`, `tenant`);
   * `isCurrent` says whether the host still wants this build once the client is there. A client
   * built for a configuration that is gone is closed again; a given or provided one is not this
   * element's to close, and when `owned` is true the host closes it when it discards the actor.
   */
  async build(
    given: JiefenClient | undefined,
    attributes: ClientAttributes,
    isCurrent: () => boolean,
  ): Promise<ClientBuild> {
    const { backend, endpoint, tenant } = attributes;
    let resolved: ResolvedClient;
    try {
      resolved = await this.resolve(given, { backend, endpoint, tenant });
    } catch (error) {
      return isCurrent() ? { status: 'problem', missing: error instanceof WidgetSetupError } : { status: 'superseded' };
    }
    if (!isCurrent()) {
      if (resolved.owned) void resolved.client.close();
      return { status: 'superseded' };
    }
    return { status: 'ready', ...resolved };
  }
}

/** A number per object, so a different client or provider value (not only a first one) is noticed. */
const ids = new WeakMap<object, number>();
let count = 0;
function objectId(value: object): number {
  let id = ids.get(value);
  if (id === undefined) {
    count += 1;
    id = count;
    ids.set(value, id);
  }
  return id;
}
