import { strict as assert } from 'node:assert';
import { RecordingMocks, unwrap } from '../../../src/engine/mocks';
import type { NetworkAttachmentArgs } from '../../../src/components/kubevirt/network-attachment';
import { settle } from './helpers';

const NAD = 'kubernetes:k8s.cni.cncf.io/v1:NetworkAttachmentDefinition';

function base(over: Partial<NetworkAttachmentArgs> = {}): NetworkAttachmentArgs {
  return { name: 'web-1-eth0', namespace: 'apps', bridge: 'br0', ...over };
}

describe('NetworkAttachment', () => {
  const mocks = new RecordingMocks();
  let mod: typeof import('../../../src/components/kubevirt/network-attachment');
  before(async () => {
    await mocks.install('vitistack', 'test');
    mod = await import('../../../src/components/kubevirt/network-attachment.js');
  });

  it('bridges onto the VLAN at the MTU with the static address, its route and DNS', async () => {
    const nad = new mod.NetworkAttachment(
      'web-eth0',
      base({
        vlan: 200,
        mtu: 9000,
        ipam: {
          address: '10.20.0.20/24',
          gateway: '10.20.0.1',
          dnsServers: ['10.20.0.2'],
          searchDomains: ['lab.example'],
        },
        labels: { 'vitistack.io/stack': 'apps.lab' },
      }),
    );
    await settle();
    const res = mocks.one(NAD, 'web-eth0-nad');
    assert.deepEqual(res.inputs.metadata, {
      name: 'web-1-eth0',
      namespace: 'apps',
      labels: { 'vitistack.io/stack': 'apps.lab' },
    });
    const config = JSON.parse((res.inputs.spec as { config: string }).config) as unknown;
    assert.deepEqual(config, {
      cniVersion: '0.3.1',
      name: 'web-1-eth0',
      type: 'bridge',
      bridge: 'br0',
      vlan: 200,
      // Only the tagged VLAN reaches the VM, not the bridge's default VLAN 1 too.
      preserveDefaultVlan: false,
      mtu: 9000,
      isGateway: false,
      ipMasq: false,
      ipam: {
        type: 'static',
        addresses: [{ address: '10.20.0.20/24', gateway: '10.20.0.1' }],
        routes: [{ dst: '0.0.0.0/0', gw: '10.20.0.1' }],
        dns: { nameservers: ['10.20.0.2'], search: ['lab.example'] },
      },
    });
    assert.equal(await unwrap(nad.networkName), 'apps/web-1-eth0');
  });

  it('has no IPAM at all without a static address (the guest runs DHCP on the VLAN)', async () => {
    new mod.NetworkAttachment('dhcp-eth0', base({ name: 'dhcp-1-eth0', vlan: 100 }));
    await settle();
    const config = JSON.parse(
      (mocks.one(NAD, 'dhcp-eth0-nad').inputs.spec as { config: string }).config,
    ) as Record<string, unknown>;
    assert.deepEqual(config.ipam, {});
    assert.equal(config.vlan, 100);
    assert.equal(config.mtu, undefined);
  });

  it('routes IPv6 through the gateway with ::/0', () => {
    const config = mod.bridgeCniConfig(
      base({ ipam: { address: 'fd00:20::14/64', gateway: 'fd00:20::1' } }),
    ) as { ipam: { routes: unknown } };
    assert.deepEqual(config.ipam.routes, [{ dst: '::/0', gw: 'fd00:20::1' }]);
  });

  const bad: { name: string; args: Partial<NetworkAttachmentArgs>; message: string }[] = [
    {
      name: 'VLAN 4095',
      args: { vlan: 4095 },
      message: 'vlan: 4095 is not a VLAN ID; use 1 to 4094.',
    },
    { name: 'MTU 100', args: { mtu: 100 }, message: 'mtu: 100 is outside 576-9216.' },
    {
      name: 'a bridge name over 15 characters',
      args: { bridge: 'bridge-for-vlan-200' },
      message: 'bridge: "bridge-for-vlan-200" is not a Linux interface name',
    },
    {
      name: 'an address without prefix',
      args: { ipam: { address: '10.0.0.5' } },
      message: 'ipam.address: "10.0.0.5" is not an address with a prefix length',
    },
    {
      name: 'a gateway outside the subnet',
      args: { ipam: { address: '10.0.0.5/24', gateway: '10.0.1.1' } },
      message: 'ipam.gateway: 10.0.1.1 is outside 10.0.0.5/24',
    },
  ];
  for (const tc of bad) {
    it(`refuses ${tc.name}`, () => {
      const problems = mod.validateNetworkAttachmentArgs(base(tc.args));
      assert.equal(problems.length, 1, problems.join('\n'));
      assert.ok(problems[0]?.startsWith(tc.message), problems[0]);
      assert.throws(
        () => new mod.NetworkAttachment(`bad-${tc.name}`, base(tc.args)),
        (e: Error) => e.message.includes(tc.message),
      );
    });
  }
});
