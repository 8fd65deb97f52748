// <jf-case-tracker> against the real reference server (started by the test runner's
// `jiefenServerPlugin`, its own process on SQLite): the element is configured by its attributes
// only (`endpoint`, `tenant`), opened from the receipt's tracking link, and follows the case live
// (Server-Sent Events) while staff move it over the staff HTTP API with the demo staff tokens.
import 'axe-core/axe.min.js';
import { qingshanSampleFiling } from '@jiefen/core/demo';
import { createClient, memoryStorage } from '@jiefen/sdk';
import { createRestBackend } from '@jiefen/sdk/rest';
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { JfCaseTracker } from '../src/case-tracker/case-tracker.js';
import { axeViolations } from './support/axe.js';
import { liveServerUrl, staffCommand } from './support/live-staff.js';
import { part, parts, root, settled } from './support/tracker.js';

const staff = (caseNumber: string, as: string, command: Record<string, unknown>) =>
  staffCommand({ caseNumber }, as, command);
const currentStage = (el: JfCaseTracker) =>
  (root(el).querySelector('[part~="stages"] [aria-current="step"]') as HTMLElement | null)?.dataset.stage;

describe('<jf-case-tracker> live against the real server', () => {
  afterEach(() => history.replaceState(null, '', location.pathname));

  it('shows each move staff make, announced politely, focus untouched', async function () {
    // Starting the server compiles it from source (tsx) on first use: allow for a slow, shared machine.
    this.timeout(120_000);
    const url = await liveServerUrl();
    const resident = createClient({
      backend: createRestBackend({ baseUrl: url, tenant: 'qingshan' }),
      storage: memoryStorage(),
    });
    const receipt = await resident.fileCase(qingshanSampleFiling());
    await resident.close();

    history.replaceState(null, '', `${location.pathname}#jf-track=${encodeURIComponent(receipt.trackingToken)}`);
    const el = await fixture<JfCaseTracker>(
      html`<jf-case-tracker endpoint=${url} tenant="qingshan" lang="zh-CN"></jf-case-tracker>`,
    );
    await settled(el, 'the case from the server');
    expect(root(el).getElementById('case-heading')!.textContent).to.contain(receipt.caseNumber);
    expect(location.hash).to.equal('');
    expect(currentStage(el)).to.equal('registration');
    const live = part(el, 'announcement')!;
    const print = part<HTMLButtonElement>(el, 'print-button')!;
    print.focus();

    await staff(receipt.caseNumber, 'intake_officer', { type: 'intake.accept', firstLineMediation: false });
    await waitUntil(() => currentStage(el) === 'risk_assessment', 'risk assessment, live', { timeout: 15_000 });
    expect(live.textContent).to.contain('案件进入新阶段：风险研判');

    await staff(receipt.caseNumber, 'coordinator', { type: 'risk.assess', level: 'low' });
    await waitUntil(() => currentStage(el) === 'routing', 'routing, live', { timeout: 15_000 });

    await staff(receipt.caseNumber, 'coordinator', {
      type: 'routing.route',
      complexity: 'complex',
      level: 'town',
      departmentIds: ['labour-bureau', 'justice-songlin'],
    });
    await waitUntil(() => parts(el, 'department').length === 2, 'the called departments', { timeout: 15_000 });
    expect(currentStage(el)).to.equal('joint_handling');
    expect(part(el, 'next')!.textContent).to.contain('等待相关部门');

    await staff(receipt.caseNumber, 'department_handler:labour-bureau', {
      type: 'department.acknowledge',
      departmentId: 'labour-bureau',
    });
    const labour = () => parts(el, 'department').find((d) => d.dataset.department === 'labour-bureau');
    await waitUntil(() => labour()?.textContent?.includes('已报到，办理中'), 'the acknowledgement', {
      timeout: 15_000,
    });
    expect(labour()!.textContent).to.contain('办结期限');
    expect(live.textContent).to.contain('已报到');

    expect(root(el).activeElement, 'focus stayed on the print button').to.equal(print);
    expect(await axeViolations(root(el))).to.deep.equal([]);
  });
});
