import type { FieldType } from '@jiefen/core';
import { html, nothing, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';

export interface FieldOption {
  value: string;
  label: string;
}

/** A place in the township hierarchy, already in the resident's locale. */
export interface PlaceOption {
  id: string;
  label: string;
  children?: PlaceOption[];
}

/** What every field control is rendered from: plain data and one callback. */
export interface FieldProps<TValue> {
  /** DOM id of the focusable control (the error summary links to it). */
  id: string;
  /** The filing path the value goes to (`answers.months_unpaid`). */
  path: string;
  label: string;
  hint?: string | undefined;
  required: boolean;
  /** The localized problem with the current value, if any. */
  error?: string | undefined;
  value: TValue | undefined;
  options?: FieldOption[];
  min?: number | undefined;
  max?: number | undefined;
  /** Location fields: the township hierarchy below the district. */
  places?: PlaceOption[];
  /** Strings the control needs beyond its label (markers, "choose", yes/no). */
  strings: FieldStrings;
  /** Text inputs: the mobile keyboard and autofill to offer. */
  inputMode?: 'text' | 'tel' | 'numeric' | 'decimal' | undefined;
  autocomplete?: string | undefined;
  onChange: (value: TValue | undefined, path?: string) => void;
}

export interface FieldStrings {
  optional: string;
  choose: string;
  yes: string;
  no: string;
  town: string;
  village: string;
  address: string;
}

/**
 * The one base of the eight category field types (and of the filing's own fields, which are the same
 * kinds of question). A control renders a label (or legend), hint and error wired to the input with
 * `aria-describedby`/`aria-invalid`, and turns what the resident entered into the value the core's
 * schema expects: empty means "no answer" (undefined), never an empty string an optional field would
 * then reject. Subclasses provide only the input and the parsing, so they share one test suite.
 */
export abstract class FieldControl<TValue> {
  /** The category field type it answers, or one of the filing's own kinds of question. */
  abstract readonly type: FieldType | 'checkbox' | 'dateTime';
  /** Radio and checkbox groups are a `fieldset` with a `legend`; single inputs have a `label`. */
  protected readonly grouped: boolean = false;

  render(props: FieldProps<TValue>): TemplateResult {
    const described = [props.hint ? `${props.id}-hint` : '', props.error ? `${props.id}-error` : '']
      .filter(Boolean)
      .join(' ');
    const title = html`${props.label}${props.required ? nothing : html` <span class="marker">${props.strings.optional}</span>`}`;
    const hint = props.hint ? html`<p class="hint" part="hint" id="${props.id}-hint">${props.hint}</p>` : nothing;
    const error = props.error ? html`<p class="error" part="error" id="${props.id}-error">${props.error}</p>` : nothing;
    const control = this.renderControl(props, described || undefined);
    const classes = `field${props.error ? ' invalid' : ''}`;
    return this.grouped
      ? html`<fieldset class=${classes} part="field" data-path=${props.path} aria-describedby=${ifDefined(described || undefined)}>
          <legend class="label" part="label">${title}</legend>${hint}${error}${control}
        </fieldset>`
      : html`<div class=${classes} part="field" data-path=${props.path}>
          <label class="label" part="label" for=${props.id}>${title}</label>${hint}${error}${control}
        </div>`;
  }

  /** The input(s); the first focusable one carries `props.id`. */
  protected abstract renderControl(props: FieldProps<TValue>, describedBy: string | undefined): TemplateResult;
}

/** `''` and whitespace-only input are "no answer". */
export const blankToUndefined = (text: string): string | undefined => (text.trim() === '' ? undefined : text);
