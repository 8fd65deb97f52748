import { qingshanSampleFiling } from '@jiefen/core/demo';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, createOpen311Backend, memoryStorage, uuidv7 } from '../src/index.js';
import { type RunningServer, startJiefenServer } from './fixtures/jiefen-server.js';

/**
 * The SDK's `open311` backend against Jiefen's own Open311 endpoints: what one side writes, the other
 * reads, in JSON and in XML, from the first services call to a closed case.
 */
describe.each(['json', 'xml', 'auto'] as const)('open311 round trip through Jiefen (%s)', (format) => {
  let server: RunningServer;
  let staffToken: string;
  beforeAll(async () => {
    server = await startJiefenServer();
    staffToken = await server.staffToken('coordinator');
  });
  afterAll(async () => {
    await server?.close();
  });

  const urls: string[] = [];
  const backend = () =>
    createOpen311Backend({
      endpoint: `${server.url}/open311/v2/qingshan`,
      format,
      fetch: (input, init) => {
        urls.push(new URL(input instanceof Request ? input.url : String(input)).pathname);
        return fetch(input, init);
      },
    });
  const staff = async (caseNumber: string, command: Record<string, unknown>) => {
    const response = await fetch(`${server.url}/api/v1/staff/cases/${caseNumber}/transitions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${staffToken}` },
      body: JSON.stringify(command),
    });
    expect(response.status, await response.clone().text()).toBe(200);
  };
  const filing = (marker: string) =>
    qingshanSampleFiling({
      location: { placeId: 'jurisdiction', address: '松林镇水口村工业路8号' },
      description: `${qingshanSampleFiling().description} [${marker}]`,
      answers: {
        employer_name: '青山区松林宏达家具厂',
        months_unpaid: 3,
        amount_owed: 16500,
        has_contract: 'false',
        jf_other_party: '青山区松林宏达家具厂',
        jf_desired_outcome: '尽快结清拖欠的工资。',
        jf_started_on: '2024-12-01',
      },
    });

  it('reads the categories and their fields with the right types', async () => {
    const config = await backend().getTenantConfig();
    const labour = config.categories.find((c) => c.id === 'labour')!;
    expect(labour.fields.map((f) => [f.id, f.type, f.required])).toEqual([
      ['employer_name', 'text', true],
      ['months_unpaid', 'number', true],
      ['amount_owed', 'number', true],
      ['has_contract', 'singleChoice', true],
      ['workers_affected', 'number', false],
      ['jf_other_party', 'text', false],
      ['jf_desired_outcome', 'longText', true],
      ['jf_started_on', 'date', false],
    ]);
    const noise = config.categories.find((c) => c.id === 'noise')!;
    expect(noise.fields.find((f) => f.id === 'time_of_day')?.type).toBe('multipleChoice');
    // Every call went out in the format asked for (auto: discovery, which lists JSON first).
    expect(urls.length).toBeGreaterThan(5);
    if (format === 'auto') expect(urls[0]).toBe('/open311/v2/qingshan/discovery.json');
    const ext = format === 'xml' ? '.xml' : '.json';
    for (const path of urls) expect(path.endsWith(ext)).toBe(true);
  });

  it('files, follows the case through the statechart to its end, and never files twice', async () => {
    const b = backend();
    const key = uuidv7();
    const receipt = await b.fileCase(filing(`round-${format}`), { idempotencyKey: key });
    expect(receipt.caseNumber).toMatch(/^JF-/);
    expect(receipt.case.status).toEqual({ status: 'open', extendedStatus: 'open' });
    // What Jiefen registered is what the resident filed through Open311.
    const stored = await server.context.cases.findRow(receipt.caseNumber);
    const loaded = await server.context.cases.load(stored!);
    expect(loaded.snapshot.context.filing).toMatchObject({
      categoryId: 'labour',
      startedOn: '2024-12-01',
      otherParties: [{ name: '青山区松林宏达家具厂' }],
      desiredOutcome: '尽快结清拖欠的工资。',
      answers: { employer_name: '青山区松林宏达家具厂', months_unpaid: 3, amount_owed: 16500, has_contract: false },
      applicant: { name: '李建国', phone: '13800138000' },
    });
    expect(loaded.snapshot.context.filing.description).toContain(`[round-${format}]`);

    // A retry after a lost answer: the server's listing hides descriptions, so the SDK posts again,
    // and Jiefen answers the same request for the same jiefen-ref.
    const again = await b.fileCase(filing(`round-${format}`), { idempotencyKey: key, attempt: 2 });
    expect(again.caseNumber).toBe(receipt.caseNumber);

    await staff(receipt.caseNumber, { type: 'intake.accept', firstLineMediation: false });
    await staff(receipt.caseNumber, { type: 'risk.assess', level: 'low' });
    await staff(receipt.caseNumber, {
      type: 'routing.route',
      complexity: 'complex',
      level: 'town',
      departmentIds: ['labour-bureau'],
    });
    let view = await b.getCase({ trackingToken: receipt.trackingToken });
    expect(view.status).toEqual({ status: 'open', extendedStatus: 'in_progress' });
    expect(view.progress.stage).toBe('joint_handling');
    expect(view.timeline.filter((e) => e.type === 'open311.update').map((e) => e.data.status)).toEqual([
      'open',
      'open',
      'open',
    ]);

    // Another case declined: the first one's tracking is not affected by its updates.
    const other = await b.fileCase(filing(`other-${format}`), { idempotencyKey: uuidv7() });
    await staff(other.caseNumber, {
      type: 'intake.decline',
      referral: { channel: '劳动仲裁委员会', note: '请直接申请劳动仲裁' },
    });
    const declined = await b.getCase({ caseNumber: other.caseNumber, accessCode: other.accessCode });
    expect(declined.status).toEqual({ status: 'closed', extendedStatus: 'not_councils_responsibility' });
    expect(declined.progress).toMatchObject({ stage: 'closed', ending: 'declined' });
    view = await b.getCase({ trackingToken: receipt.trackingToken });
    expect(view.timeline.filter((e) => e.type === 'open311.update')).toHaveLength(3);
  });

  it('delivers through the client outbox', async () => {
    const client = createClient({ backend: backend(), storage: memoryStorage() });
    try {
      const receipt = await client.fileCase(filing(`outbox-${format}`));
      const view = await client.trackCase(receipt.trackingToken);
      expect(view.caseNumber).toBe(receipt.caseNumber);
    } finally {
      await client.close();
    }
  });
});
