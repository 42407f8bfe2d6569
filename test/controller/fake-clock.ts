// A clock whose time moves only when a test says so: the queue's delays, backoffs, resyncs and
// lease timers all run on it, so controller tests control time and never sleep.
import type { QueueClock, TimerHandle } from '../../src/controller/queue';

/** Lets every pending promise chain settle; no time passes on the fake clock. */
export function flush(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

interface FakeTimer {
  readonly id: number;
  readonly at: number;
  readonly fn: () => void;
}

/** A clock whose time moves only when the test calls `advance`. */
export class FakeClock implements QueueClock {
  private time: number;

  constructor(start = 0) {
    this.time = start;
  }
  private nextId = 1;
  private timers: FakeTimer[] = [];

  now(): number {
    return this.time;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const timer = { id: this.nextId++, at: this.time + ms, fn };
    this.timers.push(timer);
    return timer.id;
  }

  clearTimeout(handle: TimerHandle): void {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }

  get pendingTimers(): number {
    return this.timers.length;
  }

  /**
   * Moves time forward, firing due timers in deadline order. Work in flight settles before each
   * step, as it would in the time a real clock takes to tick.
   */
  async advance(ms: number): Promise<void> {
    const target = this.time + ms;
    for (;;) {
      await flush();
      const due = this.timers
        .filter((t) => t.at <= target)
        .sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (due === undefined) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.time = due.at;
      due.fn();
    }
    this.time = target;
    await flush();
  }

  /** Advances to the absolute time `at`. */
  async to(at: number): Promise<void> {
    await this.advance(at - this.time);
  }
}
