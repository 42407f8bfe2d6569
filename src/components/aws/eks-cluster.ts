// An EKS control plane with its IAM role, managed add-ons, access entries, the IRSA OIDC provider
// and managed node groups (child EksNodeGroup components). Built from aws.eks.* / aws.iam.*, not
// @pulumi/eks (a multi-language component that needs its own plugin: see PULUMI-NOTES.md).
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { stringify } from 'yaml';
import { TOKENS } from '../tokens';
import {
  EksNodeGroup,
  createNodeRole,
  validateEksNodeGroupArgs,
  type EksNodeGroupArgs,
  type EksScaling,
} from './eks-node-group';
import { awsPartition } from './provider';
import { assertValid, mergeTags, validateTags } from './util';

/** Control plane log types (the same names in manifests and in the EKS API). */
export const EKS_LOG_TYPES = [
  'api',
  'audit',
  'authenticator',
  'controllerManager',
  'scheduler',
] as const;
export type EksLogType = (typeof EKS_LOG_TYPES)[number];

/** Log types enabled when the caller gives none: who called the API and what they did. */
export const DEFAULT_LOG_TYPES: readonly EksLogType[] = ['api', 'audit', 'authenticator'];

/**
 * Thumbprint of the root CA behind every `oidc.eks.<region>.amazonaws.com` issuer. IAM no longer
 * checks thumbprints for EKS issuers (it trusts its CA library), but the list is still accepted;
 * a constant keeps the input deterministic and avoids a TLS fetch at deploy time.
 */
export const EKS_OIDC_THUMBPRINT = '9e99a48a9960b14926bb7f3b02e22da2b0ab7280';

/** Access policy given to `accessAdmins`. */
export const CLUSTER_ADMIN_POLICY = 'AmazonEKSClusterAdminPolicy';

/** A node group of the cluster: EksNodeGroupArgs without the cluster-provided fields. */
export type EksClusterNodeGroup = Omit<EksNodeGroupArgs, 'clusterName' | 'tags' | 'partition'> & {
  /** Extra tags for this group, merged over the cluster's. Defaults to none. */
  readonly tags?: Readonly<Record<string, string>>;
};

export interface EksClusterAddon {
  /** EKS add-on name: vpc-cni, coredns, kube-proxy, aws-ebs-csi-driver, ... */
  readonly name: string;
  /** Add-on version, e.g. `v1.18.1-eksbuild.1`. Defaults to the EKS default for the cluster. */
  readonly version?: string;
  /** Add-on configuration (sent as JSON). Defaults to none. */
  readonly configurationValues?: Readonly<Record<string, unknown>>;
  /** IAM role for the add-on's service account (IRSA). Defaults to the node role. */
  readonly serviceAccountRoleArn?: pulumi.Input<string>;
}

export interface EksClusterArgs {
  /** Name of the EKS cluster. Required. */
  readonly clusterName: string;
  /** Kubernetes version, e.g. `1.30`. Required. */
  readonly version: string;
  /** Region of the cluster (for the kubeconfig and the IAM partition). Required. */
  readonly region: string;
  /** Subnets of the control plane interfaces, in at least two availability zones. */
  readonly subnetIds: readonly pulumi.Input<string>[];
  /** Extra security groups of the control plane interfaces. Defaults to none. */
  readonly securityGroupIds?: readonly pulumi.Input<string>[];
  /** API endpoint reachable from the VPC. Defaults to `true`. */
  readonly endpointPrivateAccess?: boolean;
  /** API endpoint reachable from the internet. Defaults to `false`. */
  readonly endpointPublicAccess?: boolean;
  /**
   * CIDRs allowed to reach the public endpoint. Required (non-empty) when the public endpoint is
   * on: EKS would otherwise default to 0.0.0.0/0, so the caller must say so explicitly. Must be
   * empty when it is off. Defaults to `[]`.
   */
  readonly publicAccessCidrs?: readonly string[];
  /** Control plane logs sent to CloudWatch. Defaults to `DEFAULT_LOG_TYPES`. */
  readonly enabledLogTypes?: readonly EksLogType[];
  /** KMS key for envelope encryption of Secrets. Defaults to none (EKS's own encryption). */
  readonly secretsKmsKeyArn?: pulumi.Input<string>;
  /** Existing cluster IAM role. Defaults to a role created here with AmazonEKSClusterPolicy. */
  readonly roleArn?: pulumi.Input<string>;
  /** Service CIDR, e.g. `172.20.0.0/16`. Defaults to the EKS choice. */
  readonly serviceIpv4Cidr?: string;
  /** Managed node groups. Defaults to none. */
  readonly nodeGroups?: readonly EksClusterNodeGroup[];
  /** EKS managed add-ons. Defaults to none. */
  readonly addons?: readonly EksClusterAddon[];
  /** IAM principal ARNs given cluster-admin through access entries. Defaults to none. */
  readonly accessAdmins?: readonly string[];
  /** Role that `aws eks get-token` assumes in the kubeconfig. Defaults to none. */
  readonly kubeconfigRoleArn?: string;
  /** Tags on every taggable resource, merged with a `Name` tag. */
  readonly tags: Readonly<Record<string, string>>;
}

