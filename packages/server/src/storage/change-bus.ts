import { EventEmitter } from 'node:events';
import type pg from 'pg';

export const CHANGE_CHANNEL = 'jiefen_stream_changed';

/**
 * Tells live streams (SSE) that a case or consultation has new events. In one process an
 * EventEmitter is enough; with PostgreSQL every writer NOTIFYs inside its transaction and every
 * process LISTENs, so a watcher on process A sees a change committed by process B.
 */
export class ChangeBus {
  readonly #emitter = new EventEmitter();
  #listener: pg.PoolClient | undefined;

  constructor() {
    this.#emitter.setMaxListeners(0);
  }

  /** Start listening to PostgreSQL notifications. */
  async listen(pool: pg.Pool): Promise<void> {
    const client = await pool.connect();
    client.on('notification', (message) => {
      if (message.channel !== CHANGE_CHANNEL || !message.payload) return;
      const at = message.payload.lastIndexOf(':');
      this.emitLocal(message.payload.slice(0, at), Number(message.payload.slice(at + 1)));
    });
    await client.query(`LISTEN ${CHANGE_CHANNEL}`);
    this.#listener = client;
  }

  emitLocal(streamId: string, seq: number): void {
    this.#emitter.emit(streamId, seq);
  }

  subscribe(streamId: string, listener: (seq: number) => void): () => void {
    this.#emitter.on(streamId, listener);
    return () => this.#emitter.off(streamId, listener);
  }

  async close(): Promise<void> {
    if (this.#listener) {
      await this.#listener.query(`UNLISTEN ${CHANGE_CHANNEL}`).catch(() => {});
      this.#listener.release();
      this.#listener = undefined;
    }
    this.#emitter.removeAllListeners();
  }
}
