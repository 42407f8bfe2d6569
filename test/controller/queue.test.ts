import { strict as assert } from 'node:assert';
import { WorkQueue } from '../../src/controller/queue';
import { FakeClock, flush } from './fake-clock';

/** A handler whose runs stay open until the test finishes them, with counters on concurrency. */
class Gates {
  readonly started: string[] = [];
  readonly finished: string[] = [];
  maxInFlight = 0;
  maxPerKey = 0;
  private readonly open = new Map<string, { resolve: () => void; reject: (e: Error) => void }[]>();
  private inFlight = 0;
  private readonly perKey = new Map<string, number>();

  readonly handler = (key: string): Promise<void> => {
    this.started.push(key);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    const k = (this.perKey.get(key) ?? 0) + 1;
    this.perKey.set(key, k);
    this.maxPerKey = Math.max(this.maxPerKey, k);
    return new Promise<void>((resolve, reject) => {
      const list = this.open.get(key) ?? [];
      list.push({ resolve, reject });
      this.open.set(key, list);
    }).finally(() => {
      this.inFlight--;
      this.perKey.set(key, (this.perKey.get(key) ?? 1) - 1);
      this.finished.push(key);
    });
  };

  get running(): string[] {
    return [...this.open].filter(([, l]) => l.length > 0).map(([k]) => k);
  }

  /** Ends the oldest open run of `key`, failing it with `err` when given. */
  async finish(key: string, err?: Error): Promise<void> {
    const run = this.open.get(key)?.shift();
    assert.ok(run, `no open run of ${key}`);
    if (err === undefined) run.resolve();
    else run.reject(err);
    await flush();
  }

  async finishAll(): Promise<void> {
    while (this.running.length > 0) {
      for (const key of this.running) await this.finish(key);
    }
  }
}

function setup(concurrency?: number, random: () => number = () => 0.5) {
  const clock = new FakeClock();
  const queue = new WorkQueue({ clock, random });
  const gates = new Gates();
  const errors: [string, unknown][] = [];
  queue.start(gates.handler, {
    ...(concurrency === undefined ? {} : { concurrency }),
    onError: (key, err) => errors.push([key, err]),
  });
  return { clock, queue, gates, errors };
}

