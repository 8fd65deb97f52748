import { isLocale, LOCALES, type Locale } from '@jiefen/core';
import { ActorController } from '@jiefen/widgets';
import { css, html, nothing } from 'lit';
import { createActor } from 'xstate';
import { DeskElement } from './desk-element.js';
import { deskSessionMachine } from './state/desk-session.js';

/** Each language named in itself, so a reader finds their own whatever the desk shows now. */
const LANGUAGE_NAMES: Record<Locale, string> = { 'zh-CN': '简体中文', 'zh-HK': '繁體中文', en: 'English' };
const LOCALE_KEY = 'jiefen.desk.locale';

type Route =
  | { screen: 'queue' }
  | { screen: 'case'; caseNumber: string }
  | { screen: 'consultations' }
  | { screen: 'consultation'; number: string }
  | { screen: 'admin' };

/** `#/case/QS-…` and the like: the desk's screens live in the fragment, so reloads and links keep them. */
export function routeOf(hash: string): Route {
  const [, screen = '', id = ''] = hash.replace(/^#/, '').split('/');
  const decoded = decodeURIComponent(id);
  if (screen === 'case' && decoded) return { screen: 'case', caseNumber: decoded };
  if (screen === 'consultation' && decoded) return { screen: 'consultation', number: decoded };
  if (screen === 'consultations') return { screen: 'consultations' };
  if (screen === 'admin') return { screen: 'admin' };
  return { screen: 'queue' };
}

/**
 * `<jf-center-desk>`: the centre desk (综治中心工作台). Signs staff in with a token (kept in this
 * tab's `sessionStorage` only), then shows what the member's role and department allow: queues and
 * cases for the acting roles, consultations, and accounts and webhooks for administrators.
 *
 * @attr tenant - the township (tenant) id
 * @attr endpoint - the API's root; the page's own origin by default
 * @attr poll-ms - how often queues and records reload (no staff event stream exists)
 */
export class JfCenterDesk extends DeskElement {
  static override properties = {
    tenant: {},
    endpoint: {},
    pollMs: { type: Number, attribute: 'poll-ms' },
    route: { state: true },
  };

  static override get styles() {
    return [
      DeskElement.styles,
      css`
        :host {
          max-width: 80rem;
          margin: 0 auto;
          padding: var(--_space);
        }
        header {
          display: flex;
          flex-wrap: wrap;
          gap: var(--_space);
          align-items: center;
          justify-content: space-between;
          border-block-end: 3px solid var(--_primary);
          padding-block-end: calc(var(--_space) * 0.5);
          margin-block-end: var(--_space);
        }
        .brand {
          font-size: 1.25em;
          font-weight: 700;
          margin: 0;
        }
        nav ul {
          list-style: none;
          padding: 0;
          margin: 0 0 var(--_space);
          display: flex;
          flex-wrap: wrap;
          gap: calc(var(--_space) * 0.5);
        }
        nav a {
          display: inline-flex;
          align-items: center;
          min-height: var(--_target);
          padding: 0 0.75em;
        }
        nav a[aria-current='page'] {
          font-weight: 700;
          text-decoration-thickness: 3px;
        }
        .skip {
          position: absolute;
          inset-inline-start: -999px;
        }
        .skip:focus {
          position: static;
        }
        .language select {
          width: auto;
        }
      `,
    ];
  }

  declare tenant: string;
  declare endpoint: string;
  declare pollMs: number;
  declare route: Route;

  #session?: ActorController<typeof deskSessionMachine>;
  readonly #onHash = () => {
    this.route = routeOf(location.hash);
    void this.#focusScreen();
  };

  constructor() {
    super();
    this.tenant = '';
    this.endpoint = '';
    this.pollMs = 5000;
    this.route = routeOf(typeof location === 'undefined' ? '' : location.hash);
  }

  override connectedCallback(): void {
    // The language chosen earlier in this tab, before the first render picks the catalog.
    const saved = sessionStorage.getItem(LOCALE_KEY);
    if (saved && isLocale(saved)) document.documentElement.lang = saved;
    super.connectedCallback();
    window.addEventListener('hashchange', this.#onHash);
    if (!this.#session) {
      const actor = createActor(deskSessionMachine, {
        input: { tenant: this.tenant, baseUrl: this.endpoint || location.origin },
      });
      this.#session = new ActorController(this, actor, {
        onSnapshot: (next, previous) => {
          // Moving between signed out and in is a new screen: put focus on its heading.
          if (next.matches('signedIn') !== previous.matches('signedIn')) void this.#focusScreen();
        },
      });
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('hashchange', this.#onHash);
  }

  async #focusScreen() {
    await this.updateComplete;
    const screen = this.renderRoot.querySelector('main > *') as DeskElement | null;
    await screen?.updateComplete;
    const title =
      screen?.shadowRoot?.querySelector<HTMLElement>('[data-screen-title]') ??
      this.renderRoot.querySelector<HTMLElement>('[data-screen-title]');
    title?.focus();
  }

  #setLocale(event: Event) {
    const locale = (event.target as HTMLSelectElement).value;
    if (!isLocale(locale)) return;
    sessionStorage.setItem(LOCALE_KEY, locale);
    document.documentElement.lang = locale;
  }

  #signIn(event: SubmitEvent) {
    event.preventDefault();
    const token = String(new FormData(event.target as HTMLFormElement).get('token') ?? '');
    this.#session?.send({ type: 'desk.sign_in', token });
  }

  override render() {
    if (!this.localize.ready || !this.#session) return nothing;
    const snapshot = this.#session.snapshot;
    const signedIn = snapshot.context.signedIn;
    const member = signedIn?.session.member;
    return html`
      <a class="skip" href="#main" @click=${(e: Event) => {
        e.preventDefault();
        this.renderRoot.querySelector<HTMLElement>('main')?.focus();
      }}>${this.t('desk.skip')}</a>
      <header>
        <p class="brand">${this.t('desk.title')}</p>
        <div class="row">
          <p class="language">
            <label for="language">${this.t('desk.language')}</label>
            <select id="language" @change=${this.#setLocale} data-language>
              ${LOCALES.map((l) => html`<option value=${l} lang=${l} ?selected=${l === this.uiLocale}>${LANGUAGE_NAMES[l]}</option>`)}
            </select>
          </p>
          ${
            member
              ? html`<p data-who>
                  ${this.t('session.who', { name: member.name, role: this.named('choice', member.role) })}
                  ${
                    member.departmentId
                      ? html`<br /><span class="muted">${this.t('session.department', { department: this.departmentName(signedIn.config, member.departmentId) })}</span>`
                      : nothing
                  }
                </p>
                <button type="button" data-sign-out @click=${() => this.#session?.send({ type: 'desk.sign_out' })}>
                  ${this.t('signout')}
                </button>`
              : nothing
          }
        </div>
      </header>
      ${signedIn && member ? this.#nav(member.role) : nothing}
      <main id="main" tabindex="-1">${signedIn ? this.#screen() : this.#signInScreen(snapshot.matches('signingIn'))}</main>
    `;
  }

  #nav(role: string) {
    const acting = role !== 'admin';
    const current = this.route.screen;
    const link = (href: string, label: string, active: boolean) =>
      html`<li><a href=${href} aria-current=${active ? 'page' : 'false'}>${label}</a></li>`;
    return html`<nav aria-label=${this.t('nav.label')}>
      <ul>
        ${acting ? link('#/queue', this.t('nav.queues'), current === 'queue' || current === 'case') : nothing}
        ${
          acting
            ? link(
                '#/consultations',
                this.t('nav.consultations'),
                current === 'consultations' || current === 'consultation',
              )
            : nothing
        }
        ${role === 'admin' ? link('#/admin', this.t('nav.admin'), current === 'admin') : nothing}
      </ul>
    </nav>`;
  }

  #screen() {
    const signedIn = this.#session!.snapshot.context.signedIn!;
    const role = signedIn.session.member.role;
    // An administrator sends no workflow events: accounts and webhooks are their screen.
    const route: Route = role === 'admin' ? { screen: 'admin' } : this.route;
    switch (route.screen) {
      case 'case':
        return html`<jf-desk-case .signedIn=${signedIn} .caseNumber=${route.caseNumber} .pollMs=${this.pollMs}></jf-desk-case>`;
      case 'consultations':
        return html`<jf-desk-consultations .signedIn=${signedIn} .pollMs=${this.pollMs}></jf-desk-consultations>`;
      case 'consultation':
        return html`<jf-desk-consultation .signedIn=${signedIn} .number=${route.number} .pollMs=${this.pollMs}></jf-desk-consultation>`;
      case 'admin':
        return html`<jf-desk-admin .signedIn=${signedIn}></jf-desk-admin>`;
      default:
        return html`<jf-desk-queue .signedIn=${signedIn} .pollMs=${this.pollMs}></jf-desk-queue>`;
    }
  }

  #signInScreen(busy: boolean) {
    const error = this.#session!.snapshot.context.error;
    return html`<h1 tabindex="-1" data-screen-title>${this.t('signin.title')}</h1>
      <p>${this.t('signin.intro')}</p>
      ${error ? html`<p class="error" role="alert" data-sign-in-error>${this.t('signin.failed', { reason: this.errorText(error) })}</p>` : nothing}
      <form class="card" @submit=${this.#signIn} aria-labelledby="signin-title">
        <h2 id="signin-title" class="visually-hidden">${this.t('signin.title')}</h2>
        <p>
          <label for="token">${this.t('signin.token')}</label>
          <input id="token" name="token" type="password" autocomplete="off" spellcheck="false" required
            aria-describedby="token-hint" />
          <span id="token-hint" class="muted">${this.t('signin.demo_hint')}</span>
        </p>
        <button class="primary" type="submit" ?disabled=${busy}>${busy ? this.t('signin.signing_in') : this.t('signin.submit')}</button>
      </form>`;
  }
}
