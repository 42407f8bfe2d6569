// Machines of Azure MachineProviders -> Linux VMs with their network interface, managed disks,
// public IP (when asked) and backup protection.
import * as pulumi from '@pulumi/pulumi';
import { Machine, type MachineDiskArgs } from '../../components/azure/machine';
import {
  DISK_TYPES,
  isDiskType,
  parseImageReference,
  stateOf,
  type DiskType,
} from '../../components/azure/util';
import type { ResolvedMachine, ResolvedMachineProvider } from '../../model';
import { machinePlan, type PlannedDisk } from '../machine-plan';
import type { MachineOutput } from '../outputs';
import type { AzureFoundation } from './foundation';
import type { AzureAccount } from './providers';

/** Disk type when neither the disk nor its provider names one. */
export const DEFAULT_DISK_TYPE: DiskType = 'Premium_LRS';
const DES_ID =
  /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Compute\/diskEncryptionSets\/[^/]+$/i;

/** The Azure zone of `spec.placement.availabilityZone`: "2" and "eastus-2" are zone 2. */
export function azureZone(text: string | undefined, location: string): string | undefined {
  if (text === undefined) return undefined;
  const m = /^(?:([a-z0-9]+)-)?([123])$/.exec(text);
  return m !== null && (m[1] === undefined || m[1] === location) ? m[2] : undefined;
}

function diskField(d: PlannedDisk): string {
  return d.name === 'root'
    ? "spec.storage.rootVolume.type (or the MachineProvider's storage.defaultVolumeType)"
    : `the type of volume "${d.name}" (or the MachineProvider's storage.defaultVolumeType)`;
}

/** Errors a user must fix in the manifests before this machine can be built on Azure. */
export function azureMachineProblems(
  m: ResolvedMachine,
  provider: ResolvedMachineProvider,
  account: AzureAccount | undefined,
  foundation: AzureFoundation,
): string[] {
  const where = `Machine ${m.key}`;
  const problems: string[] = [];
  if (m.instanceType === undefined) {
    problems.push(
      `${where}: spec.instanceType is not set and its MachineProvider offers none; set spec.instanceType, e.g. "Standard_D2s_v5"`,
    );
  }
  if (m.image === undefined || parseImageReference(m.image.id) === undefined) {
    problems.push(
      `${where}: image ${JSON.stringify(m.image?.id ?? null)} is neither an Azure marketplace image URN ("Publisher:Offer:Sku:Version", like "Canonical:0001-com-ubuntu-server-jammy:22_04-lts-gen2:latest") nor an image resource id ("/subscriptions/.../providers/Microsoft.Compute/images/..."); list the image with such an imageId in the MachineProvider's machineImages, or write one as spec.machineImage`,
    );
  }
  if (m.subnet !== undefined && foundation.subnet(m.subnet) === undefined) {
    problems.push(
      `${where}: subnet ${JSON.stringify(m.subnet)} is neither a subnet of the Vitistack (${
        foundation.networks
          .flatMap((n) => Object.keys(n.component.subnetIds))
          .map((s) => `"${s}"`)
          .join(', ') || 'none'
      }) nor an Azure subnet resource id; name one of them in spec.networking.subnet`,
    );
  }
  if (
    m.subnet === undefined &&
    foundation.privateSubnetIds.length + foundation.publicSubnetIds.length === 0
  ) {
    problems.push(
      `${where}: the Vitistack has no subnets to place the machine in; add networking.vpcs with subnets or set spec.networking.subnet`,
    );
  }
  for (const g of m.machine.spec.network.securityGroups) {
    if (foundation.group(g) === undefined) {
      problems.push(
        `${where}: security group ${JSON.stringify(g)} is not defined; add it to the MachineProvider's securityGroups or use an application security group resource id`,
      );
    }
  }
  if (account !== undefined && account.subscriptionId !== foundation.account.subscriptionId) {
    problems.push(
      `${where}: its MachineProvider ${provider.key} is in subscription ${account.subscriptionId}, but the Vitistack's VNet is in ${foundation.account.subscriptionId}; a network interface must be in the subscription of its VNet, so give the Vitistack one Azure subscription`,
    );
  }
  if (account !== undefined && account.location !== foundation.account.location) {
    problems.push(
      `${where}: its MachineProvider ${provider.key} is in ${account.location}, but the Vitistack's VNet is in ${foundation.account.location}; a machine must be in the location of its VNet`,
    );
  }
  const zone = m.machine.spec.placement?.availabilityZone;
  if (zone !== undefined && azureZone(zone, foundation.account.location) === undefined) {
    problems.push(
      `${where}: spec.placement.availabilityZone "${zone}" is not an Azure zone; use "1", "2" or "3"`,
    );
  }
  const plan = machinePlan(m, provider);
  for (const d of [plan.root, ...plan.volumes]) {
    if (d.type !== undefined && !isDiskType(d.type)) {
      problems.push(
        `${where}: disk "${d.name}" has type "${d.type}", which is not an Azure disk type (allowed: ${DISK_TYPES.join(', ')}); set ${diskField(d)} to one of them`,
      );
    }
    if (d.kmsKeyId !== undefined && !DES_ID.test(d.kmsKeyId)) {
      problems.push(
        `${where}: disk "${d.name}" names the key "${d.kmsKeyId}", but an Azure disk is encrypted through a disk encryption set; give its resource id ("/subscriptions/.../diskEncryptionSets/...") or leave the key out to use the stack's`,
      );
    }
  }
  if (plan.sshPublicKey === undefined) {
    problems.push(
      `${where}: spec.sshKeys has no publicKey; an Azure Linux VM needs an SSH public key for its admin user (password login stays off), so add one like "ssh-ed25519 AAAA... admin"`,
    );
  }
  return problems;
}

