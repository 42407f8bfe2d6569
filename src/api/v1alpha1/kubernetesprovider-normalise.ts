// The canonical KubernetesProvider, and the normaliser that turns either documented shape into it.
// No cloud defaults are applied here (that is the model's job); shapes are unified: eks
// nodeGroups and aks/gke nodePools become `nodeGroups`, `instanceType`/`vmSize`/`machineType`
// become `instanceTypes`, both add-on forms become one list, activeConlusters becomes
// activeClusters.
import type { Infer } from '../schema';
import type { objectRef, secretRef } from './common';
import type { machineResources } from './kubernetesprovider-template';
import type { backup, monitoring, security } from './kubernetesprovider-platform';
import type { kubernetesProviderStatus } from './kubernetesprovider-status';
import {
  DISTRIBUTION_TYPES,
  type DistributionType,
  type KubernetesProviderType,
  type RawKubernetesProviderSpec,
} from './kubernetesprovider-spec';

type SecretRef = Infer<ReturnType<typeof secretRef>>;
type ObjectRef = Infer<ReturnType<typeof objectRef>>;
type Labels = Readonly<Record<string, string>>;
type Taint = NonNullable<NonNullable<RawEks['nodeGroups']>[number]['taints']>[number];
type RawEks = NonNullable<RawKubernetesProviderSpec['eks']>;
type RawAks = NonNullable<RawKubernetesProviderSpec['aks']>;
type RawGke = NonNullable<RawKubernetesProviderSpec['gke']>;
type RawSecurity = Infer<typeof security>;

/** Who can reach the API endpoint. */
export interface EndpointAccess {
  readonly private?: boolean;
  readonly public?: boolean;
  /** CIDR blocks allowed to reach the public endpoint (EKS publicCIDRs, AKS authorizedIPRanges, GKE masterAuthorizedNetworks). */
  readonly publicCIDRs: readonly string[];
}

/** AKS-only cluster settings. */
export interface AksClusterSettings {
  readonly resourceGroup: string;
  readonly subscriptionId?: string;
  readonly dnsPrefix?: string;
  readonly networkPlugin?: 'azure' | 'kubenet';
  readonly networkPolicy?: 'azure' | 'calico' | 'cilium';
  readonly aadRbac?: {
    readonly enabled?: boolean;
    readonly adminGroupObjectIds: readonly string[];
  };
  readonly diskEncryptionSetId?: string;
}

/** GKE-only cluster settings. */
export interface GkeClusterSettings {
  readonly project?: string;
  /** Region or zone of the control plane (`location` or `zone`). */
  readonly location?: string;
  readonly releaseChannel?: 'RAPID' | 'REGULAR' | 'STABLE';
  readonly network?: string;
  readonly privateNodes?: boolean;
  readonly masterIpv4CidrBlock?: string;
  readonly masterAuthorizedNetworks: readonly { readonly cidr: string; readonly name?: string }[];
  readonly workloadIdentity?: boolean;
}

/** The one cluster a distribution block describes. */
export interface KubernetesProviderCluster {
  /** Which block described it. */
  readonly distribution: DistributionType;
  /** Cluster name in the cloud; the model defaults it to the provider name. */
  readonly name?: string;
  /** IAM role of the EKS control plane. */
  readonly roleArn?: string;
  /** Subnets of the control plane (EKS vpcConfig.subnetIds, GKE subnetwork). */
  readonly subnetIds: readonly string[];
  readonly securityGroupIds: readonly string[];
  readonly endpointAccess: EndpointAccess;
  /** Control plane log types to enable (api, audit, authenticator, ...). */
  readonly logging: readonly string[];
  /** Secrets encryption; `kmsKeyId` is the cloud's key (KMS ARN, Key Vault key, Cloud KMS name). */
  readonly encryption?: { readonly enabled: boolean; readonly kmsKeyId?: string };
  /** Cloud tags (GKE: resource labels). */
  readonly tags: Labels;
  readonly aks?: AksClusterSettings;
  readonly gke?: GkeClusterSettings;
  /** Settings of rke2, openshift and vanilla blocks, which the spec does not detail. */
  readonly config?: Readonly<Record<string, unknown>>;
}

