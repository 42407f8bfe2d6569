// What the controller sees: sharding by label, Secrets a stack waits for, watches that fail.
import { strict as assert } from 'node:assert';
import { awsSecrets, Harness, stackManifests } from './harness';
import { NAME, NS, operations, vitistackOf } from './fixtures';

describe('controller: watching', function () {
  this.timeout(60_000);
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  it('--label-selector: only matching Vitistacks are reconciled; their members need no label', async () => {
    const hh = await Harness.start({ labelSelector: 'vitistack.io/shard=a' });
    h = hh;
    const objs = stackManifests(NAME);
    await hh.createAll([...awsSecrets(), ...objs.filter((o) => o.kind !== 'Vitistack')]);
    const v = vitistackOf(objs);
    await hh.create({ ...v, metadata: { ...v.metadata, name: 'other-shard' } });
    await hh.create({
      ...v,
      metadata: { ...v.metadata, labels: { 'vitistack.io/shard': 'a' } },
    });
    await hh.waitForCondition(NS, NAME, 'Ready', 'True');
    await hh.idle();
    const other = await hh.get('Vitistack', NS, 'other-shard');
    assert.equal(other?.status, undefined, 'the other shard is untouched');
    assert.equal((other?.metadata as { finalizers?: string[] }).finalizers, undefined);
    assert.deepEqual(operations(hh), ['preview', 'up']);
  });

  it('a missing credentials Secret is DependencyNotReady; creating it deploys the stack', async () => {
    const hh = await Harness.start();
    h = hh;
    const objs = stackManifests(NAME);
    const [credentials, grafana] = awsSecrets();
    assert.ok(credentials && grafana);
    await hh.createAll([grafana, ...objs.filter((o) => o.kind !== 'Vitistack')]);
    await hh.create(vitistackOf(objs));
    const c = await hh.waitForCondition(NS, NAME, 'Stalled', 'True', 'DependencyNotReady');
    assert.match(c.message, /aws-credentials/);
    await hh.idle();
    assert.deepEqual(operations(hh), []);
    await hh.create(credentials);
    await hh.waitForCondition(NS, NAME, 'Ready', 'True');
    assert.deepEqual(operations(hh), ['preview', 'up']);
  });

  it('a watch that fails is restarted after a backoff, and relists', async () => {
    const hh = await Harness.start();
    h = hh;
    const objs = stackManifests(NAME);
    await hh.createAll([...awsSecrets(), ...objs.filter((o) => o.kind !== 'Vitistack')]);
    // Every Vitistack watch and its relist fail until the backoff has passed.
    hh.server.failNext({ verb: 'watch', plural: 'vitistacks', code: 500, times: 1 });
    hh.server.failNext({ verb: 'list', plural: 'vitistacks', code: 500, times: 1 });
    hh.server.compactHistory();
    hh.server.closeWatches();
    await hh.create(vitistackOf(objs));
    await hh.waitFor(
      () =>
        hh.logs.lines.some((l) => l.includes('watch failed; restarting after backoff')) ||
        undefined,
      'the failure to be logged',
    );
    assert.equal((await hh.get('Vitistack', NS, NAME))?.status, undefined, 'not seen yet');
    await hh.advance(60_000);
    await hh.waitForCondition(NS, NAME, 'Ready', 'True');
  });
});
