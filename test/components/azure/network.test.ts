import { strict as assert } from 'node:assert';
import type { NetworkArgs } from '../../../src/components/azure/network';
import { RecordingMocks, unwrap } from '../../../src/engine/mocks';
import { settle } from './settle';

const T = {
  vnet: 'azure-native:network:VirtualNetwork',
  subnet: 'azure-native:network:Subnet',
  nat: 'azure-native:network:NatGateway',
  ip: 'azure-native:network:PublicIPAddress',
} as const;

function args(over: Partial<NetworkArgs> = {}): NetworkArgs {
  return {
    resourceGroupName: 'rg-test',
    location: 'westus2',
    vnet: {
      name: 'main',
      cidr: '10.0.0.0/16',
      subnets: [
        { name: 'web', cidr: '10.0.1.0/24', type: 'public' },
        { name: 'app', cidr: '10.0.2.0/24', type: 'private' },
        { name: 'db', cidr: '10.0.3.0/24', type: 'database' },
      ],
    },
    networkSecurityGroupId:
      '/subscriptions/s/resourceGroups/rg-test/providers/Microsoft.Network/networkSecurityGroups/nsg',
    tags: { 'vitistack.io/stack': 'ns.main', team: 'platform' },
    ...over,
  };
}

describe('azure Network', () => {
  const mocks = new RecordingMocks('westus2');
  let mod: typeof import('../../../src/components/azure/network');
  before(async () => {
    await mocks.install('vitistack', 'test');
    mod = await import('../../../src/components/azure/network.js');
  });

  describe('a VNet with a public, a private and a database subnet', () => {
    let net: InstanceType<typeof mod.Network>;
    before(async () => {
      net = new mod.Network('net', args());
      await settle();
    });

    it('makes the VNet with its address space and Azure tag names', () => {
      const vnet = mocks.one(T.vnet, 'net').inputs;
      assert.equal(vnet.virtualNetworkName, 'main');
      assert.deepEqual(vnet.addressSpace, { addressPrefixes: ['10.0.0.0/16'] });
      assert.equal(vnet.location, 'westus2');
      // Subnets are separate resources; the VNet leaves them alone.
      assert.equal(vnet.subnets, undefined);
      assert.deepEqual(vnet.tags, { 'vitistack.io-stack': 'ns.main', team: 'platform' });
    });

    it('sends the public and private subnets out through one NAT gateway with a static IP, the database subnet nowhere', () => {
      const nat = mocks.one(T.nat, 'net-nat');
      const ip = mocks.one(T.ip, 'net-nat-ip');
      assert.deepEqual(nat.inputs.publicIpAddresses, [{ id: ip.id }]);
      assert.deepEqual(ip.inputs.sku, { name: 'Standard', tier: 'Regional' });
      assert.equal(ip.inputs.publicIPAllocationMethod, 'Static');
      const natOf = (s: string) => mocks.one(T.subnet, `net-${s}`).inputs.natGateway;
      assert.deepEqual(natOf('web'), { id: nat.id });
      assert.deepEqual(natOf('app'), { id: nat.id });
      assert.equal(natOf('db'), undefined);
      for (const s of ['web', 'app', 'db']) {
        assert.equal(mocks.one(T.subnet, `net-${s}`).inputs.defaultOutboundAccess, false, s);
      }
    });

    it('puts the network security group on every subnet', () => {
      for (const s of ['web', 'app', 'db']) {
        assert.deepEqual(
          mocks.one(T.subnet, `net-${s}`).inputs.networkSecurityGroup,
          { id: args().networkSecurityGroupId },
          s,
        );
      }
    });

    it('creates the subnets one after the other (Azure refuses concurrent subnet changes)', () => {
      const web = mocks.one(T.subnet, 'net-web');
      const app = mocks.one(T.subnet, 'net-app');
      const db = mocks.one(T.subnet, 'net-db');
      assert.ok(app.dependencies.includes(web.urn));
      assert.ok(db.dependencies.includes(app.urn));
      assert.ok(!web.dependencies.includes(app.urn));
    });

    it('outputs the subnet ids by name and type', async () => {
      const web = mocks.one(T.subnet, 'net-web').id;
      assert.match(web ?? '', /\/virtualNetworks\/main\/subnets\/web$/);
      assert.equal(await unwrap(net.subnetIds.web ?? ''), web);
      assert.deepEqual(await unwrap(net.publicSubnetIds[0] ?? ''), web);
      assert.equal(net.privateSubnetIds.length, 1);
      assert.equal(net.databaseSubnetIds.length, 1);
      assert.match(await unwrap(net.natPublicIp ?? ''), /^\d+\.\d+\.\d+\.\d+$/);
    });
  });

  it('builds no NAT gateway for a VNet of database subnets only', async () => {
    new mod.Network(
      'dbonly',
      args({
        vnet: {
          name: 'dbonly',
          cidr: '10.9.0.0/16',
          subnets: [{ name: 'db', cidr: '10.9.1.0/24', type: 'database' }],
        },
      }),
    );
    await settle();
    assert.ok(mocks.byType(T.vnet).some((r) => r.name === 'dbonly'));
    assert.deepEqual(
      mocks.byType(T.nat).filter((r) => r.name.startsWith('dbonly')),
      [],
    );
  });

  const invalid: { name: string; over: Partial<NetworkArgs>; want: string[] }[] = [
    {
      name: 'a subnet outside the VNet and one smaller than Azure allows',
      over: {
        vnet: {
          name: 'main',
          cidr: '10.0.0.0/16',
          subnets: [
            { name: 'out', cidr: '10.1.0.0/24', type: 'private' },
            { name: 'tiny', cidr: '10.0.0.0/30', type: 'private' },
          ],
        },
      },
      want: [
        'vnet.subnets[0].cidr: "10.1.0.0/24" is not inside the VNet address space "10.0.0.0/16"; every subnet of VNet "main" must lie within it.',
        'vnet.subnets[1].cidr: "10.0.0.0/30" is smaller than /29, the smallest subnet Azure allows (it reserves 5 addresses in each); use a /29 or larger block.',
      ],
    },
    {
      name: 'a logical region as the location',
      over: { location: 'west-us-2' },
      want: [
        'location: "west-us-2" is not an Azure location name; use the lowercase form without spaces or dashes, like "eastus" or "westeurope".',
      ],
    },
  ];
  for (const tc of invalid) {
    it(`refuses ${tc.name}`, () => {
      assert.deepEqual(mod.validateNetworkArgs(args(tc.over)), tc.want);
      assert.throws(
        () => new mod.Network('bad', args(tc.over)),
        /Network "bad" has invalid arguments/,
      );
    });
  }
});
