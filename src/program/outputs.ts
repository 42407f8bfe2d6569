// What the stack program returns: plain, provider-neutral results per object, keyed by
// `Kind/namespace/name`. status/ maps them into each object's status; nothing here is secret
// except `secrets`, whose values the engine keeps out of status, logs and events.
import type * as pulumi from '@pulumi/pulumi';

export interface VpcOutput {
  readonly name: string;
  readonly id: string;
  readonly cidr: string;
  readonly state: string;
}

export interface LoadBalancerOutput {
  readonly name: string;
  readonly arn: string;
  readonly dnsName: string;
  readonly state: string;
}

export interface FirewallOutput {
  readonly name: string;
  readonly id: string;
  readonly state: string;
}

export interface VitistackOutput {
  readonly vpcs: readonly VpcOutput[];
  readonly loadBalancers: readonly LoadBalancerOutput[];
  readonly firewalls: readonly FirewallOutput[];
  readonly dns?: {
    readonly zone: string;
    readonly zoneId: string;
    readonly nameServers: readonly string[];
  };
  readonly encryption: {
    readonly atRest: boolean;
    readonly inTransit: boolean;
    readonly kmsKeyArn?: string;
  };
  readonly backup?: { readonly vaultArn: string; readonly planId: string };
  readonly auditTrailArn?: string;
}

export interface VolumeOutput {
  readonly id: string;
  readonly name?: string;
  readonly size: string;
  readonly type?: string;
  readonly mountPath?: string;
  readonly state: string;
}

export interface MachineOutput {
  readonly id: string;
  readonly state: string;
  readonly privateIP: string;
  readonly publicIP?: string;
  readonly privateDNS?: string;
  readonly publicDNS?: string;
  readonly availabilityZone?: string;
  readonly rootVolume?: VolumeOutput;
  readonly additionalVolumes: readonly VolumeOutput[];
}

export interface NodeGroupOutput {
  readonly name: string;
  readonly status: string;
  readonly desired: number;
  readonly min: number;
  readonly max: number;
}

export interface AddonOutput {
  readonly name: string;
  readonly version?: string;
  readonly status: string;
}

export interface ClusterOutput {
  readonly name: string;
  readonly endpoint: string;
  readonly version: string;
  readonly status: string;
  readonly certificateAuthority: string;
  readonly oidcIssuer?: string;
  readonly serviceCIDR?: string;
  readonly podCIDR?: string;
  readonly nodeGroups: readonly NodeGroupOutput[];
  readonly addons: readonly AddonOutput[];
}

/** A secret output that goes into a Kubernetes Secret owned by `owner`, never into status. */
export interface SecretOutput {
  /** `Kind/namespace/name` of the object that owns the Secret. */
  readonly owner: string;
  /** Name of the Secret to write, e.g. `production-cluster-kubeconfig`. */
  readonly secretName: string;
  readonly key: string;
  readonly description: string;
  readonly value: string;
}

/** The stack outputs as the program returns them: one Output per key. */
export type StackOutputMap = { readonly [K in keyof StackOutputs]: pulumi.Output<StackOutputs[K]> };

export interface StackOutputs {
  readonly stack: string;
  readonly vitistack: VitistackOutput;
  readonly machines: Readonly<Record<string, MachineOutput>>;
  readonly clusters: Readonly<Record<string, ClusterOutput>>;
  readonly secrets: readonly SecretOutput[];
  /** Things the manifests ask for that this program does not build (yet), one sentence each. */
  readonly warnings: readonly string[];
}
