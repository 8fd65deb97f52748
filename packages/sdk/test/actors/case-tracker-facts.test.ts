import { qingshanSampleFiling } from '@jiefen/core/demo';
import { describe, expect, it } from 'vitest';
import { createActor, waitFor } from 'xstate';
import {
  type CaseTrackerEmitted,
  createCaseTracker,
  createClient,
  createLocalBackend,
  memoryStorage,
  selectCaseChanges,
  selectTrackerActions,
  selectTrackerScreen,
} from '../../src/index.js';

/** The tracker's emitted facts (XState `emit`), which a view turns into DOM events without diffing snapshots. */
describe('case tracker facts and selectors', () => {
  it('emits case_opened, case_updated on a real change, action_sent and action_rejected', async () => {
    const backend = createLocalBackend();
    const client = createClient({ backend, storage: memoryStorage() });
    const receipt = await client.fileCase(qingshanSampleFiling());
    const tracker = createActor(createCaseTracker(client), { input: { watch: { pollIntervalMs: 50 } } });
    const facts: CaseTrackerEmitted[] = [];
    tracker.on('*', (event) => facts.push(event as CaseTrackerEmitted));
    tracker.start();
    expect(selectTrackerScreen(tracker.getSnapshot())).toBe('idle');

    tracker.send({ type: 'tracker.lookup', caseNumber: receipt.caseNumber, accessCode: receipt.accessCode });
    const ready = await waitFor(tracker, (s) => selectTrackerScreen(s) === 'ready');
    expect(facts).toEqual([{ type: 'case_opened', caseNumber: receipt.caseNumber, via: 'lookup' }]);
    expect(selectTrackerActions(ready)).toEqual(['add_evidence', 'withdraw']);

    await backend.staff.transition(receipt.caseNumber, { type: 'intake.accept', firstLineMediation: false });
    await waitFor(tracker, (s) => s.context.view?.progress.stage === 'risk_assessment');
    const updated = facts.filter((f) => f.type === 'case_updated');
    expect(updated).toHaveLength(1);
    const update = updated[0] as Extract<CaseTrackerEmitted, { type: 'case_updated' }>;
    const changes = selectCaseChanges(update.previous, update.view);
    expect(changes[0]).toEqual({ kind: 'stage', stage: 'risk_assessment' });
    expect(changes[1]).toMatchObject({ kind: 'timeline', added: 1, latest: { messageKey: 'timeline.intake.accept' } });

    tracker.send({ type: 'tracker.withdraw', reason: '已和解' });
    expect(selectTrackerScreen(tracker.getSnapshot())).toBe('acting');
    expect(selectTrackerActions(tracker.getSnapshot())).toEqual([]);
    await waitFor(tracker, (s) => selectTrackerScreen(s) === 'ready' && !!s.context.view?.withdrawnAt);
    expect(facts.filter((f) => f.type === 'action_sent')).toEqual([
      { type: 'action_sent', caseNumber: receipt.caseNumber, action: 'withdraw' },
    ]);
    expect(selectTrackerActions(tracker.getSnapshot())).toEqual([]);

    tracker.send({ type: 'tracker.rate', score: 5 });
    await waitFor(tracker, (s) => selectTrackerScreen(s) === 'ready' && s.context.error !== undefined);
    const rejected = facts.filter((f) => f.type === 'action_rejected');
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toMatchObject({ action: 'rate', error: { code: 'transition_rejected' } });
    tracker.stop();
    await client.close();
  });
});
