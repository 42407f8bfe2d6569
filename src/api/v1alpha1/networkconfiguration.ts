// NetworkConfiguration: one layer-2 network (VLAN, bridge, MTU) with its IPAM, DHCP service,
// firewall rules and host interfaces (spec 001, including its IPAMConfiguration and
// NetworkInterface data types).
import { defineKind, type RawResource, type Resource } from '../kind';
import { formats, s, type Infer } from '../schema';
import { AGE_COLUMN, compact, statusBasics } from './common';

const { addressKey, compareAddresses, ipInSubnet, macKey } = formats;

/** MTU bounds: 576 is the IPv4 minimum datagram size, 9216 the usual jumbo-frame ceiling. */
const MTU = { min: 576, max: 9216 } as const;

const dhcpFields = {
  enabled: s.bool('Run a DHCP server on this network; needs ipam.type kea or dhcp.'),
  poolStart: s.ip('First address of the DHCP pool.'),
  poolEnd: s.ip('Last address of the DHCP pool.'),
  leaseTime: s.duration('DHCP lease duration, e.g. "12h".'),
};

const reservation = s.object('A fixed address for one MAC address.', {
  macAddress: s.mac('MAC address of the host.').req(),
  ipAddress: s.ip('Address reserved for the host.').req(),
  hostname: s.subdomain('Host name given to the host.'),
});

