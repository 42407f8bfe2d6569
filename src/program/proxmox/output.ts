// A Proxmox VM as the stack's provider-neutral MachineOutput: id `<node>/<vmid>`, the address the
// plan gave it (else the first IPv4 address the guest agent reports, loopback skipped), the
// Proxmox node as its zone, and its disks by volume id.
import * as pulumi from '@pulumi/pulumi';
import type { Machine } from '../../components/proxmox/machine';
import type { MachineOutput, VolumeOutput } from '../outputs';

/** A disk as the status reports it. */
export interface OutputDisk {
  /** The disk slot (`scsi0`). */
  readonly interface: string;
  readonly sizeGiB: number;
  readonly name?: string;
  readonly type?: string;
  readonly mountPath?: string;
}

/** The first address the guest agent reports that is not a loopback or link-local one. */
export function agentAddress(ipv4: readonly (readonly string[])[] | undefined): string | undefined {
  for (const list of ipv4 ?? []) {
    for (const ip of list) {
      if (!ip.startsWith('127.') && !ip.startsWith('169.254.') && ip !== '') return ip;
    }
  }
  return undefined;
}

export function machineOutput(
  vm: Machine,
  plannedAddress: string | undefined,
  root: OutputDisk,
  volumes: readonly OutputDisk[],
): pulumi.Output<MachineOutput> {
  return pulumi
    .all([vm.vmId, vm.nodeName, vm.ipv4Addresses, vm.diskIds])
    .apply(([vmId, node, ipv4, diskIds]): MachineOutput => {
      const volume = (d: OutputDisk): VolumeOutput => ({
        id: diskIds[d.interface] ?? `${node}/${String(vmId)}/${d.interface}`,
        ...(d.name !== undefined ? { name: d.name } : {}),
        size: `${String(d.sizeGiB)}Gi`,
        ...(d.type !== undefined ? { type: d.type } : {}),
        ...(d.mountPath !== undefined ? { mountPath: d.mountPath } : {}),
        state: 'in-use',
      });
      return {
        id: `${node}/${String(vmId)}`,
        state: 'running',
        privateIP: plannedAddress ?? agentAddress(ipv4) ?? '',
        availabilityZone: node,
        rootVolume: volume(root),
        additionalVolumes: volumes.map(volume),
      };
    });
}
