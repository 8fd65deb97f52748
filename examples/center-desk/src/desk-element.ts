import {
  formatTimelineEntry,
  type Locale,
  pickText,
  type TenantConfig,
  type TimelineEntry,
  timelineMessage,
} from '@jiefen/core';
import { type ErrorView, formatSdkMessage } from '@jiefen/sdk';
import { JfElement, JfEvent, LocalizeController } from '@jiefen/widgets';
import { type CSSResultGroup, css } from 'lit';
import { type DeskMessageKey, deskCatalogs } from './i18n/catalogs.js';

/** A command an action form checked against the core's schema; the screen that owns the record sends it. */
export class JfDeskActionSubmittedEvent extends JfEvent<
  'jf-desk-action-submitted',
  { command: { type: string } & Record<string, unknown> }
> {
  constructor(detail: { command: { type: string } & Record<string, unknown> }) {
    super('jf-desk-action-submitted', detail);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'jf-desk-action-submitted': JfDeskActionSubmittedEvent;
  }
}

/** Styles every desk screen shares, on the widgets' tokens (`--jf-*`), so a host themes the desk like the widgets. */
export const deskStyles = css`
  :host {
    background: transparent;
  }
  h1,
  h2,
  h3 {
    line-height: 1.3;
    margin: 0 0 calc(var(--_space) * 0.75);
  }
  h1 {
    font-size: 1.5em;
  }
  h2 {
    font-size: 1.25em;
  }
  h3 {
    font-size: 1.1em;
  }
  .card {
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: var(--_space);
    margin-block-end: var(--_space);
  }
  .button,
  button {
    border: 2px solid var(--_primary);
    background: var(--_surface);
    color: var(--_primary);
    border-radius: var(--_radius);
    padding: 0.4em 1em;
    font-weight: 600;
  }
  button.primary,
  button[aria-pressed='true'],
  button[aria-expanded='true'] {
    background: var(--_primary);
    color: var(--_on-primary);
  }
  button[disabled] {
    opacity: 0.6;
    cursor: not-allowed;
  }
  /* No inline styles anywhere: the page runs under a strict style-src. */
  .plain-list {
    list-style: none;
    padding: 0;
    margin: 0 0 calc(var(--_space) * 0.5);
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_space) * 0.5);
    align-items: center;
  }
  table {
    border-collapse: collapse;
    width: 100%;
  }
  th,
  td {
    text-align: start;
    padding: 0.5em;
    border-block-end: 1px solid var(--_border);
    vertical-align: top;
  }
  .badge {
    display: inline-block;
    border-radius: 999px;
    padding: 0 0.6em;
    font-size: 0.875em;
    border: 1px solid currentColor;
    margin-inline-end: 0.25em;
    white-space: nowrap;
  }
  /* On a filled (pressed) button a badge takes the button's own text colour. */
  button .badge.info {
    color: inherit;
  }
  .badge.alert {
    color: var(--_error);
  }
  .badge.info {
    color: var(--_primary);
  }
  .muted {
    color: var(--_muted);
  }
  .error {
    color: var(--_error);
  }
  .success {
    color: var(--_success);
  }
  [role='alert'].error,
  .message {
    border-inline-start: 4px solid currentColor;
    padding: 0.5em 0.75em;
    margin-block: 0.5em;
  }
  label {
    display: block;
    font-weight: 600;
  }
  input:not([type='checkbox']):not([type='radio']),
  select,
  textarea {
    width: 100%;
    max-width: 40em;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 0.4em 0.6em;
    background: var(--_surface);
  }
  input[type='checkbox'] {
    width: 1.25em;
    height: 1.25em;
    min-height: 0;
  }
  .check {
    display: flex;
    gap: 0.5em;
    align-items: center;
    font-weight: normal;
    min-height: var(--_target);
  }
  dl {
    display: grid;
    grid-template-columns: minmax(8em, max-content) 1fr;
    gap: 0.25em 1em;
    margin: 0;
  }
  dt {
    font-weight: 600;
  }
  dd {
    margin: 0;
    white-space: pre-wrap;
  }
`;

/**
 * The base of every desk screen: the widgets' `JfElement` (typed events, `lang` from context, the
 * shared styles and tokens) plus the desk's catalogs and the wording of errors and timeline lines.
 */
export class DeskElement extends JfElement {
  static override get styles(): CSSResultGroup {
    return [JfElement.styles, deskStyles];
  }

  protected readonly localize = new LocalizeController<DeskMessageKey>(this, deskCatalogs);

  protected t(key: DeskMessageKey, params?: Record<string, string | number>): string {
    return this.localize.t(key, params);
  }

  /** Whether the desk has a string for a key built from the core's names (an event, a field). */
  protected has(key: string): key is DeskMessageKey {
    const catalog = deskCatalogs.peek(this.localize.locale);
    return catalog !== undefined && Object.hasOwn(catalog, key);
  }

  /** A label for a name the core owns: the desk's word for it, or the name itself when it has none. */
  protected named(prefix: 'action' | 'choice' | 'stage' | 'status' | 'phase', name: string): string {
    const key = `${prefix}.${name}`;
    return this.has(key) ? this.t(key) : name;
  }

  protected get uiLocale(): Locale {
    return this.localize.locale;
  }

  /** An SDK error view in words: the SDK's (or the core's) message for its key. */
  protected errorText(view: ErrorView): string {
    return formatSdkMessage(view.messageKey, view.params ?? {}, this.uiLocale);
  }

  protected departmentName(config: TenantConfig | undefined, id: string): string {
    const department = config?.departments.find((d) => d.id === id);
    return department ? pickText(department.name, this.uiLocale) : id;
  }

  /** A timeline entry in words, from the core's timeline messages (the resident's wording, staff see more). */
  protected timelineText(config: TenantConfig | undefined, entry: TimelineEntry): string {
    const message = timelineMessage(entry);
    return formatTimelineEntry(message, {
      locale: this.uiLocale,
      departmentName: (id) => this.departmentName(config, id),
    });
  }

  protected formatInstant(iso: string | undefined): string {
    if (!iso) return '';
    return new Intl.DateTimeFormat(this.uiLocale, {
      dateStyle: 'medium',
      timeStyle: 'short',
      timeZone: 'Asia/Shanghai',
    }).format(new Date(iso));
  }
}
