// The vSphere virtual machine (vsphere:index/virtualMachine:VirtualMachine): a hand-written
// binding with the shape of the generated @pulumi/vsphere class. The inputs are the ones a
// Vitistack machine needs (placement, CPU and memory, disks, NICs, clone and guest
// customization, cloud-init through extraConfig guestinfo or vApp properties, tags); the
// outputs are those inputs plus every output-only property of the schema.
import * as pulumi from '@pulumi/pulumi';
import {
  VIRTUAL_MACHINE_CDROM,
  VIRTUAL_MACHINE_CLONE,
  VIRTUAL_MACHINE_DISK,
  VIRTUAL_MACHINE_NETWORK_INTERFACE,
  VIRTUAL_MACHINE_VAPP,
  VIRTUAL_MACHINE_VTPM,
  type VirtualMachineCdrom,
  type VirtualMachineCdromArgs,
  type VirtualMachineClone,
  type VirtualMachineCloneArgs,
  type VirtualMachineDisk,
  type VirtualMachineDiskArgs,
  type VirtualMachineNetworkInterface,
  type VirtualMachineNetworkInterfaceArgs,
  type VirtualMachineVapp,
  type VirtualMachineVappArgs,
  type VirtualMachineVtpm,
  type VirtualMachineVtpmArgs,
} from './virtual-machine-types';
import { hasPulumiType, resourceInputs, resourceOptions, type ResourceSpec } from './utilities';

export const VIRTUAL_MACHINE = {
  token: 'vsphere:index/virtualMachine:VirtualMachine',
  inputs: [
    'alternateGuestName',
    'annotation',
    'bootDelay',
    'bootRetryDelay',
    'bootRetryEnabled',
    'cdroms',
    'clone',
    'cpuHotAddEnabled',
    'cpuHotRemoveEnabled',
    'cpuLimit',
    'cpuReservation',
    'customAttributes',
    'datacenterId',
    'datastoreClusterId',
    'datastoreId',
    'disks',
    'efiSecureBootEnabled',
    'enableDiskUuid',
    'extraConfig',
    'extraConfigRebootRequired',
    'firmware',
    'folder',
    'forcePowerOff',
    'guestId',
    'hardwareVersion',
    'hostSystemId',
    'ignoredGuestIps',
    'latencySensitivity',
    'memory',
    'memoryHotAddEnabled',
    'memoryLimit',
    'memoryReservation',
    'memoryReservationLockedToMax',
    'migrateWaitTimeout',
    'name',
    'nestedHvEnabled',
    'networkInterfaces',
    'numCoresPerSocket',
    'numCpus',
    'poweronTimeout',
    'replaceTrigger',
    'resourcePoolId',
    'scsiControllerCount',
    'scsiType',
    'shutdownWaitTimeout',
    'storagePolicyId',
    'syncTimeWithHost',
    'syncTimeWithHostPeriodically',
    'tags',
    'toolsUpgradePolicy',
    'vapp',
    'vtpm',
    'waitForGuestIpTimeout',
    'waitForGuestNetRoutable',
    'waitForGuestNetTimeout',
  ],
  required: ['resourcePoolId'],
  secretInputs: [],
  computed: [
    'changeVersion',
    'defaultIpAddress',
    'guestIpAddresses',
    'imported',
    'moid',
    'powerState',
    'rebootRequired',
    'uuid',
    'vappTransports',
    'vmwareToolsStatus',
    'vmxPath',
  ],
  secretOutputs: [],
  nested: {
    cdroms: VIRTUAL_MACHINE_CDROM,
    clone: VIRTUAL_MACHINE_CLONE,
    disks: VIRTUAL_MACHINE_DISK,
    networkInterfaces: VIRTUAL_MACHINE_NETWORK_INTERFACE,
    vapp: VIRTUAL_MACHINE_VAPP,
    vtpm: VIRTUAL_MACHINE_VTPM,
  },
} as const satisfies ResourceSpec;

