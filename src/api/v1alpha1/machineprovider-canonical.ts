// The canonical MachineProvider spec (machineprovider-normalise.ts builds it from any shape).
//
// Where each canonical field comes from (000 = provider block `spec.<type>`, 004 = config form,
// 001 = endpoint form, 003 = top-level extras):
//   type               spec.type; "vmware" (001) becomes "vsphere".
//   region, availabilityZones
//                      spec.region, spec.availabilityZones (004).
//   endpoint           001 endpoint {url, insecureSkipTLSVerify, timeout} or 004 config {endpoint,
//                      timeout, version -> apiVersion, retryPolicy, rateLimiting}; decimal strings
//                      become numbers.
//   credentials        000 block credentials {secretRef -> method apikey; only serviceAccount ->
//                      method iam-role}, 004 authentication {apiKey/serviceAccount secretRef,
//                      oauth2 clientSecretRef, certificate certSecretRef + extraSecretRefs.key} or
//                      001 credentials {type -> method, secretRef}. At most one is given.
//   instanceTypes      block instanceTypes, then 001 templates ({name, vcpus: resources.cpu,
//                      memory, storage}), then 004 capabilities.supportedInstanceTypes names not
//                      already listed.
//   images             block machineImages {imageId -> id, operatingSystem -> os}, then 004
//                      capabilities.availableImages {osType -> os} not already listed.
//   network            block networking {vpcId, subnets -> subnetIds} + 004 networkConfig;
//                      security group rules: type -> direction (default ingress), and
//                      port / ports / fromPort+toPort / 004 port "80-443" -> fromPort, toPort.
//   storage            block storage or top-level storage fields + 004 storageConfig
//                      {defaultStorageClass -> defaultVolumeType, defaultDiskSize ->
//                      defaultVolumeSize, availableStorageTypes -> storageTypes, backup}.
//   compute            004 computeConfig, decimal strings as numbers.
//   capabilities       004 capabilities: operations, OS types, feature flags.
//   autoScaling        block or top-level autoScaling; cooldowns in seconds.
//   spot, placementGroups, userData
//                      the provider block.
//   cloud              azure {subscriptionId, resourceGroup, tenantId, location}, gcp {project,
//                      zone}, vsphere {datacenter, cluster, datastore, resourcePool, folder} from the
//                      block or config.customSettings (gcp zone also availabilityZones[0]);
//                      proxmox / kubevirt from config.proxmox / config.kubevirt (001).
//   customSettings     004 config.customSettings, as given.
//   capacity           001 capacity {maxMachines, reservedResources -> reserved}.
//   healthCheck, lifecycle, tags (000); failover, shareWith, storage.shared -> sharedStorage (003).
//   shape              which documented form was used (see shapeOf).
import type { Infer } from '../schema';
import type { Resource } from '../kind';
import type { placementGroup, spot } from './machineprovider-block';
import type {
  capabilities,
  computeConfig,
  networkConfig,
  storageConfig,
} from './machineprovider-config';
import type { MachineProviderShape } from './machineprovider-rules';
import type {
  failover,
  healthCheck,
  lifecycle,
  RawMachineProviderType,
  shareWith,
  topStorage,
} from './machineprovider-spec';
import type { MachineProviderStatus } from './machineprovider-status';

export type { MachineProviderShape };

/** Provider types after normalisation ("vmware" is "vsphere"). */
export type MachineProviderType = Exclude<RawMachineProviderType, 'vmware'>;

export interface SecretReference {
  readonly name: string;
  /** Defaults to the MachineProvider's namespace (resolved by the model layer). */
  readonly namespace?: string;
  /** One key of the Secret; all keys when absent. */
  readonly key?: string;
}

