// The StackModel: one Vitistack with everything that belongs to it resolved, defaulted and
// checked. It is plain data: the program builds resources from it, the engine configures the
// stack from it, the controller compares its inputsHash. Settings the program reads straight from
// the objects (firewall rules, VPCs, DNS in `vitistack.spec`; a machine's SSH keys and cloud-init
// in `machine.spec`) are not copied here.
import type {
  KubernetesCluster,
  KubernetesProvider,
  Machine,
  MachineProvider,
  NetworkConfiguration,
  NetworkNamespace,
  Vitistack,
} from '../api/v1alpha1';
import type { Architecture, ClusterStorage } from '../api/v1alpha1/kubernetescluster';
import type {
  AksClusterSettings,
  EndpointAccess,
  GkeClusterSettings,
  KubernetesAddon,
  KubernetesNetworking,
  KubernetesNodeGroup,
  KubernetesProviderSpec,
  KubernetesProviderType,
  KubernetesSecurity,
} from '../api/v1alpha1/kubernetesprovider';
import type { MachineProviderType } from '../api/v1alpha1/machineprovider';
import type { OperatorConfigs } from './operator-configs';

/** What the caller knows about a Secret: its keys and version, never its values. */
export interface SecretInfo {
  readonly namespace: string;
  readonly name: string;
  /** The Secret's `metadata.resourceVersion`; feeds the inputs hash. */
  readonly resourceVersion?: string;
  /** The keys the Secret holds. */
  readonly keys: readonly string[];
}

/** How resolveStack may reach beyond the Vitistack's own namespace, and what exists. */
export interface ResolveOptions {
  /**
   * Namespaces besides the Vitistack's own that references may point into (the controller's
   * `--allow-namespace`). Defaults to none: every reference stays in the Vitistack's namespace.
   */
  readonly allowedNamespaces?: readonly string[];
  /**
   * The Secrets that exist. When given, every Secret the stack references must be among them
   * (else DependencyNotReady) and their resourceVersions feed the inputs hash. When absent (the
   * offline render) Secrets are not checked.
   */
  readonly secrets?: readonly SecretInfo[];
}

/** A Secret reference with its namespace resolved. */
export interface ResolvedSecretRef {
  readonly namespace: string;
  readonly name: string;
  /** The one key to read; the whole Secret when absent. */
  readonly key?: string;
}

/** A Secret the stack uses, once, however many objects reference it. */
export interface ReferencedSecret {
  readonly namespace: string;
  readonly name: string;
  /** Keys the stack reads, sorted; empty when some reference takes the whole Secret. */
  readonly keys: readonly string[];
  /** From ResolveOptions.secrets, when known. */
  readonly resourceVersion?: string;
  /** Who uses it, e.g. `credentials of MachineProvider production/aws-ec2-provider`. */
  readonly usedBy: readonly string[];
}

/** Codes of the warnings the model gives. */
export const MODEL_WARNING_CODES = {
  /** A provider type or distribution that the program does not build yet. */
  ProviderNotSupported: 'ProviderNotSupported',
  /** A provider of the Vitistack that nothing in the stack uses. */
  UnusedProvider: 'UnusedProvider',
  /** A Machine without `vitistack.io/vitistack` label on a provider several Vitistacks use. */
  SharedProviderMachine: 'SharedProviderMachine',
  /** Several ProxmoxConfigs / KubevirtConfigs could serve a MachineProvider; none is used. */
  AmbiguousOperatorConfig: 'AmbiguousOperatorConfig',
  /** A Machine on one of our providers left out because its label names an unknown Vitistack. */
  MachineExcluded: 'MachineExcluded',
  /** An object outside the allowed namespaces that references one of our providers. */
  CrossNamespaceRefused: 'CrossNamespaceRefused',
} as const;

export type ModelWarningCode = keyof typeof MODEL_WARNING_CODES;

/** Something worth telling the user that does not stop the stack. */
export interface ModelWarning {
  readonly code: ModelWarningCode;
  /** A whole sentence. */
  readonly message: string;
  /** The object it is about, as `Kind namespace/name`. */
  readonly object: string;
}

/** A MachineProvider of the stack. */
export interface ResolvedMachineProvider {
  /** `namespace/name`. */
  readonly key: string;
  /** The canonical object. */
  readonly provider: MachineProvider;
  readonly type: MachineProviderType;
  /** The provider's region, else the Vitistack's. */
  readonly region?: string;
  /** The Secret with the provider's credentials (namespace defaulted to the provider's). */
  readonly credentialsSecret?: ResolvedSecretRef | undefined;
  /** Further credential Secrets by role, e.g. `key` for certificate authentication. */
  readonly extraSecrets: Readonly<Record<string, ResolvedSecretRef>>;
  /**
   * The provider asks for the pod's workload identity (IRSA, workload identity: a service account
   * or an `iam-role` method without a Secret). Nothing else uses ambient credentials.
   */
  readonly usesAmbientIdentity: boolean;
  /** Another Vitistack in the given objects references it, or it has `shareWith` entries. */
  readonly shared: boolean;
  /** Whether the program builds this provider type (see BUILT_MACHINE_PROVIDER_TYPES). */
  readonly supported: boolean;
}

