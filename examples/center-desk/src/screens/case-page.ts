import {
  CASE_EVENTS,
  type CaseCommand,
  departmentPhase,
  findOrgUnit,
  isCaseEventType,
  pickText,
  type StaffCaseDetail,
} from '@jiefen/core';
import type { StaffOperations } from '@jiefen/sdk/staff';
import { html, nothing } from 'lit';
import { RecordScreen } from './record-screen.js';

const MINUTE = 60_000;

/** Hours and minutes between now and a deadline, for the countdown (negative once it has passed). */
export function remaining(dueBy: string, now: number): { past: boolean; hours: number; minutes: number } {
  const ms = Date.parse(dueBy) - now;
  const total = Math.floor(Math.abs(ms) / MINUTE);
  return { past: ms < 0, hours: Math.floor(total / 60), minutes: total % 60 };
}

/**
 * `<jf-desk-case>`: one case as staff see it: the resident's filing, each department's deadline
 * counting down, the whole timeline, and a form for every action the server says the current state
 * allows this member (`allowedEvents`), generated from the core's event catalog. Supervisors can
 * recompute the case's hash chain.
 */
export class JfDeskCase extends RecordScreen<StaffCaseDetail, CaseCommand> {
  static override properties = {
    caseNumber: { attribute: 'case-number' },
    verification: { state: true },
    now: { state: true },
  };

  declare caseNumber: string;
  declare verification: { valid: boolean; length: number; brokenAt?: number } | { error: string } | undefined;
  declare now: number;
  #clock?: ReturnType<typeof setInterval>;

  constructor() {
    super();
    this.caseNumber = '';
    this.now = Date.now();
  }