export const networkConfigurationSpec = s
  .object('Desired network: VLAN, bridge, MTU, IPAM, DHCP, firewall rules and interfaces.', {
    networkId: s.name('Unique network identifier, e.g. "prod-network".'),
    vlan: s.vlan('VLAN ID, from 1 to 4094.'),
    bridge: s.interfaceName('Bridge interface the network is attached to, e.g. "vmbr0".'),
    mtu: s.int('Maximum transmission unit, from 576 to 9216 bytes.', MTU),
    ipam: s.object('IP address management.', {
      type: s.enum('How addresses are assigned.', ['static', 'dhcp', 'kea', 'external']),
      subnet: s.cidr('Network subnet in CIDR notation, e.g. "10.100.0.0/24".'),
      gateway: s.ip('Default gateway; must lie inside the subnet.'),
      dns: s.object('DNS settings handed to hosts.', {
        servers: s.array('DNS server addresses.', s.ip('A DNS server address.'), {
          unique: true,
        }),
        searchDomains: s.array('DNS search domains.', s.subdomain('A search domain.'), {
          unique: true,
        }),
      }),
      dhcp: s.object(
        'DHCP settings as the IPAMConfiguration data type places them; set this or spec.dhcp.',
        dhcpFields,
      ),
    }),
    dhcp: s.object('DHCP service of the network (when ipam.type is kea or dhcp).', {
      ...dhcpFields,
      reservations: s.array('Fixed addresses for known MAC addresses.', reservation),
    }),
    security: s.object('Isolation and firewall rules.', {
      isolation: s.bool('Isolate the network from other networks.'),
      firewallRules: s.array(
        'Firewall rules of the network.',
        s
          .object('A firewall rule.', {
            direction: s.enum('Traffic direction.', ['ingress', 'egress']).req(),
            protocol: s.enum('Protocol.', ['tcp', 'udp', 'icmp']),
            port: s.portRange('Port or port range, e.g. "22" or "8000-8080".'),
            source: s.cidrOrIp('Source CIDR block or IP address.'),
            destination: s.cidrOrIp('Destination CIDR block or IP address.'),
            action: s.enum('What the rule does.', ['allow', 'deny']).req(),
          })
          .refine((v, r) => {
            if (v.protocol === 'icmp' && v.port !== undefined) {
              r.add(
                ['port'],
                'cannot be set for protocol icmp (icmp has no ports: remove port, or use tcp or udp)',
                v.port,
              );
            }
          }),
      ),
    }),
    interfaces: s.array(
      'Host interfaces on this network (the NetworkInterface data type).',
      s.object('A host interface.', {
        name: s.interfaceName('Interface name, e.g. "eth1".').req(),
        type: s.enum('Interface type.', ['bridge', 'macvlan', 'ipvlan']),
        macAddress: s.mac('MAC address.'),
        mtu: s.int('Maximum transmission unit, from 576 to 9216 bytes.', MTU),
        vlan: s.vlan('VLAN ID, from 1 to 4094.'),
        ipConfiguration: s
          .object('Address configuration of the interface.', {
            type: s.enum('How the interface gets its address.', ['static', 'dhcp']),
            address: s.ip('Static IP address.'),
            netmask: s.netmask('Network mask, e.g. "255.255.255.0" or "24".'),
            gateway: s.ip('Gateway address.'),
          })
          .refine((v, r) => {
            if (v.type === 'static' && v.address === undefined) {
              r.missing(['address'], 'is required when type is static');
            }
          }),
      }),
      { uniqueBy: 'name' },
    ),
  })
  .refine((v, r) => {
    const subnet = v.ipam?.subnet;
    const gateway = v.ipam?.gateway;
    const inside = (ip: string) => subnet === undefined || ipInSubnet(ip, subnet);
    const outside = (path: (string | number)[], ip: string, what: string) => {
      r.add(
        path,
        `is outside ipam.subnet ${subnet ?? ''} (${what} must lie inside the subnet)`,
        ip,
      );
    };
    if (gateway !== undefined && !inside(gateway)) {
      outside(['ipam', 'gateway'], gateway, 'the gateway');
    }
    if (v.dhcp !== undefined && v.ipam?.dhcp !== undefined) {
      r.missing(
        ['ipam', 'dhcp'],
        'cannot be set together with spec.dhcp (both configure DHCP: keep one)',
      );
    }
    const dhcp = v.dhcp ?? v.ipam?.dhcp;
    const dhcpPath = v.dhcp !== undefined ? ['dhcp'] : ['ipam', 'dhcp'];
    if (dhcp === undefined) return;
    if (dhcp.enabled === true && v.ipam?.type !== 'kea' && v.ipam?.type !== 'dhcp') {
      const now = v.ipam?.type === undefined ? 'is not set' : `is "${v.ipam.type}"`;
      r.add(
        [...dhcpPath, 'enabled'],
        `requires ipam.type kea or dhcp, but ipam.type ${now} (set ipam.type: kea to run the DHCP server, or turn DHCP off)`,
        true,
      );
    }
    const { poolStart, poolEnd } = dhcp;
    let poolInside = true;
    if (poolStart !== undefined && !inside(poolStart)) {
      outside([...dhcpPath, 'poolStart'], poolStart, 'the DHCP pool');
      poolInside = false;
    }
    if (poolEnd !== undefined && !inside(poolEnd)) {
      outside([...dhcpPath, 'poolEnd'], poolEnd, 'the DHCP pool');
      poolInside = false;
    }
    // Order only matters once both ends are inside the subnet (otherwise that is the problem).
    if (poolStart !== undefined && poolEnd !== undefined && poolInside) {
      const order = compareAddresses(poolStart, poolEnd);
      if (order === undefined) {
        r.add(
          [...dhcpPath, 'poolEnd'],
          `is not in the same address family as poolStart ${poolStart}`,
          poolEnd,
        );
      } else if (order > 0) {
        r.add(
          [...dhcpPath, 'poolEnd'],
          `comes before poolStart ${poolStart} (the pool runs from poolStart up to poolEnd)`,
          poolEnd,
        );
      }
    }
    const reservations = v.dhcp?.reservations ?? [];
    const macs = new Map<string, number>();
    const ips = new Map<string, number>();
    reservations.forEach((res, i) => {
      const path = [...dhcpPath, 'reservations', i];
      if (!inside(res.ipAddress)) outside([...path, 'ipAddress'], res.ipAddress, 'reservations');
      else if (gateway !== undefined && compareAddresses(res.ipAddress, gateway) === 0) {
        r.add(
          [...path, 'ipAddress'],
          'is the gateway address (reserve a different address for this host)',
          res.ipAddress,
        );
      }
      const mac = macs.get(macKey(res.macAddress));
      if (mac !== undefined) {
        r.add(
          [...path, 'macAddress'],
          `is already reserved by reservations[${mac}] (each MAC address may have one reservation)`,
          res.macAddress,
        );
      } else macs.set(macKey(res.macAddress), i);
      const ip = ips.get(addressKey(res.ipAddress));
      if (ip !== undefined) {
        r.add(
          [...path, 'ipAddress'],
          `is already reserved by reservations[${ip}] (each address may be reserved for one host)`,
          res.ipAddress,
        );
      } else ips.set(addressKey(res.ipAddress), i);
    });
  });

export const networkConfigurationStatus = s.object('Observed state of the network.', {
  ...statusBasics,
  ready: s.bool('Whether the network is ready.'),
  allocatedIPs: s.array('Addresses currently allocated.', s.ip('An allocated address.'), {
    unique: true,
  }),
  connectedMachines: s.strings('Machines attached to the network, as namespace/name.', {
    unique: true,
  }),
});

