/**
 * The runtime's clock, injectable so that tests can move time: scheduled (future-dated) events
 * become current when the clock passes their effective time, with no restart.
 */
export interface Clock {
  now(): number;
  /** Calls `fn` once the clock reaches `at` (epoch ms). Returns a cancel function. */
  at(at: number, fn: () => void): () => void;
}

/** setTimeout caps delays at about 24.8 days; longer waits re-arm. */
const MAX_DELAY = 2_147_483_000;

export const systemClock: Clock = {
  now: () => Date.now(),
  at(at, fn) {
    let timer: NodeJS.Timeout | undefined;
    let cancelled = false;
    const arm = () => {
      if (cancelled) return;
      const delay = at - Date.now();
      if (delay <= 0) {
        fn();
        return;
      }
      timer = setTimeout(arm, Math.min(delay, MAX_DELAY));
      timer.unref();
    };
    arm();
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  },
};

/**
 * A clock that moves only when told to. `set`/`advance` fire every timer that has come due.
 *
 * @example
 * const clock = new ManualClock(Date.parse('2024-06-30T12:00:00+08:00'));
 * clock.set(Date.parse('2024-07-01T00:00:00+08:00')); // midnight: tomorrow's change is now current
 */
export class ManualClock implements Clock {
  #now: number;
  #timers: { at: number; fn: () => void; id: number }[] = [];
  #nextId = 0;

  constructor(start: number) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  at(at: number, fn: () => void): () => void {
    const id = this.#nextId++;
    this.#timers.push({ at, fn, id });
    return () => {
      this.#timers = this.#timers.filter((t) => t.id !== id);
    };
  }

  set(ms: number): void {
    this.#now = Math.max(this.#now, ms);
    const due = this.#timers.filter((t) => t.at <= this.#now).sort((a, b) => a.at - b.at);
    this.#timers = this.#timers.filter((t) => t.at > this.#now);
    for (const t of due) t.fn();
  }

  advance(ms: number): void {
    this.set(this.#now + ms);
  }

  get pendingTimers(): number {
    return this.#timers.length;
  }
}
