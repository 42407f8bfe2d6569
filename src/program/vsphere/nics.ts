// The NICs of a vSphere VM and the guest's network settings. vSphere builds no networks here: each
// NIC joins an existing port group, looked up by name:
//   - an interface on a NetworkConfiguration: its spec.networkId, else its name, with the address
//     the stack's address plan gave it (static when planned, else DHCP);
//   - a machine without such interfaces: spec.networking.subnet as written (a port group), else
//     the provider's network (networkConfig.defaultNetworkId, else its first availableNetworks
//     entry), with DHCP.
// The guest learns static addresses from VMware guest customization (Machines) or from the
// guestinfo metadata (guestinfo.ts; Talos nodes, which cannot be customized).
import { formats } from '../../api/schema';
import type { MachineCustomization, StaticAddress } from '../../components/vsphere';
import type { ResolvedMachine, ResolvedMachineProvider } from '../../model';
import type { PlannedInterface } from '../backend';
import { providerName } from './placement';

/** Domain of a machine whose networks and provider name none (the conventional default). */
export const DEFAULT_DOMAIN = 'localdomain';

export interface VmNic {
  /** The guest's name for it: the interface name as written, else `eth<index>`. */
  readonly name: string;
  /** The port group to look up. */
  readonly portGroup: string;
  readonly planned?: PlannedInterface;
  readonly macAddress?: string;
  readonly ipv4?: StaticAddress;
  readonly ipv6?: StaticAddress;
}

/** The provider's own network: defaultNetworkId, else the first availableNetworks entry. */
export function providerNetwork(p: ResolvedMachineProvider): string | undefined {
  const n = p.provider.spec.network;
  return n.defaultNetworkId ?? n.availableNetworks[0]?.id;
}

/** A port group name as written, or the id of the provider network whose name it is. */
function portGroupOf(p: ResolvedMachineProvider, written: string): string {
  const found = p.provider.spec.network.availableNetworks.find(
    (x) => x.id === written || x.name === written,
  );
  return found?.id ?? written;
}

/** The port group of a NetworkConfiguration: spec.networkId, else its name. */
export function networkPortGroup(planned: PlannedInterface): string {
  return planned.network.spec.networkId ?? planned.network.metadata.name;
}

function staticOf(
  owner: string,
  planned: PlannedInterface,
  problems: string[],
): Pick<VmNic, 'ipv4' | 'ipv6'> {
  const a = planned.address;
  if (a.address === undefined) return {};
  const parsed = formats.parseAddress(a.address);
  if (a.prefix === undefined || parsed === undefined) {
    problems.push(
      `${owner}: interface ${planned.name} has the address ${a.address} on NetworkConfiguration ${a.network}, which has no spec.ipam.subnet, so its netmask is unknown; add spec.ipam.subnet (e.g. "10.0.0.0/24") to the NetworkConfiguration`,
    );
    return {};
  }
  const addr = { address: a.address, prefix: a.prefix };
  return parsed.family === 4 ? { ipv4: addr } : { ipv6: addr };
}

/** Unnamed interfaces get `net<i>` from the address plan: the guest calls them `eth<i>`. */
function guestName(planned: PlannedInterface, index: number): string {
  return /^net\d+$/.test(planned.name) ? `eth${String(index)}` : planned.name;
}

/**
 * The NICs of a VM, or what must be fixed first. `m` is absent for cluster nodes (they have no
 * spec.networking of their own).
 */
export function vmNics(
  p: ResolvedMachineProvider,
  owner: string,
  interfaces: readonly PlannedInterface[],
  m?: ResolvedMachine,
): { nics: VmNic[] } | { problems: string[] } {
  const problems: string[] = [];
  if (interfaces.length > 0) {
    const nics = interfaces.map((planned, i) => ({
      name: guestName(planned, i),
      portGroup: networkPortGroup(planned),
      planned,
      ...(planned.macAddress !== undefined ? { macAddress: planned.macAddress } : {}),
      ...staticOf(owner, planned, problems),
    }));
    return problems.length > 0 ? { problems } : { nics };
  }
  const written = m?.subnet;
  const portGroup = written !== undefined ? portGroupOf(p, written) : providerNetwork(p);
  if (portGroup === undefined) {
    const fix =
      m !== undefined
        ? 'give the Machine spec.networking.interfaces with a networkRef, or spec.networking.subnet naming a port group, or'
        : 'give the cluster a node network, or';
    return {
      problems: [
        `${owner}: no network to attach to; ${fix} set spec.networkConfig.defaultNetworkId on ${providerName(p)} (e.g. "VM Network")`,
      ],
    };
  }
  return { nics: [{ name: 'eth0', portGroup }] };
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

/** The DNS domain: the first NetworkConfiguration search domain, else the provider's setting. */
export function domainOf(p: ResolvedMachineProvider, nics: readonly VmNic[]): string {
  const settings = p.provider.spec.customSettings;
  return (
    nics.flatMap((n) => n.planned?.address.searchDomains ?? [])[0] ??
    settings.domain ??
    settings.dnsDomain ??
    DEFAULT_DOMAIN
  );
}

/** The default gateways: each family's first static NIC whose network names a gateway. */
export function gatewaysOf(nics: readonly VmNic[]): { ipv4?: string; ipv6?: string } {
  const gateway = (family: 4 | 6) =>
    nics.find((n) => {
      const g = n.planned?.address.gateway;
      const own = family === 4 ? n.ipv4 : n.ipv6;
      return own !== undefined && g !== undefined && formats.parseAddress(g)?.family === family;
    })?.planned?.address.gateway;
  const ipv4 = gateway(4);
  const ipv6 = gateway(6);
  return { ...(ipv4 !== undefined ? { ipv4 } : {}), ...(ipv6 !== undefined ? { ipv6 } : {}) };
}

/** Linux guest customization for a Machine: host name, domain, DNS, default gateways. */
export function customizationOf(
  p: ResolvedMachineProvider,
  hostName: string,
  nics: readonly VmNic[],
): MachineCustomization {
  const gw = gatewaysOf(nics);
  const dnsServers = unique(nics.flatMap((n) => n.planned?.address.dnsServers ?? []));
  const dnsSuffixes = unique(nics.flatMap((n) => n.planned?.address.searchDomains ?? []));
  return {
    hostName,
    domain: domainOf(p, nics),
    ...(gw.ipv4 !== undefined ? { ipv4Gateway: gw.ipv4 } : {}),
    ...(gw.ipv6 !== undefined ? { ipv6Gateway: gw.ipv6 } : {}),
    ...(dnsServers.length > 0 ? { dnsServers } : {}),
    ...(dnsSuffixes.length > 0 ? { dnsSuffixes } : {}),
  };
}

/** The first static address of the VM (its private IP in status), if any. */
export function plannedAddress(nics: readonly VmNic[]): string | undefined {
  const n = nics.find((x) => x.ipv4 ?? x.ipv6);
  return n?.ipv4?.address ?? n?.ipv6?.address;
}
