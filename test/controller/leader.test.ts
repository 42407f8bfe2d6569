import { strict as assert } from 'node:assert';
import {
  V1MicroTime,
  type V1Lease,
  type V1LeaseSpec,
  type V1ObjectMeta,
} from '@kubernetes/client-node';
import {
  LeaderElector,
  LeaseConflictError,
  isConflict,
  type LeaderElectorOptions,
  type LeaseApi,
} from '../../src/controller/leader';
import { FakeClock, flush } from './fake-clock';

/** A lease spec as JSON carries it: times are strings. */
type WireLeaseSpec = Omit<Partial<V1LeaseSpec>, 'renewTime' | 'acquireTime'> & {
  readonly renewTime?: string;
  readonly acquireTime?: string;
};

/**
 * One Lease kept as the API server keeps it: JSON, with a resourceVersion checked on replace. Read
 * back, MicroTimes are strings, as client-node 1.x hands them over.
 */
class MemoryLeases implements LeaseApi {
  calls = 0;
  /** Every call rejects with this while set. */
  fail: Error | undefined;
  /** Every call hangs while set. */
  hang = false;
  /** Runs once just before the next replace is applied: another writer getting there first. */
  beforeReplace: (() => void) | undefined;
  private json: string | undefined;
  private rv = 0;

  async get(namespace: string, name: string): Promise<V1Lease | undefined> {
    await this.call();
    assert.equal(`${namespace}/${name}`, 'vitistack-system/vitistack-controller');
    return this.read();
  }

  async create(lease: V1Lease): Promise<V1Lease> {
    await this.call();
    if (this.json !== undefined) throw new LeaseConflictError('leases "x" already exists');
    return this.save(lease.metadata, lease.spec);
  }

  async replace(lease: V1Lease): Promise<V1Lease> {
    await this.call();
    const hook = this.beforeReplace;
    this.beforeReplace = undefined;
    hook?.();
    if (this.read()?.metadata?.resourceVersion !== lease.metadata?.resourceVersion) {
      throw new LeaseConflictError('the object has been modified');
    }
    return this.save(lease.metadata, lease.spec);
  }

  /** A write by some other instance. */
  put(spec: Partial<V1LeaseSpec> | WireLeaseSpec): void {
    this.save(this.read()?.metadata, spec);
  }

  /** The stored spec, as JSON gives it back. */
  get spec(): WireLeaseSpec {
    if (this.json === undefined) return {};
    return (JSON.parse(this.json) as { spec?: WireLeaseSpec }).spec ?? {};
  }

  private read(): V1Lease | undefined {
    return this.json === undefined ? undefined : (JSON.parse(this.json) as V1Lease);
  }

  private save(
    metadata: Partial<V1ObjectMeta> | undefined,
    spec: Partial<V1LeaseSpec> | WireLeaseSpec | undefined,
  ): V1Lease {
    const resourceVersion = String(++this.rv);
    this.json = JSON.stringify({
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: {
        name: 'vitistack-controller',
        namespace: 'vitistack-system',
        ...metadata,
        resourceVersion,
      },
      spec,
    });
    return this.read()!;
  }

  private async call(): Promise<void> {
    this.calls++;
    if (this.hang) await new Promise(() => undefined);
    if (this.fail) throw this.fail;
  }
}

interface Candidate {
  readonly elector: LeaderElector;
  readonly events: string[];
}

function setup() {
  const clock = new FakeClock();
  const leases = new MemoryLeases();
  const candidate = (identity: string, opts: Partial<LeaderElectorOptions> = {}): Candidate => {
    const events: string[] = [];
    const elector = new LeaderElector({
      leases,
      clock,
      namespace: 'vitistack-system',
      name: 'vitistack-controller',
      identity,
      onStartedLeading: () => events.push('started'),
      onStoppedLeading: () => events.push('stopped'),
      ...opts,
    });
    return { elector, events };
  };
  return { clock, leases, candidate };
}

const MICRO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/;

