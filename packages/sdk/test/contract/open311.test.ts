import { qingshanSampleFiling } from '@jiefen/core/demo';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createClient,
  createOpen311Backend,
  isJiefenUnsupportedError,
  memoryStorage,
  uuidv7,
} from '../../src/index.js';
import { open311Validators } from '../fixtures/open311-schemas.js';
import { type Open311Fixture, startOpen311Fixture } from '../fixtures/open311-server.js';
import { backendContract } from './backend-contract.js';

const fixtures: Open311Fixture[] = [];
const open311Filing = (marker: string) =>
  qingshanSampleFiling({
    categoryId: 'labour',
    answers: {},
    location: { placeId: 'jurisdiction', address: '松林镇水口村工业路8号' },
    description: `${qingshanSampleFiling().description} [${marker}]`,
  });

backendContract('open311', async () => {
  const fixture = await startOpen311Fixture({ apiKey: 'township-key' });
  fixtures.push(fixture);
  return {
    backend: createOpen311Backend({ endpoint: fixture.url, apiKey: 'township-key' }),
    filing: (_config, marker) => open311Filing(marker),
    // GeoReport v2 answers a request without its requester's name or phone, or the desired outcome
    // (folded into the description when filing): the backend leaves them empty in the view.
    viewGaps: ['filing.applicant.name', 'filing.applicant.phone', 'filing.desiredOutcome'],
    close: async () => {},
  };
});

