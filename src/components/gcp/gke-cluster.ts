// A GKE Standard cluster: VPC-native on the stack's subnetwork, its default node pool removed in
// favour of GkeNodePool children, private nodes and master authorized networks, Workload
// Identity, a release channel or version, application-layer Secrets encryption with Cloud KMS,
// control plane logs in Cloud Logging, and the Backup for GKE agent when backups are wanted.
import * as container from '@pulumi/gcp/container';
import * as organizations from '@pulumi/gcp/organizations';
import * as pulumi from '@pulumi/pulumi';
import * as formats from '../../api/schema/formats';
import { TOKENS } from '../tokens';
import { GkeNodePool, validateGkeNodePoolArgs, type GkeNodePoolArgs } from './gke-node-pool';
import { gkeContextName, gkeKubeconfig } from './kubeconfig';
import { assertValid, problem, validateLabels } from './util';

/** Cloud Logging components of the control plane and nodes. */
export const LOGGING_COMPONENTS = [
  'SYSTEM_COMPONENTS',
  'APISERVER',
  'CONTROLLER_MANAGER',
  'SCHEDULER',
  'WORKLOADS',
] as const;
export type LoggingComponent = (typeof LOGGING_COMPONENTS)[number];
/** Logged when the caller names none: the API server (audit) besides GKE's own default. */
export const DEFAULT_LOGGING: readonly LoggingComponent[] = [
  'SYSTEM_COMPONENTS',
  'APISERVER',
  'WORKLOADS',
];

export const RELEASE_CHANNELS = ['RAPID', 'REGULAR', 'STABLE'] as const;

/** A node pool of the cluster: GkeNodePoolArgs without what the cluster provides. */
export type GkeClusterNodePool = Omit<
  GkeNodePoolArgs,
  | 'cluster'
  | 'project'
  | 'location'
  | 'serviceAccountEmail'
  | 'resourceLabels'
  | 'workloadIdentity'
  | 'bootDiskKmsKey'
>;

export interface GkeClusterArgs {
  /** Cluster name (1 to 40 lowercase letters, digits and "-"). Required. */
  readonly clusterName: string;
  /** Project. Required. */
  readonly project: string;
  /** Region (regional cluster) or zone (zonal cluster). Required. */
  readonly location: string;
  /** VPC network (id or self link). Required. */
  readonly network: pulumi.Input<string>;
  /** Subnetwork of the nodes (id or self link). Required. */
  readonly subnetwork: pulumi.Input<string>;
  /** Secondary range of the subnetwork for pods. Defaults to one GKE creates. */
  readonly podsRangeName?: string;
  /** Secondary range of the subnetwork for services. Defaults to one GKE creates. */
  readonly servicesRangeName?: string;
  /** Minimum control plane version, e.g. `1.30`. Defaults to the channel's default. */
  readonly version?: string;
  /** Release channel for automatic upgrades. Defaults to GKE's (REGULAR). */
  readonly releaseChannel?: (typeof RELEASE_CHANNELS)[number];
  /** Nodes get internal IPs only. Defaults to `false`. */
  readonly privateNodes?: boolean;
  /** A /28 for the control plane of a private cluster. Defaults to one GKE picks. */
  readonly masterIpv4CidrBlock?: string;
  /** Only the private endpoint (needs privateNodes). Defaults to `false`. */
  readonly privateEndpoint?: boolean;
  /**
   * Networks allowed to reach the endpoint. Defaults to none, which admits no network outside
   * Google Cloud: the public endpoint is then closed, never open to everyone.
   */
  readonly authorizedNetworks?: readonly { readonly cidr: string; readonly name?: string }[];
  /** Workload Identity (`<project>.svc.id.goog`). Defaults to `false`. */
  readonly workloadIdentity?: boolean;
  /** Cloud KMS key for Secrets (same location as the cluster). Defaults to none. */
  readonly secretsKmsKey?: pulumi.Input<string>;
  /** Cloud KMS key of the nodes' boot disks. Defaults to none. */
  readonly bootDiskKmsKey?: pulumi.Input<string>;
  /** Logged components. Defaults to `DEFAULT_LOGGING`; SYSTEM_COMPONENTS is always added. */
  readonly logging?: readonly LoggingComponent[];
  /** Network policy enforcement: Calico, or Dataplane V2 (Cilium). Defaults to none. */
  readonly networkPolicy?: 'calico' | 'dataplane-v2';
  /** Install the Backup for GKE agent. Defaults to `false`. */
  readonly backupAgent?: boolean;
  /** Refuse deletion through the API. Defaults to `true` (GKE's own default). */
  readonly deletionProtection?: boolean;
  /** Service account of the nodes. Required. */
  readonly nodeServiceAccountEmail: pulumi.Input<string>;
  /** Node pools. Defaults to none. */
  readonly nodePools?: readonly GkeClusterNodePool[];
  /** GCP labels of the cluster and its node VMs (mapped with cloudTags('gcp', ...)). */
  readonly resourceLabels: Readonly<Record<string, string>>;
}

