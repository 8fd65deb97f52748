import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { open311Validators } from '../../sdk/test/fixtures/open311-schemas.js';
import type { Open311SchemaName } from '../../sdk/test/fixtures/open311-server.js';
import { ENGINES, type Harness, PORTAL_ORIGIN, startHarness, tenant, transition } from './support/harness.js';

const BASE = `/open311/v2/${tenant.id}`;
const validate = open311Validators();

/** Element names the specification gives each item, by list element (extensions: extended_attributes). */
const SPEC_ELEMENTS: Record<string, string[]> = {
  service: ['service_code', 'service_name', 'description', 'metadata', 'type', 'keywords', 'group'],
  request: [
    'service_request_id',
    'status',
    'status_notes',
    'service_name',
    'service_code',
    'description',
    'agency_responsible',
    'service_notice',
    'requested_datetime',
    'updated_datetime',
    'expected_datetime',
    'address',
    'address_id',
    'zipcode',
    'lat',
    'long',
    'media_url',
    'token',
    'account_id',
    'access_code',
    'extended_attributes',
  ],
  attribute: ['variable', 'code', 'datatype', 'required', 'datatype_description', 'order', 'description', 'values'],
  value: ['key', 'name'],
  error: ['code', 'description'],
  request_update: [
    'update_id',
    'service_request_id',
    'status',
    'external_status_code',
    'updated_datetime',
    'description',
    'media_url',
  ],
};
const xmlReader = new XMLParser({ ignoreAttributes: true, parseTagValue: false, isArray: (n) => n in SPEC_ELEMENTS });

/** Checks a body both ways: the JSON against the published schema, the XML for form and element names. */
async function both(h: Harness, path: string, schema: Open311SchemaName, root: string, init: RequestInit = {}) {
  const [json, xml] = await Promise.all(
    ['json', 'xml'].map((ext) => {
      const [p, q] = path.split('?');
      return fetch(`${h.base}${BASE}/${p}.${ext}${q ? `?${q}` : ''}`, init);
    }),
  );
  const body = await json!.json();
  expect(validate(schema, body)).toEqual([]);
  const text = await xml!.text();
  expect(xml!.headers.get('content-type')).toMatch(/^text\/xml/);
  expect(XMLValidator.validate(text)).toBe(true);
  const document = xmlReader.parse(text) as Record<string, unknown>;
  expect(Object.keys(document).filter((k) => !k.startsWith('?'))).toEqual([root]);
  checkElements(document[root]);
  return { status: json!.status, xmlStatus: xml!.status, body, xml: text, document: document[root] };
}

/** Every item element holds only the specification's element names. */
function checkElements(node: unknown, name = ''): void {
  if (Array.isArray(node)) {
    for (const item of node) {
      if (item && typeof item === 'object') {
        const allowed = SPEC_ELEMENTS[name];
        if (allowed) for (const key of Object.keys(item)) expect(allowed, `<${name}> holds <${key}>`).toContain(key);
      }
      checkElements(item, name);
    }
    return;
  }
  if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) checkElements(v, k);
}

