import type { Party } from '@jiefen/core';
import { html, nothing } from 'lit';
import { field, type Question, type StepView } from './view.js';

/** The other party: optional, one or more, each removable. */
export function otherPartyQuestions(view: StepView): Question[] {
  const parties = (view.form.otherParties ?? []) as Partial<Party>[];
  const fields = parties.flatMap((_, i) => [
    { path: `otherParties.${i}.kind`, label: `${view.t('party.heading', { n: i + 1 })}: ${view.t('party.kind')}` },
    { path: `otherParties.${i}.name`, label: `${view.t('party.heading', { n: i + 1 })}: ${view.t('party.name')}` },
    { path: `otherParties.${i}.phone`, label: `${view.t('party.heading', { n: i + 1 })}: ${view.t('party.phone')}` },
    {
      path: `otherParties.${i}.relationship`,
      label: `${view.t('party.heading', { n: i + 1 })}: ${view.t('party.relationship')}`,
    },
  ]);
  const add = () => {
    view.set('otherParties', [...parties, { kind: 'person' }]);
    view.focus?.(`otherParties.${parties.length}.name`);
  };
  const remove = (index: number) => {
    view.set(
      'otherParties',
      parties.filter((_, i) => i !== index),
    );
    view.focus?.(parties.length > 1 ? `otherParties.${Math.max(0, index - 1)}.name` : 'party-add');
  };
  return [
    {
      id: 'otherParties',
      fields: [{ path: 'otherParties', label: view.t('step.other_party') }, ...fields],
      render: () => html`
        <p class="intro">${view.t('party.intro')}</p>
        ${parties.length === 0 ? html`<p class="empty" id="f-otherParties" tabindex="-1">${view.t('party.none')}</p>` : nothing}
        ${parties.map(
          (_, i) => html`<fieldset class="group" part="party">
            <legend class="group-title">${view.t('party.heading', { n: i + 1 })}</legend>
            ${field(view, 'singleChoice', `otherParties.${i}.kind`, {
              label: view.t('party.kind'),
              options: [
                { value: 'person', label: view.t('party.kind.person') },
                { value: 'organisation', label: view.t('party.kind.organisation') },
              ],
            })}
            ${field(view, 'text', `otherParties.${i}.name`, { label: view.t('party.name'), max: 100 })}
            ${field(view, 'text', `otherParties.${i}.phone`, {
              label: view.t('party.phone'),
              required: false,
              inputMode: 'tel',
            })}
            ${field(view, 'text', `otherParties.${i}.relationship`, {
              label: view.t('party.relationship'),
              hint: view.t('party.relationship.hint'),
              required: false,
              max: 100,
            })}
            <button type="button" class="secondary" part="remove-party-button" @click=${() => remove(i)}>
              ${view.t('party.remove', { n: i + 1 })}
            </button>
          </fieldset>`,
        )}
        <button type="button" class="secondary" id="f-party-add" part="add-party-button" @click=${add}>
          ${parties.length ? view.t('party.add_another') : view.t('party.add')}
        </button>
      `,
    },
  ];
}