const CLUSTER_NAME = /^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/;
const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;
// Access entries take IAM users and roles (not STS assumed-role session ARNs).
const PRINCIPAL_ARN = /^arn:aws[a-z-]*:iam::\d{12}:(user|role)\/[\w+=,.@/-]+$/;

function isCidr(v: string): boolean {
  const m = CIDR.exec(v);
  return m !== null && m.slice(1, 5).every((o) => Number(o) <= 255) && Number(m[5]) <= 32;
}

/** Problems with the cluster args, including those of its node groups. */
export function validateEksClusterArgs(args: EksClusterArgs): string[] {
  const out: string[] = [];
  if (!CLUSTER_NAME.test(args.clusterName)) {
    out.push(
      `clusterName: "${args.clusterName}" is not a valid EKS cluster name; use 1 to 100 letters, digits, "-" and "_", starting with a letter or digit.`,
    );
  }
  if (!/^1\.\d{1,2}$/.test(args.version)) {
    out.push(
      `version: "${args.version}" is not a Kubernetes minor version; use a form like "1.30".`,
    );
  }
  if (args.subnetIds.length < 2) {
    out.push(
      `subnetIds: ${args.subnetIds.length} subnet(s) given; EKS needs subnets in at least two availability zones.`,
    );
  }
  const priv = args.endpointPrivateAccess ?? true;
  const pub = args.endpointPublicAccess ?? false;
  const cidrs = args.publicAccessCidrs ?? [];
  if (!priv && !pub) {
    out.push(
      'endpointPrivateAccess: false together with endpointPublicAccess false leaves no way to reach the API; enable at least one.',
    );
  }
  if (pub && cidrs.length === 0) {
    out.push(
      'publicAccessCidrs: is empty while endpointPublicAccess is true; list the CIDRs allowed to reach the API (write "0.0.0.0/0" explicitly to allow everyone).',
    );
  }
  if (!pub && cidrs.length > 0) {
    out.push(
      `publicAccessCidrs: [${cidrs.join(', ')}] is set while endpointPublicAccess is false; enable the public endpoint or remove the CIDRs.`,
    );
  }
  cidrs.forEach((c, i) => {
    if (!isCidr(c)) {
      out.push(
        `publicAccessCidrs[${i}]: "${c}" is not a valid CIDR block; use a form like "203.0.113.0/24".`,
      );
    }
  });
  const logs = args.enabledLogTypes ?? [];
  logs.forEach((l, i) => {
    if (!EKS_LOG_TYPES.includes(l)) {
      out.push(
        `enabledLogTypes[${i}]: "${l}" is not an EKS log type; use ${EKS_LOG_TYPES.join(', ')}.`,
      );
    } else if (logs.indexOf(l) !== i) {
      out.push(`enabledLogTypes[${i}]: "${l}" is listed twice; list each log type once.`);
    }
  });
  if (args.serviceIpv4Cidr !== undefined && !isCidr(args.serviceIpv4Cidr)) {
    out.push(
      `serviceIpv4Cidr: "${args.serviceIpv4Cidr}" is not a valid CIDR block; use a form like "172.20.0.0/16".`,
    );
  }
  out.push(...validateTags(args.tags));
  const groups = args.nodeGroups ?? [];
  groups.forEach((g, i) => {
    out.push(...validateEksNodeGroupArgs(g, `nodeGroups[${i}].`));
    const first = groups.findIndex((o) => o.nodeGroupName === g.nodeGroupName);
    if (first !== i) {
      out.push(
        `nodeGroups[${i}].nodeGroupName: "${g.nodeGroupName}" is used by nodeGroups[${first}] too; give each node group a unique name.`,
      );
    }
  });
  const addons = args.addons ?? [];
  addons.forEach((a, i) => {
    if (!/^[a-z0-9][a-z0-9-]*$/.test(a.name)) {
      out.push(
        `addons[${i}].name: "${a.name}" is not an EKS add-on name; use a name like "vpc-cni".`,
      );
    }
    const first = addons.findIndex((o) => o.name === a.name);
    if (first !== i) {
      out.push(
        `addons[${i}].name: "${a.name}" is listed by addons[${first}] too; list each add-on once.`,
      );
    }
  });
  (args.accessAdmins ?? []).forEach((arn, i, all) => {
    if (!PRINCIPAL_ARN.test(arn)) {
      out.push(
        `accessAdmins[${i}]: "${arn}" is not an IAM user or role ARN; use a form like "arn:aws:iam::123456789012:role/platform-admins".`,
      );
    } else if (all.indexOf(arn) !== i) {
      out.push(`accessAdmins[${i}]: "${arn}" is listed twice; list each principal once.`);
    }
  });
  return out;
}

