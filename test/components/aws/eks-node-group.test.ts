import { strict as assert } from 'node:assert';
import { RecordingMocks, unwrap } from '../../../src/engine/mocks';
import { settle } from './settle';
import type { EksNodeGroupArgs } from '../../../src/components/aws/eks-node-group';

const NODE_GROUP = 'aws:eks/nodeGroup:NodeGroup';
const ATTACH = 'aws:iam/rolePolicyAttachment:RolePolicyAttachment';

function base(over: Partial<EksNodeGroupArgs> = {}): EksNodeGroupArgs {
  return {
    clusterName: 'production-cluster',
    nodeGroupName: 'system-nodes',
    instanceTypes: ['m5.large', 'm5.xlarge'],
    scaling: { min: 1, max: 10, desired: 3 },
    subnetIds: ['subnet-12345678', 'subnet-87654321'],
    tags: { team: 'platform' },
    ...over,
  };
}

describe('EksNodeGroup', () => {
  const mocks = new RecordingMocks('us-west-2');
  let mod: typeof import('../../../src/components/aws/eks-node-group');
  before(async () => {
    await mocks.install('vitistack', 'test');
    mod = await import('../../../src/components/aws/eks-node-group.js');
  });

  describe('a group with its own role, labels, taints and SSH access', () => {
    let g: InstanceType<typeof mod.EksNodeGroup>;
    before(async () => {
      g = new mod.EksNodeGroup(
        'sys',
        base({
          amiType: 'AL2_x86_64',
          labels: { 'node-type': 'system', environment: 'production' },
          taints: [
            { key: 'node-type', value: 'system', effect: 'NoSchedule' },
            { key: 'gpu', effect: 'PreferNoSchedule' },
            { key: 'drain', value: 'now', effect: 'NoExecute' },
          ],
          remoteAccess: { ec2SshKey: 'my-key-pair', sourceSecurityGroupIds: ['sg-12345678'] },
          diskSize: 50,
        }),
      );
      await settle();
    });

    it('sets scaling, update config, labels and EKS-spelled taints', () => {
      const ng = mocks.one(NODE_GROUP, 'sys-nodes');
      assert.equal(ng.inputs.clusterName, 'production-cluster');
      assert.equal(ng.inputs.nodeGroupName, 'system-nodes');
      assert.deepEqual(ng.inputs.scalingConfig, { minSize: 1, maxSize: 10, desiredSize: 3 });
      assert.deepEqual(ng.inputs.updateConfig, { maxUnavailable: 1 });
      assert.deepEqual(ng.inputs.instanceTypes, ['m5.large', 'm5.xlarge']);
      assert.equal(ng.inputs.capacityType, 'ON_DEMAND');
      assert.equal(ng.inputs.amiType, 'AL2_x86_64');
      assert.equal(ng.inputs.diskSize, 50);
      assert.deepEqual(ng.inputs.labels, { 'node-type': 'system', environment: 'production' });
      assert.deepEqual(ng.inputs.taints, [
        { key: 'node-type', value: 'system', effect: 'NO_SCHEDULE' },
        { key: 'gpu', effect: 'PREFER_NO_SCHEDULE' },
        { key: 'drain', value: 'now', effect: 'NO_EXECUTE' },
      ]);
      assert.deepEqual(ng.inputs.remoteAccess, {
        ec2SshKey: 'my-key-pair',
        sourceSecurityGroupIds: ['sg-12345678'],
      });
      assert.deepEqual(ng.inputs.subnetIds, ['subnet-12345678', 'subnet-87654321']);
      assert.deepEqual(ng.inputs.tags, { team: 'platform', Name: 'system-nodes' });
    });

    it('creates a node role with the three worker policies and waits for them', () => {
      const role = mocks.one('aws:iam/role:Role', 'sys-node-role');
      const trust = JSON.parse(role.inputs.assumeRolePolicy as string) as {
        Statement: { Principal: unknown }[];
      };
      assert.deepEqual(trust.Statement[0]?.Principal, { Service: 'ec2.amazonaws.com' });
      const attachments = mocks.byType(ATTACH).filter((a) => a.name.startsWith('sys-'));
      assert.deepEqual(attachments.map((a) => a.inputs.policyArn).sort(), [
        'arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly',
        'arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy',
        'arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy',
      ]);
      for (const a of attachments) assert.equal(a.inputs.role, role.id);
      const ng = mocks.one(NODE_GROUP, 'sys-nodes');
      assert.equal(ng.inputs.nodeRoleArn, role.state.arn);
      for (const a of attachments) assert.ok(ng.dependencies.includes(a.urn), a.name);
    });

    it('parents its resources and reports outputs', async () => {
      const comp = mocks.one('vitistack:aws:EksNodeGroup', 'sys').urn;
      for (const r of mocks.resources.filter((r) => r.name.startsWith('sys-'))) {
        assert.equal(r.parent, comp, r.name);
      }
      assert.equal(await unwrap(g.status), 'ACTIVE');
      assert.equal(await unwrap(g.nodeGroupName), 'system-nodes');
      assert.deepEqual(await unwrap(g.scaling), { min: 1, max: 10, desired: 3 });
    });
  });

  it('uses a given role and creates no IAM resources', async () => {
    const g = new mod.EksNodeGroup(
      'spot',
      base({
        nodeGroupName: 'worker-nodes',
        capacityType: 'SPOT',
        autoscaled: true,
        nodeRoleArn: 'arn:aws:iam::123456789012:role/nodes',
      }),
    );
    await unwrap(g.status);
    await settle();
    const ng = mocks.one(NODE_GROUP, 'spot-nodes');
    assert.equal(ng.inputs.capacityType, 'SPOT');
    assert.equal(ng.inputs.nodeRoleArn, 'arn:aws:iam::123456789012:role/nodes');
    assert.equal(
      mocks.resources.filter((r) => r.name.startsWith('spot-') && r.type.startsWith('aws:iam'))
        .length,
      0,
    );
  });

  describe('validateEksNodeGroupArgs', () => {
    const cases: { name: string; over: Partial<EksNodeGroupArgs>; want: string[] }[] = [
      { name: 'valid', over: {}, want: [] },
      {
        name: 'desired outside min..max',
        over: { scaling: { min: 3, max: 4, desired: 2 } },
        want: [
          'scaling: min 3, desired 2, max 4 must satisfy min <= desired <= max; adjust the sizes.',
        ],
      },
      {
        name: 'negative and zero sizes',
        over: { scaling: { min: -1, max: 0, desired: 0 } },
        want: [
          'scaling.min: -1 is not a whole number >= 0; give a node count.',
          'scaling.max: 0 must be at least 1.',
        ],
      },
      {
        name: 'no instance types',
        over: { instanceTypes: [] },
        want: ['instanceTypes: is empty; give at least one instance type, e.g. ["m5.large"].'],
      },
      {
        name: 'bad taint effect and duplicate taint',
        over: {
          taints: [
            { key: 'a', effect: 'NoSchedule' },
            { key: 'a', effect: 'NoSchedule' },
            { key: 'b', effect: 'NO_SCHEDULE' as never },
          ],
        },
        want: [
          'taints[1]: key "a" with effect NoSchedule is listed twice; keep one.',
          'taints[2].effect: "NO_SCHEDULE" is not allowed; use NoSchedule, PreferNoSchedule, NoExecute.',
        ],
      },
      {
        name: 'SSH open to the world is refused',
        over: { remoteAccess: { ec2SshKey: 'k', sourceSecurityGroupIds: [] } },
        want: [
          'remoteAccess.sourceSecurityGroupIds: is empty, which would open SSH to 0.0.0.0/0; list the security groups allowed to connect.',
        ],
      },
      {
        name: 'bad name and disk size',
        over: { nodeGroupName: '-x', diskSize: 0 },
        want: [
          'nodeGroupName: "-x" is not a valid node group name; use 1 to 63 letters, digits, "-" and "_", starting with a letter or digit.',
          'diskSize: 0 must be a whole number of GiB greater than 0.',
        ],
      },
    ];
    for (const tc of cases) {
      it(tc.name, () => {
        assert.deepEqual(mod.validateEksNodeGroupArgs(base(tc.over)), tc.want);
      });
    }

    it('the constructor throws before creating anything', () => {
      const n = mocks.resources.length;
      assert.throws(
        () => new mod.EksNodeGroup('bad', base({ instanceTypes: [] })),
        /^Error: EksNodeGroup "system-nodes" has invalid arguments:\n {2}- instanceTypes: is empty/,
      );
      assert.equal(mocks.resources.length, n);
    });
  });
});
