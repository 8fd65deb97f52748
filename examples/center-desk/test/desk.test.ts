import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatMessage } from '@jiefen/core';
import {
  QINGSHAN_DEMO_HANDLER_DEPARTMENTS,
  qingshanSampleConsultation,
  qingshanSampleFiling,
  qingshanTenant,
} from '@jiefen/core/demo';
import { createRestBackend, uuidv7 } from '@jiefen/sdk';
import { buildServer, type DemoStaffAccount, ManualClock, seedDemoStaff } from '@jiefen/server';
import type { FastifyInstance } from 'fastify';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, watchPage } from '../../../test/e2e/support/browser.js';

const here = fileURLToPath(new URL('..', import.meta.url));
const dist = join(here, 'dist');
const WCAG_22_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
/** The text a reader sees (rendered, whitespace collapsed), as playwright's locator reports it. */
// biome-ignore lint/performance/useDomNodeTextContent: playwright's Locator.innerText, not the DOM property
const shown = (locator: Locator) => locator.innerText();
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Newest modification time under a folder (to rebuild the desk only when its sources changed). */
function newest(dir: string): number {
  return Math.max(
    ...readdirSync(dir, { withFileTypes: true }).map((entry) =>
      entry.isDirectory() ? newest(join(dir, entry.name)) : statSync(join(dir, entry.name)).mtimeMs,
    ),
  );
}

/** The desk as `pnpm build` makes it (its own rollup config), rebuilt when the sources are newer. */
function buildDesk(): void {
  const built = join(dist, 'desk.js');
  if (existsSync(built) && statSync(built).mtimeMs > Math.max(newest(join(here, 'src')), newest(join(here, 'public'))))
    return;
  const rollupBin = createRequire(import.meta.url).resolve('rollup/dist/bin/rollup');
  execFileSync(process.execPath, [rollupBin, '-c', join(here, 'rollup.config.js')], { cwd: here, stdio: 'pipe' });
}