/** A KubernetesProvider of the stack. */
export interface ResolvedKubernetesProvider {
  /** `namespace/name`. */
  readonly key: string;
  /** The canonical object. */
  readonly provider: KubernetesProvider;
  readonly type: KubernetesProviderType;
  /** `cluster`: builds the one cluster it describes; `backend`: builds one per KubernetesCluster. */
  readonly builds: KubernetesProviderSpec['builds'];
  /** The provider's region, else the Vitistack's. */
  readonly region?: string;
  /** The Secret with the provider's credentials (namespace defaulted to the provider's). */
  readonly credentialsSecret?: ResolvedSecretRef | undefined;
  /** `spec.machineProviderRef`, resolved to one of the stack's MachineProviders. */
  readonly machineProviderKey?: string;
  /** Keys of the clusters it builds (see ResolvedCluster.key). */
  readonly clusterKeys: readonly string[];
}

/** A Machine of the stack with its provider settings applied. */
export interface ResolvedMachine {
  /** `namespace/name`. */
  readonly key: string;
  /** The canonical object. */
  readonly machine: Machine;
  /** Key of its MachineProvider. */
  readonly providerKey: string;
  readonly providerType: MachineProviderType;
  /**
   * The machine's instance type; else, for cloud provider types, the provider's first one.
   * Always one the provider offers when the provider lists any.
   */
  readonly instanceType?: string;
  /**
   * The image, found among the provider's images by name or ID; a raw provider image ID
   * (`ami-...`, an Azure URN, a URL) or any image of a provider that lists none passes through
   * as `{name: id, id}`. For cloud provider types without an image: the provider's first one.
   */
  readonly image?: { readonly name: string; readonly id: string };
  /** Subnet name or ID, as written (`spec.networking.subnet`, else the first interface's). */
  readonly subnet?: string;
  /**
   * CPU cores: `resources.cpu` (cores x sockets), else `resources.requests`/`limits` cpu, else
   * the instance type's vcpus, else the provider's compute default; 0 when nothing says.
   */
  readonly cpu: number;
  /** Memory in bytes, found the same way as `cpu`; 0 when nothing says. */
  readonly memoryBytes: number;
  /**
   * Root volume (its size, else the provider's default volume size, else the instance type's
   * storage) plus every other volume, in bytes; 0 when nothing says.
   */
  readonly storageBytes: number;
  /** Whether the machine gets a public address (`networking.publicIP` or any interface's). */
  readonly publicIP: boolean;
  /**
   * Cloud tags: the stack's tags, the provider's tags, the machine's standard labels and its
   * `spec.tags`, later ones winning; `vitistack.io/stack` and `vitistack.io/managed-by` always.
   */
  readonly tags: Readonly<Record<string, string>>;
}

/** Size of each node of a node group; absent fields are unknown. */
export interface NodeResources {
  readonly cpu?: number;
  readonly memoryBytes?: number;
  readonly storageBytes?: number;
}

/**
 * A node group of a cluster: a managed node group / node pool of the provider, or the control
 * plane or a worker pool of a template cluster. Scaling is always complete.
 */
export interface ResolvedNodeGroup extends Omit<KubernetesNodeGroup, 'scaling'> {
  /** `control-plane` only for template clusters (managed clusters have no visible one). */
  readonly role: 'control-plane' | 'worker';
  /** Nodes to run now (`scaling.desired`). */
  readonly replicas: number;
  /** Bounds: absent values default from each other, then to DEFAULT_NODE_GROUP_SIZE. */
  readonly scaling: { readonly min: number; readonly max: number; readonly desired: number };
  /** Machine class (template name) of the nodes, for template clusters. */
  readonly machineClass?: string;
  /** The MachineProvider whose settings the nodes use, resolved to one of the stack's. */
  readonly machineProviderKey?: string;
  /** Size of each node, from the machine class or instance type offer, else the template. */
  readonly resources: NodeResources;
  /** Kubernetes version of the group, when it differs from the cluster's. */
  readonly version?: string;
  readonly architecture?: Architecture;
  /** Kubernetes annotations of the nodes. */
  readonly annotations: Readonly<Record<string, string>>;
  /** Extra disks of each node. */
  readonly disks: readonly ClusterStorage[];
}