const labourForm = (overrides: Record<string, string | string[]> = {}) => {
  const form = new URLSearchParams({
    service_code: 'labour',
    description: '老板从去年十二月起一直没有发工资，多次讨要都说再等等。',
    address_string: '松林镇水口村工业路8号',
    address_id: 'shuikou',
    lat: '24.81',
    long: '113.59',
    first_name: '李',
    last_name: '建国',
    phone: '13800138000',
    'attribute[employer_name]': '青山区松林宏达家具厂',
    'attribute[months_unpaid]': '3',
    'attribute[amount_owed]': '16500',
    'attribute[has_contract]': 'false',
    'attribute[jf_other_party]': '宏达家具厂王老板',
    'attribute[jf_desired_outcome]': '尽快结清拖欠的工资。',
    // Midnight in China, written in UTC: the calendar day is read in China's zone.
    'attribute[jf_started_on]': '2024-11-30T16:00:00Z',
  });
  for (const [key, value] of Object.entries(overrides)) {
    form.delete(key);
    for (const v of Array.isArray(value) ? value : [value]) form.append(key, v);
  }
  return form;
};
const post = (h: Harness, form: URLSearchParams, ext = 'json', resource = 'requests') =>
  fetch(`${h.base}${BASE}/${resource}.${ext}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
  });

/** The resident's and the other party's personal data in the filings these tests make. */
const PERSONAL = [
  '李',
  '建国',
  '13800138000',
  '宏达家具厂王老板',
  '工业路8号',
  '没有发工资',
  '24.81',
  '113.59',
  '结清',
];

describe.each(ENGINES)('Open311 GeoReport v2 on %s', (engine) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(engine, { config: { open311: { apiKeys: { other: ['k'] } } } });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('publishes discovery, services and definitions that satisfy the schemas, in JSON and XML', async () => {
    // discovery has no published schema here: its content is checked instead.
    const d = await (await fetch(`${h.base}${BASE}/discovery.json`)).json();
    expect(d.endpoints[0]).toMatchObject({ type: 'production', formats: ['application/json', 'text/xml'] });
    expect(d.endpoints[0].url).toBe(`${h.base}${BASE}`);
    const dx = await (await fetch(`${h.base}${BASE}/discovery.xml`)).text();
    expect(XMLValidator.validate(dx)).toBe(true);
    expect(dx).toContain('<formats><format>application/json</format><format>text/xml</format></formats>');

    const services = await both(h, 'services', 'services', 'services');
    expect(services.body.map((s: { service_code: string }) => s.service_code)).toEqual(
      tenant.categories.map((c) => c.id),
    );
    const labour = await both(h, 'services/labour', 'service-definition', 'service_definition');
    const byCode = Object.fromEntries(
      labour.body.attributes.map((a: { code: string; datatype: string; required: boolean }) => [a.code, a]),
    );
    expect(byCode.employer_name).toMatchObject({ datatype: 'string', required: true });
    expect(byCode.months_unpaid).toMatchObject({ datatype: 'number' });
    expect(byCode.has_contract).toMatchObject({
      datatype: 'singlevaluelist',
      values: [
        { key: 'true', name: '是' },
        { key: 'false', name: '否' },
      ],
    });
    expect(byCode.jf_other_party).toMatchObject({ datatype: 'string', required: false, variable: true });
    expect(byCode.jf_desired_outcome).toMatchObject({ datatype: 'text', required: true });
    expect(byCode.jf_started_on).toMatchObject({ datatype: 'datetime', required: false });
    const noise = await both(h, 'services/noise', 'service-definition', 'service_definition');
    expect(noise.body.attributes.find((a: { code: string }) => a.code === 'time_of_day').datatype).toBe(
      'multivaluelist',
    );
    const medical = await both(h, 'services/medical', 'service-definition', 'service_definition');
    expect(medical.body.attributes.find((a: { code: string }) => a.code === 'treatment_date').datatype).toBe(
      'datetime',
    );
    // XML: values as <values><value><key>.
    expect(labour.xml).toContain('<values><value><key>true</key><name>是</name></value>');
    // Languages follow Accept-Language.
    const en = await (await fetch(`${h.base}${BASE}/services.json`, { headers: { 'accept-language': 'en' } })).json();
    expect(en[0].service_name).toBe(tenant.categories[0]!.name.en);
  });

  it('files a form-encoded request into the same loop, followed by the resident with the token', async () => {
    const response = await post(h, labourForm());
    expect(response.status).toBe(201);
    const [created] = await response.json();
    expect(validate('request-response', [created])).toEqual([]);
    expect(created.service_request_id).toMatch(/^JF-/);
    expect(created.access_code).toBeTruthy();
    // The same tracking token opens the resident's tracker (REST) and resolves through tokens/{token}.
    const tracked = await h.request('GET', '/api/v1/track', {
      headers: { 'x-jiefen-tracking-token': created.token },
    });
    expect(tracked.status).toBe(200);
    expect(tracked.body.caseNumber).toBe(created.service_request_id);
    expect(tracked.body.filing.answers).toEqual({
      employer_name: '青山区松林宏达家具厂',
      months_unpaid: 3,
      amount_owed: 16500,
      has_contract: false,
    });
    expect(tracked.body.filing.otherParties[0].name).toBe('宏达家具厂王老板');
    expect(tracked.body.filing.startedOn).toBe('2024-12-01');
    expect(tracked.body.filing.location).toMatchObject({
      placeId: 'shuikou',
      coordinates: { lat: 24.81, lng: 113.59 },
    });
    const withCode = await h.request('GET', `/api/v1/cases/${created.service_request_id}`, {
      headers: { 'x-jiefen-access-code': created.access_code },
    });
    expect(withCode.status).toBe(200);
    const token = await both(h, `tokens/${created.token}`, 'token-response', 'service_requests');
    expect(token.body).toEqual([{ service_request_id: created.service_request_id, token: created.token }]);

    // Staff move it through the statechart; Open311 shows the core's mapping.
    let single = await both(
      h,
      `requests/${created.service_request_id}?extensions=true`,
      'requests',
      'service_requests',
    );
    expect(single.body[0]).toMatchObject({
      status: 'open',
      extended_attributes: { status: 'open', stage: 'registration' },
    });
    await transition(h, created.service_request_id, 'intake_officer', {
      type: 'intake.accept',
      firstLineMediation: false,
    });
    await transition(h, created.service_request_id, 'coordinator', { type: 'risk.assess', level: 'low' });
    await transition(h, created.service_request_id, 'coordinator', {
      type: 'routing.route',
      complexity: 'complex',
      level: 'town',
      departmentIds: ['labour-bureau'],
    });
    single = await both(h, `requests/${created.service_request_id}?extensions=true`, 'requests', 'service_requests');
    expect(single.body[0]).toMatchObject({
      status: 'open',
      status_notes: '办理中',
      extended_attributes: { status: 'in_progress', stage: 'joint_handling' },
    });
    const plain = await both(h, `requests/${created.service_request_id}`, 'requests', 'service_requests');
    expect(plain.body[0].extended_attributes).toBeUndefined();
    expect(plain.body[0].status_notes).toBeNull();

    const updates = await both(
      h,
      `servicerequestupdates?service_request_id=${created.service_request_id}&start_date=2025-01-01T00:00:00Z&end_date=2025-03-31T00:00:00Z`,
      'updates',
      'service_requests_updates',
    );
    expect(updates.body).toEqual([]);
    const recent = await both(
      h,
      `servicerequestupdates?service_request_id=${created.service_request_id}`,
      'updates',
      'service_requests_updates',
    );
    expect(recent.body.map((u: { external_status_code: string }) => u.external_status_code)).toEqual([
      'open',
      'investigating',
      'in_progress',
    ]);
  });

  it("answers the tenant's own portals with CORS, and no other origin", async () => {
    const ours = await fetch(`${h.base}${BASE}/services.json`, { headers: { origin: PORTAL_ORIGIN } });
    expect(ours.headers.get('access-control-allow-origin')).toBe(PORTAL_ORIGIN);
    const other = await fetch(`${h.base}/open311/v2/other/services.json`, { headers: { origin: PORTAL_ORIGIN } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('reads attribute[CODE][] and repeated attribute[CODE] for multi-value lists', async () => {
    for (const key of ['attribute[time_of_day][]', 'attribute[time_of_day]']) {
      const form = new URLSearchParams({
        service_code: 'noise',
        description: '楼上邻居每天深夜装修，电钻声很响，已经持续两周。',
        first_name: '张三',
        phone: '13800138001',
        'attribute[source]': 'renovation',
        'attribute[jf_other_party]': '楼上住户',
        'attribute[jf_desired_outcome]': '晚上十点后停止施工。',
      });
      form.append(key, 'night');
      form.append(key, 'evening');
      const response = await post(h, form, 'xml');
      const text = await response.text();
      expect(response.status, text).toBe(201);
      const token = /<token>([^<]+)<\/token>/.exec(text)![1]!;
      const tracked = await h.request('GET', '/api/v1/track', { headers: { 'x-jiefen-tracking-token': token } });
      expect(tracked.body.filing.answers.time_of_day).toEqual(['night', 'evening']);
    }
  });

  it('answers errors as [{code, description}] with 400, 403 and 404, in JSON and XML', async () => {
    const invalid = await post(h, labourForm({ phone: '12', 'attribute[jf_desired_outcome]': '' }));
    expect(invalid.status).toBe(400);
    const body = await invalid.json();
    expect(validate('errors', body)).toEqual([]);
    expect(body[0].code).toBe(400);
    expect(body[0].description).toContain('phone');
    expect(body[0].description).toContain('attribute[jf_desired_outcome]');
    const invalidXml = await post(h, labourForm({ 'attribute[months_unpaid]': 'many' }), 'xml');
    expect(invalidXml.status).toBe(400);
    const xml = await invalidXml.text();
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).toMatch(/^<\?xml[^>]*\?><errors><error><code>400<\/code><description>[^<]*attribute\[months_unpaid\]/);

    const notForm = await fetch(`${h.base}${BASE}/requests.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(notForm.status).toBe(400);
    expect(validate('errors', await notForm.json())).toEqual([]);

    // A tenant with keys configured refuses a POST without one.
    await h.app.jiefen.tenants.ensure({ ...tenant, id: 'other' }, [], h.clock.now());
    const refused = await fetch(`${h.base}/open311/v2/other/requests.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: labourForm({ api_key: 'wrong' }).toString(),
    });
    expect(refused.status).toBe(403);
    expect(validate('errors', await refused.json())).toEqual([]);
    const accepted = await fetch(`${h.base}/open311/v2/other/requests.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: labourForm({ api_key: 'k' }).toString(),
    });
    expect(accepted.status).toBe(201);

    for (const path of ['services/nope', 'requests/JF-20250101-ZZZZZ', 'tokens/nope', 'nothing']) {
      for (const ext of ['json', 'xml']) {
        const response = await fetch(`${h.base}${BASE}/${path}.${ext}`);
        expect(response.status, path).toBe(404);
        const text = await response.text();
        if (ext === 'json') expect(validate('errors', JSON.parse(text))).toEqual([]);
        else expect(text).toMatch(/<errors><error><code>404<\/code>/);
      }
    }
    const wrongJurisdiction = await fetch(`${h.base}${BASE}/services.json?jurisdiction_id=elsewhere`);
    expect(wrongJurisdiction.status).toBe(404);
    const wideWindow = await fetch(
      `${h.base}${BASE}/requests.json?start_date=2025-01-01T00:00:00Z&end_date=2025-06-01T00:00:00Z`,
    );
    expect(wideWindow.status).toBe(400);
    expect((await wideWindow.json())[0].description).toContain('90');
  });

  it('lists requests with the specification filters and pages, never with personal data', async () => {
    const list = await both(h, 'requests?extensions=true', 'requests', 'service_requests');
    expect(list.body.length).toBeGreaterThanOrEqual(3);
    const text = JSON.stringify(list.body) + list.xml;
    for (const single of list.body) {
      const one = await both(h, `requests/${single.service_request_id}`, 'requests', 'service_requests');
      const updates = await both(
        h,
        `servicerequestupdates?service_request_id=${single.service_request_id}`,
        'updates',
        'service_requests_updates',
      );
      for (const fragment of PERSONAL) {
        expect(one.xml + JSON.stringify(one.body) + updates.xml + JSON.stringify(updates.body)).not.toContain(fragment);
      }
    }
    for (const fragment of [...PERSONAL, '张三', '13800138001', '楼上住户', '电钻'])
      expect(text).not.toContain(fragment);
    expect(list.body[0]).toMatchObject({ description: null, lat: null, long: null });
    expect(list.body.find((r: { service_code: string }) => r.service_code === 'labour').address).toBe('水口村');

    const noise = await both(h, 'requests?service_code=noise', 'requests', 'service_requests');
    expect(noise.body.length).toBe(2);
    expect(noise.body.every((r: { service_code: string }) => r.service_code === 'noise')).toBe(true);
    const closed = await both(h, 'requests?status=closed', 'requests', 'service_requests');
    expect(closed.body).toEqual([]);
    const open = await both(h, 'requests?status=open', 'requests', 'service_requests');
    expect(open.body.length).toBe(list.body.length);
    const page1 = await both(h, 'requests?page_size=2', 'requests', 'service_requests');
    const page2 = await both(h, 'requests?page_size=2&page=2', 'requests', 'service_requests');
    expect(page1.body).toHaveLength(2);
    const ids = [...page1.body, ...page2.body].map((r: { service_request_id: string }) => r.service_request_id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(
      list.body.slice(0, ids.length).map((r: { service_request_id: string }) => r.service_request_id),
    );
    const byIds = await both(h, `requests?service_request_id=${ids[0]},${ids[1]}`, 'requests', 'service_requests');
    expect(byIds.body.map((r: { service_request_id: string }) => r.service_request_id).sort()).toEqual(
      [ids[0], ids[1]].sort(),
    );
    const old = await both(
      h,
      'requests?start_date=2025-01-01T00:00:00Z&end_date=2025-03-01T00:00:00Z',
      'requests',
      'service_requests',
    );
    expect(old.body).toEqual([]);
  });

  it('takes a resident update through POST servicerequestupdates with the request credential', async () => {
    const [created] = await (await post(h, labourForm())).json();
    await transition(h, created.service_request_id, 'intake_officer', {
      type: 'intake.request_information',
      message: '请补充劳动合同或工资条照片',
      fields: ['has_contract'],
    });
    const update = (extra: Record<string, string>) =>
      post(
        h,
        new URLSearchParams({
          service_request_id: created.service_request_id,
          description: '合同找到了，已签。',
          ...extra,
        }),
        'json',
        'servicerequestupdates',
      );
    const without = await update({});
    expect(without.status).toBe(404);
    const wrong = await update({ token: 'not-the-token' });
    expect(wrong.status).toBe(404);
    const ok = await update({ token: created.token, 'attribute[has_contract]': 'true' });
    expect(ok.status).toBe(200);
    const body = await ok.json();
    expect(validate('updates', body)).toEqual([]);
    // Information supplied: back to intake review, which Open311 shows as open.
    expect(body[0]).toMatchObject({ status: 'open', external_status_code: 'open' });
    const tracked = await h.request('GET', '/api/v1/track', { headers: { 'x-jiefen-tracking-token': created.token } });
    expect(tracked.body.timeline.map((e: { type: string }) => e.type)).toContain('resident.supply_information');
    // The statechart decides: a second supply while not awaiting information is refused.
    const again = await update({ access_code: created.access_code });
    expect(again.status).toBe(400);
  });

  it('files once per jiefen-ref, as the SDK retries', async () => {
    const description =
      '老板拖欠三个月工资不发，我们十几个人都没拿到钱。\n\n———\njiefen-ref:0190aaaa-bbbb-7ccc-8ddd-eeeeffff0001';
    const first = await (await post(h, labourForm({ description }))).json();
    const again = await (await post(h, labourForm({ description }), 'xml')).text();
    expect(again).toContain(`<service_request_id>${first[0].service_request_id}</service_request_id>`);
  });
});

