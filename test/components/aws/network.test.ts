import { strict as assert } from 'node:assert';
import * as aws from '@pulumi/aws';
import { RecordingMocks, unwrap } from '../../../src/engine/mocks';
import type { NetworkArgs } from '../../../src/components/aws/network';
import { settle } from './settle';

const T = {
  component: 'vitistack:aws:Network',
  vpc: 'aws:ec2/vpc:Vpc',
  subnet: 'aws:ec2/subnet:Subnet',
  igw: 'aws:ec2/internetGateway:InternetGateway',
  eip: 'aws:ec2/eip:Eip',
  nat: 'aws:ec2/natGateway:NatGateway',
  rt: 'aws:ec2/routeTable:RouteTable',
  route: 'aws:ec2/route:Route',
  rta: 'aws:ec2/routeTableAssociation:RouteTableAssociation',
} as const;

/** Spec 003, scenario 1: one public subnet in 2a, private subnets in 2a and 2b. */
const SCENARIO: NetworkArgs = {
  vpc: {
    name: 'production-vpc',
    cidr: '10.0.0.0/16',
    subnets: [
      {
        name: 'public-subnet-1',
        cidr: '10.0.1.0/24',
        type: 'public',
        availabilityZone: 'us-west-2a',
      },
      {
        name: 'private-subnet-1',
        cidr: '10.0.2.0/24',
        type: 'private',
        availabilityZone: 'us-west-2a',
      },
      {
        name: 'private-subnet-2',
        cidr: '10.0.3.0/24',
        type: 'private',
        availabilityZone: 'us-west-2b',
      },
    ],
  },
  tags: { 'vitistack.io/stack': 'production.aws-production' },
};

/** Routes of a route table: destination -> target id. */
function routesOf(mocks: RecordingMocks, table: string): Record<string, unknown> {
  const rt = mocks.one(T.rt, table);
  const out: Record<string, unknown> = {};
  for (const r of mocks.byType(T.route).filter((x) => x.inputs.routeTableId === rt.id)) {
    out[String(r.inputs.destinationCidrBlock)] = r.inputs.gatewayId ?? r.inputs.natGatewayId;
  }
  return out;
}

/** Table name each subnet is associated with. */
function tableOf(mocks: RecordingMocks, subnet: string): string | undefined {
  const sn = mocks.one(T.subnet, subnet);
  const assoc = mocks.byType(T.rta).find((a) => a.inputs.subnetId === sn.id);
  return mocks.byType(T.rt).find((t) => t.id === assoc?.inputs.routeTableId)?.name;
}

