import { strict as assert } from 'node:assert';
import { RecordingMocks } from '../../../src/engine/mocks';
import type { NetworkArgs } from '../../../src/components/gcp/network';
import { PROJECT, REGION, settle } from './helpers';

const T = {
  network: 'gcp:compute/network:Network',
  subnet: 'gcp:compute/subnetwork:Subnetwork',
  router: 'gcp:compute/router:Router',
  nat: 'gcp:compute/routerNat:RouterNat',
} as const;

function args(over: Partial<NetworkArgs> = {}): NetworkArgs {
  return {
    vpc: {
      name: 'production-vpc',
      subnets: [
        { name: 'public-1', cidr: '10.0.1.0/24', type: 'public' },
        {
          name: 'private-1',
          cidr: '10.0.2.0/24',
          type: 'private',
          secondaryRanges: [
            { rangeName: 'gke-pods', cidr: '10.244.0.0/16' },
            { rangeName: 'gke-services', cidr: '172.20.0.0/16' },
          ],
        },
        { name: 'db-1', cidr: '10.0.9.0/24', type: 'database' },
      ],
    },
    project: PROJECT,
    region: REGION,
    ...over,
  };
}

describe('gcp Network', () => {
  const mocks = new RecordingMocks(REGION);
  let mod: typeof import('../../../src/components/gcp/network');
  before(async () => {
    await mocks.install('vitistack', 'test');
    mod = await import('../../../src/components/gcp/network.js');
  });

  describe('public, private (with GKE ranges) and database subnets, flow logs on', () => {
    before(async () => {
      new mod.Network('prod', args({ flowLogs: true }));
      await settle();
    });

    it('makes a custom-mode network: no auto subnetworks in every region', () => {
      const n = mocks.one(T.network, 'prod');
      assert.equal(n.inputs.autoCreateSubnetworks, false);
      assert.equal(n.inputs.routingMode, 'REGIONAL');
      assert.equal(n.inputs.project, PROJECT);
    });

    it('puts each subnet in the region with its range, Google access and flow logs', () => {
      const network = mocks.one(T.network, 'prod');
      const cases = [
        ['prod-public-1', '10.0.1.0/24', []],
        [
          'prod-private-1',
          '10.0.2.0/24',
          [
            { rangeName: 'gke-pods', ipCidrRange: '10.244.0.0/16' },
            { rangeName: 'gke-services', ipCidrRange: '172.20.0.0/16' },
          ],
        ],
        ['prod-db-1', '10.0.9.0/24', []],
      ] as const;
      for (const [name, cidr, secondary] of cases) {
        const s = mocks.one(T.subnet, name);
        assert.equal(s.inputs.network, network.id, name);
        assert.equal(s.inputs.region, REGION);
        assert.equal(s.inputs.ipCidrRange, cidr);
        assert.equal(s.inputs.privateIpGoogleAccess, true);
        assert.deepEqual(s.inputs.secondaryIpRanges, secondary);
        assert.deepEqual(s.inputs.logConfig, {
          aggregationInterval: 'INTERVAL_5_SEC',
          flowSampling: 0.5,
          metadata: 'INCLUDE_ALL_METADATA',
        });
        assert.equal(s.parent, network.urn);
        assert.match(
          String(s.id),
          new RegExp(`^projects/${PROJECT}/regions/${REGION}/subnetworks/`),
        );
      }
    });

    it('covers the public and private subnetworks with Cloud NAT, never the database one', () => {
      const router = mocks.one(T.router, 'prod-router');
      const nat = mocks.one(T.nat, 'prod-nat');
      assert.equal(router.inputs.network, mocks.one(T.network, 'prod').id);
      assert.equal(nat.inputs.router, router.inputs.name);
      assert.equal(nat.inputs.region, REGION);
      assert.equal(nat.inputs.sourceSubnetworkIpRangesToNat, 'LIST_OF_SUBNETWORKS');
      const listed = nat.inputs.subnetworks as { name: string; sourceIpRangesToNats: string[] }[];
      assert.deepEqual(
        listed.map((s) => [s.name, s.sourceIpRangesToNats]),
        [
          [mocks.one(T.subnet, 'prod-public-1').state.selfLink, ['ALL_IP_RANGES']],
          [mocks.one(T.subnet, 'prod-private-1').state.selfLink, ['ALL_IP_RANGES']],
        ],
      );
    });
  });

  it('builds no router or NAT when no subnet is private', async () => {
    new mod.Network(
      'pub',
      args({
        vpc: { name: 'edge', subnets: [{ name: 'a', cidr: '10.1.0.0/24', type: 'public' }] },
      }),
    );
    await settle();
    assert.deepEqual(
      [...mocks.byType(T.router), ...mocks.byType(T.nat)].filter((n) => n.name.startsWith('pub-')),
      [],
    );
    assert.equal(mocks.one(T.subnet, 'pub-a').inputs.logConfig, undefined);
  });

  describe('validateNetworkArgs', () => {
    const cases: { name: string; args: NetworkArgs; want: string[] }[] = [
      {
        name: 'a subnet too small for GCP',
        args: args({
          vpc: { name: 'v', subnets: [{ name: 'a', cidr: '10.0.0.0/30', type: 'private' }] },
        }),
        want: [
          'vpc.subnets[0].cidr: "10.0.0.0/30" is not an IPv4 block from /8 to /29, the sizes GCP subnetworks allow; use a form like "10.0.1.0/24".',
        ],
      },
      {
        name: 'a secondary range overlapping a primary range',
        args: args({
          vpc: {
            name: 'v',
            subnets: [
              {
                name: 'a',
                cidr: '10.0.1.0/24',
                type: 'private',
                secondaryRanges: [{ rangeName: 'pods', cidr: '10.0.0.0/16' }],
              },
            ],
          },
        }),
        want: [
          'vpc.subnets[0].secondaryRanges[0].cidr: "10.0.0.0/16" overlaps subnet "a" (10.0.1.0/24); GCP ranges of one network must not overlap.',
        ],
      },
      {
        name: 'a repeated subnet name and a bad range name',
        args: args({
          vpc: {
            name: 'v',
            subnets: [
              { name: 'a', cidr: '10.0.1.0/24', type: 'private' },
              {
                name: 'a',
                cidr: '10.0.2.0/24',
                type: 'private',
                secondaryRanges: [{ rangeName: 'Pods_1', cidr: '10.8.0.0/16' }],
              },
            ],
          },
        }),
        want: [
          'vpc.subnets[1].name: "a" is also the name of vpc.subnets[0]; subnet names must be unique.',
          'vpc.subnets[1].secondaryRanges[0].rangeName: "Pods_1" is not a GCP name (lowercase letters, digits and "-", starting with a letter, at most 63).',
        ],
      },
    ];
    for (const tc of cases) {
      it(tc.name, () => {
        assert.deepEqual(mod.validateNetworkArgs(tc.args), tc.want);
      });
    }

    it('throws before any resource is made', () => {
      const before = mocks.resources.length;
      assert.throws(
        () => new mod.Network('bad', cases[0]?.args ?? args()),
        /Network "v" has invalid arguments:\n {2}- vpc\.subnets\[0\]\.cidr/,
      );
      assert.equal(mocks.resources.length, before);
    });
  });
});
