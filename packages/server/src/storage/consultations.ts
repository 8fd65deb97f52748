import {
  advanceConsultation,
  type ConsultationRejection,
  type ConsultationRequest,
  type ConsultationSnapshot,
  consultationStatus,
  openConsultation,
  persistConsultation,
  restoreConsultation,
  type TimelineEntry,
  type WorkflowActor,
} from '@jiefen/core';
import type { Selectable, Transaction } from 'kysely';
import { newCaseNumber } from '../security/credentials.js';
import { CHANGE_CHANNEL, type ChangeBus } from './change-bus.js';
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
import type { ConsultationsTable, Database } from './schema.js';
import { ConcurrentUpdateError, inTransaction, type WriteTransaction } from './transactions.js';

export type ConsultationRow = Selectable<ConsultationsTable>;

export type ConsultationUpdate =
  | { ok: true; snapshot: ConsultationSnapshot; timeline: TimelineEntry[]; row: ConsultationRow }
  | { ok: false; rejection: ConsultationRejection };

/** Legal consultations (法律咨询): same storage pattern as cases, in the same hash-chained event log. */
export class ConsultationStore {
  constructor(
    private readonly storage: Storage,
    private readonly bus: ChangeBus,
  ) {}

  /** Register a consultation, in the caller's transaction when given one (see `CaseStore.create`). */
  async create(
    input: {
      tenantId: string;
      request: ConsultationRequest;
      accessCodeHash: string;
      trackingTokenHash: string;
      now: Date;
    },
    tx?: WriteTransaction,
  ): Promise<{ row: ConsultationRow; snapshot: ConsultationSnapshot; timeline: TimelineEntry[] }> {
    const nowIso = input.now.toISOString();
    return inTransaction(this.storage, tx, async ({ trx, afterCommit }) => {
      for (let attempt = 0; attempt < 6; attempt++) {
        const number = newCaseNumber(input.now, 'JC');
        const { snapshot, timeline } = openConsultation({
          consultationNumber: number,
          tenantId: input.tenantId,
          request: input.request,
          now: nowIso,
        });
        const events = chain(timeline, 0, GENESIS_HASH);
        const last = events.at(-1)!;
        const row: ConsultationRow = {
          consultation_number: number,
          tenant_id: input.tenantId,
          snapshot: JSON.stringify(persistConsultation(snapshot)),
          access_code_hash: input.accessCodeHash,
          tracking_token_hash: input.trackingTokenHash,
          status: consultationStatus(snapshot),
          filed_at: nowIso,
          updated_at: nowIso,
          last_seq: last.seq,
          head_hash: last.hash,
        };
        // ON CONFLICT DO NOTHING: a failed statement would abort the caller's PostgreSQL transaction.
        const inserted = await trx
          .insertInto('consultations')
          .values(row)
          .onConflict((oc) => oc.doNothing())
          .executeTakeFirst();
        if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) !== 1) continue;
        await insertChained(trx, number, events);
        await enqueueWebhooks(trx, input.tenantId, number, events, nowIso);
        await this.#notify(trx, number, last.seq);
        afterCommit(() => this.#afterCommit(number, last.seq));
        return { row, snapshot, timeline };
      }
      throw new Error('no free consultation number after 6 attempts');
    });
  }

  /** As `CaseStore.rehashAccessCode`. */
  async rehashAccessCode(number: string, previous: string, next: string): Promise<void> {
    await this.storage.db
      .updateTable('consultations')
      .set({ access_code_hash: next })
      .where('consultation_number', '=', number)
      .where('access_code_hash', '=', previous)
      .execute();
  }

  async findRow(number: string): Promise<ConsultationRow | undefined> {
    return this.storage.db
      .selectFrom('consultations')
      .selectAll()
      .where('consultation_number', '=', number)
      .executeTakeFirst();
  }

  /** Snapshot and timeline; inside a write transaction, read through it. */
  async load(row: ConsultationRow, tx?: WriteTransaction) {
    return {
      row,
      snapshot: restoreConsultation(JSON.parse(row.snapshot)),
      timeline: await loadTimeline(tx?.trx ?? this.storage.db, row.consultation_number),
    };
  }

  /** Recompute the consultation's hash chain against its stored head. */
  async verify(row: ConsultationRow) {
    return verifyStream(this.storage.db, row.consultation_number, { seq: row.last_seq, hash: row.head_hash });
  }

  async list(
    tenantId: string,
    status: string | undefined,
    cursor: string | undefined,
    limit: number,
  ): Promise<ConsultationRow[]> {
    let query = this.storage.db.selectFrom('consultations').selectAll().where('tenant_id', '=', tenantId);
    if (status) query = query.where('status', '=', status);
    if (cursor) query = query.where('consultation_number', '>', cursor);
    return query.orderBy('consultation_number').limit(limit).execute();
  }

  async advance(
    number: string,
    command: unknown,
    actor: WorkflowActor,
    now: Date,
    authorize: (row: ConsultationRow) => void = () => {},
    tx?: WriteTransaction,
  ): Promise<ConsultationUpdate | undefined> {
    const nowIso = now.toISOString();
    return inTransaction(this.storage, tx, async ({ trx, afterCommit }) => {
      let query = trx.selectFrom('consultations').selectAll().where('consultation_number', '=', number);
      if (this.storage.engine === 'postgres') query = query.forUpdate();
      const row = await query.executeTakeFirst();
      if (!row) return undefined;
      authorize(row);
      const advanced = advanceConsultation(restoreConsultation(JSON.parse(row.snapshot)), command, actor, nowIso);
      if (!advanced.ok) return { ok: false as const, rejection: advanced.rejection };
      const events = await appendEvents(trx, number, advanced.timeline, row.last_seq, row.head_hash);
      const last = events.at(-1)!;
      const columns = {
        snapshot: JSON.stringify(persistConsultation(advanced.snapshot)),
        status: consultationStatus(advanced.snapshot),
        updated_at: nowIso,
        last_seq: last.seq,
        head_hash: last.hash,
      };
      const updated = await trx
        .updateTable('consultations')
        .set(columns)
        .where('consultation_number', '=', number)
        .where('last_seq', '=', row.last_seq)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1) throw new ConcurrentUpdateError(`concurrent update of ${number}`);
      await enqueueWebhooks(trx, row.tenant_id, number, events, nowIso);
      await this.#notify(trx, number, last.seq);
      afterCommit(() => this.#afterCommit(number, last.seq));
      return {
        ok: true as const,
        snapshot: advanced.snapshot,
        timeline: advanced.timeline,
        row: { ...row, ...columns },
      };
    });
  }

  async #notify(trx: Transaction<Database>, streamId: string, seq: number): Promise<void> {
    if (this.storage.engine === 'postgres') await notifyInTransaction(trx, CHANGE_CHANNEL, `${streamId}:${seq}`);
  }

  #afterCommit(streamId: string, seq: number): void {
    if (this.storage.engine === 'sqlite') this.bus.emitLocal(streamId, seq);
  }
}
