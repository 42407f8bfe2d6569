// Failures: invalid input stops before the engine; a failing engine backs off, then stalls; a
// held lock is retried; a controller that crashed mid-operation is recovered from.
import { strict as assert } from 'node:assert';
import { Harness } from './harness';
import { createMembers, NAME, NS, operations, STACK, stackRecord, vitistackOf } from './fixtures';

describe('controller: invalid input and failures', function () {
  this.timeout(60_000);
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start();
  });
  afterEach(async () => {
    await h.stop();
  });

  it('an invalid spec is ValidationFailed, with no engine call', async () => {
    const objs = await createMembers(h);
    const v = vitistackOf(objs);
    const spec = v.spec as Record<string, unknown>;
    await h.create({ ...v, spec: { ...spec, region: 42, colour: 'blue' } });
    const stalled = await h.waitForCondition(NS, NAME, 'Stalled', 'True', 'ValidationFailed');
    assert.match(stalled.message, /spec\.region: 42 /);
    assert.match(stalled.message, /spec\.colour/);
    const ready = (await h.conditions('Vitistack', NS, NAME)).Ready;
    assert.ok(ready);
    assert.equal(ready.status, 'False');
    assert.equal(ready.reason, 'ValidationFailed');
    await h.idle();
    assert.deepEqual(operations(h), []);
    assert.ok((await h.eventReasons(NS)).includes('ValidationFailed'));
    assert.equal((await h.status('Vitistack', NS, NAME)).observedGeneration, undefined);
  });

  it('an invalid Machine of the stack stops it (left out, its VM would be deleted)', async () => {
    const objs = await createMembers(h);
    await h.create(vitistackOf(objs));
    await h.waitForCondition(NS, NAME, 'Ready', 'True');
    await h.idle();
    const calls = h.engine.calls.length;
    await h.patch('Machine', NS, 'app-server-1', { spec: { instanceType: 'x9.huge' } });
    const stalled = await h.waitForCondition(NS, NAME, 'Stalled', 'True', 'ValidationFailed');
    assert.match(stalled.message, /Machine production\/app-server-1/);
    assert.match(stalled.message, /x9\.huge/);
    await h.idle();
    assert.equal(h.engine.calls.length, calls, 'no engine call');
  });

  it('a bad annotation value is ValidationFailed naming the annotation and the fix', async () => {
    const objs = await createMembers(h);
    const v = vitistackOf(objs);
    await h.create({
      ...v,
      metadata: { ...v.metadata, annotations: { 'vitistack.io/deletion-policy': 'Retian' } },
    });
    const stalled = await h.waitForCondition(NS, NAME, 'Stalled', 'True', 'ValidationFailed');
    assert.equal(
      stalled.message,
      'metadata.annotations["vitistack.io/deletion-policy"]: "Retian" is not allowed; use "Delete", "Retain" (or remove the annotation for "Delete").',
    );
    assert.deepEqual(operations(h), []);
  });

  it('a missing provider is ProviderNotFound, and the stack recovers when it appears', async () => {
    const objs = await createMembers(h);
    await h.remove('MachineProvider', NS, 'aws-ec2-provider');
    await h.create(vitistackOf(objs));
    const providers = await h.waitForCondition(
      NS,
      NAME,
      'ProvidersReady',
      'False',
      'ProviderNotFound',
    );
    assert.match(
      providers.message,
      /MachineProvider 'aws-ec2-provider' not found in namespace 'production'/,
    );
    assert.equal((await h.conditions('Vitistack', NS, NAME)).Ready?.reason, 'ProviderNotFound');
    await h.idle();
    assert.deepEqual(operations(h), []);

    const provider = objs.find((o) => o.kind === 'MachineProvider');
    assert.ok(provider);
    await h.create(provider);
    await h.waitForCondition(NS, NAME, 'Ready', 'True');
    assert.deepEqual(operations(h), ['preview', 'up']);
  });

  it('a failing engine backs off, is Stalled after 3 failures, and reconcile-request restarts it', async () => {
    const objs = await createMembers(h);
    h.engine.failNext('up', {
      times: 3,
      message: 'creating EC2 Instance: InsufficientInstanceCapacity',
    });
    await h.create(vitistackOf(objs));
    const first = await h.waitForCondition(NS, NAME, 'Reconciling', 'True', 'OperationFailed');
    assert.match(first.message, /attempt 1 of 3/);
    assert.equal(h.engine.count('up'), 1);

    await h.advance(60_000); // past the first backoff
    await h.waitFor(() => h.engine.count('up') === 2 || undefined, 'the second attempt');
    await h.advance(60_000);
    const stalled = await h.waitForCondition(NS, NAME, 'Stalled', 'True', 'RetryLimitReached');
    assert.match(
      stalled.message,
      /up failed 3 times in a row with the same inputs: creating EC2 Instance: InsufficientInstanceCapacity/,
    );
    assert.match(stalled.message, /vitistack\.io\/reconcile-request/);
    assert.equal((await stackRecord(h)).failures, 3);
    assert.ok((await h.eventReasons(NS)).includes('Stalled'));

    // Stalled: time passes, resyncs come, nothing runs.
    await h.advance(3_600_000);
    await h.idle();
    assert.equal(h.engine.count('up'), 3);

    await h.annotate(NS, NAME, { 'vitistack.io/reconcile-request': '2026-11-22T09:00:00Z' });
    await h.waitForCondition(NS, NAME, 'Ready', 'True');
    assert.equal(h.engine.count('up'), 4);
    const record = await stackRecord(h);
    assert.equal(record.failures, 0);
    assert.equal(record.lastHandledReconcileRequest, '2026-11-22T09:00:00Z');
  });

  it('new inputs restart the failure count of a stalled stack', async () => {
    const objs = await createMembers(h);
    h.engine.failNext('up', { times: 3 });
    await h.create(vitistackOf(objs));
    await h.waitForCondition(NS, NAME, 'Reconciling', 'True', 'OperationFailed');
    await h.advance(60_000);
    await h.waitFor(() => h.engine.count('up') === 2 || undefined, 'the second attempt');
    await h.advance(60_000);
    await h.waitForCondition(NS, NAME, 'Stalled', 'True', 'RetryLimitReached');
    await h.patch('Vitistack', NS, NAME, { spec: { description: 'fixed' } });
    await h.waitForCondition(NS, NAME, 'Ready', 'True');
    assert.equal(h.engine.count('up'), 4);
  });

  it('a stack locked by someone else is retried with backoff, not counted as a failure', async () => {
    const objs = await createMembers(h);
    h.engine.locks.set(STACK, 'alice@laptop (pid 4242)');
    await h.create(vitistackOf(objs));
    const locked = await h.waitForCondition(NS, NAME, 'Reconciling', 'True', 'StackLocked');
    assert.match(locked.message, /alice@laptop/);
    assert.ok((await h.eventReasons(NS)).includes('StackLocked'));
    h.engine.locks.delete(STACK);
    await h.advance(60_000);
    await h.waitForCondition(NS, NAME, 'Ready', 'True');
    assert.equal((await stackRecord(h)).failures, 0);
    assert.equal(h.engine.count('unlock'), 0, 'a lock someone else holds is never cleared');
  });

  it('a controller restarted mid-operation clears its lock and pending creates; no duplicate up', async () => {
    const objs = await createMembers(h);
    // The first controller dies during up: its lock and pending creates stay behind.
    const hang = h.engine.hangNext('up', { ignoreAbort: true });
    await h.create(vitistackOf(objs));
    await hang.started;
    const inProgress = (await stackRecord(h)).lastOperation as Record<string, unknown>;
    assert.equal(inProgress.result, 'in-progress');
    assert.equal(inProgress.holder, 'controller-0');
    void h.controller.stop(); // never finishes: the operation hangs, as in a dead process
    assert.ok(h.engine.locks.has(STACK));

    const restarted = await Harness.start({
      server: h.server,
      engine: h.engine,
      clock: h.clock,
      stateDir: h.stateDir,
      identity: 'controller-1',
    });
    try {
      await restarted.waitForCondition(NS, NAME, 'Ready', 'True');
      const after = h.engine.calls.slice(h.engine.calls.findIndex((c) => c.op === 'up') + 1);
      assert.deepEqual(
        after.filter((c) => c.op !== 'secretOutputs').map((c) => c.op),
        ['unlock', 'refresh', 'preview', 'up'],
      );
      assert.equal(after.find((c) => c.op === 'refresh')?.clearPendingCreates, true);
      const event = (await restarted.events(NS)).find(
        (e) => e.reason === 'PendingOperationsCleared',
      );
      assert.ok(event, 'an Event reports the recovery');
      assert.match(event.message ?? '', /The up started .* by controller-0 did not finish/);
      const last = (await stackRecord(restarted)).lastOperation as Record<string, unknown>;
      assert.equal(last.holder, 'controller-1');
      assert.equal(last.result, 'succeeded');
    } finally {
      await restarted.stop();
    }
  });

  it('a controller stopped mid-operation cancels it; the next refreshes before going on', async () => {
    const objs = await createMembers(h);
    const hang = h.engine.hangNext('up');
    await h.create(vitistackOf(objs));
    await hang.started;
    await h.controller.stop(); // SIGTERM: the operation is cancelled and recorded so
    const cancelled = (await stackRecord(h)).lastOperation as Record<string, unknown>;
    assert.equal(cancelled.result, 'cancelled');
    assert.equal(h.engine.locks.has(STACK), false, 'a cancelled operation releases its lock');

    const next = await Harness.start({
      server: h.server,
      engine: h.engine,
      clock: h.clock,
      stateDir: h.stateDir,
      identity: 'controller-1',
    });
    try {
      await next.waitForCondition(NS, NAME, 'Ready', 'True');
      const after = h.engine.calls.slice(h.engine.calls.findIndex((c) => c.op === 'up') + 1);
      assert.deepEqual(
        after.filter((c) => c.op !== 'secretOutputs').map((c) => c.op),
        ['refresh', 'preview', 'up'],
        'no unlock: nobody holds the lock',
      );
      const event = (await next.events(NS)).find((e) => e.reason === 'PendingOperationsCleared');
      assert.match(event?.message ?? '', /The up started .* by controller-0 was cancelled/);
    } finally {
      await next.stop();
    }
  });
});