/** How to reach the provider API. */
export interface ProviderEndpoint {
  /** 001 `endpoint.url` (a URL) or 004 `config.endpoint` (a host name or URL), as written. */
  readonly url?: string;
  readonly insecureSkipTLSVerify?: boolean;
  /** Request timeout as a duration string, e.g. "30s". */
  readonly timeout?: string;
  /** Provider API version to use (004 `config.version`). */
  readonly apiVersion?: string;
  readonly retryPolicy?: {
    readonly maxRetries?: number;
    readonly backoffMultiplier?: number;
    readonly maxBackoffDelay?: string;
  };
  readonly rateLimiting?: { readonly requestsPerSecond?: number; readonly burstLimit?: number };
}

export type CredentialMethod =
  'apikey' | 'oauth2' | 'certificate' | 'serviceaccount' | 'password' | 'token' | 'iam-role';

/** Credentials for the provider, wherever they were given. */
export interface ProviderCredentials {
  readonly method: CredentialMethod;
  /** The main Secret: keys, client secret, certificate or password/token. */
  readonly secretRef?: SecretReference;
  /** Kubernetes service account with workload identity (000 `credentials.serviceAccount`). */
  readonly serviceAccount?: string;
  /** Further Secrets by role, e.g. `key` for the private key of certificate authentication. */
  readonly extraSecretRefs: Readonly<Record<string, SecretReference>>;
  readonly oauth2?: {
    readonly clientId: string;
    readonly tokenURL: string;
    readonly scopes: readonly string[];
  };
}

export interface InstanceTypeOffer {
  readonly name: string;
  readonly vcpus?: number;
  readonly memory?: string;
  readonly storage?: string;
  readonly networkPerformance?: string;
  readonly pricing?: {
    readonly onDemand?: string;
    readonly spot?: string;
    readonly reserved1Year?: string;
    readonly reserved3Year?: string;
  };
  readonly availability?: {
    readonly regions?: readonly string[];
    readonly zones?: readonly string[];
  };
}

export interface MachineImageOffer {
  readonly name: string;
  /** Provider image ID (AMI, template ID). */
  readonly id: string;
  readonly architecture?: string;
  /** Operating system (000 `operatingSystem`, 004 `osType`). */
  readonly os?: string;
  readonly version?: string;
  readonly description?: string;
  readonly public?: boolean;
  readonly encrypted?: boolean;
  readonly tags?: Readonly<Record<string, string>>;
}

export interface SecurityRule {
  readonly direction: 'ingress' | 'egress';
  readonly protocol: 'tcp' | 'udp' | 'icmp' | 'all';
  /** First port; absent for rules without ports (e.g. icmp). */
  readonly fromPort?: number;
  readonly toPort?: number;
  /** CIDR, IP or security group ID. */
  readonly source?: string;
}

export interface SecurityGroup {
  /** The group's name (004 groups given only by id use the id). */
  readonly name: string;
  readonly id?: string;
  readonly description?: string;
  readonly rules: readonly SecurityRule[];
}

export interface ProviderNetwork {
  readonly vpcId?: string;
  readonly subnetIds: readonly string[];
  readonly defaultNetworkId?: string;
  readonly defaultSubnetId?: string;
  readonly availableNetworks: NonNullable<Infer<typeof networkConfig>['availableNetworks']>;
  readonly securityGroups: readonly SecurityGroup[];
  readonly loadBalancer?: Infer<typeof networkConfig>['loadBalancer'];
}

export interface StorageTypeOffer {
  readonly name: string;
  readonly type?: 'ssd' | 'hdd' | 'nvme';
  readonly iopsPerGB?: number;
  readonly throughputMBps?: number;
  readonly encrypted?: boolean;
  readonly replication?: 'none' | 'raid1' | 'raid5' | 'raid10';
}

export interface ProviderStorage {
  readonly defaultVolumeType?: string;
  readonly defaultVolumeSize?: string;
  readonly encryption?: boolean;
  readonly kmsKeyId?: string;
  readonly iops?: number;
  /** MB/s. */
  readonly throughput?: number;
  readonly additionalVolumes: readonly {
    readonly name: string;
    readonly size: string;
    readonly type?: string;
    readonly mountPath?: string;
    readonly encryption?: boolean;
  }[];
  readonly storageTypes: readonly StorageTypeOffer[];
  readonly backup?: Infer<typeof storageConfig>['backup'];
}

