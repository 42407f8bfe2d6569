// Where a Talos cluster's API endpoint comes from (endpoint.ts) and which network its nodes join
// (node-network.ts), on the proxmox-talos example and variants of it.
import { strict as assert } from 'node:assert';
import type { StackModel } from '../../../src/model';
import { chooseEndpoint, parseEndpoint } from '../../../src/program/talos/endpoint';
import { chooseNodeNetwork } from '../../../src/program/talos/node-network';
import { clusterOf, edit, exampleYaml, modelOf, networkLike } from './helpers';

const FIELD = 'Vitistack platform/oslo-dc1 spec.infrastructure.providers[1].endpoint';
const WRITTEN = '        endpoint: https://10.10.100.10:6443\n';

function withEndpoint(value: string | undefined): StackModel {
  const yaml = exampleYaml();
  return modelOf(edit(yaml, WRITTEN, value === undefined ? '' : `        endpoint: ${value}\n`));
}

function choose(model: StackModel) {
  const c = clusterOf(model);
  return chooseEndpoint(model, c, chooseNodeNetwork(model, c).network);
}

describe('Talos endpoint', () => {
  it('takes the written endpoint inside the node subnet as the control-plane VIP', () => {
    assert.deepEqual(choose(modelOf()), {
      plan: { kind: 'vip', address: '10.10.100.10', field: FIELD },
      problems: [],
      warnings: [],
    });
  });

  it('reads a written endpoint without scheme or port the same way', () => {
    assert.deepEqual(choose(withEndpoint('10.10.100.10')).plan, {
      kind: 'vip',
      address: '10.10.100.10',
      field: FIELD,
    });
  });

  const refused: { name: string; value: string; problem: string }[] = [
    {
      name: 'a VIP on another port than the API server',
      value: 'https://10.10.100.10:8443',
      problem: `cluster talos-prod (talos): ${FIELD} "https://10.10.100.10:8443" is a VIP in NetworkConfiguration platform/vlan100-servers (10.10.100.0/24) on port 8443, but a Talos VIP serves the API server's port 6443; write "https://10.10.100.10:6443", or use an address outside the subnet for a load balancer`,
    },
    {
      name: 'a VIP inside the DHCP pool',
      value: 'https://10.10.100.150:6443',
      problem: `cluster talos-prod (talos): ${FIELD} "https://10.10.100.150:6443" is inside the DHCP pool of NetworkConfiguration platform/vlan100-servers, so a DHCP client could be given the VIP; choose an address outside spec.dhcp.poolStart-poolEnd`,
    },
    {
      name: 'a plain http endpoint',
      value: 'http://10.10.100.10:6443',
      problem: `cluster talos-prod (talos): ${FIELD} "http://10.10.100.10:6443" uses http, but the Kubernetes API is https; write the API address as "https://<address>:6443"`,
    },
    {
      name: 'an endpoint with a path',
      value: 'https://10.10.100.10:6443/api',
      problem: `cluster talos-prod (talos): ${FIELD} "https://10.10.100.10:6443/api" has a path or query, but the Kubernetes API is served at the root; write the API address as "https://<address>:6443"`,
    },
  ];
  for (const tc of refused) {
    it(`refuses ${tc.name}, naming the field, the value and the fix`, () => {
      assert.deepEqual(choose(withEndpoint(tc.value)).problems, [tc.problem]);
    });
  }

  it('takes a DNS name as a load balancer the user runs, with a warning', () => {
    const choice = choose(withEndpoint('https://api.talos-prod.example.internal'));
    assert.deepEqual(choice.plan, {
      kind: 'external',
      url: 'https://api.talos-prod.example.internal:6443',
      field: FIELD,
    });
    assert.deepEqual(choice.problems, []);
    assert.deepEqual(choice.warnings, [
      `cluster talos-prod (talos): ${FIELD} "https://api.talos-prod.example.internal" is not an address of the nodes' network (10.10.100.0/24), so it is taken as a load balancer or DNS name that you run: it must forward TCP 6443 to port 6443 of the control-plane nodes; no VIP is configured`,
    ]);
  });

  it('takes an address outside the node subnet as a load balancer, keeping its port', () => {
    const choice = choose(withEndpoint('https://192.0.2.10:443'));
    assert.deepEqual(choice.plan, {
      kind: 'external',
      url: 'https://192.0.2.10:443',
      field: FIELD,
    });
  });

  it('allocates a VIP on the node network when no endpoint is written', () => {
    assert.deepEqual(choose(withEndpoint(undefined)), {
      plan: { kind: 'vip' },
      problems: [],
      warnings: [],
    });
  });

  it('falls back to the first control-plane node when the node network has no subnet', () => {
    const model = withEndpoint(undefined);
    const c = clusterOf(model);
    const noSubnet = networkLike(model, 'vlan100-servers', {
      ipam: { type: 'kea', dnsServers: [], searchDomains: [] },
    });
    const choice = chooseEndpoint(model, c, noSubnet);
    assert.deepEqual(choice.plan, { kind: 'first-node' });
    assert.deepEqual(choice.warnings, [
      "cluster talos-prod (talos): NetworkConfiguration platform/vlan100-servers has no spec.ipam.subnet to plan a VIP in, so the API endpoint is the first control-plane node's address and the cluster depends on that node; add the subnet or write an endpoint",
    ]);
  });

  it('does not give one written endpoint to several clusters of a provider', () => {
    const model = modelOf();
    const shared: StackModel = {
      ...model,
      kubernetesProviders: model.kubernetesProviders.map((k) => ({
        ...k,
        clusterKeys: [...k.clusterKeys, 'KubernetesCluster/platform/talos-other'],
      })),
    };
    const choice = choose(shared);
    assert.deepEqual(choice.plan, { kind: 'vip' });
    assert.deepEqual(choice.warnings, [
      `cluster talos-prod (talos): ${FIELD} "https://10.10.100.10:6443" is not used: KubernetesProvider platform/talos-provider builds 2 clusters and one endpoint cannot serve them all; each gets an endpoint of its own`,
    ]);
  });

  it('parses IPv6 endpoints', () => {
    assert.deepEqual(parseEndpoint('https://[fd00::10]:6443'), { host: 'fd00::10', port: 6443 });
  });
});

