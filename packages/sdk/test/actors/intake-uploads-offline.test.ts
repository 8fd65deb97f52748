import { qingshanSampleFiling } from '@jiefen/core/demo';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createActor, waitFor } from 'xstate';
import { createIntakeWizard, type IntakeWizardEmitted } from '../../src/entries/intake.js';
import { type ResidentConnection, startResidentConnection } from '../fixtures/resident-connection.js';

let connection: ResidentConnection;
beforeAll(async () => {
  connection = await startResidentConnection({
    seed: 20261201,
    staffRole: 'intake_officer',
    outbox: { retryBaseMs: 60_000, retryMaxMs: 60_000 },
  });
});
afterAll(async () => {
  await connection?.close();
});

it('keeps a photo added offline waiting with the filing, then sends it with the filing exactly once', async () => {
  const page = connection.residentPage();
  const emitted: IntakeWizardEmitted[] = [];
  const wizard = createActor(createIntakeWizard(page), { input: { initial: qingshanSampleFiling() } });
  wizard.on('*', (event) => emitted.push(event));
  wizard.start();
  await waitFor(wizard, (s) => s.matches('editing')); // the configuration came while online

  connection.proxy.setRates({ drop: 1 }); // the resident walks out of coverage
  // A JPEG's own signature: the server checks the bytes, not only the declared type.
  const bytes = new Uint8Array(2048).fill(7);
  bytes.set([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00]);
  bytes.set([0xff, 0xd9], 2046);
  const photo = new File([bytes], 'leaking-wall.jpg', { type: 'image/jpeg' });
  wizard.send({ type: 'intake.add_files', files: [photo] });
  const waiting = await waitFor(wizard, (s) => s.context.uploads[0]?.state === 'waiting', { timeout: 10_000 });
  expect(waiting.context.uploads[0]?.error?.messageKey).toBe('sdk.error.network');
  expect(waiting.context.form.attachments).toEqual([]);

  for (let step = 0; step < 5; step++) {
    wizard.send({ type: 'intake.next' });
    await waitFor(wizard, (s) => s.matches({ editing: 'idle' }));
  }
  expect(wizard.getSnapshot().context.step).toBe('review');
  wizard.send({ type: 'intake.submit' });
  const saved = await waitFor(wizard, (s) => s.matches('pending') && s.context.submission?.state === 'saved', {
    timeout: 10_000,
  });
  const submissionId = saved.context.submission!.id;
  expect(emitted).toContainEqual({ type: 'submitted', submissionId });
  await page.outbox.flush({ force: true }); // one more try while still offline: still waiting
  expect((await page.outbox.get(submissionId))?.state).toBe('saved');

  connection.proxy.setRates({}); // coverage is back; the resident presses "send now"
  wizard.send({ type: 'intake.retry' });
  const received = await waitFor(wizard, (s) => s.matches('received'), { timeout: 20_000 });
  const caseNumber = received.context.receipt!.caseNumber;

  const db = connection.server.context.storage.db;
  const rows = await db.selectFrom('cases').select(['case_number', 'snapshot']).execute();
  const ours = rows.filter((row) => row.case_number === caseNumber);
  expect(ours).toHaveLength(1);
  const filing = JSON.parse(ours[0]!.snapshot).snapshot.context.filing;
  expect(filing.attachments).toHaveLength(1);
  expect(filing.attachments[0]).toMatchObject({ name: 'leaking-wall.jpg', mediaType: 'image/jpeg', size: 2048 });
  const uploads = await db.selectFrom('uploads').selectAll().execute();
  expect(uploads.filter((u) => JSON.stringify(u).includes('leaking-wall.jpg'))).toHaveLength(1);
  wizard.stop();
  await page.close();
}, 60_000);
