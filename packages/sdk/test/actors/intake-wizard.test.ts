import { qingshanSampleFiling } from '@jiefen/core/demo';
import { describe, expect, it } from 'vitest';
import { type Actor, createActor, waitFor } from 'xstate';
import {
  createClient,
  createIntakeWizard,
  type IntakeWizardEmitted,
  type IntakeWizardInput,
  type JiefenClient,
  loadSdkMessages,
  memoryStorage,
  selectApplicableSteps,
  selectFieldErrors,
  selectFirstInvalidField,
  selectFurthestStep,
  selectStepStatuses,
  selectSubmissionState,
} from '../../src/entries/intake.js';
import { createLocalBackend } from '../../src/entries/local.js';

const setup = (): JiefenClient => createClient({ backend: createLocalBackend(), storage: memoryStorage() });

type Wizard = Actor<ReturnType<typeof createIntakeWizard>>;

/** Start a wizard and record every emitted fact. */
function startWizard(client: JiefenClient, input: IntakeWizardInput = {}) {
  const emitted: IntakeWizardEmitted[] = [];
  const wizard: Wizard = createActor(createIntakeWizard(client), { input });
  wizard.on('*', (event) => emitted.push(event));
  wizard.start();
  return { wizard, emitted };
}

/** Send `intake.next` and wait until the (lazily loaded) check has answered. */
async function next(wizard: Wizard) {
  wizard.send({ type: 'intake.next' });
  return waitFor(wizard, (s) => s.matches({ editing: 'idle' }));
}

const sample = qingshanSampleFiling();

