// The controller end to end against the fake API server: create, resync, updates, coalescing,
// a Machine removed, watches that break.
import { strict as assert } from 'node:assert';
import { awsSecrets, Harness, stackManifests } from './harness';
import { createReadyStack as createStack, NAME, NS, operations as ops, STACK } from './fixtures';

describe('controller: create, update, resync', function () {
  this.timeout(60_000);
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start();
  });
  afterEach(async () => {
    await h.stop();
  });

  it('create -> finalizer, preview + up -> Ready, outputs in every object status', async () => {
    await createStack(h);
    assert.deepEqual(ops(h), ['preview', 'up']);

    const v = await h.get('Vitistack', NS, NAME);
    assert.ok(v);
    assert.deepEqual((v.metadata as { finalizers?: string[] }).finalizers, ['vitistack.io/stack']);
    const status = v.status as Record<string, unknown>;
    assert.equal(status.phase, 'Ready');
    assert.equal(status.observedGeneration, 1);
    const stack = status.stack as Record<string, unknown>;
    assert.equal(stack.name, STACK);
    assert.equal(stack.appliedGeneration, 1);
    const last = stack.lastOperation as Record<string, unknown>;
    assert.equal(last.type, 'up');
    assert.equal(last.result, 'succeeded');
    assert.equal(last.generation, 1);
    assert.equal(last.holder, 'controller-0');
    assert.equal(last.inputsHash, stack.appliedInputsHash);
    assert.match(String(last.message), /^up succeeded: \d+ created$/);
    const networking = status.networking as { vpcs: { name: string; id: string }[] };
    const [vpc] = networking.vpcs;
    assert.ok(vpc);
    assert.equal(vpc.name, 'production-vpc');
    assert.match(vpc.id, /^vpc-/);
    const conditions = await h.conditions('Vitistack', NS, NAME);
    for (const type of ['Ready', 'ProvidersReady', 'NetworkingReady']) {
      assert.equal(conditions[type]?.status, 'True', type);
    }
    assert.equal(conditions.Reconciling?.status, 'False');
    assert.equal(conditions.Stalled?.status, 'False');

    const machine = await h.status('Machine', NS, 'app-server-1');
    assert.equal(machine.phase, 'Running');
    assert.match(
      (machine.machine as { id: string }).id,
      /^i-/,
      'the Machine status has its instance id',
    );
    assert.equal(machine.observedGeneration, 1);
    const mp = await h.status('MachineProvider', NS, 'aws-ec2-provider');
    assert.deepEqual(mp.instances, { total: 3, running: 3, pending: 0 });
    const kp = await h.status('KubernetesProvider', NS, 'aws-eks-provider');
    assert.equal((kp.cluster as { status: string }).status, 'ACTIVE');
    assert.deepEqual(kp.kubeconfigSecretRef, {
      name: 'aws-eks-provider-kubeconfig',
      key: 'kubeconfig',
    });

    const reasons = await h.eventReasons(NS);
    assert.deepEqual(reasons.filter((r) => r.startsWith('Operation')).sort(), [
      'OperationStarted',
      'OperationStarted',
      'OperationSucceeded',
      'OperationSucceeded',
    ]);
  });

  it('the kubeconfig goes into a Secret owned by the object that names it', async () => {
    await createStack(h);
    const provider = await h.get('KubernetesProvider', NS, 'aws-eks-provider');
    const secret = await h.core.readNamespacedSecret({
      namespace: NS,
      name: 'aws-eks-provider-kubeconfig',
    });
    const owner = secret.metadata?.ownerReferences?.[0];
    assert.ok(owner, 'the Secret has an owner');
    assert.equal(owner.kind, 'KubernetesProvider');
    assert.equal(owner.name, 'aws-eks-provider');
    assert.equal(owner.uid, (provider?.metadata as unknown as { uid: string }).uid);
    assert.equal(owner.controller, true);
    const kubeconfig = Buffer.from(secret.data?.kubeconfig ?? '', 'base64').toString('utf8');
    assert.match(kubeconfig, /^apiVersion: v1/m);
    assert.match(kubeconfig, /server: https:\/\//);
    // The status names the Secret, never its content.
    const kp = JSON.stringify(await h.get('KubernetesProvider', NS, 'aws-eks-provider'));
    assert.ok(!kp.includes('apiVersion: v1'), 'no kubeconfig in the provider status');
  });

  it('a resync with nothing changed calls no engine and writes no status', async () => {
    await createStack(h);
    const calls = h.engine.calls.length;
    h.server.resetRequests();
    await h.advance(600_000); // the resync interval
    await h.idle();
    assert.equal(h.engine.calls.length, calls, 'no engine call');
    const writes = h.server.requests.filter(
      (r) => r.verb !== undefined && !['get', 'list', 'watch'].includes(r.verb),
    );
    assert.deepEqual(writes, [], 'no writes to the API server');
  });

  it('a spec change runs one preview and one up, and moves observedGeneration', async () => {
    await createStack(h);
    const before = h.engine.calls.length;
    await h.patch('Machine', NS, 'app-server-1', { spec: { instanceType: 'm5.xlarge' } });
    await h.waitFor(async () => {
      const s = await h.status('Machine', NS, 'app-server-1');
      return s.observedGeneration === 2 || undefined;
    }, 'the Machine to be deployed at generation 2');
    await h.idle();
    assert.deepEqual(
      h.engine.calls
        .slice(before)
        .filter((c) => c.op !== 'secretOutputs')
        .map((c) => c.op),
      ['preview', 'up'],
    );
    const stack = (await h.status('Vitistack', NS, NAME)).stack as {
      lastOperation: { changeSummary: Record<string, number> };
    };
    assert.equal(stack.lastOperation.changeSummary.update, 1, 'one resource updated');
  });

  it('20 rapid edits while an up runs coalesce into one more reconcile', async () => {
    const objs = stackManifests(NAME);
    await h.createAll([...awsSecrets(), ...objs.filter((o) => o.kind !== 'Vitistack')]);
    const hang = h.engine.hangNext('up');
    await h.createAll(objs.filter((o) => o.kind === 'Vitistack'));
    await hang.started;
    for (let i = 0; i < 20; i++) {
      await h.patch('Vitistack', NS, NAME, { spec: { description: `edit ${String(i)}` } });
    }
    hang.release();
    const ready = await h.waitFor(async () => {
      const s = await h.status('Vitistack', NS, NAME);
      return s.observedGeneration === 21 ? s : undefined;
    }, 'generation 21 to be applied');
    await h.idle();
    assert.equal(ready.phase, 'Ready');
    assert.equal(h.engine.count('up'), 2, 'the first up, then one for all 20 edits');
    assert.equal(h.engine.count('preview'), 2);
  });

  it('a removed Machine is removed from the stack by the next up', async () => {
    await createStack(h);
    await h.remove('Machine', NS, 'app-server-2');
    const status = await h.waitFor(async () => {
      const s = await h.status('Vitistack', NS, NAME);
      const machines = (s.resources as { machines?: { total: number } } | undefined)?.machines;
      return machines?.total === 2 ? s : undefined;
    }, 'the Vitistack to count 2 machines');
    const summary = (status.stack as { lastOperation: { changeSummary: Record<string, number> } })
      .lastOperation.changeSummary;
    assert.ok((summary.delete ?? 0) >= 1, `resources deleted: ${JSON.stringify(summary)}`);
    const deployed = [...(h.engine.stacks.get(STACK)?.resources.keys() ?? [])];
    assert.ok(
      !deployed.some((urn) => urn.includes('app-server-2')),
      'no app-server-2 resource left',
    );
  });

  it('keeps watching across broken watches and 410 Gone (relist)', async () => {
    await createStack(h);
    h.server.closeWatches();
    await h.patch('Machine', NS, 'app-server-1', { spec: { instanceType: 'm5.xlarge' } });
    await h.waitFor(async () => {
      const s = await h.status('Machine', NS, 'app-server-1');
      return s.observedGeneration === 2 || undefined;
    }, 'the change after a broken watch');
    h.server.compactHistory();
    h.server.closeWatches();
    await h.patch('Machine', NS, 'app-server-1', { spec: { instanceType: 't3.micro' } });
    await h.waitFor(async () => {
      const s = await h.status('Machine', NS, 'app-server-1');
      return s.observedGeneration === 3 || undefined;
    }, 'the change after a 410 and relist');
  });
});
