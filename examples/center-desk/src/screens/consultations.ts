import {
  CONSULTATION_EVENTS,
  CONSULTATION_STATUSES,
  type ConsultationCommand,
  type ConsultationEventType,
  type ConsultationSummary,
  pickText,
  type StaffConsultationDetail,
} from '@jiefen/core';
import type { StaffOperations } from '@jiefen/sdk/staff';
import { html, nothing } from 'lit';
import { createActor } from 'xstate';
import { DeskElement } from '../desk-element.js';
import type { DeskSignedIn } from '../state/desk-session.js';
import { liveListMachine } from '../state/live-list.js';
import { ScreenActorController } from '../state/screen-actor.js';
import { RecordScreen } from './record-screen.js';

const isConsultationEvent = (type: string): type is ConsultationEventType => Object.hasOwn(CONSULTATION_EVENTS, type);

/** `<jf-desk-consultations>`: the legal-consultation queue (法律咨询) by status. */
export class JfDeskConsultations extends DeskElement {
  static override properties = {
    signedIn: { attribute: false },
    pollMs: { type: Number, attribute: 'poll-ms' },
  };

  declare signedIn: DeskSignedIn | undefined;
  declare pollMs: number;
  readonly #list = new ScreenActorController(this, () => {
    const signedIn = this.signedIn;
    if (!signedIn) return undefined;
    return createActor(liveListMachine<ConsultationSummary, { status?: string }>(), {
      input: {
        load: async (filters, signal) => (await signedIn.staff.listConsultations(filters, { signal })).items,
        filters: {},
        pollMs: this.pollMs,
      },
    });
  });

  constructor() {
    super();
    this.pollMs = 5000;
  }

  override render() {
    const signedIn = this.signedIn;
    const list = this.#list.current;
    if (!this.localize.ready || !signedIn || !list) return nothing;
    const { items, error, filters } = list.snapshot.context;
    return html`<h1 tabindex="-1" data-screen-title>${this.t('consultations.title')}</h1>
      <p>
        <label for="status">${this.t('consultations.status')}</label>
        <select id="status" @change=${(e: Event) => {
          const status = (e.target as HTMLSelectElement).value;
          this.#list.current?.send({ type: 'list.filter', filters: status ? { status } : {} });
        }}>
          <option value="">${this.t('filter.any')}</option>
          ${CONSULTATION_STATUSES.map(
            (s) => html`<option value=${s} ?selected=${filters.status === s}>${this.named('status', s)}</option>`,
          )}
        </select>
      </p>
      ${error ? html`<p class="error" role="alert">${this.errorText(error)}</p>` : nothing}
      ${
        items.length === 0
          ? html`<p>${this.t('consultations.empty')}</p>`
          : html`<table aria-label=${this.t('consultations.title')}>
            <thead>
              <tr>
                <th scope="col">${this.t('consultations.col.number')}</th>
                <th scope="col">${this.t('consultation.topic')}</th>
                <th scope="col">${this.t('consultations.status')}</th>
                <th scope="col">${this.t('consultations.col.requested')}</th>
                <th scope="col">${this.t('consultations.col.lawyer')}</th>
                <th scope="col">${this.t('consultations.col.appointment')}</th>
              </tr>
            </thead>
            <tbody>
              ${items.map((c) => {
                const topic = signedIn.config.consultationTopics?.find((t) => t.id === c.topicId);
                return html`<tr data-consultation=${c.consultationNumber}>
                  <td><a href=${`#/consultation/${encodeURIComponent(c.consultationNumber)}`}>${c.consultationNumber}</a></td>
                  <td>${topic ? pickText(topic.name, this.uiLocale) : c.topicId}</td>
                  <td>${this.named('status', c.status)}</td>
                  <td>${this.formatInstant(c.requestedAt)}</td>
                  <td>${c.lawyer ?? ''}</td>
                  <td>${this.formatInstant(c.appointmentAt)}</td>
                </tr>`;
              })}
            </tbody>
          </table>`
      }`;
  }
}

/** `<jf-desk-consultation>`: one consultation with the forms of what its status allows (assign, schedule, answer…). */
export class JfDeskConsultation extends RecordScreen<StaffConsultationDetail, ConsultationCommand> {
  static override properties = { number: {} };
  declare number: string;

  constructor() {
    super();
    this.number = '';
  }

  protected get recordNumber() {
    return this.number;
  }
  protected loadRecord(staff: StaffOperations, number: string, signal: AbortSignal) {
    return staff.getConsultation(number, { signal });
  }
  protected sendCommand(staff: StaffOperations, number: string, command: ConsultationCommand) {
    return staff.transitionConsultation(number, command);
  }
  protected payloadOf(type: string) {
    return isConsultationEvent(type) ? CONSULTATION_EVENTS[type].payload : undefined;
  }

  override render() {
    const signedIn = this.signedIn;
    const record = this.record.current;
    if (!this.localize.ready || !signedIn || !record) return nothing;
    const { record: detail, loadError } = record.snapshot.context;
    const heading = html`<p><a href="#/consultations">${this.t('consultations.title')}</a></p>
      <h1 tabindex="-1" data-screen-title>${this.t('consultation.title', { number: this.number })}</h1>`;
    if (!detail)
      return html`${heading}${loadError ? html`<p class="error" role="alert">${this.errorText(loadError)}</p>` : html`<p>${this.t('desk.loading')}</p>`}`;
    const c = detail.consultation;
    const topic = signedIn.config.consultationTopics?.find((t) => t.id === c.request.topicId);
    return html`${heading}
      <p>${this.t('consultations.status')}: <strong data-status=${c.status}>${this.named('status', c.status)}</strong></p>
      ${this.sentMessage()}
      ${this.actionPanel()}
      <section class="card" aria-labelledby="c-request">
        <h2 id="c-request">${this.t('consultation.question')}</h2>
        <dl>
          <dt>${this.t('consultation.topic')}</dt>
          <dd>${topic ? pickText(topic.name, this.uiLocale) : c.request.topicId}</dd>
          <dt>${this.t('consultation.question')}</dt>
          <dd>${c.request.question}</dd>
          <dt>${this.t('consultation.preferred')}</dt>
          <dd>${this.named('choice', c.request.channel)}</dd>
          ${c.assignment ? html`<dt>${this.t('consultations.col.lawyer')}</dt><dd>${c.assignment.lawyer}</dd>` : nothing}
          ${
            c.appointment
              ? html`<dt>${this.t('consultations.col.appointment')}</dt><dd>${this.formatInstant(c.appointment.at)} · ${this.named('choice', c.appointment.channel)}</dd>`
              : nothing
          }
          ${c.answer ? html`<dt>${this.named('action', 'consultation.answer')}</dt><dd>${c.answer.summary}</dd>` : nothing}
        </dl>
      </section>
      <section class="card" aria-labelledby="c-timeline">
        <h2 id="c-timeline">${this.t('case.timeline')}</h2>
        <ol>
          ${detail.timeline.map(
            (
              entry,
            ) => html`<li><span class="muted">${this.formatInstant(entry.at)}</span> · ${this.named('action', entry.type)}
              <span class="muted">(${this.named('choice', entry.actor.role)})</span></li>`,
          )}
        </ol>
      </section>`;
  }
}
