// The arguments of a vSphere Machine (machine.ts) and their checks, kept apart from the component
// so that the program can validate a machine before anything is registered.
import type * as pulumi from '@pulumi/pulumi';
import { formats } from '../../api/schema';
import type { GetVirtualMachineResult } from './sdk';

/** What a clone needs to know of its template (a `getVirtualMachineOutput` result fits). */
export type MachineTemplate = Pick<
  GetVirtualMachineResult,
  | 'uuid'
  | 'guestId'
  | 'firmware'
  | 'scsiType'
  | 'numCpus'
  | 'numCoresPerSocket'
  | 'memory'
  | 'disks'
> & { readonly networkInterfaceTypes?: readonly string[] };

/** How a data disk is provisioned. */
export const DISK_PROVISIONING = {
  thin: 'thin',
  /** Thick, lazily zeroed. */
  thick: 'thick',
  /** Thick, eagerly zeroed (needed for FT and shared disks). */
  eager: 'eager',
} as const;
export type DiskProvisioning = keyof typeof DISK_PROVISIONING;

export interface MachineDataDisk {
  /** Unique within the machine; the disk's label is `data-<name>`. */
  readonly name: string;
  /** Size in GiB (> 0). */
  readonly sizeGiB: number;
  /** Defaults to `thin`. */
  readonly provisioning?: DiskProvisioning;
}

/** A static address of a NIC: the address and its prefix length. */
export interface StaticAddress {
  readonly address: string;
  readonly prefix: number;
}

export interface MachineNic {
  /** Managed object ID of the port group (e.g. from `getNetworkOutput`). */
  readonly networkId: pulumi.Input<string>;
  /** A fixed MAC address (manual range of vCenter). Defaults to one vCenter assigns. */
  readonly macAddress?: string;
  /** Static IPv4 address; DHCP when neither this nor `ipv6` is given. */
  readonly ipv4?: StaticAddress;
  readonly ipv6?: StaticAddress;
}

/** Linux guest customization (VMware Tools): host name, domain, DNS and default gateways. */
export interface MachineCustomization {
  readonly hostName: string;
  readonly domain: string;
  /** Must be on the subnet of a NIC with a static IPv4 address. */
  readonly ipv4Gateway?: string;
  readonly ipv6Gateway?: string;
  readonly dnsServers?: readonly string[];
  readonly dnsSuffixes?: readonly string[];
}

export interface MachineArgs {
  /** VM name in vCenter. Required. */
  readonly name: string;
  /** The template to clone. Required. */
  readonly template: pulumi.Input<MachineTemplate>;
  /** Managed object ID of the resource pool. Required. */
  readonly resourcePoolId: pulumi.Input<string>;
  /** Managed object ID of the datastore. Defaults to the template's datastore. */
  readonly datastoreId?: pulumi.Input<string>;
  /** VM folder path relative to the datacenter. Defaults to the datacenter's VM folder. */
  readonly folder?: pulumi.Input<string>;
  /** Virtual CPUs. Defaults to the template's. */
  readonly numCpus?: number;
  /** Cores per socket; must divide `numCpus`. Defaults to `numCpus` (one socket). */
  readonly coresPerSocket?: number;
  /** Memory in MiB, rounded up to a multiple of 4 as vSphere requires. Defaults to the template's. */
  readonly memoryMiB?: number;
  /** Boot disk size in GiB; never below the template's (a clone cannot shrink a disk). Required. */
  readonly rootDiskGiB: number;
  /** Disks after the template's, in order. Defaults to none. */
  readonly dataDisks?: readonly MachineDataDisk[];
  /** At least one. */
  readonly networkInterfaces: readonly MachineNic[];
  /** Guest customization; leave out for guests that cannot be customized (Talos). */
  readonly customize?: MachineCustomization;
  /** Cloud-init (or Talos) data through guestinfo. Defaults to none. */
  readonly guestinfo?: {
    /** The metadata document (instance id, host name, network config); not secret. */
    readonly metadata?: string;
    /** The user data; sent base64-encoded and as a secret. */
    readonly userData?: pulumi.Input<string>;
  };
  /** Tag IDs. Defaults to none. */
  readonly tags?: readonly pulumi.Input<string>[];
  /** The VM's notes in vCenter. Defaults to none. */
  readonly annotation?: string;
  /**
   * Wait for the guest to report an address (needs VMware Tools in the guest). Defaults to
   * `true`; turn off for guests without Tools whose address is known (Talos with a static one).
   */
  readonly waitForGuestNet?: boolean;
}

const MAC = /^[0-9a-f]{2}([:-][0-9a-f]{2}){5}$/i;
const HOST_NAME = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i;