/** What the manifests ask for that an Azure VM does not do; one sentence each. */
export function azureMachineWarnings(
  m: ResolvedMachine,
  provider: ResolvedMachineProvider,
): string[] {
  const where = `Machine ${m.key}`;
  const spec = m.machine.spec;
  const out: string[] = [];
  if (spec.placement?.placementGroup !== undefined) {
    out.push(
      `${where}: spec.placement.placementGroup is not built on Azure (proximity placement groups)`,
    );
  }
  if (spec.placement?.tenancy !== undefined && spec.placement.tenancy !== 'default') {
    out.push(
      `${where}: spec.placement.tenancy "${spec.placement.tenancy}" is not built on Azure (dedicated hosts)`,
    );
  }
  const plan = machinePlan(m, provider);
  const plain = [plan.root, ...plan.volumes].filter((d) => !d.encrypted).map((d) => d.name);
  if (plain.length > 0) {
    out.push(
      `${where}: Azure encrypts every managed disk at rest, so the disks ${plain.join(', ')} are encrypted (with platform-managed keys) although the manifest says encryption: false`,
    );
  }
  return out;
}

function diskArgs(d: PlannedDisk, defaultType: DiskType): MachineDiskArgs {
  const type = d.type !== undefined && isDiskType(d.type) ? d.type : defaultType;
  const provisioned = type === 'PremiumV2_LRS' || type === 'UltraSSD_LRS';
  return {
    name: d.name,
    // Azure managed disks start at 4 GiB.
    sizeGiB: Math.max(4, d.sizeGiB),
    type,
    ...(provisioned && d.iops !== undefined ? { iops: d.iops } : {}),
    ...(provisioned && d.throughput !== undefined ? { throughput: d.throughput } : {}),
  };
}

export function buildAzureMachine(
  m: ResolvedMachine,
  provider: ResolvedMachineProvider,
  foundation: AzureFoundation,
  parent: pulumi.Resource,
  account: AzureAccount,
  resourceGroupName: pulumi.Input<string>,
): { component: Machine; output: pulumi.Output<MachineOutput> } {
  const spec = m.machine.spec;
  const plan = machinePlan(m, provider);
  const location = foundation.account.location;
  const zone = azureZone(spec.placement?.availabilityZone, location);
  const subnet =
    (m.subnet !== undefined ? foundation.subnet(m.subnet) : undefined) ??
    (m.publicIP ? foundation.publicSubnetIds[0] : foundation.privateSubnetIds[0]) ??
    foundation.publicSubnetIds[0] ??
    '';
  // A disk's own disk encryption set, else the stack's when encryption at rest is on.
  const explicitSet = [plan.root, ...plan.volumes].find(
    (d) => d.encrypted && d.kmsKeyId !== undefined,
  )?.kmsKeyId;
  const encryption = foundation.encryption;
  const setId = explicitSet ?? encryption?.diskEncryptionSetId;
  const backup = foundation.backup;
  const component = new Machine(
    m.machine.metadata.name,
    {
      name: m.machine.metadata.name,
      resourceGroupName,
      location,
      vmSize: m.instanceType ?? '',
      image: parseImageReference(m.image?.id ?? '') ?? { id: m.image?.id ?? '' },
      subnetId: subnet,
      ...(spec.network.privateIP !== undefined ? { privateIp: spec.network.privateIP } : {}),
      publicIp: m.publicIP,
      applicationSecurityGroupIds: spec.network.securityGroups.map((g) => foundation.group(g) ?? g),
      sshPublicKey: plan.sshPublicKey?.publicKey ?? '',
      ...(plan.userData !== undefined ? { userData: pulumi.secret(plan.userData) } : {}),
      osDisk: {
        ...diskArgs(plan.root, DEFAULT_DISK_TYPE),
        ...(plan.root.deleteOnTermination === false ? { keepOnDelete: true } : {}),
      },
      dataDisks: plan.volumes.map((v) => diskArgs(v, DEFAULT_DISK_TYPE)),
      ...(setId !== undefined ? { diskEncryptionSetId: setId } : {}),
      ...(zone !== undefined ? { zone } : {}),
      ...(backup !== undefined
        ? {
            backup: {
              vaultName: backup.component.vaultName,
              resourceGroupName: backup.resourceGroupName,
              policyId: backup.component.policyId,
            },
          }
        : {}),
      ...(encryption !== undefined && explicitSet === undefined
        ? { dependsOn: encryption.ready }
        : {}),
      tags: m.tags,
    },
    { parent, provider: account.provider },
  );
  const root = diskArgs(plan.root, DEFAULT_DISK_TYPE);
  const output = pulumi
    .all([
      component.vmId,
      component.provisioningState,
      component.privateIp,
      component.publicIp,
      component.osDiskId,
      pulumi.all(component.dataDiskIds),
    ])
    .apply(([id, provisioning, privateIP, publicIP, osDiskId, diskIds]): MachineOutput => ({
      id,
      state: stateOf(provisioning, 'running'),
      privateIP,
      ...(publicIP !== '' ? { publicIP } : {}),
      availabilityZone: zone !== undefined ? `${location}-${zone}` : location,
      rootVolume: {
        id: osDiskId,
        size: `${root.sizeGiB}Gi`,
        type: root.type ?? DEFAULT_DISK_TYPE,
        state: 'in-use',
      },
      additionalVolumes: spec.volumes.map((v) => ({
        id: diskIds[v.name] ?? '',
        name: v.name,
        size: v.size,
        ...(v.mountPath !== undefined ? { mountPath: v.mountPath } : {}),
        state: 'in-use',
      })),
    }));
  return { component, output };
}
