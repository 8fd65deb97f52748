import { qingshanSampleFiling } from '@jiefen/core/demo';
import { afterAll, describe, expect, it } from 'vitest';
import { createOpen311Backend, isJiefenNotFoundError, type Open311BackendOptions } from '../src/index.js';
import { backendContract } from './contract/backend-contract.js';
import { type QuirkProfile, type QuirkServer, startQuirkServer } from './fixtures/georeport-servers.js';

const servers: QuirkServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});
async function serve(profile: QuirkProfile) {
  const server = await startQuirkServer(profile);
  servers.push(server);
  return server;
}
const backendFor = (server: QuirkServer, options: Partial<Open311BackendOptions> = {}) =>
  createOpen311Backend({ endpoint: server.url, ...options });

const wagesFiling = (marker: string) =>
  qingshanSampleFiling({
    categoryId: 'wages',
    answers: {},
    location: { placeId: 'jurisdiction', address: '松林镇水口村工业路8号' },
    description: `${qingshanSampleFiling().description} [${marker}]`,
  });
const noiseFiling = (answers: Record<string, unknown>) =>
  qingshanSampleFiling({ categoryId: '001', answers, location: { placeId: 'jurisdiction', address: '水口村3组' } });

// The shared contract, against an XML-only server and against a JSON server that sends numbers.
backendContract('open311 (XML-only server)', async () => {
  const server = await serve({ only: 'xml', emptyStrings: true });
  return {
    backend: backendFor(server),
    filing: (_c, marker) => wagesFiling(marker),
    // Open311 gives back neither the applicant nor the desired outcome: the view leaves them empty.
    viewGaps: ['filing.applicant.name', 'filing.applicant.phone', 'filing.desiredOutcome'],
    close: async () => {},
  };
});
backendContract('open311 (JSON with numbers, jurisdiction, strict dates, 90-day window)', async () => {
  const server = await serve({ numbers: true, jurisdiction: 'songlin', strictDates: true, window90: true });
  return {
    backend: backendFor(server, { jurisdictionId: 'songlin' }),
    filing: (_c, marker) => wagesFiling(marker),
    // Open311 gives back neither the applicant nor the desired outcome: the view leaves them empty.
    viewGaps: ['filing.applicant.name', 'filing.applicant.phone', 'filing.desiredOutcome'],
    close: async () => {},
  };
});

describe('XML', () => {
  it('falls back to XML when the server serves no JSON, and reads XML error bodies', async () => {
    const server = await serve({ only: 'xml' });
    const backend = backendFor(server);
    const config = await backend.getTenantConfig();
    expect(config.categories.map((c) => c.id)).toEqual(['001', 'pothole', 'wages']);
    const receipt = await backend.fileCase(wagesFiling('xml'), { idempotencyKey: 'ref-xml-1' });
    expect(server.requests).toHaveLength(1);
    expect(receipt.caseNumber).toBe(server.requests[0]!.id);
    expect(server.log.filter((l) => l.method === 'POST').map((l) => l.path)).toEqual(['/requests.xml']);
    const missing = await backend.getCase({ caseNumber: '424242', accessCode: 'x' }).catch((e: unknown) => e);
    expect(isJiefenNotFoundError(missing)).toBe(true);
    expect(missing).toMatchObject({ message: 'service_request_id not found', code: 'open311_404' });
  });

  it('takes the format from discovery without probing', async () => {
    const server = await serve({ discovery: ['text/xml'], only: 'xml' });
    await backendFor(server).getTenantConfig();
    const paths = server.log.map((l) => l.path);
    expect(paths[0]).toBe('/discovery.json');
    expect(paths).not.toContain('/services.json');
    expect(paths).toContain('/services.xml');
  });

  it('uses the configured format without discovery', async () => {
    const server = await serve({ only: 'xml' });
    await backendFor(server, { format: 'xml' }).getTenantConfig();
    expect(server.log.map((l) => l.path)[0]).toBe('/services.xml');
  });
});

