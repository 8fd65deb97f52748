import {
  type AdvanceResult,
  advanceCase,
  type CaseCommand,
  type CaseFiling,
  type CaseRejection,
  type CaseSnapshot,
  caseSummary,
  type DepartmentDirectory,
  openCase,
  persistCaseJson,
  restoreCase,
  type TenantConfig,
  type TimelineEntry,
  type WorkflowActor,
} from '@jiefen/core';
import type { Selectable, Transaction } from 'kysely';
import { newCaseNumber } from '../security/credentials.js';
import { CHANGE_CHANNEL, type ChangeBus } from './change-bus.js';
import { compiledStatement } from './compiled.js';
import type { Storage } from './database.js';
import {
  appendEvents,
  enqueueWebhooks,
  insertChained,
  loadTimeline,
  notifyInTransaction,
  verifyStream,
} from './event-log.js';
import { chain, GENESIS_HASH } from './hash-chain.js';
import type { CasesTable, Database } from './schema.js';
import { ConcurrentUpdateError, inTransaction, type WriteTransaction, writeTransaction } from './transactions.js';

export type CaseRow = Selectable<CasesTable>;
export type CaseCredentials = Pick<
  CaseRow,
  'case_number' | 'tenant_id' | 'access_code_hash' | 'tracking_token_hash' | 'last_seq'
>;

export interface LoadedCase {
  row: CaseRow;
  snapshot: CaseSnapshot;
  timeline: TimelineEntry[];
}

export type CaseUpdate =
  | { ok: true; snapshot: CaseSnapshot; timeline: TimelineEntry[]; changed: boolean; row: CaseRow }
  | { ok: false; rejection: CaseRejection };

export interface QueueFilters {
  stage?: string;
  level?: string;
  departmentId?: string;
  riskLevel?: string;
  overdue?: boolean;
  urged?: boolean;
  escalated?: boolean;
  cursor?: string;
  limit: number;
}

/** Columns derived from the snapshot for queue filters and the scheduler. */
function summaryColumns(snapshot: CaseSnapshot, now: string) {
  const summary = caseSummary(snapshot, now);
  return {
    snapshot: persistCaseJson(snapshot),
    state: summary.state,
    stage: summary.stage,
    level: summary.level ?? null,
    risk_level: summary.riskLevel ?? null,
    department_ids: `,${summary.departmentIds.join(',')},`,
    overdue: summary.overdue ? 1 : 0,
    urged: summary.urged ? 1 : 0,
    escalated: summary.escalated ? 1 : 0,
    next_due_at: summary.nextDeadline ? new Date(summary.nextDeadline).toISOString() : null,
  };
}

/**
 * Cases: snapshot plus denormalised columns in `cases`, the trail in `events`. Every change writes
 * its events and the new snapshot in one transaction; the case row is locked (PostgreSQL) or the
 * single SQLite writer is held while the statechart runs, so concurrent changes serialise.
 */
export class CaseStore {
  readonly #credentials: (parameters: readonly unknown[]) => Promise<CaseCredentials | undefined>;
  /** Every filing runs it: compiled once (see compiled.ts). */
  readonly #insertCase;