export interface VirtualMachineArgs {
  /** The guest name for the operating system when guestId is otherGuest or otherGuest64. */
  readonly alternateGuestName?: pulumi.Input<string>;
  /** User-provided description of the virtual machine. */
  readonly annotation?: pulumi.Input<string>;
  /** The number of milliseconds to wait before starting the boot sequence. */
  readonly bootDelay?: pulumi.Input<number>;
  /** The number of milliseconds to wait before retrying the boot sequence. */
  readonly bootRetryDelay?: pulumi.Input<number>;
  /** If true, a virtual machine that fails to boot tries again after `bootRetryDelay`. */
  readonly bootRetryEnabled?: pulumi.Input<boolean>;
  /** A specification for a CDROM device on this virtual machine. */
  readonly cdroms?: pulumi.Input<pulumi.Input<VirtualMachineCdromArgs>[]>;
  /** A specification for cloning a virtual machine from template. */
  readonly clone?: pulumi.Input<VirtualMachineCloneArgs>;
  /** Allow CPUs to be added to this virtual machine while it is running. */
  readonly cpuHotAddEnabled?: pulumi.Input<boolean>;
  /** Allow CPUs to be removed from this virtual machine while it is running. */
  readonly cpuHotRemoveEnabled?: pulumi.Input<boolean>;
  /** The maximum CPU (in MHz) this virtual machine may use, whatever is available. */
  readonly cpuLimit?: pulumi.Input<number>;
  /** The CPU (in MHz) that this virtual machine is guaranteed. */
  readonly cpuReservation?: pulumi.Input<number>;
  /** A list of custom attributes to set on this resource. */
  readonly customAttributes?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** The ID of the datacenter where the VM is to be created. */
  readonly datacenterId?: pulumi.Input<string>;
  /** The ID of a datastore cluster to put the virtual machine in. */
  readonly datastoreClusterId?: pulumi.Input<string>;
  /** The ID of the virtual machine's datastore. */
  readonly datastoreId?: pulumi.Input<string>;
  /** A specification for a virtual disk device on this virtual machine. */
  readonly disks?: pulumi.Input<pulumi.Input<VirtualMachineDiskArgs>[]>;
  /** When the boot type set in firmware is efi, this enables EFI secure boot. */
  readonly efiSecureBootEnabled?: pulumi.Input<boolean>;
  /** Expose the UUIDs of attached virtual disks to the guest. */
  readonly enableDiskUuid?: pulumi.Input<boolean>;
  /** Extra (VMX) configuration, e.g. `guestinfo.userdata` and `guestinfo.userdata.encoding`. */
  readonly extraConfig?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** Allow the virtual machine to be rebooted when a change to `extraConfig` occurs. */
  readonly extraConfigRebootRequired?: pulumi.Input<boolean>;
  /** The firmware interface to use on the virtual machine. */
  readonly firmware?: pulumi.Input<string>;
  /** The name of the folder to locate the virtual machine in. */
  readonly folder?: pulumi.Input<string>;
  /** Force power-off when a graceful guest shutdown needed for an operation fails. */
  readonly forcePowerOff?: pulumi.Input<boolean>;
  /** The guest ID for the operating system. */
  readonly guestId?: pulumi.Input<string>;
  /** The hardware version for the virtual machine. */
  readonly hardwareVersion?: pulumi.Input<number>;
  /** The ID of an optional host system to pin the virtual machine to. */
  readonly hostSystemId?: pulumi.Input<string>;
  /** IP addresses and CIDR networks to ignore while waiting for an IP address. */
  readonly ignoredGuestIps?: pulumi.Input<pulumi.Input<string>[]>;
  /** Controls the scheduling delay of the virtual machine. */
  readonly latencySensitivity?: pulumi.Input<string>;
  /** The size of the virtual machine's memory, in MB. */
  readonly memory?: pulumi.Input<number>;
  /** Allow memory to be added to this virtual machine while it is running. */
  readonly memoryHotAddEnabled?: pulumi.Input<boolean>;
  /** The maximum memory (in MB) this virtual machine may use, whatever is available. */
  readonly memoryLimit?: pulumi.Input<number>;
  /** The memory (in MB) that this virtual machine is guaranteed. */
  readonly memoryReservation?: pulumi.Input<number>;
  /** Keep the memory reservation equal to the memory size (refuse increases it cannot reserve). */
  readonly memoryReservationLockedToMax?: pulumi.Input<boolean>;
  /** The amount of time, in minutes, to wait for a vMotion operation to complete before failing. */
  readonly migrateWaitTimeout?: pulumi.Input<number>;
  /** The name of this virtual machine. Defaults to the resource name plus a random suffix. */
  readonly name?: pulumi.Input<string>;
  /** Enable nested hardware virtualization, for virtualization inside the guest. */
  readonly nestedHvEnabled?: pulumi.Input<boolean>;
  /** A specification for a virtual NIC on this virtual machine. */
  readonly networkInterfaces?: pulumi.Input<pulumi.Input<VirtualMachineNetworkInterfaceArgs>[]>;
  /** The number of cores to distribute amongst the CPUs in this virtual machine. */
  readonly numCoresPerSocket?: pulumi.Input<number>;
  /** The number of virtual processors to assign to this virtual machine. */
  readonly numCpus?: pulumi.Input<number>;
  /** The amount of time, in seconds, to keep trying to power on the virtual machine. */
  readonly poweronTimeout?: pulumi.Input<number>;
  /** Triggers replacement of resource whenever it changes. */
  readonly replaceTrigger?: pulumi.Input<string>;
  /** The ID of a resource pool to put the virtual machine in. */
  readonly resourcePoolId: pulumi.Input<string>;
  /** The number of SCSI controllers the provider manages on this virtual machine. */
  readonly scsiControllerCount?: pulumi.Input<number>;
  /** The type of SCSI bus this virtual machine will have. */
  readonly scsiType?: pulumi.Input<string>;
  /** Minutes to wait for a guest shutdown when an update needs one. */
  readonly shutdownWaitTimeout?: pulumi.Input<number>;
  /** The ID of the storage policy to assign to the virtual machine home directory. */
  readonly storagePolicyId?: pulumi.Input<string>;
  /** Enable guest clock synchronization with the host. */
  readonly syncTimeWithHost?: pulumi.Input<boolean>;
  /** Enable periodic clock synchronization with the host. */
  readonly syncTimeWithHostPeriodically?: pulumi.Input<boolean>;
  /** A list of tag IDs to apply to this object. */
  readonly tags?: pulumi.Input<pulumi.Input<string>[]>;
  /** Set the upgrade policy for VMware Tools. */
  readonly toolsUpgradePolicy?: pulumi.Input<string>;
  /** vApp configuration data for this virtual machine. */
  readonly vapp?: pulumi.Input<VirtualMachineVappArgs>;
  /** A specification for a virtual Trusted Platform Module (TPM) device on the virtual machine. */
  readonly vtpm?: pulumi.Input<VirtualMachineVtpmArgs>;
  /** Minutes to wait for an IP address (legacy waiter); less than 1 disables it. */
  readonly waitForGuestIpTimeout?: pulumi.Input<number>;
  /** Controls whether or not the guest network waiter waits for a routable address. */
  readonly waitForGuestNetRoutable?: pulumi.Input<boolean>;
  /** Minutes to wait for an available IP address on the guest; less than 1 disables the wait. */
  readonly waitForGuestNetTimeout?: pulumi.Input<number>;
}