function checkAddress(path: string, a: StaticAddress, family: 4 | 6, out: string[]): void {
  const parsed = formats.parseAddress(a.address);
  if (parsed?.family !== family) {
    out.push(`${path}.address: "${a.address}" is not an IPv${family} address.`);
  }
  const max = family === 4 ? 32 : 128;
  if (!Number.isInteger(a.prefix) || a.prefix < 1 || a.prefix > max) {
    out.push(`${path}.prefix: ${a.prefix} must be a prefix length from 1 to ${max}.`);
  }
}

/** Problems with the machine args (field paths relative to the args). */
export function validateMachineArgs(args: MachineArgs): string[] {
  const out: string[] = [];
  if (args.name.trim() === '' || args.name.length > 80) {
    out.push(`name: "${args.name}" must have 1 to 80 characters (a vCenter VM name).`);
  }
  if (args.numCpus !== undefined && (!Number.isInteger(args.numCpus) || args.numCpus < 1)) {
    out.push(`numCpus: ${args.numCpus} must be a whole number of at least 1.`);
  }
  if (args.coresPerSocket !== undefined) {
    const cpus = args.numCpus;
    if (!Number.isInteger(args.coresPerSocket) || args.coresPerSocket < 1) {
      out.push(`coresPerSocket: ${args.coresPerSocket} must be a whole number of at least 1.`);
    } else if (cpus === undefined || cpus % args.coresPerSocket !== 0) {
      out.push(
        `coresPerSocket: ${args.coresPerSocket} must divide numCpus (${cpus ?? 'not set'}); give numCpus as cores x sockets.`,
      );
    }
  }
  if (args.memoryMiB !== undefined && !(args.memoryMiB > 0)) {
    out.push(`memoryMiB: ${args.memoryMiB} must be greater than 0.`);
  }
  if (!Number.isInteger(args.rootDiskGiB) || args.rootDiskGiB < 1) {
    out.push(`rootDiskGiB: ${args.rootDiskGiB} must be a whole number of GiB, at least 1.`);
  }
  const names = new Set<string>();
  (args.dataDisks ?? []).forEach((d, i) => {
    if (d.name.trim() === '') out.push(`dataDisks[${i}].name: is empty; name the disk.`);
    if (names.has(d.name)) out.push(`dataDisks[${i}].name: "${d.name}" is used twice.`);
    names.add(d.name);
    if (!Number.isInteger(d.sizeGiB) || d.sizeGiB < 1) {
      out.push(`dataDisks[${i}].sizeGiB: ${d.sizeGiB} must be a whole number of GiB, at least 1.`);
    }
  });
  if (args.networkInterfaces.length === 0) {
    out.push('networkInterfaces: is empty; a machine needs at least one network interface.');
  }
  args.networkInterfaces.forEach((n, i) => {
    if (n.macAddress !== undefined && !MAC.test(n.macAddress)) {
      out.push(`networkInterfaces[${i}].macAddress: "${n.macAddress}" is not a MAC address.`);
    }
    if (n.ipv4) checkAddress(`networkInterfaces[${i}].ipv4`, n.ipv4, 4, out);
    if (n.ipv6) checkAddress(`networkInterfaces[${i}].ipv6`, n.ipv6, 6, out);
  });
  const c = args.customize;
  if (c) {
    if (!HOST_NAME.test(c.hostName)) {
      out.push(
        `customize.hostName: "${c.hostName}" is not a host name; use 1 to 63 letters, digits and "-".`,
      );
    }
    if (c.domain.trim() === '') out.push('customize.domain: is empty; give a DNS domain.');
    if (c.ipv4Gateway !== undefined && !args.networkInterfaces.some((n) => n.ipv4)) {
      out.push(
        'customize.ipv4Gateway: is set but no network interface has a static IPv4 address; remove it or give an interface ipv4.',
      );
    }
    if (c.ipv6Gateway !== undefined && !args.networkInterfaces.some((n) => n.ipv6)) {
      out.push(
        'customize.ipv6Gateway: is set but no network interface has a static IPv6 address; remove it or give an interface ipv6.',
      );
    }
  } else if (args.networkInterfaces.some((n) => n.ipv4 ?? n.ipv6)) {
    // Without customization the guest learns its address from guestinfo metadata only.
    if (args.guestinfo?.metadata === undefined) {
      out.push(
        'networkInterfaces: static addresses need customize or guestinfo.metadata to reach the guest.',
      );
    }
  }
  return out;
}

/** Memory as vSphere takes it: MiB, a multiple of 4. */
export function memoryOf(mib: number): number {
  return Math.ceil(mib / 4) * 4;
}

/** Disk units per SCSI controller as the provider counts them (unit 7, the controller, excluded). */
export const UNITS_PER_CONTROLLER = 15;

/**
 * SCSI controllers needed for disks up to `maxUnit`: the provider numbers disks across controllers
 * (0-14 on the first, 15-29 on the second, ...) and skips each controller's own unit itself.
 */
export function controllersFor(maxUnit: number): number {
  return Math.floor(maxUnit / UNITS_PER_CONTROLLER) + 1;
}
