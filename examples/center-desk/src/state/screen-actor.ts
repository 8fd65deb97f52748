import { ActorController, type ActorControllerOptions } from '@jiefen/widgets';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Actor, AnyActorLogic } from 'xstate';

/**
 * The actor a desk screen owns while it is on the page: created once what it needs is set (the
 * signed-in session, a case number), recreated when that changes (`key`), stopped when the screen
 * leaves the page so that nothing keeps polling behind it. Rendering goes through the widgets'
 * `ActorController`, which this wraps.
 */
export class ScreenActorController<TLogic extends AnyActorLogic> implements ReactiveController {
  #inner?: ActorController<TLogic>;
  #key?: string;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    /** The actor for the host's current inputs, or undefined while they are incomplete. */
    private readonly create: () => Actor<TLogic> | undefined,
    /** What identifies the inputs (a case number); a new value replaces the actor. */
    private readonly key: () => string = () => '',
    private readonly options: ActorControllerOptions<TLogic> = {},
  ) {
    host.addController(this);
  }

  /** The running actor's controller (`snapshot`, `send`), once there is one. */
  get current(): ActorController<TLogic> | undefined {
    return this.#inner;
  }

  hostConnected(): void {
    this.#ensure();
  }

  hostUpdate(): void {
    this.#ensure();
  }

  hostDisconnected(): void {
    this.#stop();
  }

  #ensure() {
    if (!this.host.isConnected) return;
    const key = this.key();
    if (this.#inner && key === this.#key) return;
    this.#stop();
    const actor = this.create();
    if (!actor) return;
    this.#key = key;
    // Added to a connected host, the inner controller starts the actor at once.
    this.#inner = new ActorController(this.host, actor, this.options);
  }

  #stop() {
    this.#inner?.actor.stop();
    this.#inner?.dispose();
    this.#inner = undefined;
  }
}
