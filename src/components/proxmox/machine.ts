// One Proxmox VE VM cloned from a template: CPU, memory, disks (the boot disk resized), network
// devices on bridges with VLAN tag and MTU, cloud-init (addresses, DNS, user and SSH keys, or a
// user data snippet uploaded next to it), tags, the QEMU guest agent, and optionally its own
// firewall (vm-firewall.ts).
import * as proxmoxve from '@muhlba91/pulumi-proxmoxve';
import * as pulumi from '@pulumi/pulumi';
import { TOKENS } from '../tokens';
import { VmFirewall, type FirewallPolicy, type VmFirewallRule } from './vm-firewall';
import { assertValid, checkInt, DISK_INTERFACE, problem, PROXMOX_TAG, VM_NAME } from './util';

export interface MachineDisk {
  /** Disk slot, e.g. `scsi0`; the first disk is the template's boot disk. Required. */
  readonly interface: string;
  /** Datastore (storage) the disk lives on, e.g. `local-lvm`. Required. */
  readonly datastoreId: string;
  /** Size in GiB; a cloned boot disk is grown to it (Proxmox cannot shrink disks). Required. */
  readonly sizeGiB: number;
  /** Present the disk to the guest as an SSD. Defaults to `false`. */
  readonly ssd?: boolean;
}

export interface MachineNetworkDevice {
  /** Linux bridge or SDN vnet, e.g. `vmbr0`. Required. */
  readonly bridge: string;
  /** VLAN tag. Defaults to untagged. */
  readonly vlanId?: number;
  /** MTU (virtio). Defaults to the bridge's. */
  readonly mtu?: number;
  /** MAC address. Defaults to one Proxmox generates. */
  readonly macAddress?: string;
}

/** The address of one network device: `address/prefix` (with an optional gateway) or DHCP. */
export type MachineIpConfig =
  | { readonly dhcp: true }
  | { readonly address: string; readonly prefix: number; readonly gateway?: string };

export interface MachineCloudInit {
  /** Datastore of the cloud-init drive. Required. */
  readonly datastoreId: string;
  /** One per network device, in the same order; fewer leave the rest unconfigured. Required. */
  readonly ipConfigs: readonly MachineIpConfig[];
  /** DNS servers. Defaults to none (DHCP's, or the template's). */
  readonly dnsServers?: readonly string[];
  /** DNS search domains. Defaults to none. */
  readonly searchDomains?: readonly string[];
  /** Login user. Defaults to the image's default user. Excludes `userData`. */
  readonly username?: string;
  /** SSH public keys for the user. Defaults to none. Excludes `userData`. */
  readonly sshKeys?: readonly string[];
  /**
   * Raw user data (kept secret), uploaded as a snippet to `datastoreId` on the VM's node; needs
   * SSH access in the provider and a datastore with the snippets content type. Proxmox then
   * ignores `username` and `sshKeys`: put users and keys into the document. Defaults to none.
   */
  readonly userData?: {
    readonly content: pulumi.Input<string>;
    readonly datastoreId: string;
    readonly fileName: string;
  };
  /** `nocloud` or `configdrive2`. Defaults to Proxmox's choice for the OS type (`nocloud` for Linux). */
  readonly type?: 'nocloud' | 'configdrive2';
}

