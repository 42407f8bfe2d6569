// Machines of GCP MachineProviders -> Compute Engine instances with their disks, placed in a zone
// of the stack's region, tagged into their firewall groups, with the stack's snapshot schedule
// and Cloud KMS key on every disk.
import * as pulumi from '@pulumi/pulumi';
import type { Provider } from '@pulumi/gcp/provider';
import {
  DISK_TYPES,
  Machine,
  type DiskType,
  type MachineDiskArgs,
} from '../../components/gcp/machine';
import { GCP_NAME, GCP_ZONE } from '../../components/gcp/util';
import { cloudTags } from '../../model/cloud-tags';
import type { ResolvedMachine, ResolvedMachineProvider } from '../../model';
import { machinePlan, type PlannedDisk } from '../machine-plan';
import type { MachineOutput } from '../outputs';
import { VITISTACK_GROUP } from '../firewall-rules';
import type { GcpFoundation, GcpSubnet } from './foundation';

/** The Linux user the machine's SSH public key logs in as (GCP keys name a user). */
export const SSH_USER = 'vitistack';

/** Disk types of other clouds, as the GCP disk that serves the same purpose. */
const DISK_TYPE_OF: Readonly<Record<string, DiskType>> = {
  gp2: 'pd-balanced',
  gp3: 'pd-balanced',
  io1: 'pd-ssd',
  io2: 'pd-ssd',
  st1: 'pd-standard',
  sc1: 'pd-standard',
  standard: 'pd-standard',
};

const MACHINE_TYPE = /^[a-z][a-z0-9]*(-[a-z0-9]+)+$/;
const KMS_KEY_NAME = /^projects\/[^/]+\/locations\/[^/]+\/keyRings\/[^/]+\/cryptoKeys\/[^/]+$/;
/** Image references Compute Engine accepts. */
const IMAGE_FORMS: readonly RegExp[] = [
  /^projects\/[a-z][-a-z0-9.:]*\/global\/images\/(family\/)?[a-z][-a-z0-9]*$/,
  /^https:\/\/(www|compute)\.googleapis\.com\/compute\/(v1|beta)\/projects\/[^/]+\/global\/images\/(family\/)?[a-z][-a-z0-9]*$/,
  /^global\/images\/(family\/)?[a-z][-a-z0-9]*$/,
  /^family\/[a-z][-a-z0-9]*$/,
  /^[a-z][-a-z0-9]{4,28}[a-z0-9]\/[a-z][-a-z0-9]*$/,
];

/** Whether `image` is a Compute Engine image path, family or URL. */
export function isGcpImage(image: string): boolean {
  return IMAGE_FORMS.some((r) => r.test(image));
}

/** The zone a machine goes to: its placement, else its subnet's, else the provider's. */
function zoneOf(
  m: ResolvedMachine,
  subnet: GcpSubnet | undefined,
  foundation: GcpFoundation,
): string {
  return m.machine.spec.placement?.availabilityZone ?? subnet?.zone ?? foundation.zone;
}

function subnetOf(m: ResolvedMachine, foundation: GcpFoundation): GcpSubnet | undefined {
  return m.subnet !== undefined
    ? foundation.subnet(m.subnet)
    : foundation.defaultSubnet(m.publicIP);
}

