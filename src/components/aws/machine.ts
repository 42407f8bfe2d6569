// One EC2 instance with its EBS disks (encrypted by default) and, optionally, its SSH key pair.
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { LABELS } from '../../model/defaults';
import { TOKENS } from '../tokens';
import { assertValid, mergeTags, validateTags } from './util';

export const VOLUME_TYPES = ['gp3', 'gp2', 'io1', 'io2', 'st1', 'sc1', 'standard'] as const;
export type VolumeType = (typeof VOLUME_TYPES)[number];
const IOPS_TYPES: readonly VolumeType[] = ['io1', 'io2', 'gp3'];
const IOPS_REQUIRED: readonly VolumeType[] = ['io1', 'io2'];

export const TENANCIES = { default: 'default', dedicated: 'dedicated', host: 'host' } as const;
export type Tenancy = keyof typeof TENANCIES;

/** Device names given to additional volumes in order, skipping names set explicitly. */
export const DEVICE_NAMES: readonly string[] = 'fghijklmnopqrstuvwxyz'
  .split('')
  .map((c) => `/dev/sd${c}`);
const DEVICE_NAME = /^\/dev\/(sd|xvd)[b-z]$/;

interface DiskArgs {
  /** Size in GiB (> 0). Required. */
  readonly sizeGiB: number;
  /** EBS volume type. Defaults to `gp3`. */
  readonly type?: VolumeType;
  /** Provisioned IOPS; only for io1, io2 (required there) and gp3. Defaults to the type's baseline. */
  readonly iops?: number;
  /** Throughput in MiB/s; only for gp3. Defaults to the gp3 baseline (125). */
  readonly throughput?: number;
  /** Encrypt the disk. Defaults to `true`; must be true when `kmsKeyArn` is set. */
  readonly encrypted?: boolean;
  /** KMS key for the encryption. Defaults to the account's EBS default key. */
  readonly kmsKeyArn?: pulumi.Input<string>;
}

export interface MachineRootVolume extends DiskArgs {
  /** Delete the root disk with the instance. Defaults to `true`. */
  readonly deleteOnTermination?: boolean;
}

export interface MachineVolume extends DiskArgs {
  /** Name of the volume, unique within the machine (used in resource names and `volumeIds`). */
  readonly name: string;
  /** Device name, e.g. `/dev/sdf`. Defaults to the next free name of `DEVICE_NAMES`. */
  readonly deviceName?: string;
}

export interface MachineArgs {
  /** Machine name: the instance's `Name` tag. Required. */
  readonly name: string;
  /** EC2 instance type, e.g. `t3.micro`. Required. */
  readonly instanceType: string;
  /** AMI id, e.g. `ami-0c55b159cbfafe1d0`. Required. */
  readonly ami: string;
  /** Subnet of the primary network interface. Required. */
  readonly subnetId: pulumi.Input<string>;
  /** Security groups of the primary network interface. Required (may be empty: the VPC default). */
  readonly securityGroupIds: readonly pulumi.Input<string>[];
  /** Give the instance a public IP. Defaults to `false`. */
  readonly associatePublicIp?: boolean;
  /** Static private IP within the subnet. Defaults to one picked by AWS. */
  readonly privateIp?: string;
  /**
   * Availability zone of the subnet, when the caller knows it: volumes are then created in
   * parallel with the instance. Defaults to the instance's zone (volumes wait for the instance).
   */
  readonly availabilityZone?: string;
  /** Root disk. Required. */
  readonly rootVolume: MachineRootVolume;
  /** Additional EBS volumes, attached in order. Defaults to none. */
  readonly volumes?: readonly MachineVolume[];
  /** Cloud-init / user data (kept secret: it often holds tokens). Excludes `userDataBase64`. */
  readonly userData?: pulumi.Input<string>;
  /** Base64 (e.g. gzip) user data, kept secret. Excludes `userData`. */
  readonly userDataBase64?: pulumi.Input<string>;
  /** Public key to import as a key pair named `<machine>-<name>`. Excludes `keyPairName`. */
  readonly sshPublicKey?: { readonly name: string; readonly publicKey: string };
  /** Existing EC2 key pair. Excludes `sshPublicKey`. Defaults to none. */
  readonly keyPairName?: string;
  /** Placement group name. Defaults to none. */
  readonly placementGroup?: pulumi.Input<string>;
  /** Tenancy. Defaults to `default` (shared hardware). */
  readonly tenancy?: Tenancy;
  /** IAM instance profile name. Defaults to none. */
  readonly iamInstanceProfile?: pulumi.Input<string>;
  /** Detailed (1-minute) CloudWatch monitoring. Defaults to `false`. */
  readonly monitoring?: boolean;
  /** Run as a one-time Spot instance, optionally capped at `maxPrice` (USD/hour). Defaults to on-demand. */
  readonly spot?: { readonly maxPrice?: string };
  /** Tags on every taggable resource, merged with a `Name` tag. */
  readonly tags: Readonly<Record<string, string>>;
}

