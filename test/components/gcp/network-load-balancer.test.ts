import { strict as assert } from 'node:assert';
import { RecordingMocks, unwrap } from '../../../src/engine/mocks';
import type { NetworkLoadBalancerArgs } from '../../../src/components/gcp/network-load-balancer';
import { LABELS, PROJECT, REGION, settle } from './helpers';

const T = {
  address: 'gcp:compute/address:Address',
  hc: 'gcp:compute/regionHealthCheck:RegionHealthCheck',
  backend: 'gcp:compute/regionBackendService:RegionBackendService',
  rule: 'gcp:compute/forwardingRule:ForwardingRule',
} as const;

const SUBNET = `https://www.googleapis.com/compute/v1/projects/${PROJECT}/regions/${REGION}/subnetworks/private-1`;
const NETWORK = `projects/${PROJECT}/global/networks/prod`;

function args(over: Partial<NetworkLoadBalancerArgs> = {}): NetworkLoadBalancerArgs {
  return { name: 'api', project: PROJECT, region: REGION, labels: LABELS, ...over };
}

describe('gcp NetworkLoadBalancer', () => {
  const mocks = new RecordingMocks(REGION);
  let mod: typeof import('../../../src/components/gcp/network-load-balancer');
  before(async () => {
    await mocks.install('vitistack', 'test');
    mod = await import('../../../src/components/gcp/network-load-balancer.js');
  });

  describe('external, TCP 443 and 6443 plus UDP 53, TCP health check on 6443', () => {
    let lb: InstanceType<typeof mod.NetworkLoadBalancer>;
    before(async () => {
      lb = new mod.NetworkLoadBalancer(
        'ext',
        args({
          listeners: [
            { port: 443, protocol: 'TCP' },
            { port: 6443, protocol: 'TCP' },
            { port: 53, protocol: 'UDP' },
          ],
          healthCheck: { protocol: 'TCP', port: 6443, intervalSeconds: 10, timeoutSeconds: 5 },
        }),
      );
      await settle();
    });

    it('reserves an external address, labelled, that both forwarding rules share', async () => {
      const address = mocks.one(T.address, 'ext-ip');
      assert.equal(address.inputs.addressType, 'EXTERNAL');
      assert.deepEqual(address.inputs.labels, LABELS);
      const ip = String(address.state.address);
      assert.match(ip, /^\d+\.\d+\.\d+\.\d+$/);
      for (const name of ['ext-tcp-rule', 'ext-udp-rule']) {
        assert.equal(mocks.one(T.rule, name).inputs.ipAddress, ip);
      }
      assert.equal(await unwrap(lb.ipAddress), ip);
    });

    it('checks TCP 6443 every 10 s with a 5 s timeout', () => {
      const hc = mocks.one(T.hc, 'ext-hc');
      assert.deepEqual(hc.inputs.tcpHealthCheck, { port: 6443 });
      assert.equal(hc.inputs.checkIntervalSec, 10);
      assert.equal(hc.inputs.timeoutSec, 5);
      assert.equal(hc.inputs.region, REGION);
    });

    it('has one external backend service and forwarding rule per protocol with its ports', async () => {
      const hc = mocks.one(T.hc, 'ext-hc');
      for (const [suffix, protocol, ports] of [
        ['tcp', 'TCP', ['443', '6443']],
        ['udp', 'UDP', ['53']],
      ] as const) {
        const backend = mocks.one(T.backend, `ext-${suffix}`);
        const rule = mocks.one(T.rule, `ext-${suffix}-rule`);
        assert.equal(backend.inputs.loadBalancingScheme, 'EXTERNAL');
        assert.equal(backend.inputs.protocol, protocol);
        assert.equal(backend.inputs.healthChecks, hc.id);
        assert.equal(rule.inputs.backendService, backend.id);
        assert.equal(rule.inputs.ipProtocol, protocol);
        assert.deepEqual(rule.inputs.ports, ports);
        assert.equal(rule.inputs.loadBalancingScheme, 'EXTERNAL');
        assert.deepEqual(rule.inputs.labels, LABELS);
      }
      assert.deepEqual(
        await unwrap(lb.forwardingRuleIds[0] ?? ''),
        mocks.one(T.rule, 'ext-tcp-rule').id,
      );
    });
  });

  it('an internal one takes its address from the subnetwork and forwards all ports without listeners', async () => {
    new mod.NetworkLoadBalancer(
      'int',
      args({ internal: true, network: NETWORK, subnetwork: SUBNET }),
    );
    await settle();
    const address = mocks.one(T.address, 'int-ip');
    assert.equal(address.inputs.addressType, 'INTERNAL');
    assert.equal(address.inputs.subnetwork, SUBNET);
    const rule = mocks.one(T.rule, 'int-tcp-rule');
    assert.equal(rule.inputs.loadBalancingScheme, 'INTERNAL');
    assert.equal(rule.inputs.allPorts, true);
    assert.equal(rule.inputs.ports, undefined);
    assert.equal(rule.inputs.subnetwork, SUBNET);
    assert.equal(mocks.one(T.backend, 'int-tcp').inputs.network, NETWORK);
    // No listener: the health check falls back to TCP 80.
    assert.deepEqual(mocks.one(T.hc, 'int-hc').inputs.tcpHealthCheck, { port: 80 });
    assert.equal(mocks.byType(T.rule).filter((r) => r.name.startsWith('int-')).length, 1);
  });

  describe('validateNetworkLoadBalancerArgs', () => {
    const cases: { name: string; args: NetworkLoadBalancerArgs; want: string[] }[] = [
      {
        name: 'an internal one without a subnetwork',
        args: args({ internal: true }),
        want: [
          'subnetwork: is not set; an internal load balancer needs its network and subnetwork.',
        ],
      },
      {
        name: 'six TCP ports, more than a forwarding rule takes',
        args: args({
          listeners: [1, 2, 3, 4, 5, 6].map((p) => ({ port: 8000 + p, protocol: 'TCP' as const })),
        }),
        want: [
          'listeners: 6 TCP listeners are more than the 5 ports a GCP forwarding rule takes; use fewer ports or a port range outside Vitistack.',
        ],
      },
      {
        name: 'a health check timeout longer than its interval',
        args: args({ healthCheck: { intervalSeconds: 5, timeoutSeconds: 10 } }),
        want: [
          'healthCheck.timeoutSeconds: 10 is longer than the interval (5s); GCP needs the timeout at most the interval.',
        ],
      },
    ];
    for (const tc of cases) {
      it(tc.name, () => {
        assert.deepEqual(mod.validateNetworkLoadBalancerArgs(tc.args), tc.want);
      });
    }
  });
});
