// One Compute Engine instance with its disks: a boot disk made from the image and data disks,
// each a compute.Disk of its own (so each can carry the snapshot schedule and a Cloud KMS key),
// in one zone. Shielded VM on, the stack's service account, SSH keys and cloud-init in metadata.
import * as compute from '@pulumi/gcp/compute';
import * as pulumi from '@pulumi/pulumi';
import { LABELS } from '../../model/defaults';
import { cloudTagKey } from '../../model/cloud-tags';
import { TOKENS } from '../tokens';
import { assertValid, GCP_NAME, GCP_ZONE, gcpName, problem, validateLabels } from './util';

export const DISK_TYPES = [
  'pd-balanced',
  'pd-ssd',
  'pd-standard',
  'pd-extreme',
  'hyperdisk-balanced',
  'hyperdisk-extreme',
  'hyperdisk-throughput',
] as const;
export type DiskType = (typeof DISK_TYPES)[number];
/** Disk types whose performance is provisioned (provisionedIops / provisionedThroughput). */
const PROVISIONED: readonly DiskType[] = [
  'pd-extreme',
  'hyperdisk-balanced',
  'hyperdisk-extreme',
  'hyperdisk-throughput',
];

/** Only the Compute Engine scope: the service account's roles decide what the VM may do. */
export const CLOUD_PLATFORM_SCOPE = 'https://www.googleapis.com/auth/cloud-platform';

export interface MachineDiskArgs {
  /** Size in GB (> 0). */
  readonly sizeGb: number;
  /** Disk type. Defaults to `pd-balanced`. */
  readonly type?: DiskType;
  /** Provisioned IOPS (pd-extreme and hyperdisk types only). Defaults to the type's. */
  readonly iops?: number;
  /** Provisioned throughput in MB/s (hyperdisk types only). Defaults to the type's. */
  readonly throughput?: number;
  /** Cloud KMS key (CMEK). Defaults to none: Google-managed encryption (always on). */
  readonly kmsKeyId?: pulumi.Input<string>;
}

export interface MachineDataDiskArgs extends MachineDiskArgs {
  /** Disk name within the machine; the device appears as /dev/disk/by-id/google-<name>. */
  readonly name: string;
}

export interface MachineSshKey {
  /** Linux user the key logs in as. */
  readonly user: string;
  readonly publicKey: string;
}

export interface MachineArgs {
  /** Machine name: the instance name and host name. Required (a GCP name). */
  readonly name: string;
  /** Project. Required. */
  readonly project: string;
  /** Zone, e.g. `europe-north1-a`. Required. */
  readonly zone: string;
  /** Machine type, e.g. `e2-medium`. Required. */
  readonly machineType: string;
  /** Boot image: `projects/P/global/images/(family/)N`, `P/N` or an image URL. Required. */
  readonly image: string;
  /** Subnetwork (self link or id) of the network interface. Required. */
  readonly subnetwork: pulumi.Input<string>;
  /** Static internal IP in the subnetwork. Defaults to one GCP picks. */
  readonly networkIp?: string;
  /** An ephemeral external IP. Defaults to `false`; marks the machine with the public-ip label. */
  readonly publicIp?: boolean;
  /** Network tags (firewall targets). Defaults to none. */
  readonly networkTags?: readonly string[];
  /** Service account email the VM runs as. Required (never the default Compute account). */
  readonly serviceAccountEmail: pulumi.Input<string>;
  /** Boot disk. Required. */
  readonly bootDisk: MachineDiskArgs & {
    /** Delete the boot disk with the machine. Defaults to `true`. */
    readonly deleteWithMachine?: boolean;
  };
  /** Data disks, attached in order. Defaults to none. */
  readonly dataDisks?: readonly MachineDataDiskArgs[];
  /** Snapshot schedule (resource policy self link) attached to every disk. Defaults to none. */
  readonly snapshotPolicy?: pulumi.Input<string>;
  /** cloud-init document (kept secret) as `user-data` metadata. Excludes `startupScript`. */
  readonly userData?: pulumi.Input<string>;
  /** Shell script (kept secret) as `startup-script` metadata. Excludes `userData`. */
  readonly startupScript?: pulumi.Input<string>;
  /** SSH keys in `ssh-keys` metadata; project-wide keys are blocked. Defaults to none. */
  readonly sshKeys?: readonly MachineSshKey[];
  /** Labels (mapped with cloudTags('gcp', ...)). */
  readonly labels: Readonly<Record<string, string>>;
}

