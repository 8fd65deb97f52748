import { formatTimelineEntry, type ResidentCaseView } from '@jiefen/core';
import { pickText } from '@jiefen/core/forms';
import { html, nothing, type TemplateResult } from 'lit';
import { guard } from 'lit/directives/guard.js';
import { repeat } from 'lit/directives/repeat.js';
import { formatInstant } from '../deadline-format.js';
import { TIMELINE_PAGE } from './timeline-page.js';
import type { TrackerView } from './view.js';

type Entry = ResidentCaseView['timeline'][number];

/** One line in words: the core's message key and params, department ids resolved to the view's names. */
export function timelineText(view: TrackerView, caseView: ResidentCaseView, entry: Entry): string {
  return formatTimelineEntry(entry, {
    locale: view.locale,
    departmentName: (id) => {
      const found = caseView.departments.find((d) => d.departmentId === id)?.name;
      return found ? pickText(found, view.locale) : undefined;
    },
    formatInstant: (iso) => formatInstant(iso, view.locale),
  });
}

/** What staff wrote on a line that the resident may read (a request's message, a session's place). */
function extra(view: TrackerView, entry: Entry): string | undefined {
  const { data } = entry;
  if (entry.type === 'intake.request_information' && typeof data.message === 'string')
    return view.t('timeline.message', { message: data.message });
  if (
    (entry.type === 'mediation.schedule_session' || entry.type === 'handling.convene_session') &&
    typeof data.place === 'string'
  )
    return view.t('session.place', { place: data.place });
  return undefined;
}

/**
 * The timeline, oldest first, in pages (the lines are re-rendered only when the timeline, the page or
 * the locale changes, not on every status or clock update): only the latest `shown` lines are rendered (a case with
 * 1,000 lines renders 50), and "show earlier" adds the page before them above the list, so the
 * button keeps focus and nothing under the reader moves. New lines arrive at the end.
 */
export function renderTimeline(
  view: TrackerView,
  caseView: ResidentCaseView,
  shown: number,
  showEarlier: () => void,
): TemplateResult {
  const total = caseView.timeline.length;
  const start = Math.max(0, total - shown);
  const earlier = Math.min(TIMELINE_PAGE, start);
  return html`<section part="timeline" class="timeline" aria-labelledby="timeline-heading">
    <h4 id="timeline-heading">${view.t('timeline.title')}</h4>
    ${
      start > 0
        ? html`<p class="hint">${view.t('timeline.count', { total, shown: total - start })}</p>
            <button type="button" class="secondary show-earlier" part="show-earlier" @click=${showEarlier}>
              ${view.t('timeline.show_earlier', { count: earlier })}
            </button>`
        : nothing
    }
    <ol class="entries">
      ${guard([caseView.timeline, start, view.locale], () =>
        repeat(
          caseView.timeline.slice(start),
          (_, index) => start + index,
          (entry) => {
            const note = extra(view, entry);
            return html`<li part="timeline-entry" data-type=${entry.type}>
            <time datetime=${entry.at}>${formatInstant(entry.at, view.locale)}</time>
            <span class="entry-text">${timelineText(view, caseView, entry)}</span>
            ${note ? html`<span class="entry-note">${note}</span>` : nothing}
          </li>`;
          },
        ),
      )}
    </ol>
  </section>`;
}