describe('Open311 rate limits', () => {
  it('holds guessed access codes on servicerequestupdates to the per-case guessing limit, as REST does', async () => {
    const h = await startHarness('sqlite', {
      config: { rateLimit: { lookupPerCasePerMinute: 3, lookupPerClientPerMinute: 100 } },
    });
    try {
      const created = (await (await post(h, labourForm())).json())[0];
      const guess = (code: string) =>
        post(
          h,
          new URLSearchParams({
            service_request_id: created.service_request_id,
            description: '补充',
            access_code: code,
          }),
          'json',
          'servicerequestupdates',
        );
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await guess(`GUESS${i}GUESS${i}`)).status);
      // Three failures put the case over its limit: the fourth guess is refused before it is checked.
      expect(statuses).toEqual([404, 404, 404, 429]);
      const limited = await guess(created.access_code);
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).toBeTruthy();
      // The REST lookup shares the count: the case is held there too.
      const rest = await h.request('GET', `/api/v1/cases/${created.service_request_id}`, {
        headers: { 'x-jiefen-access-code': created.access_code },
      });
      expect(rest.status).toBe(429);
      // The tracking token cannot be guessed and is not held: it passes the credential check, and the
      // statechart then refuses the update (the case is not waiting for information): 400, not 429.
      const withToken = await post(
        h,
        new URLSearchParams({
          service_request_id: created.service_request_id,
          description: '补充',
          token: created.token,
        }),
        'json',
        'servicerequestupdates',
      );
      expect(withToken.status).toBe(400);
    } finally {
      await h.close();
    }
  });

  it('limits Open311 filings like the REST filing route', async () => {
    const h = await startHarness('sqlite', {
      config: { rateLimit: { publicPerMinute: 2, lookupPerCasePerMinute: 100, lookupPerClientPerMinute: 100 } },
    });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) statuses.push((await post(h, labourForm())).status);
      expect(statuses).toEqual([201, 201, 429]);
      const limited = await post(h, labourForm(), 'xml');
      expect(limited.headers.get('retry-after')).toBeTruthy();
      expect(await limited.text()).toMatch(/<errors><error><code>429<\/code>/);
    } finally {
      await h.close();
    }
  });
});
