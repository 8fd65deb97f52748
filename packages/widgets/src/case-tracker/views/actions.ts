import type { ResidentCaseView } from '@jiefen/core';
import type { CaseTrackerAction, CaseTrackerActionKind } from '@jiefen/sdk/tracker';
import { html, nothing, type TemplateResult } from 'lit';
import type { TrackerView } from './view.js';

/** What the actions panel needs from the element: the offer, the errors, and a way to act. */
export interface ActionsView extends TrackerView {
  caseView: ResidentCaseView;
  /** The actions the case accepts now (from the view, via `selectTrackerActions`). */
  offered: CaseTrackerActionKind[];
  /** Field errors of a refused action, by path (`message`, `score`, `reason`). */
  errors: Record<string, string>;
  /** A label for a requested field (a category field's label, or a filing path). */
  fieldLabel: (field: string) => string;
  confirmingWithdraw: boolean;
  setConfirmingWithdraw: (on: boolean) => void;
  send: (action: CaseTrackerAction) => void;
}

const id = (action: CaseTrackerActionKind, field: string) => `act-${action}-${field}`;

/** A text control with its label and, when refused, its error (linked by `aria-describedby`). */
function textField(
  view: ActionsView,
  action: CaseTrackerActionKind,
  name: string,
  label: string,
  options: { multiline?: boolean; required?: boolean } = {},
) {
  const error = view.errors[name];
  const controlId = id(action, name);
  const describedBy = error ? `${controlId}-error` : undefined;
  return html`<div class="field${error ? ' invalid' : ''}" part="field">
    <label for=${controlId} part="label">${label}</label>
    ${
      options.multiline
        ? html`<textarea
            id=${controlId}
            name=${name}
            rows="3"
            part="input"
            ?required=${options.required ?? false}
            aria-invalid=${error ? 'true' : 'false'}
            aria-describedby=${describedBy ?? nothing}
          ></textarea>`
        : html`<input
            id=${controlId}
            name=${name}
            type="text"
            part="input"
            aria-invalid=${error ? 'true' : 'false'}
            aria-describedby=${describedBy ?? nothing}
          />`
    }
    ${error ? html`<p class="error" part="error" id=${describedBy}>${error}</p>` : nothing}
  </div>`;
}

function fileField(action: CaseTrackerActionKind, label: string) {
  const controlId = id(action, 'files');
  return html`<div class="field" part="field">
    <label for=${controlId} part="label">${label}</label>
    <input id=${controlId} name="files" type="file" multiple part="input" />
  </div>`;
}

const filesOf = (data: FormData) =>
  data
    .getAll('files')
    .filter((f): f is File => f instanceof File && f.size > 0)
    .map((file) => ({ blob: file, name: file.name }));

const textOf = (data: FormData, name: string) => {
  const value = data.get(name);
  return typeof value === 'string' ? value.trim() : '';
};

/** Submit handler: the form's values become one tracker action. */
const onSubmit = (view: ActionsView, build: (data: FormData) => CaseTrackerAction) => (event: Event) => {
  event.preventDefault();
  view.send(build(new FormData(event.target as HTMLFormElement)));
};

function supplyInformation(view: ActionsView): TemplateResult {
  const request = view.caseView.informationRequest;
  const fields = request?.fields ?? [];
  const asked = fields.filter((f) => f !== 'attachments');
  return html`<form class="action" part="action" data-action="supply_information" novalidate
    @submit=${onSubmit(view, (data) => {
      const answers = Object.fromEntries(
        asked.map((f) => [f, textOf(data, `answer.${f}`)] as const).filter(([, value]) => value !== ''),
      );
      const files = filesOf(data);
      return {
        type: 'tracker.supply_information',
        message: textOf(data, 'message'),
        ...(Object.keys(answers).length ? { answers } : {}),
        ...(files.length ? { files } : {}),
      };
    })}
  >
    <h5>${view.t('action.supply_information')}</h5>
    ${request ? html`<p class="request">${view.t('timeline.message', { message: request.message })}</p>` : nothing}
    ${
      fields.length
        ? html`<p>${view.t('action.supply_information.intro')}</p>
            <ul class="requested">${fields.map((f) => html`<li>${view.fieldLabel(f)}</li>`)}</ul>`
        : nothing
    }
    ${asked.map((f) => textField(view, 'supply_information', `answer.${f}`, view.fieldLabel(f)))}
    ${fields.includes('attachments') ? fileField('supply_information', view.t('action.supply_information.files')) : nothing}
    ${textField(view, 'supply_information', 'message', view.t('action.supply_information.message'), { multiline: true, required: true })}
    <button type="submit" class="primary">${view.t('action.supply_information.submit')}</button>
  </form>`;
}

