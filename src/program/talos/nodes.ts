// Built cluster nodes (machines of a MachineBackend) as TalosCluster nodes: the Talos API address
// (the planned address, else what the machine reports), always read through the machine's output
// so that a node is configured only once its machine exists; the planned address as static
// addressing; the install disk of the platform's disk bus; the node group's labels and taints.
import * as pulumi from '@pulumi/pulumi';
import type { StaticNetwork } from '../../components/talos/config-patches';
import type { TalosNodeArgs } from '../../components/talos/talos-cluster';
import type { StackModel } from '../../model';
import type { BuiltNode, PlannedInterface } from '../backend';

/**
 * The disk Talos installs to, by MachineProvider type: the backends give nodes one boot disk on a
 * SCSI controller (Proxmox scsi0, vSphere pvscsi: /dev/sda) or on virtio (KubeVirt: /dev/vda).
 */
export const INSTALL_DISKS: Readonly<Record<string, string>> = {
  proxmox: '/dev/sda',
  vsphere: '/dev/sda',
  kubevirt: '/dev/vda',
};

/** The install disk where a provider type is not listed above. */
export const DEFAULT_INSTALL_DISK = '/dev/sda';

/** MachineProvider types whose machines report a DHCP-assigned address (guest agent / tools). */
export const REPORTS_GUEST_ADDRESS: readonly string[] = ['proxmox', 'vsphere'];

/** The planned address of a node's first interface, when the plan gave one. */
export function plannedAddress(interfaces: readonly PlannedInterface[]): string | undefined {
  return interfaces.find((i) => i.address.address !== undefined)?.address.address;
}

/** Static addressing from the plan; undefined for DHCP (no address or no prefix known). */
export function staticNetwork(interfaces: readonly PlannedInterface[]): StaticNetwork | undefined {
  const a = interfaces.find((i) => i.address.address !== undefined)?.address;
  if (a?.address === undefined || a.prefix === undefined) return undefined;
  return {
    address: a.address,
    prefix: a.prefix,
    ...(a.gateway !== undefined ? { gateway: a.gateway } : {}),
    dnsServers: a.dnsServers,
    searchDomains: a.searchDomains,
    ...(a.mtu !== undefined ? { mtu: a.mtu } : {}),
  };
}

/** Where the node's Talos API answers, through its machine's output (see the file comment). */
export function nodeAddress(node: BuiltNode): pulumi.Output<string> {
  const planned = plannedAddress(node.interfaces);
  return node.output.apply((o) => {
    const address = planned ?? o.privateIP;
    if (address === '') {
      throw new Error(
        `cluster ${node.spec.clusterId} node ${node.spec.name}: its machine ${o.id} reports no address, so Talos cannot be configured; attach the nodes to a NetworkConfiguration with spec.ipam.subnet`,
      );
    }
    return address;
  });
}

/** A built node as a TalosCluster node. */
export function talosNode(model: StackModel, node: BuiltNode): TalosNodeArgs {
  const type = model.machineProviders.find((p) => p.key === node.spec.providerKey)?.type;
  const network = staticNetwork(node.interfaces);
  return {
    name: node.spec.name,
    machineType: node.spec.role === 'control-plane' ? 'controlplane' : 'worker',
    address: nodeAddress(node),
    installDisk: (type !== undefined ? INSTALL_DISKS[type] : undefined) ?? DEFAULT_INSTALL_DISK,
    ...(network !== undefined ? { network } : {}),
    labels: node.spec.labels,
    taints: node.spec.taints.map((t) => ({
      key: t.key,
      ...(t.value !== undefined ? { value: t.value } : {}),
      effect: t.effect,
    })),
  };
}
