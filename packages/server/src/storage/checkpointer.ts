import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * How often the background connection checkpoints (copies committed WAL frames into the database
 * file). At a few hundred filings per second that is a few hundred frames each time.
 */
const CHECKPOINT_INTERVAL_MS = 100;

/**
 * Pages of WAL after which the writer checkpoints inline, as SQLite does by default at 1,000: only
 * reached if the background connection falls behind or has died, so the WAL stays bounded either way.
 */
export const INLINE_CHECKPOINT_BACKSTOP_PAGES = 10_000;

/**
 * The worker's whole program, run with `eval` so it needs no file of its own next to whichever build
 * of the server is running (sources under tsx, the rollup build, a test's esbuild bundle).
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('synchronous = NORMAL');
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (error) {
    parentPort.postMessage({ error: String(error && error.message || error) });
  }
}, workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

/**
 * SQLite checkpoints on a second connection in a worker thread, off the event loop.
 *
 * By default the connection that commits the 1,000th page of WAL runs the checkpoint itself, inside
 * that COMMIT: it copies the pages into the database file and fsyncs both files. Measured on this
 * machine kind (ext4, shared VM), that one commit took ~40 ms while an ordinary one took ~0.1 ms, and
 * because better-sqlite3 is synchronous the whole server waited: about two thirds of all commit time
 * and the filing benchmark's p99. A PASSIVE checkpoint on another connection runs beside the writer
 * (it takes no lock a writer or reader waits for), so the event loop only ever appends to the WAL.
 *
 * Durability is the same as before: a commit is acknowledged once its frames are written to the WAL
 * (`synchronous = NORMAL`), which survives the process being killed; the checkpoint only moves data
 * already committed. A checkpoint interrupted by a crash is redone from the WAL on the next open.
 */
export class BackgroundCheckpointer {
  readonly #worker: Worker;
  readonly #exited: Promise<void>;
  #stopping = false;

  constructor(file: string, onError: (message: string) => void) {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.#worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { file, driver, intervalMs: CHECKPOINT_INTERVAL_MS },
    });
    this.#worker.on('message', (message: { error?: string }) => {
      if (message.error) onError(message.error);
    });
    this.#worker.on('error', (error) => onError(error.message));
    this.#exited = new Promise((resolve) => this.#worker.once('exit', () => resolve()));
    // Never what keeps the process alive: `stop()` ends it on close, and a process that exits
    // without closing leaves the WAL to the next open, as a crash would.
    this.#worker.unref();
  }

  /** Close the worker's connection (before the writer's, so the writer's close does the final checkpoint). */
  stop(): Promise<void> {
    if (!this.#stopping) {
      this.#stopping = true;
      // Held again while it stops: an unreferenced worker would let the process exit mid-close,
      // before the writer's own close ran.
      this.#worker.ref();
      this.#worker.postMessage('stop');
    }
    return this.#exited;
  }
}
