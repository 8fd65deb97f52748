import { deflateSync } from 'node:zlib';
import type { Locale } from '@jiefen/core';
import { qingshanTenant } from '@jiefen/core/demo';
import { pickText } from '@jiefen/core/forms';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import trackerEn from '../../../packages/widgets/src/case-tracker/i18n/en.js';
import trackerZhCN, { type TrackerMessageKey } from '../../../packages/widgets/src/case-tracker/i18n/zh-CN.js';
import trackerZhHK from '../../../packages/widgets/src/case-tracker/i18n/zh-HK.js';
import intakeEn from '../../../packages/widgets/src/intake-form/i18n/en.js';
import intakeZhCN, { type IntakeMessageKey } from '../../../packages/widgets/src/intake-form/i18n/zh-CN.js';
import intakeZhHK from '../../../packages/widgets/src/intake-form/i18n/zh-HK.js';
import { type PageReport, watchPage } from './browser.js';

// What a resident does on the township portal, through the elements' own controls, found by the
// words the resident reads (the elements' catalogs) wherever a control has a name.

const INTAKE = { 'zh-CN': intakeZhCN, 'zh-HK': intakeZhHK, en: intakeEn } as const;
const TRACKER = { 'zh-CN': trackerZhCN, 'zh-HK': trackerZhHK, en: trackerEn } as const;

/** A message of the catalogs with its `{placeholders}` filled. */
function fill(template: string, values: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? `{${name}}`));
}

export interface ResidentMode {
  locale: Locale;
  elder?: boolean;
}

/** The words of `<jf-intake-form>` and `<jf-case-tracker>` in a locale (the elder variant when it has one). */
export function words(mode: ResidentMode) {
  const pick = <K extends string>(catalog: Readonly<Record<K, string>>, key: K) =>
    (mode.elder ? (catalog as Record<string, string>)[`${key}.elder`] : undefined) ?? catalog[key];
  return {
    intake: (key: IntakeMessageKey, values?: Record<string, string | number>) =>
      fill(pick(INTAKE[mode.locale], key), values),
    tracker: (key: TrackerMessageKey, values?: Record<string, string | number>) =>
      fill(pick(TRACKER[mode.locale], key), values),
    category: (id: string) => pickText(qingshanTenant.categories.find((c) => c.id === id)!.name, mode.locale),
  };
}

