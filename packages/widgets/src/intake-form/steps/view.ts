import type { Category, OrgUnit, TenantConfig } from '@jiefen/core';
import { type Locale, pickText } from '@jiefen/core/forms';
import type { TemplateResult } from 'lit';
import {
  FIELD_CONTROLS,
  FILING_CONTROLS,
  type FieldProps,
  type FieldStrings,
  type PlaceOption,
} from '../fields/index.js';
import { idFor, type StepView } from './step-view.js';

export { idFor, type Question, type StepView } from './step-view.js';

export const fieldStrings = (view: StepView): FieldStrings => ({
  optional: view.t('form.optional'),
  choose: view.t('field.choose'),
  yes: view.t('field.yes'),
  no: view.t('field.no'),
  town: view.t('details.town'),
  village: view.t('details.village'),
  address: view.t('details.address'),
});

/** Read a value at a dot path of the form. */
export function valueAt(form: unknown, path: string): unknown {
  let cursor: unknown = form;
  for (const key of path.split('.')) {
    if (cursor === null || typeof cursor !== 'object') return undefined;
    cursor = (cursor as Record<string, unknown>)[key];
  }
  return cursor;
}

type Kind = keyof typeof FIELD_CONTROLS | keyof typeof FILING_CONTROLS;
const CONTROLS = { ...FIELD_CONTROLS, ...FILING_CONTROLS };

/** Render one field control for `path`, wired to the form's value and error at that path. */
export function field(
  view: StepView,
  kind: Kind,
  path: string,
  props: Partial<Omit<FieldProps<unknown>, 'id' | 'path' | 'value' | 'error' | 'strings' | 'onChange'>> & {
    label: string;
  },
): TemplateResult {
  return CONTROLS[kind].render({
    required: true,
    ...props,
    id: idFor(path),
    path,
    value: valueAt(view.form, path),
    error: view.errors[path] ?? errorBelow(view.errors, path),
    strings: fieldStrings(view),
    onChange: (value) => view.set(path, value),
  });
}

/** A problem with a part of a compound answer (`location.placeId`) belongs to the compound field. */
function errorBelow(errors: Readonly<Record<string, string>>, path: string): string | undefined {
  for (const [key, message] of Object.entries(errors)) if (key.startsWith(`${path}.`)) return message;
  return undefined;
}

/** The district's towns and streets with their villages and communities, in the resident's locale. */
export function placeOptions(config: TenantConfig, locale: Locale): PlaceOption[] {
  const toOption = (unit: OrgUnit): PlaceOption => ({
    id: unit.id,
    label: pickText(unit.name, locale),
    ...(unit.children?.length ? { children: unit.children.map(toOption) } : {}),
  });
  return (config.organisation.children ?? []).map(toOption);
}

export function chosenCategory(view: Pick<StepView, 'config' | 'form'>): Category | undefined {
  return view.config.categories.find((c) => c.id === view.form.categoryId);
}
