// The seam between the shared stack program (program.ts) and each cloud. program.ts resolves
// credentials, orders the providers, checks every machine and cluster before building any and
// assembles the outputs; a CloudProgram builds what is particular to its cloud: the explicit
// provider resources, the Vitistack-level resources (networks, firewall, load balancers, DNS,
// encryption keys, audit logging, backups), machines and managed clusters.
import type * as pulumi from '@pulumi/pulumi';
import type { KubernetesProviderType } from '../api/v1alpha1/kubernetesprovider';
import type { MachineProviderType } from '../api/v1alpha1/machineprovider';
import type {
  ResolvedCluster,
  ResolvedMachine,
  ResolvedMachineProvider,
  ResolvedSecretRef,
  StackModel,
} from '../model';
import type { ProgramInputs } from './inputs';
import type {
  ClusterOutput,
  FirewallOutput,
  LoadBalancerOutput,
  MachineOutput,
  SecretOutput,
  VitistackOutput,
  VpcOutput,
} from './outputs';

/** The decoded values of a credentials Secret, and how to name it in messages. */
export interface SuppliedCredentials {
  /** Undefined when the provider names no Secret, or (render mode) it was not supplied. */
  readonly values?: Readonly<Record<string, string>>;
  /** `Secret <namespace>/<name>`, for messages (never a value). */
  readonly source: string;
}

/** What the shared program hands every cloud program. */
export interface CloudEnv {
  readonly model: StackModel;
  /** The stack's root component: the parent of every provider and top-level component. */
  readonly root: pulumi.Resource;
  readonly mode: ProgramInputs['mode'];
  /**
   * The credentials Secret of a provider. In deploy mode a named Secret that was not supplied is
   * a problem (reported here; the result is undefined); in render mode a warning says the
   * provider is built without credentials.
   */
  credentials(
    kind: 'MachineProvider' | 'KubernetesProvider',
    key: string,
    ref: ResolvedSecretRef | undefined,
  ): SuppliedCredentials | undefined;
  /** Something the manifests ask for that is not built, or built differently: a render warning. */
  warn(message: string): void;
  /** Bad input: the program stops before building any machine or cluster and lists them all. */
  problem(message: string): void;
}

/** The Vitistack's outputs from the resources of one cloud (program.ts adds encryption flags). */
export interface FoundationOutputs {
  readonly vpcs: readonly pulumi.Output<VpcOutput>[];
  readonly loadBalancers: readonly pulumi.Output<LoadBalancerOutput>[];
  readonly firewalls: readonly pulumi.Output<FirewallOutput>[];
  readonly dns?: pulumi.Output<NonNullable<VitistackOutput['dns']>>;
  readonly backup?: pulumi.Output<NonNullable<VitistackOutput['backup']>>;
  /** ARN or id of the audit trail, log sink or diagnostic setting. */
  readonly auditTrailArn?: pulumi.Output<string>;
  /** ARN or id of the stack's customer-managed key (KMS key, Key Vault key, Cloud KMS key). */
  readonly kmsKeyArn?: pulumi.Output<string>;
}

/** A managed cluster as the program returns it: status outputs and its kubeconfig Secret. */
export interface BuiltCluster {
  readonly output: pulumi.Output<ClusterOutput>;
  readonly secret: pulumi.Output<SecretOutput>;
}

/** The Vitistack-level resources of a cloud, and how its machines and clusters build on them. */
export interface CloudFoundation {
  readonly outputs: FoundationOutputs;
  /** What must be fixed in the manifests before this machine can be built; [] when fine. */
  machineProblems(m: ResolvedMachine): string[];
  buildMachine(m: ResolvedMachine, provider: ResolvedMachineProvider): pulumi.Output<MachineOutput>;
  /**
   * What must be fixed before this cluster can be built; [] when fine. May create the cluster's
   * own provider resource (from the KubernetesProvider's credentials), kept for buildCluster.
   */
  clusterProblems(c: ResolvedCluster): string[];
  buildCluster(c: ResolvedCluster): BuiltCluster;
}

/** One cloud: the MachineProvider type and the managed distribution it builds. */
export interface CloudProgram {
  readonly machineProviderType: MachineProviderType;
  readonly distribution: KubernetesProviderType;
  /** Human name for messages, e.g. `AWS`. */
  readonly title: string;
  /**
   * Builds the explicit providers of `providers` (highest priority first; never empty) and the
   * Vitistack-level resources on the first. Undefined when a problem (reported through `env`)
   * leaves nothing to build on.
   */
  foundation(
    env: CloudEnv,
    providers: readonly ResolvedMachineProvider[],
  ): CloudFoundation | undefined;
}
