import { type FieldIssue, formatMessage, pickText, type TenantConfig, validate } from '@jiefen/core';
import type { ErrorView } from '@jiefen/sdk';
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { DeskElement, JfDeskActionSubmittedEvent } from '../desk-element.js';
import type { DeskMessageKey } from '../i18n/catalogs.js';
import {
  type ActionField,
  actionFields,
  type FormValues,
  fieldForIssue,
  flattenFields,
  payloadFrom,
} from './action-fields.js';

/** A payload schema as the core exports it (any valibot object schema). */
export type PayloadSchema = Parameters<typeof validate>[0] & Parameters<typeof actionFields>[0];

let formCount = 0;

/**
 * `<jf-desk-action-form>`: the form of one workflow action, generated from the core's payload
 * schema: each field's control from its schema (picklist → choices, boolean → checkbox, instant →
 * date and time, `…departmentId(s)` → the tenant's departments), its label from the desk's catalog
 * by field name, its errors from the core's messages. It checks the payload with the same schema
 * the server uses before it emits `jf-desk-action-submitted`; what the server still refuses comes
 * back in `refusal` and is placed on the fields it names.
 *
 * @event jf-desk-action-submitted - `{ command }`: a command that passed the core's schema.
 */
export class JfDeskActionForm extends DeskElement {
  static override properties = {
    actionType: { attribute: 'action-type' },
    schema: { attribute: false },
    config: { attribute: false },
    ownDepartment: { attribute: false },
    refusal: { attribute: false },
    busy: { type: Boolean },
    issues: { state: true },
  };

  declare actionType: string;
  declare schema: PayloadSchema | undefined;
  declare config: TenantConfig | undefined;
  /** A department handler acts for their own department only: it is the one choice offered. */
  declare ownDepartment: string | undefined;
  declare refusal: ErrorView | undefined;
  declare busy: boolean;
  declare issues: FieldIssue[];

  readonly #id = `jf-action-${++formCount}`;

  constructor() {
    super();
    this.actionType = '';
    this.busy = false;
    this.issues = [];
  }

