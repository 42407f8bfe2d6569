// vsphere:index/getVirtualMachine:getVirtualMachine: looks up a virtual machine or template (the
// source of a clone: its UUID, disks, NIC types, guest ID and firmware), hand-written in the
// shape of the generated @pulumi/vsphere function and its Output form.
import type * as pulumi from '@pulumi/pulumi';
import { invoke, invokeOutput, type FunctionSpec, type InputsOf, type TypeSpec } from './utilities';

/** A disk of the virtual machine found. */
export interface GetVirtualMachineDisk {
  /** The label of the disk. */
  readonly label: string;
  /** The size of the disk, in GiB. */
  readonly size: number;
  /** The disk number on the storage bus. */
  readonly unitNumber: number;
  /** Whether the disk is thin provisioned. */
  readonly thinProvisioned: boolean;
  /** Whether the disk is eager zeroed. */
  readonly eagerlyScrub: boolean;
}

export const GET_VIRTUAL_MACHINE_DISK = {
  fields: ['label', 'size', 'unitNumber', 'thinProvisioned', 'eagerlyScrub'],
  required: [],
} as const satisfies TypeSpec;

/** A network interface of the virtual machine found. */
export interface GetVirtualMachineNetworkInterface {
  /** The managed object ID of the network the interface is connected to. */
  readonly networkId: string;
  /** The adapter type, e.g. `vmxnet3`. */
  readonly adapterType: string;
  /** The MAC address of the interface. */
  readonly macAddress: string;
  /** The upper bandwidth limit of the interface, in Mbits/sec. */
  readonly bandwidthLimit?: number;
  /** The bandwidth reservation of the interface, in Mbits/sec. */
  readonly bandwidthReservation?: number;
  /** The bandwidth share allocation level of the interface. */
  readonly bandwidthShareLevel?: string;
  /** The share count of the interface when the share level is custom. */
  readonly bandwidthShareCount: number;
}

export const GET_VIRTUAL_MACHINE_NETWORK_INTERFACE = {
  fields: [
    'networkId',
    'adapterType',
    'macAddress',
    'bandwidthLimit',
    'bandwidthReservation',
    'bandwidthShareLevel',
    'bandwidthShareCount',
  ],
  required: [],
} as const satisfies TypeSpec;

export const GET_VIRTUAL_MACHINE = {
  token: 'vsphere:index/getVirtualMachine:getVirtualMachine',
  inputs: [
    'name',
    'uuid',
    'moid',
    'datacenterId',
    'folder',
    'scsiControllerScanCount',
    'nvmeControllerScanCount',
    'sataControllerScanCount',
    'ideControllerScanCount',
  ],
  required: [],
  outputs: [
    'id',
    'name',
    'uuid',
    'moid',
    'instanceUuid',
    'datacenterId',
    'folder',
    'guestId',
    'alternateGuestName',
    'annotation',
    'firmware',
    'efiSecureBootEnabled',
    'hardwareVersion',
    'numCpus',
    'numCoresPerSocket',
    'memory',
    'scsiType',
    'disks',
    'networkInterfaces',
    'networkInterfaceTypes',
    'defaultIpAddress',
    'guestIpAddresses',
    'vappTransports',
    'tags',
    'customAttributes',
    'storagePolicyId',
  ],
  nested: {
    disks: GET_VIRTUAL_MACHINE_DISK,
    networkInterfaces: GET_VIRTUAL_MACHINE_NETWORK_INTERFACE,
  },
} as const satisfies FunctionSpec;

