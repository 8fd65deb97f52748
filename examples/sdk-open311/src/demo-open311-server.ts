import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A minimal Open311 GeoReport v2 server for the example: one service with one attribute, form-encoded
 * submissions, lookups by id and token. Real townships point the SDK at their own server instead.
 */
export async function startDemoOpen311Server() {
  const requests: Array<Record<string, unknown>> = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://demo');
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === '/v2/services.json') {
      return json(200, [
        {
          service_code: 'NOISE',
          service_name: '噪音扰民',
          description: '邻里、施工噪音',
          metadata: true,
          type: 'realtime',
        },
      ]);
    }
    if (url.pathname === '/v2/services/NOISE.json') {
      return json(200, {
        service_code: 'NOISE',
        attributes: [
          {
            variable: true,
            code: 'SOURCE',
            datatype: 'singlevaluelist',
            required: true,
            order: 1,
            description: '噪音来源',
            values: [
              { key: 'NEIGHBOUR', name: '邻居' },
              { key: 'SITE', name: '工地' },
            ],
          },
        ],
      });
    }
    if (url.pathname === '/v2/requests.json' && req.method === 'POST') {
      let body = '';
      req.on('data', (c: Buffer) => {
        body += c.toString('utf8');
      });
      req.on('end', () => {
        const form = new URLSearchParams(body);
        const id = String(5000 + requests.length);
        const now = new Date().toISOString();
        requests.push({
          service_request_id: id,
          token: `t-${id}`,
          status: 'open',
          service_code: form.get('service_code'),
          description: form.get('description'),
          address: form.get('address_string'),
          requested_datetime: now,
          updated_datetime: now,
          attribute_source: form.get('attribute[SOURCE]'),
        });
        json(200, [{ service_request_id: id, token: `t-${id}` }]);
      });
      return;
    }
    if (url.pathname === '/v2/requests.json') return json(200, requests);
    const one = /^\/v2\/requests\/(\w+)\.json$/.exec(url.pathname);
    if (one) {
      const found = requests.find((r) => r.service_request_id === one[1]);
      return found ? json(200, [found]) : json(404, [{ code: 404, description: 'not found' }]);
    }
    const token = /^\/v2\/tokens\/([\w-]+)\.json$/.exec(url.pathname);
    if (token) {
      const found = requests.find((r) => r.token === token[1]);
      return found
        ? json(200, [{ service_request_id: found.service_request_id, token: token[1] }])
        : json(404, [{ code: 404, description: 'not found' }]);
    }
    return json(404, [{ code: 404, description: 'not found' }]);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v2`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