  get fields(): ActionField[] {
    return this.schema ? actionFields(this.schema) : [];
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // The server's field issues replace the local ones (it checked the same schema and more).
    if (changed.has('refusal') && this.refusal?.issues?.length) this.issues = this.refusal.issues;
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('refusal') && this.refusal) this.#focusFirstProblem();
  }

  #label(field: ActionField): string {
    const specific = `field.${this.actionType}.${field.path}`;
    const general = `field.${field.path}`;
    if (this.has(specific)) return this.t(specific);
    return this.has(general) ? this.t(general) : field.path;
  }

  #controlId(field: ActionField) {
    return `${this.#id}-${field.path.replaceAll('.', '-')}`;
  }

  #issueFor(field: ActionField): string | undefined {
    const fields = this.fields;
    const issue = this.issues.find((i) => fieldForIssue(fields, i.path)?.path === field.path);
    return issue ? formatMessage(issue.key, issue.params, this.uiLocale) : undefined;
  }

  #departmentOptions(): Array<{ id: string; name: string }> {
    const all = this.config?.departments ?? [];
    const allowed = this.ownDepartment ? all.filter((d) => d.id === this.ownDepartment) : all;
    return allowed.map((d) => ({ id: d.id, name: pickText(d.name, this.uiLocale) }));
  }

  #values(form: HTMLFormElement): FormValues {
    const data = new FormData(form);
    const values: FormValues = {};
    for (const field of flattenFields(this.fields)) {
      if (field.kind === 'group') continue;
      if (field.kind === 'boolean') values[field.path] = data.has(field.path);
      else if (field.kind === 'department' && field.multiple) values[field.path] = data.getAll(field.path).map(String);
      else values[field.path] = String(data.get(field.path) ?? '');
    }
    return values;
  }

  #submit(event: SubmitEvent) {
    event.preventDefault();
    if (!this.schema || this.busy) return;
    const payload = payloadFrom(this.fields, this.#values(event.target as HTMLFormElement));
    const checked = validate(this.schema, payload);
    if (!checked.success) {
      this.issues = checked.issues;
      void this.updateComplete.then(() => this.#focusFirstProblem());
      return;
    }
    this.issues = [];
    this.emit(
      new JfDeskActionSubmittedEvent({
        command: { type: this.actionType, ...(checked.output as Record<string, unknown>) },
      }),
    );
  }

  #focusFirstProblem() {
    const target =
      this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]') ??
      this.renderRoot.querySelector<HTMLElement>('[data-summary]');
    target?.focus();
  }

  #cancel() {
    this.dispatchEvent(new Event('cancel', { bubbles: false }));
  }

  override render() {
    if (!this.localize.ready) return nothing;
    const title = this.has(`action.${this.actionType}`)
      ? this.t(`action.${this.actionType}` as DeskMessageKey)
      : this.actionType;
    const general =
      this.refusal && !this.refusal.issues?.length
        ? this.errorText(this.refusal)
        : this.issues.length
          ? this.t('form.error_summary')
          : '';
    return html`
      <form novalidate aria-labelledby="${this.#id}-title" @submit=${this.#submit} part="form">
        <h3 id="${this.#id}-title">${title}</h3>
        ${general ? html`<p class="error" role="alert" tabindex="-1" data-summary>${general}</p>` : nothing}
        ${this.fields.map((field) => this.#field(field))}
        <div class="row">
          <button class="primary" type="submit" ?disabled=${this.busy} part="submit-button">
            ${this.busy ? this.t('form.sending') : this.t('form.submit')}
          </button>
          <button type="button" @click=${this.#cancel}>${this.t('form.cancel')}</button>
        </div>
      </form>
    `;
  }

  #field(field: ActionField): TemplateResult {
    const id = this.#controlId(field);
    const label = this.#label(field);
    const error = this.#issueFor(field);
    const errorId = `${id}-error`;
    const described = error ? errorId : undefined;
    const marker = html`<span class="muted">${field.required ? this.t('form.required') : this.t('form.optional')}</span>`;
    const errorLine = error ? html`<p id=${errorId} class="error" part="error">${error}</p>` : nothing;
    switch (field.kind) {
      case 'group':
        return html`<fieldset class="card">
          <legend>${label}</legend>
          ${field.fields.map((inner) => this.#field(inner))}
        </fieldset>`;
      case 'boolean':
        return html`<p>
          <label class="check">
            <input type="checkbox" id=${id} name=${field.path} aria-invalid=${error ? 'true' : 'false'}
              aria-describedby=${described ?? nothing} />
            ${label}
          </label>
          ${errorLine}
        </p>`;
      case 'department':
        if (field.multiple) {
          return html`<fieldset aria-describedby=${described ?? nothing} aria-invalid=${error ? 'true' : 'false'}>
            <legend>${label} ${marker}</legend>
            ${this.#departmentOptions().map(
              (d, index) => html`<label class="check">
                <input type="checkbox" name=${field.path} value=${d.id} id=${`${id}-${index}`} />${d.name}
              </label>`,
            )}
            ${errorLine}
          </fieldset>`;
        }
        return this.#select(
          field,
          id,
          label,
          marker,
          error,
          errorLine,
          this.#departmentOptions().map((d) => ({ value: d.id, text: d.name })),
          this.ownDepartment,
        );
      case 'choice':
        return this.#select(
          field,
          id,
          label,
          marker,
          error,
          errorLine,
          field.options.map((value) => ({ value, text: this.named('choice', value) })),
        );
      case 'text':
      case 'lines': {
        const multiline = field.kind === 'lines' || field.multiline;
        const hint =
          field.kind === 'lines'
            ? html`<span class="muted" id=${`${id}-hint`}>${this.t('form.lines_hint')}</span>`
            : nothing;
        const describedBy = [field.kind === 'lines' ? `${id}-hint` : '', described ?? ''].filter(Boolean).join(' ');
        return html`<p>
          <label for=${id}>${label} ${marker}</label>
          ${hint}
          ${
            multiline
              ? html`<textarea id=${id} name=${field.path} rows="3" aria-invalid=${error ? 'true' : 'false'}
                aria-describedby=${describedBy || nothing}></textarea>`
              : html`<input type=${field.kind === 'text' ? (field.inputType ?? 'text') : 'text'} id=${id} name=${field.path} aria-invalid=${error ? 'true' : 'false'}
                aria-describedby=${describedBy || nothing} />`
          }
          ${errorLine}
        </p>`;
      }
      case 'instant':
        return html`<p>
          <label for=${id}>${label} ${marker}</label>
          <input type="datetime-local" id=${id} name=${field.path} aria-invalid=${error ? 'true' : 'false'}
            aria-describedby=${described ?? nothing} />
          ${errorLine}
        </p>`;
      case 'number':
        return html`<p>
          <label for=${id}>${label} ${marker}</label>
          <input type="number" inputmode="numeric" id=${id} name=${field.path} min=${field.min ?? nothing}
            max=${field.max ?? nothing} aria-invalid=${error ? 'true' : 'false'} aria-describedby=${described ?? nothing} />
          ${errorLine}
        </p>`;
    }
  }

  #select(
    field: ActionField,
    id: string,
    label: string,
    marker: TemplateResult,
    error: string | undefined,
    errorLine: TemplateResult | typeof nothing,
    options: Array<{ value: string; text: string }>,
    preset?: string,
  ): TemplateResult {
    return html`<p>
      <label for=${id}>${label} ${marker}</label>
      <select id=${id} name=${field.path} aria-invalid=${error ? 'true' : 'false'}
        aria-describedby=${error ? `${id}-error` : nothing}>
        ${preset ? nothing : html`<option value="">—</option>`}
        ${options.map((o) => html`<option value=${o.value} ?selected=${o.value === preset}>${o.text}</option>`)}
      </select>
      ${errorLine}
    </p>`;
  }
}