/** Every problem with the args, as sentences naming the field; empty when they are fine. */
export function validateMachineArgs(args: MachineArgs): string[] {
  const out: string[] = [];
  if (!GCP_NAME.test(args.name)) {
    out.push(
      problem(
        'name',
        args.name,
        'is not a GCP instance name (lowercase letters, digits and "-", starting with a letter, at most 63).',
      ),
    );
  }
  if (!GCP_ZONE.test(args.zone))
    out.push(problem('zone', args.zone, 'is not a GCP zone; use a form like "europe-north1-a".'));
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)+$/.test(args.machineType)) {
    out.push(
      problem(
        'machineType',
        args.machineType,
        'is not a GCP machine type; use a form like "e2-standard-2".',
      ),
    );
  }
  if (args.userData !== undefined && args.startupScript !== undefined) {
    out.push(
      problem(
        'startupScript',
        '(secret)',
        'cannot be set together with userData; give one boot script.',
      ),
    );
  }
  const disk = (d: MachineDiskArgs, at: string) => {
    if (!Number.isInteger(d.sizeGb) || d.sizeGb < 1 || d.sizeGb > 65536) {
      out.push(problem(`${at}.sizeGb`, d.sizeGb, 'is not a whole number of GB from 1 to 65536.'));
    }
    if (d.type !== undefined && !(DISK_TYPES as readonly string[]).includes(d.type)) {
      out.push(
        problem(
          `${at}.type`,
          d.type,
          `is not a GCP disk type (allowed: ${DISK_TYPES.join(', ')}).`,
        ),
      );
    }
    const type = d.type ?? 'pd-balanced';
    if (d.iops !== undefined && !PROVISIONED.includes(type)) {
      out.push(
        problem(
          `${at}.iops`,
          d.iops,
          `cannot be provisioned on ${type}; use pd-extreme or a hyperdisk type.`,
        ),
      );
    }
    if (d.throughput !== undefined && !type.startsWith('hyperdisk')) {
      out.push(
        problem(
          `${at}.throughput`,
          d.throughput,
          `cannot be provisioned on ${type}; use a hyperdisk type.`,
        ),
      );
    }
  };
  disk(args.bootDisk, 'bootDisk');
  const names = new Set<string>();
  (args.dataDisks ?? []).forEach((d, i) => {
    disk(d, `dataDisks[${i}]`);
    if (names.has(d.name))
      out.push(problem(`dataDisks[${i}].name`, d.name, 'is used by another disk of the machine.'));
    names.add(d.name);
  });
  (args.sshKeys ?? []).forEach((k, i) => {
    if (!/^[a-z_][a-z0-9_-]{0,31}$/.test(k.user)) {
      out.push(
        problem(
          `sshKeys[${i}].user`,
          k.user,
          'is not a Linux user name (lowercase letters, digits, "_" and "-", at most 32).',
        ),
      );
    }
  });
  out.push(...validateLabels(args.labels));
  return out;
}

/** The machine's `ssh-keys` metadata: one `user:key` per line. */
export function sshKeysMetadata(keys: readonly MachineSshKey[]): string {
  return keys.map((k) => `${k.user}:${k.publicKey.trim()}`).join('\n');
}

export class Machine extends pulumi.ComponentResource {
  public readonly instanceId: pulumi.Output<string>;
  /** `RUNNING`, `STOPPED`, ... as Compute Engine reports it. */
  public readonly status: pulumi.Output<string>;
  public readonly privateIp: pulumi.Output<string>;
  /** External IP; '' without one. */
  public readonly publicIp: pulumi.Output<string>;
  public readonly zone: pulumi.Output<string>;
  public readonly bootDiskId: pulumi.Output<string>;
  /** Data disk ids by disk name. */
  public readonly dataDiskIds: pulumi.Output<Record<string, string>>;

