// Secrets stay out of status, logs and Events; leader election hands over; metrics are exposed.
import { strict as assert } from 'node:assert';
import { Harness, SECRET_VALUES, SECRET_KEY } from './harness';
import { createMembers, createReadyStack, NAME, NS, stackRecord, vitistackOf } from './fixtures';

describe('controller: secrets, leader election, metrics', function () {
  this.timeout(60_000);

  it('no secret value reaches a status, a log line or an Event, even from a failure message', async () => {
    const h = await Harness.start();
    try {
      const objs = await createMembers(h);
      // The engine echoes a credential in its failure, as CLIs sometimes do.
      h.engine.failNext('up', { message: `AuthFailure: key ${SECRET_KEY} was rejected` });
      await h.create(vitistackOf(objs));
      await h.waitForCondition(NS, NAME, 'Reconciling', 'True', 'OperationFailed');
      await h.advance(60_000);
      await h.waitForCondition(NS, NAME, 'Ready', 'True');
      const everything = [
        JSON.stringify(h.server.objects('vitistacks')),
        JSON.stringify(h.server.objects('machines')),
        JSON.stringify(h.server.objects('machineproviders')),
        JSON.stringify(h.server.objects('kubernetesproviders')),
        JSON.stringify(await h.events(NS)),
        h.logs.lines.join('\n'),
      ].join('\n');
      for (const value of SECRET_VALUES) {
        assert.ok(!everything.includes(value), `a secret value leaked: ${value.slice(0, 4)}...`);
      }
      assert.match(everything, /AuthFailure: key \[redacted\] was rejected/);
    } finally {
      await h.stop();
    }
  });

  it('leader election: only the leader reconciles; on release the standby takes over', async () => {
    const a = await Harness.start({ leaderElection: true, identity: 'controller-a' });
    const b = await Harness.start({
      leaderElection: true,
      identity: 'controller-b',
      server: a.server,
      engine: a.engine,
      clock: a.clock,
    });
    try {
      await a.waitFor(() => a.controller.isLeader() || undefined, 'a to lead');
      await a.advance(2_000);
      assert.equal(b.controller.isLeader(), false);
      await createReadyStack(a);
      const first = (await stackRecord(a)).lastOperation as { holder: string };
      assert.equal(first.holder, 'controller-a');

      await a.controller.stop(); // releases the Lease
      await b.advance(2_000); // b's next attempt
      await b.waitFor(() => b.controller.isLeader() || undefined, 'b to lead');
      await b.patch('Machine', NS, 'app-server-1', { spec: { instanceType: 'm5.xlarge' } });
      await b.waitFor(async () => {
        const last = (await stackRecord(b)).lastOperation as { holder: string; type: string };
        return last.holder === 'controller-b' && last.type === 'up' ? last : undefined;
      }, 'b to run the next up');
      const lease = a.server.object(
        'coordination.k8s.io/leases',
        'vitistack-system',
        'vitistack-controller',
      );
      assert.equal((lease?.spec as { holderIdentity?: string }).holderIdentity, 'controller-b');
    } finally {
      await b.stop();
      await a.stop();
    }
  });

  it('metrics: reconciles, operation durations, stacks by phase, operations in flight', async () => {
    const h = await Harness.start();
    try {
      await createReadyStack(h);
      const text = await h.metrics.render();
      const value = (line: RegExp): number => {
        const m = text.split('\n').find((l) => line.test(l));
        return m === undefined ? Number.NaN : Number(m.split(' ').at(-1));
      };
      assert.ok(value(/^vitistack_reconciles_total\{result="success"\}/) >= 1, text);
      assert.equal(
        value(/^vitistack_operation_duration_seconds_count\{operation="up",result="succeeded"\}/),
        1,
      );
      assert.equal(
        value(
          /^vitistack_operation_duration_seconds_count\{operation="preview",result="succeeded"\}/,
        ),
        1,
      );
      assert.equal(value(/^vitistack_stacks\{phase="Ready"\}/), 1);
      assert.equal(value(/^vitistack_engine_operations_in_flight /), 0);
      assert.equal(value(/^vitistack_queue_depth /), 0);
      assert.equal(value(/^vitistack_stacks_drifted /), 0);
      assert.equal(value(/^vitistack_leader /), 1);
    } finally {
      await h.stop();
    }
  });
});

describe('controller: losing leadership', function () {
  this.timeout(60_000);

  it('stops reconciling and stops the controller when another holder takes the Lease', async () => {
    let stoppedFor: string | undefined;
    const h = await Harness.start({
      leaderElection: true,
      identity: 'controller-a',
      onStopped: (reason) => {
        stoppedFor = reason;
      },
    });
    try {
      await h.waitFor(() => h.controller.isLeader() || undefined, 'the controller to lead');
      const { CoordinationV1Api } = await import('@kubernetes/client-node');
      const leases = h.server.kubeConfig().makeApiClient(CoordinationV1Api);
      const lease = await leases.readNamespacedLease({
        namespace: 'vitistack-system',
        name: 'vitistack-controller',
      });
      if (lease.spec) lease.spec.holderIdentity = 'intruder';
      await leases.replaceNamespacedLease({
        namespace: 'vitistack-system',
        name: 'vitistack-controller',
        body: lease,
      });
      await h.advance(2_000); // the next renewal sees the other holder
      await h.waitFor(() => stoppedFor, 'the controller to stop');
      assert.equal(stoppedFor, 'leadership lost');
      assert.equal(h.controller.isLeader(), false);
    } finally {
      await h.stop();
    }
  });
});
