import { strict as assert } from 'node:assert';
import * as network from '@pulumi/azure-native/network';
import type { LoadBalancerArgs } from '../../../src/components/azure/load-balancer';
import { RecordingMocks, unwrap } from '../../../src/engine/mocks';
import { settle } from './settle';

const LB = 'azure-native:network:LoadBalancer';
const IP = 'azure-native:network:PublicIPAddress';
const RG_ID = '/subscriptions/11111111-2222-4333-8444-555555555555/resourceGroups/rg';

function args(over: Partial<LoadBalancerArgs> = {}): LoadBalancerArgs {
  return {
    name: 'api',
    resourceGroupName: 'rg',
    resourceGroupId: RG_ID,
    location: 'westus2',
    tags: { team: 'platform' },
    ...over,
  };
}

describe('azure LoadBalancer', () => {
  const mocks = new RecordingMocks('westus2');
  let mod: typeof import('../../../src/components/azure/load-balancer');
  before(async () => {
    await mocks.install('vitistack', 'test');
    mod = await import('../../../src/components/azure/load-balancer.js');
  });

  describe('planLoadBalancer', () => {
    it('probes each TCP backend port when no health check is given; UDP rules go unprobed', () => {
      const plan = mod.planLoadBalancer(
        args({
          listeners: [
            { port: 443, protocol: 'TCP', targetPort: 8443 },
            { port: 53, protocol: 'UDP' },
          ],
        }),
      );
      assert.deepEqual(plan.probes, [{ name: 'tcp-8443', protocol: 'Tcp', port: 8443 }]);
      assert.deepEqual(plan.rules, [
        {
          name: 'tcp-443',
          protocol: 'Tcp',
          frontendPort: 443,
          backendPort: 8443,
          probe: 'tcp-8443',
        },
        { name: 'udp-53', protocol: 'Udp', frontendPort: 53, backendPort: 53 },
      ]);
      assert.deepEqual(plan.warnings, []);
    });

    it('warns that HTTP(S) is forwarded as TCP and which health check settings Azure ignores', () => {
      const plan = mod.planLoadBalancer(
        args({
          listeners: [
            { port: 443, protocol: 'HTTPS', certificateArn: 'cert-1' },
            { port: 80, protocol: 'HTTP' },
          ],
          healthCheck: {
            protocol: 'HTTP',
            path: '/healthz',
            intervalSeconds: 10,
            timeoutSeconds: 5,
            healthyThreshold: 3,
            unhealthyThreshold: 2,
          },
        }),
      );
      assert.deepEqual(plan.probes, [
        {
          name: 'health',
          protocol: 'Http',
          port: 443,
          requestPath: '/healthz',
          intervalInSeconds: 10,
          probeThreshold: 2,
        },
      ]);
      assert.deepEqual(
        plan.rules.map((r) => [r.protocol, r.frontendPort, r.probe]),
        [
          ['Tcp', 443, 'health'],
          ['Tcp', 80, 'health'],
        ],
      );
      assert.deepEqual(plan.warnings, [
        'the HTTPS listener on port 443 is forwarded as TCP: Azure Load Balancer does not terminate TLS (its certificate is not used), so the backends must serve TLS themselves (use an Application Gateway to terminate it)',
        'the HTTP listener on port 80 is forwarded as TCP: Azure Load Balancer works at layer 4 (no HTTP routing or redirects)',
        'healthCheck.timeout is not used: an Azure probe times out at its interval',
        'healthCheck.healthyThreshold is not used: Azure has one threshold for both directions (unhealthyThreshold)',
      ]);
    });
  });

  describe('a public load balancer with a DNS label', () => {
    let lb: InstanceType<typeof mod.LoadBalancer>;
    before(async () => {
      lb = new mod.LoadBalancer(
        'pub',
        args({ dnsLabel: 'api-abc123', listeners: [{ port: 443, protocol: 'TCP' }] }),
      );
      await settle();
    });

    it('is a Standard load balancer whose rules point at its own frontend, pool and probe', () => {
      const inputs = mocks.one(LB, 'pub').inputs;
      const id = `${RG_ID}/providers/Microsoft.Network/loadBalancers/api`;
      assert.deepEqual(inputs.sku, { name: 'Standard', tier: 'Regional' });
      assert.deepEqual(inputs.loadBalancingRules, [
        {
          name: 'tcp-443',
          protocol: 'Tcp',
          frontendPort: 443,
          backendPort: 443,
          frontendIPConfiguration: { id: `${id}/frontendIPConfigurations/frontend` },
          backendAddressPool: { id: `${id}/backendAddressPools/backend` },
          probe: { id: `${id}/probes/tcp-443` },
          disableOutboundSnat: true,
          enableTcpReset: true,
          idleTimeoutInMinutes: 4,
        },
      ]);
      const ip = mocks.one(IP, 'pub-ip');
      assert.deepEqual(inputs.frontendIPConfigurations, [
        { name: 'frontend', publicIPAddress: { id: ip.id } },
      ]);
      assert.equal((inputs.tags as Record<string, string>)['vitistack.io-load-balancer'], 'api');
    });

    it('reports the DNS name of its public IP', async () => {
      assert.equal(await unwrap(lb.dnsName), 'api-abc123.westus2.cloudapp.azure.com');
      assert.equal(await unwrap(lb.address), mocks.one(IP, 'pub-ip').state.ipAddress);
      assert.equal(await unwrap(lb.id), mocks.one(LB, 'pub').id);
    });
  });

  it('an internal load balancer gets a private frontend in its subnet and reports that address', async () => {
    // A subnet the mocks know, so the frontend gets an address in it.
    const subnet = new network.Subnet('app', {
      resourceGroupName: 'rg',
      virtualNetworkName: 'v',
      subnetName: 'app',
      addressPrefix: '10.0.2.0/24',
    });
    const subnetId = await unwrap(subnet.id);
    const lb = new mod.LoadBalancer(
      'int',
      args({ name: 'int', internal: true, subnetId, listeners: [{ port: 6443, protocol: 'TCP' }] }),
    );
    await settle();
    assert.deepEqual(
      mocks.byType(IP).filter((r) => r.name === 'int-ip'),
      [],
    );
    const fe = (
      mocks.one(LB, 'int').state.frontendIPConfigurations as Record<string, unknown>[]
    )[0];
    assert.deepEqual(mocks.one(LB, 'int').inputs.frontendIPConfigurations, [
      { name: 'frontend', subnet: { id: subnetId }, privateIPAllocationMethod: 'Dynamic' },
    ]);
    assert.match(String(fe?.privateIPAddress), /^10\.0\.2\.\d+$/);
    assert.equal(await unwrap(lb.dnsName), fe?.privateIPAddress);
  });

  it('refuses an internal load balancer without a subnet and a probe faster than 5 seconds', () => {
    assert.deepEqual(
      mod.validateLoadBalancerArgs(args({ internal: true, healthCheck: { intervalSeconds: 2 } })),
      [
        'subnetId: is required for an internal load balancer; give the subnet of its frontend.',
        'healthCheck.intervalSeconds: 2 is below 5, the shortest interval Azure probes allow.',
      ],
    );
  });
});