export interface MachineArgs {
  /** VM name, a DNS name (the guest's host name via cloud-init). Required. */
  readonly name: string;
  /** Proxmox node to run on. Required. */
  readonly nodeName: string;
  /** Shown in Proxmox. Defaults to none. */
  readonly description?: string;
  /** The template to clone. Required. */
  readonly clone: {
    /** VM id of the template. */
    readonly vmId: number;
    /** Node that holds the template. Defaults to `nodeName`. */
    readonly nodeName?: string;
  };
  /** CPU topology. Defaults to the template's. */
  readonly cpu?: { readonly cores: number; readonly sockets?: number };
  /** Memory in MiB. Defaults to the template's. */
  readonly memoryMiB?: number;
  /** Disks; the first is the boot disk. Required (at least one). */
  readonly disks: readonly MachineDisk[];
  /** Network devices `net0`, `net1`, ... in order. Required (at least one). */
  readonly networkDevices: readonly MachineNetworkDevice[];
  /** Cloud-init drive. Defaults to none (the template's, if any). */
  readonly cloudInit?: MachineCloudInit;
  /** Proxmox OS type, e.g. `l26`. Defaults to the template's. */
  readonly osType?: string;
  /** Firmware. Defaults to the template's. UEFI adds an EFI disk on the boot disk's datastore. */
  readonly firmware?: { readonly type: 'bios' | 'uefi'; readonly secureBoot?: boolean };
  /** Boot order as device keys, e.g. `['scsi0', 'net0']`. Defaults to the template's. */
  readonly bootOrder?: readonly string[];
  /** Proxmox tags (lower case; see PROXMOX_TAG). Sorted here: Proxmox stores them sorted. */
  readonly tags: readonly string[];
  /** Start the VM when its node boots. Defaults to `true`. */
  readonly onBoot?: boolean;
  /** Enable the QEMU guest agent (it reports addresses). Defaults to `true`. */
  readonly agent?: boolean;
  /** The VM's own firewall; its rules bind to every network device. Defaults to none. */
  readonly firewall?: {
    readonly rules: readonly VmFirewallRule[];
    readonly inputPolicy?: FirewallPolicy;
    readonly outputPolicy?: FirewallPolicy;
    readonly dhcp?: boolean;
  };
}

const MIN_VM_ID = 100;
const MAX_VM_ID = 999_999_999;

/** Problems with the machine args (field paths relative to the args). */
export function validateMachineArgs(args: MachineArgs): string[] {
  const out: string[] = [];
  const push = (p: string | undefined) => {
    if (p !== undefined) out.push(p);
  };
  if (!VM_NAME.test(args.name)) {
    out.push(
      problem('name', args.name, 'is not a DNS name (letters, digits and "-", at most 63).'),
    );
  }
  if (args.nodeName.trim() === '') out.push('nodeName: is empty; name the Proxmox node.');
  push(checkInt('clone.vmId', args.clone.vmId, MIN_VM_ID, MAX_VM_ID, 'give the template VM id'));
  push(checkInt('cpu.cores', args.cpu?.cores, 1, 128, 'give the cores per socket'));
  push(checkInt('cpu.sockets', args.cpu?.sockets, 1, 4, 'give the number of sockets'));
  push(checkInt('memoryMiB', args.memoryMiB, 16, 4 * 1024 * 1024, 'give the memory in MiB'));
  if (args.disks.length === 0) out.push('disks: is empty; give at least the boot disk.');
  const slots = new Map<string, number>();
  args.disks.forEach((d, i) => {
    const path = `disks[${i}]`;
    if (!DISK_INTERFACE.test(d.interface)) {
      out.push(
        problem(`${path}.interface`, d.interface, 'is not a disk slot; use scsi0, virtio1, ...'),
      );
    }
    const first = slots.get(d.interface);
    if (first !== undefined) {
      out.push(problem(`${path}.interface`, d.interface, `is used by disks[${first}] too.`));
    } else slots.set(d.interface, i);
    if (d.datastoreId.trim() === '') out.push(`${path}.datastoreId: is empty; name the datastore.`);
    push(checkInt(`${path}.sizeGiB`, d.sizeGiB, 1, 1024 * 1024, 'give the size in GiB'));
  });
  if (args.networkDevices.length === 0) {
    out.push('networkDevices: is empty; give at least one network device.');
  }
  args.networkDevices.forEach((n, i) => {
    const path = `networkDevices[${i}]`;
    if (n.bridge.trim() === '') out.push(`${path}.bridge: is empty; name the bridge, e.g. vmbr0.`);
    push(checkInt(`${path}.vlanId`, n.vlanId, 1, 4094, 'give a VLAN id'));
    push(checkInt(`${path}.mtu`, n.mtu, 576, 65520, 'give the MTU in bytes'));
  });
  const ci = args.cloudInit;
  if (ci !== undefined) {
    if (ci.ipConfigs.length > args.networkDevices.length) {
      out.push(
        `cloudInit.ipConfigs: has ${ci.ipConfigs.length} entries for ${args.networkDevices.length} network devices; give one per device.`,
      );
    }
    ci.ipConfigs.forEach((c, i) => {
      if ('address' in c) {
        const v6 = c.address.includes(':');
        push(
          checkInt(
            `cloudInit.ipConfigs[${i}].prefix`,
            c.prefix,
            0,
            v6 ? 128 : 32,
            'give the prefix length',
          ),
        );
      }
    });
    if (ci.userData !== undefined && (ci.username !== undefined || (ci.sshKeys ?? []).length > 0)) {
      out.push(
        'cloudInit.userData: cannot be set together with username or sshKeys (Proxmox ignores them with a user data file); put the user and keys into the user data.',
      );
    }
  }
  args.tags.forEach((t, i) => {
    if (!PROXMOX_TAG.test(t)) {
      out.push(
        problem(
          `tags[${i}]`,
          t,
          'is not a Proxmox tag (lower case letters, digits, "_", "-", "+", ".").',
        ),
      );
    }
  });
  return out;
}

