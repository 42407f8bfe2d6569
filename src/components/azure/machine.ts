// One Azure Linux VM: its network interface (in the groups of its firewall rules, with a public
// IP when asked), a managed OS disk and managed data disks (with the stack's disk encryption set
// when given), an SSH key, cloud-init as custom data, and its Azure Backup protection.
import * as compute from '@pulumi/azure-native/compute';
import * as network from '@pulumi/azure-native/network';
import * as recoveryservices from '@pulumi/azure-native/recoveryservices';
import * as pulumi from '@pulumi/pulumi';
import { LABELS } from '../../model/defaults';
import { formats } from '../../api/schema';
import { TOKENS } from '../tokens';
import {
  assertValid,
  azureTags,
  isDiskType,
  listAllowed,
  locationProblem,
  missing,
  problem,
  PROVISIONED_DISK_TYPES,
  DISK_TYPES,
  validateAzureTags,
  type DiskType,
  type ImageReference,
} from './util';

/** Linux VM names (also the host name): 1 to 64 letters, digits and "-". */
const VM_NAME = /^[A-Za-z0-9]([A-Za-z0-9-]{0,62}[A-Za-z0-9])?$/;
/** Admin user of the VM when the caller names none (Azure's own examples use it). */
export const DEFAULT_ADMIN_USER = 'azureuser';
/** Azure managed disks are 4 GiB to 32 TiB. */
const MAX_DISK_GIB = 32767;

export interface MachineDiskArgs {
  /** Disk name within the machine; the Azure disk is `<machine>-<name>`. */
  readonly name: string;
  readonly sizeGiB: number;
  /** Defaults to Premium_LRS. */
  readonly type?: DiskType;
  /** IOPS of a PremiumV2_LRS or UltraSSD_LRS disk. Defaults to the type's baseline. */
  readonly iops?: number;
  /** MB/s of a PremiumV2_LRS or UltraSSD_LRS disk. Defaults to the type's baseline. */
  readonly throughput?: number;
}

export interface MachineArgs {
  /** VM name, also its host name (1 to 64 letters, digits and "-"). */
  readonly name: string;
  readonly resourceGroupName: pulumi.Input<string>;
  readonly location: string;
  /** VM size, e.g. Standard_D2s_v5. */
  readonly vmSize: string;
  readonly image: ImageReference;
  readonly subnetId: pulumi.Input<string>;
  /** Static private address in the subnet. Defaults to one Azure picks. */
  readonly privateIp?: string;
  /** Give the VM a Standard static public IP. Defaults to false. */
  readonly publicIp?: boolean;
  /** Application security groups the network interface joins (firewall groups). Defaults to none. */
  readonly applicationSecurityGroupIds?: readonly pulumi.Input<string>[];
  /** Defaults to `azureuser`. */
  readonly adminUsername?: string;
  /** OpenSSH public key of the admin user; password login stays off. Required. */
  readonly sshPublicKey: string;
  /** cloud-init document, passed as custom data (base64). Secret. Defaults to none. */
  readonly userData?: pulumi.Input<string>;
  /** OS disk: size and type; removed with the VM unless `keepOnDelete`. */
  readonly osDisk: MachineDiskArgs & { readonly keepOnDelete?: boolean };
  /** Data disks, attached at LUN 0, 1, ... in order. Defaults to none. */
  readonly dataDisks?: readonly MachineDiskArgs[];
  /** Disk encryption set (customer-managed key) of every disk. Defaults to platform-managed keys. */
  readonly diskEncryptionSetId?: pulumi.Input<string>;
  /** Availability zone ("1", "2" or "3"). Defaults to none (regional). */
  readonly zone?: string;
  /** Back the VM up with this vault's policy. Defaults to none. */
  readonly backup?: {
    readonly vaultName: pulumi.Input<string>;
    readonly resourceGroupName: pulumi.Input<string>;
    readonly policyId: pulumi.Input<string>;
  };
  /** Resources the disks and VM wait for (the encryption set's access to its key). */
  readonly dependsOn?: readonly pulumi.Resource[];
  /** Tags for every resource (mapped to Azure tag names). */
  readonly tags: Readonly<Record<string, string>>;
}

function checkDisk(at: string, d: MachineDiskArgs, out: string[]): void {
  if (!Number.isInteger(d.sizeGiB) || d.sizeGiB < 4 || d.sizeGiB > MAX_DISK_GIB) {
    out.push(
      problem(
        `${at}.sizeGiB`,
        d.sizeGiB,
        `is not a disk size Azure allows (4 to ${MAX_DISK_GIB} GiB).`,
      ),
    );
  }
  if (d.type !== undefined && !isDiskType(d.type)) {
    out.push(
      problem(
        `${at}.type`,
        d.type,
        `is not an Azure disk type (allowed: ${listAllowed(DISK_TYPES)}).`,
      ),
    );
  }
  const provisioned = d.type !== undefined && PROVISIONED_DISK_TYPES.includes(d.type);
  for (const field of ['iops', 'throughput'] as const) {
    if (d[field] !== undefined && !provisioned) {
      out.push(
        problem(
          `${at}.${field}`,
          d[field],
          `cannot be set on a ${d.type ?? 'Premium_LRS'} disk, whose performance follows its size; use type PremiumV2_LRS or UltraSSD_LRS, or leave it out.`,
        ),
      );
    }
  }
}

