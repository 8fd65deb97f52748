import type { AnyStateMachine, SnapshotFrom } from 'xstate';
import type { MessageKey, MessageParams } from '../i18n/messages.js';
import type { CaseSnapshot } from './advance-case.js';
import { CASE_MACHINE_VERSION, caseMachine } from './case-machine.js';

/** A snapshot as stored: JSON-safe, stamped with the version of the chart that wrote it. */
export interface Persisted {
  machineVersion: number;
  snapshot: { value: unknown; context: unknown; status?: unknown };
}
export type PersistedCase = Persisted;

/** Upgrades a stored snapshot from version N to N + 1. */
export type SnapshotMigration = (snapshot: Persisted['snapshot']) => Persisted['snapshot'];

export class CaseRestoreError extends Error {
  override readonly name = 'CaseRestoreError';
  constructor(
    readonly code: 'version_too_new' | 'version_unmigratable' | 'snapshot_invalid',
    readonly messageKey: MessageKey,
    readonly params: MessageParams = {},
  ) {
    super(`${code}: ${JSON.stringify(params)}`);
  }
}

/**
 * Migrations for case snapshots, keyed by the version they upgrade *from*. Version 1 is the first
 * shipped shape, so there are none yet; a change to CaseContext bumps CASE_MACHINE_VERSION and adds one.
 */
export const CASE_MIGRATIONS: Readonly<Record<number, SnapshotMigration>> = {};

function persist(machine: AnyStateMachine, version: number, snapshot: SnapshotFrom<AnyStateMachine>): Persisted {
  // Round-trip through JSON so what we hand out is exactly what a database gives back.
  const persisted = JSON.parse(JSON.stringify(machine.getPersistedSnapshot(snapshot))) as Persisted['snapshot'];
  return { machineVersion: version, snapshot: persisted };
}

/** Restore any versioned chart snapshot, migrating step by step; fails with a clear error otherwise. */
export function restoreVersioned<TMachine extends AnyStateMachine>(
  machine: TMachine,
  currentVersion: number,
  migrations: Readonly<Record<number, SnapshotMigration>>,
  stored: unknown,
): SnapshotFrom<TMachine> {
  const candidate = stored as Partial<Persisted> | null;
  const version = candidate?.machineVersion;
  const raw = candidate?.snapshot;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1 || !raw || typeof raw !== 'object') {
    throw new CaseRestoreError('snapshot_invalid', 'workflow.snapshot_invalid');
  }
  if (version > currentVersion) {
    throw new CaseRestoreError('version_too_new', 'workflow.version_too_new', {
      found: version,
      current: currentVersion,
    });
  }
  let snapshot = raw;
  for (let from = version; from < currentVersion; from++) {
    const migrate = migrations[from];
    if (!migrate) {
      throw new CaseRestoreError('version_unmigratable', 'workflow.version_unmigratable', {
        found: version,
        current: currentVersion,
      });
    }
    snapshot = migrate(snapshot);
  }
  if (snapshot.value === undefined || !snapshot.context || typeof snapshot.context !== 'object') {
    throw new CaseRestoreError('snapshot_invalid', 'workflow.snapshot_invalid');
  }
  try {
    return machine.resolveState({
      value: snapshot.value as never,
      context: snapshot.context as never,
    }) as SnapshotFrom<TMachine>;
  } catch {
    // resolveState throws on state values the chart does not have.
    throw new CaseRestoreError('snapshot_invalid', 'workflow.snapshot_invalid');
  }
}

export function persistCase(snapshot: CaseSnapshot): PersistedCase {
  return persist(caseMachine, CASE_MACHINE_VERSION, snapshot);
}

/**
 * `JSON.stringify(persistCase(snapshot))` in one serialisation instead of three (persistCase
 * round-trips through JSON to hand out plain data): what a server stores on every change.
 */
export function persistCaseJson(snapshot: CaseSnapshot): string {
  return JSON.stringify({ machineVersion: CASE_MACHINE_VERSION, snapshot: caseMachine.getPersistedSnapshot(snapshot) });
}

/** Restore a stored case; `migrations` is injectable so the upgrade path itself is testable. */
export function restoreCase(
  stored: unknown,
  migrations: Readonly<Record<number, SnapshotMigration>> = CASE_MIGRATIONS,
  currentVersion = CASE_MACHINE_VERSION,
): CaseSnapshot {
  return restoreVersioned(caseMachine, currentVersion, migrations, stored);
}

export { persist as persistVersioned };
