import type { ResidentCaseView } from '@jiefen/core';
import type { CaseAccess, JiefenBackend } from '../backends/backend.js';
import { isJiefenForbiddenError, isJiefenNotFoundError, isJiefenUnsupportedError } from '../errors.js';

export interface WatchOptions {
  /** Poll interval when there is no push channel (or it keeps failing). Default 30 s. */
  pollIntervalMs?: number;
  /** First reconnection delay; doubles up to `maxReconnectMs`. Default 1 s. */
  reconnectMs?: number;
  maxReconnectMs?: number;
  /** After this many failed stream attempts in a row, poll instead. Default 3. */
  streamFailuresBeforePolling?: number;
  signal?: AbortSignal;
}

export type WatchEvent =
  | { type: 'update'; view: ResidentCaseView; via: 'stream' | 'poll' }
  | { type: 'error'; error: unknown; willRetry: boolean };

/** A live view of one case: iterate it (`for await`) or subscribe to it. */
export interface CaseWatch extends AsyncIterable<ResidentCaseView> {
  /** Listen to updates and errors. Returns the unsubscribe function. */
  subscribe(listener: (event: WatchEvent) => void): () => void;
  /** The latest view seen, if any. */
  readonly current: ResidentCaseView | undefined;
  /** Stop watching: the stream closes, polling stops, iterators finish. */
  close(): void;
}

/**
 * Watch a case: the backend's push stream (SSE) when it has one, resumed with the last event id
 * after a drop; polling when it has none or the stream keeps failing. Updates are de-duplicated by
 * `updatedAt`, so a resumed stream and a poll never show the same state twice. Not-found and
 * forbidden end the watch (the credential is wrong; retrying will not help).
 */
export function watchCase(backend: JiefenBackend, access: CaseAccess, options: WatchOptions = {}): CaseWatch {
  const pollIntervalMs = options.pollIntervalMs ?? 30_000;
  const reconnectMs = options.reconnectMs ?? 1000;
  const maxReconnectMs = options.maxReconnectMs ?? 30_000;
  const failuresBeforePolling = options.streamFailuresBeforePolling ?? 3;
  const controller = new AbortController();
  const signal = controller.signal;
  options.signal?.addEventListener('abort', () => controller.abort(), { once: true });

  const listeners = new Set<(event: WatchEvent) => void>();
  const iterators = new Set<{ push: (view: ResidentCaseView | undefined) => void }>();
  let current: ResidentCaseView | undefined;
  let started = false;

  const emit = (event: WatchEvent) => {
    for (const listener of listeners) listener(event);
  };
  const deliver = (view: ResidentCaseView, via: 'stream' | 'poll') => {
    if (current && current.caseNumber === view.caseNumber && current.updatedAt === view.updatedAt) {
      if (current.timeline.length === view.timeline.length) return;
    }
    current = view;
    emit({ type: 'update', view, via });
    for (const iterator of iterators) iterator.push(view);
  };
  const finish = () => {
    for (const iterator of iterators) iterator.push(undefined);
  };

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (signal.aborted) return resolve();
      const timer = setTimeout(resolve, ms);
      (timer as { unref?: () => void }).unref?.();
      signal.addEventListener(
        'abort',
        () => {
          clearTimeout(timer);
          resolve();
        },
        { once: true },
      );
    });

  const fatal = (error: unknown) => isJiefenNotFoundError(error) || isJiefenForbiddenError(error);

  const run = async () => {
    let lastEventId: string | undefined;
    let failures = 0;
    let delay = reconnectMs;
    let polling = !backend.streamCase || !backend.capabilities.liveUpdates;
    while (!signal.aborted) {
      if (!polling && backend.streamCase) {
        try {
          for await (const update of backend.streamCase(access, lastEventId, signal)) {
            failures = 0;
            delay = reconnectMs;
            if (update.id !== undefined) lastEventId = update.id;
            deliver(update.view, 'stream');
          }
          // The server closed the stream normally: reconnect at once.
          if (signal.aborted) break;
          await sleep(reconnectMs);
          continue;
        } catch (error) {
          if (signal.aborted) break;
          if (fatal(error)) {
            emit({ type: 'error', error, willRetry: false });
            break;
          }
          failures += 1;
          if (isJiefenUnsupportedError(error) || failures >= failuresBeforePolling) polling = true;
          emit({ type: 'error', error, willRetry: true });
          await sleep(Math.min(delay, maxReconnectMs) * (0.5 + Math.random() / 2));
          delay = Math.min(delay * 2, maxReconnectMs);
          continue;
        }
      }
      try {
        deliver(await backend.getCase(access, { signal }), 'poll');
      } catch (error) {
        if (signal.aborted) break;
        if (fatal(error)) {
          emit({ type: 'error', error, willRetry: false });
          break;
        }
        emit({ type: 'error', error, willRetry: true });
      }
      await sleep(pollIntervalMs);
      // Give the push channel another chance now and then.
      if (backend.streamCase && backend.capabilities.liveUpdates) {
        failures = Math.max(0, failures - 1);
        if (failures < failuresBeforePolling) polling = false;
      }
    }
    controller.abort();
    finish();
  };

  const start = () => {
    if (started) return;
    started = true;
    void run();
  };

  return {
    get current() {
      return current;
    },
    subscribe(listener) {
      listeners.add(listener);
      start();
      if (current) listener({ type: 'update', view: current, via: 'poll' });
      return () => {
        listeners.delete(listener);
      };
    },
    close() {
      controller.abort();
      finish();
    },
    [Symbol.asyncIterator](): AsyncIterator<ResidentCaseView> {
      const queue: Array<ResidentCaseView | undefined> = [];
      let wake: (() => void) | undefined;
      const iterator = {
        push: (view: ResidentCaseView | undefined) => {
          queue.push(view);
          wake?.();
        },
      };
      iterators.add(iterator);
      if (signal.aborted) queue.push(undefined);
      start();
      return {
        async next() {
          while (queue.length === 0) {
            await new Promise<void>((resolve) => {
              wake = resolve;
            });
            wake = undefined;
          }
          const view = queue.shift();
          if (view === undefined) {
            iterators.delete(iterator);
            return { done: true, value: undefined };
          }
          return { done: false, value: view };
        },
        async return() {
          iterators.delete(iterator);
          return { done: true, value: undefined };
        },
      };
    },
  };
}
