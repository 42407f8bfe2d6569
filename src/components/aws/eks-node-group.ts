// One EKS managed node group, with its node IAM role unless the caller passes one.
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { TOKENS } from '../tokens';
import { assertValid, mergeTags, validateTags } from './util';

/** Kubernetes taint effects, as written in manifests, mapped to the EKS API spelling. */
export const TAINT_EFFECTS = {
  NoSchedule: 'NO_SCHEDULE',
  PreferNoSchedule: 'PREFER_NO_SCHEDULE',
  NoExecute: 'NO_EXECUTE',
} as const;
export type TaintEffect = keyof typeof TAINT_EFFECTS;

export const CAPACITY_TYPES = { ON_DEMAND: 'ON_DEMAND', SPOT: 'SPOT' } as const;
export type CapacityType = keyof typeof CAPACITY_TYPES;

/** Managed policies every node role needs (kubelet, the VPC CNI, image pulls from ECR). */
export const NODE_ROLE_POLICIES = [
  'AmazonEKSWorkerNodePolicy',
  'AmazonEKS_CNI_Policy',
  'AmazonEC2ContainerRegistryReadOnly',
] as const;

export interface EksTaint {
  /** Taint key. Required. */
  readonly key: string;
  /** Taint value. Defaults to none. */
  readonly value?: string;
  /** Taint effect in Kubernetes spelling. Required. */
  readonly effect: TaintEffect;
}

export interface EksScaling {
  /** Minimum number of nodes (>= 0). */
  readonly min: number;
  /** Maximum number of nodes (>= 1, >= min). */
  readonly max: number;
  /** Desired number of nodes (min <= desired <= max). */
  readonly desired: number;
}

export interface EksNodeGroupArgs {
  /** Name of the EKS cluster the group joins (an Output of the cluster, so it waits for it). */
  readonly clusterName: pulumi.Input<string>;
  /** Name of the node group in EKS (1-63 letters, digits, `-`, `_`). Required. */
  readonly nodeGroupName: string;
  /** EC2 instance types of the nodes; at least one. */
  readonly instanceTypes: readonly string[];
  /** AMI type, e.g. `AL2023_x86_64_STANDARD`. Defaults to the EKS default for the instance types. */
  readonly amiType?: string;
  /** `ON_DEMAND` or `SPOT`. Defaults to `ON_DEMAND`. */
  readonly capacityType?: CapacityType;
  /** Node counts. Required. */
  readonly scaling: EksScaling;
  /**
   * Whether an autoscaler (cluster-autoscaler, Karpenter) changes the size; then `desired` is the
   * initial size only and later changes to it are ignored. Defaults to `false`.
   */
  readonly autoscaled?: boolean;
  /** Subnets of the nodes. Required, at least one. */
  readonly subnetIds: readonly pulumi.Input<string>[];
  /** Kubernetes labels of the nodes. Defaults to none. */
  readonly labels?: Readonly<Record<string, string>>;
  /** Kubernetes taints of the nodes. Defaults to none. */
  readonly taints?: readonly EksTaint[];
  /**
   * SSH access: an EC2 key pair name and the security groups allowed to use it. Without
   * `sourceSecurityGroupIds` EKS opens port 22 to 0.0.0.0/0, so they are required here.
   * Defaults to no SSH access.
   */
  readonly remoteAccess?: {
    readonly ec2SshKey: string;
    readonly sourceSecurityGroupIds: readonly pulumi.Input<string>[];
  };
  /** Root disk size of the nodes in GiB. Defaults to the EKS default (20). */
  readonly diskSize?: number;
  /** Kubernetes version of the nodes. Defaults to the cluster's version at creation. */
  readonly version?: pulumi.Input<string>;
  /** Existing node IAM role. Defaults to a role created here with `NODE_ROLE_POLICIES`. */
  readonly nodeRoleArn?: pulumi.Input<string>;
  /** AWS partition for managed policy ARNs. Defaults to `aws`. */
  readonly partition?: string;
  /** Tags on every taggable resource, merged with a `Name` tag. */
  readonly tags: Readonly<Record<string, string>>;
}

const NODE_GROUP_NAME = /^[0-9A-Za-z][A-Za-z0-9_-]{0,62}$/;