describe('WorkQueue', () => {
  describe('coalescing', () => {
    it('runs a burst of 10 adds of one key once', async () => {
      const { queue, gates } = setup();
      for (let i = 0; i < 10; i++) queue.add('prod/a');
      await flush();
      await gates.finishAll();
      assert.deepEqual(gates.started, ['prod/a']);
    });

    it('coalesces adds that arrive while the key waits behind busy workers', async () => {
      const { queue, gates } = setup(1);
      queue.add('prod/busy');
      await flush();
      for (let i = 0; i < 10; i++) {
        queue.add('prod/a');
        await flush();
      }
      assert.equal(queue.length, 1);
      await gates.finishAll();
      assert.deepEqual(gates.started, ['prod/busy', 'prod/a']);
    });

    it('queues adds made before start and runs them once start is called', async () => {
      const clock = new FakeClock();
      const queue = new WorkQueue({ clock });
      queue.add('prod/a');
      queue.add('prod/a');
      queue.add('prod/b');
      assert.equal(queue.length, 2);
      const gates = new Gates();
      queue.start(gates.handler);
      await flush();
      await gates.finishAll();
      assert.deepEqual(gates.started, ['prod/a', 'prod/b']);
    });
  });

  describe('dirty keys', () => {
    it('runs a key added during its run exactly once more, after the run ends', async () => {
      const { queue, gates } = setup();
      queue.add('prod/a');
      await flush();
      for (let i = 0; i < 5; i++) queue.add('prod/a');
      await flush();
      // Still the first run only: the second must wait for it.
      assert.deepEqual(gates.started, ['prod/a']);
      assert.deepEqual(queue.pending().processing, ['prod/a']);
      await gates.finish('prod/a');
      assert.deepEqual(gates.started, ['prod/a', 'prod/a']);
      await gates.finishAll();
      assert.deepEqual(gates.started, ['prod/a', 'prod/a']);
      assert.equal(gates.maxPerKey, 1);
    });

    it('never runs one key twice at once under concurrency 4 with many keys', async () => {
      const { queue, gates } = setup(4);
      const keys = Array.from({ length: 12 }, (_, i) => `ns/k${i % 6}`);
      for (let round = 0; round < 5; round++) {
        for (const key of keys) queue.add(key);
        await flush();
        // Finish one run of every other running key, then add everything again.
        for (const key of gates.running.filter((_, i) => i % 2 === 0)) await gates.finish(key);
      }
      await gates.finishAll();
      assert.equal(gates.maxPerKey, 1);
      assert.ok(gates.maxInFlight <= 4, `maxInFlight ${gates.maxInFlight}`);
      assert.equal(gates.maxInFlight, 4);
      // Every key ran at least once, and nothing is left behind.
      assert.deepEqual(new Set(gates.started), new Set(keys));
      assert.deepEqual(queue.pending(), { ready: [], processing: [], waiting: [] });
    });
  });

  describe('runner', () => {
    const capCases = [
      { name: 'caps at the default of 4', concurrency: undefined, cap: 4 },
      { name: 'caps at 1', concurrency: 1, cap: 1 },
      { name: 'caps at 3', concurrency: 3, cap: 3 },
    ];
    for (const tc of capCases) {
      it(tc.name, async () => {
        const { queue, gates } = setup(tc.concurrency);
        const keys = Array.from({ length: 10 }, (_, i) => `ns/k${i}`);
        for (const key of keys) queue.add(key);
        await flush();
        assert.equal(gates.started.length, tc.cap);
        assert.equal(queue.length, 10 - tc.cap);
        await gates.finishAll();
        assert.equal(gates.maxInFlight, tc.cap);
        assert.deepEqual(gates.started, keys);
      });
    }

    it('starts keys in the order they became ready', async () => {
      const { queue, gates } = setup(1);
      for (const key of ['ns/c', 'ns/a', 'ns/b', 'ns/a']) queue.add(key);
      await flush();
      assert.deepEqual(queue.pending().ready, ['ns/a', 'ns/b']);
      await gates.finishAll();
      assert.deepEqual(gates.started, ['ns/c', 'ns/a', 'ns/b']);
    });

    it('frees a worker for the next key as soon as a run ends', async () => {
      const { queue, gates } = setup(2);
      for (const key of ['ns/a', 'ns/b', 'ns/c']) queue.add(key);
      await flush();
      assert.deepEqual(gates.started, ['ns/a', 'ns/b']);
      await gates.finish('ns/b');
      assert.deepEqual(gates.started, ['ns/a', 'ns/b', 'ns/c']);
    });

    const badConcurrency = [0, -1, 1.5, Number.NaN];
    for (const concurrency of badConcurrency) {
      it(`rejects concurrency ${concurrency}`, () => {
        const queue = new WorkQueue({ clock: new FakeClock() });
        assert.throws(
          () => {
            queue.start(() => Promise.resolve(), { concurrency });
          },
          new RangeError(
            `concurrency: ${concurrency} is not a valid number of workers; use a whole number of at least 1.`,
          ),
        );
      });
    }

    it('refuses a second start', () => {
      const queue = new WorkQueue({ clock: new FakeClock() });
      queue.start(() => Promise.resolve());
      assert.throws(() => {
        queue.start(() => Promise.resolve());
      }, /already started/);
    });
  });

  describe('rate limiting', () => {
    // Expected delays before jitter for failures 1..12: 1s doubling, capped at 300s.
    const full = [1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300, 300].map((s) => s * 1000);
    const jitterCases = [
      { name: 'backs off 1s, 2s, 4s, ... capped at 300s with the most jitter', random: 0, f: 0.5 },
      { name: 'backs off 1s, 2s, 4s, ... capped at 300s with no jitter', random: 1, f: 1 },
      { name: 'backs off with jitter in between', random: 0.5, f: 0.75 },
    ];
    for (const tc of jitterCases) {
      it(tc.name, () => {
        const queue = new WorkQueue({ clock: new FakeClock(), random: () => tc.random });
        const delays = full.map(() => queue.addRateLimited('ns/a'));
        assert.deepEqual(
          delays,
          full.map((d) => d * tc.f),
        );
        assert.equal(queue.failures('ns/a'), 12);
      });
    }

    it('keeps every jittered delay within [50%, 100%] of the backoff', () => {
      let seed = 7;
      // A small deterministic generator in [0, 1).
      const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
      const queue = new WorkQueue({ clock: new FakeClock(), random });
      for (let n = 1; n <= 40; n++) {
        const d = Math.min(300_000, 1000 * 2 ** (n - 1));
        const got = queue.addRateLimited('ns/a');
        assert.ok(got >= d / 2 && got <= d, `failure ${n}: ${got} not in [${d / 2}, ${d}]`);
      }
    });

    it('counts failures per key', () => {
      const queue = new WorkQueue({ clock: new FakeClock(), random: () => 1 });
      queue.addRateLimited('ns/a');
      queue.addRateLimited('ns/a');
      assert.equal(queue.addRateLimited('ns/b'), 1000);
      assert.deepEqual([queue.failures('ns/a'), queue.failures('ns/b')], [2, 1]);
    });

    it('runs a rate-limited key only once its delay has passed', async () => {
      const { clock, queue, gates } = setup(4, () => 1);
      queue.addRateLimited('ns/a');
      queue.addRateLimited('ns/a');
      assert.deepEqual(queue.pending().waiting, [{ key: 'ns/a', dueAt: 1000 }]);
      await clock.advance(999);
      assert.deepEqual(gates.started, []);
      await clock.advance(1);
      assert.deepEqual(gates.started, ['ns/a']);
    });

    it('starts again at 1s after forget', () => {
      const queue = new WorkQueue({ clock: new FakeClock(), random: () => 1 });
      for (let i = 0; i < 5; i++) queue.addRateLimited('ns/a');
      assert.equal(queue.failures('ns/a'), 5);
      queue.forget('ns/a');
      assert.equal(queue.failures('ns/a'), 0);
      assert.equal(queue.addRateLimited('ns/a'), 1000);
      assert.equal(queue.addRateLimited('ns/a'), 2000);
    });
  });

  describe('delayed adds', () => {
    it('runs delayed keys in deadline order, not call order', async () => {
      const { clock, queue, gates } = setup(1);
      queue.addAfter('ns/a', 300);
      queue.addAfter('ns/b', 100);
      queue.addAfter('ns/c', 200);
      await clock.advance(99);
      assert.deepEqual(gates.started, []);
      await clock.advance(500);
      // b is running; c then a became ready in that order behind it.
      assert.deepEqual(gates.started, ['ns/b']);
      assert.deepEqual(queue.pending().ready, ['ns/c', 'ns/a']);
      await gates.finishAll();
      assert.deepEqual(gates.started, ['ns/b', 'ns/c', 'ns/a']);
    });

    it('lets a later add with an earlier deadline win, and runs the key once', async () => {
      const { clock, queue, gates } = setup();
      queue.addAfter('ns/a', 1000);
      queue.addAfter('ns/a', 100);
      assert.equal(clock.pendingTimers, 1);
      await clock.advance(100);
      assert.deepEqual(gates.started, ['ns/a']);
      await gates.finishAll();
      await clock.advance(2000);
      assert.deepEqual(gates.started, ['ns/a']);
    });

    it('does not push back a key that already waits for an earlier deadline', async () => {
      const { clock, queue, gates } = setup();
      queue.addAfter('ns/a', 100);
      queue.addAfter('ns/a', 1000);
      assert.deepEqual(queue.pending().waiting, [{ key: 'ns/a', dueAt: 100 }]);
      await clock.advance(100);
      assert.deepEqual(gates.started, ['ns/a']);
      await gates.finishAll();
      await clock.advance(2000);
      assert.deepEqual(gates.started, ['ns/a']);
    });

    it('adds at once when the delay is not positive', async () => {
      const { queue, gates } = setup();
      queue.addAfter('ns/a', 0);
      await flush();
      assert.deepEqual(gates.started, ['ns/a']);
    });
  });

  describe('shutdown', () => {
    it('waits for running handlers, drops queued keys and later adds', async () => {
      const { clock, queue, gates } = setup(1);
      queue.add('ns/a');
      queue.add('ns/b');
      queue.addAfter('ns/c', 100);
      await flush();
      let done = false;
      const stopped = queue.shutdown().then(() => (done = true));
      queue.add('ns/d');
      queue.add('ns/a');
      queue.addAfter('ns/e', 10);
      await clock.advance(1000);
      assert.equal(done, false, 'shutdown resolved while a handler was running');
      assert.equal(clock.pendingTimers, 0);
      await gates.finish('ns/a');
      await stopped;
      assert.equal(done, true);
      await clock.advance(1000);
      assert.deepEqual(gates.started, ['ns/a']);
      assert.deepEqual(queue.pending(), { ready: [], processing: [], waiting: [] });
    });

    it('resolves at once when nothing runs', async () => {
      const { queue } = setup();
      await queue.shutdown();
      await queue.shutdown();
    });
  });

  describe('handler errors', () => {
    it('reports the error and retries the key with backoff, then forgets it on success', async () => {
      const { clock, queue, gates, errors } = setup(4, () => 1);
      const boom = new Error('stack locked');
      queue.add('ns/a');
      await flush();
      await gates.finish('ns/a', boom);
      assert.deepEqual(errors, [['ns/a', boom]]);
      assert.equal(queue.failures('ns/a'), 1);
      assert.deepEqual(gates.started, ['ns/a']);
      assert.deepEqual(queue.pending().waiting, [{ key: 'ns/a', dueAt: 1000 }]);

      await clock.advance(1000);
      assert.deepEqual(gates.started, ['ns/a', 'ns/a']);
      await gates.finish('ns/a', boom);
      assert.equal(queue.failures('ns/a'), 2);
      assert.deepEqual(queue.pending().waiting, [{ key: 'ns/a', dueAt: 3000 }]);

      await clock.advance(2000);
      await gates.finish('ns/a');
      assert.equal(queue.failures('ns/a'), 0);
      assert.equal(errors.length, 2);
      await clock.advance(600_000);
      assert.equal(gates.started.length, 3);
    });

    it('survives a handler that throws synchronously and an error hook that throws', async () => {
      const clock = new FakeClock();
      const queue = new WorkQueue({ clock, random: () => 1 });
      let runs = 0;
      queue.start(
        (key) => {
          runs++;
          if (runs === 1) throw new Error(`sync failure of ${key}`);
          return Promise.resolve();
        },
        {
          onError: () => {
            throw new Error('logger down');
          },
        },
      );
      queue.add('ns/a');
      await flush();
      assert.equal(queue.failures('ns/a'), 1);
      await clock.advance(1000);
      assert.equal(runs, 2);
      assert.equal(queue.failures('ns/a'), 0);
    });
  });
});
