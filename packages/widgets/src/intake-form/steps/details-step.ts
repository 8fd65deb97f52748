import { type FieldDefinition, pickText } from '@jiefen/core';
import type { Question, StepView } from './view.js';
import { chosenCategory, field, placeOptions } from './view.js';

/** The category's own question, as the tenant defined it. */
function categoryFieldQuestion(view: StepView, definition: FieldDefinition): Question {
  const path = `answers.${definition.id}`;
  const label = pickText(definition.label, view.locale);
  return {
    id: path,
    fields: [{ path, label }],
    render: () =>
      field(view, definition.type, path, {
        label,
        hint: definition.hint ? pickText(definition.hint, view.locale) : undefined,
        required: definition.required,
        options: (definition.options ?? []).map((o) => ({ value: o.value, label: pickText(o.label, view.locale) })),
        min: definition.min,
        max: definition.max,
        ...(definition.type === 'location' ? { places: placeOptions(view.config, view.locale) } : {}),
      }),
  };
}

/** Details: what happened, the category's fields, when it started, where, and the outcome wanted. */
export function detailsQuestions(view: StepView): Question[] {
  const simple = (
    id: string,
    kind: 'longText' | 'date',
    key: Parameters<StepView['t']>[0],
    hintKey?: Parameters<StepView['t']>[0],
    extra = {},
  ): Question => {
    const label = view.t(key);
    return {
      id,
      fields: [{ path: id, label }],
      render: () => field(view, kind, id, { label, hint: hintKey ? view.t(hintKey) : undefined, ...extra }),
    };
  };
  const category = chosenCategory(view);
  const locationLabel = view.t('details.location');
  return [
    simple('description', 'longText', 'details.description', 'details.description.hint', { max: 5000 }),
    ...(category?.fields ?? []).map((definition) => categoryFieldQuestion(view, definition)),
    simple('startedOn', 'date', 'details.started_on', 'details.started_on.hint'),
    {
      id: 'location',
      fields: [{ path: 'location', label: locationLabel }],
      render: () =>
        field(view, 'location', 'location', {
          label: locationLabel,
          hint: view.t('details.location.hint'),
          places: placeOptions(view.config, view.locale),
        }),
    },
    simple('desiredOutcome', 'longText', 'details.desired_outcome', 'details.desired_outcome.hint', { max: 1000 }),
  ];
}
