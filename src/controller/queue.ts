// The controller's work queue, after client-go's workqueue. Keys are `namespace/name` of a
// Vitistack. A key is queued at most once (a burst of adds coalesces into one run), and is handled
// by one handler at a time: an add while it runs marks it dirty, and it runs exactly once more
// after. Delays and backoff go through an injected clock, so tests control time and never sleep.
import { backoffMs } from '../engine/retry';

/** Whatever the clock's `setTimeout` returns; only handed back to its `clearTimeout`. */
export type TimerHandle = unknown;

export interface QueueClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/** The real clock. */
export const systemClock: QueueClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => {
    clearTimeout(handle as ReturnType<typeof setTimeout>);
  },
};

export interface WorkQueueOptions {
  /** Defaults to the system clock. Injected by tests. */
  readonly clock?: QueueClock;
  /** In [0, 1); picks the jitter of rate-limited adds. Defaults to `Math.random`. */
  readonly random?: () => number;
  /** Backoff after the first failure, in ms, before jitter. Defaults to 1,000. */
  readonly baseDelayMs?: number;
  /** Largest backoff, in ms, before jitter. Defaults to 300,000 (5 minutes). */
  readonly maxDelayMs?: number;
}

export type KeyHandler = (key: string) => Promise<void>;

export interface RunOptions {
  /** Keys handled at once. Defaults to 4. */
  readonly concurrency?: number;
  /** Called with each error a handler throws, before the key is re-added rate-limited. */
  readonly onError?: (key: string, err: unknown) => void;
}

/** What the queue holds right now, for metrics and `pending operations` reporting. */
export interface QueueSnapshot {
  /** Keys ready to run, in the order they will start. */
  readonly ready: readonly string[];
  /** Keys whose handler is running. */
  readonly processing: readonly string[];
  /** Keys waiting for a delayed or rate-limited add, soonest first. */
  readonly waiting: readonly { readonly key: string; readonly dueAt: number }[];
}

const DEFAULT_CONCURRENCY = 4;

/**
 * Rate-limited, coalescing work queue with a built-in runner.
 *
 * Runner contract (as controller-runtime's): a handler that resolves has its failure count reset
 * (`forget`); one that throws is reported to `onError` and re-added with `addRateLimited`. A
 * handler that wants no retry catches its own error; one that wants a later run (e.g. a drift
 * check) calls `addAfter` itself.
 */
export class WorkQueue {
  private readonly clock: QueueClock;
  private readonly random: () => number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;

  /** FIFO of ready keys; a plain array is enough for the few hundred keys a cluster holds. */
  private readonly readyKeys: string[] = [];
  /** Keys that need a run: those in `readyKeys`, and those added again while processing. */
  private readonly dirty = new Set<string>();
  private readonly processing = new Set<string>();
  private readonly waiting = new Map<string, { dueAt: number; handle: TimerHandle }>();
  private readonly failureCounts = new Map<string, number>();

  private handler: KeyHandler | undefined;
  private onError: ((key: string, err: unknown) => void) | undefined;
  private concurrency = DEFAULT_CONCURRENCY;
  private stopping = false;
  private pumpScheduled = false;
  private readonly idleWaiters: (() => void)[] = [];

  constructor(opts: WorkQueueOptions = {}) {
    this.clock = opts.clock ?? systemClock;
    this.random = opts.random ?? Math.random;
    this.baseDelayMs = opts.baseDelayMs ?? 1_000;
    this.maxDelayMs = opts.maxDelayMs ?? 300_000;
  }

  /** Keys ready to run (not those running or waiting on a delay). */
  get length(): number {
    return this.readyKeys.length;
  }

  pending(): QueueSnapshot {
    const waiting = [...this.waiting].map(([key, w]) => ({ key, dueAt: w.dueAt }));
    waiting.sort((a, b) => a.dueAt - b.dueAt);
    return { ready: [...this.readyKeys], processing: [...this.processing], waiting };
  }

  /** Queues `key`; a no-op when it is already queued, and after `shutdown()`. */
  add(key: string): void {
    if (this.stopping || this.dirty.has(key)) return;
    this.dirty.add(key);
    // A running key is re-queued when its run ends, so it never runs twice at once.
    if (this.processing.has(key)) return;
    this.readyKeys.push(key);
    this.schedulePump();
  }

