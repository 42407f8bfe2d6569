// Nested input and output types of the VirtualMachine binding: clone and guest customization,
// disks, network interfaces, CD-ROMs, vApp properties and vTPM. Field names are the schema's
// (vsphere:index/VirtualMachine*). The Windows customization options and the secret
// `linuxOptions.scriptText` are left out: a Node SDK cannot mark a nested field secret, so a
// program would have to wrap it itself, and nothing here needs them.
import type * as pulumi from '@pulumi/pulumi';
import type { TypeSpec } from './utilities';

export interface VirtualMachineCloneCustomizeLinuxOptionsArgs {
  /** The hostname for this virtual machine. */
  readonly hostName: pulumi.Input<string>;
  /** The domain name for this virtual machine. */
  readonly domain: pulumi.Input<string>;
  /** Specifies whether or not the hardware clock should be in UTC or not. */
  readonly hwClockUtc?: pulumi.Input<boolean>;
  /** Customize the time zone on the VM, e.g. `Europe/Oslo`. */
  readonly timeZone?: pulumi.Input<string>;
}

export const VIRTUAL_MACHINE_CLONE_CUSTOMIZE_LINUX_OPTIONS = {
  fields: ['hostName', 'domain', 'hwClockUtc', 'timeZone'],
  required: ['hostName', 'domain'],
} as const satisfies TypeSpec;

export interface VirtualMachineCloneCustomizeNetworkInterfaceArgs {
  /** The IPv4 address assigned to this network adapter; DHCP when left out. */
  readonly ipv4Address?: pulumi.Input<string>;
  /** The IPv4 CIDR netmask (prefix length) for the supplied IP address. */
  readonly ipv4Netmask?: pulumi.Input<number>;
  /** The IPv6 address assigned to this network adapter; auto-configuration when left out. */
  readonly ipv6Address?: pulumi.Input<string>;
  /** The IPv6 CIDR netmask (prefix length) for the supplied IP address. */
  readonly ipv6Netmask?: pulumi.Input<number>;
  /** A DNS search domain to add to the DNS configuration on the virtual machine. */
  readonly dnsDomain?: pulumi.Input<string>;
  /** Network-interface specific DNS servers (Windows only; ignored on Linux). */
  readonly dnsServerLists?: pulumi.Input<pulumi.Input<string>[]>;
}

export const VIRTUAL_MACHINE_CLONE_CUSTOMIZE_NETWORK_INTERFACE = {
  fields: [
    'ipv4Address',
    'ipv4Netmask',
    'ipv6Address',
    'ipv6Netmask',
    'dnsDomain',
    'dnsServerLists',
  ],
  required: [],
} as const satisfies TypeSpec;

export interface VirtualMachineCloneCustomizeArgs {
  /** Configuration options specific to Linux virtual machines. */
  readonly linuxOptions?: pulumi.Input<VirtualMachineCloneCustomizeLinuxOptionsArgs>;
  /** Network interface settings, one per entry of the VM's `networkInterfaces`, in order. */
  readonly networkInterfaces?: pulumi.Input<
    pulumi.Input<VirtualMachineCloneCustomizeNetworkInterfaceArgs>[]
  >;
  /** The IPv4 default gateway when using network interface customization. */
  readonly ipv4Gateway?: pulumi.Input<string>;
  /** The IPv6 default gateway when using network interface customization. */
  readonly ipv6Gateway?: pulumi.Input<string>;
  /** The list of DNS servers for a virtual network adapter with a static IP address. */
  readonly dnsServerLists?: pulumi.Input<pulumi.Input<string>[]>;
  /** A list of DNS search domains to add to the DNS configuration on the virtual machine. */
  readonly dnsSuffixLists?: pulumi.Input<pulumi.Input<string>[]>;
  /** Minutes to wait for guest OS customization to complete; 0 or less skips the wait. */
  readonly timeout?: pulumi.Input<number>;
}

export const VIRTUAL_MACHINE_CLONE_CUSTOMIZE = {
  fields: [
    'linuxOptions',
    'networkInterfaces',
    'ipv4Gateway',
    'ipv6Gateway',
    'dnsServerLists',
    'dnsSuffixLists',
    'timeout',
  ],
  required: [],
  nested: {
    linuxOptions: VIRTUAL_MACHINE_CLONE_CUSTOMIZE_LINUX_OPTIONS,
    networkInterfaces: VIRTUAL_MACHINE_CLONE_CUSTOMIZE_NETWORK_INTERFACE,
  },
} as const satisfies TypeSpec;

