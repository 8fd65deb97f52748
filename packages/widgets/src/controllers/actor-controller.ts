import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Actor, AnyActorLogic, EmittedFrom, EventFromLogic, SnapshotFrom, Subscription } from 'xstate';

export interface ActorControllerOptions<TLogic extends AnyActorLogic> {
  /** Each fact the actor emits (XState `emit`), while the host is connected: turn it into a DOM event. */
  onEmitted?: (event: EmittedFrom<TLogic>) => void;
  /** Each new snapshot, before the host re-renders (focus bookkeeping, say). */
  onSnapshot?: (snapshot: SnapshotFrom<TLogic>, previous: SnapshotFrom<TLogic>) => void;
}

/**
 * Bridges one XState actor to one Lit element: the element re-renders on every snapshot and turns
 * emitted facts into events. The actor is created once, by its owner, and outlives connections:
 * moving the element in the DOM (disconnect, connect) resubscribes to the same running actor instead
 * of restarting it, so loading is not re-run and nothing typed is dropped (`@xstate/lit`'s
 * `UseMachine` restarts on reconnect, which is why this exists).
 */
export class ActorController<TLogic extends AnyActorLogic> implements ReactiveController {
  #snapshot: SnapshotFrom<TLogic>;
  #subscriptions: Subscription[] = [];

  constructor(
    private readonly host: ReactiveControllerHost,
    readonly actor: Actor<TLogic>,
    private readonly options: ActorControllerOptions<TLogic> = {},
  ) {
    this.#snapshot = actor.getSnapshot();
    host.addController(this);
  }

  /** The latest snapshot (kept while disconnected, so a re-render after a move shows the same screen). */
  get snapshot(): SnapshotFrom<TLogic> {
    return this.#snapshot;
  }

  send(event: EventFromLogic<TLogic>): void {
    this.actor.send(event);
  }

  hostConnected(): void {
    // `start` is idempotent: the first connection starts the actor, later ones find it running.
    this.actor.start();
    this.#take(this.actor.getSnapshot());
    this.#subscriptions.push(this.actor.subscribe((snapshot: SnapshotFrom<TLogic>) => this.#take(snapshot)));
    const { onEmitted } = this.options;
    if (onEmitted) this.#subscriptions.push(this.actor.on('*', (event) => onEmitted(event as EmittedFrom<TLogic>)));
  }

  hostDisconnected(): void {
    for (const subscription of this.#subscriptions) subscription.unsubscribe();
    this.#subscriptions = [];
  }

  /** Stop listening for good (the owner replaces or discards the actor). */
  dispose(): void {
    this.hostDisconnected();
    this.host.removeController(this);
  }

  #take(snapshot: SnapshotFrom<TLogic>) {
    if (snapshot === this.#snapshot) return;
    const previous = this.#snapshot;
    this.#snapshot = snapshot;
    this.options.onSnapshot?.(snapshot, previous);
    this.host.requestUpdate();
  }
}
