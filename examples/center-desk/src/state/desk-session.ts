import type { StaffSession, TenantConfig } from '@jiefen/core';
import { type ErrorView, toErrorView } from '@jiefen/sdk';
import { createRestBackend } from '@jiefen/sdk/rest';
import { type StaffOperations, staffOperations } from '@jiefen/sdk/staff';
import { assign, fromPromise, setup } from 'xstate';

/** Where the signed-in token lives: this tab's session storage only (gone when the tab closes). */
export const TOKEN_KEY = 'jiefen.desk.token';

/** Who is signed in and what the desk talks to. Everything comes from the SDK's public staff API. */
export interface DeskSignedIn {
  session: StaffSession;
  staff: StaffOperations;
  config: TenantConfig;
}

export interface DeskSessionInput {
  tenant: string;
  /** The API's root; the page's own origin when the desk is served by the server (`pnpm start`). */
  baseUrl: string;
  /** Injected so tests and hosts can swap it; the browser's `sessionStorage` by default. */
  storage?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
}

export interface DeskSessionContext {
  tenant: string;
  baseUrl: string;
  storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
  /** The token being tried (typed, or found in session storage on a reload). */
  pendingToken?: string;
  signedIn?: DeskSignedIn;
  error?: ErrorView;
}

export type DeskSessionEvent = { type: 'desk.sign_in'; token: string } | { type: 'desk.sign_out' };

/**
 * Sign in by asking the server who the token is (`staff.me()`) and loading the tenant's
 * configuration (departments, categories, places for names). A rejected token leaves the desk
 * signed out with the SDK's error; the token is stored only once it works.
 */
const signIn = fromPromise<DeskSignedIn, { tenant: string; baseUrl: string; token: string }>(async ({ input }) => {
  const backend = createRestBackend({
    baseUrl: input.baseUrl,
    tenant: input.tenant,
    // No retries of a refused token: the answer is final.
    retry: { limit: 1 },
    staffCredential: () => input.token,
  });
  const staff = staffOperations(backend as { staff: StaffOperations });
  const [session, config] = await Promise.all([staff.me(), backend.getTenantConfig()]);
  return { session, staff, config };
});

export const deskSessionMachine = setup({
  types: {
    context: {} as DeskSessionContext,
    events: {} as DeskSessionEvent,
    input: {} as DeskSessionInput,
  },
  actors: { signIn },
}).createMachine({
  id: 'deskSession',
  context: ({ input }) => {
    const storage = input.storage ?? sessionStorage;
    const stored = storage.getItem(TOKEN_KEY);
    return { tenant: input.tenant, baseUrl: input.baseUrl, storage, ...(stored ? { pendingToken: stored } : {}) };
  },
  initial: 'restoring',
  states: {
    // A reload of the tab keeps the desk signed in; a new tab starts signed out.
    restoring: {
      always: [{ guard: ({ context }) => Boolean(context.pendingToken), target: 'signingIn' }, { target: 'signedOut' }],
    },
    signedOut: {
      on: {
        'desk.sign_in': {
          guard: ({ event }) => event.token.trim() !== '',
          target: 'signingIn',
          actions: assign({ pendingToken: ({ event }) => event.token.trim() }),
        },
      },
    },
    signingIn: {
      invoke: {
        src: 'signIn',
        input: ({ context }) => ({
          tenant: context.tenant,
          baseUrl: context.baseUrl,
          token: context.pendingToken ?? '',
        }),
        onDone: {
          target: 'signedIn',
          actions: [
            // Stored only once the server has said who it is.
            ({ context }) => context.storage.setItem(TOKEN_KEY, context.pendingToken ?? ''),
            assign({ signedIn: ({ event }) => event.output, error: undefined, pendingToken: undefined }),
          ],
        },
        onError: {
          target: 'signedOut',
          actions: [
            ({ context }) => context.storage.removeItem(TOKEN_KEY),
            assign({ error: ({ event }) => toErrorView(event.error), pendingToken: undefined }),
          ],
        },
      },
    },
    signedIn: {
      on: {
        'desk.sign_out': {
          target: 'signedOut',
          actions: [
            ({ context }) => context.storage.removeItem(TOKEN_KEY),
            assign({ signedIn: undefined, error: undefined }),
          ],
        },
      },
    },
  },
});