export interface VirtualMachineCloneArgs {
  /** The UUID of the source virtual machine or template. */
  readonly templateUuid: pulumi.Input<string>;
  /** Whether or not to create a linked clone (the source needs exactly one snapshot). */
  readonly linkedClone?: pulumi.Input<boolean>;
  /** The timeout, in minutes, to wait for the virtual machine clone to complete. */
  readonly timeout?: pulumi.Input<number>;
  /** The customization specification for the virtual machine post-clone. */
  readonly customize?: pulumi.Input<VirtualMachineCloneCustomizeArgs>;
  /** Mapping of OVF networks to the networks to use in vSphere. */
  readonly ovfNetworkMap?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** Mapping of OVF storage to the datastores to use in vSphere. */
  readonly ovfStorageMap?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

export const VIRTUAL_MACHINE_CLONE = {
  fields: ['templateUuid', 'linkedClone', 'timeout', 'customize', 'ovfNetworkMap', 'ovfStorageMap'],
  required: ['templateUuid'],
  nested: { customize: VIRTUAL_MACHINE_CLONE_CUSTOMIZE },
} as const satisfies TypeSpec;

/** The clone specification as the provider reports it. */
export type VirtualMachineClone = pulumi.Unwrap<VirtualMachineCloneArgs>;

export interface VirtualMachineDiskArgs {
  /** A unique label for this disk. */
  readonly label: pulumi.Input<string>;
  /** The size of the disk, in GB. */
  readonly size?: pulumi.Input<number>;
  /** The unique device number for this disk on its virtual bus. */
  readonly unitNumber?: pulumi.Input<number>;
  /** If true, this disk is thin provisioned, with space allocated as needed. */
  readonly thinProvisioned?: pulumi.Input<boolean>;
  /** The virtual disk file zeroing policy when `thinProvisioned` is not true. */
  readonly eagerlyScrub?: pulumi.Input<boolean>;
  /** The datastore ID for this virtual disk, if different than the virtual machine's. */
  readonly datastoreId?: pulumi.Input<string>;
  /** The ID of the storage policy to assign to the virtual disk. */
  readonly storagePolicyId?: pulumi.Input<string>;
  /** The type of controller the disk is connected to: `scsi`, `sata`, `nvme` or `ide`. */
  readonly controllerType?: pulumi.Input<string>;
  /** Set to true to keep the underlying VMDK file when removing this disk from configuration. */
  readonly keepOnRemove?: pulumi.Input<boolean>;
  /** If true, the disk at `path` is attached instead of created. */
  readonly attach?: pulumi.Input<boolean>;
  /** The full path of the virtual disk; settable only with `attach`. */
  readonly path?: pulumi.Input<string>;
  /** The mode of this virtual disk for purposes of writes and snapshotting. */
  readonly diskMode?: pulumi.Input<string>;
}

/** A disk as the provider reports it. */
export interface VirtualMachineDisk {
  /** A unique label for this disk. */
  readonly label: string;
  /** The size of the disk, in GB. */
  readonly size?: number;
  /** The unique device number for this disk on its virtual bus. */
  readonly unitNumber?: number;
  /** If true, this disk is thin provisioned. */
  readonly thinProvisioned?: boolean;
  /** The virtual disk file zeroing policy when `thinProvisioned` is not true. */
  readonly eagerlyScrub?: boolean;
  /** The datastore ID of this virtual disk. */
  readonly datastoreId: string;
  /** The ID of the storage policy of the virtual disk. */
  readonly storagePolicyId: string;
  /** The type of controller the disk is connected to. */
  readonly controllerType?: string;
  /** Whether the VMDK file is kept when the disk is removed from configuration. */
  readonly keepOnRemove?: boolean;
  /** Whether the disk was attached instead of created. */
  readonly attach?: boolean;
  /** The full path of the virtual disk. */
  readonly path: string;
  /** The mode of this virtual disk for purposes of writes and snapshotting. */
  readonly diskMode?: string;
  /** The ID of the device within the virtual machine. */
  readonly key: number;
  /** An address that locates the device when `key` is unavailable. */
  readonly deviceAddress: string;
  /** The UUID of the virtual disk's VMDK file. */
  readonly uuid: string;
}

export const VIRTUAL_MACHINE_DISK = {
  fields: [
    'label',
    'size',
    'unitNumber',
    'thinProvisioned',
    'eagerlyScrub',
    'datastoreId',
    'storagePolicyId',
    'controllerType',
    'keepOnRemove',
    'attach',
    'path',
    'diskMode',
  ],
  required: ['label'],
  computed: ['key', 'deviceAddress', 'uuid'],
} as const satisfies TypeSpec;

export interface VirtualMachineNetworkInterfaceArgs {
  /** The ID of the network to connect this network interface to. */
  readonly networkId: pulumi.Input<string>;
  /** The controller type: `e1000`, `e1000e`, `sriov`, `vmxnet3` or `vrdma`. */
  readonly adapterType?: pulumi.Input<string>;
  /** If true, `macAddress` is used as a static MAC address. */
  readonly useStaticMac?: pulumi.Input<boolean>;
  /** The MAC address of this network interface (settable only with `useStaticMac`). */
  readonly macAddress?: pulumi.Input<string>;
  /** The upper bandwidth limit of this network interface, in Mbits/sec. */
  readonly bandwidthLimit?: pulumi.Input<number>;
  /** The bandwidth reservation of this network interface, in Mbits/sec. */
  readonly bandwidthReservation?: pulumi.Input<number>;
  /** The bandwidth share allocation level: `low`, `normal`, `high` or `custom`. */
  readonly bandwidthShareLevel?: pulumi.Input<string>;
  /** The share count for this network interface when the share level is custom. */
  readonly bandwidthShareCount?: pulumi.Input<number>;
  /** Mapping of network interface to OVF network. */
  readonly ovfMapping?: pulumi.Input<string>;
}

/** A network interface as the provider reports it. */
export interface VirtualMachineNetworkInterface {
  /** The ID of the network this network interface is connected to. */
  readonly networkId: string;
  /** The controller type. */
  readonly adapterType?: string;
  /** Whether `macAddress` is a static MAC address. */
  readonly useStaticMac?: boolean;
  /** The MAC address of this network interface. */
  readonly macAddress: string;
  /** The upper bandwidth limit of this network interface, in Mbits/sec. */
  readonly bandwidthLimit?: number;
  /** The bandwidth reservation of this network interface, in Mbits/sec. */
  readonly bandwidthReservation?: number;
  /** The bandwidth share allocation level. */
  readonly bandwidthShareLevel?: string;
  /** The share count for this network interface when the share level is custom. */
  readonly bandwidthShareCount: number;
  /** Mapping of network interface to OVF network. */
  readonly ovfMapping?: string;
  /** The ID of the device within the virtual machine. */
  readonly key: number;
  /** An address that locates the device when `key` is unavailable. */
  readonly deviceAddress: string;
}

export const VIRTUAL_MACHINE_NETWORK_INTERFACE = {
  fields: [
    'networkId',
    'adapterType',
    'useStaticMac',
    'macAddress',
    'bandwidthLimit',
    'bandwidthReservation',
    'bandwidthShareLevel',
    'bandwidthShareCount',
    'ovfMapping',
  ],
  required: ['networkId'],
  computed: ['key', 'deviceAddress'],
} as const satisfies TypeSpec;

export interface VirtualMachineCdromArgs {
  /** The datastore ID the ISO is located on. */
  readonly datastoreId?: pulumi.Input<string>;
  /** The path to the ISO file on the datastore. */
  readonly path?: pulumi.Input<string>;
  /** Whether the device is mapped to a remote client device. */
  readonly clientDevice?: pulumi.Input<boolean>;
}

/** A CD-ROM as the provider reports it. */
export interface VirtualMachineCdrom {
  /** The datastore ID the ISO is located on. */
  readonly datastoreId?: string;
  /** The path to the ISO file on the datastore. */
  readonly path?: string;
  /** Whether the device is mapped to a remote client device. */
  readonly clientDevice?: boolean;
  /** The ID of the device within the virtual machine. */
  readonly key: number;
  /** An address that locates the device when `key` is unavailable. */
  readonly deviceAddress: string;
}

export const VIRTUAL_MACHINE_CDROM = {
  fields: ['datastoreId', 'path', 'clientDevice'],
  required: [],
  computed: ['key', 'deviceAddress'],
} as const satisfies TypeSpec;

export interface VirtualMachineVappArgs {
  /** Customizable vApp properties of an OVF template and their values (e.g. `user-data`). */
  readonly properties?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/** vApp properties as the provider reports them. */
export type VirtualMachineVapp = pulumi.Unwrap<VirtualMachineVappArgs>;

export const VIRTUAL_MACHINE_VAPP = {
  fields: ['properties'],
  required: [],
} as const satisfies TypeSpec;

export interface VirtualMachineVtpmArgs {
  /** The version of the TPM device. */
  readonly version?: pulumi.Input<string>;
}

/** The vTPM as the provider reports it. */
export type VirtualMachineVtpm = pulumi.Unwrap<VirtualMachineVtpmArgs>;

export const VIRTUAL_MACHINE_VTPM = {
  fields: ['version'],
  required: [],
} as const satisfies TypeSpec;
