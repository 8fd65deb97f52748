import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { live } from 'lit/directives/live.js';
import { FieldControl, type FieldProps } from './field-control.js';

/**
 * One checkbox that the resident ticks to agree (a consent, a choice to share). Unlike `yesNo`
 * there is no "no" answer to give: unticked is false. The label sits beside the box.
 */
export class CheckboxField extends FieldControl<boolean> {
  readonly type = 'checkbox' as const;
  override render(props: FieldProps<boolean>) {
    const described =
      [props.hint ? `${props.id}-hint` : '', props.error ? `${props.id}-error` : ''].filter(Boolean).join(' ') ||
      undefined;
    return html`<div class="field${props.error ? ' invalid' : ''}" part="field" data-path=${props.path}>
      ${props.error ? html`<p class="error" part="error" id="${props.id}-error">${props.error}</p>` : ''}
      <label class="choice" part="choice">
        <input
          type="checkbox"
          id=${props.id}
          .checked=${live(props.value === true)}
          aria-describedby=${ifDefined(described)}
          aria-invalid=${props.error ? 'true' : 'false'}
          @change=${(e: Event) => props.onChange((e.target as HTMLInputElement).checked)}
        /><span>${props.label}</span>
      </label>
      ${props.hint ? html`<p class="hint" part="hint" id="${props.id}-hint">${props.hint}</p>` : ''}
    </div>`;
  }
  protected renderControl() {
    return html``;
  }
}

/** `YYYY-MM-DDTHH:mm` in the device's zone, for a `datetime-local` input. */
function toLocalInput(instant: string | undefined): string {
  if (!instant) return '';
  const d = new Date(instant);
  if (Number.isNaN(d.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A moment (when consent was recorded), entered in local time and kept as an ISO instant. */
export class DateTimeField extends FieldControl<string> {
  readonly type = 'dateTime' as const;
  protected renderControl(props: FieldProps<string>, describedBy: string | undefined) {
    return html`<input
      id=${props.id}
      part="input"
      type="datetime-local"
      class="short"
      .value=${live(toLocalInput(props.value))}
      aria-describedby=${ifDefined(describedBy)}
      aria-invalid=${props.error ? 'true' : 'false'}
      ?required=${props.required}
      @change=${(e: Event) => {
        const local = (e.target as HTMLInputElement).value;
        const d = local ? new Date(local) : undefined;
        props.onChange(d && !Number.isNaN(d.getTime()) ? d.toISOString() : undefined);
      }}
    />`;
  }
}