function validateDisk(d: DiskArgs, path: string, out: string[]): void {
  const type = d.type ?? 'gp3';
  if (!Number.isInteger(d.sizeGiB) || d.sizeGiB <= 0) {
    out.push(
      `${path}.sizeGiB: ${d.sizeGiB} must be a whole number greater than 0; give the disk size in GiB, e.g. 20.`,
    );
  }
  if (!VOLUME_TYPES.includes(type)) {
    out.push(
      `${path}.type: "${type}" is not an EBS volume type; use one of ${VOLUME_TYPES.join(', ')}.`,
    );
  }
  if (d.iops !== undefined) {
    if (!IOPS_TYPES.includes(type)) {
      out.push(
        `${path}.iops: ${d.iops} is only allowed for volume types ${IOPS_TYPES.join(', ')} (type is "${type}"); remove iops or change the type.`,
      );
    } else if (!Number.isInteger(d.iops) || d.iops <= 0) {
      out.push(`${path}.iops: ${d.iops} must be a whole number greater than 0.`);
    }
  } else if (IOPS_REQUIRED.includes(type)) {
    out.push(`${path}.iops: is required for volume type "${type}"; give the provisioned IOPS.`);
  }
  if (d.throughput !== undefined && type !== 'gp3') {
    out.push(
      `${path}.throughput: ${d.throughput} is only allowed for volume type gp3 (type is "${type}"); remove throughput or use gp3.`,
    );
  }
  if (d.encrypted === false && d.kmsKeyArn !== undefined) {
    out.push(
      `${path}.kmsKeyArn: a KMS key is given while encrypted is false; set encrypted to true or remove kmsKeyArn.`,
    );
  }
}

/** Device names for `volumes`, in order: explicit ones kept, the rest from `DEVICE_NAMES`. */
export function deviceNames(volumes: readonly MachineVolume[]): (string | undefined)[] {
  const taken = new Set(volumes.map((v) => v.deviceName).filter((d) => d !== undefined));
  const free = DEVICE_NAMES.filter((d) => !taken.has(d));
  return volumes.map((v) => v.deviceName ?? free.shift());
}

