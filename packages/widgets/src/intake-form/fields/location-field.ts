import { html, nothing } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { live } from 'lit/directives/live.js';
import { blankToUndefined, FieldControl, type FieldProps, type PlaceOption } from './field-control.js';

export interface LocationValue {
  placeId?: string;
  address?: string;
}

/** The chain of places from the top of `places` down to `id`. */
export function placePath(places: readonly PlaceOption[], id: string | undefined): PlaceOption[] {
  if (!id) return [];
  for (const place of places) {
    if (place.id === id) return [place];
    const below = placePath(place.children ?? [], id);
    if (below.length) return [place, ...below];
  }
  return [];
}

/**
 * Where in the township hierarchy: cascading selects (town or street, then village or community),
 * then an optional address. The deepest place chosen is the answer; choosing another town clears
 * the village, so no answer names a village outside its town.
 */
export class LocationField extends FieldControl<LocationValue> {
  readonly type = 'location' as const;
  protected override readonly grouped = true;
  protected renderControl(props: FieldProps<LocationValue>, describedBy: string | undefined) {
    const places = props.places ?? [];
    const value = props.value ?? {};
    const chain = placePath(places, value.placeId);
    const town = chain[0];
    const villages = town?.children ?? [];
    const update = (change: Partial<LocationValue>) => {
      const next: LocationValue = { ...value, ...change };
      if (!next.placeId) delete next.placeId;
      if (next.address === undefined) delete next.address;
      props.onChange(Object.keys(next).length ? next : undefined);
    };
    const select = (
      id: string,
      label: string,
      options: readonly PlaceOption[],
      selected: string | undefined,
      onPick: (id: string | undefined) => void,
    ) => html`<div class="subfield">
      <label for=${id}>${label}</label>
      <select
        id=${id}
        part="select"
        aria-describedby=${ifDefined(describedBy)}
        aria-invalid=${props.error && !value.placeId ? 'true' : 'false'}
        @change=${(e: Event) => onPick(blankToUndefined((e.target as HTMLSelectElement).value))}
      >
        <option value="" ?selected=${!selected}>${props.strings.choose}</option>
        ${options.map((o) => html`<option value=${o.id} ?selected=${o.id === selected}>${o.label}</option>`)}
      </select>
    </div>`;
    return html`<div class="cascade">
      ${select(props.id, props.strings.town, places, town?.id, (id) => update({ placeId: id }))}
      ${
        villages.length
          ? select(`${props.id}-village`, props.strings.village, villages, chain[1]?.id, (id) =>
              update({ placeId: id ?? town?.id }),
            )
          : nothing
      }
      <div class="subfield">
        <label for="${props.id}-address">${props.strings.address} <span class="marker">${props.strings.optional}</span></label>
        <input
          id="${props.id}-address"
          part="input"
          type="text"
          autocomplete="street-address"
          .value=${live(value.address ?? '')}
          @input=${(e: Event) => update({ address: blankToUndefined((e.target as HTMLInputElement).value) })}
        />
      </div>
    </div>`;
  }
}
