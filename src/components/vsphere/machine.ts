// One vSphere VM cloned from a template: CPU and memory, the template's disks (the boot disk grown
// to the size asked for, never shrunk), data disks after them, NICs on existing port groups, Linux
// guest customization (host name, domain, static addresses or DHCP per NIC) and cloud-init or
// Talos data through guestinfo (`guestinfo.metadata`, and `guestinfo.userdata` as a secret).
// What the clone copies from its template (guest ID, firmware, SCSI type, NIC adapter types, disk
// provisioning of the template's disks) follows the template: the provider refuses clones that
// change them, and a mismatched guest ID breaks customization.
import * as pulumi from '@pulumi/pulumi';
import { TOKENS } from '../tokens';
import {
  controllersFor,
  memoryOf,
  validateMachineArgs,
  type DiskProvisioning,
  type MachineArgs,
  type MachineTemplate,
} from './machine-args';
import * as vsphere from './sdk';

/** A disk of the VM as built: its label, size and the UUID of its VMDK. */
export interface MachineDiskInfo {
  readonly label: string;
  readonly sizeGiB: number;
  readonly uuid: string;
}

/** Label of the boot disk (the template's first disk). */
export const ROOT_DISK_LABEL = 'disk0';

/** Label of a data disk. */
export function dataDiskLabel(name: string): string {
  return `data-${name}`;
}

function provisioning(p: DiskProvisioning | undefined): {
  thinProvisioned: boolean;
  eagerlyScrub: boolean;
} {
  return { thinProvisioned: (p ?? 'thin') === 'thin', eagerlyScrub: p === 'eager' };
}

/** The disks of the clone: the template's (the first grown to `rootDiskGiB`), then data disks. */
export function cloneDisks(
  template: Pick<MachineTemplate, 'disks'>,
  args: Pick<MachineArgs, 'rootDiskGiB' | 'dataDisks'>,
): vsphere.VirtualMachineDiskArgs[] {
  const own = [...template.disks].sort((a, b) => a.unitNumber - b.unitNumber);
  const base: vsphere.VirtualMachineDiskArgs[] =
    own.length > 0
      ? own.map((d, i) => ({
          label: `disk${i}`,
          size: i === 0 ? Math.max(args.rootDiskGiB, d.size) : d.size,
          unitNumber: d.unitNumber,
          thinProvisioned: d.thinProvisioned,
          eagerlyScrub: d.eagerlyScrub,
        }))
      : [{ label: ROOT_DISK_LABEL, size: args.rootDiskGiB, unitNumber: 0 }];
  const last = own.length > 0 ? Math.max(...own.map((d) => d.unitNumber)) : 0;
  const data = (args.dataDisks ?? []).map((d, i) => ({
    label: dataDiskLabel(d.name),
    size: d.sizeGiB,
    unitNumber: last + 1 + i,
    ...provisioning(d.provisioning),
  }));
  return [...base, ...data];
}

function base64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

/** A VM cloned from a template, with its disks, NICs, customization and guestinfo. */
export class Machine extends pulumi.ComponentResource {
  /** The VM's UUID (its provider ID). */
  public readonly uuid: pulumi.Output<string>;
  /** Managed object ID, e.g. `vm-1042`. */
  public readonly moid: pulumi.Output<string>;
  /** The address VMware Tools reports first (empty when the provider does not wait for one). */
  public readonly defaultIpAddress: pulumi.Output<string>;
  public readonly guestIpAddresses: pulumi.Output<string[]>;
  public readonly powerState: pulumi.Output<string>;
  /** Every disk as built, boot disk first. */
  public readonly disks: pulumi.Output<MachineDiskInfo[]>;

