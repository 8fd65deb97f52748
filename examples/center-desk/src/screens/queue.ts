import {
  type CaseSummary,
  CLOSED_LOOP_STAGES,
  type ClosedLoopStage,
  pickText,
  RISK_LEVELS,
  ROUTING_LEVELS,
} from '@jiefen/core';
import type { StaffCaseFilters } from '@jiefen/sdk/staff';
import { html, nothing } from 'lit';
import { createActor } from 'xstate';
import { DeskElement } from '../desk-element.js';
import type { DeskSignedIn } from '../state/desk-session.js';
import { liveListMachine } from '../state/live-list.js';
import { ScreenActorController } from '../state/screen-actor.js';

type QueueFilters = Omit<StaffCaseFilters, 'stage' | 'cursor' | 'limit'>;
type QueueStage = 'all' | ClosedLoopStage;

/** At most this many rows per queue refresh (10 pages of the server's largest page). */
const MAX_PAGES = 10;

/** Every case the filters let through, page by page (the counts per stage are computed from them). */
async function loadQueue(signedIn: DeskSignedIn, filters: QueueFilters, signal: AbortSignal): Promise<CaseSummary[]> {
  const items: CaseSummary[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const answer = await signedIn.staff.listCases(
      { ...filters, limit: 100, ...(cursor ? { cursor } : {}) },
      { signal },
    );
    items.push(...answer.items);
    if (!answer.nextCursor) break;
    cursor = answer.nextCursor;
  }
  return items;
}

/** Supervisors (督办) look at what is late first: escalated, then urged or overdue, then the rest. */
export function supervisorOrder(items: readonly CaseSummary[]): CaseSummary[] {
  const weight = (c: CaseSummary) => (c.escalated ? 0 : c.urged || c.overdue ? 1 : 2);
  return [...items].sort((a, b) => weight(a) - weight(b));
}

/**
 * `<jf-desk-queue>`: the case queues by closed-loop stage with their counts, the filters the staff
 * API offers (level, department, risk, overdue, urged, escalated) and the badges of each row. The
 * server scopes what a department handler receives to their department; the desk says so and
 * hides the department filter for them.
 */
export class JfDeskQueue extends DeskElement {
  static override properties = {
    signedIn: { attribute: false },
    pollMs: { type: Number, attribute: 'poll-ms' },
    stage: { state: true },
  };

  declare signedIn: DeskSignedIn | undefined;
  declare pollMs: number;
  declare stage: QueueStage;

