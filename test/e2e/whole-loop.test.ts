import { qingshanTenant } from '@jiefen/core/demo';
import { pickText } from '@jiefen/core/forms';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/browser.js';
import { type DeskTab, deskAct, deskField, deskStage, deskText, openDesk, openDeskCase } from './support/desk.js';
import {
  draftHoldsLastUpload,
  expectNoSideScroll,
  expectSameDocument,
  markPage,
  neighbourAnswers,
  noteDraftSaves,
  type OpenedPage,
  openPortalPage,
  photoPng,
  type Receipt,
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

const ZH: ResidentMode = { locale: 'zh-CN' };
const t = words(ZH);
const RESIDENT = {
  name: '王秀英',
  description: '隔壁邻居家的排水管一直往我家院子里滴水，墙角已经泡坏了，说了几次都不改。',
};
const HOUR = 3_600_000;
const departmentName = (id: string) => pickText(qingshanTenant.departments.find((d) => d.id === id)!.name, 'zh-CN');

// Issue 10 §4: the whole closed loop (docs: domain.md) end to end, in the machine's Chromium, against
// the built server run as `pnpm start` runs it (its own process, so it can be stopped and started
// again), with the portal, the widgets' drop-in bundle and the centre desk it serves. A resident files
// on a phone; staff move the case through the desk's generated forms; the resident's tracker shows
// each step as it happens; the test moves only the server's clock. Pictures of every step go to
// .ci/artifacts/e2e/whole-loop/.
describe('the whole closed loop in a real browser against the real server', () => {
  let server: ServerProcess;
  let browser: Browser;
  let phone: BrowserContext;
  let receipt: Receipt;
  let trackerTab: OpenedPage;
  const shot = screenshots('whole-loop');

  beforeAll(async () => {
    server = await startServerProcess();
    browser = await launchChromium();
    // The resident's phone: one browser profile (its IndexedDB keeps the draft and the outbox). Every
    // resident screen is checked to scroll only up and down at this width.
    phone = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 1,
      hasTouch: true,
      locale: 'zh-CN',
    });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const intake = (page: Page) => page.locator('jf-intake-form');

  /** A staff member signs in to the desk in their own tab and opens the case. */
  async function staffOnCase(key: string): Promise<DeskTab> {
    const tab = await openDesk(browser, server.url, server.token(key));
    await openDeskCase(tab, server.url, receipt.caseNumber);
    return tab;
  }

  /** The resident's tracker shows `stage` as current, by itself (server-sent events, no reload). */
  async function trackerShows(stage: string) {
    await expect
      .poll(() => tracker.currentStage(trackerTab.page), { timeout: 30_000, message: `tracker at ${stage}` })
      .toBe(stage);
  }

  const deskDepartment = (tab: DeskTab, id: string): Locator =>
    tab.page.locator(`jf-desk-case [data-department="${id}"]`);
  // biome-ignore lint/performance/useDomNodeTextContent: playwright's Locator.innerText, not the DOM property
  const shown = (locator: Locator) => locator.innerText();

  it('files a neighbour dispute with a photo on a phone, resumes the draft after closing the tab, ' +
    'submits while the server is stopped, and is sent exactly once when it is back', async () => {
    const answers = neighbourAnswers(ZH, RESIDENT);
    const first = await openPortalPage(phone, `${server.url}/`, ZH, noteDraftSaves);
    await startIntake(first.page, ZH);
    await shot(first.page, 'portal-phone');
    await expectNoSideScroll(first.page);
    await walkIntake(first.page, ZH, answers, 'evidence');

    // A photo from the phone: uploaded at once, kept in the draft.
    await intake(first.page)
      .getByLabel(t.intake('evidence.choose'))
      .setInputFiles({ name: 'drain.png', mimeType: 'image/png', buffer: photoPng() });
    await intake(first.page).getByText(t.intake('evidence.state.uploaded')).waitFor({ timeout: 30_000 });
    await draftHoldsLastUpload(first.page);
    await shot(first.page, 'photo-added');
    await first.expectClean();
    await first.page.close(); // halfway: the tab is closed

    // A new tab on the same phone: the form offers the unsent draft and goes back to where it was.
    const second = await openPortalPage(phone, `${server.url}/`, ZH);
    await intake(second.page)
      .getByRole('button', { name: t.intake('restore.continue') })
      .click();
    await expect
      .poll(() => intake(second.page).locator('[part="step-heading"]').textContent(), { timeout: 30_000 })
      .toBe(t.intake('step.evidence'));
    // The photo is still there, uploaded (and can be removed by name).
    await intake(second.page)
      .getByRole('button', { name: t.intake('evidence.remove', { name: 'drain.png' }) })
      .waitFor();
    await intake(second.page).getByText(t.intake('evidence.state.uploaded')).waitFor();
    await shot(second.page, 'draft-resumed');
    await walkIntake(second.page, ZH, answers, 'review');
    await shot(second.page, 'review');
    await expectNoSideScroll(second.page);

    // The server goes away for a moment; the filing is kept on the phone and says so.
    await server.stop();
    await submitIntake(second.page, ZH);
    await intake(second.page)
      .locator('[part="status"]', { hasText: t.intake('status.saved') })
      .waitFor({ timeout: 30_000 });
    await shot(second.page, 'saved-on-device');

    // Back: the outbox retries by itself (backoff); the resident may also press "send now".
    await server.start();
    await expect
      .poll(
        async () => {
          if (await intake(second.page).locator('[part="case-number"]').count()) return 'received';
          const sendNow = intake(second.page).getByRole('button', { name: t.intake('status.send_now') });
          if (await sendNow.isVisible()) await sendNow.click({ timeout: 5_000 }).catch(() => undefined);
          return 'waiting';
        },
        { timeout: 90_000, interval: 1_000 },
      )
      .toBe('received');
    receipt = await readReceipt(second.page, ZH);
    expect(receipt.caseNumber).toMatch(/^[A-Z]+-\d{8}-/);
    expect(receipt.accessCode.length).toBeGreaterThan(4);
    expect(receipt.trackingLink).toContain('/track.html#jf-track=');
    await shot(second.page, 'receipt');
    await expectNoSideScroll(second.page);
    // Clean even through the outage: a refused connection is the outbox's business, not an error shown.
    await second.expectClean();

    // Sent once: the server holds exactly one case, with the photo.
    const coordinator = server.staff('coordinator');
    const cases = await coordinator.listCases();
    expect(cases.items.map((c) => c.caseNumber)).toEqual([receipt.caseNumber]);
    const detail = await coordinator.getCase(receipt.caseNumber);
    expect(detail.case.filing.description).toBe(RESIDENT.description);
    expect(detail.case.filing.attachments).toHaveLength(1);
    expect(detail.case.filing.attachments[0]).toMatchObject({ name: 'drain.png', mediaType: 'image/png' });
    await second.page.close();
  }, 300_000);

  it('staff register it, assess the risk and route it to two departments; one acknowledges and reports, ' +
    'the other misses its deadline, is urged and escalated; mediation, an agreement: all live in the tracker', async () => {
    // The resident opens the tracking link of the receipt and keeps the tab open.
    trackerTab = await openPortalPage(phone, new URL(receipt.trackingLink, server.url).href, ZH);
    await trackerShows('registration');
    await markPage(trackerTab.page);
    await shot(trackerTab.page, 'tracker-registration');

    const officer = await staffOnCase('intake_officer');
    await deskAct(officer, 'jf-desk-case', 'action.intake.accept');
    await expect.poll(() => deskStage(officer)).toBe('risk_assessment');
    await shot(officer.page, 'desk-registered');
    await officer.close();
    await trackerShows('risk_assessment');

    const coordinator = await staffOnCase('coordinator');
    await deskAct(coordinator, 'jf-desk-case', 'action.risk.assess', async (form) => {
      await deskField(form, 'field.risk.assess.level').selectOption('medium');
      await deskField(form, 'field.factors').fill('排水纠纷已持续半年\n双方多次争吵');
    });
    await expect.poll(() => deskStage(coordinator)).toBe('routing');
    await deskAct(coordinator, 'jf-desk-case', 'action.routing.route', async (form) => {
      await deskField(form, 'field.complexity').selectOption('complex');
      await deskField(form, 'field.level').selectOption('town');
      await form.getByRole('checkbox', { name: departmentName('grid') }).check();
      await form.getByRole('checkbox', { name: departmentName('justice-bureau') }).check();
    });
    await expect.poll(() => deskStage(coordinator)).toBe('joint_handling');
    await shot(coordinator.page, 'desk-routed');

    // The tracker: both departments, each with its deadline to acknowledge, on time.
    await trackerShows('joint_handling');
    for (const id of ['grid', 'justice-bureau']) {
      const department = tracker.department(trackerTab.page, id);
      await department.waitFor({ timeout: 30_000 });
      expect(await shown(department)).toContain(departmentName(id));
      expect(await shown(department)).toContain(t.tracker('department.acknowledge_by'));
      expect(await department.getAttribute('data-supervision')).toBe('on_track');
    }
    await shot(trackerTab.page, 'tracker-departments');
    await expectNoSideScroll(trackerTab.page);

    // The grid acknowledges and reports; the justice bureau does nothing.
    const grid = await staffOnCase('department_handler:grid');
    await deskAct(grid, 'jf-desk-case', 'action.department.acknowledge');
    await deskAct(grid, 'jf-desk-case', 'action.department.report_progress', (form) =>
      deskField(form, 'field.summary').fill('网格员已上门查看，排水管确实漏水。'),
    );
    await expect.poll(() => shown(deskDepartment(grid, 'grid'))).toContain(deskText('phase.handling'));
    await grid.close();
    await expect
      .poll(() => shown(tracker.department(trackerTab.page, 'grid')), { timeout: 30_000 })
      .toContain(t.tracker('department.phase.handling'));
    await expect
      .poll(() => shown(tracker.department(trackerTab.page, 'grid')))
      .toContain(t.tracker('department.report_by'));

    // The justice bureau's deadline passes (the server's clock moves; the scheduler runs): urged.
    const assignment = (await server.staff('coordinator').getCase(receipt.caseNumber)).case.assignments[
      'justice-bureau'
    ]!;
    const dueBy = Date.parse(assignment.context.dueBy);
    await server.setClock(new Date(dueBy + HOUR).toISOString());
    await expect
      .poll(() => tracker.department(trackerTab.page, 'justice-bureau').getAttribute('data-supervision'), {
        timeout: 30_000,
      })
      .toBe('urged');
    expect(await shown(tracker.department(trackerTab.page, 'justice-bureau'))).toContain(
      t.tracker('supervision.urged'),
    );
    await shot(trackerTab.page, 'tracker-urged');

    // A supervisor sees it late, urges the bureau in the desk, and then it is escalated.
    const supervisor = await staffOnCase('supervisor');
    const late = deskDepartment(supervisor, 'justice-bureau');
    await expect.poll(() => shown(late), { timeout: 30_000 }).toContain(deskText('badge.urged'));
    await deskAct(supervisor, 'jf-desk-case', 'action.supervision.urge', async (form) => {
      await deskField(form, 'field.departmentId').selectOption('justice-bureau');
      await deskField(form, 'field.note').fill('请青山区司法局今天之内报到。');
    });
    const urgings = await server.staff('supervisor').getCase(receipt.caseNumber);
    expect(urgings.case.assignments['justice-bureau']!.context.urgings.map((u) => u.by)).toEqual(['system', 'staff']);
    await shot(supervisor.page, 'desk-urged');

    await server.setClock(new Date(dueBy + (qingshanTenant.sla.escalateAfterHours + 1) * HOUR).toISOString());
    await expect
      .poll(() => tracker.department(trackerTab.page, 'justice-bureau').getAttribute('data-supervision'), {
        timeout: 30_000,
      })
      .toBe('escalated');
    expect(await shown(tracker.department(trackerTab.page, 'justice-bureau'))).toContain(
      t.tracker('department.escalated_at'),
    );
    await shot(trackerTab.page, 'tracker-escalated');
    // The desk shows it escalated, on the case and in the supervisor's queue.
    await expect.poll(() => shown(late), { timeout: 30_000, interval: 1_000 }).toContain(deskText('badge.escalated'));
    await shot(supervisor.page, 'desk-escalated');
    await supervisor.page.goto(`${server.url}/desk/#/queue`);
    const row = supervisor.page.locator(`jf-desk-queue tr[data-case="${receipt.caseNumber}"]`);
    await row.waitFor({ timeout: 30_000 });
    expect(await shown(row)).toContain(deskText('badge.escalated'));
    await shot(supervisor.page, 'desk-queue-escalated');
    await supervisor.close();

    // Mediation: a session scheduled and recorded, then an agreement.
    await coordinator.page.reload();
    await coordinator.page.locator('jf-desk-case [data-actions]').waitFor();
    await deskAct(coordinator, 'jf-desk-case', 'action.mediation.start', (form) =>
      deskField(form, 'field.mediator').fill('松林司法所 陈调解员'),
    );
    await mediationRound(coordinator, '2030-03-04T10:00', '双方同意由邻居出资改管，本周内完工。');
    await expect.poll(() => deskStage(coordinator)).toBe('follow_up');
    await shot(coordinator.page, 'desk-agreement');
    await coordinator.close();

    await trackerShows('follow_up');
    await trackerTab.page.locator('jf-case-tracker [part="sessions"] [part="session"]').first().waitFor();
    await tracker.action(trackerTab.page, 'rate').waitFor({ timeout: 30_000 });
    await shot(trackerTab.page, 'tracker-agreement');
  }, 420_000);

  /** Schedule a mediation session at `at` (local time), record it, and record the agreement. */
  async function mediationRound(tab: DeskTab, at: string, summary: string) {
    await deskAct(tab, 'jf-desk-case', 'action.mediation.schedule_session', async (form) => {
      await deskField(form, 'field.at').fill(at);
      await deskField(form, 'field.mode').selectOption('in_person');
      await deskField(form, 'field.place').fill('松林镇综治中心调解室');
    });
    await trackerTab.page
      .locator('jf-case-tracker [part="sessions"] [part="session"]')
      .first()
      .waitFor({ timeout: 30_000 });
    await deskAct(tab, 'jf-desk-case', 'action.mediation.record_session', (form) =>
      deskField(form, 'field.summary').fill(summary),
    );
    await deskAct(tab, 'jf-desk-case', 'action.outcome.agreement', async (form) => {
      await deskField(form, 'field.summary').fill(summary);
      await deskField(form, 'field.agreementRef').fill('松调字〔2030〕第12号');
    });
  }

  /** The resident rates the outcome in the tracker. */
  async function rate(score: number, comment: string) {
    const form = tracker.action(trackerTab.page, 'rate');
    await form.getByRole('radio', { name: t.tracker('action.rate.option', { score }), exact: true }).check();
    await form.getByLabel(t.tracker('action.rate.comment')).fill(comment);
    await form.getByRole('button', { name: t.tracker('action.rate.submit') }).click();
  }

  it('the resident rates it low and asks to reopen; staff mediate again; the resident rates it well and the case closes', async () => {
    await rate(2, '对方没有按协议修排水管，还在滴水。');
    const reopen = tracker.action(trackerTab.page, 'request_reopen');
    await reopen.waitFor({ timeout: 30_000 });
    await shot(trackerTab.page, 'tracker-rated-low');
    await expectNoSideScroll(trackerTab.page);
    await reopen.getByLabel(t.tracker('action.request_reopen.reason')).fill('排水管没有修好，请再调解一次。');
    await reopen.getByRole('button', { name: t.tracker('action.request_reopen.submit') }).click();
    await trackerShows('mediation');
    await shot(trackerTab.page, 'tracker-reopened');

    const coordinator = await staffOnCase('coordinator');
    await expect.poll(() => deskStage(coordinator)).toBe('mediation');
    await mediationRound(coordinator, '2030-03-11T10:00', '邻居当场请工人改管，双方确认不再滴水。');
    await expect.poll(() => deskStage(coordinator)).toBe('follow_up');
    await coordinator.close();

    await trackerShows('follow_up');
    await rate(5, '问题解决了，谢谢调解员。');
    await trackerShows('closed');
    await expect
      .poll(() => trackerTab.page.locator('jf-case-tracker [part="ending"]').textContent(), { timeout: 30_000 })
      .toBe(t.tracker('ending.resolved'));
    await shot(trackerTab.page, 'tracker-closed');
    await expectNoSideScroll(trackerTab.page);
    // Every step above came into this tab live: it is still the document opened at registration.
    await expectSameDocument(trackerTab.page);
    await trackerTab.expectClean();

    const closed = await server.staff('supervisor').getCase(receipt.caseNumber);
    expect(closed.summary.stage).toBe('closed');
    expect(closed.case.followUp.reopenings).toHaveLength(1);
    expect((await server.staff('supervisor').verifyCase(receipt.caseNumber)).valid).toBe(true);
    await trackerTab.page.close();
  }, 300_000);

  it('takes a consultation from the resident’s request to the answer in the desk, shown to the resident', async () => {
    const QUESTION = '邻居在我家墙边搭了棚子，挡住了排水，我能要求他拆掉吗？';
    const ANSWER = '可以先请村调委会调解；相邻关系受民法典保护，妨碍排水的可要求排除妨碍。';
    const resident = await openPortalPage(phone, `${server.url}/consult.html`, ZH);
    const consult = (selector: string) => resident.page.locator(`jf-consult-request ${selector}`);
    const topic = consult('input[name="f-topicId"]').first();
    await topic.waitFor({ state: 'visible', timeout: 30_000 });
    await topic.check();
    await consult('#f-question').fill(QUESTION);
    await consult('input[name="f-channel"][value="video"]').check();
    await consult('#f-name').fill(RESIDENT.name);
    await consult('#f-phone').fill('13800138000');
    await consult('[part="submit-button"]').click();
    const numberCell = consult('[part="consultation-number"]');
    await numberCell.waitFor({ state: 'visible', timeout: 30_000 });
    const number = ((await numberCell.textContent()) ?? '').trim();
    await shot(resident.page, 'consult-requested');

    const coordinator = await openDesk(browser, server.url, server.token('coordinator'));
    await coordinator.page.getByRole('link', { name: deskText('nav.consultations') }).click();
    await coordinator.page.locator(`jf-desk-consultations tr[data-consultation="${number}"] a`).click();
    const screen = coordinator.page.locator('jf-desk-consultation');
    await screen.locator('[data-actions]').waitFor({ timeout: 30_000 });
    await deskAct(coordinator, 'jf-desk-consultation', 'action.consultation.assign', (form) =>
      deskField(form, 'field.lawyer').fill('李明律师'),
    );
    await screen.locator('[data-status="assigned"]').waitFor({ timeout: 30_000 });
    await deskAct(coordinator, 'jf-desk-consultation', 'action.consultation.schedule', async (form) => {
      await deskField(form, 'field.at').fill('2030-03-05T15:00');
      await deskField(form, 'field.channel').selectOption('video');
    });
    await screen.locator('[data-status="scheduled"]').waitFor({ timeout: 30_000 });
    await deskAct(coordinator, 'jf-desk-consultation', 'action.consultation.answer', (form) =>
      deskField(form, 'field.summary').fill(ANSWER),
    );
    await screen.locator('[data-status="answered"]').waitFor({ timeout: 30_000 });
    await shot(coordinator.page, 'desk-consult-answered');
    await coordinator.close();

    // The resident asks for the latest (the element's own refresh button) and reads the answer.
    await expect
      .poll(
        async () => {
          await consult('.refresh button').click();
          return consult('[part="tracking"]').getAttribute('data-status');
        },
        { timeout: 30_000, interval: 1_000 },
      )
      .toBe('answered');
    expect(await consult('[data-answer]').textContent()).toBe(ANSWER);
    await shot(resident.page, 'consult-answered');
    await expectNoSideScroll(resident.page);
    await resident.expectClean();
    await resident.page.close();
  }, 240_000);
});
