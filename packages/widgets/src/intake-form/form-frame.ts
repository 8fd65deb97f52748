import type { IntakeStep, IntakeStepStatus } from '@jiefen/sdk/intake';
import { html, nothing, type TemplateResult } from 'lit';
import type { MessageParams } from '../i18n/localize.js';
import type { IntakeMessageKey } from './i18n/catalogs.js';

// The form's frame around a step (header, progress, the step's <form>, "clear the form"), as plain
// functions of data. Two renderers draw it: the element (intake-form.ts) from the actor's snapshot,
// and the first screen (first-screen/first-screen.ts) before the actor's code has arrived. One
// markup for both, so the hand-over changes no pixel and no string. Type-only imports from the SDK:
// nothing here may pull the actor into the first screen's chunk.

type Translate = (key: IntakeMessageKey, params?: MessageParams) => string;

export interface HeaderView {
  t: Translate;
  /** Show the quick-exit button (and its hint). */
  quickExit: boolean;
  elder: boolean;
  exit: () => void;
  toggleElder: () => void;
  /** `data-state` of the status line (`selectSubmissionState`, or `loading`). */
  status: string;
  statusText: TemplateResult | string | typeof nothing;
}

export function renderFormHeader(view: HeaderView): TemplateResult {
  const { t } = view;
  return html`<header part="header" class="header">
    <div class="title-row">
      <h2 class="title">${t('form.title')}</h2>
      <div class="toolbar">
        ${
          view.quickExit
            ? html`<button type="button" class="exit" part="quick-exit" aria-describedby="quick-exit-hint" @click=${view.exit}>
                ${t('quick_exit.button')}
              </button>`
            : nothing
        }
        <button
          type="button"
          class="secondary toggle"
          part="elder-toggle"
          aria-pressed=${view.elder ? 'true' : 'false'}
          @click=${view.toggleElder}
        >
          ${t('form.elder_mode')}
        </button>
      </div>
    </div>
    ${view.quickExit ? html`<p class="hint" id="quick-exit-hint">${t('quick_exit.hint')}</p>` : nothing}
    <p class="status" part="status" role="status" data-state=${view.status}>${view.statusText}</p>
  </header>`;
}

/** The list of steps; a reachable step other than the current one is a button. */
export function renderProgress(
  t: Translate,
  statuses: readonly IntakeStepStatus[],
  goTo: (step: IntakeStep) => void,
): TemplateResult {
  const title = (step: IntakeStep) => t(`step.${step}` as IntakeMessageKey);
  return html`<nav part="progress" class="progress" aria-label=${t('form.progress')}>
    <ol>
      ${statuses.map(
        ({ step, status, reachable }) => html`<li class=${status} data-step=${step}>
          ${
            reachable && status !== 'current'
              ? html`<button type="button" class="link" @click=${() => goTo(step)}>${title(step)}</button>`
              : html`<span aria-current=${status === 'current' ? 'step' : nothing}>${title(step)}</span>`
          }
        </li>`,
      )}
    </ol>
  </nav>`;
}

export interface StepFormView {
  t: Translate;
  heading: string;
  /** The "step 2 of 6" line (with "question 1 of 7" in elder mode). */
  count: TemplateResult | string;
  body: unknown;
  /** Back is offered (not on the first question of the first step). */
  back: boolean;
  /** The review step: the button submits. */
  last: boolean;
  /** Sending, or the step's code has not arrived: buttons are disabled. */
  busy: boolean;
  next: () => void;
  goBack: () => void;
  discard: TemplateResult | typeof nothing;
}

/** One step as a `<form>`: Enter in a text field goes on, like Next. */
export function renderStepForm(view: StepFormView): TemplateResult {
  const { t, busy } = view;
  return html`<form
    novalidate
    class="step"
    part="step"
    aria-labelledby="step-heading"
    @submit=${(event: Event) => {
      event.preventDefault();
      if (!busy) view.next();
    }}
  >
    <h3 id="step-heading" part="step-heading" tabindex="-1">${view.heading}</h3>
    <p class="step-count">${view.count}</p>
    ${view.body}
    <div class="actions" part="actions">
      ${
        view.back
          ? html`<button type="button" class="secondary" part="back-button" ?disabled=${busy} @click=${view.goBack}>
              ${t('form.back')}
            </button>`
          : nothing
      }
      ${
        view.last
          ? html`<button type="submit" class="primary" part="submit-button" ?disabled=${busy}>${t('form.submit')}</button>`
          : html`<button type="submit" class="primary" part="next-button" ?disabled=${busy}>${t('form.next')}</button>`
      }
    </div>
    ${view.discard}
  </form>`;
}

/** "Clear the form", behind a confirmation. */
export function renderDiscard(
  t: Translate,
  confirming: boolean,
  actions: { ask: () => void; confirm: () => void; cancel: () => void },
): TemplateResult {
  return confirming
    ? html`<div class="discard" role="group" aria-labelledby="discard-question">
        <p id="discard-question">${t('form.discard_confirm')}</p>
        <button type="button" class="danger" @click=${actions.confirm}>${t('form.discard')}</button>
        <button type="button" class="secondary" @click=${actions.cancel}>${t('form.back')}</button>
      </div>`
    : html`<div class="discard">
        <button type="button" class="link" @click=${actions.ask}>${t('form.discard')}</button>
      </div>`;
}
