// A vSphere VM as a MachineOutput: its UUID as id, the planned static address as private IP
// (else the address VMware Tools reports), the boot disk and the data disks by their VMDK UUIDs.
import * as pulumi from '@pulumi/pulumi';
import { dataDiskLabel, ROOT_DISK_LABEL, type Machine } from '../../components/vsphere';
import type { MachineOutput } from '../outputs';

export interface OutputVolume {
  readonly name: string;
  /** As written, e.g. `100Gi`. */
  readonly size: string;
  readonly type: string;
  readonly mountPath?: string;
}

/** The MachineOutput of a VM; `address` is the planned static address, when there is one. */
export function machineOutput(
  vm: Machine,
  address: string | undefined,
  rootType: pulumi.Input<string>,
  volumes: readonly OutputVolume[],
): pulumi.Output<MachineOutput> {
  return pulumi
    .all([vm.uuid, vm.powerState, vm.defaultIpAddress, vm.guestIpAddresses, vm.disks, rootType])
    .apply(([uuid, power, defaultIp, guestIps, disks, type]): MachineOutput => {
      const root = disks.find((d) => d.label === ROOT_DISK_LABEL);
      const byLabel = new Map(disks.map((d) => [d.label, d]));
      return {
        id: uuid,
        // The provider powers clones on and waits for them; anything else is still on its way.
        state: power === 'on' ? 'running' : 'pending',
        privateIP: address ?? (defaultIp || guestIps.find((ip) => !ip.includes(':')) || ''),
        ...(root
          ? {
              rootVolume: {
                id: root.uuid,
                size: `${String(root.sizeGiB)}Gi`,
                type,
                state: 'in-use',
              },
            }
          : {}),
        additionalVolumes: volumes.map((v) => ({
          id: byLabel.get(dataDiskLabel(v.name))?.uuid ?? '',
          name: v.name,
          size: v.size,
          type: v.type,
          ...(v.mountPath !== undefined ? { mountPath: v.mountPath } : {}),
          state: 'in-use',
        })),
      };
    });
}
