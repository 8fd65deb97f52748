import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/browser.js';
import { deskAct, deskStage, openDesk, openDeskCase } from './support/desk.js';
import {
  expectNoSideScroll,
  expectSameDocument,
  markPage,
  neighbourAnswers,
  openPortalPage,
  type ResidentMode,
  readReceipt,
  startIntake,
  submitIntake,
  tracker,
  walkIntake,
  words,
} from './support/resident.js';
import { screenshots } from './support/screenshots.js';
import { type ServerProcess, startServerProcess } from './support/server-process.js';

/** The resident's side again in the other two locales and in elder mode, each following the case its own way. */
const MODES: Array<{ flow: string; mode: ResidentMode; follow: 'link' | 'lookup'; resident: string }> = [
  { flow: 'resident-en', mode: { locale: 'en' }, follow: 'lookup', resident: 'Chan Tai Man' },
  { flow: 'resident-zh-HK', mode: { locale: 'zh-HK' }, follow: 'link', resident: '陳大文' },
  { flow: 'resident-elder', mode: { locale: 'zh-CN', elder: true }, follow: 'link', resident: '赵奶奶' },
];

// Issue 10 §4, last point: filing and tracking in English, in Traditional Chinese (zh-HK) and in elder
// mode (适老化: the form's own toggle, one question per screen, plainer words), on a phone, against
// the built server as `pnpm start` runs it. Each finds every control by the words of its own locale,
// so an untranslated or unlabelled control fails here. Pictures: .ci/artifacts/e2e/resident-*/.
describe('the resident’s flows in English, Traditional Chinese and elder mode', () => {
  let server: ServerProcess;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServerProcess();
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const { flow, mode, follow, resident } of MODES) {
    it(`${flow}: files a neighbour dispute and follows it${follow === 'lookup' ? ' by case number and access code' : ' from the receipt’s link'}, live`, async () => {
      const t = words(mode);
      const shot = screenshots(flow);
      const phone = await browser.newContext({
        viewport: { width: 390, height: 844 },
        deviceScaleFactor: 1,
        hasTouch: true,
        locale: mode.locale,
      });
      const portal = await openPortalPage(phone, `${server.url}/`, mode);
      await startIntake(portal.page, mode);
      if (mode.elder) {
        // Plainer words for the title; one question per screen.
        await expect
          .poll(() => portal.page.locator('jf-intake-form h2').first().textContent())
          .toBe(t.intake('form.title'));
      }
      await shot(portal.page, 'portal');
      const description =
        mode.locale === 'en'
          ? 'The drainpipe of the house next door drips into our yard and has soaked the corner of the wall.'
          : '鄰居家的排水管一直往我家院子滴水，牆角都泡壞了。';
      const answers = neighbourAnswers(mode, { name: resident, description });
      await walkIntake(portal.page, mode, answers, 'details');
      if (mode.elder) expect(await portal.page.locator('jf-intake-form .question').count()).toBe(1);
      await shot(portal.page, 'details');
      await expectNoSideScroll(portal.page);
      await walkIntake(portal.page, mode, answers, 'review');
      await shot(portal.page, 'review');
      await submitIntake(portal.page, mode);
      const receipt = await readReceipt(portal.page, mode);
      await portal.page
        .locator('jf-intake-form')
        .getByRole('heading', { name: t.intake('receipt.title') })
        .waitFor();
      await shot(portal.page, 'receipt');
      await expectNoSideScroll(portal.page);
      await portal.expectClean();

      // Following the case: the tracking link, or the case number and access code typed in.
      const trackerTab =
        follow === 'link'
          ? await openPortalPage(phone, new URL(receipt.trackingLink, server.url).href, mode)
          : await openPortalPage(phone, `${server.url}/track.html`, mode);
      const { page } = trackerTab;
      if (follow === 'lookup') {
        const root = tracker.root(page);
        await root
          .getByRole('textbox', { name: t.tracker('lookup.case_number'), exact: true })
          .fill(receipt.caseNumber);
        await root
          .getByRole('textbox', { name: t.tracker('lookup.access_code'), exact: true })
          .fill(receipt.accessCode);
        await root.getByRole('button', { name: t.tracker('lookup.submit') }).click();
      }
      if (mode.elder) {
        const toggle = tracker
          .root(page)
          .getByRole('button', { name: words({ locale: mode.locale }).tracker('tracker.elder_mode') });
        await toggle.click();
        await expect.poll(() => toggle.getAttribute('aria-pressed')).toBe('true');
      }
      await expect.poll(() => tracker.currentStage(page), { timeout: 30_000 }).toBe('registration');
      await tracker
        .root(page)
        .getByRole('heading', { name: t.tracker('case.heading', { caseNumber: receipt.caseNumber }) })
        .waitFor();
      await markPage(page);
      await shot(page, 'tracker');
      await expectNoSideScroll(page);

      // The centre registers it in the desk: the tracker moves on by itself, in the resident's words.
      const officer = await openDesk(browser, server.url, server.token('intake_officer'));
      await openDeskCase(officer, server.url, receipt.caseNumber);
      await deskAct(officer, 'jf-desk-case', 'action.intake.accept');
      await expect.poll(() => deskStage(officer)).toBe('risk_assessment');
      await officer.close();
      await expect.poll(() => tracker.currentStage(page), { timeout: 30_000 }).toBe('risk_assessment');
      await expect
        .poll(() => page.locator('jf-case-tracker [part="stages"] li[aria-current="step"]').textContent())
        .toContain(t.tracker('stage.risk_assessment'));
      await shot(page, 'tracker-registered');
      await expectSameDocument(page);
      await trackerTab.expectClean();
      await phone.close();
    }, 180_000);
  }
});
