import type { ActorError, ConsultationRequestEvent, ConsultationRequestSnapshot } from '@jiefen/sdk/consultation';
import { selectActionState } from '@jiefen/sdk/consultation';
import { html, nothing, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import type { MessageParams } from '../i18n/localize.js';
import { FIELD_CONTROLS } from '../intake-form/fields/index.js';
import type { ConsultMessageKey } from './i18n/catalogs.js';

type ConsultationView = NonNullable<ConsultationRequestSnapshot['context']['view']>;

/** The consultation's stages a resident sees, in order (cancelled and converted end it early). */
export const STAGES = ['requested', 'assigned', 'scheduled', 'answered', 'closed'] as const;

/** The element's own bits of screen state the tracking view shows and changes. */
export interface TrackingUi {
  confirmingCancel: boolean;
  cancelReason: string;
  ratingScore: number;
  ratingComment: string;
}

/** What the tracking view renders from: strings, the snapshot, and ways to answer. */
export interface TrackingView {
  t: (key: ConsultMessageKey, params?: MessageParams) => string;
  formatTime: (instant: string, withDate?: boolean) => string;
  message: (error: ActorError) => string;
  send: (event: ConsultationRequestEvent) => void;
  ui: TrackingUi;
  setUi: (change: Partial<TrackingUi>) => void;
  focus: (target: 'cancel' | 'tracking') => void;
  lookedUpAt: string | undefined;
}

/**
 * A received consultation as the resident follows it: the stages, what happens now in words, the
 * appointment, the answer, the rating, and the actions the consultation allows now (rate once
 * answered; cancel, after a confirmation, while not answered), each through the outbox.
 */
export function renderTracking(v: TrackingView, snapshot: ConsultationRequestSnapshot): TemplateResult {
  const view = snapshot.context.view!;
  const status = view.status;
  const reached = STAGES.indexOf(status as (typeof STAGES)[number]);
  const ended = status === 'cancelled' || status === 'converted';
  const refreshing = snapshot.matches({ received: 'refreshing' });
  return html`<section class="tracking" part="tracking" aria-labelledby="tracking-heading" data-status=${status}>
    <h3 id="tracking-heading" tabindex="-1">${v.t('tracking.title')}</h3>
    <p>${v.t('tracking.number', { number: view.consultationNumber })}</p>
    ${
      ended
        ? nothing
        : html`<ol class="stages" part="stages" aria-label=${v.t('tracking.progress')}>
            ${STAGES.map((stage, index) => {
              const done = index < reached;
              const current = index === reached;
              return html`<li class=${done ? 'done' : current ? 'current' : 'upcoming'} data-stage=${stage}>
                <span aria-current=${current ? 'step' : nothing}
                  >${v.t(`stage.${stage}`)}${done ? html`<span class="visually-hidden">${v.t('stage.done')}</span>` : nothing}</span
                >
              </li>`;
            })}
          </ol>`
    }
    <p class="now" data-now>${nowText(v, view)}</p>
    ${view.appointment?.place ? html`<p>${v.t('appointment.place', { place: view.appointment.place })}</p>` : nothing}
    ${
      view.answer
        ? html`<div class="answer">
            <h4>${v.t('answer.title')}</h4>
            <p data-answer>${view.answer.summary}</p>
          </div>`
        : nothing
    }
    ${view.rating ? html`<p>${v.t('your_rating', { score: view.rating.score })}</p>` : nothing}
    ${renderAction(v, snapshot)}
    ${view.allowedActions.includes('resident.rate') ? renderRating(v, snapshot) : nothing}
    ${view.allowedActions.includes('resident.cancel') ? renderCancel(v, snapshot) : nothing}
    <div class="actions refresh">
      <button
        type="button"
        class="secondary small"
        ?disabled=${refreshing}
        @click=${() => v.send({ type: 'consultation.refresh' })}
      >
        ${v.t('refresh.button')}
      </button>
      <span class="hint">${v.lookedUpAt ? v.t('refresh.updated', { time: v.formatTime(v.lookedUpAt, false) }) : ''}</span>
    </div>
    ${
      snapshot.context.error && !snapshot.context.action
        ? html`<p class="hint" data-refresh-error>
            ${v.t('refresh.failed', {
              reason: v.message(snapshot.context.error),
            })}
          </p>`
        : nothing
    }
  </section>`;
}

function nowText(v: TrackingView, view: ConsultationView): string {
  switch (view.status) {
    case 'assigned':
      return v.t('now.assigned', { lawyer: view.lawyer ?? '' });
    case 'scheduled':
      return v.t('now.scheduled', {
        when: view.appointment ? v.formatTime(view.appointment.at) : '',
        how: view.appointment ? v.t(`channel.${view.appointment.channel}` as ConsultMessageKey) : '',
      });
    case 'converted':
      return v.t('now.converted', { caseNumber: view.convertedTo ?? '' });
    default:
      return v.t(`now.${view.status}` as ConsultMessageKey);
  }
}

/** Where the resident's latest cancellation or rating stands while the backend has not confirmed it. */
function renderAction(v: TrackingView, snapshot: ConsultationRequestSnapshot) {
  const state = selectActionState(snapshot);
  if (state === 'none') return nothing;
  const error = snapshot.context.error;
  return html`<div class="action-status" role="status" data-action-state=${state}>
    ${
      state === 'saved'
        ? html`${v.t('action.saved')}
            <button type="button" class="secondary small" @click=${() => v.send({ type: 'consultation.retry' })}>
              ${v.t('action.send_now')}
            </button>`
        : state === 'sending'
          ? v.t('action.sending')
          : html`${v.t('action.rejected', {
              reason: error ? v.message(error) : '',
            })}
            <button type="button" class="secondary small" @click=${() => v.send({ type: 'consultation.dismiss_action' })}>
              ${v.t('action.dismiss')}
            </button>`
    }
  </div>`;
}

function renderRating(v: TrackingView, snapshot: ConsultationRequestSnapshot) {
  const busy = snapshot.matches({ received: 'acting' });
  return html`<form
    class="rating"
    part="rating"
    aria-labelledby="rating-title"
    novalidate
    @submit=${(event: Event) => {
      event.preventDefault();
      if (!v.ui.ratingScore || busy) return;
      v.send({
        type: 'consultation.rate',
        score: v.ui.ratingScore,
        ...(v.ui.ratingComment.trim() ? { comment: v.ui.ratingComment.trim() } : {}),
      });
    }}
  >
    <h4 id="rating-title">${v.t('rating.title')}</h4>
    <fieldset class="field" part="field">
      <legend class="label" part="label">${v.t('rating.score')}</legend>
      <div class="choices">
        ${[1, 2, 3, 4, 5].map(
          (score) => html`<label class="choice" part="choice">
            <input
              type="radio"
              name="rating-score"
              id=${score === 1 ? 'rating-score' : nothing}
              value=${score}
              .checked=${live(v.ui.ratingScore === score)}
              @change=${() => v.setUi({ ratingScore: score })}
            /><span>${v.t(`rating.${score}` as ConsultMessageKey)}</span>
          </label>`,
        )}
      </div>
    </fieldset>
    ${note(v, 'rating-comment', v.t('rating.comment'), v.ui.ratingComment, (text) => v.setUi({ ratingComment: text }))}
    <div class="actions">
      <button type="submit" class="primary" ?disabled=${!v.ui.ratingScore || busy}>${v.t('rating.submit')}</button>
    </div>
  </form>`;
}

/** An optional note (a rating's comment, a cancellation's reason): the intake form's long-text control. */
function note(v: TrackingView, id: string, label: string, value: string, set: (text: string) => void) {
  return FIELD_CONTROLS.longText.render({
    id,
    path: id,
    label,
    required: false,
    max: 2000,
    value,
    strings: { optional: v.t('form.optional'), choose: '', yes: '', no: '', town: '', village: '', address: '' },
    onChange: (text) => set(typeof text === 'string' ? text : ''),
  });
}

function renderCancel(v: TrackingView, snapshot: ConsultationRequestSnapshot) {
  const busy = snapshot.matches({ received: 'acting' });
  if (!v.ui.confirmingCancel)
    return html`<div class="actions">
      <button
        type="button"
        class="danger"
        part="cancel-button"
        ?disabled=${busy}
        @click=${() => {
          v.setUi({ confirmingCancel: true });
          v.focus('cancel');
        }}
      >
        ${v.t('cancel.button')}
      </button>
    </div>`;
  return html`<section class="banner cancel-confirm" part="cancel-confirm" role="group" aria-labelledby="cancel-title" aria-describedby="cancel-body">
    <h4 id="cancel-title" tabindex="-1">${v.t('cancel.title')}</h4>
    <p id="cancel-body">${v.t('cancel.body')}</p>
    ${note(v, 'cancel-reason', v.t('cancel.reason'), v.ui.cancelReason, (text) => v.setUi({ cancelReason: text }))}
    <div class="actions">
      <button
        type="button"
        class="danger"
        ?disabled=${busy}
        @click=${() => {
          const reason = v.ui.cancelReason.trim();
          v.setUi({ confirmingCancel: false });
          v.focus('tracking');
          v.send({ type: 'consultation.cancel', ...(reason ? { reason } : {}) });
        }}
      >
        ${v.t('cancel.confirm')}
      </button>
      <button
        type="button"
        class="secondary"
        @click=${() => {
          v.setUi({ confirmingCancel: false });
          v.focus('tracking');
        }}
      >
        ${v.t('cancel.back')}
      </button>
    </div>
  </section>`;
}