describe('Talos node network', () => {
  it("is the only NetworkConfiguration in the cluster's namespace", () => {
    const model = modelOf();
    const choice = chooseNodeNetwork(model, clusterOf(model));
    assert.equal(choice.network?.metadata.name, 'vlan100-servers');
    assert.equal(choice.warning, undefined);
  });

  it("is, among several, the one on the MachineProvider's bridge", () => {
    const model = modelOf();
    const other = networkLike(model, 'storage', { bridge: 'vmbr1', vlan: 200 });
    const two = { ...model, networkConfigurations: [other, ...model.networkConfigurations] };
    assert.equal(chooseNodeNetwork(two, clusterOf(two)).network?.metadata.name, 'vlan100-servers');
  });

  it('is none, with a warning naming the candidates, when the bridge does not decide', () => {
    const model = modelOf();
    const other = networkLike(model, 'vlan101-servers', { vlan: 101 });
    const two = { ...model, networkConfigurations: [...model.networkConfigurations, other] };
    const choice = chooseNodeNetwork(two, clusterOf(two));
    assert.equal(choice.network, undefined);
    assert.match(
      choice.warning ?? '',
      /^cluster talos-prod \(talos\): 2 NetworkConfigurations in namespace platform \(platform\/vlan100-servers, platform\/vlan101-servers\) and 2 of them on bridge vmbr0; none is used, so its nodes take DHCP addresses, so the API endpoint must be a VIP or a load balancer/,
    );
  });

  it('is none, with a warning, when the namespace has no NetworkConfiguration', () => {
    const model = modelOf();
    const none = { ...model, networkConfigurations: [] };
    assert.match(
      chooseNodeNetwork(none, clusterOf(none)).warning ?? '',
      /^cluster talos-prod \(talos\): no NetworkConfiguration in namespace platform that the stack's Machines attach to, so its nodes take DHCP addresses/,
    );
  });
});