/** A vSphere virtual machine, created empty, cloned from a template or deployed from OVF. */
export class VirtualMachine extends pulumi.CustomResource {
  /** @internal */
  static readonly __pulumiType = VIRTUAL_MACHINE.token;

  /** Whether `obj` is a VirtualMachine, even when several copies of the SDK are loaded. */
  static override isInstance(obj: unknown): obj is VirtualMachine {
    return hasPulumiType(obj, VirtualMachine.__pulumiType);
  }

  /** The guest name for the operating system when guestId is otherGuest or otherGuest64. */
  declare readonly alternateGuestName: pulumi.Output<string | undefined>;
  /** User-provided description of the virtual machine. */
  declare readonly annotation: pulumi.Output<string>;
  /** The number of milliseconds to wait before starting the boot sequence. */
  declare readonly bootDelay: pulumi.Output<number | undefined>;
  /** The number of milliseconds to wait before retrying the boot sequence. */
  declare readonly bootRetryDelay: pulumi.Output<number | undefined>;
  /** If true, a virtual machine that fails to boot tries again after `bootRetryDelay`. */
  declare readonly bootRetryEnabled: pulumi.Output<boolean | undefined>;
  /** A specification for a CDROM device on this virtual machine. */
  declare readonly cdroms: pulumi.Output<VirtualMachineCdrom[] | undefined>;
  /** Identifies the version of the configuration last applied. */
  declare readonly changeVersion: pulumi.Output<string>;
  /** A specification for cloning a virtual machine from template. */
  declare readonly clone: pulumi.Output<VirtualMachineClone | undefined>;
  /** Allow CPUs to be added to this virtual machine while it is running. */
  declare readonly cpuHotAddEnabled: pulumi.Output<boolean | undefined>;
  /** Allow CPUs to be removed from this virtual machine while it is running. */
  declare readonly cpuHotRemoveEnabled: pulumi.Output<boolean | undefined>;
  /** The maximum CPU (in MHz) this virtual machine may use, whatever is available. */
  declare readonly cpuLimit: pulumi.Output<number | undefined>;
  /** The CPU (in MHz) that this virtual machine is guaranteed. */
  declare readonly cpuReservation: pulumi.Output<number | undefined>;
  /** A list of custom attributes to set on this resource. */
  declare readonly customAttributes: pulumi.Output<Record<string, string> | undefined>;
  /** The ID of the datacenter where the VM is to be created. */
  declare readonly datacenterId: pulumi.Output<string | undefined>;
  /** The ID of a datastore cluster to put the virtual machine in. */
  declare readonly datastoreClusterId: pulumi.Output<string | undefined>;
  /** The ID of the virtual machine's datastore. */
  declare readonly datastoreId: pulumi.Output<string>;
  /** The guest address the provider selected as default (first routable IPv4, when possible). */
  declare readonly defaultIpAddress: pulumi.Output<string>;
  /** A specification for a virtual disk device on this virtual machine. */
  declare readonly disks: pulumi.Output<VirtualMachineDisk[]>;
  /** When the boot type set in firmware is efi, this enables EFI secure boot. */
  declare readonly efiSecureBootEnabled: pulumi.Output<boolean | undefined>;
  /** Expose the UUIDs of attached virtual disks to the guest. */
  declare readonly enableDiskUuid: pulumi.Output<boolean | undefined>;
  /** Extra (VMX) configuration, e.g. `guestinfo.userdata` and `guestinfo.userdata.encoding`. */
  declare readonly extraConfig: pulumi.Output<Record<string, string> | undefined>;
  /** Allow the virtual machine to be rebooted when a change to `extraConfig` occurs. */
  declare readonly extraConfigRebootRequired: pulumi.Output<boolean | undefined>;
  /** The firmware interface to use on the virtual machine. */
  declare readonly firmware: pulumi.Output<string | undefined>;
  /** The name of the folder to locate the virtual machine in. */
  declare readonly folder: pulumi.Output<string | undefined>;
  /** Force power-off when a graceful guest shutdown needed for an operation fails. */
  declare readonly forcePowerOff: pulumi.Output<boolean | undefined>;
  /** The guest ID for the operating system. */
  declare readonly guestId: pulumi.Output<string>;
  /** The current list of IP addresses on this machine, including `defaultIpAddress`. */
  declare readonly guestIpAddresses: pulumi.Output<string[]>;
  /** The hardware version for the virtual machine. */
  declare readonly hardwareVersion: pulumi.Output<number>;
  /** The ID of an optional host system to pin the virtual machine to. */
  declare readonly hostSystemId: pulumi.Output<string>;
  /** IP addresses and CIDR networks to ignore while waiting for an IP address. */
  declare readonly ignoredGuestIps: pulumi.Output<string[] | undefined>;
  /** Whether the virtual machine was imported or its state migrated from an older version. */
  declare readonly imported: pulumi.Output<boolean>;
  /** Controls the scheduling delay of the virtual machine. */
  declare readonly latencySensitivity: pulumi.Output<string | undefined>;
  /** The size of the virtual machine's memory, in MB. */
  declare readonly memory: pulumi.Output<number | undefined>;
  /** Allow memory to be added to this virtual machine while it is running. */
  declare readonly memoryHotAddEnabled: pulumi.Output<boolean | undefined>;
  /** The maximum memory (in MB) this virtual machine may use, whatever is available. */
  declare readonly memoryLimit: pulumi.Output<number | undefined>;
  /** The memory (in MB) that this virtual machine is guaranteed. */
  declare readonly memoryReservation: pulumi.Output<number | undefined>;
  /** Keep the memory reservation equal to the memory size (refuse increases it cannot reserve). */
  declare readonly memoryReservationLockedToMax: pulumi.Output<boolean | undefined>;
  /** The amount of time, in minutes, to wait for a vMotion operation to complete before failing. */
  declare readonly migrateWaitTimeout: pulumi.Output<number | undefined>;
  /** The managed object reference ID of the created virtual machine. */
  declare readonly moid: pulumi.Output<string>;
  /** The name of this virtual machine. */
  declare readonly name: pulumi.Output<string>;
  /** Enable nested hardware virtualization, for virtualization inside the guest. */
  declare readonly nestedHvEnabled: pulumi.Output<boolean | undefined>;
  /** A specification for a virtual NIC on this virtual machine. */
  declare readonly networkInterfaces: pulumi.Output<VirtualMachineNetworkInterface[] | undefined>;
  /** The number of cores to distribute amongst the CPUs in this virtual machine. */
  declare readonly numCoresPerSocket: pulumi.Output<number | undefined>;
  /** The number of virtual processors to assign to this virtual machine. */
  declare readonly numCpus: pulumi.Output<number | undefined>;
  /** A computed value for the current power state of the virtual machine. */
  declare readonly powerState: pulumi.Output<string>;
  /** The amount of time, in seconds, to keep trying to power on the virtual machine. */
  declare readonly poweronTimeout: pulumi.Output<number | undefined>;
  /** Internal to the provider: whether a configuration change requires a reboot. */
  declare readonly rebootRequired: pulumi.Output<boolean>;
  /** Triggers replacement of resource whenever it changes. */
  declare readonly replaceTrigger: pulumi.Output<string | undefined>;
  /** The ID of a resource pool to put the virtual machine in. */
  declare readonly resourcePoolId: pulumi.Output<string>;
  /** The number of SCSI controllers the provider manages on this virtual machine. */
  declare readonly scsiControllerCount: pulumi.Output<number | undefined>;
  /** The type of SCSI bus this virtual machine will have. */
  declare readonly scsiType: pulumi.Output<string | undefined>;
  /** Minutes to wait for a guest shutdown when an update needs one. */
  declare readonly shutdownWaitTimeout: pulumi.Output<number | undefined>;
  /** The ID of the storage policy to assign to the virtual machine home directory. */
  declare readonly storagePolicyId: pulumi.Output<string>;
  /** Enable guest clock synchronization with the host. */
  declare readonly syncTimeWithHost: pulumi.Output<boolean | undefined>;
  /** Enable periodic clock synchronization with the host. */
  declare readonly syncTimeWithHostPeriodically: pulumi.Output<boolean | undefined>;
  /** A list of tag IDs to apply to this object. */
  declare readonly tags: pulumi.Output<string[] | undefined>;
  /** Set the upgrade policy for VMware Tools. */
  declare readonly toolsUpgradePolicy: pulumi.Output<string | undefined>;
  /** The UUID of the virtual machine (also its `id`). */
  declare readonly uuid: pulumi.Output<string>;
  /** vApp configuration data for this virtual machine. */
  declare readonly vapp: pulumi.Output<VirtualMachineVapp | undefined>;
  /** Computed value which is only valid for cloned virtual machines. */
  declare readonly vappTransports: pulumi.Output<string[]>;
  /** The state of VMware Tools in the guest. */
  declare readonly vmwareToolsStatus: pulumi.Output<string>;
  /** The path of the virtual machine configuration (.vmx) file on its datastore. */
  declare readonly vmxPath: pulumi.Output<string>;
  /** A specification for a virtual Trusted Platform Module (TPM) device on the virtual machine. */
  declare readonly vtpm: pulumi.Output<VirtualMachineVtpm | undefined>;
  /** Minutes to wait for an IP address (legacy waiter); less than 1 disables it. */
  declare readonly waitForGuestIpTimeout: pulumi.Output<number | undefined>;
  /** Controls whether or not the guest network waiter waits for a routable address. */
  declare readonly waitForGuestNetRoutable: pulumi.Output<boolean | undefined>;
  /** Minutes to wait for an available IP address on the guest; less than 1 disables the wait. */
  declare readonly waitForGuestNetTimeout: pulumi.Output<number | undefined>;

  constructor(name: string, args: VirtualMachineArgs, opts: pulumi.CustomResourceOptions = {}) {
    super(
      VirtualMachine.__pulumiType,
      name,
      resourceInputs(VIRTUAL_MACHINE, args, opts),
      resourceOptions(VIRTUAL_MACHINE, opts),
    );
  }
}
