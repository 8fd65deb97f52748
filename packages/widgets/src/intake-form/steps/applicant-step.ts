import { html, nothing } from 'lit';
import { live } from 'lit/directives/live.js';
import { field, type Question, type StepView } from './view.js';

/** Where the separate consent to sensitive personal information is kept in the filing. */
export const SENSITIVE_CONSENT_PATH = 'privacy.sensitiveDataConsent';

/** You: name, mobile, how to be contacted, privacy choices, sensitive-data consent, filing for someone. */
export function applicantQuestions(view: StepView): Question[] {
  const onBehalf = view.form.onBehalf !== undefined;
  const nameLabel = view.t(onBehalf ? 'applicant.name.on_behalf' : 'applicant.name');
  const choice = (path: string, labelKey: Parameters<StepView['t']>[0], values: string[]) =>
    field(view, 'singleChoice', path, {
      label: view.t(labelKey),
      options: values.map((value) => ({
        value,
        label: view.t(`${labelKey}.${value}` as Parameters<StepView['t']>[0]),
      })),
    });
  const questions: Question[] = [
    {
      id: 'applicant.name',
      fields: [{ path: 'applicant.name', label: nameLabel }],
      render: () => html`
        <p class="intro">${view.t(onBehalf ? 'applicant.intro.on_behalf' : 'applicant.intro')}</p>
        ${field(view, 'text', 'applicant.name', { label: nameLabel, autocomplete: onBehalf ? 'off' : 'name', max: 100 })}
      `,
    },
    {
      id: 'applicant.phone',
      fields: [{ path: 'applicant.phone', label: view.t('applicant.phone') }],
      render: () =>
        field(view, 'text', 'applicant.phone', {
          label: view.t('applicant.phone'),
          hint: view.t('applicant.phone.hint'),
          inputMode: 'tel',
          autocomplete: onBehalf ? 'off' : 'tel',
        }),
    },
    {
      id: 'privacy.contactBy',
      fields: [{ path: 'privacy.contactBy', label: view.t('applicant.contact_by') }],
      render: () => choice('privacy.contactBy', 'applicant.contact_by', ['phone', 'sms', 'any']),
    },
    {
      id: 'privacy',
      fields: [
        { path: 'privacy.otherPartySees', label: view.t('privacy.other_party_sees') },
        { path: 'privacy.publicSummary', label: view.t('privacy.public_summary') },
      ],
      render: () => html`
        <h4 class="group-title">${view.t('privacy.title')}</h4>
        ${choice('privacy.otherPartySees', 'privacy.other_party_sees', ['nothing', 'summary', 'full'])}
        ${field(view, 'checkbox', 'privacy.publicSummary', { label: view.t('privacy.public_summary'), required: false })}
      `,
    },
    {
      id: SENSITIVE_CONSENT_PATH,
      fields: [{ path: SENSITIVE_CONSENT_PATH, label: view.t('consent.sensitive') }],
      render: () =>
        field(view, 'checkbox', SENSITIVE_CONSENT_PATH, {
          label: view.t('consent.sensitive'),
          hint: view.t('consent.sensitive.hint'),
        }),
    },
    {
      id: 'onBehalf',
      fields: onBehalf
        ? [
            { path: 'onBehalf.filerRole', label: view.t('on_behalf.role') },
            { path: 'onBehalf.filerName', label: view.t('on_behalf.filer_name') },
            { path: 'onBehalf.filerPhone', label: view.t('on_behalf.filer_phone') },
            { path: 'onBehalf.consent.method', label: view.t('on_behalf.consent_method') },
            { path: 'onBehalf.consent.recordedAt', label: view.t('on_behalf.consent_recorded_at') },
            { path: 'onBehalf.consent.reference', label: view.t('on_behalf.consent_reference') },
          ]
        : [],
      render: () => html`
        <div class="field" part="field">
          <label class="choice" part="choice">
            <input
              type="checkbox"
              id="f-onBehalf"
              .checked=${live(onBehalf)}
              @change=${(e: Event) => view.set('onBehalf', (e.target as HTMLInputElement).checked ? {} : undefined)}
            /><span>${view.t('on_behalf.toggle')}</span>
          </label>
        </div>
        ${
          onBehalf
            ? html`<fieldset class="group" part="on-behalf">
              <legend class="group-title">${view.t('on_behalf.title')}</legend>
              ${choice('onBehalf.filerRole', 'on_behalf.role', ['grid_worker', 'relative', 'other'])}
              ${field(view, 'text', 'onBehalf.filerName', { label: view.t('on_behalf.filer_name'), autocomplete: 'name', max: 100 })}
              ${field(view, 'text', 'onBehalf.filerPhone', {
                label: view.t('on_behalf.filer_phone'),
                required: false,
                inputMode: 'tel',
                autocomplete: 'tel',
              })}
              ${choice('onBehalf.consent.method', 'on_behalf.consent_method', ['signed_form', 'recorded_verbal', 'in_person'])}
              ${field(view, 'dateTime', 'onBehalf.consent.recordedAt', { label: view.t('on_behalf.consent_recorded_at') })}
              ${field(view, 'text', 'onBehalf.consent.reference', {
                label: view.t('on_behalf.consent_reference'),
                hint: view.t('on_behalf.consent_reference.hint'),
                max: 200,
              })}
            </fieldset>`
            : nothing
        }
      `,
    },
  ];
  return questions;
}
