import type { Category, OrgUnit, TenantConfig } from '@jiefen/core';
import { type Locale, pickText } from '@jiefen/core/forms';
import type { IntakeForm, IntakeUpload, IntakeWizardEvent } from '@jiefen/sdk/intake';
import type { TemplateResult } from 'lit';
import type { MessageParams } from '../../i18n/localize.js';
import {
  FIELD_CONTROLS,
  FILING_CONTROLS,
  type FieldProps,
  type FieldStrings,
  type PlaceOption,
} from '../fields/index.js';
import type { IntakeMessageKey } from '../i18n/catalogs.js';

/** Everything a step renders from: the actor's data, the strings, and two ways to answer. */
export interface StepView {
  t: (key: IntakeMessageKey, params?: MessageParams) => string;
  locale: Locale;
  elder: boolean;
  config: TenantConfig;
  form: IntakeForm;
  /** Localized problems by filing path (the SDK's `selectFieldErrors`). */
  errors: Readonly<Record<string, string>>;
  uploads: readonly IntakeUpload[];
  /** Set one value by dot path. */
  set: (path: string, value: unknown) => void;
  send: (event: IntakeWizardEvent) => void;
  /** Move focus to the control of `path` after the next render (added or removed rows). */
  focus?: (path: string) => void;
  /** URL of the tenant's legal consultation page, if the portal gave one. */
  consultationUrl?: string | undefined;
}

/**
 * One question: what elder mode shows alone on a screen. `fields` are the filing paths it answers,
 * in display order, with their labels (for the error summary and for focus).
 */
export interface Question {
  id: string;
  fields: Array<{ path: string; label: string }>;
  render: () => TemplateResult;
}

/** The DOM id of the control that answers `path` (ids are unique within the form's shadow root). */
export const idFor = (path: string) => `f-${path.replace(/[^a-zA-Z0-9_-]/g, '-')}`;

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