// The centre desk as `pnpm start` serves it: the built desk under /desk/ on the real server (SQLite,
// the seeded qingshan tenant, its demo staff accounts), in the machine's Chromium, under the server's
// strict page policy.
describe('the centre desk against the real server', () => {
  let app: FastifyInstance;
  let baseUrl: string;
  let dataDir: string;
  let browser: Browser;
  let accounts: DemoStaffAccount[];
  let caseNumber: string;
  // The server's clock, moved by the urging test to make a department miss its deadline.
  const clock = new ManualClock();
  const token = (key: string) => {
    const account = accounts.find((a) => a.key === key);
    if (!account) throw new Error(`no demo account ${key}`);
    return account.token;
  };

  beforeAll(async () => {
    buildDesk();
    dataDir = mkdtempSync(join(tmpdir(), 'jiefen-desk-'));
    app = await buildServer(
      {
        dataDir,
        logLevel: 'silent',
        seedTenants: [{ config: qingshanTenant, allowedOrigins: [] }],
        scheduler: { enabled: false },
      },
      { staticSites: [{ prefix: '/desk/', root: dist }], clock },
    );
    accounts = await seedDemoStaff(
      app,
      qingshanTenant,
      QINGSHAN_DEMO_HANDLER_DEPARTMENTS,
      join(dataDir, 'tokens.json'),
    );
    await app.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const resident = createRestBackend({ baseUrl, tenant: 'qingshan' });
    caseNumber = (await resident.fileCase(qingshanSampleFiling(), { idempotencyKey: uuidv7() })).caseNumber;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  /** A fresh tab (its own sessionStorage) with the desk open, watched for policy violations and errors. */
  async function openDesk(locale = 'zh-CN') {
    const context = await browser.newContext({ locale, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const report = await watchPage(page);
    await page.goto(`${baseUrl}/desk/`);
    await page.locator('jf-center-desk h1').waitFor();
    return {
      page,
      report,
      // Every tab ends clean: no CSP or Trusted Types violation, no uncaught error, no failed request.
      async close() {
        expect(report.errors).toEqual([]);
        expect(await report.violations()).toEqual([]);
        await context.close();
      },
    };
  }

  async function signIn(page: Page, key: string) {
    await page.locator('jf-center-desk #token').fill(token(key));
    await page.locator('jf-center-desk form button[type="submit"]').click();
    await page.locator('jf-center-desk [data-who]').waitFor();
  }

  async function axe(page: Page): Promise<string[]> {
    // Evaluated through the DevTools protocol, so the page's CSP does not apply to the checker itself.
    await page.evaluate(axeSource);
    return page.evaluate(async (tags) => {
      const run = (
        window as unknown as {
          axe: {
            run(
              c: unknown,
              o: unknown,
            ): Promise<{ violations: Array<{ id: string; nodes: Array<{ target: unknown }> }> }>;
          };
        }
      ).axe;
      const { violations } = await run.run(document, { runOnly: { type: 'tag', values: tags } });
      return violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${JSON.stringify(n.target)}`));
    }, WCAG_22_AA);
  }

  const caseRow = (page: Page) => page.locator(`jf-desk-queue tr[data-case="${caseNumber}"]`);

  async function openCase(page: Page, number = caseNumber) {
    await page.goto(`${baseUrl}/desk/#/case/${number}`);
    await page.locator('jf-desk-case [data-actions]').waitFor();
  }

  /** Open an action's generated form, fill it through `fill`, submit, and wait for the server's answer. */
  async function act(page: Page, type: string, fill: (form: ReturnType<Page['locator']>) => Promise<void>) {
    await page.locator(`jf-desk-case button[data-action="${type}"]`).click();
    const form = page.locator('jf-desk-case jf-desk-action-form');
    await form.locator('form').waitFor();
    await fill(form);
    await form.locator('button[type="submit"]').click();
    await page.locator('jf-desk-case [data-sent]').waitFor();
  }

  it('signs in as every demo role, shows who is signed in, keeps the token in this tab only, and signs out', async () => {
    expect(accounts.length).toBeGreaterThanOrEqual(5);
    for (const account of accounts) {
      const { page, report, close } = await openDesk();
      await signIn(page, account.key);
      const who = await shown(page.locator('jf-center-desk [data-who]'));
      expect(who).toContain(account.name);
      expect(await page.evaluate(() => sessionStorage.getItem('jiefen.desk.token'))).toBe(account.token);
      expect(await page.evaluate(() => localStorage.length)).toBe(0);
      // Administrators get the accounts screen; acting roles the queues.
      const screen = account.role === 'admin' ? 'jf-desk-admin' : 'jf-desk-queue';
      await page.locator(`${screen} h1`).waitFor();
      await page.locator('jf-center-desk [data-sign-out]').click();
      await page.locator('jf-center-desk #token').waitFor();
      expect(await page.evaluate(() => sessionStorage.getItem('jiefen.desk.token'))).toBeNull();
      expect(report.errors).toEqual([]);
      expect(await report.violations()).toEqual([]);
      await close();
    }
    // Twelve sign-ins in a row on a shared machine.
  }, 240_000);

  it('refuses a wrong token with the SDK message and stays signed out', async () => {
    const { page, report, close } = await openDesk();
    await page.locator('jf-center-desk #token').fill('jfs_not-a-real-token');
    await page.locator('jf-center-desk form button[type="submit"]').click();
    const error = page.locator('jf-center-desk [data-sign-in-error]');
    await error.waitFor();
    expect(await shown(error)).toContain('登录失败');
    expect(await page.evaluate(() => sessionStorage.getItem('jiefen.desk.token'))).toBeNull();
    // The one failed request is the refused sign-in itself.
    expect(report.errors.splice(0)).toEqual([expect.stringMatching(/^HTTP 401: .*\/api\/v1\/staff\/me$/)]);
    await close();
  });

  it('shows the filed case in the registration queue with its count, and the sign-in and queue screens pass axe', async () => {
    const { page, close } = await openDesk();
    expect(await axe(page)).toEqual([]);
    await signIn(page, 'intake_officer');
    await caseRow(page).waitFor();
    const registration = page.locator('jf-desk-queue button[data-stage="registration"] [data-count]');
    expect(Number(await shown(registration))).toBeGreaterThanOrEqual(1);
    await page.locator('jf-desk-queue button[data-stage="routing"]').click();
    expect(await caseRow(page).count()).toBe(0);
    await page.locator('jf-desk-queue button[data-stage="registration"]').click();
    await caseRow(page).waitFor();
    expect(await axe(page)).toEqual([]);
    await close();
  });

  it('moves the case through registration, risk assessment and routing to two departments as the right roles', async () => {
    const intake = await openDesk();
    await signIn(intake.page, 'intake_officer');
    await openCase(intake.page);
    // An intake officer may register, never assess risk.
    expect(await intake.page.locator('jf-desk-case button[data-action="risk.assess"]').count()).toBe(0);
    await act(intake.page, 'intake.accept', async () => {});
    await intake.page.locator('jf-desk-case [data-stage="risk_assessment"]').waitFor();
    await intake.close();

    const coordinator = await openDesk();
    await signIn(coordinator.page, 'coordinator');
    await openCase(coordinator.page);
    await act(coordinator.page, 'risk.assess', async (form) => {
      await form.locator('select[name="level"]').selectOption('medium');
      await form.locator('textarea[name="factors"]').fill('拖欠工资三个月\n当事人情绪激动');
    });
    await coordinator.page.locator('jf-desk-case [data-stage="routing"]').waitFor();
    await act(coordinator.page, 'routing.route', async (form) => {
      await form.locator('select[name="complexity"]').selectOption('complex');
      await form.locator('select[name="level"]').selectOption('town');
      await form.locator('input[name="departmentIds"][value="labour-bureau"]').check();
      await form.locator('input[name="departmentIds"][value="justice-bureau"]').check();
    });
    await coordinator.page.locator('jf-desk-case [data-stage="joint_handling"]').waitFor();
    const deadlines = coordinator.page.locator('jf-desk-case [data-deadlines] li');
    await expect.poll(() => deadlines.count()).toBe(2);
    expect(await shown(deadlines.first())).toMatch(/剩余 \d+ 小时 \d+ 分/);
    expect(await coordinator.page.locator('jf-desk-case [data-timeline] li[data-type="routing.route"]').count()).toBe(
      1,
    );
    expect(await axe(coordinator.page)).toEqual([]);
    await coordinator.close();

    const detail = await createRestBackend({
      baseUrl,
      tenant: 'qingshan',
      staffCredential: () => token('coordinator'),
    }).staff!.getCase(caseNumber);
    expect(Object.keys(detail.case.assignments).sort()).toEqual(['justice-bureau', 'labour-bureau']);
  });

  it("rejects bad input in a generated form with the core's localized message and sends nothing", async () => {
    const { page, close } = await openDesk();
    await signIn(page, 'coordinator');
    await openCase(page);
    const before = await createRestBackend({
      baseUrl,
      tenant: 'qingshan',
      staffCredential: () => token('coordinator'),
    }).staff!.getCase(caseNumber);
    await page.locator('jf-desk-case button[data-action="handling.convene_session"]').click();
    const form = page.locator('jf-desk-case jf-desk-action-form');
    await form.locator('select[name="mode"]').waitFor();
    await form.locator('button[type="submit"]').click();
    const atError = form.locator('#' + (await form.locator('input[name="at"]').getAttribute('id')) + '-error');
    await atError.waitFor();
    expect(await shown(atError)).toBe(formatMessage('validation.required', {}, 'zh-CN'));
    expect(await form.locator('input[name="at"]').getAttribute('aria-invalid')).toBe('true');
    // Focus went to the first field in error, for keyboard and screen-reader users.
    expect(await form.evaluate((el) => (el.shadowRoot?.activeElement as HTMLInputElement | null)?.name)).toBe('at');
    expect(await axe(page)).toEqual([]);
    const after = await createRestBackend({
      baseUrl,
      tenant: 'qingshan',
      staffCredential: () => token('coordinator'),
    }).staff!.getCase(caseNumber);
    expect(after.timeline.length).toBe(before.timeline.length);
    await close();
  });

  it('shows a department handler only their own department and lets them act only for it', async () => {
    const other = await openDesk();
    await signIn(other.page, 'department_handler:grid');
    // Loaded (not merely loading): the queue says it is empty.
    await other.page.locator('jf-desk-queue p[data-empty]', { hasText: '此队列暂无案件' }).waitFor();
    expect(await caseRow(other.page).count()).toBe(0);
    expect(await other.page.locator('jf-desk-queue #filter-department').count()).toBe(0);
    await other.close();

    const labour = await openDesk();
    await signIn(labour.page, 'department_handler:labour-bureau');
    await caseRow(labour.page).waitFor();
    await labour.page.locator(`jf-desk-queue a[href="#/case/${caseNumber}"]`).click();
    await labour.page.locator('jf-desk-case [data-actions]').waitFor();
    await labour.page.locator('jf-desk-case button[data-action="department.acknowledge"]').click();
    const select = labour.page.locator('jf-desk-case jf-desk-action-form select[name="departmentId"]');
    await select.waitFor();
    // The one department offered is the handler's own.
    expect(
      await select.locator('option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value)),
    ).toEqual(['labour-bureau']);
    await labour.page.locator('jf-desk-case jf-desk-action-form button[type="submit"]').click();
    await labour.page.locator('jf-desk-case [data-sent]').waitFor();
    expect(await shown(labour.page.locator('jf-desk-case [data-department="labour-bureau"]'))).toContain('办理中');
    expect(await shown(labour.page.locator('jf-desk-case [data-department="justice-bureau"]'))).toContain('待报到');
    await labour.close();
  });

  it('shows a department that missed its deadline as urged, lets a supervisor urge it, and shows it escalated', async () => {
    const staff = createRestBackend({ baseUrl, tenant: 'qingshan', staffCredential: () => token('supervisor') }).staff!;
    const bureau = async () => (await staff.getCase(caseNumber)).case.assignments['justice-bureau']!.context;
    const dueBy = Date.parse((await bureau()).dueBy);
    const hours = (n: number) => new Date(dueBy + n * 3_600_000);
    // The justice bureau never acknowledged: an hour past its deadline the scheduler urges it.
    clock.set(hours(1));
    await app.jiefen.scheduler.runOnce();
    const { page, close } = await openDesk();
    await signIn(page, 'supervisor');
    await openCase(page);
    const late = page.locator('jf-desk-case [data-department="justice-bureau"]');
    expect(await shown(late)).toContain('催办');
    expect(await shown(late)).not.toContain('督办');
    await act(page, 'supervision.urge', async (form) => {
      await form.locator('select[name="departmentId"]').selectOption('justice-bureau');
      await form.locator('textarea[name="note"]').fill('请司法局今天之内报到。');
    });
    expect((await bureau()).urgings.map((u) => u.by)).toEqual(['system', 'staff']);
    // Still nothing a day later: escalated to supervision, on the department and on the case.
    clock.set(hours(qingshanTenant.sla.escalateAfterHours + 1));
    await app.jiefen.scheduler.runOnce();
    await page.locator('jf-desk-case button', { hasText: '刷新' }).click();
    await expect.poll(() => shown(late)).toContain('督办');
    expect(await shown(page.locator('jf-desk-case p.row').first())).toContain('督办');
    expect((await bureau()).escalatedAt).toBe(hours(qingshanTenant.sla.escalateAfterHours + 1).toISOString());
    expect(await axe(page)).toEqual([]);
    await close();
  });

  it('lets a supervisor escalate (督办) a department by hand right after urging it, with a reason', async () => {
    // A case of its own, brought to joint handling through the SDK's staff API (the forms for these
    // steps are exercised above); the justice bureau is called and is still on time.
    const staffAs = (key: string) =>
      createRestBackend({ baseUrl, tenant: 'qingshan', staffCredential: () => token(key) }).staff!;
    const resident = createRestBackend({ baseUrl, tenant: 'qingshan' });
    const number = (await resident.fileCase(qingshanSampleFiling(), { idempotencyKey: uuidv7() })).caseNumber;
    await staffAs('intake_officer').transition(number, { type: 'intake.accept', firstLineMediation: false });
    await staffAs('coordinator').transition(number, { type: 'risk.assess', level: 'low' });
    await staffAs('coordinator').transition(number, {
      type: 'routing.route',
      complexity: 'complex',
      level: 'town',
      departmentIds: ['justice-bureau'],
    });
    const { page, close } = await openDesk();
    await signIn(page, 'supervisor');
    await openCase(page, number);
    const bureau = page.locator('jf-desk-case [data-department="justice-bureau"]');
    expect(await shown(bureau)).not.toContain('督办');
    await act(page, 'supervision.urge', async (form) => {
      await form.locator('select[name="departmentId"]').selectOption('justice-bureau');
    });
    await expect.poll(() => shown(bureau)).toContain('催办');
    expect(await shown(bureau)).not.toContain('督办');
    await act(page, 'supervision.escalate', async (form) => {
      await form.locator('select[name="departmentId"]').selectOption('justice-bureau');
      await form.locator('textarea[name="note"]').fill('催办后仍未报到，提请督办。');
    });
    await expect.poll(() => shown(bureau)).toContain('督办');
    expect(await page.locator('jf-desk-case [data-timeline] li[data-type="supervision.escalate"]').count()).toBe(1);
    const { case: escalated } = await staffAs('supervisor').getCase(number);
    expect(escalated.assignments['justice-bureau']!.value).toEqual({ called: 'escalated' });
    expect(escalated.assignments['justice-bureau']!.context).toMatchObject({
      escalatedBy: 'staff',
      escalationNote: '催办后仍未报到，提请督办。',
    });
    expect(await axe(page)).toEqual([]);
    await close();
  });

  it("lets a supervisor see late cases first and verify the case's hash chain", async () => {
    const { page, close } = await openDesk();
    await signIn(page, 'supervisor');
    await page.locator('jf-desk-queue p.muted').first().waitFor();
    await openCase(page);
    await page.locator('jf-desk-case button[data-verify]').click();
    const verdict = page.locator('jf-desk-case [data-verification] .success');
    await verdict.waitFor();
    expect(await shown(verdict)).toMatch(/留痕完整：\d+ 条记录/);
    await close();
  });

  it('switches between the three locales and keeps the choice in this tab', async () => {
    const { page, close } = await openDesk();
    await signIn(page, 'coordinator');
    await page.locator('jf-center-desk [data-language]').selectOption('en');
    await expect.poll(() => shown(page.locator('jf-desk-queue h1'))).toBe('Case queue');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await page.locator('jf-center-desk [data-language]').selectOption('zh-HK');
    await expect.poll(() => shown(page.locator('jf-desk-queue h1'))).toBe('案件隊列');
    await page.reload();
    await expect.poll(() => shown(page.locator('jf-desk-queue h1'))).toBe('案件隊列');
    expect(await axe(page)).toEqual([]);
    await close();
  });

  it('can be used with the keyboard alone: sign in, open a case, add a note', async () => {
    const { page, close } = await openDesk();
    const focused = () =>
      page.evaluate(() => {
        let el: Element | null = document.activeElement;
        while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
        return el
          ? `${el.tagName.toLowerCase()}${el.getAttribute('name') ? `[name=${el.getAttribute('name')}]` : ''}`
          : '';
      });
    // Tab until the token field has focus, type, Enter.
    for (let i = 0; i < 10 && (await focused()) !== 'input[name=token]'; i += 1) await page.keyboard.press('Tab');
    expect(await focused()).toBe('input[name=token]');
    await page.keyboard.type(token('coordinator'));
    await page.keyboard.press('Enter');
    await caseRow(page).waitFor();
    // Focus lands on the screen's heading; the case link is reachable by Tab.
    for (let i = 0; i < 40 && (await focused()) !== 'a'; i += 1) await page.keyboard.press('Tab');
    const link = await page.evaluate(() => {
      let el: Element | null = document.activeElement;
      while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
      return el?.getAttribute('href');
    });
    expect(link).toMatch(/^#\/(queue|case\/|consultations)/);
    await page.goto(`${baseUrl}/desk/#/case/${caseNumber}`);
    await page.locator('jf-desk-case [data-actions]').waitFor();
    await page.locator('jf-desk-case button[data-action="case.add_note"]').focus();
    await page.keyboard.press('Enter');
    // The form opens with its first field focused.
    await expect.poll(focused).toBe('textarea[name=text]');
    await page.keyboard.type('已电话联系申请人，约定周三到中心。');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.locator('jf-desk-case [data-sent]').waitFor();
    expect(await focused()).toBe('p');
    await close();
  });
  it('takes a consultation from the queue through assign, schedule and answer', async () => {
    const resident = createRestBackend({ baseUrl, tenant: 'qingshan' });
    const { consultationNumber } = await resident.requestConsultation(qingshanSampleConsultation(), {
      idempotencyKey: uuidv7(),
    });
    const { page, close } = await openDesk();
    await signIn(page, 'coordinator');
    await page.locator('jf-center-desk nav a[href="#/consultations"]').click();
    const row = page.locator(`jf-desk-consultations tr[data-consultation="${consultationNumber}"]`);
    await row.waitFor();
    expect(await axe(page)).toEqual([]);
    await row.locator('a').click();
    const screen = page.locator('jf-desk-consultation');
    const step = async (type: string, fill: (form: ReturnType<Page['locator']>) => Promise<void>, status: string) => {
      await screen.locator(`button[data-action="${type}"]`).click();
      const form = screen.locator('jf-desk-action-form');
      await form.locator('form').waitFor();
      await fill(form);
      await form.locator('button[type="submit"]').click();
      await screen.locator(`[data-status="${status}"]`).waitFor();
    };
    await step('consultation.assign', (form) => form.locator('input[name="lawyer"]').fill('张律师'), 'assigned');
    await step(
      'consultation.schedule',
      async (form) => {
        await form.locator('input[name="at"]').fill('2030-03-04T10:00');
        await form.locator('select[name="channel"]').selectOption('phone');
      },
      'scheduled',
    );
    await step(
      'consultation.answer',
      (form) => form.locator('textarea[name="summary"]').fill('可向劳动仲裁委员会申请仲裁，时效一年。'),
      'answered',
    );
    expect(await axe(page)).toEqual([]);
    await close();
  });

  it('lets an administrator add a handler, issue a token that signs in, and add a webhook with its delivery log', async () => {
    const { page, close } = await openDesk();
    await signIn(page, 'admin');
    const admin = page.locator('jf-desk-admin');
    await admin.locator('tr[data-member]').first().waitFor();
    await admin.locator('button[data-create="member"]').click();
    const form = admin.locator('jf-desk-action-form');
    await form.locator('input[name="name"]').fill('白石法庭 陈');
    await form.locator('select[name="role"]').selectOption('department_handler');
    await form.locator('select[name="departmentId"]').selectOption('tribunal-baishi');
    await form.locator('button[type="submit"]').click();
    await admin.locator('[data-member-detail]').waitFor();
    await admin.locator('button[data-create="token"]').click();
    await admin.locator('jf-desk-action-form input[name="label"]').fill('desk 2');
    await admin.locator('jf-desk-action-form input[name="expiresInDays"]').fill('400');
    await admin.locator('jf-desk-action-form button[type="submit"]').click();
    // 400 days is past the core's limit: the core's message, nothing issued.
    await admin.locator('jf-desk-action-form [part="error"]').waitFor();
    expect(await shown(admin.locator('jf-desk-action-form [part="error"]'))).toBe(
      formatMessage('validation.max_value', { max: 365 }, 'zh-CN'),
    );
    await admin.locator('jf-desk-action-form input[name="expiresInDays"]').fill('30');
    await admin.locator('jf-desk-action-form button[type="submit"]').click();
    const issued = admin.locator('[data-issued-token]');
    await issued.waitFor();
    const handlerToken = await shown(issued);
    expect(handlerToken).toMatch(/^jfs_/);
    expect(await admin.locator('[data-member-detail] tr[data-token]').count()).toBe(1);

    await admin.locator('button[data-create="webhook"]').click();
    await admin.locator('jf-desk-action-form input[name="url"]').fill('http://127.0.0.1:9/hook');
    await admin.locator('jf-desk-action-form button[type="submit"]').click();
    await admin.locator('[data-secret]').waitFor();
    await createRestBackend({ baseUrl, tenant: 'qingshan' }).fileCase(qingshanSampleFiling(), {
      idempotencyKey: uuidv7(),
    });
    await admin.locator('tr[data-webhook] button').first().click();
    await admin.locator('[data-deliveries] tbody tr').first().waitFor();
    expect(await axe(page)).toEqual([]);
    await close();

    const handler = await openDesk();
    await handler.page.locator('jf-center-desk #token').fill(handlerToken);
    await handler.page.locator('jf-center-desk form button[type="submit"]').click();
    expect(await shown(handler.page.locator('jf-center-desk [data-who]'))).toContain('白石法庭 陈');
    await handler.close();
  });
});