describe('types as they come', () => {
  it('reads `"service_code":001`, numeric ids and keys as strings, and "false" as false', async () => {
    for (const profile of [{ numbers: true }, { only: 'xml' as const }]) {
      const server = await serve(profile);
      const backend = backendFor(server);
      const config = await backend.getTenantConfig();
      const noise = config.categories.find((c) => c.id === '001');
      expect(noise?.fields.map((f) => f.id)).toEqual(['started', 'kinds']);
      expect(noise?.fields[1]?.options?.map((o) => o.value)).toEqual(['1', '2']);
      // metadata=false (a boolean in JSON, "false" in XML): no definition is fetched for WAGES.
      expect(server.log.some((l) => l.path.startsWith('/services/WAGES'))).toBe(false);
      const receipt = await backend.fileCase(noiseFiling({ started: '2026-11-30', kinds: ['1', '2'] }), {
        idempotencyKey: `ref-types-${profile.only ?? 'json'}`,
      });
      expect(typeof receipt.caseNumber).toBe('string');
      expect(receipt.case.categoryId).toBe('001');
      expect(server.requests[0]!.form.get('service_code')).toBe('001');
    }
  });

  it('treats empty strings as missing', async () => {
    const server = await serve({ emptyStrings: true, only: 'xml' });
    const backend = backendFor(server);
    const receipt = await backend.fileCase(wagesFiling('empty'), { idempotencyKey: 'ref-empty' });
    server.requests[0]!.address = null;
    const view = await backend.getCase({ trackingToken: receipt.trackingToken });
    expect(view.filing.location).toEqual({ placeId: 'jurisdiction' });
    expect(view.closedAt).toBeUndefined();
  });
});

describe('attributes', () => {
  it('asks only variable, non-automated attributes and shows informational ones with the category', async () => {
    const server = await serve({});
    const noise = (await backendFor(server).getTenantConfig()).categories.find((c) => c.id === '001')!;
    expect(noise.fields.map((f) => [f.id, f.type, f.required])).toEqual([
      ['started', 'date', true],
      ['kinds', 'multipleChoice', true],
    ]);
    expect(noise.description?.en).toContain('Quiet hours are 22:00 to 07:00.');
  });

  it('reads the older layout with attributes directly under the definition, in JSON and XML', async () => {
    for (const only of ['json', 'xml'] as const) {
      const server = await serve({ flatDefinition: true, only });
      const config = await backendFor(server).getTenantConfig();
      expect(config.categories.find((c) => c.id === 'pothole')?.fields.map((f) => f.id)).toEqual(['depth']);
    }
  });

  it('sends datetime answers as date-times with the time zone, without milliseconds', async () => {
    const server = await serve({ strictDates: true });
    await backendFor(server).fileCase(noiseFiling({ started: '2026-11-30', kinds: ['1'] }), {
      idempotencyKey: 'ref-dt',
    });
    expect(server.requests[0]!.attributes.STARTED).toBe('2026-11-30T00:00:00+08:00');
    const paris = await serve({ strictDates: true });
    await backendFor(paris, { timeZone: 'Europe/Paris' }).fileCase(
      noiseFiling({ started: '2026-07-01', kinds: ['1'] }),
      { idempotencyKey: 'ref-dt-paris' },
    );
    expect(paris.requests[0]!.attributes.STARTED).toBe('2026-07-01T00:00:00+02:00');
  });

  it('encodes multi-value answers as attribute[code][] by default and repeated when configured', async () => {
    const brackets = await serve({ multiValue: 'brackets' });
    await backendFor(brackets).fileCase(noiseFiling({ started: '2026-11-30', kinds: ['1', '2'] }), {
      idempotencyKey: 'ref-mv-1',
    });
    expect(brackets.requests[0]!.attributes.KINDS).toEqual(['1', '2']);
    expect(brackets.requests[0]!.form.getAll('attribute[KINDS][]')).toEqual(['1', '2']);

    const repeat = await serve({ multiValue: 'repeat' });
    await backendFor(repeat, { multiValueEncoding: 'repeat' }).fileCase(
      noiseFiling({ started: '2026-11-30', kinds: ['1', '2'] }),
      { idempotencyKey: 'ref-mv-2' },
    );
    expect(repeat.requests[0]!.attributes.KINDS).toEqual(['1', '2']);
    expect(repeat.requests[0]!.form.getAll('attribute[KINDS]')).toEqual(['1', '2']);
  });

  it('hides only the category whose definition fails, and reads it again next time', async () => {
    const server = await serve({ brokenDefinition: 'POTHOLE' });
    const backend = backendFor(server, { retry: { limit: 0 } });
    const config = await backend.getTenantConfig();
    expect(config.categories.map((c) => c.id)).toEqual(['001', 'wages']);
    await new Promise((r) => setTimeout(r, 0));
    await backend.getTenantConfig();
    expect(server.log.filter((l) => l.path === '/services/POTHOLE.json')).toHaveLength(2);
  });
});