export type RawNetworkConfigurationSpec = Infer<typeof networkConfigurationSpec>;
export type NetworkConfigurationStatus = Infer<typeof networkConfigurationStatus>;

type RawSpec = RawNetworkConfigurationSpec;
type RawIpam = NonNullable<RawSpec['ipam']>;
type RawDhcp = NonNullable<RawSpec['dhcp']>;

/** IP address management of the network. */
export interface NetworkIpam {
  readonly type?: RawIpam['type'];
  readonly subnet?: string;
  readonly gateway?: string;
  readonly dnsServers: readonly string[];
  readonly searchDomains: readonly string[];
}

/** DHCP service: `spec.dhcp`, or `spec.ipam.dhcp` as the IPAMConfiguration data type puts it. */
export interface NetworkDhcp {
  readonly enabled?: boolean;
  readonly poolStart?: string;
  readonly poolEnd?: string;
  readonly leaseTime?: string;
  readonly reservations: NonNullable<RawDhcp['reservations']>;
}

/** The canonical NetworkConfiguration spec. */
export interface NetworkConfigurationSpec {
  readonly networkId?: string;
  readonly vlan?: number;
  readonly bridge?: string;
  readonly mtu?: number;
  readonly ipam?: NetworkIpam;
  readonly dhcp?: NetworkDhcp;
  /** Isolate the network; absent means not set. */
  readonly isolation?: boolean;
  readonly firewallRules: NonNullable<NonNullable<RawSpec['security']>['firewallRules']>;
  readonly interfaces: NonNullable<RawSpec['interfaces']>;
}

/** A NetworkConfiguration in canonical form. */
export type NetworkConfiguration = Resource<
  'NetworkConfiguration',
  NetworkConfigurationSpec,
  NetworkConfigurationStatus
>;

export function normaliseNetworkConfigurationSpec(spec: RawSpec): NetworkConfigurationSpec {
  const ipam = spec.ipam;
  const dhcp = spec.dhcp ?? ipam?.dhcp;
  return compact({
    networkId: spec.networkId,
    vlan: spec.vlan,
    bridge: spec.bridge,
    mtu: spec.mtu,
    ipam:
      ipam === undefined
        ? undefined
        : compact({
            type: ipam.type,
            subnet: ipam.subnet,
            gateway: ipam.gateway,
            dnsServers: ipam.dns?.servers ?? [],
            searchDomains: ipam.dns?.searchDomains ?? [],
          }),
    dhcp:
      dhcp === undefined
        ? undefined
        : compact({
            enabled: dhcp.enabled,
            poolStart: dhcp.poolStart,
            poolEnd: dhcp.poolEnd,
            leaseTime: dhcp.leaseTime,
            reservations: spec.dhcp?.reservations ?? [],
          }),
    isolation: spec.security?.isolation,
    firewallRules: spec.security?.firewallRules ?? [],
    interfaces: spec.interfaces ?? [],
  });
}

export const networkConfigurationKind = defineKind({
  kind: 'NetworkConfiguration',
  plural: 'networkconfigurations',
  singular: 'networkconfiguration',
  shortNames: ['netconf', 'netcfg'],
  description:
    'NetworkConfiguration is one layer-2 network that machines attach to: VLAN, bridge and MTU, IP address management, an optional DHCP service with reservations, firewall rules and host interfaces.',
  spec: networkConfigurationSpec,
  status: networkConfigurationStatus,
  printerColumns: [
    { name: 'VLAN', type: 'integer', jsonPath: '.spec.vlan', description: 'VLAN ID.' },
    {
      name: 'Subnet',
      type: 'string',
      jsonPath: '.spec.ipam.subnet',
      description: 'Subnet (CIDR).',
    },
    { name: 'IPAM', type: 'string', jsonPath: '.spec.ipam.type', description: 'IPAM type.' },
    {
      name: 'Bridge',
      type: 'string',
      jsonPath: '.spec.bridge',
      description: 'Bridge interface.',
      priority: 1,
    },
    { name: 'Ready', type: 'boolean', jsonPath: '.status.ready', description: 'Network ready.' },
    AGE_COLUMN,
  ],
  normalise: (
    raw: RawResource<RawNetworkConfigurationSpec, NetworkConfigurationStatus>,
  ): NetworkConfiguration =>
    compact({
      kind: 'NetworkConfiguration' as const,
      metadata: raw.metadata,
      spec: normaliseNetworkConfigurationSpec(raw.spec),
      status: raw.status,
    }),
});