/** Problems with the machine args (field paths relative to the args). */
export function validateMachineArgs(args: MachineArgs): string[] {
  const out: string[] = [];
  if (args.name.trim() === '') out.push('name: is empty; give the machine a name.');
  if (args.instanceType.trim() === '') {
    out.push('instanceType: is empty; give an EC2 instance type, e.g. "t3.micro".');
  }
  if (!/^ami-[0-9a-f]{8,17}$/.test(args.ami)) {
    out.push(`ami: "${args.ami}" is not an AMI id; use a form like "ami-0c55b159cbfafe1d0".`);
  }
  validateDisk(args.rootVolume, 'rootVolume', out);
  const volumes = args.volumes ?? [];
  const names = new Map<string, number>();
  volumes.forEach((v, i) => {
    const path = `volumes[${i}]`;
    if (!/^[A-Za-z0-9][\w.-]{0,62}$/.test(v.name)) {
      out.push(
        `${path}.name: "${v.name}" is not a valid volume name; use up to 63 letters, digits, ".", "-" and "_", e.g. "data".`,
      );
    }
    const first = names.get(v.name);
    if (first !== undefined) {
      out.push(
        `${path}.name: "${v.name}" is used by volumes[${first}] too; give each volume a unique name.`,
      );
    } else {
      names.set(v.name, i);
    }
    if (v.deviceName !== undefined && !DEVICE_NAME.test(v.deviceName)) {
      out.push(
        `${path}.deviceName: "${v.deviceName}" is not an EBS device name; use /dev/sdf to /dev/sdz.`,
      );
    }
    validateDisk(v, path, out);
  });
  const devices = deviceNames(volumes);
  const seenDevices = new Map<string, number>();
  devices.forEach((d, i) => {
    if (d === undefined) {
      out.push(
        `volumes[${i}].deviceName: no free device name is left (at most ${DEVICE_NAMES.length} volumes); set deviceName explicitly or use fewer volumes.`,
      );
      return;
    }
    const first = seenDevices.get(d);
    if (first !== undefined) {
      out.push(
        `volumes[${i}].deviceName: "${d}" is used by volumes[${first}] too; give each volume its own device name.`,
      );
    }
    seenDevices.set(d, i);
  });
  if (args.userData !== undefined && args.userDataBase64 !== undefined) {
    out.push('userData: cannot be set together with userDataBase64; keep one.');
  }
  if (args.sshPublicKey !== undefined && args.keyPairName !== undefined) {
    out.push(
      `sshPublicKey: cannot be set together with keyPairName "${args.keyPairName}"; import a key or use an existing key pair, not both.`,
    );
  }
  if (args.sshPublicKey !== undefined) {
    if (!/^[\w.-]{1,200}$/.test(args.sshPublicKey.name)) {
      out.push(
        `sshPublicKey.name: "${args.sshPublicKey.name}" is not a valid key name; use letters, digits, ".", "-" and "_".`,
      );
    }
    if (
      !/^(ssh-(rsa|ed25519)|ecdsa-sha2-nistp(256|384|521)) \S+/.test(args.sshPublicKey.publicKey)
    ) {
      out.push(
        'sshPublicKey.publicKey: is not an OpenSSH public key; use the one-line form "ssh-ed25519 AAAA... comment".',
      );
    }
  }
  if (args.tenancy !== undefined && !(args.tenancy in TENANCIES)) {
    out.push(
      `tenancy: "${args.tenancy}" is not allowed; use ${Object.keys(TENANCIES).join(', ')}.`,
    );
  }
  if (args.spot?.maxPrice !== undefined && !/^\d+(\.\d+)?$/.test(args.spot.maxPrice)) {
    out.push(
      `spot.maxPrice: "${args.spot.maxPrice}" is not a price; give USD per hour like "0.05".`,
    );
  }
  out.push(...validateTags(args.tags));
  return out;
}

export class Machine extends pulumi.ComponentResource {
  public readonly instanceId: pulumi.Output<string>;
  public readonly privateIp: pulumi.Output<string>;
  /** Public IP; '' without one. */
  public readonly publicIp: pulumi.Output<string>;
  public readonly privateDns: pulumi.Output<string>;
  public readonly publicDns: pulumi.Output<string>;
  /** Instance state: pending, running, stopped, ... */
  public readonly state: pulumi.Output<string>;
  public readonly rootVolumeId: pulumi.Output<string | undefined>;
  /** Additional volume ids by volume name. */
  public readonly volumeIds: pulumi.Output<Record<string, string>>;
  public readonly availabilityZone: pulumi.Output<string>;