/** A node group of the cluster (EKS node group, AKS or GKE node pool). */
export interface KubernetesNodeGroup {
  readonly name: string;
  /** Instance types / VM sizes / machine types; empty when the model picks one. */
  readonly instanceTypes: readonly string[];
  /** EKS AMI type. */
  readonly amiType?: string;
  /** GKE node image. */
  readonly imageType?: string;
  /** AKS OS type. */
  readonly osType?: 'Linux' | 'Windows';
  /** AKS pool mode. */
  readonly mode?: 'System' | 'User';
  readonly capacityType?: 'ON_DEMAND' | 'SPOT';
  readonly machineProviderRef?: ObjectRef;
  readonly scaling?: { readonly min?: number; readonly max?: number; readonly desired?: number };
  readonly subnets: readonly string[];
  readonly zones: readonly string[];
  readonly remoteAccess?: {
    readonly ec2SshKey?: string;
    readonly sourceSecurityGroups: readonly string[];
  };
  readonly labels: Labels;
  readonly taints: readonly Taint[];
  /** Boot script (secret: never log it). */
  readonly userData?: string;
}

export type MachineResources = Infer<typeof machineResources>;

/** A group of machines in a cluster template. */
export interface TemplateMachines {
  readonly replicas: number;
  readonly resources?: MachineResources;
  readonly machineClass?: string;
}

/** Defaults for the clusters a template-based provider builds (spec 001). */
export interface KubernetesClusterTemplate {
  readonly kubernetesVersion?: string;
  readonly cni?: { readonly type: string; readonly config: Readonly<Record<string, unknown>> };
  readonly controlPlane: TemplateMachines;
  readonly workers: readonly (TemplateMachines & { readonly name: string })[];
}

export interface KubernetesNetworking {
  /** CNI plugin (networking.cni, else clusterTemplate.cni.type). */
  readonly cni?: string;
  readonly cniVersion?: string;
  readonly serviceCIDR?: string;
  readonly podCIDR?: string;
  readonly dnsDomain?: string;
  readonly networkPolicies?: NonNullable<
    RawKubernetesProviderSpec['networking']
  >['networkPolicies'];
  readonly serviceMesh?: NonNullable<RawKubernetesProviderSpec['networking']>['serviceMesh'];
}

export interface KubernetesSecurity {
  readonly rbac?: RawSecurity['rbac'];
  readonly podSecurityStandards?: RawSecurity['podSecurityStandards'];
  readonly networkSecurity?: {
    readonly enabled?: boolean;
    readonly policies: NonNullable<NonNullable<RawSecurity['networkSecurity']>['policies']>;
  };
  readonly admissionControllers: NonNullable<RawSecurity['admissionControllers']>;
}

/** An add-on; both documented forms become a list of these. */
export interface KubernetesAddon {
  readonly name: string;
  readonly version?: string;
  readonly enabled: boolean;
  readonly config: Readonly<Record<string, unknown>>;
}

/** The canonical KubernetesProvider spec. */
export interface KubernetesProviderSpec {
  readonly type: KubernetesProviderType;
  /** `cluster`: a distribution block describes one cluster; `backend`: builds nothing until a KubernetesCluster uses it. */
  readonly builds: 'cluster' | 'backend';
  /** Kubernetes version (version, else clusterTemplate.kubernetesVersion). */
  readonly version?: string;
  readonly region?: string;
  readonly credentials: { readonly secretRef?: SecretRef };
  readonly cluster?: KubernetesProviderCluster;
  readonly nodeGroups: readonly KubernetesNodeGroup[];
  readonly template?: KubernetesClusterTemplate;
  readonly networking: KubernetesNetworking;
  readonly security: KubernetesSecurity;
  readonly addons: readonly KubernetesAddon[];
  readonly monitoring?: Infer<typeof monitoring>;
  readonly backup?: Infer<typeof backup>;
  readonly machineProviderRef?: ObjectRef;
}

