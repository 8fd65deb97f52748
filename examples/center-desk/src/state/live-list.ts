import { type ErrorView, toErrorView } from '@jiefen/sdk';
import { assign, fromPromise, setup } from 'xstate';

/**
 * A list the desk keeps fresh: loads with the current filters, then reloads every `pollMs` while
 * shown (the server offers no staff event stream, so the desk polls; residents' pages get SSE).
 * A failed reload keeps the rows it had and shows the error beside them.
 */
export interface LiveListInput<TItem, TFilters> {
  load: (filters: TFilters, signal: AbortSignal) => Promise<TItem[]>;
  filters: TFilters;
  pollMs: number;
}

export interface LiveListContext<TItem, TFilters> extends LiveListInput<TItem, TFilters> {
  items: TItem[];
  loadedAt?: string;
  error?: ErrorView;
}

export type LiveListEvent<TFilters> = { type: 'list.filter'; filters: TFilters } | { type: 'list.refresh' };

export function liveListMachine<TItem, TFilters>() {
  return setup({
    types: {
      context: {} as LiveListContext<TItem, TFilters>,
      events: {} as LiveListEvent<TFilters>,
      input: {} as LiveListInput<TItem, TFilters>,
    },
    actors: {
      load: fromPromise<TItem[], { load: LiveListInput<TItem, TFilters>['load']; filters: TFilters }>(
        ({ input, signal }) => input.load(input.filters, signal),
      ),
    },
    delays: { poll: ({ context }) => context.pollMs },
  }).createMachine({
    id: 'liveList',
    context: ({ input }) => ({ ...input, items: [] }),
    initial: 'loading',
    on: {
      'list.filter': { target: '.loading', actions: assign({ filters: ({ event }) => event.filters }) },
      'list.refresh': { target: '.loading' },
    },
    states: {
      loading: {
        invoke: {
          src: 'load',
          input: ({ context }) => ({ load: context.load, filters: context.filters }),
          onDone: {
            target: 'ready',
            actions: assign({
              items: ({ event }) => event.output,
              loadedAt: () => new Date().toISOString(),
              error: undefined,
            }),
          },
          onError: { target: 'ready', actions: assign({ error: ({ event }) => toErrorView(event.error) }) },
        },
      },
      ready: {
        after: { poll: { target: 'loading' } },
      },
    },
  });
}