/** A small real PNG (a 24×16 picture of a dripping pipe's stain, in two colours): what a phone camera would give. */
export function photoPng(): Buffer {
  const width = 24;
  const height = 16;
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc32 = (bytes: Buffer) => {
    let c = 0xffffffff;
    for (const byte of bytes) c = crcTable[(c ^ byte) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, no interlace
  const rows = Array.from({ length: height }, (_, y) =>
    Buffer.concat([
      Buffer.from([0]), // no filter
      ...Array.from({ length: width }, (_, x) =>
        Buffer.from((x - 12) ** 2 + (y - 8) ** 2 < 30 ? [120, 90, 60] : [200, 200, 190]),
      ),
    ]),
  );
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

export interface OpenedPage {
  page: Page;
  report: PageReport;
  /** No CSP or Trusted Types violation, no uncaught error, no console error, no HTTP error response. */
  expectClean(): Promise<void>;
}

/** Open `path` on the portal in a new tab of `context`, in the resident's language (`<html lang>`). */
export async function openPortalPage(
  context: BrowserContext,
  url: string,
  mode: ResidentMode,
  /** Anything to set up in the page before it loads. */
  before?: (page: Page) => Promise<void>,
): Promise<OpenedPage> {
  const page = await context.newPage();
  const report = await watchPage(page);
  await before?.(page);
  await page.goto(url);
  // The portal page is written in zh-CN; a portal in another language says so on <html>, and every
  // element follows it (docs/widgets-guide.md, "Locales and elder mode").
  if (mode.locale !== 'zh-CN') await page.evaluate((lang) => (document.documentElement.lang = lang), mode.locale);
  return {
    page,
    report,
    async expectClean() {
      expect(await report.violations()).toEqual([]);
      expect(report.errors).toEqual([]);
    },
  };
}

const form = (page: Page) => page.locator('jf-intake-form');

/** The step on screen, by its heading (in the locale, plain or elder), and the questions it shows. */
async function intakePosition(page: Page, mode: ResidentMode): Promise<{ step: string; questions: string[] }> {
  const heading = form(page).locator('[part="step-heading"]');
  const text = (await heading.count()) ? ((await heading.textContent()) ?? '').trim() : '';
  const t = words(mode);
  const steps = ['category', 'details', 'other_party', 'evidence', 'applicant', 'review'] as const;
  const step = steps.find((s) => t.intake(`step.${s}`) === text) ?? `?${text}`;
  const questions = await form(page)
    .locator('.question')
    .evaluateAll((els) => els.map((el) => (el as HTMLElement).dataset.question ?? ''));
  return { step, questions };
}

/** Answers to the neighbour dispute's questions, by the question ids `<jf-intake-form>` renders. */
export function neighbourAnswers(mode: ResidentMode, who: { name: string; description: string }) {
  const t = words(mode);
  const answers: Record<string, (page: Page) => Promise<void>> = {
    category: (page) =>
      form(page)
        .getByRole('radio', { name: t.category('neighbour') })
        .check(),
    description: (page) => form(page).locator('#f-description').fill(who.description),
    'answers.issue': (page) => form(page).locator('input[name="f-answers-issue"][value="drainage"]').check(),
    'answers.talked_directly': (page) =>
      form(page).locator('input[name="f-answers-talked_directly"][value="true"]').check(),
    startedOn: (page) => form(page).locator('#f-startedOn').fill('2025-06-01'),
    location: async (page) => {
      await form(page).locator('#f-location').selectOption('songlin');
      await form(page).locator('#f-location-village').selectOption('shuikou');
    },
    desiredOutcome: (page) => form(page).locator('#f-desiredOutcome').fill('请邻居改好排水管，赔偿墙角的维修费。'),
    'applicant.name': (page) => form(page).locator('#f-applicant-name').fill(who.name),
    'applicant.phone': (page) => form(page).locator('#f-applicant-phone').fill('13800138000'),
    'privacy.sensitiveDataConsent': (page) => form(page).locator('#f-privacy-sensitiveDataConsent').check(),
  };
  return answers;
}

/**
 * Walk `<jf-intake-form>` forward, answering what each screen asks (all of a step's questions at once,
 * or one per screen in elder mode), until `until` is on screen.
 */
export async function walkIntake(
  page: Page,
  mode: ResidentMode,
  answers: Record<string, (page: Page) => Promise<void>>,
  until: 'details' | 'other_party' | 'evidence' | 'applicant' | 'review',
): Promise<void> {
  for (let guard = 0; guard < 40; guard++) {
    const position = await intakePosition(page, mode);
    if (position.step === until) return;
    for (const question of position.questions) await answers[question]?.(page);
    const before = JSON.stringify(position);
    await form(page).locator('[part="next-button"]').click();
    await expect
      .poll(async () => JSON.stringify(await intakePosition(page, mode)), {
        timeout: 30_000,
        message: `the form did not move on from ${before}`,
      })
      .not.toBe(before);
  }
  throw new Error(`never reached the ${until} step`);
}

/** Open the form, in elder mode through its own toggle when asked, and wait for the category cards. */
export async function startIntake(page: Page, mode: ResidentMode): Promise<void> {
  const t = words(mode);
  await form(page)
    .getByRole('radio', { name: t.category('neighbour') })
    .waitFor({ timeout: 30_000 });
  if (mode.elder) {
    const toggle = form(page).getByRole('button', { name: words({ locale: mode.locale }).intake('form.elder_mode') });
    await toggle.click();
    await expect.poll(() => toggle.getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => form(page).evaluate((el) => el.hasAttribute('elder'))).toBe(true);
  }
}

export interface Receipt {
  caseNumber: string;
  accessCode: string;
  trackingLink: string;
}

/** Press "send" on the review step. */
export async function submitIntake(page: Page, mode: ResidentMode): Promise<void> {
  await form(page)
    .getByRole('button', { name: words(mode).intake('form.submit') })
    .click();
}

/** The receipt: case number, access code and the tracking link, once the centre has the filing. */
export async function readReceipt(page: Page, mode: ResidentMode): Promise<Receipt> {
  const t = words(mode);
  const number = form(page).locator('[part="case-number"]');
  await number.waitFor({ timeout: 60_000 });
  const link = form(page).getByRole('link', { name: t.intake('receipt.tracking_link') });
  return {
    caseNumber: ((await number.textContent()) ?? '').trim(),
    accessCode: ((await form(page).locator('[part="access-code"]').textContent()) ?? '').trim(),
    trackingLink: (await link.getAttribute('href')) ?? '',
  };
}

/** `<jf-case-tracker>`: the stage it marks current, and a called department's entry. */
export const tracker = {
  root: (page: Page) => page.locator('jf-case-tracker'),
  currentStage: (page: Page) =>
    page.locator('jf-case-tracker [part="stages"] li[aria-current="step"]').first().getAttribute('data-stage'),
  department: (page: Page, id: string): Locator =>
    page.locator(`jf-case-tracker [part="department"][data-department="${id}"]`),
  action: (page: Page, name: 'rate' | 'request_reopen'): Locator =>
    page.locator(`jf-case-tracker form[data-action="${name}"]`),
};

/** Mark the page, to show later that what it shows came live, without a reload. */
export async function markPage(page: Page): Promise<void> {
  await page.evaluate(() => {
    (window as unknown as { __jfSameDocument: boolean }).__jfSameDocument = true;
  });
}
export async function expectSameDocument(page: Page): Promise<void> {
  expect(await page.evaluate(() => (window as unknown as { __jfSameDocument?: boolean }).__jfSameDocument)).toBe(true);
}

/**
 * A phone screen scrolls only up and down: nothing on the page is wider than the viewport. On failure,
 * names the widest elements (looking into shadow roots) so the culprit is found.
 */
export async function expectNoSideScroll(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth <= width) return [];
    const wide: Array<[number, string]> = [];
    const visit = (root: Document | ShadowRoot) => {
      for (const el of root.querySelectorAll('*')) {
        const box = el.getBoundingClientRect();
        if (box.right > width + 1)
          wide.push([
            box.right,
            `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}.${[...el.classList].join('.')} right=${Math.round(box.right)}`,
          ]);
        if (el.shadowRoot) visit(el.shadowRoot);
      }
    };
    visit(document);
    wide.sort((a, b) => b[0] - a[0]);
    return [
      `scrollWidth ${document.documentElement.scrollWidth} > ${width}`,
      ...wide.slice(0, 12).map(([, name]) => name),
    ];
  });
  expect(overflow).toEqual([]);
}

