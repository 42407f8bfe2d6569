// The seam for MachineProvider types that have no Vitistack-level network of their own (vSphere,
// Proxmox, KubeVirt: machines on networks that already exist, described by NetworkConfigurations)
// and for clusters built from such machines (Talos). Unlike a CloudProgram, any number of these
// may serve one Vitistack next to its cloud (stacks/vsphere-hybrid: AWS and vSphere).
import type * as pulumi from '@pulumi/pulumi';
import type { NetworkConfiguration } from '../api/v1alpha1';
import type { KubernetesProviderType } from '../api/v1alpha1/kubernetesprovider';
import type { MachineProviderType } from '../api/v1alpha1/machineprovider';
import type { ResolvedCluster, ResolvedMachine, ResolvedMachineProvider } from '../model';
import type { BuiltCluster, CloudEnv } from './cloud';
import type { InterfaceAddress } from './ipam';
import type { MachineOutput } from './outputs';

/** One interface of a machine or node with the address the stack's address plan gave it. */
export interface PlannedInterface {
  /** The interface name as written (`eth0`), else `net<index>`. */
  readonly name: string;
  readonly network: NetworkConfiguration;
  readonly address: InterfaceAddress;
  readonly macAddress?: string;
}

/**
 * A node of a cluster built from machines. Names and labels follow the public Vitistack
 * convention: `<clusterId>-ctp<N>` and `<clusterId>-wrk<N>` (N from 0; workers numbered across
 * pools), labels `vitistack.io/clusterid` and `vitistack.io/node-role`.
 */
export interface NodeSpec {
  readonly name: string;
  /** `KubernetesCluster/namespace/name` of the cluster. */
  readonly clusterKey: string;
  readonly clusterId: string;
  /** The cluster's distribution: the backend boots the image made for it (e.g. a Talos template). */
  readonly distribution: KubernetesProviderType;
  readonly role: 'control-plane' | 'worker';
  /** The node group (pool) it belongs to. */
  readonly group: string;
  /** Its index among the cluster's nodes of its role. */
  readonly index: number;
  readonly labels: Readonly<Record<string, string>>;
  readonly taints: ResolvedCluster['nodeGroups'][number]['taints'];
  /** The MachineProvider that builds it. */
  readonly providerKey: string;
  readonly machineClass?: string;
  /** CPU cores and memory; 0 when nothing says (the backend's default applies). */
  readonly cpu: number;
  readonly memoryBytes: number;
  /** Boot disk size in GiB. */
  readonly diskGiB: number;
  readonly tags: Readonly<Record<string, string>>;
}

/** The machines of one on-premises MachineProvider type. */
export interface MachineBackend {
  /** What must be fixed before this machine can be built; [] when fine. */
  machineProblems(m: ResolvedMachine, interfaces: readonly PlannedInterface[]): string[];
  buildMachine(
    m: ResolvedMachine,
    provider: ResolvedMachineProvider,
    interfaces: readonly PlannedInterface[],
  ): pulumi.Output<MachineOutput>;
  /** What must be fixed before this cluster node can be built; [] when fine. */
  nodeProblems(node: NodeSpec, interfaces: readonly PlannedInterface[]): string[];
  /**
   * A cluster node: a machine booted from the provider's image for the distribution (e.g. a
   * Talos template), no cloud-init user data (the cluster program configures it).
   */
  buildNode(node: NodeSpec, interfaces: readonly PlannedInterface[]): pulumi.Output<MachineOutput>;
}

export interface MachineBackendProgram {
  readonly machineProviderType: MachineProviderType;
  /** Human name for messages, e.g. `Proxmox VE`. */
  readonly title: string;
  /**
   * The explicit providers of `providers` (all of this type, highest priority first; never
   * empty) and what builds their machines. Undefined when a problem (reported through `env`)
   * leaves nothing to build with.
   */
  backend(env: CloudEnv, providers: readonly ResolvedMachineProvider[]): MachineBackend | undefined;
}

/** A built node, for the cluster program. */
export interface BuiltNode {
  readonly spec: NodeSpec;
  readonly interfaces: readonly PlannedInterface[];
  readonly output: pulumi.Output<MachineOutput>;
}

/**
 * A stable address a cluster needs on its node network besides its nodes' (e.g. the API VIP of
 * the control plane), planned with them so that no node or Machine is given it.
 */
export interface ClusterAddressRequest {
  /** Unique within the cluster, e.g. `talos-prod-api`; buildCluster finds the address by it. */
  readonly name: string;
  /** The address a manifest writes, and where (checked like a Machine's written address). */
  readonly fixed?: { readonly address: string; readonly field: string };
}

/** A distribution built from machines (Talos) on a MachineBackend. */
export interface ClusterBackendProgram {
  readonly distribution: KubernetesProviderType;
  readonly title: string;
  /**
   * The NetworkConfiguration the cluster's nodes attach to, when it has one (the program plans
   * the nodes' addresses on it as stable addresses).
   */
  nodeNetwork(env: CloudEnv, c: ResolvedCluster): NetworkConfiguration | undefined;
  /**
   * Further stable addresses the cluster needs on its node `network` (e.g. a control-plane VIP).
   * Optional; asked only when nodeNetwork gave a network.
   */
  clusterAddresses?(
    env: CloudEnv,
    c: ResolvedCluster,
    network: NetworkConfiguration,
  ): readonly ClusterAddressRequest[];
  /** What must be fixed before the cluster can be built (endpoint, versions, ...); [] when fine. */
  clusterProblems(env: CloudEnv, c: ResolvedCluster, nodes: readonly NodeSpec[]): string[];
  /**
   * Configures, bootstraps and exports the cluster built on `nodes`; `addresses` are the planned
   * clusterAddresses by name.
   */
  buildCluster(
    env: CloudEnv,
    c: ResolvedCluster,
    nodes: readonly BuiltNode[],
    addresses: ReadonlyMap<string, InterfaceAddress>,
  ): BuiltCluster;
}