  readonly #list = new ScreenActorController(this, () => {
    const signedIn = this.signedIn;
    if (!signedIn) return undefined;
    return createActor(liveListMachine<CaseSummary, QueueFilters>(), {
      input: { load: (filters, signal) => loadQueue(signedIn, filters, signal), filters: {}, pollMs: this.pollMs },
    });
  });

  constructor() {
    super();
    this.pollMs = 5000;
    this.stage = 'all';
  }

  #apply(event: SubmitEvent) {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    const text = (name: string) => String(data.get(name) ?? '') || undefined;
    const filters: QueueFilters = {};
    const level = text('level');
    const department = text('department');
    const risk = text('risk');
    if (level) filters.level = level;
    if (department) filters.department = department;
    if (risk) filters.risk = risk;
    if (data.has('overdue')) filters.overdue = true;
    if (data.has('urged')) filters.urged = true;
    if (data.has('escalated')) filters.escalated = true;
    this.#list.current?.send({ type: 'list.filter', filters });
  }

  #clear(event: Event) {
    (event.target as HTMLButtonElement).form?.reset();
    this.#list.current?.send({ type: 'list.filter', filters: {} });
  }

  override render() {
    const signedIn = this.signedIn;
    const list = this.#list.current;
    if (!this.localize.ready || !signedIn || !list) return nothing;
    const snapshot = list.snapshot;
    const { member } = signedIn.session;
    const isHandler = member.role === 'department_handler';
    const all = member.role === 'supervisor' ? supervisorOrder(snapshot.context.items) : snapshot.context.items;
    const count = (stage: QueueStage) => (stage === 'all' ? all.length : all.filter((c) => c.stage === stage).length);
    const shown = this.stage === 'all' ? all : all.filter((c) => c.stage === this.stage);
    const stages: QueueStage[] = ['all', ...CLOSED_LOOP_STAGES];
    return html`
      <h1 tabindex="-1" data-screen-title>${this.t('queue.title')}</h1>
      ${
        isHandler && member.departmentId
          ? html`<p class="message">${this.t('queue.scoped', { department: this.departmentName(signedIn.config, member.departmentId) })}</p>`
          : nothing
      }
      ${member.role === 'supervisor' ? html`<p class="muted">${this.t('queue.supervisor_order')}</p>` : nothing}
      <nav aria-label=${this.t('queue.stages')}>
        <ul class="row plain-list" role="list">
          ${stages.map(
            (stage) => html`<li>
              <button type="button" aria-pressed=${this.stage === stage ? 'true' : 'false'} data-stage=${stage}
                @click=${() => {
                  this.stage = stage;
                }}>
                ${this.named('stage', stage)} <span class="badge info" data-count>${count(stage)}</span>
              </button>
            </li>`,
          )}
        </ul>
      </nav>
      <form class="card" @submit=${this.#apply} aria-labelledby="filters-title">
        <h2 id="filters-title">${this.t('queue.filters')}</h2>
        <div class="row">
          ${this.#select(
            'level',
            this.t('filter.level'),
            ROUTING_LEVELS.map((l) => ({ value: l, text: this.named('choice', l) })),
          )}
          ${
            isHandler
              ? nothing
              : this.#select(
                  'department',
                  this.t('filter.department'),
                  signedIn.config.departments.map((d) => ({ value: d.id, text: pickText(d.name, this.uiLocale) })),
                )
          }
          ${this.#select(
            'risk',
            this.t('filter.risk'),
            RISK_LEVELS.map((r) => ({ value: r, text: this.named('choice', r) })),
          )}
          ${(['overdue', 'urged', 'escalated'] as const).map(
            (flag) =>
              html`<label class="check"><input type="checkbox" name=${flag} />${this.t(`filter.${flag}`)}</label>`,
          )}
        </div>
        <div class="row">
          <button class="primary" type="submit">${this.t('queue.apply')}</button>
          <button type="reset" @click=${this.#clear}>${this.t('queue.clear')}</button>
        </div>
      </form>
      <p class="muted" aria-live="polite">
        ${this.t('desk.live', { seconds: Math.round(this.pollMs / 1000) })}
        ${snapshot.context.loadedAt ? html` · ${this.t('desk.updated_at', { time: this.formatInstant(snapshot.context.loadedAt) })}` : nothing}
      </p>
      ${snapshot.context.error ? html`<p class="error" role="alert">${this.errorText(snapshot.context.error)}</p>` : nothing}
      <h2 id="queue-caption">${this.named('stage', this.stage)} · ${this.t('queue.count', { count: shown.length })}</h2>
      ${
        shown.length === 0
          ? html`<p data-empty>${snapshot.matches('loading') && !snapshot.context.loadedAt ? this.t('desk.loading') : this.t('queue.empty')}</p>`
          : html`<table aria-labelledby="queue-caption">
            <thead>
              <tr>
                <th scope="col">${this.t('queue.col.case')}</th>
                <th scope="col">${this.t('queue.col.category')}</th>
                <th scope="col">${this.t('queue.col.filed')}</th>
                <th scope="col">${this.t('queue.col.stage')}</th>
                <th scope="col">${this.t('queue.col.flags')}</th>
                <th scope="col">${this.t('queue.col.deadline')}</th>
              </tr>
            </thead>
            <tbody>
              ${shown.map((c) => this.#row(c))}
            </tbody>
          </table>`
      }
    `;
  }

  #row(c: CaseSummary) {
    const config = this.signedIn?.config;
    const category = config?.categories.find((k) => k.id === c.categoryId);
    return html`<tr data-case=${c.caseNumber}>
      <td><a href=${`#/case/${encodeURIComponent(c.caseNumber)}`}>${c.caseNumber}</a></td>
      <td>${category ? pickText(category.name, this.uiLocale) : c.categoryId}</td>
      <td>${this.formatInstant(c.filedAt)}</td>
      <td>${this.named('stage', c.stage)}</td>
      <td>
        ${c.escalated ? html`<span class="badge alert" data-badge="escalated">${this.t('badge.escalated')}</span>` : nothing}
        ${c.urged ? html`<span class="badge alert" data-badge="urged">${this.t('badge.urged')}</span>` : nothing}
        ${c.overdue ? html`<span class="badge alert" data-badge="overdue">${this.t('badge.overdue')}</span>` : nothing}
        ${c.riskLevel ? html`<span class="badge info">${this.t('badge.risk', { level: this.named('choice', c.riskLevel) })}</span>` : nothing}
        ${c.level ? html`<span class="badge info">${this.named('choice', c.level)}</span>` : nothing}
      </td>
      <td>${this.formatInstant(c.nextDeadline)}</td>
    </tr>`;
  }

  #select(name: string, label: string, options: Array<{ value: string; text: string }>) {
    return html`<p>
      <label for=${`filter-${name}`}>${label}</label>
      <select id=${`filter-${name}`} name=${name}>
        <option value="">${this.t('filter.any')}</option>
        ${options.map((o) => html`<option value=${o.value}>${o.text}</option>`)}
      </select>
    </p>`;
  }
}
