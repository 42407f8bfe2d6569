// A VM's network devices and their cloud-init addresses, from the interfaces the stack's address
// plan served (ipam.ts): one device per interface on the NetworkConfiguration's bridge, VLAN tag
// and MTU. A static or allocated address goes into cloud-init as `address/prefix`; a DHCP
// reservation stays DHCP, with the device given the reserved MAC address so the DHCP server hands
// out the reserved address; everything else is DHCP. Only the first interface with a gateway gets
// it: several default routes would fight over the traffic.
import { formats } from '../../api/schema';
import type { NetworkConfiguration } from '../../api/v1alpha1';
import type { MachineIpConfig, MachineNetworkDevice } from '../../components/proxmox/machine';
import type { PlannedInterface } from '../backend';
import { bridgeFor, bridgeHint, type ProxmoxSite } from './site';

/** One network device to build, in order: planned on a NetworkConfiguration, or not. */
export interface NicRequest {
  /** The interface name, for messages (`eth0`). */
  readonly name: string;
  readonly planned?: PlannedInterface;
  /** A MAC address the manifest writes. */
  readonly macAddress?: string;
}

export interface VmNetwork {
  readonly devices: readonly MachineNetworkDevice[];
  readonly ipConfigs: readonly MachineIpConfig[];
  readonly dnsServers: readonly string[];
  readonly searchDomains: readonly string[];
  /** The first interface's address when the plan knows it (written, reserved or allocated). */
  readonly address?: string;
  /** Some device takes its address from DHCP (the VM firewall must let DHCP through). */
  readonly usesDhcp: boolean;
  /** The NetworkConfiguration behind each device key (`net0`), for firewall rules. */
  readonly attached: readonly { readonly iface: string; readonly network: NetworkConfiguration }[];
}

function reservedMac(network: NetworkConfiguration, address: string): string | undefined {
  const key = formats.addressKey(address);
  return network.spec.dhcp?.reservations.find((r) => formats.addressKey(r.ipAddress) === key)
    ?.macAddress;
}

/** The devices and addresses of a VM; problems name the owner and how to fix them. */
export function vmNetwork(
  site: Pick<ProxmoxSite, 'provider' | 'config'>,
  owner: string,
  requests: readonly NicRequest[],
): { network: VmNetwork } | { problems: string[] } {
  const problems: string[] = [];
  // A VM without interfaces of its own still needs one: DHCP on the default bridge.
  const list: readonly NicRequest[] = requests.length > 0 ? requests : [{ name: 'net0' }];
  const devices: MachineNetworkDevice[] = [];
  const ipConfigs: MachineIpConfig[] = [];
  const dns = new Set<string>();
  const search = new Set<string>();
  const attached: { iface: string; network: NetworkConfiguration }[] = [];
  let address: string | undefined;
  let gatewaySet = false;
  list.forEach((req, i) => {
    const planned = req.planned;
    const net = planned?.network;
    const bridge = bridgeFor(site, planned?.address.bridge);
    if (bridge === undefined) {
      problems.push(
        `${owner}: interface ${req.name} has no bridge: ${net !== undefined ? `NetworkConfiguration ${planned?.address.network ?? ''} has no spec.bridge` : 'it names no NetworkConfiguration'}; set it there, or ${bridgeHint(site)}`,
      );
      return;
    }
    const a = planned?.address;
    let mac = req.macAddress;
    let ip: MachineIpConfig = { dhcp: true };
    if (a?.address !== undefined && (a.source === 'fixed' || a.source === 'allocated')) {
      if (a.prefix === undefined) {
        problems.push(
          `${owner}: interface ${req.name} has the static address ${a.address}, but NetworkConfiguration ${a.network} has no spec.ipam.subnet to give its prefix length; add spec.ipam.subnet (e.g. "10.0.0.0/24")`,
        );
        return;
      }
      const gateway = !gatewaySet ? a.gateway : undefined;
      if (gateway !== undefined) gatewaySet = true;
      ip = { address: a.address, prefix: a.prefix, ...(gateway !== undefined ? { gateway } : {}) };
    } else if (a?.address !== undefined && a.source === 'reservation' && net !== undefined) {
      mac ??= reservedMac(net, a.address);
    }
    // The first interface's address is the machine's; on DHCP the guest agent reports it.
    if (i === 0) address = a?.address;
    for (const d of a?.dnsServers ?? []) dns.add(d);
    for (const d of a?.searchDomains ?? []) search.add(d);
    if (net !== undefined) attached.push({ iface: `net${String(i)}`, network: net });
    devices.push({
      bridge,
      ...(a?.vlan !== undefined ? { vlanId: a.vlan } : {}),
      ...(a?.mtu !== undefined ? { mtu: a.mtu } : {}),
      ...(mac !== undefined ? { macAddress: mac.toUpperCase().replace(/-/g, ':') } : {}),
    });
    ipConfigs.push(ip);
  });
  if (problems.length > 0) return { problems };
  return {
    network: {
      devices,
      ipConfigs,
      dnsServers: [...dns],
      searchDomains: [...search],
      ...(address !== undefined ? { address } : {}),
      usesDhcp: ipConfigs.some((c) => 'dhcp' in c),
      attached,
    },
  };
}