/** Errors a user must fix in the manifests before this machine can be built on GCP. */
export function gcpMachineProblems(m: ResolvedMachine, foundation: GcpFoundation): string[] {
  const where = `Machine ${m.key}`;
  const out: string[] = [];
  const name = m.machine.metadata.name;
  if (!GCP_NAME.test(name)) {
    out.push(
      `${where}: metadata.name ${JSON.stringify(name)} is not a GCP instance name; rename the Machine to at most 63 lowercase letters, digits and "-", starting with a letter (no dots)`,
    );
  }
  if (m.instanceType === undefined) {
    out.push(
      `${where}: spec.instanceType is not set and its MachineProvider offers none; set spec.instanceType to a GCP machine type, e.g. "e2-medium"`,
    );
  } else if (!MACHINE_TYPE.test(m.instanceType)) {
    out.push(
      `${where}: spec.instanceType ${JSON.stringify(m.instanceType)} is not a GCP machine type; use one like "e2-standard-2" (and list it in the MachineProvider's instanceTypes)`,
    );
  }
  if (m.image === undefined || !isGcpImage(m.image.id)) {
    out.push(
      `${where}: image ${JSON.stringify(m.image?.id ?? null)} is not a GCP image; list the image with an imageId like "projects/ubuntu-os-cloud/global/images/family/ubuntu-2204-lts" in the MachineProvider's machineImages`,
    );
  }
  const subnet = subnetOf(m, foundation);
  if (m.subnet !== undefined && subnet === undefined) {
    out.push(
      `${where}: spec.networking.subnet ${JSON.stringify(m.subnet)} is neither a subnet of the Vitistack nor a subnetwork self link ("projects/P/regions/R/subnetworks/N"); name one of the Vitistack's subnets in spec.networking.vpcs`,
    );
  } else if (subnet === undefined) {
    out.push(
      `${where}: the Vitistack has no subnets to place the machine in; add networking.vpcs with subnets or set spec.networking.subnet`,
    );
  }
  const zone = zoneOf(m, subnet, foundation);
  if (!GCP_ZONE.test(zone) || !zone.startsWith(`${foundation.region}-`)) {
    out.push(
      `${where}: zone ${JSON.stringify(zone)} (from spec.placement.availabilityZone or its subnet's availabilityZone) is not a zone of region "${foundation.region}"; use one like "${foundation.region}-a"`,
    );
  }
  for (const sg of m.machine.spec.network.securityGroups) {
    if (foundation.groupTags[sg] === undefined) {
      out.push(
        `${where}: security group ${JSON.stringify(sg)} is not defined; add it to the MachineProvider's securityGroups (on GCP each group is a network tag with its firewall rules)`,
      );
    }
  }
  return out;
}

/** The GCP disk of a planned disk; warnings say what changed. */
function diskArgs(
  where: string,
  d: PlannedDisk,
  foundation: GcpFoundation,
  warn: (message: string) => void,
): MachineDiskArgs {
  let type: DiskType = 'pd-balanced';
  if (d.type !== undefined) {
    if ((DISK_TYPES as readonly string[]).includes(d.type)) type = d.type as DiskType;
    else {
      type = DISK_TYPE_OF[d.type] ?? 'pd-balanced';
      warn(
        `${where}: disk ${d.name} has type ${JSON.stringify(d.type)}, which GCP does not have, so ${type} is used (use one of ${DISK_TYPES.join(', ')})`,
      );
    }
  }
  const provisioned = type === 'pd-extreme' || type.startsWith('hyperdisk');
  if (d.iops !== undefined && !provisioned) {
    warn(
      `${where}: disk ${d.name} asks for ${d.iops} IOPS, which only pd-extreme and hyperdisk types provision; ${type} gets its size-based performance`,
    );
  }
  if (d.throughput !== undefined && !type.startsWith('hyperdisk')) {
    warn(
      `${where}: disk ${d.name} asks for a throughput of ${d.throughput} MB/s, which only hyperdisk types provision; ${type} gets its size-based performance`,
    );
  }
  let key: pulumi.Input<string> | undefined;
  if (d.encrypted) {
    if (d.kmsKeyId !== undefined && !KMS_KEY_NAME.test(d.kmsKeyId)) {
      warn(
        `${where}: disk ${d.name} names kmsKeyId ${JSON.stringify(d.kmsKeyId)}, which is not a Cloud KMS key name, so the stack key (or Google-managed encryption) is used`,
      );
    }
    key =
      d.kmsKeyId !== undefined && KMS_KEY_NAME.test(d.kmsKeyId) ? d.kmsKeyId : foundation.kmsKeyId;
  }
  return {
    sizeGb: d.sizeGiB,
    type,
    ...(d.iops !== undefined && provisioned ? { iops: d.iops } : {}),
    ...(d.throughput !== undefined && type.startsWith('hyperdisk')
      ? { throughput: d.throughput }
      : {}),
    ...(key !== undefined ? { kmsKeyId: key } : {}),
  };
}