describe('open311 backend', () => {
  let fixture: Open311Fixture;
  beforeAll(async () => {
    fixture = await startOpen311Fixture();
    fixtures.push(fixture);
  });
  afterAll(async () => {
    // Every answer either fixture gave, in this file, must satisfy the published schemas.
    const validate = open311Validators();
    const problems = fixtures.flatMap((f) => f.responses.flatMap((r) => validate(r.schema, r.body)));
    await Promise.all(fixtures.map((f) => f.close()));
    expect(problems).toEqual([]);
    expect(fixtures.reduce((n, f) => n + f.responses.length, 0)).toBeGreaterThan(10);
  });

  it('turns services into categories and attributes into fields labelled in all three locales', async () => {
    const config = await createOpen311Backend({ endpoint: fixture.url }).getTenantConfig();
    const noise = config.categories.find((c) => c.id === 'noise-01');
    expect(noise?.name.en).toBe('噪音扰民 Noise nuisance');
    expect(noise?.fields.map((f) => [f.id, f.type, f.required])).toEqual([
      ['source', 'singleChoice', true],
      ['times', 'multipleChoice', false],
      ['nights', 'number', false],
    ]);
    const source = noise?.fields[0];
    expect(source?.label).toEqual({
      'zh-CN': 'Where does the noise come from?',
      'zh-HK': 'Where does the noise come from?',
      en: 'Where does the noise come from?',
    });
    expect(source?.options?.map((o) => o.value)).toEqual(['neighbour', 'site']);
    expect(config.consultationTopics).toEqual([]);
  });

  it('submits form-encoded attributes under their Open311 codes and folds Jiefen-only data into the description', async () => {
    const backend = createOpen311Backend({ endpoint: fixture.url });
    const receipt = await backend.fileCase(
      qingshanSampleFiling({
        categoryId: 'noise-01',
        answers: { source: 'neighbour', times: ['night', 'day'], nights: 4 },
        location: { placeId: 'jurisdiction', address: '水口村3组' },
        otherParties: [{ kind: 'person', name: '王五', relationship: '楼上邻居', phone: '13900139000' }],
      }),
      { idempotencyKey: 'ref-0001-noise' },
    );
    const stored = fixture.requests.get(receipt.caseNumber)!;
    expect(stored.attributes).toEqual({ SOURCE: 'NEIGHBOUR', TIMES: ['night', 'day'], NIGHTS: '4' });
    expect(stored.description).toContain('【解纷补充信息】');
    expect(stored.description).toContain('王五 (楼上邻居), 13900139000');
    expect(stored.description).toContain('尽快结清拖欠的工资');
    expect(stored.description).toContain('jiefen-ref:ref-0001-noise');
    // The resident sees their own words back, without the folded block.
    expect(receipt.case.filing.description).toBe(qingshanSampleFiling().description);
  });

  it('finds an earlier committed attempt by its reference instead of posting a duplicate', async () => {
    const backend = createOpen311Backend({ endpoint: fixture.url });
    const filing = open311Filing('retry-after-commit');
    const first = await backend.fileCase(filing, { idempotencyKey: 'ref-retry', attempt: 1 });
    const before = fixture.requests.size;
    const retry = await backend.fileCase(filing, { idempotencyKey: 'ref-retry', attempt: 2 });
    expect(retry.caseNumber).toBe(first.caseNumber);
    expect(fixture.requests.size).toBe(before);
  });

  it('shows FixMyStreet updates as timeline entries and extended statuses', async () => {
    const client = createClient({ backend: { type: 'open311', endpoint: fixture.url }, storage: memoryStorage() });
    try {
      const receipt = await client.fileCase(open311Filing('updates'));
      fixture.addUpdate(receipt.caseNumber, 'investigating', '已联系用人单位');
      fixture.addUpdate(receipt.caseNumber, 'fixed', '工资已结清', true);
      const view = await client.trackCase(receipt.trackingToken);
      expect(view.status).toEqual({ status: 'closed', extendedStatus: 'fixed' });
      expect(view.timeline.map((e) => e.type)).toEqual(['case.filed', 'open311.update', 'open311.update']);
      expect(view.timeline[1]?.data).toEqual({ status: 'investigating', description: '已联系用人单位' });
      expect(view.progress.stage).toBe('closed');
    } finally {
      await client.close();
    }
  });

  it('reports what Open311 cannot do through capabilities and JiefenUnsupportedError', async () => {
    const client = createClient({ backend: { type: 'open311', endpoint: fixture.url }, storage: memoryStorage() });
    try {
      expect(client.capabilities).toMatchObject({ parties: false, mediation: false, consultations: false });
      const access = { caseNumber: '1001', accessCode: '1001' };
      for (const attempt of [
        () => client.rateOutcome(access, 5),
        () => client.requestReopen(access, '仍未解决'),
        () => client.supplyInformation(access, { message: '补充材料' }),
        () => client.staff.listCases(),
        () => client.submitConsultation({} as never),
      ]) {
        const error = await attempt().catch((e: unknown) => e);
        expect(isJiefenUnsupportedError(error)).toBe(true);
      }
    } finally {
      await client.close();
    }
  });

  it('maps Open311 error answers onto SDK errors', async () => {
    const backend = createOpen311Backend({ endpoint: fixture.url });
    const config = await backend.getTenantConfig();
    expect(config.categories.some((c) => c.id === 'labour')).toBe(true);
    const missing = await backend.getCase({ caseNumber: '999999', accessCode: 'x' }).catch((e: unknown) => e);
    expect((missing as { kinds: string[] }).kinds).toContain('not_found');
    const noKey = createOpen311Backend({ endpoint: fixture.url });
    expect(uuidv7()).toMatch(/^[0-9a-f-]{36}$/);
    await expect(noKey.uploadAttachment({ blob: new Blob(['x']), name: 'a.txt' })).rejects.toMatchObject({
      messageKey: 'sdk.error.unsupported',
    });
  });
});

describe('open311 limits', () => {
  it('asks for a shorter description rather than cutting what the resident wrote', async () => {
    const fixture = await startOpen311Fixture();
    try {
      const backend = createOpen311Backend({ endpoint: fixture.url });
      const error = await backend
        .fileCase(open311Filing('long'.padEnd(3990, '长')), { idempotencyKey: uuidv7() })
        .catch((e: unknown) => e);
      expect(error).toMatchObject({
        kinds: ['validation'],
        issues: [{ path: 'description', key: 'validation.too_long' }],
      });
      expect(fixture.requests.size).toBe(0);
    } finally {
      await fixture.close();
    }
  });
});
