// Retry of operations that found the stack locked: there is no wait-for-lock option in the CLI
// (PULUMI-NOTES.md), so the engine retries with capped exponential backoff and jitter.
import { EngineError } from './errors';

export interface LockRetryOptions {
  /** Attempts in all, the first included. Defaults to 5. */
  readonly attempts?: number;
  /** Delay before the first retry, in ms. Defaults to 2,000. */
  readonly baseMs?: number;
  /** Largest delay, in ms. Defaults to 30,000. */
  readonly maxMs?: number;
}

export interface RetryHooks {
  /** Waits `ms` or until `signal` aborts. Injected by tests. */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** In [0, 1). Injected by tests. */
  readonly random?: () => number;
  readonly onRetry?: (attempt: number, delayMs: number, err: EngineError) => void;
}

/** Delay before retry `n` (1-based): base * 2^(n-1), capped, with jitter in [50%, 100%]. */
export function backoffMs(n: number, opts: LockRetryOptions, random: () => number): number {
  const base = opts.baseMs ?? 2_000;
  const max = opts.maxMs ?? 30_000;
  const full = Math.min(max, base * 2 ** (n - 1));
  return Math.round(full / 2 + (full / 2) * random());
}

function sleepFor(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** Runs `op`; while it fails with a lock error, waits and tries again. */
export async function retryOnLock<T>(
  op: (attempt: number) => Promise<T>,
  opts: LockRetryOptions,
  hooks: RetryHooks = {},
  signal?: AbortSignal,
): Promise<T> {
  const attempts = Math.max(1, opts.attempts ?? 5);
  const sleep = hooks.sleep ?? sleepFor;
  const random = hooks.random ?? Math.random;
  for (let attempt = 1; ; attempt++) {
    try {
      return await op(attempt);
    } catch (err) {
      const retryable = err instanceof EngineError && err.kind === 'locked';
      if (!retryable || attempt >= attempts || signal?.aborted === true) throw err;
      const delay = backoffMs(attempt, opts, random);
      hooks.onRetry?.(attempt, delay, err);
      await sleep(delay, signal);
    }
  }
}
