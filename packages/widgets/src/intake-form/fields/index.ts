import type { FieldType } from '@jiefen/core';
import { MultipleChoiceField, SingleChoiceField, YesNoField } from './choice-fields.js';
import type { FieldControl } from './field-control.js';
import { LocationField } from './location-field.js';
import { DateField, LongTextField, NumberField, TextField } from './text-fields.js';
import { CheckboxField, DateTimeField } from './toggle-fields.js';

export * from './field-control.js';
export { type LocationValue, placePath } from './location-field.js';

/** One control per field type of the core's category schema (`FIELD_TYPES`). */
export const FIELD_CONTROLS: { readonly [K in FieldType]: FieldControl<unknown> } = {
  text: new TextField() as FieldControl<unknown>,
  longText: new LongTextField() as FieldControl<unknown>,
  number: new NumberField() as FieldControl<unknown>,
  date: new DateField() as FieldControl<unknown>,
  singleChoice: new SingleChoiceField() as FieldControl<unknown>,
  multipleChoice: new MultipleChoiceField() as FieldControl<unknown>,
  yesNo: new YesNoField() as FieldControl<unknown>,
  location: new LocationField() as FieldControl<unknown>,
};

/** Controls for the filing's own questions that are no category field type. */
export const FILING_CONTROLS = {
  checkbox: new CheckboxField() as FieldControl<unknown>,
  dateTime: new DateTimeField() as FieldControl<unknown>,
};
