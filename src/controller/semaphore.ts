// A counting semaphore: at most `limit` engine operations run at once (`--max-concurrent-
// operations`), whatever number of reconciles is under way. Waiters are served in order.
export class Semaphore {
  private active = 0;
  private readonly waiters: (() => void)[] = [];

  constructor(private readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) {
      throw new Error(
        `the limit of concurrent operations must be a whole number of at least 1, not ${String(limit)}`,
      );
    }
  }

  /** Operations running now. */
  get inUse(): number {
    return this.active;
  }

  /** Operations waiting for a slot. */
  get queued(): number {
    return this.waiters.length;
  }

  /** Runs `fn` when a slot is free; the slot is released however `fn` ends. */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) {
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    } else {
      this.active += 1;
    }
    try {
      return await fn();
    } finally {
      const next = this.waiters.shift();
      if (next) next();
      else this.active -= 1;
    }
  }
}