declare global {
  interface Window {
    /** `performance.now()` of each `jf-draft-saved` the page saw. */
    __jfDraftSaves?: number[];
  }
}

/** Note every `jf-draft-saved` (bubbles and is composed, so the document hears it). Before the page loads. */
export async function noteDraftSaves(page: Page): Promise<void> {
  await page.addInitScript(() => {
    window.__jfDraftSaves = [];
    document.addEventListener('jf-draft-saved', () => window.__jfDraftSaves!.push(performance.now()));
  });
}

/**
 * Wait until the draft on the device holds the last upload: a `jf-draft-saved` after the upload's
 * response arrived. The form writes drafts shortly after each change (the SDK's debounce, then an
 * encrypted IndexedDB write); a tab closed before that lands loses that last change, as any page does.
 */
export async function draftHoldsLastUpload(page: Page): Promise<void> {
  await expect
    .poll(
      () =>
        page.evaluate(() => {
          const uploads = performance
            .getEntriesByType('resource')
            .filter((entry) => new URL(entry.name).pathname.endsWith('/uploads')) as PerformanceResourceTiming[];
          const last = uploads.at(-1);
          return last !== undefined && (window.__jfDraftSaves ?? []).some((at) => at > last.responseEnd);
        }),
      { timeout: 30_000, message: 'a draft saved after the upload' },
    )
    .toBe(true);
}