describe('submissions', () => {
  it('keeps the token of a token-only answer and resolves the id later through tokens/{token}', async () => {
    const server = await serve({ tokenOnly: { resolveAfter: 1 } });
    const backend = backendFor(server);
    const receipt = await backend.fileCase(wagesFiling('batch'), { idempotencyKey: 'ref-batch' });
    const token = server.requests[0]!.token;
    expect(receipt.trackingToken).toBe(`token:${token}`);
    expect(receipt.case.status.status).toBe('open');
    expect(receipt.case.filing.description).toContain('[batch]');
    const later = await backend.getCase({ trackingToken: receipt.trackingToken });
    expect(later.caseNumber).toBe(server.requests[0]!.id);
    expect(server.log.filter((l) => l.path === `/tokens/${token}.json`)).toHaveLength(2);
  });

  it('never looks an id up as a token', async () => {
    const server = await serve({});
    const backend = backendFor(server);
    const receipt = await backend.fileCase(wagesFiling('id'), { idempotencyKey: 'ref-id' });
    await backend.getCase({ trackingToken: receipt.trackingToken });
    await backend.getCase({ caseNumber: receipt.caseNumber, accessCode: receipt.accessCode });
    expect(server.log.some((l) => l.path.startsWith('/tokens/'))).toBe(false);
  });

  it('sends jurisdiction_id in every query string and in the submission', async () => {
    const server = await serve({ jurisdiction: 'songlin' });
    const backend = backendFor(server, { jurisdictionId: 'songlin' });
    const receipt = await backend.fileCase(wagesFiling('jur'), { idempotencyKey: 'ref-jur', attempt: 2 });
    await backend.getCase({ trackingToken: receipt.trackingToken });
    expect(server.log.length).toBeGreaterThan(3);
    for (const entry of server.log) expect(entry.query.get('jurisdiction_id')).toBe('songlin');
    expect(server.requests[0]!.form.get('jurisdiction_id')).toBe('songlin');
  });

  it('finds the request an unreadable answer created instead of filing it twice, across pages', async () => {
    const server = await serve({ garbledPosts: 1, pageSize: 2, strictDates: true, window90: true });
    for (let i = 0; i < 3; i++) server.addForeignRequest(`someone else jiefen-ref:ref-garbled-not-${i}`);
    const backend = backendFor(server);
    const receipt = await backend.fileCase(wagesFiling('garbled'), { idempotencyKey: 'ref-garbled' });
    const again = await backend.fileCase(wagesFiling('garbled'), { idempotencyKey: 'ref-garbled', attempt: 2 });
    const ours = server.requests.filter((r) => r.description.endsWith('jiefen-ref:ref-garbled'));
    expect(ours).toHaveLength(1);
    expect(receipt.caseNumber).toBe(ours[0]!.id);
    expect(again.caseNumber).toBe(ours[0]!.id);
    expect(server.log.filter((l) => l.method === 'POST')).toHaveLength(1);
    // Page 1 held only foreign requests: the search went on to page 2, inside a 90-day window.
    const listings = server.log.filter((l) => l.method === 'GET' && l.path === '/requests.json');
    expect(listings.some((l) => l.query.get('page') === '2')).toBe(true);
    for (const l of listings) expect(l.query.get('start_date')).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  });

  it('stops with a protocol error, not a second POST or an endless search, when the request is not listed', async () => {
    const server = await serve({ garbledPosts: 1, pageSize: 2, ignorePage: true, unlisted: true });
    for (let i = 0; i < 3; i++) server.addForeignRequest(`other ${i}`);
    const backend = backendFor(server);
    const error = await backend.fileCase(wagesFiling('lost'), { idempotencyKey: 'ref-lost' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kinds: ['protocol'], retryable: false, messageKey: 'sdk.error.protocol' });
    expect(server.log.filter((l) => l.method === 'POST')).toHaveLength(1);
    // A server that ignores `page` repeats page one: the search stopped at the first page with nothing new.
    expect(server.log.filter((l) => l.method === 'GET' && l.path === '/requests.json')).toHaveLength(2);
  });
});

