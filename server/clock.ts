/** Every time-dependent path reads the time from here, so tests and the demo can travel. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that can be moved forward or back (dev mode's clock control, tests). */
export interface MovableClock extends Clock {
  set(at: Date): void;
  advance(milliseconds: number): void;
}

/** Follows real time from an offset, so time keeps flowing after a jump. */
export function createMovableClock(base: Clock = systemClock): MovableClock {
  let offset = 0;
  return {
    now: () => new Date(base.now().getTime() + offset),
    set(at) {
      offset = at.getTime() - base.now().getTime();
    },
    advance(milliseconds) {
      offset += milliseconds;
    },
  };
}

/** A clock that only moves when told to: deterministic tests. */
export function createFixedClock(start: Date): MovableClock {
  let at = start.getTime();
  return {
    now: () => new Date(at),
    set(next) {
      at = next.getTime();
    },
    advance(milliseconds) {
      at += milliseconds;
    },
  };
}
