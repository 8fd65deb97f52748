/**
 * A township's own backend behind the Jiefen SDK: the township's existing JSON API (run here in
 * process), an adapter implementing `JiefenBackend`, and the ordinary client on top of it. The
 * resident files a case during a deployment (the outbox retries without duplicates), answers the
 * centre's request for more information, and is told clearly what the township cannot do.
 *
 *   node_modules/.bin/tsx --conditions=source examples/sdk-custom-backend/src/main.ts
 */
import { qingshanSampleFiling } from '@jiefen/core/demo';
import { createClient, formatSdkMessage, isJiefenConflictError, isJiefenError, memoryStorage } from '@jiefen/sdk';
import { startTownshipApi } from './township-api.js';
import { createTownshipBackend } from './township-backend.js';

export async function main(log: (line: string) => void = console.log) {
  const api = await startTownshipApi();
  // In a browser, leave out `storage`: drafts and the outbox then live in IndexedDB.
  const client = createClient({
    backend: createTownshipBackend({ baseUrl: api.url }),
    storage: memoryStorage(),
    outbox: { retryBaseMs: 50 },
  });
  try {
    const config = await client.getTenantConfig();
    log(
      `Backend: ${client.backend.kind}; ${config.categories.length} categories; uploads ${client.capabilities.uploads ? 'on' : 'off'}`,
    );

    // The township is deploying: its API answers 503 twice. The outbox retries with one request id.
    api.maintenance(2);
    const receipt = await client.fileCase(qingshanSampleFiling());
    const [filed] = await client.outbox.list();
    log(
      `${formatSdkMessage('sdk.outbox.received', { caseNumber: receipt.caseNumber }, 'zh-CN')} (${filed?.attempts} attempts)`,
    );
    const access = { caseNumber: receipt.caseNumber, accessCode: receipt.accessCode };

    // The centre, in the township's own console, asks for the labour contract.
    api.officer(receipt.caseNumber, {
      type: 'intake.request_information',
      message: '请补充劳动合同或工资条照片',
      fields: ['answers.contract'],
    });
    const waiting = await client.getCase(access);
    log(`Waiting for: ${waiting.progress.waitingFor}; resident may: ${waiting.allowedActions.join(', ')}`);

    const replied = await client.supplyInformation(access, { message: '没有签书面合同，有微信聊天记录可以证明。' });
    log(`After the reply the case is back with the ${replied.progress.waitingFor} (stage ${replied.progress.stage})`);

    // Rating before the case ends: the township refuses, the SDK says why in the resident's language.
    let rejection: string | undefined;
    try {
      await client.rateOutcome(access, 5);
    } catch (error) {
      if (!isJiefenConflictError(error)) throw error;
      rejection = error.messageKey;
      log(`Rating refused: ${formatSdkMessage(error.messageKey, error.params, 'zh-CN')}`);
    }

    // What the township's API cannot do is switched off, and says so if called anyway.
    const upload = await client
      .uploadAttachment({ blob: new Blob(['x']), name: 'x.txt' })
      .catch((error: unknown) => error);
    const unsupported = isJiefenError(upload) ? upload.messageKey : undefined;
    if (unsupported) log(`Upload: ${formatSdkMessage(unsupported, {}, 'en')}`);

    return {
      caseNumber: receipt.caseNumber,
      filingAttempts: filed?.attempts ?? 0,
      casesOnFile: api.count(),
      waitingForAfterReply: replied.progress.waitingFor,
      rejection,
      unsupported,
    };
  } finally {
    await client.close();
    await api.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