describe('intake wizard actor', () => {
  it('walks the steps with per-step validation, emits facts, and delivers the filing through the outbox', async () => {
    const client = setup();
    const { wizard, emitted } = startWizard(client, { today: '2026-11-26' });
    await waitFor(wizard, (s) => s.matches('editing'));

    const empty = await next(wizard);
    expect(empty.context.step).toBe('category');
    expect(empty.context.issues.map((i) => i.path)).toEqual(['categoryId']);
    expect(selectFieldErrors(empty)).toEqual({ categoryId: '请填写此项' });

    wizard.send({ type: 'intake.change', values: { categoryId: sample.categoryId } });
    expect((await next(wizard)).context.step).toBe('details');
    expect(emitted).toContainEqual({ type: 'step_changed', step: 'details', previous: 'category' });

    const { description, startedOn, location, answers, desiredOutcome } = sample;
    wizard.send({ type: 'intake.change', values: { description, startedOn, location, desiredOutcome } });
    // The category's own required fields are checked on this step.
    expect((await next(wizard)).context.issues.some((i) => i.path.startsWith('answers.'))).toBe(true);
    wizard.send({ type: 'intake.change', values: { answers } });
    expect((await next(wizard)).context.step).toBe('other_party');
    // The other party may be left empty.
    expect((await next(wizard)).context.step).toBe('evidence');
    expect((await next(wizard)).context.step).toBe('applicant');

    wizard.send({ type: 'intake.change', values: { applicant: sample.applicant } });
    wizard.send({ type: 'intake.set', path: 'applicant.phone', value: '123' });
    const badPhone = await next(wizard);
    expect(badPhone.context.issues).toEqual([{ path: 'applicant.phone', key: 'validation.phone', params: {} }]);
    expect(selectFirstInvalidField(badPhone)).toBe('applicant.phone');
    wizard.send({ type: 'intake.set', path: 'applicant.phone', value: '13800138000' });
    expect((await next(wizard)).context.step).toBe('review');
    expect(selectFurthestStep(wizard.getSnapshot())).toBe('review');

    wizard.send({ type: 'intake.submit' });
    const done = await waitFor(wizard, (s) => s.matches('received'));
    expect(done.context.receipt?.caseNumber).toMatch(/^JF-\d{8}-[2-9A-HJ-NP-Z]{5}$/);
    expect(selectSubmissionState(done)).toBe('received');
    const submitted = emitted.find((e) => e.type === 'submitted');
    expect(submitted).toEqual({ type: 'submitted', submissionId: done.context.submission?.id });
    expect(emitted).toContainEqual({ type: 'received', receipt: done.context.receipt });
    expect(await client.drafts.load('intake')).toBeUndefined();
    wizard.stop();
    await client.close();
  });

  it('holds no client or function in its snapshot: every state round-trips through JSON', async () => {
    const client = setup();
    const { wizard } = startWizard(client, { today: '2026-11-26' });
    const seen = new Set<string>();
    // Started already: the first state is checked here, the rest as they come.
    expect(wizard.getSnapshot().value).toBe('loading');
    expect(JSON.parse(JSON.stringify(wizard.getSnapshot().context))).toEqual(wizard.getSnapshot().context);
    const check = (snapshot: ReturnType<Wizard['getSnapshot']>) => {
      seen.add(JSON.stringify(snapshot.value));
      expect(JSON.parse(JSON.stringify(snapshot.context))).toEqual(snapshot.context);
    };
    wizard.subscribe(check);
    await waitFor(wizard, (s) => s.matches('editing'));
    wizard.send({ type: 'intake.add_files', files: [new File(['photo'], 'wall.jpg', { type: 'image/jpeg' })] });
    await waitFor(wizard, (s) => s.context.uploads[0]?.state === 'uploaded');
    wizard.send({
      type: 'intake.change',
      values: { ...sample, attachments: wizard.getSnapshot().context.form.attachments },
    });
    for (let step = 0; step < 5; step++) await next(wizard);
    expect(wizard.getSnapshot().context.step).toBe('review');
    wizard.send({ type: 'intake.submit' });
    await waitFor(wizard, (s) => s.matches('received'));
    check(wizard.getSnapshot());
    expect([...seen]).toEqual(
      expect.arrayContaining([
        '{"editing":"idle"}',
        '{"editing":"checking"}',
        '"submitting"',
        '"pending"',
        '"received"',
      ]),
    );
    expect(JSON.stringify(wizard.getSnapshot().context)).not.toContain('client');
    wizard.stop();
    await client.close();
  });

  it('guards go_to: back freely, forward only one past the furthest step and never past a step that fails', async () => {
    const client = setup();
    const { wizard } = startWizard(client);
    await waitFor(wizard, (s) => s.matches('editing'));

    // Two steps ahead of anything reached: ignored, no check runs.
    wizard.send({ type: 'intake.go_to', step: 'other_party' });
    expect(wizard.getSnapshot().matches({ editing: 'idle' })).toBe(true);
    expect(wizard.getSnapshot().context.step).toBe('category');

    // One ahead, but this step does not validate: the resident stays, with its issues.
    wizard.send({ type: 'intake.go_to', step: 'details' });
    const refused = await waitFor(wizard, (s) => s.matches({ editing: 'idle' }) && s.context.issues.length > 0);
    expect(refused.context.step).toBe('category');
    expect(refused.context.issues.map((i) => i.path)).toEqual(['categoryId']);
    expect(selectStepStatuses(refused)[0]).toEqual({ step: 'category', status: 'invalid', reachable: true });

    wizard.send({ type: 'intake.change', values: { categoryId: sample.categoryId } });
    wizard.send({ type: 'intake.go_to', step: 'details' });
    await waitFor(wizard, (s) => s.matches({ editing: 'idle' }) && s.context.step === 'details');
    wizard.send({ type: 'intake.go_to', step: 'category' });
    expect(wizard.getSnapshot().context.step).toBe('category');
    expect(selectFurthestStep(wizard.getSnapshot())).toBe('details');
    const statuses = selectStepStatuses(wizard.getSnapshot());
    expect(statuses.map((s) => [s.step, s.status, s.reachable])).toEqual([
      ['category', 'current', true],
      ['details', 'upcoming', true],
      ['other_party', 'upcoming', true],
      ['evidence', 'upcoming', false],
      ['applicant', 'upcoming', false],
      ['review', 'upcoming', false],
    ]);

    // Forward to a reachable step past an invalid one: stopped at the invalid step.
    wizard.send({ type: 'intake.go_to', step: 'other_party' });
    const stopped = await waitFor(wizard, (s) => s.matches({ editing: 'idle' }) && s.context.issues.length > 0);
    expect(stopped.context.step).toBe('details');
    expect(selectFirstInvalidField(stopped)).toBe('description');
    wizard.stop();
    await client.close();
  });

  it('takes the resident to the first step with problems when submitting too early', async () => {
    const client = setup();
    const { wizard } = startWizard(client, { initial: { ...sample, applicant: { ...sample.applicant, phone: 'x' } } });
    await waitFor(wizard, (s) => s.matches('editing'));
    for (const step of ['details', 'other_party', 'evidence', 'applicant', 'review'] as const) {
      wizard.send({ type: 'intake.go_to', step });
      await waitFor(wizard, (s) => s.matches({ editing: 'idle' }));
    }
    expect(wizard.getSnapshot().context.step).toBe('applicant');
    wizard.send({ type: 'intake.submit' });
    const snapshot = await waitFor(wizard, (s) => s.matches({ editing: 'idle' }));
    expect(snapshot.context.step).toBe('applicant');
    expect(snapshot.context.issues.map((i) => i.path)).toEqual(['applicant.phone']);
    wizard.stop();
    await client.close();
  });

  it('changes its locale: field errors and the filing follow it', async () => {
    const client = setup();
    const { wizard } = startWizard(client);
    await waitFor(wizard, (s) => s.matches('editing'));
    const checked = await next(wizard);
    expect(selectFieldErrors(checked)).toEqual({ categoryId: '请填写此项' });
    wizard.send({ type: 'intake.set_locale', locale: 'en' });
    await loadSdkMessages('en');
    expect(selectFieldErrors(wizard.getSnapshot())).toEqual({ categoryId: 'This field is required' });
    expect(wizard.getSnapshot().context.form.locale).toBe('en');
    wizard.send({ type: 'intake.set_locale', locale: 'zh-HK' });
    expect(selectFieldErrors(wizard.getSnapshot())).toEqual({ categoryId: '請填寫此項' });
    wizard.stop();
    await client.close();
  });

  it('emits draft_saved when the draft reaches storage, and draft_restored on restore', async () => {
    const client = setup();
    const first = startWizard(client, { draftId: 'd1' });
    await waitFor(first.wizard, (s) => s.matches('editing'));
    first.wizard.send({ type: 'intake.change', values: { categoryId: 'labour' } });
    await next(first.wizard);
    first.wizard.send({ type: 'intake.change', values: { description: '邻居装修噪音持续三个月，影响休息。' } });
    await client.drafts.flush();
    const saved = first.emitted.filter((e) => e.type === 'draft_saved');
    expect(saved.length).toBeGreaterThan(0);
    first.wizard.stop();

    const second = startWizard(client, { draftId: 'd1' });
    const offered = await waitFor(second.wizard, (s) => s.matches('offeringRestore'));
    expect(offered.context.restorable?.form.description).toBe('邻居装修噪音持续三个月，影响休息。');
    expect(offered.context.restorable?.step).toBe('details');
    second.wizard.send({ type: 'intake.restore' });
    expect(second.wizard.getSnapshot().context.step).toBe('details');
    expect(second.wizard.getSnapshot().context.form.categoryId).toBe('labour');
    expect(second.emitted).toContainEqual({ type: 'draft_restored', savedAt: offered.context.restorable?.savedAt });

    second.wizard.send({ type: 'intake.discard' });
    await client.drafts.flush();
    expect(await client.drafts.load('d1')).toBeUndefined();
    expect(second.wizard.getSnapshot().context.form.categoryId).toBeUndefined();
    second.wizard.stop();
    await client.close();
  });

  it('checks files against the tenant limits before sending a byte, uploads the rest, and removes on request', async () => {
    const backend = createLocalBackend();
    let uploads = 0;
    const counting = {
      ...backend,
      uploadAttachment: (...args: Parameters<typeof backend.uploadAttachment>) => {
        uploads += 1;
        return backend.uploadAttachment(...args);
      },
    };
    const client = createClient({ backend: counting, storage: memoryStorage() });
    const { wizard, emitted } = startWizard(client);
    await waitFor(wizard, (s) => s.matches('editing'));
    const limits = wizard.getSnapshot().context.config?.attachments;
    expect(limits?.maxBytes).toBe(10 * 1024 * 1024);

    wizard.send({
      type: 'intake.add_files',
      files: [
        new File([new Uint8Array(limits!.maxBytes + 1)], 'huge.jpg', { type: 'image/jpeg' }),
        new File(['MZ'], 'tool.exe', { type: 'application/x-msdownload' }),
        { blob: new Blob(['%PDF-1.7'], { type: 'application/pdf' }), name: 'contract.pdf' },
      ],
    });
    const [huge, exe, pdf] = wizard.getSnapshot().context.uploads;
    expect(huge).toMatchObject({
      name: 'huge.jpg',
      state: 'refused',
      error: { messageKey: 'validation.file_too_large', params: { max: 10 } },
    });
    expect(exe).toMatchObject({ name: 'tool.exe', state: 'refused', error: { messageKey: 'validation.file_type' } });
    expect(pdf).toMatchObject({ name: 'contract.pdf', state: 'uploading', progress: 0 });

    const uploaded = await waitFor(wizard, (s) => s.context.uploads[2]?.state === 'uploaded');
    expect(uploads).toBe(1);
    const attachment = uploaded.context.uploads[2]!.attachment!;
    expect(uploaded.context.form.attachments).toEqual([attachment]);
    expect(uploaded.context.uploads[2]?.progress).toBe(1);
    expect(
      emitted.filter((e) => e.type === 'upload_changed').map((e) => e.type === 'upload_changed' && e.upload.state),
    ).toEqual(['refused', 'refused', 'uploading', 'uploaded']);

    wizard.send({ type: 'intake.remove_file', id: pdf!.id });
    wizard.send({ type: 'intake.remove_file', id: huge!.id });
    expect(wizard.getSnapshot().context.uploads.map((u) => u.name)).toEqual(['tool.exe']);
    expect(wizard.getSnapshot().context.form.attachments).toEqual([]);
    expect(emitted.at(-1)).toMatchObject({ type: 'upload_changed', removed: true, upload: { name: 'huge.jpg' } });
    wizard.stop();
    await client.close();
  });

  it('reports upload progress and cancels an upload in flight', async () => {
    const backend = createLocalBackend();
    let aborted = false;
    let release: () => void = () => {};
    const slow = {
      ...backend,
      uploadAttachment: async (...[file, options]: Parameters<typeof backend.uploadAttachment>) => {
        options?.onProgress?.({ loaded: 2, total: 4 });
        options?.signal?.addEventListener('abort', () => {
          aborted = true;
        });
        await new Promise<void>((resolve) => {
          release = resolve;
        });
        return backend.uploadAttachment(file);
      },
    };
    const client = createClient({ backend: slow, storage: memoryStorage() });
    const { wizard } = startWizard(client);
    await waitFor(wizard, (s) => s.matches('editing'));
    wizard.send({ type: 'intake.add_files', files: [new File(['abcd'], 'a.png', { type: 'image/png' })] });
    const halfway = await waitFor(wizard, (s) => s.context.uploads[0]?.progress === 0.5);
    expect(halfway.context.uploads[0]?.state).toBe('uploading');
    wizard.send({ type: 'intake.cancel_upload', id: halfway.context.uploads[0]!.id });
    expect(aborted).toBe(true);
    expect(wizard.getSnapshot().context.uploads).toEqual([]);
    release();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(wizard.getSnapshot().context.form.attachments).toEqual([]);
    expect(selectApplicableSteps(wizard.getSnapshot())).toContain('evidence');
    wizard.stop();
    await client.close();
  });
});
