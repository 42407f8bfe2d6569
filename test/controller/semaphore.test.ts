import { strict as assert } from 'node:assert';
import { Semaphore } from '../../src/controller/semaphore';

/** Lets pending promise chains settle; no time passes. */
const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

interface Deferred<T> {
  readonly promise: Promise<T>;
  resolve(value: T): void;
  reject(err: Error): void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (err: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Operations run through a semaphore; each stays open until the test ends it. */
class Operations {
  readonly started: string[] = [];
  running = 0;
  maxRunning = 0;
  private readonly gates = new Map<string, Deferred<string>>();
  readonly results = new Map<string, Promise<string>>();

  constructor(private readonly sem: Semaphore) {}

  start(name: string): void {
    const gate = deferred<string>();
    this.gates.set(name, gate);
    const p = this.sem.run(async () => {
      this.started.push(name);
      this.running++;
      this.maxRunning = Math.max(this.maxRunning, this.running);
      try {
        return await gate.promise;
      } finally {
        this.running--;
      }
    });
    // Failures are asserted through `results`; keep them from being unhandled meanwhile.
    p.catch(() => undefined);
    this.results.set(name, p);
  }

  async finish(name: string, err?: Error): Promise<void> {
    const gate = this.gates.get(name);
    assert.ok(gate, `no operation ${name}`);
    if (err === undefined) gate.resolve(`${name} done`);
    else gate.reject(err);
    await flush();
  }
}

describe('controller/semaphore', () => {
  it('never runs more than the limit at once, and starts a waiter as a slot frees', async () => {
    const sem = new Semaphore(2);
    const ops = new Operations(sem);
    for (const n of ['a', 'b', 'c', 'd', 'e']) ops.start(n);
    await flush();
    assert.deepEqual(ops.started, ['a', 'b']);
    assert.deepEqual([sem.inUse, sem.queued], [2, 3]);

    await ops.finish('b');
    assert.deepEqual(ops.started, ['a', 'b', 'c']);
    assert.deepEqual([sem.inUse, sem.queued], [2, 2]);

    await ops.finish('a');
    await ops.finish('c');
    assert.deepEqual(ops.started, ['a', 'b', 'c', 'd', 'e']);
    await ops.finish('d');
    await ops.finish('e');
    assert.equal(ops.maxRunning, 2);
    assert.deepEqual([sem.inUse, sem.queued], [0, 0]);
  });

  it('serves waiters in the order they came', async () => {
    const sem = new Semaphore(1);
    const ops = new Operations(sem);
    for (const n of ['first', 'w1', 'w2', 'w3']) ops.start(n);
    await flush();
    for (const n of ['first', 'w1', 'w2']) await ops.finish(n);
    assert.deepEqual(ops.started, ['first', 'w1', 'w2', 'w3']);
    assert.equal(ops.maxRunning, 1);
  });

  it('returns what fn returns', async () => {
    const sem = new Semaphore(1);
    const ops = new Operations(sem);
    ops.start('x');
    await flush();
    await ops.finish('x');
    assert.equal(await ops.results.get('x'), 'x done');
  });

  it('releases the slot when fn rejects, and passes the error on', async () => {
    const sem = new Semaphore(1);
    const ops = new Operations(sem);
    ops.start('fails');
    ops.start('next');
    await flush();
    await ops.finish('fails', new Error('engine crashed'));
    await assert.rejects(ops.results.get('fails') ?? Promise.resolve(), /engine crashed/);
    assert.deepEqual(ops.started, ['fails', 'next']);
    await ops.finish('next');
    assert.equal(sem.inUse, 0);
  });

  it('releases the slot when fn throws before returning a promise', async () => {
    const sem = new Semaphore(1);
    const throwing = (): Promise<never> => {
      throw new Error('bad call');
    };
    await assert.rejects(sem.run(throwing), /bad call/);
    assert.equal(sem.inUse, 0);
    assert.equal(await sem.run(() => Promise.resolve(42)), 42);
  });

  const badLimits: number[] = [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY];
  for (const limit of badLimits) {
    it(`refuses the limit ${String(limit)}`, () => {
      assert.throws(
        () => new Semaphore(limit),
        new Error(
          `the limit of concurrent operations must be a whole number of at least 1, not ${String(limit)}`,
        ),
      );
    });
  }
});