/** The cloud-init `ipConfig` of one device, as the provider takes it. */
function ipConfigArgs(c: MachineIpConfig): proxmoxve.types.input.VmLegacyInitializationIpConfig {
  if ('dhcp' in c) return { ipv4: { address: 'dhcp' } };
  const block = { address: `${c.address}/${String(c.prefix)}`, gateway: c.gateway };
  return c.address.includes(':') ? { ipv6: block } : { ipv4: block };
}

export class Machine extends pulumi.ComponentResource {
  /** The VM id Proxmox gave the clone. */
  public readonly vmId: pulumi.Output<number>;
  public readonly nodeName: pulumi.Output<string>;
  /** Addresses the guest agent reports, one list per interface (loopback first). */
  public readonly ipv4Addresses: pulumi.Output<string[][]>;
  public readonly macAddresses: pulumi.Output<string[]>;
  /** Volume id (`datastore:path`) of each disk, by its slot (`scsi0`). */
  public readonly diskIds: pulumi.Output<Record<string, string>>;

  constructor(name: string, args: MachineArgs, opts?: pulumi.ComponentResourceOptions) {
    assertValid('Machine', args.name, validateMachineArgs(args));
    super(TOKENS.proxmox.Machine, name, {}, opts);
    const ci = args.cloudInit;

    const snippet =
      ci?.userData !== undefined
        ? new proxmoxve.FileLegacy(
            `${name}-user-data`,
            {
              contentType: 'snippets',
              datastoreId: ci.userData.datastoreId,
              nodeName: args.nodeName,
              // Secret: user data often carries tokens or passwords.
              sourceRaw: {
                data: pulumi.secret(ci.userData.content),
                fileName: ci.userData.fileName,
              },
            },
            { parent: this },
          )
        : undefined;

    const boot = args.disks[0];
    const vm = new proxmoxve.VmLegacy(
      `${name}-vm`,
      {
        name: args.name,
        nodeName: args.nodeName,
        description: args.description,
        clone: {
          vmId: args.clone.vmId,
          nodeName:
            args.clone.nodeName !== undefined && args.clone.nodeName !== args.nodeName
              ? args.clone.nodeName
              : undefined,
          // A full clone does not depend on the template's disks staying around.
          full: true,
          datastoreId: boot?.datastoreId,
          // Proxmox sometimes times out when several clones of one template run at once.
          retries: 3,
        },
        cpu:
          args.cpu !== undefined
            ? // `host` passes the node's CPU features through (the usual choice for servers).
              { cores: args.cpu.cores, sockets: args.cpu.sockets ?? 1, type: 'host' }
            : undefined,
        memory: args.memoryMiB !== undefined ? { dedicated: args.memoryMiB } : undefined,
        disks: args.disks.map((d) => ({
          interface: d.interface,
          datastoreId: d.datastoreId,
          size: d.sizeGiB,
          ssd: d.ssd ?? false,
          // Freed blocks go back to thin pools (local-lvm, ZFS, Ceph).
          discard: 'on',
        })),
        networkDevices: args.networkDevices.map((n) => ({
          bridge: n.bridge,
          model: 'virtio',
          vlanId: n.vlanId,
          mtu: n.mtu,
          macAddress: n.macAddress,
          firewall: args.firewall !== undefined,
        })),
        initialization:
          ci !== undefined
            ? {
                datastoreId: ci.datastoreId,
                type: ci.type,
                ipConfigs: ci.ipConfigs.map(ipConfigArgs),
                dns:
                  (ci.dnsServers ?? []).length > 0 || (ci.searchDomains ?? []).length > 0
                    ? {
                        servers: ci.dnsServers !== undefined ? [...ci.dnsServers] : undefined,
                        // Proxmox takes several search domains separated by spaces.
                        domain:
                          (ci.searchDomains ?? []).length > 0
                            ? (ci.searchDomains ?? []).join(' ')
                            : undefined,
                      }
                    : undefined,
                userAccount:
                  snippet === undefined &&
                  (ci.username !== undefined || (ci.sshKeys ?? []).length > 0)
                    ? { username: ci.username, keys: ci.sshKeys ? [...ci.sshKeys] : undefined }
                    : undefined,
                userDataFileId: snippet?.id,
              }
            : undefined,
        operatingSystem: args.osType !== undefined ? { type: args.osType } : undefined,
        bios:
          args.firmware === undefined
            ? undefined
            : args.firmware.type === 'uefi'
              ? 'ovmf'
              : 'seabios',
        efiDisk:
          args.firmware?.type === 'uefi'
            ? {
                datastoreId: boot?.datastoreId,
                type: '4m',
                preEnrolledKeys: args.firmware.secureBoot === true,
              }
            : undefined,
        bootOrders: args.bootOrder !== undefined ? [...args.bootOrder] : undefined,
        // Proxmox stores tags sorted: sorted input avoids a diff on every refresh.
        tags: [...new Set(args.tags)].sort(),
        agent: { enabled: args.agent ?? true },
        onBoot: args.onBoot ?? true,
        started: true,
      },
      { parent: this },
    );

    if (args.firewall !== undefined) {
      new VmFirewall(
        `${name}-firewall`,
        {
          nodeName: vm.nodeName,
          vmId: vm.vmId,
          rules: args.firewall.rules,
          ...(args.firewall.inputPolicy !== undefined
            ? { inputPolicy: args.firewall.inputPolicy }
            : {}),
          ...(args.firewall.outputPolicy !== undefined
            ? { outputPolicy: args.firewall.outputPolicy }
            : {}),
          ...(args.firewall.dhcp !== undefined ? { dhcp: args.firewall.dhcp } : {}),
        },
        { parent: this },
      );
    }

    this.vmId = vm.vmId;
    this.nodeName = vm.nodeName;
    this.ipv4Addresses = vm.ipv4Addresses;
    this.macAddresses = vm.macAddresses;
    this.diskIds = pulumi.all([vm.vmId, vm.disks]).apply(([vmId, disks]) =>
      Object.fromEntries(
        args.disks.map((d) => {
          const path = disks?.find((x) => x.interface === d.interface)?.pathInDatastore;
          // Without the path (not read back yet) the slot on the VM still names the disk.
          const id =
            path !== undefined && path !== ''
              ? `${d.datastoreId}:${path}`
              : `${args.nodeName}/${String(vmId)}/${d.interface}`;
          return [d.interface, id];
        }),
      ),
    );
    this.registerOutputs({
      vmId: this.vmId,
      nodeName: this.nodeName,
      ipv4Addresses: this.ipv4Addresses,
      macAddresses: this.macAddresses,
      diskIds: this.diskIds,
    });
  }
}