export interface KubeconfigParts {
  readonly clusterName: string;
  readonly endpoint: string;
  /** Base64 CA bundle, as EKS returns it. */
  readonly caData: string;
  readonly region: string;
  /** Role for `aws eks get-token --role-arn`. */
  readonly roleArn?: string;
  /** A bearer token instead of exec auth. */
  readonly token?: string;
}

/** A kubeconfig for the cluster: `aws eks get-token` exec auth, or a bearer token. */
export function eksKubeconfig(p: KubeconfigParts): string {
  const args = ['--region', p.region, 'eks', 'get-token', '--cluster-name', p.clusterName];
  if (p.roleArn !== undefined) args.push('--role-arn', p.roleArn);
  args.push('--output', 'json');
  const user =
    p.token !== undefined
      ? { token: p.token }
      : {
          exec: {
            apiVersion: 'client.authentication.k8s.io/v1beta1',
            command: 'aws',
            args,
            interactiveMode: 'Never',
          },
        };
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: p.clusterName,
        cluster: { server: p.endpoint, 'certificate-authority-data': p.caData },
      },
    ],
    contexts: [{ name: p.clusterName, context: { cluster: p.clusterName, user: p.clusterName } }],
    'current-context': p.clusterName,
    users: [{ name: p.clusterName, user }],
  });
}

const EKS_TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Principal: { Service: 'eks.amazonaws.com' }, Action: 'sts:AssumeRole' },
  ],
});

/** A resource-name-safe suffix for a principal ARN: `123456789012-role-admins`. */
function principalSuffix(arn: string): string {
  return arn
    .split(':')
    .slice(4)
    .join('-')
    .replace(/[^\w.-]/g, '-');
}

export interface EksNodeGroupSummary {
  readonly name: string;
  readonly status: string;
  readonly desired: number;
  readonly min: number;
  readonly max: number;
}

export class EksCluster extends pulumi.ComponentResource {
  public readonly clusterName: pulumi.Output<string>;
  public readonly endpoint: pulumi.Output<string>;
  public readonly version: pulumi.Output<string>;
  /** Base64 CA bundle of the API server. */
  public readonly certificateAuthority: pulumi.Output<string>;
  public readonly oidcIssuer: pulumi.Output<string>;
  /** ARN of the IAM OIDC provider, for IRSA trust policies. */
  public readonly oidcProviderArn: pulumi.Output<string>;
  public readonly clusterSecurityGroupId: pulumi.Output<string>;
  /** Kubeconfig with `aws eks get-token` exec auth, for people and tools (secret). */
  public readonly kubeconfig: pulumi.Output<string>;
  /**
   * Kubeconfig with a short-lived token made from this provider's credentials (secret), for the
   * program's own Kubernetes provider (HelmAddons): the engine's process has no ambient AWS
   * credentials for `aws eks get-token`. Expires after 15 minutes; re-made on every run.
   */
  public readonly tokenKubeconfig: pulumi.Output<string>;
  public readonly nodeGroups: pulumi.Output<EksNodeGroupSummary[]>;

