import { qingshanSampleFiling, qingshanTenant } from '@jiefen/core/demo';
import { describe, expect, it } from 'vitest';
import { createActor, waitFor } from 'xstate';
import {
  createCaseTracker,
  createClient,
  createLocalBackend,
  type KeyValueStorage,
  memoryStorage,
  rememberedCases,
  selectTrackerScreen,
} from '../../src/index.js';

/** A Map behind the Web Storage calls the store makes: Node has no `localStorage`. */
function mapStorage(): KeyValueStorage & { entries: Map<string, string> } {
  const entries = new Map<string, string>();
  return {
    entries,
    getItem: (key) => entries.get(key) ?? null,
    setItem: (key, value) => void entries.set(key, value),
    removeItem: (key) => void entries.delete(key),
  };
}

async function setUp() {
  const backend = createLocalBackend();
  const client = createClient({ backend, storage: memoryStorage() });
  const receipt = await client.fileCase(qingshanSampleFiling());
  return { backend, client, receipt };
}

// The tracker keeps the "remember on this device" choice and the requested fields' labels itself,
// behind seams (a key-value store, the client), so a view only renders its state and sends events.
describe('case tracker on this device: remembered cases and field labels', () => {
  it('remembers a case only when the lookup asks, opens it next time, and forgets it', async () => {
    const { client, receipt } = await setUp();
    const storage = mapStorage();
    const start = () =>
      createActor(createCaseTracker(client, { remembered: rememberedCases('qingshan', storage) }), {
        input: { watch: { pollIntervalMs: 60_000 } },
      }).start();

    const plain = start();
    expect(selectTrackerScreen(plain.getSnapshot())).toBe('idle');
    plain.send({ type: 'tracker.lookup', caseNumber: receipt.caseNumber, accessCode: receipt.accessCode });
    await waitFor(plain, (s) => selectTrackerScreen(s) === 'ready');
    expect(storage.entries.size, 'not remembered unless asked').toBe(0);
    expect(plain.getSnapshot().context.remembered).toBe(false);
    plain.send({ type: 'tracker.close' });
    plain.send({
      type: 'tracker.lookup',
      caseNumber: ` ${receipt.caseNumber.toLowerCase()} `,
      accessCode: receipt.accessCode,
      remember: true,
    });
    await waitFor(plain, (s) => selectTrackerScreen(s) === 'ready');
    expect(plain.getSnapshot().context.remembered).toBe(true);
    expect(JSON.parse(storage.entries.get('jiefen.tracker.qingshan')!)).toEqual({
      caseNumber: receipt.caseNumber,
      accessCode: receipt.accessCode,
    });
    plain.stop();

    // The next visit opens the remembered case at once: straight to loading, no lookup form first.
    const again = start();
    expect(selectTrackerScreen(again.getSnapshot())).toBe('loading');
    const ready = await waitFor(again, (s) => selectTrackerScreen(s) === 'ready');
    expect(ready.context.view?.caseNumber).toBe(receipt.caseNumber);
    expect(ready.context.remembered).toBe(true);
    again.send({ type: 'tracker.forget' });
    expect(storage.entries.size).toBe(0);
    expect(again.getSnapshot().context).toMatchObject({ remembered: false, forgotten: true });
    expect(selectTrackerScreen(again.getSnapshot()), 'the case stays shown').toBe('ready');
    again.stop();

    const third = start();
    expect(selectTrackerScreen(third.getSnapshot())).toBe('idle');
    third.stop();
    await client.close();
  });

  it('a failed lookup that asked to be remembered keeps nothing; without a store nothing is remembered', async () => {
    const { client, receipt } = await setUp();
    const storage = mapStorage();
    const tracker = createActor(createCaseTracker(client, { remembered: rememberedCases('qingshan', storage) }), {
      input: {},
    }).start();
    tracker.send({ type: 'tracker.lookup', caseNumber: receipt.caseNumber, accessCode: 'WRONG1', remember: true });
    const refused = await waitFor(tracker, (s) => selectTrackerScreen(s) === 'idle' && s.context.error !== undefined);
    expect(refused.context.error?.messageKey).toBe('sdk.error.not_found');
    expect(storage.entries.size).toBe(0);
    tracker.stop();

    // Node without `localStorage`: the default store keeps nothing and reads nothing.
    const bare = createActor(createCaseTracker(client, { remembered: rememberedCases('qingshan') }), {
      input: {},
    }).start();
    bare.send({
      type: 'tracker.lookup',
      caseNumber: receipt.caseNumber,
      accessCode: receipt.accessCode,
      remember: true,
    });
    await waitFor(bare, (s) => selectTrackerScreen(s) === 'ready');
    bare.stop();
    expect(selectTrackerScreen(createActor(createCaseTracker(client), { input: {} }).start().getSnapshot())).toBe(
      'idle',
    );
    await client.close();
  });

  it('loads the requested fields’ labels from the tenant configuration through the client', async () => {
    const { backend, client, receipt } = await setUp();
    const tracker = createActor(createCaseTracker(client), { input: { watch: { pollIntervalMs: 30 } } }).start();
    tracker.send({ type: 'tracker.lookup', caseNumber: receipt.caseNumber, accessCode: receipt.accessCode });
    const opened = await waitFor(tracker, (s) => selectTrackerScreen(s) === 'ready');
    expect(opened.context.fieldLabels, 'nothing requested, nothing loaded').toBeUndefined();

    const categoryId = opened.context.view!.categoryId;
    const field = qingshanTenant.categories.find((c) => c.id === categoryId)!.fields[0]!;
    await backend.staff.transition(receipt.caseNumber, {
      type: 'intake.request_information',
      message: '请补充',
      fields: [`answers.${field.id}`],
    });
    const labelled = await waitFor(tracker, (s) => Object.keys(s.context.fieldLabels?.labels ?? {}).length > 0);
    expect(labelled.context.fieldLabels!.categoryId).toBe(categoryId);
    expect(labelled.context.fieldLabels!.labels[field.id]).toEqual(field.label);
    tracker.stop();
    await client.close();
  });
});