  constructor(
    private readonly storage: Storage,
    private readonly bus: ChangeBus,
  ) {
    this.#insertCase = compiledStatement<CaseRow>((value) => {
      // A Record over every column: a column added to the table and not here fails to type-check.
      const columns: Record<keyof CaseRow, never> = {
        case_number: value('case_number'),
        tenant_id: value('tenant_id'),
        snapshot: value('snapshot'),
        access_code_hash: value('access_code_hash'),
        tracking_token_hash: value('tracking_token_hash'),
        state: value('state'),
        stage: value('stage'),
        level: value('level'),
        risk_level: value('risk_level'),
        department_ids: value('department_ids'),
        overdue: value('overdue'),
        urged: value('urged'),
        escalated: value('escalated'),
        next_due_at: value('next_due_at'),
        filed_at: value('filed_at'),
        updated_at: value('updated_at'),
        last_seq: value('last_seq'),
        head_hash: value('head_hash'),
      };
      return storage.db
        .insertInto('cases')
        .values(columns)
        .onConflict((oc) => oc.doNothing());
    });
    this.#credentials = storage.preparedRead(
      storage.db
        .selectFrom('cases')
        .select(['case_number', 'tenant_id', 'access_code_hash', 'tracking_token_hash', 'last_seq'])
        .where('case_number', '=', ''),
    );
  }

  /**
   * Register a new case, in the caller's transaction when given one (the filing route's, which also
   * holds the idempotency key). A case-number collision retries with a new number: the row is
   * inserted with ON CONFLICT DO NOTHING, because a failed statement would abort the caller's
   * PostgreSQL transaction.
   */
  async create(
    input: {
      tenant: TenantConfig;
      filing: CaseFiling;
      accessCodeHash: string;
      trackingTokenHash: string;
      now: Date;
    },
    tx?: WriteTransaction,
  ): Promise<LoadedCase> {
    const nowIso = input.now.toISOString();
    return inTransaction(this.storage, tx, async ({ trx, afterCommit }) => {
      for (let attempt = 0; attempt < 6; attempt++) {
        const caseNumber = newCaseNumber(input.now);
        const { snapshot, timeline } = openCase({
          caseNumber,
          tenantId: input.tenant.id,
          filing: input.filing,
          sla: input.tenant.sla,
          publicSecurityDepartmentId: input.tenant.publicSecurityDepartmentId,
          now: nowIso,
        });
        const events = chain(timeline, 0, GENESIS_HASH);
        const last = events.at(-1)!;
        const row: CaseRow = {
          case_number: caseNumber,
          tenant_id: input.tenant.id,
          access_code_hash: input.accessCodeHash,
          tracking_token_hash: input.trackingTokenHash,
          filed_at: nowIso,
          updated_at: nowIso,
          last_seq: last.seq,
          head_hash: last.hash,
          ...summaryColumns(snapshot, nowIso),
        };
        const inserted = await this.#insertCase(trx, row);
        if (Number(inserted.numAffectedRows ?? 0n) !== 1) continue;
        await insertChained(trx, caseNumber, events);
        await enqueueWebhooks(trx, input.tenant.id, caseNumber, events, nowIso);
        await this.#notify(trx, caseNumber, last.seq);
        afterCommit(() => this.#afterCommit(caseNumber, last.seq));
        return { row, snapshot, timeline };
      }
      throw new Error('no free case number after 6 attempts');
    });
  }

  /** The case row without snapshot or timeline: enough to check credentials and freshness. */
  async findRow(caseNumber: string): Promise<CaseRow | undefined> {
    return this.storage.db.selectFrom('cases').selectAll().where('case_number', '=', caseNumber).executeTakeFirst();
  }

  /**
   * The columns a resident lookup needs (credentials, version), without the snapshot: an unchanged
   * case is answered from the rendered-view cache, so the hot path never reads or parses the snapshot.
   */
  async findCredentials(caseNumber: string): Promise<CaseCredentials | undefined> {
    return this.#credentials([caseNumber]);
  }

  /**
   * Replace the stored access-code hash after a successful check under an older scheme or key (see
   * `AccessCodeHasher.needsRehash`). Only if it is still the hash that was checked: a concurrent rehash
   * wins, nothing else on the row changes (no event: the code itself is the same).
   */
  async rehashAccessCode(caseNumber: string, previous: string, next: string): Promise<void> {
    await this.storage.db
      .updateTable('cases')
      .set({ access_code_hash: next })
      .where('case_number', '=', caseNumber)
      .where('access_code_hash', '=', previous)
      .execute();
  }

  async findRowByTrackingTokenHash(hash: string): Promise<CaseRow | undefined> {
    return this.storage.db.selectFrom('cases').selectAll().where('tracking_token_hash', '=', hash).executeTakeFirst();
  }

  /** Snapshot and timeline of a row; inside a write transaction, read through it (it sees its own writes). */
  async load(row: CaseRow, tx?: WriteTransaction): Promise<LoadedCase> {
    return {
      row,
      snapshot: restoreCase(JSON.parse(row.snapshot)),
      timeline: await loadTimeline(tx?.trx ?? this.storage.db, row.case_number),
    };
  }

  /**
   * Run one command through the statechart and persist the result, in the caller's transaction when
   * given one (`tx`). `authorize` sees the locked row first (tenant scope, department scope) and throws
   * to refuse. `tenant` is the case's tenant configuration, which commands naming departments are
   * checked against (see `advanceCase`).
   */
  async advance(
    caseNumber: string,
    command: unknown,
    actor: WorkflowActor,
    now: Date,
    authorize: (row: CaseRow) => void = () => {},
    tenant?: DepartmentDirectory,
    tx?: WriteTransaction,
  ): Promise<CaseUpdate | undefined> {
    const nowIso = now.toISOString();
    return inTransaction(this.storage, tx, async (tx) => {
      const row = await this.#lockRow(tx.trx, caseNumber);
      if (!row) return undefined;
      authorize(row);
      const snapshot = restoreCase(JSON.parse(row.snapshot));
      const advanced: AdvanceResult = advanceCase(snapshot, command, actor, nowIso, tenant);
      if (!advanced.ok) return { ok: false as const, rejection: advanced.rejection };
      if (!advanced.changed) {
        return { ok: true as const, snapshot, changed: false, row, timeline: [] as TimelineEntry[] };
      }
      const entries = advanced.timeline.length > 0 ? advanced.timeline : [clockEntry(nowIso, advanced.command)];
      const next = await this.#write(tx, row, advanced.snapshot, entries, nowIso);
      return { ok: true as const, snapshot: advanced.snapshot, changed: true, row: next, timeline: entries };
    });
  }

  /**
   * Feed `clock.tick` to due cases. PostgreSQL: `FOR UPDATE SKIP LOCKED` so several processes split
   * the work and each deadline fires exactly once; SQLite has one writer, so the transaction suffices.
   * The events, the new snapshot and the cleared `next_due_at` commit together: a crash mid-batch
   * rolls all of it back and the next run (of any process) fires those deadlines, once.
   * Returns how many cases changed.
   */
  async tickDue(now: Date, batchSize: number): Promise<number> {
    const nowIso = now.toISOString();
    return writeTransaction(this.storage, async (tx) => {
      const { trx } = tx;
      let changed = 0;
      let query = trx
        .selectFrom('cases')
        .selectAll()
        .where('next_due_at', 'is not', null)
        .where('next_due_at', '<=', nowIso)
        .orderBy('next_due_at')
        .limit(batchSize);
      if (this.storage.engine === 'postgres') query = query.forUpdate().skipLocked();
      const rows = await query.execute();
      for (const row of rows) {
        const snapshot = restoreCase(JSON.parse(row.snapshot));
        const advanced = advanceCase(snapshot, { type: 'clock.tick' }, { role: 'system' }, nowIso);
        if (!advanced.ok) {
          // A finished case keeps no deadline; clear it so the scheduler stops looking.
          await trx
            .updateTable('cases')
            .set({ next_due_at: null })
            .where('case_number', '=', row.case_number)
            .execute();
          continue;
        }
        const entries = advanced.changed
          ? advanced.timeline.length > 0
            ? advanced.timeline
            : [clockEntry(nowIso, advanced.command)]
          : [];
        if (entries.length === 0) {
          // Nothing was due after all (the stored instant was stale): refresh the columns only.
          await trx
            .updateTable('cases')
            .set(summaryColumns(snapshot, nowIso))
            .where('case_number', '=', row.case_number)
            .execute();
          continue;
        }
        await this.#write(tx, row, advanced.snapshot, entries, nowIso);
        changed++;
      }
      return changed;
    });
  }

  async queue(tenantId: string, filters: QueueFilters): Promise<CaseRow[]> {
    let query = this.storage.db.selectFrom('cases').selectAll().where('tenant_id', '=', tenantId);
    if (filters.stage) query = query.where('stage', '=', filters.stage);
    if (filters.level) query = query.where('level', '=', filters.level);
    if (filters.riskLevel) query = query.where('risk_level', '=', filters.riskLevel);
    if (filters.departmentId) query = query.where('department_ids', 'like', `%,${filters.departmentId},%`);
    if (filters.overdue !== undefined) query = query.where('overdue', '=', filters.overdue ? 1 : 0);
    if (filters.urged !== undefined) query = query.where('urged', '=', filters.urged ? 1 : 0);
    if (filters.escalated !== undefined) query = query.where('escalated', '=', filters.escalated ? 1 : 0);
    if (filters.cursor) query = query.where('case_number', '>', filters.cursor);
    return query.orderBy('case_number').limit(filters.limit).execute();
  }

  async verify(row: CaseRow) {
    return verifyStream(this.storage.db, row.case_number, { seq: row.last_seq, hash: row.head_hash });
  }

  async #lockRow(trx: Transaction<Database>, caseNumber: string): Promise<CaseRow | undefined> {
    let query = trx.selectFrom('cases').selectAll().where('case_number', '=', caseNumber);
    if (this.storage.engine === 'postgres') query = query.forUpdate();
    return query.executeTakeFirst();
  }

  async #write(
    tx: WriteTransaction,
    row: CaseRow,
    snapshot: CaseSnapshot,
    entries: readonly TimelineEntry[],
    nowIso: string,
  ): Promise<CaseRow> {
    const { trx } = tx;
    const events = await appendEvents(trx, row.case_number, entries, row.last_seq, row.head_hash);
    const last = events.at(-1)!;
    const columns = {
      ...summaryColumns(snapshot, nowIso),
      updated_at: nowIso,
      last_seq: last.seq,
      head_hash: last.hash,
    };
    // The last_seq guard makes a lost update impossible even if a lock were missed.
    const updated = await trx
      .updateTable('cases')
      .set(columns)
      .where('case_number', '=', row.case_number)
      .where('last_seq', '=', row.last_seq)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1)
      throw new ConcurrentUpdateError(`concurrent update of ${row.case_number}`);
    await enqueueWebhooks(trx, row.tenant_id, row.case_number, events, nowIso);
    await this.#notify(trx, row.case_number, last.seq);
    tx.afterCommit(() => this.#afterCommit(row.case_number, last.seq));
    return { ...row, ...columns };
  }

  async #notify(trx: Transaction<Database>, streamId: string, seq: number): Promise<void> {
    if (this.storage.engine === 'postgres') await notifyInTransaction(trx, CHANGE_CHANNEL, `${streamId}:${seq}`);
  }

  #afterCommit(streamId: string, seq: number): void {
    if (this.storage.engine === 'sqlite') this.bus.emitLocal(streamId, seq);
  }
}

/** A state change with no timeline entry of its own still leaves a trace in the chain. */
function clockEntry(at: string, command: CaseCommand): TimelineEntry {
  return { at, type: command.type, actor: { role: 'system' }, visibility: 'internal', data: {} };
}
