/**
 * The Open311 backend: the same client against any GeoReport v2 server. Services become dispute
 * categories, attributes become fields; what Open311 cannot hold is folded into the description.
 * Set OPEN311_ENDPOINT (and OPEN311_API_KEY) for a real server; otherwise a tiny demo server starts.
 *
 *   node_modules/.bin/tsx --conditions=source examples/sdk-open311/src/main.ts
 */
import { qingshanSampleFiling } from '@jiefen/core/demo';
import { createClient, createOpen311Backend, isJiefenUnsupportedError, memoryStorage } from '@jiefen/sdk';
import { startDemoOpen311Server } from './demo-open311-server.js';

export async function main(log: (line: string) => void = console.log) {
  const demo = process.env.OPEN311_ENDPOINT ? undefined : await startDemoOpen311Server();
  const client = createClient({
    backend: createOpen311Backend({
      endpoint: process.env.OPEN311_ENDPOINT ?? demo!.endpoint,
      ...(process.env.OPEN311_API_KEY ? { apiKey: process.env.OPEN311_API_KEY } : {}),
      // XML-only servers are found through discovery or by their missing JSON; set it to skip the probe.
      ...(process.env.OPEN311_FORMAT ? { format: process.env.OPEN311_FORMAT as 'json' | 'xml' } : {}),
      ...(process.env.OPEN311_JURISDICTION ? { jurisdictionId: process.env.OPEN311_JURISDICTION } : {}),
    }),
    storage: memoryStorage(),
  });
  try {
    const config = await client.getTenantConfig();
    for (const category of config.categories) {
      log(
        `Category ${category.id}: ${category.name['zh-CN']} (${category.fields.map((f) => `${f.id}:${f.type}`).join(', ')})`,
      );
    }
    log(`Capabilities: ${JSON.stringify(client.capabilities)}`);

    const category = config.categories[0]!;
    const answers = Object.fromEntries(
      category.fields.filter((f) => f.required).map((f) => [f.id, f.options?.[0]?.value ?? '1']),
    );
    const receipt = await client.fileCase(
      qingshanSampleFiling({
        categoryId: category.id,
        answers,
        description: '楼上邻居每天深夜搬动家具，已持续两周，多次沟通无果。',
        location: { placeId: config.organisation.id, address: '松林镇水口村3组12号' },
      }),
    );
    log(`Open311 service_request_id: ${receipt.caseNumber}`);
    const view = await client.trackCase(receipt.trackingToken);
    log(`Status: ${view.status.status} (${view.status.extendedStatus})`);

    const rating = await client.rateOutcome(receipt, 5).catch((e: unknown) => e);
    log(`Rating on Open311: ${isJiefenUnsupportedError(rating) ? 'not supported (JiefenUnsupportedError)' : 'ok'}`);
    return { caseNumber: receipt.caseNumber, status: view.status.status, stored: demo?.requests.at(-1) };
  } finally {
    await client.close();
    await demo?.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