const CLUSTER_NAME = /^[a-z]([-a-z0-9]{0,38}[a-z0-9])?$/;

/** Problems with the cluster args, including those of its node pools. */
export function validateGkeClusterArgs(args: GkeClusterArgs): string[] {
  const out: string[] = [];
  if (!CLUSTER_NAME.test(args.clusterName)) {
    out.push(
      problem(
        'clusterName',
        args.clusterName,
        'is not a GKE cluster name (1 to 40 lowercase letters, digits and "-", starting with a letter).',
      ),
    );
  }
  if (args.version !== undefined && !/^1\.\d{1,2}(\.\d+(-gke\.\d+)?)?$/.test(args.version)) {
    out.push(problem('version', args.version, 'is not a GKE version; use a form like "1.30".'));
  }
  if (args.masterIpv4CidrBlock !== undefined) {
    if (args.privateNodes !== true) {
      out.push(
        problem(
          'masterIpv4CidrBlock',
          args.masterIpv4CidrBlock,
          'is only used with privateNodes; set privateNodes or remove it.',
        ),
      );
    } else if (formats.parseCidr(args.masterIpv4CidrBlock).cidr?.prefix !== 28) {
      out.push(
        problem(
          'masterIpv4CidrBlock',
          args.masterIpv4CidrBlock,
          'is not a /28; GKE needs a /28 like "172.16.0.0/28".',
        ),
      );
    }
  }
  if (args.privateEndpoint === true && args.privateNodes !== true) {
    out.push(
      problem(
        'privateEndpoint',
        true,
        'needs privateNodes; a private endpoint exists only on private clusters.',
      ),
    );
  }
  (args.authorizedNetworks ?? []).forEach((n, i) => {
    if (formats.parseCidr(n.cidr).cidr === undefined) {
      out.push(
        problem(
          `authorizedNetworks[${i}].cidr`,
          n.cidr,
          'is not a valid CIDR block; use a form like "203.0.113.0/24".',
        ),
      );
    }
  });
  const pools = args.nodePools ?? [];
  pools.forEach((p, i) => {
    out.push(
      ...validateGkeNodePoolArgs(
        {
          ...p,
          cluster: '',
          project: args.project,
          location: args.location,
          serviceAccountEmail: '',
          resourceLabels: {},
        },
        `nodePools[${i}].`,
      ),
    );
    if (pools.findIndex((o) => o.poolName === p.poolName) !== i) {
      out.push(
        problem(
          `nodePools[${i}].poolName`,
          p.poolName,
          'is used by another node pool; give each its own name.',
        ),
      );
    }
  });
  out.push(...validateLabels(args.resourceLabels, 'resourceLabels'));
  return out;
}

export interface GkeNodePoolSummary {
  readonly name: string;
  readonly status: string;
  readonly desired: number;
  readonly min: number;
  readonly max: number;
}

export class GkeCluster extends pulumi.ComponentResource {
  public readonly clusterName: pulumi.Output<string>;
  /** `projects/P/locations/L/clusters/N`. */
  public readonly clusterId: pulumi.Output<string>;
  /** `https://<endpoint IP>`. */
  public readonly endpoint: pulumi.Output<string>;
  public readonly version: pulumi.Output<string>;
  /** Base64 CA bundle of the API server. */
  public readonly certificateAuthority: pulumi.Output<string>;
  /** Kubeconfig with gke-gcloud-auth-plugin exec auth, for people and tools (secret). */
  public readonly kubeconfig: pulumi.Output<string>;
  /**
   * Kubeconfig with the provider's own access token (secret), for the program's Kubernetes
   * provider (HelmAddons): the engine has no gcloud. Resolves once the node pools exist.
   */
  public readonly tokenKubeconfig: pulumi.Output<string>;
  public readonly nodePools: pulumi.Output<GkeNodePoolSummary[]>;