/** Every problem with the args, as sentences naming the field; empty when they are fine. */
export function validateMachineArgs(args: MachineArgs): string[] {
  const out: string[] = [];
  if (!VM_NAME.test(args.name)) {
    out.push(
      problem(
        'name',
        args.name,
        'is not an Azure Linux VM name (1 to 64 letters, digits and "-").',
      ),
    );
  }
  const location = locationProblem('location', args.location);
  if (location !== undefined) out.push(location);
  if (!/^[A-Za-z0-9_]+$/.test(args.vmSize)) {
    out.push(
      problem('vmSize', args.vmSize, 'is not an Azure VM size; use a form like "Standard_D2s_v5".'),
    );
  }
  if (args.privateIp !== undefined && formats.parseIPv4(args.privateIp) === undefined) {
    out.push(problem('privateIp', args.privateIp, 'is not an IPv4 address.'));
  }
  if (!formats.SSH_PUBLIC_KEY.test(args.sshPublicKey)) {
    out.push(
      missing(
        'sshPublicKey',
        'is not an OpenSSH public key (like "ssh-ed25519 AAAA... user@host").',
      ),
    );
  }
  if (args.osDisk.type === 'UltraSSD_LRS' || args.osDisk.type === 'PremiumV2_LRS') {
    out.push(
      problem(
        'osDisk.type',
        args.osDisk.type,
        'cannot be an OS disk type on Azure; use Premium_LRS or StandardSSD_LRS.',
      ),
    );
  } else {
    checkDisk('osDisk', args.osDisk, out);
  }
  const names = new Set<string>();
  (args.dataDisks ?? []).forEach((d, i) => {
    checkDisk(`dataDisks[${i}]`, d, out);
    if (names.has(d.name))
      out.push(problem(`dataDisks[${i}].name`, d.name, 'is used by another data disk.'));
    names.add(d.name);
  });
  if (args.zone !== undefined && !['1', '2', '3'].includes(args.zone)) {
    out.push(problem('zone', args.zone, 'is not an Azure availability zone ("1", "2" or "3").'));
  }
  out.push(...validateAzureTags(args.tags));
  return out;
}

export class Machine extends pulumi.ComponentResource {
  public readonly vmId: pulumi.Output<string>;
  public readonly privateIp: pulumi.Output<string>;
  /** '' without a public IP. */
  public readonly publicIp: pulumi.Output<string>;
  public readonly osDiskId: pulumi.Output<string>;
  /** Data disk id by disk name. */
  public readonly dataDiskIds: Record<string, pulumi.Output<string>>;
  public readonly provisioningState: pulumi.Output<string>;

