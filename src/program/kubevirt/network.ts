// A VM's interfaces on NetworkConfigurations: one Multus NetworkAttachmentDefinition per interface
// (bridge CNI on the network's bridge, VLAN and MTU; static IPAM with the address the stack's
// plan gave the interface, or none where the network's DHCP serves it) and the cloud-init network
// data (network-config v2) that configures the same addresses in the guest. Interfaces are matched
// by MAC address in the guest (virtio NICs get names like enp1s0, not the manifest's eth0), so
// every interface gets a MAC: the one written, else a stable locally administered one.
import { createHash } from 'node:crypto';
import { stringify } from 'yaml';
import type { NetworkAttachmentArgs } from '../../components/kubevirt/network-attachment';
import { toDnsLabel } from '../../components/kubevirt/names';
import type { PlannedInterface } from '../backend';

/** Planned interfaces whose address the guest sets itself (the stack's plan gave it one). */
function isStatic(i: PlannedInterface): boolean {
  return (
    i.address.address !== undefined &&
    (i.address.source === 'fixed' || i.address.source === 'allocated')
  );
}

/**
 * A stable MAC address for an interface with none written: locally administered, unicast
 * (first octet 02), the rest from a hash of `seed` (`<namespace>/<vm>/<interface>`).
 */
export function stableMac(seed: string): string {
  const hex = createHash('sha256').update(seed).digest('hex');
  const bytes = [0, 1, 2, 3, 4].map((i) => hex.slice(i * 2, i * 2 + 2));
  return ['02', ...bytes].join(':');
}

/** The MAC of a planned interface of VM `namespace/vm`. */
export function macOf(namespace: string, vm: string, i: PlannedInterface): string {
  return (i.macAddress ?? stableMac(`${namespace}/${vm}/${i.name}`)).toLowerCase();
}

/** Problems of an interface KubeVirt cannot attach; [] when fine. */
export function interfaceProblems(where: string, i: PlannedInterface): string[] {
  const net = `NetworkConfiguration ${i.address.network}`;
  const out: string[] = [];
  if (i.network.spec.bridge === undefined) {
    out.push(
      `${where} interface ${i.name}: ${net} has no spec.bridge; on KubeVirt the interface joins a Linux bridge of the nodes, so set spec.bridge to its name (e.g. "br0")`,
    );
  }
  if (isStatic(i) && i.address.prefix === undefined) {
    out.push(
      `${where} interface ${i.name}: ${net} has no spec.ipam.subnet, so the static address ${i.address.address ?? ''} has no prefix length; set spec.ipam.subnet`,
    );
  }
  return out;
}

/** The NAD name of an interface: `<vm>-<interface>`. */
export function attachmentName(vm: string, i: PlannedInterface): string {
  return toDnsLabel(`${vm}-${i.name}`);
}

/** The NetworkAttachmentDefinition of one interface (checked by interfaceProblems first). */
export function attachmentArgs(
  vm: string,
  namespace: string,
  i: PlannedInterface,
  labels: Readonly<Record<string, string>>,
): NetworkAttachmentArgs {
  const a = i.address;
  return {
    name: attachmentName(vm, i),
    namespace,
    bridge: i.network.spec.bridge ?? '',
    ...(a.vlan !== undefined ? { vlan: a.vlan } : {}),
    ...(a.mtu !== undefined ? { mtu: a.mtu } : {}),
    ...(isStatic(i) && a.address !== undefined && a.prefix !== undefined
      ? {
          ipam: {
            address: `${a.address}/${String(a.prefix)}`,
            ...(a.gateway !== undefined ? { gateway: a.gateway } : {}),
            dnsServers: a.dnsServers,
            searchDomains: a.searchDomains,
          },
        }
      : {}),
    labels,
  };
}

/**
 * cloud-init network data (network-config version 2) for the interfaces: the static address,
 * default route (first interface with a gateway only: two default routes fight), DNS and MTU,
 * else DHCP. Undefined without interfaces (the pod network needs none).
 */
export function networkData(
  namespace: string,
  vm: string,
  interfaces: readonly PlannedInterface[],
): string | undefined {
  if (interfaces.length === 0) return undefined;
  const routed = interfaces.find((i) => isStatic(i) && i.address.gateway !== undefined);
  const ethernets: Record<string, Record<string, unknown>> = {};
  for (const i of interfaces) {
    const a = i.address;
    const v6 = a.address?.includes(':') === true;
    ethernets[i.name] = {
      match: { macaddress: macOf(namespace, vm, i) },
      'set-name': i.name,
      ...(isStatic(i) && a.address !== undefined && a.prefix !== undefined
        ? {
            addresses: [`${a.address}/${String(a.prefix)}`],
            ...(i === routed && a.gateway !== undefined
              ? { routes: [{ to: v6 ? '::/0' : '0.0.0.0/0', via: a.gateway }] }
              : {}),
            ...(a.dnsServers.length > 0 || a.searchDomains.length > 0
              ? { nameservers: { addresses: [...a.dnsServers], search: [...a.searchDomains] } }
              : {}),
          }
        : { dhcp4: true }),
      ...(a.mtu !== undefined ? { mtu: a.mtu } : {}),
    };
  }
  return stringify({ version: 2, ethernets });
}

/** The address of the machine for its status: the first interface's planned address. */
export function plannedAddress(interfaces: readonly PlannedInterface[]): string | undefined {
  return interfaces.find((i) => i.address.address !== undefined)?.address.address;
}