export interface GetVirtualMachineArgs {
  /** The name, or path relative to the datacenter, of the virtual machine; or use `uuid`/`moid`. */
  readonly name?: string;
  /** Look the virtual machine up by UUID instead of by name. */
  readonly uuid?: string;
  /** Look the virtual machine up by managed object ID instead of by name. */
  readonly moid?: string;
  /** The managed object ID of the datacenter the virtual machine is in (not needed on ESXi). */
  readonly datacenterId?: string;
  /** The folder the virtual machine is in, when `name` is not a path. */
  readonly folder?: string;
  /** The number of SCSI controllers to scan for disks. Defaults to 1. */
  readonly scsiControllerScanCount?: number;
  /** The number of NVMe controllers to scan for disks. Defaults to 1. */
  readonly nvmeControllerScanCount?: number;
  /** The number of SATA controllers to scan for disks. */
  readonly sataControllerScanCount?: number;
  /** The number of IDE controllers to scan for disks. */
  readonly ideControllerScanCount?: number;
}

export type GetVirtualMachineOutputArgs = InputsOf<GetVirtualMachineArgs>;

export interface GetVirtualMachineResult {
  /** The UUID of the virtual machine (its ID). */
  readonly id: string;
  /** The name of the virtual machine. */
  readonly name?: string;
  /** The UUID of the virtual machine: the `clone.templateUuid` of a clone. */
  readonly uuid: string;
  /** The managed object ID of the virtual machine. */
  readonly moid: string;
  /** The instance UUID of the virtual machine or template. */
  readonly instanceUuid: string;
  /** The managed object ID of the datacenter the virtual machine is in. */
  readonly datacenterId?: string;
  /** The folder the virtual machine is in. */
  readonly folder?: string;
  /** The guest ID of the virtual machine or template. */
  readonly guestId: string;
  /** The alternate guest name when `guestId` is a non-specific operating system. */
  readonly alternateGuestName?: string;
  /** The user-provided description of this virtual machine. */
  readonly annotation: string;
  /** The firmware type: `bios` or `efi`. */
  readonly firmware?: string;
  /** Whether EFI secure boot is enabled. */
  readonly efiSecureBootEnabled?: boolean;
  /** The hardware version number of the virtual machine. */
  readonly hardwareVersion: number;
  /** The total number of virtual processor cores. */
  readonly numCpus?: number;
  /** The number of cores per socket. */
  readonly numCoresPerSocket?: number;
  /** The memory of the virtual machine, in MB (the schema's text wrongly says 3D graphics memory). */
  readonly memory?: number;
  /** The common type of all SCSI controllers of the virtual machine. */
  readonly scsiType: string;
  /** The disks, sorted by bus and unit number. */
  readonly disks: GetVirtualMachineDisk[];
  /** The network interfaces, in device bus order. */
  readonly networkInterfaces: GetVirtualMachineNetworkInterface[];
  /** The adapter type of each network interface, in device bus order. */
  readonly networkInterfaceTypes: string[];
  /** The first reachable IPv4 address when possible, else the first IPv6 or any address. */
  readonly defaultIpAddress: string;
  /** The IP addresses VMware Tools reports. */
  readonly guestIpAddresses: string[];
  /** The vApp transport methods the virtual machine supports. */
  readonly vappTransports: string[];
  /** The IDs of the tags on the virtual machine. */
  readonly tags: string[];
  /** The custom attributes of the virtual machine, by attribute ID. */
  readonly customAttributes: Record<string, string>;
  /** The ID of the storage policy of the virtual machine home directory. */
  readonly storagePolicyId: string;
}

/** Looks up a virtual machine or template by name, UUID or managed object ID. */
export function getVirtualMachine(
  args: GetVirtualMachineArgs = {},
  opts?: pulumi.InvokeOptions,
): Promise<GetVirtualMachineResult> {
  return invoke<GetVirtualMachineResult>(GET_VIRTUAL_MACHINE, args, opts);
}

/** Looks up a virtual machine or template; the Output form of `getVirtualMachine`. */
export function getVirtualMachineOutput(
  args: GetVirtualMachineOutputArgs = {},
  opts?: pulumi.InvokeOutputOptions,
): pulumi.Output<GetVirtualMachineResult> {
  return invokeOutput<GetVirtualMachineResult>(GET_VIRTUAL_MACHINE, args, opts);
}