  constructor(name: string, args: EksClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    assertValid('EksCluster', args.clusterName, validateEksClusterArgs(args));
    super(TOKENS.aws.EksCluster, name, {}, opts);
    const partition = awsPartition(args.region);
    const tags = args.tags;

    let roleArn: pulumi.Input<string>;
    const clusterDeps: pulumi.Resource[] = [];
    if (args.roleArn !== undefined) {
      roleArn = args.roleArn;
    } else {
      const role = new aws.iam.Role(
        `${name}-cluster-role`,
        {
          assumeRolePolicy: EKS_TRUST,
          description: `EKS control plane role of ${args.clusterName} (vitistack)`,
          tags: mergeTags(tags, `${args.clusterName}-cluster-role`),
        },
        { parent: this },
      );
      // The cluster depends on the attachment: EKS checks the role's permissions on create, and
      // on delete the policy must outlive the cluster.
      clusterDeps.push(
        new aws.iam.RolePolicyAttachment(
          `${name}-AmazonEKSClusterPolicy`,
          // A role's id is its name (known under mocks too, unlike `name` of an auto-named role).
          { role: role.id, policyArn: `arn:${partition}:iam::aws:policy/AmazonEKSClusterPolicy` },
          { parent: this },
        ),
      );
      roleArn = role.arn;
    }

    const pub = args.endpointPublicAccess ?? false;
    const cluster = new aws.eks.Cluster(
      `${name}-cluster`,
      {
        name: args.clusterName,
        version: args.version,
        roleArn,
        vpcConfig: {
          subnetIds: [...args.subnetIds],
          securityGroupIds:
            args.securityGroupIds !== undefined ? [...args.securityGroupIds] : undefined,
          endpointPrivateAccess: args.endpointPrivateAccess ?? true,
          endpointPublicAccess: pub,
          publicAccessCidrs: pub ? [...(args.publicAccessCidrs ?? [])] : undefined,
        },
        enabledClusterLogTypes: [...(args.enabledLogTypes ?? DEFAULT_LOG_TYPES)],
        encryptionConfig:
          args.secretsKmsKeyArn !== undefined
            ? { resources: ['secrets'], provider: { keyArn: args.secretsKmsKeyArn } }
            : undefined,
        kubernetesNetworkConfig:
          args.serviceIpv4Cidr !== undefined
            ? { serviceIpv4Cidr: args.serviceIpv4Cidr }
            : undefined,
        // Access entries (API) for accessAdmins, the aws-auth ConfigMap still honoured. The
        // creator (this provider's identity) stays admin so the program can install add-ons.
        accessConfig: {
          authenticationMode: 'API_AND_CONFIG_MAP',
          bootstrapClusterCreatorAdminPermissions: true,
        },
        tags: mergeTags(tags, args.clusterName),
      },
      { parent: this, dependsOn: clusterDeps },
    );

    this.oidcIssuer = cluster.identities.apply((ids) => ids[0]?.oidcs[0]?.issuer ?? '');
    const oidc = new aws.iam.OpenIdConnectProvider(
      `${name}-oidc`,
      {
        url: this.oidcIssuer,
        clientIdLists: ['sts.amazonaws.com'],
        thumbprintLists: [EKS_OIDC_THUMBPRINT],
        tags: mergeTags(tags, `${args.clusterName}-oidc`),
      },
      { parent: this },
    );

    // One node role shared by the groups that bring none.
    const groups = args.nodeGroups ?? [];
    const sharedRoleArn = groups.some((g) => g.nodeRoleArn === undefined)
      ? createNodeRole(name, partition, tags, this).arn
      : undefined;
    const nodeGroups = groups.map(
      (g) =>
        new EksNodeGroup(
          `${name}-${g.nodeGroupName}`,
          {
            ...g,
            clusterName: cluster.name,
            version: g.version ?? cluster.version,
            nodeRoleArn: g.nodeRoleArn ?? sharedRoleArn,
            partition,
            tags: { ...tags, ...g.tags },
          },
          { parent: this },
        ),
    );

    // Add-ons such as coredns only become healthy once nodes run: create them after the groups.
    // OVERWRITE adopts the self-managed copies EKS pre-installs (vpc-cni, kube-proxy, coredns).
    for (const a of args.addons ?? []) {
      new aws.eks.Addon(
        `${name}-${a.name}`,
        {
          clusterName: cluster.name,
          addonName: a.name,
          addonVersion: a.version,
          configurationValues:
            a.configurationValues !== undefined ? JSON.stringify(a.configurationValues) : undefined,
          serviceAccountRoleArn: a.serviceAccountRoleArn,
          resolveConflictsOnCreate: 'OVERWRITE',
          resolveConflictsOnUpdate: 'OVERWRITE',
          tags: mergeTags(tags, `${args.clusterName}-${a.name}`),
        },
        { parent: this, dependsOn: nodeGroups },
      );
    }

    for (const arn of args.accessAdmins ?? []) {
      const suffix = principalSuffix(arn);
      const entry = new aws.eks.AccessEntry(
        `${name}-access-${suffix}`,
        {
          clusterName: cluster.name,
          principalArn: arn,
          type: 'STANDARD',
          tags: mergeTags(tags, `${args.clusterName}-${suffix}`),
        },
        { parent: this },
      );
      new aws.eks.AccessPolicyAssociation(
        `${name}-admin-${suffix}`,
        {
          clusterName: cluster.name,
          // The entry's output: the association waits for the entry.
          principalArn: entry.principalArn,
          policyArn: `arn:${partition}:eks::aws:cluster-access-policy/${CLUSTER_ADMIN_POLICY}`,
          accessScope: { type: 'cluster' },
        },
        { parent: this },
      );
    }

    this.clusterName = cluster.name;
    this.endpoint = cluster.endpoint;
    this.version = cluster.version;
    this.certificateAuthority = cluster.certificateAuthority.apply((c) => c.data);
    this.oidcProviderArn = oidc.arn;
    this.clusterSecurityGroupId = cluster.vpcConfig.apply((v) => v.clusterSecurityGroupId);
    const roleArnForKubeconfig = args.kubeconfigRoleArn;
    this.kubeconfig = pulumi.secret(
      pulumi
        .all([cluster.name, cluster.endpoint, this.certificateAuthority])
        .apply(([clusterName, endpoint, caData]) =>
          eksKubeconfig({
            clusterName,
            endpoint,
            caData,
            region: args.region,
            ...(roleArnForKubeconfig !== undefined ? { roleArn: roleArnForKubeconfig } : {}),
          }),
        ),
    );
    this.nodeGroups = pulumi
      .all(nodeGroups.map((g) => ({ name: g.nodeGroupName, status: g.status, scaling: g.scaling })))
      .apply((gs) =>
        gs.map((g) => ({ name: g.name, status: g.status, ...summaryCounts(g.scaling) })),
      );
    // `parent` makes the invoke use this component's provider.
    const auth = aws.eks.getClusterAuthOutput({ name: cluster.name }, { parent: this });
    // Also waits for the node groups: whatever uses this kubeconfig (HelmAddons' provider and so
    // its releases) starts once there are nodes to run pods; `dependsOn` on a component would
    // not reach its children.
    this.tokenKubeconfig = pulumi.secret(
      pulumi
        .all([
          cluster.name,
          cluster.endpoint,
          this.certificateAuthority,
          auth.token,
          this.nodeGroups,
        ])
        .apply(([clusterName, endpoint, caData, token]) =>
          eksKubeconfig({ clusterName, endpoint, caData, region: args.region, token }),
        ),
    );
    this.registerOutputs({
      clusterName: this.clusterName,
      endpoint: this.endpoint,
      version: this.version,
      certificateAuthority: this.certificateAuthority,
      oidcIssuer: this.oidcIssuer,
      oidcProviderArn: this.oidcProviderArn,
      clusterSecurityGroupId: this.clusterSecurityGroupId,
      kubeconfig: this.kubeconfig,
      tokenKubeconfig: this.tokenKubeconfig,
      nodeGroups: this.nodeGroups,
    });
  }
}

function summaryCounts(s: EksScaling): { desired: number; min: number; max: number } {
  return { desired: s.desired, min: s.min, max: s.max };
}
