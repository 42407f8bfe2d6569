import { strict as assert } from 'node:assert';
import { RecordingMocks, unwrap } from '../../../src/engine/mocks';
import type { VmNetworkPolicyArgs } from '../../../src/components/kubevirt/network-policy';
import { settle } from './helpers';

const POLICY = 'kubernetes:networking.k8s.io/v1:NetworkPolicy';
const SELECTOR = { 'vitistack.io/stack': 'apps.lab', 'vitistack.io/machine-provider': 'kv' };

function base(over: Partial<VmNetworkPolicyArgs> = {}): VmNetworkPolicyArgs {
  return { name: 'kv-vms', namespace: 'apps', podSelector: SELECTOR, ...over };
}

describe('VmNetworkPolicy', () => {
  const mocks = new RecordingMocks();
  let mod: typeof import('../../../src/components/kubevirt/network-policy');
  before(async () => {
    await mocks.install('vitistack', 'test');
    mod = await import('../../../src/components/kubevirt/network-policy.js');
  });

  it('restricts ingress to the rules and leaves egress open when egress is not given', async () => {
    const p = new mod.VmNetworkPolicy(
      'vms',
      base({
        ingress: [
          { peers: [{ cidr: '10.0.0.0/8' }], ports: [{ protocol: 'TCP', port: 22 }] },
          { peers: [], ports: [{ protocol: 'TCP', port: 8000, endPort: 8080 }] },
          { peers: [{ sameNamespace: true }, { namespace: 'monitoring' }], ports: [] },
        ],
      }),
    );
    await settle();
    const res = mocks.one(POLICY, 'vms-policy');
    assert.deepEqual(res.inputs.spec, {
      podSelector: { matchLabels: SELECTOR },
      policyTypes: ['Ingress'],
      ingress: [
        { from: [{ ipBlock: { cidr: '10.0.0.0/8' } }], ports: [{ protocol: 'TCP', port: 22 }] },
        { ports: [{ protocol: 'TCP', port: 8000, endPort: 8080 }] },
        {
          from: [
            { podSelector: {} },
            { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } },
          ],
        },
      ],
    });
    assert.equal(await unwrap(p.policyId), 'apps/kv-vms');
  });

  it('an empty egress list denies all outbound traffic', () => {
    assert.deepEqual(mod.networkPolicySpec(base({ egress: [] })), {
      podSelector: { matchLabels: SELECTOR },
      policyTypes: ['Egress'],
      egress: [],
    });
  });

  const bad: { name: string; args: Partial<VmNetworkPolicyArgs>; message: string }[] = [
    {
      name: 'an empty pod selector (it would select every pod of the namespace)',
      args: { podSelector: {}, ingress: [] },
      message: 'podSelector: is empty',
    },
    {
      name: 'a policy that restricts nothing',
      args: {},
      message: 'ingress, egress: neither is set',
    },
    {
      name: 'a bad CIDR',
      args: { ingress: [{ peers: [{ cidr: '10.0.0.1/8' }], ports: [] }] },
      message: 'ingress[0].peers[0].cidr: "10.0.0.1/8" is not a CIDR block',
    },
    {
      name: 'a port range that runs backwards',
      args: { egress: [{ peers: [], ports: [{ protocol: 'UDP', port: 60, endPort: 53 }] }] },
      message: 'egress[0].ports[0].endPort: 53 needs a port at or below it.',
    },
  ];
  for (const tc of bad) {
    it(`refuses ${tc.name}`, () => {
      const problems = mod.validateVmNetworkPolicyArgs(base(tc.args));
      assert.ok(
        problems.some((p) => p.startsWith(tc.message)),
        problems.join('\n'),
      );
      assert.throws(
        () => new mod.VmNetworkPolicy(`bad-${tc.name}`, base(tc.args)),
        /invalid arguments/,
      );
    });
  }
});