  constructor(name: string, args: MachineArgs, opts?: pulumi.ComponentResourceOptions) {
    super(TOKENS.vsphere.Machine, name, {}, opts);
    const problems = validateMachineArgs(args);
    if (problems.length > 0) throw new Error(`Machine ${name}: ${problems.join(' ')}`);

    const template = pulumi.output(args.template);
    const disks = template.apply((t) => cloneDisks(t, args));
    const maxUnit = disks.apply((d) => Math.max(...d.map((x) => Number(x.unitNumber ?? 0))));
    const nics = args.networkInterfaces;
    const c = args.customize;
    const extraConfig: Record<string, pulumi.Input<string>> = {};
    if (args.guestinfo?.metadata !== undefined) {
      extraConfig['guestinfo.metadata'] = base64(args.guestinfo.metadata);
      extraConfig['guestinfo.metadata.encoding'] = 'base64';
    }
    if (args.guestinfo?.userData !== undefined) {
      // User data often holds tokens and passwords: the engine keeps it encrypted in state.
      extraConfig['guestinfo.userdata'] = pulumi.secret(
        pulumi.output(args.guestinfo.userData).apply(base64),
      );
      extraConfig['guestinfo.userdata.encoding'] = 'base64';
    }

    const vm = new vsphere.VirtualMachine(
      `${name}-vm`,
      {
        name: args.name,
        resourcePoolId: args.resourcePoolId,
        ...(args.datastoreId !== undefined ? { datastoreId: args.datastoreId } : {}),
        ...(args.folder !== undefined ? { folder: args.folder } : {}),
        guestId: template.guestId,
        firmware: template.apply((t) => t.firmware ?? 'bios'),
        scsiType: template.apply((t) => t.scsiType || 'pvscsi'),
        numCpus: args.numCpus ?? template.apply((t) => t.numCpus ?? 1),
        numCoresPerSocket:
          args.numCpus !== undefined
            ? (args.coresPerSocket ?? args.numCpus)
            : template.apply((t) => t.numCoresPerSocket ?? 1),
        memory:
          args.memoryMiB !== undefined
            ? memoryOf(args.memoryMiB)
            : template.apply((t) => t.memory ?? 1024),
        disks,
        scsiControllerCount: maxUnit.apply(controllersFor),
        networkInterfaces: nics.map((n, i) => ({
          networkId: n.networkId,
          adapterType: template.apply(
            (t) => t.networkInterfaceTypes?.[i] ?? t.networkInterfaceTypes?.[0] ?? 'vmxnet3',
          ),
          ...(n.macAddress !== undefined ? { useStaticMac: true, macAddress: n.macAddress } : {}),
        })),
        clone: {
          templateUuid: template.uuid,
          ...(c
            ? {
                customize: {
                  linuxOptions: { hostName: c.hostName, domain: c.domain },
                  // One entry per NIC, in order; an empty one is DHCP.
                  networkInterfaces: nics.map((n) => ({
                    ...(n.ipv4 ? { ipv4Address: n.ipv4.address, ipv4Netmask: n.ipv4.prefix } : {}),
                    ...(n.ipv6 ? { ipv6Address: n.ipv6.address, ipv6Netmask: n.ipv6.prefix } : {}),
                  })),
                  ...(c.ipv4Gateway !== undefined ? { ipv4Gateway: c.ipv4Gateway } : {}),
                  ...(c.ipv6Gateway !== undefined ? { ipv6Gateway: c.ipv6Gateway } : {}),
                  ...(c.dnsServers && c.dnsServers.length > 0
                    ? { dnsServerLists: [...c.dnsServers] }
                    : {}),
                  ...(c.dnsSuffixes && c.dnsSuffixes.length > 0
                    ? { dnsSuffixLists: [...c.dnsSuffixes] }
                    : {}),
                },
              }
            : {}),
        },
        ...(Object.keys(extraConfig).length > 0 ? { extraConfig } : {}),
        ...(args.tags && args.tags.length > 0 ? { tags: [...args.tags] } : {}),
        ...(args.annotation !== undefined ? { annotation: args.annotation } : {}),
        // Disk UUIDs in the guest: stable /dev/disk/by-id names for the data disks.
        enableDiskUuid: true,
        ...(args.waitForGuestNet === false ? { waitForGuestNetTimeout: 0 } : {}),
      },
      { parent: this },
    );

    this.uuid = vm.uuid;
    this.moid = vm.moid;
    this.defaultIpAddress = vm.defaultIpAddress;
    this.guestIpAddresses = vm.guestIpAddresses;
    this.powerState = vm.powerState;
    this.disks = vm.disks.apply((list) =>
      list.map((d) => ({ label: d.label, sizeGiB: d.size ?? 0, uuid: d.uuid })),
    );
    this.registerOutputs({
      uuid: this.uuid,
      moid: this.moid,
      defaultIpAddress: this.defaultIpAddress,
      guestIpAddresses: this.guestIpAddresses,
      powerState: this.powerState,
      disks: this.disks,
    });
  }
}