  protected get recordNumber() {
    return this.caseNumber;
  }
  protected loadRecord(staff: StaffOperations, caseNumber: string, signal: AbortSignal) {
    return staff.getCase(caseNumber, { signal });
  }
  protected sendCommand(staff: StaffOperations, caseNumber: string, command: CaseCommand) {
    return staff.transition(caseNumber, command);
  }
  protected payloadOf(type: string) {
    // `clock.tick` is the scheduler's; no member sends it.
    return isCaseEventType(type) && type !== 'clock.tick' ? CASE_EVENTS[type].payload : undefined;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // The countdowns move on their own between reloads.
    this.#clock = setInterval(() => {
      this.now = Date.now();
    }, 30_000);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.#clock);
  }

  async #verify() {
    const staff = this.signedIn?.staff;
    if (!staff) return;
    try {
      this.verification = await staff.verifyCase(this.caseNumber);
    } catch (error) {
      const { toErrorView } = await import('@jiefen/sdk');
      this.verification = { error: this.errorText(toErrorView(error)) };
    }
  }

  override render() {
    const signedIn = this.signedIn;
    const record = this.record.current;
    if (!this.localize.ready || !signedIn || !record) return nothing;
    const snapshot = record.snapshot;
    const { record: detail, loadError } = snapshot.context;
    const heading = html`<p><a href="#/queue">${this.t('desk.back_to_queue')}</a></p>
      <h1 tabindex="-1" data-screen-title>${this.t('case.title', { caseNumber: this.caseNumber })}</h1>`;
    if (!detail) {
      return html`${heading}
        ${
          loadError
            ? html`<p class="error" role="alert">${loadError.code === 'not_found' ? this.t('case.not_found') : this.errorText(loadError)}</p>`
            : html`<p>${this.t('desk.loading')}</p>`
        }`;
    }
    const member = signedIn.session.member;
    return html`${heading}
      <p class="row">
        <span>${this.t('case.state')}: <strong data-stage=${detail.summary.stage}>${this.named('stage', detail.summary.stage)}</strong></span>
        ${detail.summary.escalated ? html`<span class="badge alert">${this.t('badge.escalated')}</span>` : nothing}
        ${detail.summary.urged ? html`<span class="badge alert">${this.t('badge.urged')}</span>` : nothing}
        ${detail.summary.overdue ? html`<span class="badge alert">${this.t('badge.overdue')}</span>` : nothing}
        ${
          detail.summary.riskLevel
            ? html`<span class="badge info">${this.t('badge.risk', { level: this.named('choice', detail.summary.riskLevel) })}</span>`
            : nothing
        }
        <button type="button" @click=${() => this.record.current?.send({ type: 'record.refresh' })}>${this.t('desk.refresh')}</button>
      </p>
      ${loadError ? html`<p class="error" role="alert">${this.errorText(loadError)}</p>` : nothing}
      ${this.sentMessage()}
      ${this.actionPanel(member.role === 'supervisor' ? this.#verifyBlock() : nothing)}
      ${this.#deadlines(detail)} ${this.#filing(detail)} ${this.#timeline(detail)}`;
  }

  #verifyBlock() {
    const v = this.verification;
    return html`<p class="row">
      <button type="button" data-verify @click=${this.#verify}>${this.t('case.verify')}</button>
      <span role="status" data-verification>
        ${
          !v
            ? nothing
            : 'error' in v
              ? html`<span class="error">${v.error}</span>`
              : v.valid
                ? html`<span class="success">${this.t('case.verify_ok', { length: v.length })}</span>`
                : html`<span class="error">${this.t('case.verify_broken', { at: v.brokenAt ?? 0 })}</span>`
        }
      </span>
    </p>`;
  }

  #deadlines(detail: StaffCaseDetail) {
    const config = this.signedIn?.config;
    const assignments = Object.values(detail.case.assignments);
    return html`<section class="card" aria-labelledby="deadlines-title">
      <h2 id="deadlines-title">${this.t('case.deadlines')}</h2>
      ${
        assignments.length === 0
          ? html`<p>${this.t('case.no_departments')}</p>`
          : html`<ul data-deadlines>
            ${assignments.map((assignment) => {
              const phase = departmentPhase(assignment);
              const left = remaining(assignment.context.dueBy, this.now);
              return html`<li data-department=${assignment.context.departmentId}>
                <strong>${this.departmentName(config, assignment.context.departmentId)}</strong> ·
                ${this.named('phase', phase)} ·
                ${
                  phase === 'completed'
                    ? this.t('case.completed')
                    : html`<span class=${left.past ? 'error' : ''}>
                      ${
                        left.past
                          ? this.t('case.overdue_by', { hours: left.hours, minutes: left.minutes })
                          : this.t('case.due_in', { hours: left.hours, minutes: left.minutes })
                      }
                    </span>
                    <span class="muted">(${this.formatInstant(assignment.context.dueBy)})</span>`
                }
                ${assignment.context.escalatedAt ? html`<span class="badge alert">${this.t('badge.escalated')}</span>` : nothing}
                ${assignment.context.urgings.length > 0 ? html`<span class="badge alert">${this.t('badge.urged')}</span>` : nothing}
              </li>`;
            })}
          </ul>`
      }
    </section>`;
  }

  #filing(detail: StaffCaseDetail) {
    const config = this.signedIn?.config;
    const { filing } = detail.case;
    const category = config?.categories.find((c) => c.id === filing.categoryId);
    const place = config ? findOrgUnit(config, filing.location.placeId) : undefined;
    return html`<section class="card" aria-labelledby="filing-title">
      <h2 id="filing-title">${this.t('case.filing')}</h2>
      <dl data-filing>
        <dt>${this.t('case.category')}</dt>
        <dd>${category ? pickText(category.name, this.uiLocale) : filing.categoryId}</dd>
        <dt>${this.t('case.place')}</dt>
        <dd>${place ? pickText(place.name, this.uiLocale) : filing.location.placeId}</dd>
        <dt>${this.t('case.started_on')}</dt>
        <dd>${filing.startedOn}</dd>
        <dt>${this.t('case.description')}</dt>
        <dd>${filing.description}</dd>
        <dt>${this.t('case.desired_outcome')}</dt>
        <dd>${filing.desiredOutcome}</dd>
        <dt>${this.t('case.applicant')}</dt>
        <dd>${filing.applicant.name} · ${filing.applicant.phone}</dd>
        <dt>${this.t('case.other_parties')}</dt>
        <dd>${filing.otherParties.length ? filing.otherParties.map((p) => p.name).join('、') : this.t('desk.none')}</dd>
        <dt>${this.t('case.attachments')}</dt>
        <dd>${this.t('case.attachments_count', { count: filing.attachments.length + detail.case.evidence.length })}</dd>
        ${
          filing.onBehalf
            ? html`<dt>${this.t('case.applicant')}</dt>
              <dd>${this.t('case.on_behalf', { role: filing.onBehalf.filerRole, method: filing.onBehalf.consent.method })}</dd>`
            : nothing
        }
      </dl>
    </section>`;
  }

  #timeline(detail: StaffCaseDetail) {
    const config = this.signedIn?.config;
    return html`<section class="card" aria-labelledby="timeline-title">
      <h2 id="timeline-title">${this.t('case.timeline')}</h2>
      <ol data-timeline>
        ${detail.timeline.map(
          (entry) => html`<li data-type=${entry.type}>
            <span class="muted">${this.formatInstant(entry.at)}</span> ·
            ${this.has(`action.${entry.type}`) ? html`<strong>${this.named('action', entry.type)}</strong> · ` : nothing}
            ${this.timelineText(config, entry)}
            <span class="muted">
              (${this.named('choice', entry.actor.role)}${
                entry.actor.departmentId ? ` · ${this.departmentName(config, entry.actor.departmentId)}` : ''
              })</span>
            ${entry.visibility === 'internal' ? html`<span class="badge info">${this.t('desk.internal')}</span>` : nothing}
          </li>`,
        )}
      </ol>
    </section>`;
  }
}
