import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { live } from 'lit/directives/live.js';
import { FieldControl, type FieldProps } from './field-control.js';

/** One of a few answers, as radio buttons (every option visible: easier than a select on a phone). */
export class SingleChoiceField extends FieldControl<string> {
  readonly type = 'singleChoice' as const;
  protected override readonly grouped = true;
  protected renderControl(props: FieldProps<string>) {
    return html`<div class="choices">
      ${(props.options ?? []).map(
        (option, index) => html`<label class="choice" part="choice">
          <input
            type="radio"
            id=${ifDefined(index === 0 ? props.id : undefined)}
            name=${props.id}
            aria-invalid=${props.error ? 'true' : 'false'}
            value=${option.value}
            .checked=${live(props.value === option.value)}
            @change=${() => props.onChange(option.value)}
          /><span>${option.label}</span>
        </label>`,
      )}
    </div>`;
  }
}

/** Any number of answers, as checkboxes. */
export class MultipleChoiceField extends FieldControl<string[]> {
  readonly type = 'multipleChoice' as const;
  protected override readonly grouped = true;
  protected renderControl(props: FieldProps<string[]>) {
    const chosen = props.value ?? [];
    // Read the ticked boxes from the group itself: always current, however fast the clicks come.
    const collect = (event: Event) => {
      const group = (event.target as HTMLElement).closest('.choices')!;
      const ticked = new Set([...group.querySelectorAll<HTMLInputElement>('input:checked')].map((i) => i.value));
      const next = (props.options ?? []).map((o) => o.value).filter((v) => ticked.has(v));
      props.onChange(next.length ? next : undefined);
    };
    return html`<div class="choices">
      ${(props.options ?? []).map(
        (option, index) => html`<label class="choice" part="choice">
          <input
            type="checkbox"
            id=${ifDefined(index === 0 ? props.id : undefined)}
            aria-invalid=${props.error ? 'true' : 'false'}
            value=${option.value}
            .checked=${live(chosen.includes(option.value))}
            @change=${collect}
          /><span>${option.label}</span>
        </label>`,
      )}
    </div>`;
  }
}

/** Yes or no, as two radio buttons (a lone checkbox cannot say "no" as an answer). */
export class YesNoField extends FieldControl<boolean> {
  readonly type = 'yesNo' as const;
  protected override readonly grouped = true;
  protected renderControl(props: FieldProps<boolean>) {
    const option = (value: boolean, label: string, id?: string) =>
      html`<label class="choice" part="choice">
        <input
          type="radio"
          id=${ifDefined(id)}
          name=${props.id}
          aria-invalid=${props.error ? 'true' : 'false'}
          value=${String(value)}
          .checked=${live(props.value === value)}
          @change=${() => props.onChange(value)}
        /><span>${label}</span>
      </label>`;
    return html`<div class="choices inline">
      ${option(true, props.strings.yes, props.id)} ${option(false, props.strings.no)}
    </div>`;
  }
}
