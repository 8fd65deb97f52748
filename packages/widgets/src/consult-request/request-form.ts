import type { TenantConfig } from '@jiefen/core';
import { type Locale, pickText } from '@jiefen/core/forms';
import {
  type ActorError,
  type ConsultationRequestEvent,
  type ConsultationRequestSnapshot,
  selectConsultationFieldErrors,
} from '@jiefen/sdk/consultation';
import { html, nothing, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import type { MessageParams } from '../i18n/localize.js';
// The intake form's field controls (one label/hint/error pattern, one test suite), shared, not copied.
import { FIELD_CONTROLS, FILING_CONTROLS, type FieldProps, type FieldStrings } from '../intake-form/fields/index.js';
import { idFor, placeOptions, valueAt } from '../intake-form/steps/view.js';
import type { ConsultMessageKey } from './i18n/catalogs.js';

const CHANNELS = ['phone', 'video', 'in_person'] as const;
const MAX_TIMES = 3;

/** What the request form renders from: strings, the snapshot, ways to answer, and the element's own boxes. */
export interface RequestFormView {
  t: (key: ConsultMessageKey, params?: MessageParams) => string;
  locale: Locale;
  message: (error: ActorError) => string;
  send: (event: ConsultationRequestEvent) => void;
  /** Submit (the element then moves focus to the problems, if the check finds any). */
  submit: () => void;
  /** Move focus to the element with this id after the next render. */
  focus: (id: string) => void;
  discard: TemplateResult | typeof nothing;
  handover: TemplateResult | typeof nothing;
}

/**
 * The request: topic, question, channel, preferred time windows, place, name and phone, with the
 * problems the core's check found listed at the top and marked on each field.
 */
function strings(v: RequestFormView): FieldStrings {
  return { optional: v.t('form.optional'), choose: '—', yes: '', no: '', town: '', village: '', address: '' };
}

function field(
  v: RequestFormView,
  snapshot: ConsultationRequestSnapshot,
  kind: keyof typeof FIELD_CONTROLS | keyof typeof FILING_CONTROLS,
  path: string,
  props: Partial<FieldProps<unknown>> & { label: string },
): TemplateResult {
  const errors = selectConsultationFieldErrors(snapshot);
  const control =
    (FIELD_CONTROLS as Record<string, (typeof FIELD_CONTROLS)['text']>)[kind] ?? FILING_CONTROLS[kind as 'dateTime'];
  return control.render({
    required: true,
    ...props,
    id: idFor(path),
    path,
    value: valueAt(snapshot.context.form, path),
    error: errors[path] ?? Object.entries(errors).find(([p]) => p.startsWith(`${path}.`))?.[1],
    strings: strings(v),
    onChange: (value) => v.send({ type: 'consultation.set', path, value }),
  });
}

/** The form's questions in display order: labels for the error summary, which links to each control. */
function questions(v: RequestFormView, config: TenantConfig): Array<{ path: string; label: string }> {
  return [
    ...(config.consultationTopics.length ? [{ path: 'topicId', label: v.t('field.topic') }] : []),
    { path: 'question', label: v.t('field.question') },
    { path: 'channel', label: v.t('field.channel') },
    { path: 'preferredTimes', label: v.t('field.times') },
    { path: 'placeId', label: v.t('field.place') },
    { path: 'name', label: v.t('field.name') },
    { path: 'phone', label: v.t('field.phone') },
  ];
}

function renderErrorSummary(v: RequestFormView, snapshot: ConsultationRequestSnapshot) {
  const errors = selectConsultationFieldErrors(snapshot);
  const paths = Object.keys(errors);
  const rejection = snapshot.context.error;
  if (!paths.length && !rejection) return nothing;
  const listed = questions(v, snapshot.context.config!);
  const entries = paths
    .map((path) => {
      const index = listed.findIndex((q) => path === q.path || path.startsWith(`${q.path}.`));
      const question = listed[index];
      // A window's own problem goes to its first input; a whole-field problem to the field's control.
      const target = path.startsWith('preferredTimes.')
        ? `${path.split('.').slice(0, 2).join('.')}.from`
        : (question?.path ?? path);
      return {
        path,
        target,
        label: question?.label,
        message: errors[path]!,
        index: index < 0 ? listed.length : index,
      };
    })
    .sort((a, b) => a.index - b.index);
  return html`<div class="error-summary" part="error-summary" id="error-summary" role="alert" tabindex="-1" aria-labelledby="error-summary-title">
    <h3 id="error-summary-title">${v.t('errors.title')}</h3>
    ${rejection ? html`<p>${v.message(rejection)}</p>` : nothing}
    ${
      entries.length
        ? html`<ul>
          ${entries.map(
            (entry) => html`<li>
              <a
                href="#${idFor(entry.target)}"
                @click=${(event: Event) => {
                  event.preventDefault();
                  v.focus(idFor(entry.target));
                }}
                >${entry.label ? `${entry.label}：` : ''}${entry.message}</a
              >
            </li>`,
          )}
        </ul>`
        : nothing
    }
  </div>`;
}

export function renderRequestForm(v: RequestFormView, snapshot: ConsultationRequestSnapshot): TemplateResult {
  const config = snapshot.context.config!;
  const locale = v.locale;
  const checking = snapshot.matches({ editing: 'checking' });
  const topics = config.consultationTopics;
  return html`
    <p class="intro">${v.t('form.intro')}</p>
    ${renderErrorSummary(v, snapshot)}
    <form
      novalidate
      class="step"
      part="form"
      aria-labelledby="form-heading"
      @submit=${(event: Event) => {
        event.preventDefault();
        if (checking) return;
        v.submit();
      }}
    >
      <h3 id="form-heading" tabindex="-1">${v.t('form.heading')}</h3>
      ${
        topics.length
          ? field(v, snapshot, 'singleChoice', 'topicId', {
              label: v.t('field.topic'),
              hint: v.t('field.topic.hint'),
              options: topics.map((t) => ({ value: t.id, label: pickText(t.name, locale) })),
            })
          : nothing
      }
      ${field(v, snapshot, 'longText', 'question', {
        label: v.t('field.question'),
        hint: v.t('field.question.hint'),
        max: 3000,
      })}
      ${field(v, snapshot, 'singleChoice', 'channel', {
        label: v.t('field.channel'),
        options: CHANNELS.map((c) => ({ value: c, label: v.t(`channel.${c}`) })),
      })}
      ${renderTimes(v, snapshot)} ${renderPlace(v, snapshot, config)}
      ${field(v, snapshot, 'text', 'name', { label: v.t('field.name'), autocomplete: 'name', max: 100 })}
      ${field(v, snapshot, 'text', 'phone', {
        label: v.t('field.phone'),
        hint: v.t('field.phone.hint'),
        inputMode: 'tel',
        autocomplete: 'tel',
      })}
      <div class="actions" part="actions">
        <button type="submit" class="primary" part="submit-button" ?disabled=${checking}>${v.t('form.submit')}</button>
      </div>
      ${v.discard}
    </form>
    ${v.handover}
  `;
}

function renderTimes(v: RequestFormView, snapshot: ConsultationRequestSnapshot) {
  const times = snapshot.context.form.preferredTimes ?? [];
  const errors = selectConsultationFieldErrors(snapshot);
  const fieldError = errors.preferredTimes;
  const setTimes = (next: typeof times, focus?: string) => {
    v.send({ type: 'consultation.set', path: 'preferredTimes', value: next });
    if (focus) v.focus(focus);
  };
  return html`<fieldset class="field${fieldError ? ' invalid' : ''}" part="field" data-path="preferredTimes" aria-describedby="f-preferredTimes-hint">
    <legend class="label" part="label">${v.t('field.times')} <span class="marker">${v.t('form.optional')}</span></legend>
    <p class="hint" part="hint" id="f-preferredTimes-hint">${v.t('field.times.hint')}</p>
    ${fieldError ? html`<p class="error" part="error">${fieldError}</p>` : nothing}
    ${times.map(
      (_, index) => html`<div class="time-window" data-window=${index}>
        ${field(v, snapshot, 'dateTime', `preferredTimes.${index}.from`, {
          label: v.t('field.time_from', { n: index + 1 }),
        })}
        ${field(v, snapshot, 'dateTime', `preferredTimes.${index}.to`, {
          label: v.t('field.time_to', { n: index + 1 }),
        })}
        ${
          errors[`preferredTimes.${index}`]
            ? html`<p class="error" part="error">${errors[`preferredTimes.${index}`]}</p>`
            : nothing
        }
        <button
          type="button"
          class="link"
          @click=${() =>
            setTimes(
              times.filter((__, i) => i !== index),
              times.length > 1 ? undefined : 'add-time',
            )}
        >
          ${v.t('times.remove', { n: index + 1 })}
        </button>
      </div>`,
    )}
    ${
      times.length < MAX_TIMES
        ? html`<button
            type="button"
            class="secondary"
            id="add-time"
            @click=${() => setTimes([...times, { from: '', to: '' }], idFor(`preferredTimes.${times.length}.from`))}
          >
            ${v.t('times.add')}
          </button>`
        : nothing
    }
  </fieldset>`;
}

function renderPlace(v: RequestFormView, snapshot: ConsultationRequestSnapshot, config: TenantConfig) {
  const towns = placeOptions(config, v.locale);
  if (!towns.length) return nothing;
  const value = snapshot.context.form.placeId;
  const error = selectConsultationFieldErrors(snapshot).placeId;
  return html`<div class="field${error ? ' invalid' : ''}" part="field" data-path="placeId">
    <label class="label" part="label" for="f-placeId"
      >${v.t('field.place')} <span class="marker">${v.t('form.optional')}</span></label
    >
    <p class="hint" part="hint" id="f-placeId-hint">${v.t('field.place.hint')}</p>
    ${error ? html`<p class="error" part="error" id="f-placeId-error">${error}</p>` : nothing}
    <select
      id="f-placeId"
      part="input"
      aria-describedby="f-placeId-hint${error ? ' f-placeId-error' : ''}"
      @change=${(e: Event) => {
        const id = (e.target as HTMLSelectElement).value;
        v.send({ type: 'consultation.set', path: 'placeId', value: id || undefined });
      }}
    >
      <option value="" ?selected=${!value}>${v.t('field.place.none')}</option>
      ${towns.map(
        (town) => html`<optgroup label=${town.label}>
          <option value=${town.id} .selected=${live(value === town.id)}>${town.label}</option>
          ${(town.children ?? []).map(
            (village) =>
              html`<option value=${village.id} .selected=${live(value === village.id)}>${village.label}</option>`,
          )}
        </optgroup>`,
      )}
    </select>
  </div>`;
}