type RawStatus = Infer<typeof kubernetesProviderStatus>;
/** The status with `activeConlusters` (spec 001 spelling) read as `activeClusters`. */
export type KubernetesProviderStatus = Omit<RawStatus, 'activeConlusters'>;

// ---------------------------------------------------------------- normalisers

const INGRESS_ADDON_NAMES: Record<string, string> = {
  nginx: 'ingress-nginx',
  traefik: 'traefik',
  istio: 'istio-ingressgateway',
};

function scalingOf(
  raw: { minSize?: number; maxSize?: number; desiredSize?: number } | undefined,
): KubernetesNodeGroup['scaling'] {
  if (raw === undefined) return undefined;
  return { min: raw.minSize, max: raw.maxSize, desired: raw.desiredSize };
}

function listOf(one: string | undefined, many: readonly string[] | undefined): readonly string[] {
  return many ?? (one === undefined ? [] : [one]);
}

function encryptionOf(
  raw: { enabled?: boolean } | undefined,
  keyId: string | undefined,
): KubernetesProviderCluster['encryption'] {
  if (raw === undefined) return undefined;
  return { enabled: raw.enabled ?? keyId !== undefined, kmsKeyId: keyId };
}

function fromEks(eks: RawEks): [KubernetesProviderCluster, KubernetesNodeGroup[]] {
  const c = eks.clusterConfig ?? {};
  const vpc = c.resourcesConfig?.vpcConfig ?? {};
  const access = c.endpointAccess ?? vpc.endpointAccess ?? {};
  const cluster: KubernetesProviderCluster = {
    distribution: 'eks',
    name: c.name,
    roleArn: c.roleArn,
    subnetIds: vpc.subnetIds ?? [],
    securityGroupIds: vpc.securityGroupIds ?? [],
    endpointAccess: {
      private: access.private,
      public: access.public,
      publicCIDRs: access.publicCIDRs ?? [],
    },
    logging: c.logging?.enabled ?? [],
    encryption: encryptionOf(c.encryption, c.encryption?.kmsKeyId),
    tags: c.tags ?? {},
  };
  const groups = (eks.nodeGroups ?? []).map((g): KubernetesNodeGroup => ({
    name: g.name,
    instanceTypes: listOf(g.instanceType, g.instanceTypes),
    amiType: g.amiType,
    capacityType: g.capacityType,
    machineProviderRef: g.machineProvider,
    scaling: scalingOf(g.scaling),
    subnets: g.subnets ?? [],
    zones: [],
    remoteAccess:
      g.remoteAccess === undefined
        ? undefined
        : {
            ec2SshKey: g.remoteAccess.ec2SshKey,
            sourceSecurityGroups: g.remoteAccess.sourceSecurityGroups ?? [],
          },
    labels: g.labels ?? {},
    taints: g.taints ?? [],
    userData: g.userData,
  }));
  return [cluster, groups];
}

