import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { live } from 'lit/directives/live.js';
import { blankToUndefined, FieldControl, type FieldProps } from './field-control.js';

const enteredText = (event: Event) => (event.target as HTMLInputElement | HTMLTextAreaElement).value;

/** A short answer (a name, an estate). */
export class TextField extends FieldControl<string> {
  readonly type = 'text' as const;
  protected renderControl(props: FieldProps<string>, describedBy: string | undefined) {
    return html`<input
      id=${props.id}
      part="input"
      type=${props.inputMode === 'tel' ? 'tel' : 'text'}
      inputmode=${ifDefined(props.inputMode)}
      autocomplete=${ifDefined(props.autocomplete)}
      maxlength=${ifDefined(props.max)}
      .value=${live(props.value ?? '')}
      aria-describedby=${ifDefined(describedBy)}
      aria-invalid=${props.error ? 'true' : 'false'}
      ?required=${props.required}
      @input=${(e: Event) => props.onChange(blankToUndefined(enteredText(e)))}
    />`;
  }
}

/** A free account (what happened, what was tried). */
export class LongTextField extends FieldControl<string> {
  readonly type = 'longText' as const;
  protected renderControl(props: FieldProps<string>, describedBy: string | undefined) {
    return html`<textarea
      id=${props.id}
      part="input"
      rows="5"
      maxlength=${ifDefined(props.max)}
      .value=${live(props.value ?? '')}
      aria-describedby=${ifDefined(describedBy)}
      aria-invalid=${props.error ? 'true' : 'false'}
      ?required=${props.required}
      @input=${(e: Event) => props.onChange(blankToUndefined(enteredText(e)))}
    ></textarea>`;
  }
}

/**
 * A number, typed as text with a numeric keyboard (GOV.UK's advice: `type=number` spins on scroll
 * and drops what it cannot parse). What does not parse is kept as typed, so the core says
 * "please enter a number" instead of the answer silently vanishing.
 */
export class NumberField extends FieldControl<number | string> {
  readonly type = 'number' as const;
  protected renderControl(props: FieldProps<number | string>, describedBy: string | undefined) {
    return html`<input
      id=${props.id}
      part="input"
      type="text"
      inputmode="decimal"
      class="short"
      .value=${live(props.value === undefined ? '' : String(props.value))}
      aria-describedby=${ifDefined(describedBy)}
      aria-invalid=${props.error ? 'true' : 'false'}
      ?required=${props.required}
      @input=${(e: Event) => props.onChange(parseNumber(enteredText(e)))}
    />`;
  }
}

export function parseNumber(text: string): number | string | undefined {
  const trimmed = text.trim().replace(/[,，\s]/g, '');
  if (trimmed === '') return undefined;
  const n = Number(trimmed);
  return Number.isFinite(n) ? n : text;
}

/** A calendar day, `YYYY-MM-DD` (the browser's own date picker, labelled like any input). */
export class DateField extends FieldControl<string> {
  readonly type = 'date' as const;
  protected renderControl(props: FieldProps<string>, describedBy: string | undefined) {
    return html`<input
      id=${props.id}
      part="input"
      type="date"
      class="short"
      .value=${live(props.value ?? '')}
      aria-describedby=${ifDefined(describedBy)}
      aria-invalid=${props.error ? 'true' : 'false'}
      ?required=${props.required}
      @change=${(e: Event) => props.onChange(blankToUndefined(enteredText(e)))}
    />`;
  }
}