function addEvidence(view: ActionsView): TemplateResult {
  return html`<form class="action" part="action" data-action="add_evidence" novalidate
    @submit=${onSubmit(view, (data) => ({ type: 'tracker.add_evidence', files: filesOf(data) }))}
  >
    <h5>${view.t('action.add_evidence')}</h5>
    ${fileField('add_evidence', view.t('action.add_evidence.files'))}
    <button type="submit" class="primary">${view.t('action.add_evidence.submit')}</button>
  </form>`;
}

function rate(view: ActionsView): TemplateResult {
  const error = view.errors.score;
  return html`<form class="action" part="action" data-action="rate" novalidate
    @submit=${onSubmit(view, (data) => {
      const comment = textOf(data, 'comment');
      return { type: 'tracker.rate', score: Number(data.get('score') ?? 0), ...(comment ? { comment } : {}) };
    })}
  >
    <h5>${view.t('action.rate')}</h5>
    <fieldset class="scores" aria-describedby=${error ? 'act-rate-score-error' : nothing}>
      <legend part="label">${view.t('action.rate.score')}</legend>
      ${[5, 4, 3, 2, 1].map(
        (score) => html`<label class="choice" part="choice">
          <input type="radio" name="score" value=${score} />
          ${view.t('action.rate.option', { score })}
        </label>`,
      )}
    </fieldset>
    ${error ? html`<p class="error" part="error" id="act-rate-score-error">${error}</p>` : nothing}
    ${textField(view, 'rate', 'comment', view.t('action.rate.comment'), { multiline: true })}
    <button type="submit" class="primary">${view.t('action.rate.submit')}</button>
  </form>`;
}

function requestReopen(view: ActionsView): TemplateResult {
  return html`<form class="action" part="action" data-action="request_reopen" novalidate
    @submit=${onSubmit(view, (data) => ({ type: 'tracker.request_reopen', reason: textOf(data, 'reason') }))}
  >
    <h5>${view.t('action.request_reopen')}</h5>
    ${textField(view, 'request_reopen', 'reason', view.t('action.request_reopen.reason'), { multiline: true, required: true })}
    <button type="submit" class="secondary">${view.t('action.request_reopen.submit')}</button>
  </form>`;
}

/** Withdrawal asks first, and says what it means: handling stops for good. */
function withdraw(view: ActionsView): TemplateResult {
  if (!view.confirmingWithdraw)
    return html`<div class="action" part="action" data-action="withdraw">
      <h5>${view.t('action.withdraw')}</h5>
      <button type="button" class="secondary" id="withdraw-start" @click=${() => view.setConfirmingWithdraw(true)}>
        ${view.t('action.withdraw')}
      </button>
    </div>`;
  return html`<form class="action confirm" part="action withdraw-confirmation" data-action="withdraw" novalidate
    role="group" aria-labelledby="withdraw-heading" aria-describedby="withdraw-explain"
    @submit=${onSubmit(view, (data) => {
      const reason = textOf(data, 'reason');
      return { type: 'tracker.withdraw', ...(reason ? { reason } : {}) };
    })}
  >
    <h5 id="withdraw-heading" tabindex="-1">${view.t('action.withdraw')}</h5>
    <p id="withdraw-explain" class="warning">${view.t('action.withdraw.explain')}</p>
    ${textField(view, 'withdraw', 'reason', view.t('action.withdraw.reason'), { multiline: true })}
    <div class="buttons">
      <button type="submit" class="danger" id="withdraw-confirm">${view.t('action.withdraw.confirm')}</button>
      <button type="button" class="secondary" @click=${() => view.setConfirmingWithdraw(false)}>
        ${view.t('action.withdraw.cancel')}
      </button>
    </div>
  </form>`;
}

const RENDER: Record<CaseTrackerActionKind, (view: ActionsView) => TemplateResult> = {
  supply_information: supplyInformation,
  add_evidence: addEvidence,
  rate,
  request_reopen: requestReopen,
  withdraw,
};

/** Only the actions the case accepts now; nothing at all when it accepts none. */
export function renderActions(view: ActionsView): TemplateResult | typeof nothing {
  if (!view.offered.length) return nothing;
  return html`<section part="actions" class="actions" aria-labelledby="actions-heading">
    <h4 id="actions-heading">${view.t('actions.title')}</h4>
    ${view.offered.map((kind) => RENDER[kind](view))}
  </section>`;
}