function fromAks(aks: RawAks): [KubernetesProviderCluster, KubernetesNodeGroup[]] {
  const c = aks.clusterConfig;
  const cluster: KubernetesProviderCluster = {
    distribution: 'aks',
    name: c?.name,
    subnetIds: [],
    securityGroupIds: [],
    endpointAccess: {
      private: c?.privateCluster,
      public: c?.privateCluster === undefined ? undefined : !c.privateCluster,
      publicCIDRs: c?.authorizedIPRanges ?? [],
    },
    logging: c?.logging?.enabled ?? [],
    encryption: encryptionOf(c?.encryption, c?.encryption?.keyVaultKeyId),
    tags: c?.tags ?? {},
    aks:
      c === undefined
        ? undefined
        : {
            resourceGroup: c.resourceGroup,
            subscriptionId: c.subscriptionId,
            dnsPrefix: c.dnsPrefix,
            networkPlugin: c.networkPlugin,
            networkPolicy: c.networkPolicy,
            aadRbac:
              c.aadRbac === undefined
                ? undefined
                : {
                    enabled: c.aadRbac.enabled,
                    adminGroupObjectIds: c.aadRbac.adminGroupObjectIds ?? [],
                  },
            diskEncryptionSetId: c.encryption?.diskEncryptionSetId,
          },
  };
  const groups = (aks.nodePools ?? []).map((p): KubernetesNodeGroup => ({
    name: p.name,
    instanceTypes: listOf(p.vmSize, p.vmSizes),
    osType: p.osType,
    mode: p.mode,
    capacityType: p.capacityType,
    machineProviderRef: p.machineProvider,
    scaling: scalingOf(p.scaling),
    subnets: p.subnets ?? [],
    zones: p.zones ?? [],
    labels: p.labels ?? {},
    taints: p.taints ?? [],
  }));
  return [cluster, groups];
}

function fromGke(gke: RawGke): [KubernetesProviderCluster, KubernetesNodeGroup[]] {
  const c = gke.clusterConfig ?? {};
  const networks = c.masterAuthorizedNetworks ?? [];
  const cluster: KubernetesProviderCluster = {
    distribution: 'gke',
    name: c.name,
    subnetIds: c.subnetwork === undefined ? [] : [c.subnetwork],
    securityGroupIds: [],
    endpointAccess: { publicCIDRs: networks.map((n) => n.cidr) },
    logging: c.logging?.enabled ?? [],
    encryption: encryptionOf(c.encryption, c.encryption?.kmsKeyName),
    tags: c.labels ?? {},
    gke: {
      project: c.project,
      location: c.location ?? c.zone,
      releaseChannel: c.releaseChannel,
      network: c.network,
      privateNodes: c.privateNodes,
      masterIpv4CidrBlock: c.masterIpv4CidrBlock,
      masterAuthorizedNetworks: networks,
      workloadIdentity: c.workloadIdentity,
    },
  };
  const groups = (gke.nodePools ?? []).map((p): KubernetesNodeGroup => ({
    name: p.name,
    instanceTypes: listOf(p.machineType, p.machineTypes),
    imageType: p.imageType,
    capacityType: p.capacityType,
    machineProviderRef: p.machineProvider,
    scaling: scalingOf(p.scaling),
    subnets: [],
    zones: p.zones ?? [],
    labels: p.labels ?? {},
    taints: p.taints ?? [],
  }));
  return [cluster, groups];
}

type RawAddons = NonNullable<RawKubernetesProviderSpec['addons']>;
type RawAddonList = Extract<RawAddons, readonly unknown[]>;

function isAddonList(raw: RawAddons): raw is RawAddonList {
  return Array.isArray(raw);
}

function addonsOf(raw: RawKubernetesProviderSpec['addons']): KubernetesAddon[] {
  if (raw === undefined) return [];
  if (isAddonList(raw)) {
    return raw.map((a) => ({
      name: a.name,
      version: a.version,
      enabled: a.enabled ?? true,
      config: a.config ?? {},
    }));
  }
  const obj = raw;
  const out: KubernetesAddon[] = [];
  if (obj.dns !== undefined) {
    out.push({ name: 'coredns', enabled: obj.dns.enabled ?? true, config: obj.dns.config ?? {} });
  }
  if (obj.ingress !== undefined) {
    const type = obj.ingress.type;
    out.push({
      name: type === undefined ? 'ingress' : (INGRESS_ADDON_NAMES[type] ?? type),
      enabled: obj.ingress.enabled ?? true,
      config: {},
    });
  }
  if (obj.storage !== undefined) {
    const { defaultClass } = obj.storage;
    out.push({
      name: 'storage',
      enabled: obj.storage.enabled ?? true,
      config: defaultClass === undefined ? {} : { defaultClass },
    });
  }
  return out;
}