  constructor(name: string, args: GkeClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    assertValid('GkeCluster', args.clusterName, validateGkeClusterArgs(args));
    super(TOKENS.gcp.GkeCluster, name, {}, opts);
    const logging = [
      ...new Set<LoggingComponent>(['SYSTEM_COMPONENTS', ...(args.logging ?? DEFAULT_LOGGING)]),
    ];
    const ranges =
      args.podsRangeName !== undefined && args.servicesRangeName !== undefined
        ? {
            clusterSecondaryRangeName: args.podsRangeName,
            servicesSecondaryRangeName: args.servicesRangeName,
          }
        : {};
    const cluster = new container.Cluster(
      `${name}-cluster`,
      {
        project: args.project,
        location: args.location,
        name: args.clusterName,
        network: args.network,
        subnetwork: args.subnetwork,
        networkingMode: 'VPC_NATIVE',
        ipAllocationPolicy: ranges,
        // Node pools are GkeNodePool children: the default pool would run as the default
        // Compute service account, so it goes right after creation.
        removeDefaultNodePool: true,
        initialNodeCount: 1,
        ...(args.releaseChannel !== undefined
          ? { releaseChannel: { channel: args.releaseChannel } }
          : {}),
        ...(args.version !== undefined ? { minMasterVersion: args.version } : {}),
        ...(args.privateNodes === true
          ? {
              privateClusterConfig: {
                enablePrivateNodes: true,
                enablePrivateEndpoint: args.privateEndpoint ?? false,
                ...(args.masterIpv4CidrBlock !== undefined
                  ? { masterIpv4CidrBlock: args.masterIpv4CidrBlock }
                  : {}),
              },
            }
          : {}),
        masterAuthorizedNetworksConfig: {
          cidrBlocks: (args.authorizedNetworks ?? []).map((n) => ({
            cidrBlock: n.cidr,
            ...(n.name !== undefined ? { displayName: n.name } : {}),
          })),
        },
        // No client certificates: access goes through IAM.
        masterAuth: { clientCertificateConfig: { issueClientCertificate: false } },
        ...(args.workloadIdentity === true
          ? { workloadIdentityConfig: { workloadPool: `${args.project}.svc.id.goog` } }
          : {}),
        ...(args.secretsKmsKey !== undefined
          ? { databaseEncryption: { state: 'ENCRYPTED', keyName: args.secretsKmsKey } }
          : {}),
        loggingConfig: { enableComponents: logging },
        monitoringConfig: { enableComponents: ['SYSTEM_COMPONENTS'] },
        enableShieldedNodes: true,
        ...(args.networkPolicy === 'calico'
          ? { networkPolicy: { enabled: true, provider: 'CALICO' } }
          : {}),
        ...(args.networkPolicy === 'dataplane-v2' ? { datapathProvider: 'ADVANCED_DATAPATH' } : {}),
        addonsConfig: {
          ...(args.networkPolicy === 'calico' ? { networkPolicyConfig: { disabled: false } } : {}),
          ...(args.backupAgent === true ? { gkeBackupAgentConfig: { enabled: true } } : {}),
        },
        deletionProtection: args.deletionProtection ?? true,
        resourceLabels: { ...args.resourceLabels },
      },
      { parent: this },
    );
    const pools = (args.nodePools ?? []).map(
      (p) =>
        new GkeNodePool(
          `${name}-${p.poolName}`,
          {
            ...p,
            cluster: cluster.id,
            project: args.project,
            location: args.location,
            serviceAccountEmail: args.nodeServiceAccountEmail,
            workloadIdentity: args.workloadIdentity ?? false,
            ...(args.bootDiskKmsKey !== undefined ? { bootDiskKmsKey: args.bootDiskKmsKey } : {}),
            resourceLabels: args.resourceLabels,
          },
          { parent: this },
        ),
    );

    this.clusterName = cluster.name;
    this.clusterId = cluster.id;
    this.endpoint = cluster.endpoint.apply((e) => `https://${e}`);
    this.version = cluster.masterVersion;
    this.certificateAuthority = cluster.masterAuth.apply((a) => a.clusterCaCertificate);
    const context = gkeContextName(args.project, args.location, args.clusterName);
    this.kubeconfig = pulumi.secret(
      pulumi
        .all([this.endpoint, this.certificateAuthority])
        .apply(([server, caData]) => gkeKubeconfig({ contextName: context, server, caData })),
    );
    this.nodePools = pulumi
      .all(pools.map((p) => p.poolName))
      .apply((names) =>
        pools.map((p, i) => ({ name: names[i] ?? '', status: 'ACTIVE', ...p.scaling })),
      );
    // `parent` makes the invoke use this component's provider (and its credentials).
    const client = organizations.getClientConfigOutput({ parent: this });
    this.tokenKubeconfig = pulumi.secret(
      pulumi
        .all([this.endpoint, this.certificateAuthority, client.accessToken, this.nodePools])
        .apply(([server, caData, token]) =>
          gkeKubeconfig({ contextName: context, server, caData, token }),
        ),
    );
    this.registerOutputs({
      clusterName: this.clusterName,
      clusterId: this.clusterId,
      endpoint: this.endpoint,
      version: this.version,
      certificateAuthority: this.certificateAuthority,
      kubeconfig: this.kubeconfig,
      tokenKubeconfig: this.tokenKubeconfig,
      nodePools: this.nodePools,
    });
  }
}
