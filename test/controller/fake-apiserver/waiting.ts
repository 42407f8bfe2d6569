// Bounded waits for tests: on a promise, on a recorded event, or on a condition. Each fails
// with a message naming what never happened, instead of a bare mocha timeout.

/** Resolves with `promise`, or rejects after `ms` naming `what` was awaited. */
export async function within<T>(promise: Promise<T>, what: string, ms = 3000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new Error(`Timed out after ${ms} ms waiting for ${what}.`));
    }, ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Waits until `condition()` holds, checking every few milliseconds, for at most `ms`. For
 * state that has no event to wait on (such as the server's count of open watches). */
export async function until(condition: () => boolean, what: string, ms = 3000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${ms} ms waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/** Items recorded in order, with a wait for the first one (at or after `from`) that matches. */
export class EventLog<T> {
  readonly items: T[] = [];
  private waiters: { from: number; match: (item: T) => boolean; resolve: (item: T) => void }[] = [];

  push(item: T): void {
    this.items.push(item);
    const index = this.items.length - 1;
    this.waiters = this.waiters.filter((w) => {
      if (index < w.from || !w.match(item)) return true;
      w.resolve(item);
      return false;
    });
  }

  waitFor(match: (item: T) => boolean, what: string, from = 0, ms = 3000): Promise<T> {
    const found = this.items.slice(from).find(match);
    if (found !== undefined) return Promise.resolve(found);
    const waiting = new Promise<T>((resolve) => {
      this.waiters.push({ from, match, resolve });
    });
    return within(waiting, what, ms);
  }
}
