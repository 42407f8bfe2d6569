// Deletion: Delete destroys then lets the Vitistack go; a failed destroy keeps the finalizer;
// Retain lets it go without destroying.
import { strict as assert } from 'node:assert';
import { Harness } from './harness';
import { createReadyStack, NAME, NS, STACK } from './fixtures';

describe('controller: deletion', function () {
  this.timeout(60_000);
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start();
  });
  afterEach(async () => {
    await h.stop();
  });

  it('Delete (default): destroy with remove, then the finalizer goes and so does the object', async () => {
    await createReadyStack(h);
    assert.ok(h.engine.stacks.has(STACK));
    await h.remove('Vitistack', NS, NAME);
    await h.waitFor(
      async () => (await h.get('Vitistack', NS, NAME)) === undefined || undefined,
      'the Vitistack to be gone',
    );
    const destroy = h.engine.calls.find((c) => c.op === 'destroy');
    assert.ok(destroy);
    assert.equal(destroy.remove, true);
    assert.equal(h.engine.stacks.has(STACK), false, 'the stack was destroyed and removed');
    // The kubeconfig Secret is owned by the KubernetesProvider, which stays.
    assert.ok(
      await h.core.readNamespacedSecret({ namespace: NS, name: 'aws-eks-provider-kubeconfig' }),
    );
  });

  it('a failed destroy keeps the finalizer and says why; the retry succeeds', async () => {
    await createReadyStack(h);
    h.engine.failNext('destroy', { message: 'deleting VPC: DependencyViolation' });
    await h.remove('Vitistack', NS, NAME);
    const ready = await h.waitForCondition(NS, NAME, 'Ready', 'False', 'DestroyFailed');
    assert.match(
      ready.message,
      /destroy of stack production\.aws-production failed: deleting VPC: DependencyViolation/,
    );
    assert.match(ready.message, /vitistack\.io\/deletion-policy: Retain/);
    const v = await h.get('Vitistack', NS, NAME);
    assert.ok(v, 'the Vitistack is kept');
    assert.deepEqual((v.metadata as { finalizers?: string[] }).finalizers, ['vitistack.io/stack']);
    assert.equal((v.status as { phase?: string }).phase, 'Deleting');
    assert.ok((await h.eventReasons(NS)).includes('OperationFailed'));
    assert.ok(h.engine.stacks.has(STACK));

    await h.advance(60_000);
    await h.waitFor(
      async () => (await h.get('Vitistack', NS, NAME)) === undefined || undefined,
      'the retried destroy to let it go',
    );
    assert.equal(h.engine.count('destroy'), 2);
  });

  it('Retain: the finalizer goes without a destroy; the stack stays', async () => {
    await createReadyStack(h);
    await h.annotate(NS, NAME, { 'vitistack.io/deletion-policy': 'Retain' });
    await h.idle();
    const calls = h.engine.calls.length;
    await h.remove('Vitistack', NS, NAME);
    await h.waitFor(
      async () => (await h.get('Vitistack', NS, NAME)) === undefined || undefined,
      'the Vitistack to be gone',
    );
    assert.equal(h.engine.count('destroy'), 0);
    assert.equal(h.engine.calls.length, calls, 'no engine call at all');
    assert.ok(h.engine.stacks.has(STACK), 'the stack and its resources stay');
    const retained = (await h.events(NS)).find((e) => e.reason === 'StackRetained');
    assert.match(
      retained?.message ?? '',
      /Stack production\.aws-production and its resources are kept/,
    );
  });
});
