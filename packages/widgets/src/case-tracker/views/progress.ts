import { formatTimelineEntry, type ResidentCaseView, type TimelineMessageKey } from '@jiefen/core';
import { pickText } from '@jiefen/core/forms';
import { html, nothing, type TemplateResult } from 'lit';
import type { TrackerMessageKey } from '../i18n/catalogs.js';
import { deadline, type TrackerView, when } from './view.js';

type Key = TrackerMessageKey;

/** The closed loop (闭环) as an ordered list of the core's stages, the current one `aria-current="step"`. */
export function renderStages(view: TrackerView, caseView: ResidentCaseView): TemplateResult {
  const { progress } = caseView;
  return html`<nav part="stages" class="stages" aria-label=${view.t('stages.label')}>
    <ol>
      ${progress.steps.map(
        ({ stage, status }) => html`<li
          class=${status}
          data-stage=${stage}
          aria-current=${status === 'current' || (stage === 'closed' && progress.stage === 'closed') ? 'step' : nothing}
        >
          <span class="stage-name">${view.t(`stage.${stage}` as Key)}</span>
          <span class="visually-hidden">(${view.t(`step.${status}` as Key)})</span>
        </li>`,
      )}
    </ol>
    ${progress.ending ? html`<p class="ending" part="ending">${view.t(`ending.${progress.ending}` as Key)}</p>` : nothing}
  </nav>`;
}

/** Who the case waits for, for what, by when; and the stage deadline the centre is bound by. */
export function renderNext(view: TrackerView, caseView: ResidentCaseView): TemplateResult {
  const { next, stageDeadline } = caseView;
  return html`<section part="next" class="next" aria-labelledby="next-heading">
    <h4 id="next-heading">${view.t('next.title')}</h4>
    <p class="who" data-who=${next.who}>
      <strong>${view.t(`who.${next.who}` as Key)}</strong>${
        next.what !== 'nothing' ? html` · ${view.t(`what.${next.what}` as Key)}` : nothing
      }
    </p>
    ${next.dueBy ? html`<p>${deadline(view, next.dueBy)}</p>` : nothing}
    ${
      stageDeadline
        ? html`<p class="stage-deadline" part="stage-deadline" data-supervision=${stageDeadline.supervision}>
            ${view.t('stage_deadline.title')}（${view.t(`stage_deadline.${stageDeadline.kind}` as Key)}）：
            ${deadline(view, stageDeadline.dueBy)}
            ${supervisionBadge(view, stageDeadline.supervision)}
          </p>`
        : nothing
    }
  </section>`;
}

function supervisionBadge(view: TrackerView, level: 'on_track' | 'urged' | 'escalated') {
  if (level === 'on_track') return nothing;
  return html`<span class="badge ${level}" part="badge">${view.t(`supervision.${level}` as Key)}</span>`;
}

/** Each called department (中心吹哨、部门报到) with its deadline in words and relative, urged / escalated on itself. */
export function renderDepartments(view: TrackerView, caseView: ResidentCaseView): TemplateResult | typeof nothing {
  if (!caseView.departments.length) return nothing;
  return html`<section part="departments" class="departments" aria-labelledby="departments-heading">
    <h4 id="departments-heading">${view.t('departments.title')}</h4>
    <p class="hint">${view.t('departments.intro')}</p>
    <ul>
      ${caseView.departments.map(
        (
          d,
        ) => html`<li part="department" class="department" data-department=${d.departmentId} data-supervision=${d.supervision}>
          <p class="department-name">
            <strong>${d.name ? pickText(d.name, view.locale) : d.departmentId}</strong>
            <span class="phase">${view.t(`department.phase.${d.phase}` as Key)}</span>
            ${supervisionBadge(view, d.supervision)}
          </p>
          <dl>
            ${d.acknowledgeBy ? fact(view.t('department.acknowledge_by'), deadline(view, d.acknowledgeBy)) : nothing}
            ${d.acknowledgedAt ? fact(view.t('department.acknowledged_at'), when(view, d.acknowledgedAt)) : nothing}
            ${d.reportBy ? fact(view.t('department.report_by'), deadline(view, d.reportBy)) : nothing}
            ${d.completedAt ? fact(view.t('department.completed_at'), when(view, d.completedAt)) : nothing}
            ${d.lastUrgedAt ? fact(view.t('department.urged_at'), when(view, d.lastUrgedAt)) : nothing}
            ${d.escalatedAt ? fact(view.t('department.escalated_at'), when(view, d.escalatedAt)) : nothing}
          </dl>
        </li>`,
      )}
    </ul>
  </section>`;
}

const fact = (term: string, value: unknown) => html`<div><dt>${term}</dt><dd>${value}</dd></div>`;

const isLink = (place: string | undefined) => place !== undefined && /^https:\/\//.test(place);

/** Joint and mediation sessions: when, how, and where (a video session's link is a link). */
export function renderSessions(view: TrackerView, caseView: ResidentCaseView): TemplateResult | typeof nothing {
  if (!caseView.sessions.length) return nothing;
  return html`<section part="sessions" class="sessions" aria-labelledby="sessions-heading">
    <h4 id="sessions-heading">${view.t('sessions.title')}</h4>
    <ul>
      ${caseView.sessions.map(
        (s) => html`<li part="session" data-mode=${s.mode}>
          <strong>${view.t(s.kind === 'joint' ? 'session.joint' : 'session.mediation')}</strong>
          <time datetime=${s.at}>${when(view, s.at)}</time>
          · ${view.t(`session.mode.${s.mode}` as Key)}
          ${
            isLink(s.place)
              ? html` · <a href=${s.place!} target="_blank" rel="noopener noreferrer">${view.t('session.video_link')}</a>`
              : s.place
                ? html` · ${view.t('session.place', { place: s.place })}`
                : nothing
          }
        </li>`,
      )}
    </ul>
  </section>`;
}

/** The outcome on the legal roadmap: agreement, judicial confirmation or referral, and the resident's rating. */
export function renderOutcome(view: TrackerView, caseView: ResidentCaseView): TemplateResult | typeof nothing {
  const { outcome, referral, followUp } = caseView;
  if (!outcome && !referral && !followUp?.rating) return nothing;
  return html`<section part="outcome" class="outcome" aria-labelledby="outcome-heading">
    <h4 id="outcome-heading">${view.t('outcome.title')}</h4>
    ${
      outcome?.kind === 'agreement'
        ? html`<p>${view.t('outcome.agreement')}</p>`
        : outcome?.kind === 'judicial_confirmation'
          ? html`<p>${view.t('outcome.judicial_confirmation')}</p>`
          : outcome?.kind === 'referral'
            ? html`<p>${formatTimelineEntry(
                { messageKey: `timeline.outcome.refer.${outcome.route}` as TimelineMessageKey, params: {} },
                { locale: view.locale },
              )}</p>`
            : nothing
    }
    ${referral ? html`<p>${view.t('outcome.referral', { channel: referral.channel })}</p>` : nothing}
    ${followUp?.rating ? html`<p>${view.t('outcome.rating', { score: followUp.rating.score })}</p>` : nothing}
  </section>`;
}