  constructor(name: string, args: MachineArgs, opts?: pulumi.ComponentResourceOptions) {
    assertValid('Machine', name, validateMachineArgs(args));
    super(TOKENS.azure.Machine, name, {}, opts);
    const publicIp = args.publicIp === true;
    // The public-ip-only-when-requested policy tells an intended public address by this tag.
    const tags = azureTags(args.tags, publicIp ? { [LABELS.publicIp]: 'requested' } : undefined);
    const base = { resourceGroupName: args.resourceGroupName, location: args.location };
    const zones = args.zone !== undefined ? { zones: [args.zone] } : {};
    const encryption = (setId: pulumi.Input<string> | undefined) =>
      setId !== undefined ? { diskEncryptionSet: { id: setId } } : {};
    const wait = { dependsOn: [...(args.dependsOn ?? [])] };

    const ip = publicIp
      ? new network.PublicIPAddress(
          `${name}-ip`,
          {
            ...base,
            ...zones,
            publicIpAddressName: `${args.name}-ip`,
            sku: { name: 'Standard', tier: 'Regional' },
            publicIPAllocationMethod: 'Static',
            publicIPAddressVersion: 'IPv4',
            tags,
          },
          { parent: this },
        )
      : undefined;
    const nic = new network.NetworkInterface(
      `${name}-nic`,
      {
        ...base,
        networkInterfaceName: `${args.name}-nic`,
        ipConfigurations: [
          {
            name: 'primary',
            primary: true,
            subnet: { id: args.subnetId },
            privateIPAllocationMethod: args.privateIp !== undefined ? 'Static' : 'Dynamic',
            ...(args.privateIp !== undefined ? { privateIPAddress: args.privateIp } : {}),
            ...(ip !== undefined ? { publicIPAddress: { id: ip.id } } : {}),
            ...((args.applicationSecurityGroupIds ?? []).length > 0
              ? {
                  applicationSecurityGroups: (args.applicationSecurityGroupIds ?? []).map((id) => ({
                    id,
                  })),
                }
              : {}),
          },
        ],
        tags,
      },
      { parent: this },
    );

    const disks = (args.dataDisks ?? []).map(
      (d) =>
        new compute.Disk(
          `${name}-${d.name}`,
          {
            ...base,
            ...zones,
            diskName: `${args.name}-${d.name}`,
            creationData: { createOption: 'Empty' },
            diskSizeGB: d.sizeGiB,
            sku: { name: d.type ?? 'Premium_LRS' },
            ...(d.iops !== undefined ? { diskIOPSReadWrite: d.iops } : {}),
            ...(d.throughput !== undefined ? { diskMBpsReadWrite: d.throughput } : {}),
            ...(args.diskEncryptionSetId !== undefined
              ? {
                  encryption: {
                    diskEncryptionSetId: args.diskEncryptionSetId,
                    type: 'EncryptionAtRestWithCustomerKey',
                  },
                }
              : {}),
            tags,
          },
          { parent: this, ...wait },
        ),
    );

    const adminUsername = args.adminUsername ?? DEFAULT_ADMIN_USER;
    const vm = new compute.VirtualMachine(
      `${name}-vm`,
      {
        ...base,
        ...zones,
        vmName: args.name,
        hardwareProfile: { vmSize: args.vmSize },
        storageProfile: {
          imageReference: { ...args.image },
          osDisk: {
            name: `${args.name}-os`,
            createOption: 'FromImage',
            caching: 'ReadWrite',
            diskSizeGB: args.osDisk.sizeGiB,
            deleteOption: args.osDisk.keepOnDelete === true ? 'Detach' : 'Delete',
            managedDisk: {
              storageAccountType: args.osDisk.type ?? 'Premium_LRS',
              ...encryption(args.diskEncryptionSetId),
            },
          },
          dataDisks: disks.map((disk, lun) => ({
            lun,
            createOption: 'Attach',
            caching: 'ReadOnly',
            managedDisk: { id: disk.id, ...encryption(args.diskEncryptionSetId) },
          })),
        },
        networkProfile: { networkInterfaces: [{ id: nic.id, primary: true }] },
        osProfile: {
          computerName: args.name,
          adminUsername,
          linuxConfiguration: {
            disablePasswordAuthentication: true,
            ssh: {
              publicKeys: [
                { path: `/home/${adminUsername}/.ssh/authorized_keys`, keyData: args.sshPublicKey },
              ],
            },
            provisionVMAgent: true,
          },
          ...(args.userData !== undefined
            ? {
                // cloud-init reads custom data; it may hold secrets, so it stays secret in state.
                customData: pulumi
                  .secret(args.userData)
                  .apply((text) => Buffer.from(text, 'utf8').toString('base64')),
              }
            : {}),
        },
        diagnosticsProfile: { bootDiagnostics: { enabled: true } },
        tags,
      },
      { parent: this, ...wait },
    );

    if (args.backup !== undefined) {
      const b = args.backup;
      // Azure Backup's own names for a VM: its container and its protected item.
      const container = pulumi.interpolate`iaasvmcontainer;iaasvmcontainerv2;${args.resourceGroupName};${args.name}`;
      new recoveryservices.ProtectedItem(
        `${name}-backup`,
        {
          resourceGroupName: b.resourceGroupName,
          vaultName: b.vaultName,
          fabricName: 'Azure',
          containerName: container,
          protectedItemName: pulumi.interpolate`vm;iaasvmcontainerv2;${args.resourceGroupName};${args.name}`,
          properties: {
            protectedItemType: 'Microsoft.Compute/virtualMachines',
            policyId: b.policyId,
            sourceResourceId: vm.id,
          },
        },
        { parent: vm },
      );
    }

    this.vmId = vm.id;
    this.privateIp = nic.ipConfigurations.apply((c) => c?.[0]?.privateIPAddress ?? '');
    this.publicIp = ip !== undefined ? ip.ipAddress.apply((a) => a ?? '') : pulumi.output('');
    this.osDiskId = vm.storageProfile.apply((s) => s?.osDisk?.managedDisk?.id ?? '');
    this.dataDiskIds = Object.fromEntries(
      (args.dataDisks ?? []).map((d, i) => [d.name, disks[i]?.id ?? pulumi.output('')]),
    );
    this.provisioningState = vm.provisioningState;
    this.registerOutputs({
      vmId: this.vmId,
      privateIp: this.privateIp,
      publicIp: this.publicIp,
      osDiskId: this.osDiskId,
      dataDiskIds: this.dataDiskIds,
      provisioningState: this.provisioningState,
    });
  }
}
