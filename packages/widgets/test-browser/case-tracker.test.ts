// <jf-case-tracker> in real Chromium on the SDK's local backend (demo tenant 青山区): each stage of
// the closed loop rendered with zero axe violations (WCAG 2.2 AA), deadlines in words and relative,
// departments with urging on themselves, the timeline localized and paged, actions only when allowed.
import 'axe-core/axe.min.js';
import { createClient, memoryStorage } from '@jiefen/sdk';
import { expect, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { JfCaseTracker } from '../src/case-tracker/case-tracker.js';
import { axeViolations } from './support/axe.js';
import { caseAt, LOOP, type LoopStage } from './support/case-loop.js';
import { mountTracker, part, parts, root } from './support/tracker.js';

async function expectNoAxeViolations(el: JfCaseTracker, state: string) {
  expect(await axeViolations(root(el)), `axe violations in "${state}"`).to.deep.equal([]);
}

const offered = (el: JfCaseTracker) => parts(el, 'action').map((a) => a.dataset.action);

/** Which closed-loop stage each milestone shows as current, and what the resident may do there. */
const EXPECTED: Record<LoopStage, { current: string; actions: string[]; who: string }> = {
  registration: { current: 'registration', actions: ['add_evidence', 'withdraw'], who: 'centre' },
  information_requested: {
    current: 'registration',
    actions: ['supply_information', 'add_evidence', 'withdraw'],
    who: 'resident',
  },
  risk_assessment: { current: 'risk_assessment', actions: ['add_evidence', 'withdraw'], who: 'centre' },
  routing: { current: 'routing', actions: ['add_evidence', 'withdraw'], who: 'centre' },
  joint_handling: { current: 'joint_handling', actions: ['add_evidence', 'withdraw'], who: 'departments' },
  mediation: { current: 'mediation', actions: ['add_evidence', 'withdraw'], who: 'centre' },
  follow_up: { current: 'follow_up', actions: ['add_evidence', 'rate'], who: 'resident' },
  closed: { current: 'closed', actions: [], who: 'nobody' },
};

describe('<jf-case-tracker> through the closed loop', () => {
  afterEach(() => history.replaceState(null, '', location.pathname));

  for (const { name } of LOOP) {
    it(`${name}: stage marked current, who it waits for, only the allowed actions, no axe violations`, async () => {
      const { client, receipt } = await caseAt(name);
      const el = await mountTracker(client, { token: receipt.trackingToken });
      const expected = EXPECTED[name];
      const current = root(el).querySelector('[part~="stages"] [aria-current="step"]') as HTMLElement;
      expect(current.dataset.stage).to.equal(expected.current);
      expect(root(el).querySelectorAll('[part~="stages"] [aria-current]').length).to.equal(1);
      expect((root(el).querySelector('.who') as HTMLElement).dataset.who).to.equal(expected.who);
      expect(offered(el)).to.deep.equal(expected.actions);
      expect(el.snapshot!.context.view!.allowedActions.map((a) => a.replace('resident.', '')).sort()).to.deep.equal(
        [...expected.actions].sort(),
      );
      expect(parts(el, 'timeline-entry').length).to.equal(el.snapshot!.context.view!.timeline.length);
      await expectNoAxeViolations(el, name);
    });
  }

  it('joint handling: each department with its deadline in words and relative, urged on the department itself', async () => {
    const { client, receipt } = await caseAt('joint_handling');
    const el = await mountTracker(client, { token: receipt.trackingToken });
    const departments = parts(el, 'department');
    expect(departments.map((d) => d.dataset.department)).to.have.members(['labour-bureau', 'justice-songlin']);
    const labour = departments.find((d) => d.dataset.department === 'labour-bureau')!;
    const justice = departments.find((d) => d.dataset.department === 'justice-songlin')!;
    expect(labour.textContent).to.contain('区人力资源和社会保障局'.slice(0, 2));
    expect(labour.textContent).to.contain('已报到，办理中');
    expect(labour.textContent).to.contain('办结期限');
    expect(labour.textContent).to.match(/\d+\s*(天|小时|分钟)后/);
    expect(justice.textContent).to.contain('已召集，待报到');
    expect(justice.textContent).to.contain('报到期限');
    expect(justice.dataset.supervision).to.equal('urged');
    expect(justice.querySelector('[part~="badge"]')!.textContent).to.contain('已催办');
    expect(labour.querySelector('[part~="badge"]')).to.equal(null);
    const session = part(el, 'session')!;
    expect(session.textContent).to.contain('松林镇综治中心二楼');
  });

  it('information requested: the requested fields read as the tenant’s form names them, in the page’s locale', async () => {
    const { receipt, client } = await caseAt('information_requested');
    const requested = (el: JfCaseTracker) =>
      [...root(el).querySelectorAll('.requested li')].map((li) => li.textContent!.trim());
    const zh = await mountTracker(client, { token: receipt.trackingToken });
    await waitUntil(() => requested(zh).includes('被拖欠工资几个月？'), 'the category field label (zh-CN)');
    zh.remove();
    const en = await mountTracker(client, { token: receipt.trackingToken, lang: 'en' });
    await waitUntil(() => requested(en).includes('How many months of pay are owed?'), 'the category field label (en)');
    expect(requested(en)).to.not.include('months_unpaid');
  });

  it('an overdue deadline reads "已逾期 N 天" against the clock the page gives', async () => {
    const { client, receipt } = await caseAt('joint_handling');
    const later = new Date(Date.now() + 30 * 86_400_000);
    const el = await mountTracker(client, { token: receipt.trackingToken, now: () => later });
    const justice = parts(el, 'department').find((d) => d.dataset.department === 'justice-songlin')!;
    expect(justice.textContent).to.match(/已逾期 \d+天/);
    expect(justice.querySelector('.deadline.overdue')).to.not.equal(null);
  });

  it('mediation: the video session has its link', async () => {
    const { client, receipt } = await caseAt('mediation');
    const el = await mountTracker(client, { token: receipt.trackingToken });
    const link = root(el).querySelector<HTMLAnchorElement>('[part~="session"][data-mode="video"] a')!;
    expect(link.href).to.equal('https://meet.example.cn/jf/7K2Q');
    expect(link.rel).to.contain('noopener');
  });

  it('timeline: every entry localized from its message key (no key shown), in English too', async () => {
    const { client, receipt } = await caseAt('mediation');
    const el = await mountTracker(client, { token: receipt.trackingToken, lang: 'en' });
    const lines = parts(el, 'timeline-entry').map((li) => li.textContent ?? '');
    expect(lines.length).to.be.greaterThan(6);
    for (const line of lines) expect(line).to.not.match(/timeline\./);
    expect(lines.join('\n')).to.contain('Routed to the town or street centre');
    expect(lines.join('\n')).to.contain('Songlin Justice Office');
    expect(lines.join('\n')).to.contain('Mediation session on');
    expect(root(el).querySelector('#case-heading')!.textContent).to.contain('Case');
  });
});

describe('<jf-case-tracker> long timelines', () => {
  afterEach(() => history.replaceState(null, '', location.pathname));

  it('renders 50 of 1,000 entries; "show earlier" adds 50 above and keeps focus on the button', async () => {
    const { client, backend, receipt } = await caseAt('joint_handling');
    // The same backend, answering with the case's timeline repeated to 1,000 lines.
    const long = new Proxy(backend, {
      get(target, property, receiver) {
        if (property === 'streamCase') return undefined;
        if (property === 'getCase')
          return async (...args: Parameters<typeof backend.getCase>) => {
            const view = await target.getCase(...args);
            const timeline = Array.from({ length: 1000 }, (_, i) => view.timeline[i % view.timeline.length]!);
            return { ...view, timeline };
          };
        return Reflect.get(target, property, receiver);
      },
    });
    const el = await mountTracker(createClient({ backend: long, storage: memoryStorage() }), {
      token: receipt.trackingToken,
    });
    void client;
    expect(el.snapshot!.context.view!.timeline.length).to.equal(1000);
    expect(parts(el, 'timeline-entry').length).to.equal(50);
    const button = part<HTMLButtonElement>(el, 'show-earlier')!;
    expect(button.textContent).to.contain('显示更早的 50 条');
    button.focus();
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(parts(el, 'timeline-entry').length).to.equal(100);
    expect(root(el).activeElement).to.equal(part(el, 'show-earlier'));
    // The earlier page goes above, oldest first: the list reads lines 901–1,000 in the timeline's order.
    const timeline = el.snapshot!.context.view!.timeline;
    expect(parts(el, 'timeline-entry').map((li) => li.querySelector('time')!.getAttribute('datetime'))).to.deep.equal(
      timeline.slice(900).map((entry) => entry.at),
    );
    expect(parts(el, 'timeline-entry').map((li) => li.dataset.type)).to.deep.equal(
      timeline.slice(900).map((entry) => entry.type),
    );
    expect(root(el).querySelector('ol.entries')!.children.length, 'still one list of lines').to.equal(100);
  });
});
