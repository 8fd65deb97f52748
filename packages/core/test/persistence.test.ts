import { describe, expect, it } from 'vitest';
import { initialTransition } from 'xstate';
import {
  advanceCase,
  CASE_MACHINE_VERSION,
  CaseRestoreError,
  caseMachine,
  formatMessage,
  openCase,
  persistCase,
  persistCaseJson,
  restoreCase,
  type SnapshotMigration,
} from '../src/index.js';
import { actors, at, CaseStory, filingInput, tenant } from './fixtures.js';

describe('persisted case snapshots', () => {
  it('round-trip through JSON and keep working', () => {
    const story = new CaseStory().toJointHandling();
    const stored = JSON.parse(JSON.stringify(persistCase(story.snapshot)));
    expect(stored.machineVersion).toBe(CASE_MACHINE_VERSION);
    const restored = restoreCase(stored);
    expect(restored.value).toEqual(story.snapshot.value);
    expect(restored.context).toEqual(story.snapshot.context);
    const next = advanceCase(
      restored,
      { type: 'department.acknowledge', departmentId: 'justice' },
      actors.handler('justice'),
      at(4),
    );
    expect(next.ok).toBe(true);
  });

  it('restores finished cases as finished', () => {
    const story = new CaseStory().send({ type: 'resident.withdraw' }, actors.resident);
    expect(restoreCase(persistCase(story.snapshot)).status).toBe('done');
  });

  it('refuses a snapshot written by a newer version with a clear, localized error', () => {
    const stored = { ...persistCase(new CaseStory().snapshot), machineVersion: CASE_MACHINE_VERSION + 1 };
    try {
      restoreCase(stored);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(CaseRestoreError);
      const e = error as CaseRestoreError;
      expect(e.code).toBe('version_too_new');
      expect(formatMessage(e.messageKey, e.params, 'en')).toBe(
        `This case was saved by a newer version (${CASE_MACHINE_VERSION + 1}); version ${CASE_MACHINE_VERSION} cannot read it`,
      );
    }
  });

  it('migrates older versions step by step, and fails clearly when a step is missing', () => {
    const current = persistCase(new CaseStory().snapshot);
    // Pretend today's shape is version 3 and version 1 stored the case number under another key.
    const v1 = {
      machineVersion: 1,
      snapshot: {
        ...current.snapshot,
        context: { ...(current.snapshot.context as object), caseNumber: undefined, number: 'JF-20261126-ABCDE' },
      },
    };
    const migrations: Record<number, SnapshotMigration> = {
      1: (s) => {
        const { number, ...context } = s.context as { number: string };
        return { ...s, context: { ...context, caseNumber: number } };
      },
      2: (s) => s,
    };
    expect(restoreCase(v1, migrations, 3).context.caseNumber).toBe('JF-20261126-ABCDE');
    expect(() => restoreCase(v1, { 1: migrations[1]! }, 3)).toThrow(
      expect.objectContaining({ code: 'version_unmigratable' }),
    );
  });

  it.each([
    ['nothing', null],
    ['no version', { snapshot: {} }],
    ['an unknown state', { machineVersion: 1, snapshot: { value: 'limbo', context: {} } }],
  ])('refuses %s as damaged', (_name, stored) => {
    expect(() => restoreCase(stored)).toThrow(
      expect.objectContaining({ code: 'snapshot_invalid', messageKey: 'workflow.snapshot_invalid' }),
    );
  });
});

describe('the fast paths a server takes on every filing', () => {
  const inputs = [
    { hours: 0, filing: filingInput() },
    { hours: 30, filing: { ...filingInput(), categoryId: tenant.categories.at(-1)!.id } },
    { hours: 1000, filing: { ...filingInput(), onBehalf: { filerRole: 'relative', filerName: '李四' } } },
  ];

  it('openCase gives exactly the snapshot initialTransition gives, for every case after the first', () => {
    for (const { hours, filing } of [...inputs, ...inputs]) {
      const input = {
        caseNumber: `JF-20261126-ABC${hours}`,
        tenantId: tenant.id,
        filing: filing as never,
        sla: tenant.sla,
        publicSecurityDepartmentId: tenant.publicSecurityDepartmentId,
        now: at(hours),
      };
      const [reference] = initialTransition(caseMachine, input);
      const { snapshot } = openCase(input);
      expect(persistCase(snapshot)).toEqual(persistCase(reference));
      expect(snapshot.status).toBe(reference.status);
      expect(snapshot.context).toEqual(reference.context);
      // The chart still works from it.
      expect(snapshot.can({ type: 'intake.accept', actor: actors.intake, now: at(hours + 1) } as never)).toBe(
        reference.can({ type: 'intake.accept', actor: actors.intake, now: at(hours + 1) } as never),
      );
    }
  });

  it('persistCaseJson is JSON.stringify(persistCase(snapshot)), byte for byte', () => {
    for (const story of [
      new CaseStory(),
      new CaseStory().toJointHandling(),
      new CaseStory().send({ type: 'resident.withdraw' }, actors.resident),
    ])
      expect(persistCaseJson(story.snapshot)).toBe(JSON.stringify(persistCase(story.snapshot)));
  });
});