type RawCompute = Infer<typeof computeConfig>;
export interface ProviderCompute {
  readonly defaultCPU?: number;
  readonly defaultMemoryGB?: number;
  readonly maxCPU?: number;
  readonly maxMemoryGB?: number;
  readonly cpuOptions?: RawCompute['cpuOptions'];
  readonly memoryOptions?: RawCompute['memoryOptions'];
  readonly gpuSupport?: RawCompute['gpuSupport'];
}

export interface ProviderAutoScaling {
  readonly enabled?: boolean;
  readonly minSize?: number;
  readonly maxSize?: number;
  readonly desiredCapacity?: number;
  readonly targetCPUUtilization?: number;
  readonly targetMemoryUtilization?: number;
  readonly scaleUpCooldownSeconds?: number;
  readonly scaleDownCooldownSeconds?: number;
  readonly customMetrics: readonly {
    readonly name: string;
    readonly targetValue?: number;
    readonly scaleUpThreshold?: number;
    readonly scaleDownThreshold?: number;
  }[];
}

/** Where the provider's machines live, per cloud. */
export interface CloudIdentity {
  readonly azure?: {
    readonly subscriptionId: string;
    readonly resourceGroup: string;
    readonly tenantId?: string;
    readonly location?: string;
  };
  readonly gcp?: { readonly project: string; readonly zone?: string };
  /** When `cluster` is absent, `availabilityZones` name the clusters. */
  readonly vsphere?: {
    readonly datacenter: string;
    readonly cluster?: string;
    readonly datastore?: string;
    readonly resourcePool?: string;
    readonly folder?: string;
  };
  readonly proxmox?: {
    readonly node?: string;
    readonly storage?: string;
    readonly networkBridge?: string;
  };
  readonly kubevirt?: { readonly storageClass?: string; readonly networkPolicy?: string };
}

/** The canonical MachineProvider spec: one shape, whatever form the manifest used. */
export interface MachineProviderSpec {
  readonly type: MachineProviderType;
  /** Which documented form the manifest used. */
  readonly shape: MachineProviderShape;
  readonly region?: string;
  readonly availabilityZones: readonly string[];
  readonly endpoint?: ProviderEndpoint;
  readonly credentials?: ProviderCredentials;
  readonly instanceTypes: readonly InstanceTypeOffer[];
  readonly images: readonly MachineImageOffer[];
  readonly network: ProviderNetwork;
  readonly storage: ProviderStorage;
  readonly compute?: ProviderCompute;
  readonly capabilities?: {
    readonly supportedOperations: readonly string[];
    readonly supportedOSTypes: readonly string[];
    readonly features?: Infer<typeof capabilities>['features'];
  };
  readonly autoScaling?: ProviderAutoScaling;
  readonly spot?: Infer<typeof spot>;
  readonly placementGroups: readonly Infer<typeof placementGroup>[];
  /** First-boot script; may hold secrets. */
  readonly userData?: string;
  readonly cloud: CloudIdentity;
  readonly customSettings: Readonly<Record<string, string>>;
  readonly capacity?: {
    readonly maxMachines?: number;
    readonly reserved?: {
      readonly cpu?: number;
      readonly memory?: string;
      readonly storage?: string;
    };
  };
  readonly healthCheck?: Infer<typeof healthCheck>;
  readonly lifecycle?: Infer<typeof lifecycle>;
  readonly failover?: Infer<typeof failover>;
  readonly shareWith: Infer<typeof shareWith>;
  readonly sharedStorage?: NonNullable<Infer<typeof topStorage>['shared']>;
  readonly tags: Readonly<Record<string, string>>;
}

export type MachineProvider = Resource<
  'MachineProvider',
  MachineProviderSpec,
  MachineProviderStatus
>;
