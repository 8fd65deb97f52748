/**
 * The local backend: the whole closed loop on this device, no server. A resident files a labour
 * dispute, the centre moves it along (the local backend's staff side), and the resident follows it.
 *
 *   node_modules/.bin/tsx --conditions=source examples/sdk-local/src/main.ts
 */
import { pickText } from '@jiefen/core';
import { qingshanSampleFiling } from '@jiefen/core/demo';
import { createClient, formatSdkMessage, memoryStorage } from '@jiefen/sdk';
import { createLocalBackend } from '@jiefen/sdk/local';

export async function main(log: (line: string) => void = console.log) {
  // In a browser, leave out `stores`/`storage`: cases, drafts and the outbox then live in IndexedDB.
  const backend = createLocalBackend();
  const client = createClient({ backend, storage: memoryStorage() });

  const config = await client.getTenantConfig();
  log(`Township: ${pickText(config.name, 'zh-CN')}; ${config.categories.length} dispute categories`);

  const receipt = await client.fileCase(qingshanSampleFiling());
  log(formatSdkMessage('sdk.outbox.received', { caseNumber: receipt.caseNumber }, 'zh-CN'));
  const access = { caseNumber: receipt.caseNumber, accessCode: receipt.accessCode };

  // The centre: accept, assess risk, route to the labour bureau, which acknowledges and settles.
  await backend.staff.transition(receipt.caseNumber, { type: 'intake.accept', firstLineMediation: false });
  await backend.staff.transition(receipt.caseNumber, { type: 'risk.assess', level: 'medium' });
  const labour = 'labour-bureau';
  await backend.staff.transition(receipt.caseNumber, {
    type: 'routing.route',
    complexity: 'complex',
    level: 'town',
    departmentIds: [labour],
  });
  const handler = backend.staffAs({ role: 'department_handler', departmentId: labour, id: 'handler-1' });
  await handler.transition(receipt.caseNumber, { type: 'department.acknowledge', departmentId: labour });
  await handler.transition(receipt.caseNumber, {
    type: 'outcome.agreement',
    summary: '用人单位同意在两周内分两次结清工资。',
  });

  const view = await client.getCase(access);
  log(`Stage: ${view.progress.stage}; resident may now: ${view.allowedActions.join(', ')}`);
  const rated = await client.rateOutcome(access, 5, '处理很及时');
  log(`Rated ${rated.followUp?.rating?.score}/5; case closed: ${Boolean(rated.closedAt)}`);
  await client.close();
  return { caseNumber: receipt.caseNumber, finalStage: rated.progress.stage };
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
