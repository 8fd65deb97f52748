import type { Locale } from '@jiefen/core/forms';
import { html, type TemplateResult } from 'lit';
import type { MessageParams } from '../../i18n/localize.js';
import { deadlineDistance, formatInstant } from '../deadline-format.js';
import type { TrackerMessageKey } from '../i18n/catalogs.js';

/** What every part of the tracker renders with: strings, the locale, and the clock (time is data). */
export interface TrackerView {
  t: (key: TrackerMessageKey, params?: MessageParams) => string;
  locale: Locale;
  now: Date;
}

export const when = (view: TrackerView, iso: string) => formatInstant(iso, view.locale);

/** A deadline in words and relative: "期限：2025年6月3日 17:00（3 小时后）" or "…（已逾期 2 天）". */
export function deadline(view: TrackerView, dueBy: string): TemplateResult {
  const distance = deadlineDistance(dueBy, view.now, view.locale);
  const relative = distance.overdue ? view.t('deadline.overdue', { duration: distance.duration }) : distance.text;
  return html`<span class="deadline${distance.overdue ? ' overdue' : ''}"
    ><time datetime=${dueBy}>${view.t('deadline.by', { date: when(view, dueBy), relative })}</time></span
  >`;
}