function securityOf(raw: RawSecurity | undefined): KubernetesSecurity {
  const ns = raw?.networkSecurity;
  return {
    rbac: raw?.rbac,
    podSecurityStandards: raw?.podSecurityStandards,
    networkSecurity:
      ns === undefined ? undefined : { enabled: ns.enabled, policies: ns.policies ?? [] },
    admissionControllers: raw?.admissionControllers ?? [],
  };
}

function templateOf(
  raw: RawKubernetesProviderSpec['clusterTemplate'],
): KubernetesClusterTemplate | undefined {
  if (raw === undefined) return undefined;
  const machines = (g: {
    replicas: number;
    machineTemplate?: { resources?: MachineResources; machineClass?: string };
  }): TemplateMachines => ({
    replicas: g.replicas,
    resources: g.machineTemplate?.resources,
    machineClass: g.machineTemplate?.machineClass,
  });
  return {
    kubernetesVersion: raw.kubernetesVersion,
    cni: raw.cni === undefined ? undefined : { type: raw.cni.type, config: raw.cni.config ?? {} },
    controlPlane: machines(raw.controlPlane),
    workers: (raw.workers ?? []).map((w) => ({ name: w.name, ...machines(w) })),
  };
}

/** Turns a validated spec (either documented shape) into the canonical spec. */
export function normaliseKubernetesProviderSpec(
  raw: RawKubernetesProviderSpec,
): KubernetesProviderSpec {
  let described: [KubernetesProviderCluster, KubernetesNodeGroup[]] | undefined;
  let secret: SecretRef | undefined;
  if (raw.eks !== undefined) {
    described = fromEks(raw.eks);
    secret = raw.eks.credentials?.secretRef;
  } else if (raw.aks !== undefined) {
    described = fromAks(raw.aks);
    secret = raw.aks.credentials?.secretRef;
  } else if (raw.gke !== undefined) {
    described = fromGke(raw.gke);
    secret = raw.gke.credentials?.secretRef;
  } else {
    const other = DISTRIBUTION_TYPES.find(
      (d) => d !== 'eks' && d !== 'aks' && d !== 'gke' && raw[d] !== undefined,
    );
    const config = other === undefined ? undefined : (raw[other] as Record<string, unknown>);
    if (other !== undefined && config !== undefined) {
      described = [
        {
          distribution: other,
          subnetIds: [],
          securityGroupIds: [],
          endpointAccess: { publicCIDRs: [] },
          logging: [],
          tags: {},
          config,
        },
        [],
      ];
    }
  }
  const template = templateOf(raw.clusterTemplate);
  const net = raw.networking;
  return {
    type: raw.type,
    builds: described === undefined ? 'backend' : 'cluster',
    version: raw.version ?? template?.kubernetesVersion,
    region: raw.region,
    credentials: secret === undefined ? {} : { secretRef: secret },
    cluster: described?.[0],
    nodeGroups: described?.[1] ?? [],
    template,
    networking: {
      cni: net?.cni ?? template?.cni?.type,
      cniVersion: net?.version,
      serviceCIDR: net?.serviceCIDR,
      podCIDR: net?.podCIDR,
      dnsDomain: net?.dnsDomain,
      networkPolicies: net?.networkPolicies,
      serviceMesh: net?.serviceMesh,
    },
    security: securityOf(raw.security),
    addons: addonsOf(raw.addons),
    monitoring: raw.monitoring,
    backup: raw.backup,
    machineProviderRef: raw.machineProviderRef,
  };
}

/** Reads spec 001's `activeConlusters` as `activeClusters`. */
export function normaliseKubernetesProviderStatus(
  raw: RawStatus | undefined,
): KubernetesProviderStatus | undefined {
  if (raw === undefined) return undefined;
  const { activeConlusters, ...rest } = raw;
  const activeClusters = rest.activeClusters ?? activeConlusters;
  return activeClusters === undefined ? rest : { ...rest, activeClusters };
}
