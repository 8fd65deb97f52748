/** The server's notion of now. Injected everywhere so tests (and the test clock route) can move time. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that stays where it is set: `set()` jumps, `advance()` moves on. */
export class ManualClock implements Clock {
  #offsetMs = 0;
  #fixed: number | undefined;
  constructor(start?: Date) {
    if (start) this.#fixed = start.getTime();
  }
  now(): Date {
    return new Date(this.#fixed ?? Date.now() + this.#offsetMs);
  }
  set(instant: Date): void {
    this.#fixed = instant.getTime();
  }
  advance(ms: number): void {
    if (this.#fixed !== undefined) this.#fixed += ms;
    else this.#offsetMs += ms;
  }
}
