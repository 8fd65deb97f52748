import { type ErrorView, toErrorView } from '@jiefen/sdk';
import { assign, emit, fromPromise, setup } from 'xstate';

/**
 * One record the desk shows and acts on (a case, a consultation): loaded, reloaded every `pollMs`
 * for live updates, and changed by commands the server checks against the statechart. A refused
 * command keeps the record as it was and carries the error (field issues, or what the case allows
 * now) to the form that sent it; a reload never runs while a command is on its way.
 */
export interface LiveRecordInput<TRecord, TCommand> {
  load: (signal: AbortSignal) => Promise<TRecord>;
  send: (command: TCommand) => Promise<TRecord>;
  pollMs: number;
}

export interface LiveRecordContext<TRecord, TCommand> extends LiveRecordInput<TRecord, TCommand> {
  record?: TRecord;
  loadError?: ErrorView;
  /** The last refused command's type and why. */
  refused?: { type: string; error: ErrorView };
  /** The command on its way. */
  pending?: TCommand;
}

export type LiveRecordEvent<TCommand> =
  | { type: 'record.send'; command: TCommand }
  | { type: 'record.refresh' }
  | { type: 'record.dismiss' };

export type LiveRecordEmitted = { type: 'record.sent'; commandType: string };

export function liveRecordMachine<TRecord, TCommand extends { type: string }>() {
  return setup({
    types: {
      context: {} as LiveRecordContext<TRecord, TCommand>,
      events: {} as LiveRecordEvent<TCommand>,
      input: {} as LiveRecordInput<TRecord, TCommand>,
      emitted: {} as LiveRecordEmitted,
    },
    actors: {
      load: fromPromise<TRecord, LiveRecordInput<TRecord, TCommand>['load']>(({ input, signal }) => input(signal)),
      send: fromPromise<TRecord, { send: LiveRecordInput<TRecord, TCommand>['send']; command: TCommand }>(({ input }) =>
        input.send(input.command),
      ),
    },
    delays: { poll: ({ context }: { context: LiveRecordContext<TRecord, TCommand> }) => context.pollMs },
  }).createMachine({
    id: 'liveRecord',
    context: ({ input }) => ({ ...input }),
    initial: 'loading',
    states: {
      loading: {
        invoke: {
          src: 'load',
          input: ({ context }: { context: LiveRecordContext<TRecord, TCommand> }) => context.load,
          onDone: { target: 'ready', actions: assign({ record: ({ event }) => event.output, loadError: undefined }) },
          onError: { target: 'ready', actions: assign({ loadError: ({ event }) => toErrorView(event.error) }) },
        },
      },
      ready: {
        after: { poll: { target: 'loading' } },
        on: {
          'record.refresh': { target: 'loading' },
          'record.dismiss': { actions: assign({ refused: undefined }) },
          'record.send': { target: 'sending', actions: assign({ pending: ({ event }) => event.command }) },
        },
      },
      sending: {
        invoke: {
          src: 'send',
          input: ({ context }) => ({ send: context.send, command: context.pending! }),
          onDone: {
            target: 'ready',
            actions: [
              emit(({ context }) => ({ type: 'record.sent' as const, commandType: context.pending?.type ?? '' })),
              assign({ record: ({ event }) => event.output, refused: undefined, pending: undefined }),
            ],
          },
          onError: {
            target: 'ready',
            actions: assign({
              refused: ({ context, event }) => ({ type: context.pending?.type ?? '', error: toErrorView(event.error) }),
              pending: undefined,
            }),
          },
        },
      },
    },
  });
}
