// Addresses of interfaces on NetworkConfigurations: written ones checked, reservations honoured,
// the rest allocated deterministically from a static range, never twice, with a clear error when
// the range runs out.
import { strict as assert } from 'node:assert';
import type { NetworkConfiguration } from '../../src/api/v1alpha1';
import { planAddresses, type AddressRequest } from '../../src/program/ipam';
import { header, objectsOf } from '../model/helpers';

function network(spec: string, name = 'lan'): NetworkConfiguration {
  const [n] = objectsOf(`${header('NetworkConfiguration', name, 'platform')}\nspec:\n${spec}`);
  assert.ok(n?.kind === 'NetworkConfiguration');
  return n;
}

const STATIC = network(`  ipam:
    type: static
    subnet: 10.0.0.0/29
    gateway: 10.0.0.1
    dns: {servers: [10.0.0.2]}`);

const KEA = network(
  `  vlan: 100
  bridge: vmbr0
  mtu: 1500
  ipam: {type: kea, subnet: 10.10.100.0/24, gateway: 10.10.100.1}
  dhcp:
    enabled: true
    poolStart: 10.10.100.2
    poolEnd: 10.10.100.199
    reservations:
      - {macAddress: 'BC:24:11:0A:64:32', ipAddress: 10.10.100.50, hostname: monitoring-1}`,
  'vlan100',
);

const req = (owner: string, extra: Partial<AddressRequest> = {}): AddressRequest => ({
  owner,
  network: STATIC,
  ...extra,
});

describe('address plan', () => {
  it('allocates the lowest free addresses in owner order, skipping gateway and DNS', () => {
    const plan = planAddresses([req('Machine p/c'), req('Machine p/a'), req('Machine p/b')]);
    assert.deepEqual(plan.problems, []);
    assert.deepEqual(
      ['Machine p/a', 'Machine p/b', 'Machine p/c'].map((o) => plan.addresses.get(o)?.address),
      ['10.0.0.3', '10.0.0.4', '10.0.0.5'],
    );
    assert.deepEqual(plan.addresses.get('Machine p/a'), {
      network: 'platform/lan',
      address: '10.0.0.3',
      prefix: 29,
      gateway: '10.0.0.1',
      dnsServers: ['10.0.0.2'],
      searchDomains: [],
      source: 'allocated',
    });
  });

  it('gives the same addresses whatever order the requests come in', () => {
    const owners = ['Machine p/x', 'Machine p/y', 'Machine p/z'];
    const one = planAddresses(owners.map((o) => req(o)));
    const other = planAddresses([...owners].reverse().map((o) => req(o)));
    for (const o of owners)
      assert.equal(one.addresses.get(o)?.address, other.addresses.get(o)?.address);
  });

  it('keeps written addresses and allocates around them', () => {
    const plan = planAddresses([
      req('Machine p/a'),
      req('Machine p/z', {
        fixed: { address: '10.0.0.3', field: 'spec.networking.interfaces[0].ipAddress' },
      }),
    ]);
    assert.deepEqual(plan.problems, []);
    assert.equal(plan.addresses.get('Machine p/z')?.source, 'fixed');
    assert.equal(plan.addresses.get('Machine p/z')?.address, '10.0.0.3');
    assert.equal(plan.addresses.get('Machine p/a')?.address, '10.0.0.4');
  });

  it('refuses an address given twice, or the gateway, naming field, value and owner', () => {
    const field = 'spec.networking.interfaces[0].ipAddress';
    const plan = planAddresses([
      req('Machine p/a', { fixed: { address: '10.0.0.4', field } }),
      req('Machine p/b', { fixed: { address: '10.0.0.4', field } }),
      req('Machine p/c', { fixed: { address: '10.0.0.1', field } }),
    ]);
    assert.deepEqual(plan.problems, [
      'Machine p/b: spec.networking.interfaces[0].ipAddress 10.0.0.4 is given to Machine p/a in NetworkConfiguration platform/lan (subnet 10.0.0.0/29); choose a free address of the subnet or leave it out to have one allocated',
      'Machine p/c: spec.networking.interfaces[0].ipAddress 10.0.0.1 is the gateway in NetworkConfiguration platform/lan (subnet 10.0.0.0/29); choose a free address of the subnet or leave it out to have one allocated',
    ]);
    assert.equal(plan.addresses.has('Machine p/b'), false);
  });

  it('says clearly when a static range is exhausted', () => {
    // 10.0.0.0/29: .1 gateway, .2 DNS, .3-.6 free, .7 broadcast.
    const owners = ['a', 'b', 'c', 'd', 'e'].map((x) => `Machine p/${x}`);
    const plan = planAddresses(owners.map((o) => req(o)));
    assert.deepEqual(
      owners.slice(0, 4).map((o) => plan.addresses.get(o)?.address),
      ['10.0.0.3', '10.0.0.4', '10.0.0.5', '10.0.0.6'],
    );
    assert.deepEqual(plan.problems, [
      'Machine p/e: NetworkConfiguration platform/lan has no free address left in 10.0.0.0/29 (4 given out in this stack, plus the gateway, DNS servers and reservations); widen spec.ipam.subnet, shrink the DHCP pool, or write an address for the interface',
    ]);
  });

  it('on a DHCP network: reservations by MAC or host name, DHCP for machines, stable nodes outside the pool', () => {
    const plan = planAddresses([
      req('Machine p/a-monitoring', { network: KEA, macAddress: 'bc:24:11:0a:64:32' }),
      req('Machine p/by-name', { network: KEA, hostname: 'monitoring-1' }),
      req('Machine p/app', { network: KEA }),
      req('KubernetesCluster p/talos ctp1', { network: KEA, stable: true }),
    ]);
    assert.equal(plan.addresses.get('Machine p/a-monitoring')?.address, '10.10.100.50');
    assert.equal(plan.addresses.get('Machine p/a-monitoring')?.source, 'reservation');
    assert.deepEqual(plan.problems, [
      'Machine p/by-name: the DHCP reservation of NetworkConfiguration platform/vlan100 10.10.100.50 is given to Machine p/a-monitoring in NetworkConfiguration platform/vlan100 (subnet 10.10.100.0/24); choose a free address of the subnet or leave it out to have one allocated',
    ]);
    assert.deepEqual(plan.addresses.get('Machine p/app'), {
      network: 'platform/vlan100',
      prefix: 24,
      gateway: '10.10.100.1',
      dnsServers: [],
      searchDomains: [],
      vlan: 100,
      bridge: 'vmbr0',
      mtu: 1500,
      source: 'dhcp',
    });
    // .2-.199 is the DHCP pool: the first stable address is .200.
    assert.equal(plan.addresses.get('KubernetesCluster p/talos ctp1')?.address, '10.10.100.200');
  });
});