describe('submissions on servers that refuse `page`', () => {
  it('ends the search at page one when the server refuses `page`, and files once', async () => {
    const server = await serve({ pageSize: 2, refusePage: true });
    for (let i = 0; i < 3; i++) server.addForeignRequest(`other ${i}`);
    const backend = backendFor(server);
    const receipt = await backend.fileCase(wagesFiling('refuse-page'), { idempotencyKey: 'ref-refuse', attempt: 2 });
    expect(server.requests.filter((r) => !r.foreign)).toHaveLength(1);
    expect(receipt.caseNumber).toBe(server.requests.find((r) => !r.foreign)!.id);
    expect(server.log.some((l) => l.query.get('page') === '2')).toBe(true);
  });
});

describe('tracking', () => {
  it('maps FixMyStreet extended statuses onto closed-loop stages; fixed is resolved', async () => {
    const server = await serve({ updatesRejectRequestId: true, only: 'xml' });
    const backend = backendFor(server);
    const receipt = await backend.fileCase(wagesFiling('track'), { idempotencyKey: 'ref-track' });
    const other = await backend.fileCase(wagesFiling('other'), { idempotencyKey: 'ref-other' });
    server.addUpdate(other.caseNumber, 'duplicate', 'not ours', true);
    server.addUpdate(receipt.caseNumber, 'in_progress', '已联系用人单位');
    let view = await backend.getCase({ trackingToken: receipt.trackingToken });
    expect(view.status).toEqual({ status: 'open', extendedStatus: 'in_progress' });
    expect(view.progress.stage).toBe('joint_handling');
    // Updates of the other request are not this request's timeline.
    expect(view.timeline.map((e) => e.data)).toEqual([
      { categoryId: 'wages' },
      { status: 'in_progress', description: '已联系用人单位' },
    ]);
    // FixMyStreet-style: fixed, while the basic status still says open.
    server.addUpdate(receipt.caseNumber, 'fixed', '工资已结清', false);
    view = await backend.getCase({ trackingToken: receipt.trackingToken });
    expect(view.status).toEqual({ status: 'closed', extendedStatus: 'fixed' });
    expect(view.progress).toMatchObject({ stage: 'closed', ending: 'resolved', waitingFor: 'nobody' });
    // The 400 for service_request_id was answered by asking again without it.
    const asked = server.log.filter((l) => l.path === '/servicerequestupdates.xml');
    expect(asked.some((l) => l.query.has('service_request_id'))).toBe(true);
    expect(asked.some((l) => !l.query.has('service_request_id') && l.query.has('start_date'))).toBe(true);
  });

  it('reads duplicate and refusals as endings, and a server without updates as status only', async () => {
    const server = await serve({ noUpdates: true });
    const backend = backendFor(server);
    const receipt = await backend.fileCase(wagesFiling('dup'), { idempotencyKey: 'ref-dup' });
    server.requests[0]!.status = 'closed';
    server.requests[0]!.extendedStatus = 'NOT_RESPONSIBLE';
    const view = await backend.getCase({ trackingToken: receipt.trackingToken });
    expect(view.status).toEqual({ status: 'closed', extendedStatus: 'not_councils_responsibility' });
    expect(view.progress.ending).toBe('declined');
    server.requests[0]!.extendedStatus = 'duplicate';
    expect((await backend.getCase({ trackingToken: receipt.trackingToken })).progress.ending).toBe('duplicate');
  });
});