describe('Network', () => {
  const mocks = new RecordingMocks('us-west-2');
  let mod: typeof import('../../../src/components/aws/network');
  before(async () => {
    await mocks.install('vitistack', 'test');
    mod = await import('../../../src/components/aws/network.js');
  });

  describe('spec 003 scenario: private zones without a public subnet of their own', () => {
    let net: InstanceType<typeof mod.Network>;
    before(async () => {
      const provider = new aws.Provider('prod-aws', { region: 'us-west-2' });
      net = new mod.Network('prod', SCENARIO, { provider });
      await settle();
    });

    it('creates the VPC with DNS support and tagged with the stack and its Name', () => {
      const vpc = mocks.one(T.vpc, 'prod');
      assert.equal(vpc.inputs.cidrBlock, '10.0.0.0/16');
      assert.equal(vpc.inputs.enableDnsHostnames, true);
      assert.equal(vpc.inputs.enableDnsSupport, true);
      assert.deepEqual(vpc.inputs.tags, {
        'vitistack.io/stack': 'production.aws-production',
        Name: 'prod',
      });
    });

    it('places each subnet in its zone; only public ones map public IPs', () => {
      const expected = [
        ['prod-public-subnet-1', '10.0.1.0/24', 'us-west-2a', true, 'kubernetes.io/role/elb'],
        [
          'prod-private-subnet-1',
          '10.0.2.0/24',
          'us-west-2a',
          false,
          'kubernetes.io/role/internal-elb',
        ],
        [
          'prod-private-subnet-2',
          '10.0.3.0/24',
          'us-west-2b',
          false,
          'kubernetes.io/role/internal-elb',
        ],
      ] as const;
      const vpc = mocks.one(T.vpc, 'prod');
      for (const [name, cidr, az, pub, roleTag] of expected) {
        const sn = mocks.one(T.subnet, name);
        assert.equal(sn.inputs.vpcId, vpc.id);
        assert.equal(sn.inputs.cidrBlock, cidr);
        assert.equal(sn.inputs.availabilityZone, az);
        assert.equal(sn.inputs.mapPublicIpOnLaunch, pub, name);
        const tags = sn.inputs.tags as Record<string, string>;
        assert.equal(tags.Name, name);
        assert.equal(tags[roleTag], '1');
      }
    });

    it('puts one NAT gateway (with an Elastic IP) in the public subnet of 2a', () => {
      assert.equal(mocks.byType(T.nat).filter((n) => n.name.startsWith('prod-')).length, 1);
      const nat = mocks.one(T.nat, 'prod-nat-us-west-2a');
      const eip = mocks.one(T.eip, 'prod-nat-us-west-2a-eip');
      assert.equal(nat.inputs.subnetId, mocks.one(T.subnet, 'prod-public-subnet-1').id);
      assert.equal(nat.inputs.allocationId, eip.id);
      assert.equal(eip.inputs.domain, 'vpc');
      const igw = mocks.one(T.igw, 'prod-igw');
      assert.ok(nat.dependencies.includes(igw.urn), 'the NAT waits for the internet gateway');
    });

    it('routes public traffic to the IGW and both private zones through the NAT', () => {
      const igw = mocks.one(T.igw, 'prod-igw');
      const nat = mocks.one(T.nat, 'prod-nat-us-west-2a');
      assert.deepEqual(routesOf(mocks, 'prod-public-rt'), { '0.0.0.0/0': igw.id });
      assert.deepEqual(routesOf(mocks, 'prod-private-us-west-2a-rt'), { '0.0.0.0/0': nat.id });
      // 2b has no public subnet: its private table crosses to the NAT in 2a.
      assert.deepEqual(routesOf(mocks, 'prod-private-us-west-2b-rt'), { '0.0.0.0/0': nat.id });
      assert.equal(tableOf(mocks, 'prod-public-subnet-1'), 'prod-public-rt');
      assert.equal(tableOf(mocks, 'prod-private-subnet-1'), 'prod-private-us-west-2a-rt');
      assert.equal(tableOf(mocks, 'prod-private-subnet-2'), 'prod-private-us-west-2b-rt');
    });

    it('forms a tree under the component and passes the provider down', () => {
      const component = mocks.one(T.component, 'prod');
      const vpc = mocks.one(T.vpc, 'prod');
      const pub = mocks.one(T.subnet, 'prod-public-subnet-1');
      const rt = mocks.one(T.rt, 'prod-public-rt');
      assert.equal(vpc.parent, component.urn);
      assert.equal(pub.parent, vpc.urn);
      assert.equal(mocks.one(T.igw, 'prod-igw').parent, vpc.urn);
      assert.equal(rt.parent, vpc.urn);
      assert.equal(mocks.one(T.nat, 'prod-nat-us-west-2a').parent, pub.urn);
      assert.equal(mocks.one(T.eip, 'prod-nat-us-west-2a-eip').parent, pub.urn);
      assert.equal(mocks.one(T.rta, 'prod-public-subnet-1-rta').parent, pub.urn);
      assert.equal(mocks.one(T.route, 'prod-public-rt-internet').parent, rt.urn);
      const children = mocks.resources.filter(
        (r) => r.custom && r.name.startsWith('prod-') && r.type !== 'pulumi:providers:aws',
      );
      assert.ok(children.length > 10);
      for (const r of children) assert.match(r.provider ?? '', /prod-aws/, r.name);
    });

    it('outputs ids by name, by type, NATs by zone and the IGW', async () => {
      const [vpcId, cidr, subnetIds, privates, nats, igwId, tables] = await Promise.all([
        unwrap(net.vpcId),
        unwrap(net.cidr),
        unwrap(net.subnetIds),
        unwrap(net.privateSubnetIds),
        unwrap(net.natGatewayIds),
        unwrap(net.internetGatewayId),
        unwrap(net.routeTableIds),
      ]);
      assert.equal(vpcId, mocks.one(T.vpc, 'prod').id);
      assert.equal(cidr, '10.0.0.0/16');
      assert.deepEqual(subnetIds, {
        'public-subnet-1': mocks.one(T.subnet, 'prod-public-subnet-1').id,
        'private-subnet-1': mocks.one(T.subnet, 'prod-private-subnet-1').id,
        'private-subnet-2': mocks.one(T.subnet, 'prod-private-subnet-2').id,
      });
      assert.deepEqual(privates, [subnetIds['private-subnet-1'], subnetIds['private-subnet-2']]);
      assert.deepEqual(net.publicSubnetIds.length, 1);
      assert.deepEqual(net.databaseSubnetIds, []);
      assert.deepEqual(nats, { 'us-west-2a': mocks.one(T.nat, 'prod-nat-us-west-2a').id });
      assert.equal(igwId, mocks.one(T.igw, 'prod-igw').id);
      assert.deepEqual(Object.keys(tables), ['public', 'private-us-west-2a', 'private-us-west-2b']);
    });
  });

  describe('three tiers spread over two zones, one NAT per zone', () => {
    before(async () => {
      new mod.Network('tier', {
        vpc: {
          name: 'main',
          cidr: '10.1.0.0/16',
          subnets: [
            { name: 'pub-1', cidr: '10.1.0.0/24', type: 'public' },
            { name: 'pub-2', cidr: '10.1.1.0/24', type: 'public' },
            { name: 'app-1', cidr: '10.1.10.0/24', type: 'private' },
            { name: 'app-2', cidr: '10.1.11.0/24', type: 'private' },
            { name: 'db-1', cidr: '10.1.20.0/24', type: 'database' },
            { name: 'db-2', cidr: '10.1.21.0/24', type: 'database' },
          ],
        },
        availabilityZones: ['eu-north-1a', 'eu-north-1b'],
        enableDnsHostnames: false,
        tags: {},
      });
      await settle();
    });

    it('assigns zones round-robin within each type', () => {
      const zone = (n: string): unknown => mocks.one(T.subnet, `tier-${n}`).inputs.availabilityZone;
      assert.deepEqual(['pub-1', 'pub-2', 'app-1', 'app-2', 'db-1', 'db-2'].map(zone), [
        'eu-north-1a',
        'eu-north-1b',
        'eu-north-1a',
        'eu-north-1b',
        'eu-north-1a',
        'eu-north-1b',
      ]);
      assert.equal(mocks.one(T.vpc, 'tier').inputs.enableDnsHostnames, false);
    });

    it('gives each private zone the NAT of its own zone', () => {
      for (const [az, holder] of [
        ['eu-north-1a', 'pub-1'],
        ['eu-north-1b', 'pub-2'],
      ] as const) {
        const nat = mocks.one(T.nat, `tier-nat-${az}`);
        assert.equal(nat.inputs.subnetId, mocks.one(T.subnet, `tier-${holder}`).id);
        assert.deepEqual(routesOf(mocks, `tier-private-${az}-rt`), { '0.0.0.0/0': nat.id });
      }
    });

    it('keeps database subnets in one table with no internet route', () => {
      assert.deepEqual(routesOf(mocks, 'tier-database-rt'), {});
      assert.equal(tableOf(mocks, 'tier-db-1'), 'tier-database-rt');
      assert.equal(tableOf(mocks, 'tier-db-2'), 'tier-database-rt');
      assert.equal(mocks.one(T.subnet, 'tier-db-1').inputs.mapPublicIpOnLaunch, false);
    });
  });

  describe('NAT modes', () => {
    const subnets = [
      { name: 'pub-a', cidr: '10.2.0.0/24', type: 'public', availabilityZone: 'az-a' },
      { name: 'pub-b', cidr: '10.2.1.0/24', type: 'public', availabilityZone: 'az-b' },
      { name: 'app-b', cidr: '10.2.10.0/24', type: 'private', availabilityZone: 'az-b' },
      { name: 'app-a', cidr: '10.2.11.0/24', type: 'private', availabilityZone: 'az-a' },
    ] as const;
    let isolated: InstanceType<typeof mod.Network>;
    before(async () => {
      new mod.Network('single', {
        vpc: { name: 'v', cidr: '10.2.0.0/16', subnets },
        natGateways: 'single',
        tags: {},
      });
      new mod.Network('nonat', {
        vpc: { name: 'v', cidr: '10.2.0.0/16', subnets },
        natGateways: 'none',
        tags: {},
      });
      isolated = new mod.Network('isolated', {
        vpc: {
          name: 'v',
          cidr: '10.3.0.0/16',
          subnets: [
            { name: 'db', cidr: '10.3.0.0/24', type: 'database', availabilityZone: 'az-a' },
          ],
        },
        tags: {},
      });
      await settle();
    });

    it('single: one NAT, in the zone of the first private subnet, shared by every zone', () => {
      const nats = mocks.byType(T.nat).filter((n) => n.name.startsWith('single-'));
      assert.deepEqual(
        nats.map((n) => n.name),
        ['single-nat-az-b'],
      );
      const nat = mocks.one(T.nat, 'single-nat-az-b');
      assert.equal(nat.inputs.subnetId, mocks.one(T.subnet, 'single-pub-b').id);
      assert.deepEqual(routesOf(mocks, 'single-private-az-a-rt'), { '0.0.0.0/0': nat.id });
      assert.deepEqual(routesOf(mocks, 'single-private-az-b-rt'), { '0.0.0.0/0': nat.id });
    });

    it('none: no NAT or Elastic IP, private tables without a default route', () => {
      assert.equal(mocks.byType(T.nat).filter((n) => n.name.startsWith('nonat-')).length, 0);
      assert.equal(mocks.byType(T.eip).filter((n) => n.name.startsWith('nonat-')).length, 0);
      assert.deepEqual(routesOf(mocks, 'nonat-private-az-a-rt'), {});
      assert.deepEqual(routesOf(mocks, 'nonat-public-rt'), {
        '0.0.0.0/0': mocks.one(T.igw, 'nonat-igw').id,
      });
    });

    it('no public subnet: no internet gateway and an undefined internetGatewayId', async () => {
      assert.equal(mocks.byType(T.igw).filter((n) => n.name.startsWith('isolated-')).length, 0);
      assert.equal(await unwrap(isolated.internetGatewayId), undefined);
      assert.deepEqual(
        mocks
          .byType(T.rt)
          .filter((r) => r.name.startsWith('isolated-'))
          .map((r) => r.name),
        ['isolated-database-rt'],
      );
    });
  });

  describe('planNetwork', () => {
    it('falls back to the first public subnet when no private zone has one', () => {
      const plan = mod.planNetwork({
        vpc: {
          name: 'v',
          cidr: '10.0.0.0/16',
          subnets: [
            { name: 'pub', cidr: '10.0.0.0/24', type: 'public', availabilityZone: 'z1' },
            { name: 'app', cidr: '10.0.1.0/24', type: 'private', availabilityZone: 'z2' },
            { name: 'app2', cidr: '10.0.2.0/24', type: 'private', availabilityZone: 'z3' },
          ],
        },
        tags: {},
      });
      assert.deepEqual(plan.natGateways, [{ availabilityZone: 'z1', subnet: 'pub' }]);
      assert.deepEqual(plan.routeTables, [
        { key: 'public', type: 'public' },
        { key: 'private-z2', type: 'private', natAz: 'z1' },
        { key: 'private-z3', type: 'private', natAz: 'z1' },
      ]);
    });
  });

  describe('validateNetworkArgs', () => {
    const base = (
      over: Partial<NetworkArgs['vpc']> = {},
      rest: Partial<NetworkArgs> = {},
    ): NetworkArgs => ({
      vpc: { name: 'main', cidr: '10.0.0.0/16', subnets: [], ...over },
      availabilityZones: ['us-west-2a'],
      tags: {},
      ...rest,
    });
    const cases: { name: string; args: NetworkArgs; errors: string[] }[] = [
      { name: 'accepts the spec 003 scenario', args: SCENARIO, errors: [] },
      {
        name: 'an invalid VPC CIDR',
        args: base({ cidr: '10.0.0.0/33' }),
        errors: [
          'vpc.cidr: "10.0.0.0/33" is not a valid CIDR block (has a prefix length above 32); use a form like "10.0.0.0/16".',
        ],
      },
      {
        name: 'a VPC larger than /16',
        args: base({ cidr: '10.0.0.0/8' }),
        errors: [
          'vpc.cidr: "10.0.0.0/8" has a prefix length outside /16 to /28, the VPC sizes AWS allows; use a block like "10.0.0.0/16".',
        ],
      },
      {
        name: 'a subnet outside the VPC',
        args: base({ subnets: [{ name: 'a', cidr: '10.1.0.0/24', type: 'public' }] }),
        errors: [
          'vpc.subnets[0].cidr: "10.1.0.0/24" is not inside the VPC CIDR "10.0.0.0/16"; every subnet of VPC "main" must lie within it.',
        ],
      },
      {
        name: 'overlapping subnets',
        args: base({
          subnets: [
            { name: 'a', cidr: '10.0.0.0/23', type: 'public' },
            { name: 'b', cidr: '10.0.1.0/24', type: 'public' },
          ],
        }),
        errors: [
          'vpc.subnets[1].cidr: "10.0.1.0/24" of subnet "b" overlaps subnet "a" ("10.0.0.0/23"); give each subnet its own address range.',
        ],
      },
      {
        name: 'a subnet smaller than /28',
        args: base({ subnets: [{ name: 'a', cidr: '10.0.0.0/29', type: 'public' }] }),
        errors: [
          'vpc.subnets[0].cidr: "10.0.0.0/29" is smaller than /28, the smallest subnet AWS allows; use a /28 or larger block.',
        ],
      },
      {
        name: 'duplicate subnet names and an unknown type',
        args: base({
          subnets: [
            { name: 'a', cidr: '10.0.0.0/24', type: 'public' },
            { name: 'a', cidr: '10.0.1.0/24', type: 'dmz' as 'public' },
          ],
        }),
        errors: [
          'vpc.subnets[1].name: "a" is also the name of vpc.subnets[0]; subnet names must be unique.',
          'vpc.subnets[1].type: "dmz" is not a subnet type (allowed: public, private, or database).',
        ],
      },
      {
        name: 'no zone to derive',
        args: base(
          { subnets: [{ name: 'a', cidr: '10.0.0.0/24', type: 'public' }] },
          { availabilityZones: [] },
        ),
        errors: [
          'vpc.subnets[0].availabilityZone: is not set and availabilityZones is empty, so subnet "a" has no zone; name its zone (like "us-west-2a") or pass availabilityZones.',
        ],
      },
      {
        name: 'private subnets without a public subnet for the NAT',
        args: base({
          subnets: [
            { name: 'app', cidr: '10.0.0.0/24', type: 'private' },
            { name: 'app2', cidr: '10.0.1.0/24', type: 'private' },
          ],
        }),
        errors: [
          'natGateways: "one-per-az" needs a public subnet to hold the NAT gateway, but VPC "main" has private subnets ("app", "app2") and no public subnet; add a public subnet, or set natGateways to "none" (private subnets then have no internet access).',
        ],
      },
      {
        name: 'private subnets without NAT are fine',
        args: base(
          { subnets: [{ name: 'app', cidr: '10.0.0.0/24', type: 'private' }] },
          { natGateways: 'none' },
        ),
        errors: [],
      },
      {
        name: 'an unknown NAT mode and a reserved tag',
        args: base({}, { natGateways: 'many' as 'single', tags: { 'aws:owner': 'x' } }),
        errors: [
          'natGateways: "many" is not a NAT gateway mode (allowed: none, single, or one-per-az).',
          'tags["aws:owner"]: "aws:owner" uses the prefix "aws:", which AWS reserves; choose another key.',
        ],
      },
    ];
    for (const tc of cases) {
      it(tc.name, () => {
        assert.deepEqual(mod.validateNetworkArgs(tc.args), tc.errors);
      });
    }

    it('refuses bad args before making any resource', () => {
      assert.throws(
        () => new mod.Network('broken', base({ cidr: '10.0.0.0/8' })),
        (e: Error) =>
          e.message.startsWith(
            'Network "broken" has invalid arguments:\n  - vpc.cidr: "10.0.0.0/8" has a prefix length',
          ),
      );
      assert.equal(mocks.resources.filter((r) => r.name.startsWith('broken')).length, 0);
    });
  });
});