/** A Kubernetes cluster the stack builds. */
export interface ResolvedCluster {
  /**
   * The object that defines it: `KubernetesProvider/ns/name` (a provider describing its own
   * cluster) or `KubernetesCluster/ns/name` (a cluster built on a backend provider).
   */
  readonly key: string;
  /** Cluster name in the cloud: the block's name, else the provider name; or the clusterId. */
  readonly name: string;
  /** Key of the KubernetesProvider. */
  readonly providerKey: string;
  /** eks, aks, gke, rke2, openshift, vanilla, talos, kubeadm or k3s. */
  readonly distribution: KubernetesProviderType;
  /** Whether the program builds this distribution (see BUILT_DISTRIBUTIONS). */
  readonly supported: boolean;
  /** Kubernetes version: the cluster's, else the provider's (or its template's). */
  readonly version?: string;
  /** The cluster's region, else the provider's, else the Vitistack's. */
  readonly region?: string;
  /** Zone (KubernetesCluster `spec.data.zone`). */
  readonly zone?: string;
  /** Environment (KubernetesCluster `spec.data.environment`). */
  readonly environment?: string;
  /** The provider's credentials Secret. */
  readonly credentialsSecret?: ResolvedSecretRef | undefined;
  /** IAM role of the EKS control plane; created when absent. */
  readonly roleArn?: string;
  /** Control plane subnets (IDs or names of the Vitistack's subnets). */
  readonly subnetIds: readonly string[];
  readonly securityGroupIds: readonly string[];
  /** Who can reach the API endpoint, as written. */
  readonly endpointAccess: EndpointAccess;
  /** Control plane log types to enable. */
  readonly logging: readonly string[];
  /** Secrets encryption. */
  readonly encryption?: { readonly enabled: boolean; readonly kmsKeyId?: string };
  /** Stack tags, the block's tags and the KubernetesCluster's standard labels. */
  readonly tags: Readonly<Record<string, string>>;
  readonly aks?: AksClusterSettings;
  readonly gke?: GkeClusterSettings;
  /** Settings of rke2, openshift and vanilla blocks, passed on. */
  readonly config?: Readonly<Record<string, unknown>>;
  /** Node groups; a template cluster's control plane comes first. */
  readonly nodeGroups: readonly ResolvedNodeGroup[];
  readonly networking: KubernetesNetworking;
  readonly security: KubernetesSecurity;
  /** The enabled add-ons only. */
  readonly addons: readonly KubernetesAddon[];
  readonly monitoring?: KubernetesProviderSpec['monitoring'];
  readonly backup?: KubernetesProviderSpec['backup'];
  /** The MachineProvider the nodes run on (the provider's `machineProviderRef`). */
  readonly machineProviderKey?: string;
  /** Key (`namespace/name`) of the NetworkNamespace named by `spec.data.networkNamespaceName`. */
  readonly networkNamespaceKey?: string;
  /** The KubernetesCluster object, for clusters built on a backend provider. */
  readonly cluster?: KubernetesCluster;
}

/** One Vitistack, resolved: the input of the program and the engine. */
export interface StackModel {
  /** The Pulumi project. */
  readonly project: 'vitistack';
  /** `<namespace>.<name>` of the Vitistack. */
  readonly stackName: `${string}.${string}`;
  /** The canonical Vitistack; networking, security and operations are read from its spec. */
  readonly vitistack: Vitistack;
  /** `spec.region`. */
  readonly region?: string;
  /**
   * Tags for every resource: the standard labels (spec 000) found in the Vitistack's
   * metadata.labels, `vitistack.io/stack: <stackName>` and `vitistack.io/managed-by`.
   */
  readonly tags: Readonly<Record<string, string>>;
  /** In the order of `spec.machineProviders`. */
  readonly machineProviders: readonly ResolvedMachineProvider[];
  /** In the order of `spec.kubernetesProviders`. */
  readonly kubernetesProviders: readonly ResolvedKubernetesProvider[];
  /** Sorted by key. */
  readonly machines: readonly ResolvedMachine[];
  /** Provider-described clusters in provider order, then KubernetesClusters sorted by key. */
  readonly clusters: readonly ResolvedCluster[];
  /** NetworkConfigurations the machines' interfaces attach to, sorted by namespace/name. */
  readonly networkConfigurations: readonly NetworkConfiguration[];
  /**
   * The ProxmoxConfig / KubevirtConfig of each on-premises MachineProvider, by provider key (see
   * operator-configs.ts).
   */
  readonly operatorConfigs: Readonly<Record<string, OperatorConfigs>>;
  /** NetworkNamespaces the clusters name, sorted by namespace/name. */
  readonly networkNamespaces: readonly NetworkNamespace[];
  readonly counts: {
    readonly machines: number;
    readonly clusters: number;
    /** MachineProviders plus KubernetesProviders. */
    readonly providers: number;
  };
  /** Every Secret the stack uses (sorted by namespace/name), for the hash and the engine. */
  readonly secretRefs: readonly ReferencedSecret[];
  /** sha256 (hex) of the inputs; equal hashes mean nothing that feeds the stack changed. */
  readonly inputsHash: string;
  readonly warnings: readonly ModelWarning[];
}
