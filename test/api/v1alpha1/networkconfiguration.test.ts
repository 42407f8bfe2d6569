import { strict as assert } from 'node:assert';
import type { KindDefinition } from '../../../src/api/kind';
import {
  networkConfigurationKind,
  type NetworkConfiguration,
} from '../../../src/api/v1alpha1/networkconfiguration';
import {
  canonical,
  changed,
  fixture,
  itRejects,
  itValidates,
  messages,
  type InvalidCase,
} from '../../helpers/kind-cases';

const kind = networkConfigurationKind as unknown as KindDefinition;
const FILE = 'ours-networkconfiguration-prod-vlan100.yaml';
/** Static IPAM on VLAN 100, reservations, firewall rules and a host interface. */
const net = fixture(FILE);
/** The same network with a Kea DHCP server and a pool. */
const kea = changed(net, {
  'spec.ipam.type': 'kea',
  'spec.dhcp.enabled': true,
  'spec.dhcp.poolStart': '10.100.0.100',
  'spec.dhcp.poolEnd': '10.100.0.199',
  'spec.dhcp.leaseTime': '12h',
});

describe('NetworkConfiguration', () => {
  itValidates(kind, FILE);

  describe('normalise', () => {
    it('keeps the network, IPAM, reservations and rules of the static network', () => {
      const n = canonical(kind, net) as NetworkConfiguration;
      assert.equal(n.kind, 'NetworkConfiguration');
      const spec = n.spec;
      assert.equal(spec.networkId, 'prod-vlan100');
      assert.equal(spec.vlan, 100);
      assert.equal(spec.bridge, 'vmbr0');
      assert.equal(spec.mtu, 1500);
      assert.deepEqual(spec.ipam, {
        type: 'static',
        subnet: '10.100.0.0/24',
        gateway: '10.100.0.1',
        dnsServers: ['10.100.0.53', '1.1.1.1'],
        searchDomains: ['infra.example.com'],
      });
      assert.deepEqual(spec.dhcp, {
        enabled: false,
        reservations: [
          { macAddress: '52:54:00:12:34:56', ipAddress: '10.100.0.21', hostname: 'web-01' },
          { macAddress: '52:54:00:12:34:57', ipAddress: '10.100.0.22', hostname: 'web-02' },
        ],
      });
      assert.equal(spec.isolation, true);
      assert.deepEqual(
        spec.firewallRules.map((r) => `${r.direction} ${r.protocol ?? ''} ${r.port ?? '-'}`),
        ['ingress tcp 22', 'ingress tcp 80-443', 'ingress icmp -'],
      );
      const [bridge] = spec.interfaces;
      assert.equal(bridge?.name, 'vmbr0.100');
      assert.equal(bridge.ipConfiguration?.netmask, '255.255.255.0');
    });

    it('reads DHCP from ipam.dhcp as the IPAMConfiguration data type places it', () => {
      const spec = (
        canonical(
          kind,
          changed(
            net,
            {
              'spec.ipam.type': 'dhcp',
              'spec.ipam.dhcp': {
                enabled: true,
                poolStart: '10.100.0.10',
                poolEnd: '10.100.0.20',
                leaseTime: '1h',
              },
            },
            ['spec.dhcp'],
          ),
        ) as NetworkConfiguration
      ).spec;
      assert.deepEqual(spec.dhcp, {
        enabled: true,
        poolStart: '10.100.0.10',
        poolEnd: '10.100.0.20',
        leaseTime: '1h',
        reservations: [],
      });
    });

    it('accepts a Kea DHCP server with a pool and an IPv6 network', () => {
      assert.deepEqual(messages(kind, kea), []);
      const v6 = changed(
        net,
        {
          'spec.ipam': { type: 'kea', subnet: 'fd00:100::/64', gateway: 'fd00:100::1' },
          'spec.dhcp': {
            enabled: true,
            poolStart: 'fd00:100::100',
            poolEnd: 'fd00:100::1ff',
            reservations: [{ macAddress: '52:54:00:00:00:01', ipAddress: 'fd00:100::21' }],
          },
        },
        ['spec.interfaces'],
      );
      assert.deepEqual(messages(kind, v6), []);
    });
  });

  describe('rejects', () => {
    const cases: InvalidCase[] = [
      {
        name: 'a VLAN out of range',
        base: net,
        set: { 'spec.vlan': 4095 },
        want: ['spec.vlan: 4095 is out of range (expected an integer from 1 to 4094)'],
      },
      {
        name: 'an MTU out of range',
        base: net,
        set: { 'spec.mtu': 65000 },
        want: ['spec.mtu: 65000 is out of range (expected an integer from 576 to 9216)'],
      },
      {
        name: 'a network ID that is not an RFC 1123 name',
        base: net,
        set: { 'spec.networkId': 'Prod_Net' },
        want: [
          'spec.networkId: "Prod_Net" is not a valid RFC 1123 name (use lowercase letters, digits and "-", starting and ending with a letter or digit, like "web-01")',
        ],
      },
      {
        name: 'a subnet with host bits set',
        base: net,
        set: { 'spec.ipam.subnet': '10.100.0.1/24' },
        want: [
          'spec.ipam.subnet: "10.100.0.1/24" has host bits set (use the network address "10.100.0.0/24")',
        ],
      },
      {
        name: 'an unknown IPAM type',
        base: net,
        set: { 'spec.ipam.type': 'infoblox' },
        want: [
          'spec.ipam.type: "infoblox" is not one of the allowed values (allowed: static, dhcp, kea, or external)',
        ],
      },
      {
        name: 'a gateway outside the subnet',
        base: net,
        set: { 'spec.ipam.gateway': '10.200.0.1' },
        want: [
          'spec.ipam.gateway: "10.200.0.1" is outside ipam.subnet 10.100.0.0/24 (the gateway must lie inside the subnet)',
        ],
      },
      {
        name: 'a DHCP server on a static network',
        base: net,
        set: { 'spec.dhcp.enabled': true },
        want: [
          'spec.dhcp.enabled: true requires ipam.type kea or dhcp, but ipam.type is "static" (set ipam.type: kea to run the DHCP server, or turn DHCP off)',
        ],
      },
      {
        name: 'a DHCP server without an IPAM type',
        base: kea,
        del: ['spec.ipam.type'],
        want: [
          'spec.dhcp.enabled: true requires ipam.type kea or dhcp, but ipam.type is not set (set ipam.type: kea to run the DHCP server, or turn DHCP off)',
        ],
      },
      {
        name: 'a DHCP pool outside the subnet',
        base: kea,
        set: { 'spec.dhcp.poolEnd': '10.100.1.10' },
        want: [
          'spec.dhcp.poolEnd: "10.100.1.10" is outside ipam.subnet 10.100.0.0/24 (the DHCP pool must lie inside the subnet)',
        ],
      },
      {
        name: 'a DHCP pool that ends before it starts',
        base: kea,
        set: { 'spec.dhcp.poolEnd': '10.100.0.50' },
        want: [
          'spec.dhcp.poolEnd: "10.100.0.50" comes before poolStart 10.100.0.100 (the pool runs from poolStart up to poolEnd)',
        ],
      },
      {
        name: 'a DHCP pool in ipam.dhcp outside the subnet',
        base: net,
        set: {
          'spec.ipam.type': 'kea',
          'spec.ipam.dhcp': { enabled: true, poolStart: '192.168.0.10', poolEnd: '10.100.0.20' },
        },
        del: ['spec.dhcp'],
        want: [
          'spec.ipam.dhcp.poolStart: "192.168.0.10" is outside ipam.subnet 10.100.0.0/24 (the DHCP pool must lie inside the subnet)',
        ],
      },
      {
        name: 'DHCP configured in both places',
        base: kea,
        set: { 'spec.ipam.dhcp': { enabled: true } },
        want: [
          'spec.ipam.dhcp: cannot be set together with spec.dhcp (both configure DHCP: keep one)',
        ],
      },
      {
        name: 'a lease time without a unit',
        base: kea,
        set: { 'spec.dhcp.leaseTime': '3600' },
        want: [
          'spec.dhcp.leaseTime: "3600" is not a valid duration (expected a number with a unit, like "30s", "5m", "1h" or "90d")',
        ],
      },
      {
        name: 'a reservation outside the subnet',
        base: net,
        set: { 'spec.dhcp.reservations.1.ipAddress': '10.101.0.22' },
        want: [
          'spec.dhcp.reservations[1].ipAddress: "10.101.0.22" is outside ipam.subnet 10.100.0.0/24 (reservations must lie inside the subnet)',
        ],
      },
      {
        name: 'a reservation of the gateway address',
        base: net,
        set: { 'spec.dhcp.reservations.1.ipAddress': '10.100.0.1' },
        want: [
          'spec.dhcp.reservations[1].ipAddress: "10.100.0.1" is the gateway address (reserve a different address for this host)',
        ],
      },
      {
        name: 'two reservations for one MAC address, spelt differently',
        base: net,
        set: { 'spec.dhcp.reservations.1.macAddress': '52-54-00-12-34-56' },
        want: [
          'spec.dhcp.reservations[1].macAddress: "52-54-00-12-34-56" is already reserved by reservations[0] (each MAC address may have one reservation)',
        ],
      },
      {
        name: 'two reservations of one address',
        base: net,
        set: { 'spec.dhcp.reservations.1.ipAddress': '10.100.0.21' },
        want: [
          'spec.dhcp.reservations[1].ipAddress: "10.100.0.21" is already reserved by reservations[0] (each address may be reserved for one host)',
        ],
      },
      {
        name: 'a reservation without a MAC address',
        base: net,
        del: ['spec.dhcp.reservations.0.macAddress'],
        want: [
          'spec.dhcp.reservations[0].macAddress: is required (expected a MAC address like "52:54:00:12:34:56")',
        ],
      },
      {
        name: 'a DNS server that is not an IP address',
        base: net,
        set: { 'spec.ipam.dns.servers.1': 'dns.example.com' },
        want: [
          'spec.ipam.dns.servers[1]: "dns.example.com" is not a valid IP address (expected a form like "10.0.0.10" or "fd00::10")',
        ],
      },
      {
        name: 'a firewall rule with a port for icmp',
        base: net,
        set: { 'spec.security.firewallRules.2.port': '8' },
        want: [
          'spec.security.firewallRules[2].port: "8" cannot be set for protocol icmp (icmp has no ports: remove port, or use tcp or udp)',
        ],
      },
      {
        name: 'a firewall rule with a bad port range, source and action',
        base: net,
        set: {
          'spec.security.firewallRules.1.port': '443-80',
          'spec.security.firewallRules.1.source': 'anywhere',
          'spec.security.firewallRules.1.action': 'accept',
        },
        want: [
          'spec.security.firewallRules[1].port: "443-80" has a start port above its end port (expected a form like "22" or "80-443", ports 1 to 65535)',
          'spec.security.firewallRules[1].source: "anywhere" is not a valid CIDR block or IP address (expected a form like "10.0.0.0/16" or "10.0.0.5")',
          'spec.security.firewallRules[1].action: "accept" is not one of the allowed values (allowed: allow or deny)',
        ],
      },
      {
        name: 'a bridge name longer than Linux allows',
        base: net,
        set: { 'spec.bridge': 'vmbr-production-100' },
        want: [
          'spec.bridge: "vmbr-production-100" is not a valid interface name (use at most 15 letters, digits, ".", "-" and "_", starting with a letter or digit, like "vmbr0")',
        ],
      },
      {
        name: 'duplicate host interface names',
        base: net,
        set: { 'spec.interfaces.1': { name: 'vmbr0.100', type: 'macvlan' } },
        want: [
          'spec.interfaces[1].name: "vmbr0.100" is a duplicate of item 0 (each name in this list must be unique)',
        ],
      },
      {
        name: 'a static interface without an address and with a bad netmask',
        base: net,
        set: { 'spec.interfaces.0.ipConfiguration': { type: 'static', netmask: '255.0.255.0' } },
        want: [
          'spec.interfaces[0].ipConfiguration.netmask: "255.0.255.0" is not a valid netmask (expected a form like "255.255.255.0" or a prefix length like "24")',
        ],
      },
      {
        name: 'a static interface without an address',
        base: net,
        del: ['spec.interfaces.0.ipConfiguration.address'],
        want: ['spec.interfaces[0].ipConfiguration.address: is required when type is static'],
      },
      {
        name: 'an allocated IP listed twice in status',
        base: net,
        set: { status: { ready: true, allocatedIPs: ['10.100.0.21', '10.100.0.21'] } },
        want: [
          'status.allocatedIPs[1]: "10.100.0.21" is a duplicate of item 0 (each value in this list must be unique)',
        ],
      },
    ];
    itRejects(kind, cases);
  });
});