describe('LeaderElector', () => {
  it('creates the lease and leads when there is none', async () => {
    const { clock, leases, candidate } = setup();
    await clock.to(5_000);
    const a = candidate('pod-a');
    a.elector.run();
    await flush();

    assert.equal(a.elector.isLeader(), true);
    assert.deepEqual(a.events, ['started']);
    assert.equal(leases.spec.holderIdentity, 'pod-a');
    assert.equal(leases.spec.leaseDurationSeconds, 15);
    assert.equal(leases.spec.leaseTransitions, 0);
    // Kubernetes parses MicroTime with exactly six fractional digits.
    assert.equal(leases.spec.renewTime, '1970-01-01T00:00:05.000000Z');
    assert.match(leases.spec.acquireTime ?? '', MICRO_TIME);
  });

  it('renews every retry period, keeping the acquire time and the transition count', async () => {
    const { clock, leases, candidate } = setup();
    const a = candidate('pod-a');
    a.elector.run();
    await flush();
    const acquired = leases.spec.acquireTime;

    await clock.advance(2_000);
    assert.equal(leases.spec.renewTime, '1970-01-01T00:00:02.000000Z');
    await clock.advance(2_000);
    assert.equal(leases.spec.renewTime, '1970-01-01T00:00:04.000000Z');
    assert.equal(leases.spec.acquireTime, acquired);
    assert.equal(leases.spec.leaseTransitions, 0);
    assert.deepEqual(a.events, ['started']);
    assert.equal(a.elector.isLeader(), true);
  });

  it('does not take a lease another instance holds while it is fresh', async () => {
    const { clock, leases, candidate } = setup();
    leases.put({ holderIdentity: 'pod-b', leaseDurationSeconds: 15, leaseTransitions: 3 });
    const a = candidate('pod-a');
    a.elector.run();
    await clock.to(14_000);
    assert.equal(a.elector.isLeader(), false);
    assert.equal(a.elector.observedHolder(), 'pod-b');
    assert.equal(leases.spec.holderIdentity, 'pod-b');
    assert.deepEqual(a.events, []);
  });

  it('takes over once the lease has not changed for its duration, counting a transition', async () => {
    const { clock, leases, candidate } = setup();
    leases.put({ holderIdentity: 'pod-b', leaseDurationSeconds: 15, leaseTransitions: 3 });
    const a = candidate('pod-a');
    a.elector.run();
    await clock.to(14_000);
    assert.equal(a.elector.isLeader(), false);

    await clock.to(16_000);
    assert.equal(a.elector.isLeader(), true);
    assert.deepEqual(a.events, ['started']);
    assert.equal(leases.spec.holderIdentity, 'pod-a');
    assert.equal(leases.spec.leaseTransitions, 4);
    assert.equal(leases.spec.acquireTime, '1970-01-01T00:00:16.000000Z');
  });

  it('times expiry by its own clock from the last change it saw, not by the renew time written', async () => {
    const { clock, leases, candidate } = setup();
    // By the time written in it, this lease expired an hour ago; another node's clock may be off.
    const longAgo = new V1MicroTime(-3_600_000);
    leases.put({ holderIdentity: 'pod-b', leaseDurationSeconds: 15, renewTime: longAgo });
    const a = candidate('pod-a');
    a.elector.run();
    await clock.to(9_000);
    leases.put({ ...leases.spec, renewTime: new V1MicroTime(-3_590_000).toISOString() });

    // Seen to change at 10 s, so it is fresh until 25 s.
    await clock.to(24_000);
    assert.equal(a.elector.isLeader(), false);
    await clock.to(26_000);
    assert.equal(a.elector.isLeader(), true);
  });

  it('stops leading when renewals fail for the renew deadline, then leads again once they work', async () => {
    const { clock, leases, candidate } = setup();
    const a = candidate('pod-a');
    a.elector.run();
    await flush();
    await clock.to(1_000);
    leases.fail = new Error('connection refused');

    await clock.to(9_999);
    assert.equal(a.elector.isLeader(), true);
    await clock.to(10_000);
    assert.equal(a.elector.isLeader(), false);
    assert.deepEqual(a.events, ['started', 'stopped']);

    leases.fail = undefined;
    await clock.to(12_000);
    assert.equal(a.elector.isLeader(), true);
    assert.deepEqual(a.events, ['started', 'stopped', 'started']);
    assert.equal(leases.spec.leaseTransitions, 0, 'the holder never changed');
  });

  it('stops leading at the renew deadline when the API server hangs', async () => {
    const { clock, leases, candidate } = setup();
    const a = candidate('pod-a');
    a.elector.run();
    await clock.to(2_000);
    leases.hang = true;
    await clock.to(11_999);
    assert.equal(a.elector.isLeader(), true);
    await clock.to(12_000);
    assert.equal(a.elector.isLeader(), false);
    assert.deepEqual(a.events, ['started', 'stopped']);
  });

  it('stops leading at once when it finds another holder in the lease', async () => {
    const { clock, leases, candidate } = setup();
    const a = candidate('pod-a');
    a.elector.run();
    await clock.to(1_000);
    leases.put({ ...leases.spec, holderIdentity: 'pod-c' });
    await clock.to(2_000);
    assert.equal(a.elector.isLeader(), false);
    assert.deepEqual(a.events, ['started', 'stopped']);
    assert.equal(leases.spec.holderIdentity, 'pod-c', 'it did not overwrite the new holder');
  });

  it('lets only one of two instances lead when both create the lease at once', async () => {
    const { clock, leases, candidate } = setup();
    const a = candidate('pod-a');
    const b = candidate('pod-b');
    a.elector.run();
    b.elector.run();
    await flush();
    const leaders = [a, b].filter((c) => c.elector.isLeader());
    assert.equal(leaders.length, 1);

    await clock.to(30_000);
    assert.equal([a, b].filter((c) => c.elector.isLeader()).length, 1);
    assert.equal(leaders[0]!.elector.isLeader(), true, 'the first winner keeps leading');
    assert.equal(leases.spec.leaseTransitions, 0);
  });

  it('does not lead when another writer replaces the lease between its read and its write', async () => {
    const { clock, leases, candidate } = setup();
    leases.put({ leaseDurationSeconds: 1 });
    leases.beforeReplace = () => {
      leases.put({ holderIdentity: 'pod-b', leaseDurationSeconds: 15 });
    };
    const a = candidate('pod-a');
    a.elector.run();
    await flush();
    assert.equal(a.elector.isLeader(), false);
    assert.equal(leases.spec.holderIdentity, 'pod-b');

    await clock.to(4_000);
    assert.equal(a.elector.isLeader(), false, 'pod-b holds a fresh lease');
    assert.deepEqual(a.events, []);
  });

  it('on stop with release frees the lease, and a waiting instance takes it on its next retry', async () => {
    const { clock, leases, candidate } = setup();
    const a = candidate('pod-a');
    const b = candidate('pod-b');
    a.elector.run();
    await flush();
    await clock.to(500);
    b.elector.run();
    await clock.to(3_000);
    assert.equal(b.elector.isLeader(), false);

    await a.elector.stop({ release: true });
    assert.equal(a.elector.isLeader(), false);
    assert.deepEqual(a.events, ['started', 'stopped']);
    assert.equal(leases.spec.holderIdentity, undefined);
    assert.equal(leases.spec.leaseDurationSeconds, 1);

    await clock.to(4_500);
    assert.equal(b.elector.isLeader(), true);
    assert.equal(leases.spec.holderIdentity, 'pod-b');
    assert.equal(leases.spec.leaseTransitions, 1);
  });

  it('on stop without release keeps the lease, so a waiting instance waits for it to expire', async () => {
    const { clock, leases, candidate } = setup();
    const a = candidate('pod-a');
    const b = candidate('pod-b');
    a.elector.run();
    await flush();
    b.elector.run();
    await flush();
    await a.elector.stop();
    assert.deepEqual(a.events, ['started', 'stopped']);

    await clock.to(14_000);
    assert.equal(b.elector.isLeader(), false);
    await clock.to(16_000);
    assert.equal(b.elector.isLeader(), true);
    assert.equal(leases.spec.leaseTransitions, 1);
  });

  it('counts each change of holder in leaseTransitions', async () => {
    const { clock, leases, candidate } = setup();
    const a = candidate('pod-a');
    a.elector.run();
    await flush();
    await a.elector.stop({ release: true });
    const b = candidate('pod-b');
    b.elector.run();
    await flush();
    await b.elector.stop({ release: true });
    const a2 = candidate('pod-a');
    a2.elector.run();
    await clock.advance(0);
    assert.equal(a2.elector.isLeader(), true);
    assert.equal(leases.spec.leaseTransitions, 2);
  });

  it('makes no calls after stop, and stopping a follower calls no callback', async () => {
    const { clock, leases, candidate } = setup();
    leases.put({ holderIdentity: 'pod-b', leaseDurationSeconds: 15 });
    const a = candidate('pod-a');
    a.elector.run();
    await flush();
    await a.elector.stop({ release: true });
    const calls = leases.calls;
    await clock.to(60_000);
    assert.equal(leases.calls, calls);
    assert.deepEqual(a.events, []);
    assert.equal(leases.spec.holderIdentity, 'pod-b', 'it released nothing it did not hold');
    assert.throws(() => {
      a.elector.run();
    }, /stopped; make a new one/);
  });

  it('keeps campaigning when a callback throws', async () => {
    const { clock, leases, candidate } = setup();
    const a = candidate('pod-a', {
      onStartedLeading: () => {
        throw new Error('start failed');
      },
    });
    a.elector.run();
    await clock.to(2_000);
    assert.equal(a.elector.isLeader(), true);
    assert.equal(leases.spec.renewTime, '1970-01-01T00:00:02.000000Z');
  });

  it('rejects timings that would let two instances lead at once', () => {
    assert.throws(
      () =>
        setup().candidate('pod-a', {
          leaseDurationMs: 10_000,
          renewDeadlineMs: 10_000,
          retryPeriodMs: 2_000,
        }),
      {
        message:
          'leaseDurationMs: 10000 must be more than renewDeadlineMs (10000). Use leaseDurationMs > renewDeadlineMs > retryPeriodMs > 0, such as 15000, 10000 and 2000.',
      },
    );
    assert.throws(() => setup().candidate(''), /identity: must not be empty/);
  });
});

describe('isConflict', () => {
  it('is true for a 409 from the API, whatever its class', () => {
    assert.equal(isConflict(new LeaseConflictError('x')), true);
    assert.equal(isConflict(Object.assign(new Error('HTTP-Code: 409'), { code: 409 })), true);
    assert.equal(isConflict(Object.assign(new Error('HTTP-Code: 404'), { code: 404 })), false);
    assert.equal(isConflict(new Error('ECONNRESET')), false);
  });
});