  constructor(name: string, args: MachineArgs, opts?: pulumi.ComponentResourceOptions) {
    assertValid('Machine', args.name, validateMachineArgs(args));
    super(TOKENS.aws.Machine, name, {}, opts);
    const root = args.rootVolume;

    const keyPair =
      args.sshPublicKey !== undefined
        ? new aws.ec2.KeyPair(
            `${name}-key`,
            {
              // Prefixed with the machine name: machines sharing a key must not collide on the
              // region-wide key name (an existing shared key pair is what keyPairName is for).
              keyName: `${args.name}-${args.sshPublicKey.name}`,
              publicKey: args.sshPublicKey.publicKey,
              tags: mergeTags(args.tags, `${args.name}-${args.sshPublicKey.name}`),
            },
            { parent: this },
          )
        : undefined;

    const instance = new aws.ec2.Instance(
      `${name}-instance`,
      {
        ami: args.ami,
        instanceType: args.instanceType,
        subnetId: args.subnetId,
        vpcSecurityGroupIds: [...args.securityGroupIds],
        associatePublicIpAddress: args.associatePublicIp ?? false,
        privateIp: args.privateIp,
        availabilityZone: args.availabilityZone,
        keyName: keyPair?.keyName ?? args.keyPairName,
        // Secret: user data often carries join tokens or passwords.
        userData: args.userData !== undefined ? pulumi.secret(args.userData) : undefined,
        userDataBase64:
          args.userDataBase64 !== undefined ? pulumi.secret(args.userDataBase64) : undefined,
        placementGroup: args.placementGroup,
        tenancy: args.tenancy,
        iamInstanceProfile: args.iamInstanceProfile,
        monitoring: args.monitoring ?? false,
        // Most current types are EBS-optimised anyway; explicit so older types are too.
        ebsOptimized: true,
        // IMDSv2 only: session tokens defeat SSRF-style theft of the instance role's credentials
        // (IMDSv1 answers any plain GET). The hop limit stays at AWS's default of 1.
        metadataOptions: { httpEndpoint: 'enabled', httpTokens: 'required' },
        rootBlockDevice: {
          volumeSize: root.sizeGiB,
          volumeType: root.type ?? 'gp3',
          iops: root.iops,
          throughput: root.throughput,
          encrypted: root.encrypted ?? true,
          kmsKeyId: root.kmsKeyArn,
          deleteOnTermination: root.deleteOnTermination ?? true,
          tags: mergeTags(args.tags, `${args.name}-root`),
        },
        instanceMarketOptions:
          args.spot !== undefined
            ? {
                marketType: 'spot',
                spotOptions: { maxPrice: args.spot.maxPrice },
              }
            : undefined,
        tags: mergeTags(
          args.associatePublicIp === true
            ? { ...args.tags, [LABELS.publicIp]: 'requested' }
            : args.tags,
          args.name,
        ),
      },
      { parent: this },
    );

    // Volumes live in the instance's zone: the known zone when given, else the instance's.
    const zone: pulumi.Input<string> = args.availabilityZone ?? instance.availabilityZone;
    const devices = deviceNames(args.volumes ?? []);
    const volumeIds: Record<string, pulumi.Output<string>> = {};
    (args.volumes ?? []).forEach((v, i) => {
      const volume = new aws.ebs.Volume(
        `${name}-${v.name}`,
        {
          availabilityZone: zone,
          size: v.sizeGiB,
          type: v.type ?? 'gp3',
          iops: v.iops,
          throughput: v.throughput,
          encrypted: v.encrypted ?? true,
          kmsKeyId: v.kmsKeyArn,
          tags: mergeTags(args.tags, `${args.name}-${v.name}`),
        },
        { parent: this },
      );
      new aws.ec2.VolumeAttachment(
        `${name}-${v.name}-attachment`,
        {
          instanceId: instance.id,
          volumeId: volume.id,
          // Validation guarantees a device name for every volume.
          deviceName: devices[i] ?? '',
          // Stop the instance before detaching, so a mounted file system is not cut off mid-write.
          stopInstanceBeforeDetaching: true,
        },
        { parent: this },
      );
      volumeIds[v.name] = volume.id;
    });

    this.instanceId = instance.id;
    this.privateIp = instance.privateIp;
    this.publicIp = instance.publicIp;
    this.privateDns = instance.privateDns;
    this.publicDns = instance.publicDns;
    this.state = instance.instanceState;
    this.rootVolumeId = instance.rootBlockDevice.apply((r) => r.volumeId);
    this.volumeIds = pulumi.output(volumeIds);
    this.availabilityZone = pulumi.output(zone);
    this.registerOutputs({
      instanceId: this.instanceId,
      privateIp: this.privateIp,
      publicIp: this.publicIp,
      privateDns: this.privateDns,
      publicDns: this.publicDns,
      state: this.state,
      rootVolumeId: this.rootVolumeId,
      volumeIds: this.volumeIds,
      availabilityZone: this.availabilityZone,
    });
  }
}