/** Problems with node group args; `path` prefixes field names (e.g. `nodeGroups[0].`). */
export function validateEksNodeGroupArgs(
  args: Omit<EksNodeGroupArgs, 'clusterName' | 'tags'> & {
    readonly tags?: Readonly<Record<string, string>>;
  },
  path = '',
): string[] {
  const out: string[] = [];
  if (!NODE_GROUP_NAME.test(args.nodeGroupName)) {
    out.push(
      `${path}nodeGroupName: "${args.nodeGroupName}" is not a valid node group name; use 1 to 63 letters, digits, "-" and "_", starting with a letter or digit.`,
    );
  }
  if (args.instanceTypes.length === 0) {
    out.push(`${path}instanceTypes: is empty; give at least one instance type, e.g. ["m5.large"].`);
  }
  const seenTypes = new Set<string>();
  args.instanceTypes.forEach((t, i) => {
    if (seenTypes.has(t)) {
      out.push(`${path}instanceTypes[${i}]: "${t}" is listed twice; list each instance type once.`);
    }
    seenTypes.add(t);
  });
  if (args.capacityType !== undefined && !(args.capacityType in CAPACITY_TYPES)) {
    out.push(`${path}capacityType: "${args.capacityType}" is not allowed; use ON_DEMAND or SPOT.`);
  }
  const { min, max, desired } = args.scaling;
  for (const [field, v] of Object.entries({ min, max, desired })) {
    if (!Number.isInteger(v) || v < 0) {
      out.push(`${path}scaling.${field}: ${v} is not a whole number >= 0; give a node count.`);
    }
  }
  if (max < 1) out.push(`${path}scaling.max: ${max} must be at least 1.`);
  if (!(min <= desired && desired <= max)) {
    out.push(
      `${path}scaling: min ${min}, desired ${desired}, max ${max} must satisfy min <= desired <= max; adjust the sizes.`,
    );
  }
  if (args.subnetIds.length === 0) {
    out.push(`${path}subnetIds: is empty; give at least one subnet for the nodes.`);
  }
  const seenTaints = new Set<string>();
  (args.taints ?? []).forEach((t, i) => {
    if (t.key.trim() === '') out.push(`${path}taints[${i}].key: is empty; give a taint key.`);
    if (!(t.effect in TAINT_EFFECTS)) {
      out.push(
        `${path}taints[${i}].effect: "${t.effect}" is not allowed; use ${Object.keys(TAINT_EFFECTS).join(', ')}.`,
      );
    }
    const id = `${t.key}:${t.effect}`;
    if (seenTaints.has(id)) {
      out.push(
        `${path}taints[${i}]: key "${t.key}" with effect ${t.effect} is listed twice; keep one.`,
      );
    }
    seenTaints.add(id);
  });
  for (const key of Object.keys(args.labels ?? {})) {
    if (key.trim() === '') out.push(`${path}labels: has an empty key; give every label a key.`);
  }
  if (args.diskSize !== undefined && (!Number.isInteger(args.diskSize) || args.diskSize <= 0)) {
    out.push(`${path}diskSize: ${args.diskSize} must be a whole number of GiB greater than 0.`);
  }
  if (args.remoteAccess !== undefined) {
    if (args.remoteAccess.ec2SshKey.trim() === '') {
      out.push(`${path}remoteAccess.ec2SshKey: is empty; name an EC2 key pair.`);
    }
    if (args.remoteAccess.sourceSecurityGroupIds.length === 0) {
      out.push(
        `${path}remoteAccess.sourceSecurityGroupIds: is empty, which would open SSH to 0.0.0.0/0; list the security groups allowed to connect.`,
      );
    }
  }
  out.push(...validateTags(args.tags, `${path}tags`));
  return out;
}

const EC2_TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' },
  ],
});

/**
 * A node role with `NODE_ROLE_POLICIES`. Its returned `arn` resolves only after the policies are
 * attached, so a node group using it waits for them (nodes without them never join).
 */
export function createNodeRole(
  name: string,
  partition: string,
  tags: Readonly<Record<string, string>>,
  parent: pulumi.Resource,
): { role: aws.iam.Role; arn: pulumi.Output<string> } {
  const role = new aws.iam.Role(
    `${name}-node-role`,
    {
      assumeRolePolicy: EC2_TRUST,
      description: 'EKS managed node group role (vitistack)',
      tags: mergeTags(tags, `${name}-node-role`),
    },
    { parent },
  );
  const attachments = NODE_ROLE_POLICIES.map(
    (policy) =>
      new aws.iam.RolePolicyAttachment(
        `${name}-${policy}`,
        // A role's id is its name.
        { role: role.id, policyArn: `arn:${partition}:iam::aws:policy/${policy}` },
        { parent },
      ),
  );
  const arn = pulumi.all(attachments.map((a) => a.id)).apply(() => role.arn);
  return { role, arn };
}