export function buildGcpMachine(
  m: ResolvedMachine,
  provider: ResolvedMachineProvider,
  foundation: GcpFoundation,
  parent: pulumi.Resource,
  gcpProvider: Provider,
  warn: (message: string) => void,
): { component: Machine; output: pulumi.Output<MachineOutput> } {
  const spec = m.machine.spec;
  const where = `Machine ${m.key}`;
  const plan = machinePlan(m, provider);
  const subnet = subnetOf(m, foundation);
  const zone = zoneOf(m, subnet, foundation);
  const root = diskArgs(where, plan.root, foundation, warn);
  if (plan.keyPairName !== undefined) {
    warn(
      `${where}: SSH key pair ${JSON.stringify(plan.keyPairName)} is not installed: GCP has no key pairs; give the key's publicKey instead`,
    );
  }
  if (
    spec.placement?.placementGroup !== undefined ||
    (spec.placement?.tenancy ?? 'default') !== 'default'
  ) {
    warn(
      `${where}: spec.placement.placementGroup and tenancy are not built on GCP (no placement policy or sole-tenant node)`,
    );
  }
  const script = plan.userData;
  const tags = [VITISTACK_GROUP, ...spec.network.securityGroups]
    .map((g) => foundation.groupTags[g])
    .filter((t): t is string => t !== undefined);
  const component = new Machine(
    m.machine.metadata.name,
    {
      name: m.machine.metadata.name,
      project: foundation.project,
      zone,
      machineType: m.instanceType ?? '',
      image: m.image?.id ?? '',
      subnetwork: subnet?.selfLink ?? '',
      ...(spec.network.privateIP !== undefined ? { networkIp: spec.network.privateIP } : {}),
      publicIp: m.publicIP,
      networkTags: [...new Set(tags)],
      serviceAccountEmail: foundation.serviceAccountEmail ?? '',
      bootDisk: {
        ...root,
        ...(plan.root.deleteOnTermination !== undefined
          ? { deleteWithMachine: plan.root.deleteOnTermination }
          : {}),
      },
      dataDisks: plan.volumes.map((v) => ({
        name: v.name,
        ...diskArgs(where, v, foundation, warn),
      })),
      ...(foundation.snapshotPolicy ? { snapshotPolicy: foundation.snapshotPolicy } : {}),
      // A shell script runs as the startup script; anything else goes to cloud-init.
      ...(script !== undefined
        ? script.startsWith('#!')
          ? { startupScript: pulumi.secret(script) }
          : { userData: pulumi.secret(script) }
        : {}),
      ...(plan.sshPublicKey !== undefined
        ? { sshKeys: [{ user: SSH_USER, publicKey: plan.sshPublicKey.publicKey }] }
        : {}),
      labels: cloudTags('gcp', m.tags),
    },
    { parent, provider: gcpProvider },
  );
  const name = m.machine.metadata.name;
  const output = pulumi
    .all([
      component.instanceId,
      component.status,
      component.privateIp,
      component.publicIp,
      component.zone,
      component.bootDiskId,
      component.dataDiskIds,
    ])
    .apply(([id, status, privateIP, publicIP, az, bootId, diskIds]): MachineOutput => ({
      id,
      state: (status || 'provisioning').toLowerCase(),
      privateIP,
      ...(publicIP ? { publicIP } : {}),
      privateDNS: `${name}.${az}.c.${foundation.project}.internal`,
      availabilityZone: az,
      rootVolume: {
        id: bootId,
        size: `${plan.root.sizeGiB}Gi`,
        type: root.type ?? 'pd-balanced',
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