  constructor(name: string, args: MachineArgs, opts?: pulumi.ComponentResourceOptions) {
    assertValid('Machine', args.name, validateMachineArgs(args));
    super(TOKENS.gcp.Machine, name, {}, opts);
    const publicKey = cloudTagKey('gcp', LABELS.publicIp);
    const labels =
      args.publicIp === true ? { ...args.labels, [publicKey]: 'requested' } : { ...args.labels };
    const common = { project: args.project, zone: args.zone };
    const diskOf = (
      resourceName: string,
      d: MachineDiskArgs,
      extra: { image?: string },
      retainOnDelete = false,
    ): compute.Disk => {
      const type = d.type ?? 'pd-balanced';
      return new compute.Disk(
        resourceName,
        {
          ...common,
          name: gcpName(resourceName),
          size: d.sizeGb,
          type,
          ...extra,
          ...(d.iops !== undefined ? { provisionedIops: d.iops } : {}),
          ...(d.throughput !== undefined ? { provisionedThroughput: d.throughput } : {}),
          ...(d.kmsKeyId !== undefined
            ? { diskEncryptionKey: { kmsKeySelfLink: d.kmsKeyId } }
            : {}),
          ...(args.snapshotPolicy !== undefined ? { resourcePolicies: [args.snapshotPolicy] } : {}),
          labels,
        },
        { parent: this, retainOnDelete },
      );
    };
    // deleteWithMachine false keeps the boot disk in GCP when the Machine goes away.
    const boot = diskOf(
      `${name}-boot`,
      args.bootDisk,
      { image: args.image },
      args.bootDisk.deleteWithMachine === false,
    );
    const data = (args.dataDisks ?? []).map((d) => ({
      name: d.name,
      disk: diskOf(`${name}-${d.name}`, d, {}),
    }));

    const metadata: Record<string, pulumi.Input<string>> = {
      // Only the keys of this machine, not every project-wide key, may log in.
      'block-project-ssh-keys': 'TRUE',
    };
    if ((args.sshKeys ?? []).length > 0) metadata['ssh-keys'] = sshKeysMetadata(args.sshKeys ?? []);
    if (args.userData !== undefined) metadata['user-data'] = pulumi.secret(args.userData);
    if (args.startupScript !== undefined)
      metadata['startup-script'] = pulumi.secret(args.startupScript);

    const instance = new compute.Instance(
      `${name}-instance`,
      {
        ...common,
        name: args.name,
        machineType: args.machineType,
        // The disks are resources of their own: the instance only attaches them, and a deleted
        // instance leaves them to Pulumi (autoDelete false), which deletes or keeps them.
        // A CMEK disk attaches without its key: the disk itself names it.
        bootDisk: { source: boot.selfLink, autoDelete: false },
        attachedDisks: data.map((d) => ({
          source: d.disk.selfLink,
          deviceName: d.name,
          mode: 'READ_WRITE',
        })),
        networkInterfaces: [
          {
            subnetwork: args.subnetwork,
            ...(args.networkIp !== undefined ? { networkIp: args.networkIp } : {}),
            ...(args.publicIp === true ? { accessConfigs: [{ networkTier: 'PREMIUM' }] } : {}),
          },
        ],
        serviceAccount: { email: args.serviceAccountEmail, scopes: [CLOUD_PLATFORM_SCOPE] },
        shieldedInstanceConfig: {
          enableSecureBoot: true,
          enableVtpm: true,
          enableIntegrityMonitoring: true,
        },
        metadata,
        tags: [...(args.networkTags ?? [])],
        // Machine type and metadata changes stop the VM briefly instead of failing the update.
        allowStoppingForUpdate: true,
        labels,
      },
      // Replaced in place: the name is fixed and the disks can attach to one instance at a time.
      { parent: this, deleteBeforeReplace: true },
    );
    const nic = instance.networkInterfaces.apply((n) => n[0]);
    this.instanceId = instance.id;
    this.status = instance.currentStatus;
    this.privateIp = nic.apply((n) => n?.networkIp ?? '');
    this.publicIp = nic.apply((n) => n?.accessConfigs?.[0]?.natIp ?? '');
    this.zone = instance.zone;
    this.bootDiskId = boot.id;
    this.dataDiskIds = pulumi
      .all(data.map((d) => d.disk.id))
      .apply((ids) => Object.fromEntries(data.map((d, i) => [d.name, ids[i] ?? ''])));
    this.registerOutputs({
      instanceId: this.instanceId,
      status: this.status,
      privateIp: this.privateIp,
      publicIp: this.publicIp,
      zone: this.zone,
      bootDiskId: this.bootDiskId,
      dataDiskIds: this.dataDiskIds,
    });
  }
}