  /**
   * Queues `key` after `ms`. When the key already waits, the earlier deadline wins: a later call
   * can bring its run forward but never push it back. An immediate `add` does not cancel the wait.
   */
  addAfter(key: string, ms: number): void {
    if (this.stopping) return;
    if (!(ms > 0)) {
      this.add(key);
      return;
    }
    const dueAt = this.clock.now() + ms;
    const existing = this.waiting.get(key);
    if (existing !== undefined) {
      if (existing.dueAt <= dueAt) return;
      this.clock.clearTimeout(existing.handle);
    }
    const handle = this.clock.setTimeout(() => {
      this.waiting.delete(key);
      this.add(key);
    }, ms);
    this.waiting.set(key, { dueAt, handle });
  }

  /**
   * Counts a failure of `key` and queues it after base * 2^(failures-1), capped, with jitter in
   * [50%, 100%] so that keys failing together do not retry together. Returns the delay used.
   */
  addRateLimited(key: string): number {
    const n = (this.failureCounts.get(key) ?? 0) + 1;
    this.failureCounts.set(key, n);
    // Cap the exponent: 2^n overflows to Infinity long after the cap is reached anyway.
    const delay = backoffMs(
      Math.min(n, 40),
      { baseMs: this.baseDelayMs, maxMs: this.maxDelayMs },
      this.random,
    );
    this.addAfter(key, delay);
    return delay;
  }

  /** Resets the failure count of `key`, so its next backoff starts again at the base delay. */
  forget(key: string): void {
    this.failureCounts.delete(key);
  }

  /** Failures counted by `addRateLimited` since the last `forget`. */
  failures(key: string): number {
    return this.failureCounts.get(key) ?? 0;
  }

  /** Runs `handler` on ready keys, in FIFO order, at most `concurrency` at once. */
  start(handler: KeyHandler, opts: RunOptions = {}): void {
    if (this.handler !== undefined) throw new Error('The work queue is already started.');
    if (this.stopping) throw new Error('The work queue is shut down; make a new one.');
    const concurrency = opts.concurrency ?? DEFAULT_CONCURRENCY;
    if (!Number.isInteger(concurrency) || concurrency < 1) {
      throw new RangeError(
        `concurrency: ${concurrency} is not a valid number of workers; use a whole number of at least 1.`,
      );
    }
    this.handler = handler;
    this.onError = opts.onError;
    this.concurrency = concurrency;
    this.schedulePump();
  }

  /**
   * Stops taking work: drops queued keys, pending delays and later adds, and resolves once the
   * handlers already running have finished. Running keys are not re-run even if dirty.
   */
  shutdown(): Promise<void> {
    if (!this.stopping) {
      this.stopping = true;
      for (const w of this.waiting.values()) this.clock.clearTimeout(w.handle);
      this.waiting.clear();
      this.readyKeys.length = 0;
      this.dirty.clear();
    }
    if (this.processing.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /**
   * Starts handlers on the next microtask rather than inside `add`, so a synchronous burst of adds
   * coalesces into one run and a handler that calls `add` never re-enters the loop.
   */
  private schedulePump(): void {
    if (this.pumpScheduled || this.handler === undefined) return;
    this.pumpScheduled = true;
    queueMicrotask(() => {
      this.pumpScheduled = false;
      this.pump();
    });
  }

  private pump(): void {
    const handler = this.handler;
    if (handler === undefined) return;
    while (!this.stopping && this.processing.size < this.concurrency) {
      const key = this.readyKeys.shift();
      if (key === undefined) return;
      this.dirty.delete(key);
      this.processing.add(key);
      void this.run(handler, key);
    }
  }

  private async run(handler: KeyHandler, key: string): Promise<void> {
    try {
      await handler(key);
      this.forget(key);
    } catch (err) {
      try {
        this.onError?.(key, err);
      } catch {
        // A failing error hook (a logger) must not stop the queue or lose the retry.
      }
      this.addRateLimited(key);
    } finally {
      this.processing.delete(key);
      if (this.dirty.has(key)) {
        this.readyKeys.push(key);
      }
      if (this.stopping && this.processing.size === 0) {
        for (const resolve of this.idleWaiters.splice(0)) resolve();
      }
      this.schedulePump();
    }
  }
}