/** EKS's own default node disk size, in GiB. */
const DEFAULT_DISK_GIB = 20;

export class EksNodeGroup extends pulumi.ComponentResource {
  public readonly nodeGroupName: pulumi.Output<string>;
  public readonly status: pulumi.Output<string>;
  public readonly scaling: pulumi.Output<EksScaling>;
  /** ARN of the node role (created or given). */
  public readonly nodeRoleArn: pulumi.Output<string>;

  constructor(name: string, args: EksNodeGroupArgs, opts?: pulumi.ComponentResourceOptions) {
    assertValid('EksNodeGroup', args.nodeGroupName, validateEksNodeGroupArgs(args));
    super(TOKENS.aws.EksNodeGroup, name, {}, opts);

    const roleArn =
      args.nodeRoleArn !== undefined
        ? pulumi.output(args.nodeRoleArn)
        : createNodeRole(name, args.partition ?? 'aws', args.tags, this).arn;

    // Node disks encrypted whatever the account's EBS default (policy encrypted-volumes): a
    // launch template with an encrypted root volume, which then also carries the disk size.
    // EKS refuses remoteAccess together with a launch template, so a group with SSH access keeps
    // the managed default disk (and the policy reports it).
    const template =
      args.remoteAccess === undefined
        ? new aws.ec2.LaunchTemplate(
            `${name}-template`,
            {
              blockDeviceMappings: [
                {
                  deviceName: '/dev/xvda',
                  ebs: {
                    volumeSize: args.diskSize ?? DEFAULT_DISK_GIB,
                    volumeType: 'gp3',
                    encrypted: 'true',
                    deleteOnTermination: 'true',
                  },
                },
              ],
              // IMDSv2 only; hop limit 2 so pods on the node can still reach it.
              metadataOptions: {
                httpEndpoint: 'enabled',
                httpTokens: 'required',
                httpPutResponseHopLimit: 2,
              },
              tags: mergeTags(args.tags, `${args.nodeGroupName}-template`),
            },
            { parent: this },
          )
        : undefined;

    const group = new aws.eks.NodeGroup(
      `${name}-nodes`,
      {
        clusterName: args.clusterName,
        // A fixed name (what `kubectl get nodes -L eks.amazonaws.com/nodegroup` shows) means a
        // replacement must delete first: see deleteBeforeReplace below.
        nodeGroupName: args.nodeGroupName,
        nodeRoleArn: roleArn,
        subnetIds: [...args.subnetIds],
        instanceTypes: [...args.instanceTypes],
        amiType: args.amiType,
        capacityType: args.capacityType ?? CAPACITY_TYPES.ON_DEMAND,
        ...(template !== undefined
          ? {
              launchTemplate: {
                id: template.id,
                version: pulumi.interpolate`${template.latestVersion}`,
              },
            }
          : { diskSize: args.diskSize }),
        version: args.version,
        scalingConfig: {
          minSize: args.scaling.min,
          maxSize: args.scaling.max,
          desiredSize: args.scaling.desired,
        },
        // Replace nodes one at a time during updates (EKS default is also 1; explicit for review).
        updateConfig: { maxUnavailable: 1 },
        labels: { ...args.labels },
        taints: (args.taints ?? []).map((t) => ({
          key: t.key,
          value: t.value,
          effect: TAINT_EFFECTS[t.effect],
        })),
        remoteAccess:
          args.remoteAccess !== undefined
            ? {
                ec2SshKey: args.remoteAccess.ec2SshKey,
                sourceSecurityGroupIds: [...args.remoteAccess.sourceSecurityGroupIds],
              }
            : undefined,
        tags: mergeTags(args.tags, args.nodeGroupName),
      },
      {
        parent: this,
        deleteBeforeReplace: true,
        // With an autoscaler the live size drifts from `desired` by design; without this every
        // update would scale the group back.
        ...(args.autoscaled === true ? { ignoreChanges: ['scalingConfig.desiredSize'] } : {}),
      },
    );

    this.nodeGroupName = group.nodeGroupName;
    this.status = group.status;
    this.scaling = group.scalingConfig.apply((s) => ({
      min: s.minSize,
      max: s.maxSize,
      desired: s.desiredSize,
    }));
    this.nodeRoleArn = roleArn;
    this.registerOutputs({
      nodeGroupName: this.nodeGroupName,
      status: this.status,
      scaling: this.scaling,
      nodeRoleArn: this.nodeRoleArn,
    });
  }
}
