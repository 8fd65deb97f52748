import type { Browser, Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import desk, { type DeskMessageKey } from '../../../examples/center-desk/src/i18n/zh-CN.js';
import { type PageReport, watchPage } from './browser.js';

// What staff do in the centre desk (examples/center-desk), in its default language, through its
// controls found by their accessible names (the desk's zh-CN catalog): the forms it generates from the
// core's event catalog, never the API.

/** A desk message (zh-CN) with its `{placeholders}` filled. */
export function deskText(key: DeskMessageKey, values: Record<string, string | number> = {}): string {
  return desk[key].replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? `{${name}}`));
}

export interface DeskTab {
  page: Page;
  report: PageReport;
  close(): Promise<void>;
}

/** A staff member's own tab (own sessionStorage), signed in with their token. */
export async function openDesk(browser: Browser, url: string, token: string): Promise<DeskTab> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const report = await watchPage(page);
  await page.goto(`${url}/desk/`);
  await page.getByLabel(deskText('signin.token')).fill(token);
  await page.getByRole('button', { name: deskText('signin.submit'), exact: true }).click();
  await page.locator('jf-center-desk [data-who]').waitFor({ timeout: 30_000 });
  return {
    page,
    report,
    async close() {
      expect(await report.violations()).toEqual([]);
      expect(report.errors).toEqual([]);
      await context.close();
    },
  };
}

/**
 * A generated form's field by its label (the desk's name for the payload field). Anchored at the start:
 * the form itself is labelled by its action, which may contain a field's name (指派律师 / 律师).
 */
export function deskField(form: Locator, key: DeskMessageKey): Locator {
  return form.getByLabel(new RegExp(`^${deskText(key).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
}

/** Open a case's page and wait until its actions are there. */
export async function openDeskCase(tab: DeskTab, url: string, caseNumber: string): Promise<void> {
  await tab.page.goto(`${url}/desk/#/case/${caseNumber}`);
  await tab.page.locator('jf-desk-case [data-actions]').waitFor({ timeout: 30_000 });
}

/**
 * Open an action's generated form by its button (the action's name), fill it through `fill`, submit
 * it, and wait for the desk's confirmation of that action.
 */
export async function deskAct(
  tab: DeskTab,
  screen: 'jf-desk-case' | 'jf-desk-consultation',
  action: DeskMessageKey,
  fill: (form: Locator) => Promise<void> = async () => {},
): Promise<void> {
  const root = tab.page.locator(screen);
  await root.getByRole('button', { name: deskText(action), exact: true }).click();
  const form = root.locator('jf-desk-action-form');
  await form.locator('form').waitFor();
  await fill(form);
  await form.getByRole('button', { name: deskText('form.submit'), exact: true }).click();
  if (screen === 'jf-desk-case')
    await root
      .locator('[data-sent]', { hasText: deskText('case.sent', { action: deskText(action) }) })
      .waitFor({ timeout: 30_000 });
  else await form.waitFor({ state: 'detached', timeout: 30_000 });
}

/** The desk's stage marker on a case page (the core's stage name). */
export const deskStage = (tab: DeskTab) => tab.page.locator('jf-desk-case [data-stage]').getAttribute('data-stage');
