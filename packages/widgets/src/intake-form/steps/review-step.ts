import { type FieldDefinition, findOrgUnit, pickText } from '@jiefen/core';
import type { IntakeStep } from '@jiefen/sdk/intake';
import { html, nothing, type TemplateResult } from 'lit';
import { chosenCategory, type Question, type StepView } from './view.js';

type Row = [label: string, value: string | undefined];

function placeName(view: StepView, placeId: string | undefined): string | undefined {
  const unit = placeId ? findOrgUnit(view.config, placeId) : undefined;
  return unit ? pickText(unit.name, view.locale) : undefined;
}

/** A category answer as the resident would say it. */
function answerText(view: StepView, definition: FieldDefinition, value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const option = (v: unknown) => {
    const found = definition.options?.find((o) => o.value === v);
    return found ? pickText(found.label, view.locale) : String(v);
  };
  switch (definition.type) {
    case 'yesNo':
      return value === true ? view.t('review.yes') : value === false ? view.t('review.no') : String(value);
    case 'singleChoice':
      return option(value);
    case 'multipleChoice':
      return Array.isArray(value) ? value.map(option).join('、') : String(value);
    case 'location': {
      const location = value as { placeId?: string; address?: string };
      return [placeName(view, location.placeId), location.address].filter(Boolean).join(' ') || undefined;
    }
    default:
      return String(value);
  }
}

/** Review: everything entered, grouped by step, each group with a way back to change it. */
export function reviewQuestions(view: StepView, stepTitle: (step: IntakeStep) => string): Question[] {
  const form = view.form;
  const category = chosenCategory(view);
  const location = form.location as { placeId?: string; address?: string } | undefined;
  const parties = (form.otherParties ?? []) as Array<{ name?: string; relationship?: string; phone?: string }>;
  const privacy = (form.privacy ?? {}) as { contactBy?: string; otherPartySees?: string; publicSummary?: boolean };
  const sections: Array<[IntakeStep, Row[]]> = [
    ['category', [[view.t('category.label'), category ? pickText(category.name, view.locale) : undefined]]],
    [
      'details',
      [
        [view.t('details.description'), form.description],
        ...(category?.fields ?? []).map(
          (d): Row => [pickText(d.label, view.locale), answerText(view, d, form.answers?.[d.id])],
        ),
        [view.t('details.started_on'), form.startedOn],
        [view.t('details.location'), [placeName(view, location?.placeId), location?.address].filter(Boolean).join(' ')],
        [view.t('details.desired_outcome'), form.desiredOutcome],
      ],
    ],
    [
      'other_party',
      parties.length
        ? parties.map(
            (p, i): Row => [
              view.t('party.heading', { n: i + 1 }),
              [p.name, p.relationship, p.phone].filter(Boolean).join('，'),
            ],
          )
        : [[view.t('step.other_party'), undefined]],
    ],
    ['evidence', [[view.t('step.evidence'), view.t('review.files', { count: view.uploads.length })]]],
    [
      'applicant',
      [
        [view.t(form.onBehalf ? 'applicant.name.on_behalf' : 'applicant.name'), form.applicant?.name],
        [view.t('applicant.phone'), form.applicant?.phone],
        [
          view.t('applicant.contact_by'),
          privacy.contactBy
            ? view.t(`applicant.contact_by.${privacy.contactBy}` as Parameters<StepView['t']>[0])
            : undefined,
        ],
        [
          view.t('privacy.other_party_sees'),
          privacy.otherPartySees
            ? view.t(`privacy.other_party_sees.${privacy.otherPartySees}` as Parameters<StepView['t']>[0])
            : undefined,
        ],
        [view.t('privacy.public_summary'), view.t(privacy.publicSummary ? 'review.yes' : 'review.no')],
        ...(form.onBehalf
          ? [[view.t('on_behalf.filer_name'), (form.onBehalf as { filerName?: string }).filerName] as Row]
          : []),
      ],
    ],
  ];
  const section = ([step, rows]: [IntakeStep, Row[]]): TemplateResult => html`<section
    class="review-section"
    part="review-section"
    aria-labelledby="review-${step}"
  >
    <div class="review-head">
      <h4 id="review-${step}">${stepTitle(step)}</h4>
      <button
        type="button"
        class="link"
        aria-label=${view.t('review.change_step', { step: stepTitle(step) })}
        @click=${() => view.send({ type: 'intake.go_to', step })}
      >
        ${view.t('review.change')}
      </button>
    </div>
    <dl>
      ${rows.map(
        ([label, value]) =>
          html`<div class="review-row"><dt>${label}</dt><dd>${value || view.t('review.empty')}</dd></div>`,
      )}
    </dl>
  </section>`;
  return [
    {
      id: 'review',
      fields: [],
      render: () => html`<p class="intro">${view.t('review.intro')}</p>
        ${sections.map(section)}${nothing}`,
    },
  ];
}
