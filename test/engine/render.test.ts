import { strict as assert } from 'node:assert';
import * as pulumi from '@pulumi/pulumi';
import { renderProgram } from '../../src/engine/render';

class Group extends pulumi.ComponentResource {
  readonly ids: pulumi.Output<string>[];
  constructor(name: string, count: number, opts?: pulumi.ComponentResourceOptions) {
    super('vitistack:test:Group', name, {}, opts);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const aws = require('@pulumi/aws') as typeof import('@pulumi/aws');
    this.ids = Array.from(
      { length: count },
      (_, i) =>
        new aws.ec2.Vpc(`${name}-vpc${i}`, { cidrBlock: `10.${i}.0.0/16` }, { parent: this }).id,
    );
    this.registerOutputs({ ids: this.ids });
  }
}

describe('renderProgram', () => {
  it('renders a program into a tree, counts and resolved outputs', async () => {
    const result = await renderProgram(
      () => {
        const g = new Group('net', 2);
        return { ids: g.ids, plain: 'x' };
      },
      { stack: 'prod.dc' },
    );
    assert.deepEqual(result.counts, { 'vitistack:test:Group': 1, 'aws:ec2/vpc:Vpc': 2 });
    assert.equal(result.tree.length, 1);
    assert.equal(result.tree[0]!.name, 'net');
    assert.deepEqual(
      result.tree[0]!.children.map((c) => c.name),
      ['net-vpc0', 'net-vpc1'],
    );
    assert.equal(result.outputs.plain, 'x');
    assert.equal(result.outputs.ids.length, 2);
    assert.match(result.outputs.ids[0]!, /^vpc-/);
  });

  it('a second render starts fresh and restores the stack trace limit', async () => {
    const before = Error.stackTraceLimit;
    const result = await renderProgram(() => new Group('other', 1).ids, { stack: 's2' });
    assert.deepEqual(result.counts, { 'vitistack:test:Group': 1, 'aws:ec2/vpc:Vpc': 1 });
    assert.equal(Error.stackTraceLimit, before);
    // The SDK's bookkeeping is back for whatever runs after the render (a real deployment).
    const resource = pulumi.Resource as unknown as { callsites: () => unknown[] };
    assert.ok(resource.callsites().length > 0, 'Resource.callsites is restored');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const debuggable = require('@pulumi/pulumi/runtime/debuggable') as {
      debuggablePromise: (p: Promise<number>, ctx: string) => Promise<number>;
    };
    const p = Promise.resolve(1);
    assert.notEqual(debuggable.debuggablePromise(p, 'test'), p, 'leak tracking is restored');
  });
});
