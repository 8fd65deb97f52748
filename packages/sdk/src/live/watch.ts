import type { ResidentCaseView, ResidentConsultationView } from '@jiefen/core';
import type { CaseAccess, ConsultationAccess, JiefenBackend } from '../backends/backend.js';
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

export type LiveEvent<V> =
  | { type: 'update'; view: V; via: 'stream' | 'poll' }
  | { type: 'error'; error: unknown; willRetry: boolean };
export type WatchEvent = LiveEvent<ResidentCaseView>;
export type ConsultationWatchEvent = LiveEvent<ResidentConsultationView>;

/** A live view of one case or consultation: iterate it (`for await`) or subscribe to it. */
export interface LiveWatch<V> extends AsyncIterable<V> {
  /** Listen to updates and errors. Returns the unsubscribe function. */
  subscribe(listener: (event: LiveEvent<V>) => void): () => void;
  /** The latest view seen, if any. */
  readonly current: V | undefined;
  /** Stop watching: the stream closes, polling stops, iterators finish. */
  close(): void;
}
export type CaseWatch = LiveWatch<ResidentCaseView>;
export type ConsultationWatch = LiveWatch<ResidentConsultationView>;

/** What a watch follows: a push stream (absent when the backend has none), a lookup, and when two views are the same. */
export interface LiveSource<V> {
  stream?: (lastEventId: string | undefined, signal: AbortSignal) => AsyncIterable<{ id?: string; view: V }>;
  get: (signal: AbortSignal) => Promise<V>;
  same: (a: V, b: V) => boolean;
}

/**
 * Watch a case: the backend's push stream (SSE) when it has one, resumed with the last event id
 * after a drop; polling when it has none or the stream keeps failing. Updates are de-duplicated by
 * `updatedAt`, so a resumed stream and a poll never show the same state twice. Not-found and
 * forbidden end the watch (the credential is wrong; retrying will not help).
 */
export function watchCase(backend: JiefenBackend, access: CaseAccess, options: WatchOptions = {}): CaseWatch {
  const streamCase = backend.capabilities.liveUpdates ? backend.streamCase : undefined;
  return watchLive<ResidentCaseView>(
    {
      ...(streamCase ? { stream: (lastEventId, signal) => streamCase.call(backend, access, lastEventId, signal) } : {}),
      get: (signal) => backend.getCase(access, { signal }),
      same: (a, b) =>
        a.caseNumber === b.caseNumber && a.updatedAt === b.updatedAt && a.timeline.length === b.timeline.length,
    },
    options,
  );
}

/**
 * Watch a consultation the same way (staff assigning, scheduling, answering it). A consultation view
 * has no `updatedAt`: its timeline grows with every change, so its length tells two states apart.
 */
export function watchConsultation(
  backend: JiefenBackend,
  access: ConsultationAccess,
  options: WatchOptions = {},
): ConsultationWatch {
  const streamConsultation = backend.capabilities.liveUpdates ? backend.streamConsultation : undefined;
  return watchLive<ResidentConsultationView>(
    {
      ...(streamConsultation
        ? { stream: (lastEventId, signal) => streamConsultation.call(backend, access, lastEventId, signal) }
        : {}),
      get: (signal) => backend.getConsultation(access, { signal }),
      same: (a, b) =>
        a.consultationNumber === b.consultationNumber &&
        a.status === b.status &&
        a.timeline.length === b.timeline.length,
    },
    options,
  );
}

/** The reconnecting, falling-back, de-duplicating loop behind `watchCase` and `watchConsultation`. */
export function watchLive<V>(source: LiveSource<V>, options: WatchOptions = {}): LiveWatch<V> {
  const pollIntervalMs = options.pollIntervalMs ?? 30_000;
  const reconnectMs = options.reconnectMs ?? 1000;
  const maxReconnectMs = options.maxReconnectMs ?? 30_000;
  const failuresBeforePolling = options.streamFailuresBeforePolling ?? 3;
  const controller = new AbortController();
  const signal = controller.signal;
  options.signal?.addEventListener('abort', () => controller.abort(), { once: true });

  const listeners = new Set<(event: LiveEvent<V>) => void>();
  const iterators = new Set<{ push: (view: V | undefined) => void }>();
  let current: V | undefined;
  let started = false;

  const emit = (event: LiveEvent<V>) => {
    for (const listener of listeners) listener(event);
  };
  const deliver = (view: V, via: 'stream' | 'poll') => {
    if (current && source.same(current, view)) return;
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
    let polling = !source.stream;
    while (!signal.aborted) {
      if (!polling && source.stream) {
        try {
          for await (const update of source.stream(lastEventId, signal)) {
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
        deliver(await source.get(signal), 'poll');
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
      if (source.stream) {
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
    [Symbol.asyncIterator](): AsyncIterator<V> {
      const queue: Array<V | undefined> = [];
      let wake: (() => void) | undefined;
      const iterator = {
        push: (view: V | undefined) => {
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
