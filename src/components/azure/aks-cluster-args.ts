// The arguments of an AksCluster and their checks (what AKS refuses, named by field), apart
// from the component so each file stays small.
import type * as pulumi from '@pulumi/pulumi';
import { validateNodePools, type AksNodePoolArgs } from './aks-node-pools';
import { isGuid, locationProblem, parseCidr, problem, validateAzureTags } from './util';

/** Control plane log categories when the caller names none: API calls, the audit log, Entra sign-ins. */
export const DEFAULT_LOG_CATEGORIES = ['kube-apiserver', 'kube-audit', 'guard'] as const;

export interface AksClusterArgs {
  /** Name of the AKS cluster (1 to 63 letters, digits, "-" and "_"). */
  readonly clusterName: string;
  readonly resourceGroupName: pulumi.Input<string>;
  readonly location: string;
  /** Kubernetes version, e.g. `1.30` (AKS picks the newest patch). */
  readonly version: string;
  /** DNS prefix of the API server's name. Defaults to the cluster name. */
  readonly dnsPrefix?: string;
  /** `Standard` has an uptime SLA; `Free` does not. Defaults to `Free`. */
  readonly tier?: 'Free' | 'Standard';
  /** Node pools; the first System pool is created with the cluster. */
  readonly nodePools: readonly AksNodePoolArgs[];
  /** Azure CNI (`azure`) or `kubenet`. Defaults to `azure`. */
  readonly networkPlugin?: 'azure' | 'kubenet';
  /** Network policy engine. Defaults to none. */
  readonly networkPolicy?: 'azure' | 'calico' | 'cilium';
  /** Service CIDR, e.g. `172.20.0.0/16` (the DNS service gets its 10th address). Defaults to AKS's. */
  readonly serviceCidr?: string;
  /** Pod CIDR: with Azure CNI it turns on overlay mode. Defaults to pods in the node subnet. */
  readonly podCidr?: string;
  /** How nodes reach the internet: the subnet's NAT gateway or the cluster load balancer. Defaults to `loadBalancer`. */
  readonly outboundType?: 'loadBalancer' | 'userAssignedNATGateway';
  /** API server reachable only inside the VNet. Excludes authorizedIpRanges. Defaults to false. */
  readonly privateCluster?: boolean;
  /** CIDRs allowed to reach the public API server. Defaults to none (open). */
  readonly authorizedIpRanges?: readonly string[];
  /** Entra ID integration with Azure RBAC; these groups get cluster-admin. Defaults to none. */
  readonly aad?: { readonly adminGroupObjectIds: readonly string[] };
  /**
   * Encrypt Secrets with this Key Vault key (versioned URL); with `keyVaultId` the cluster's
   * identity is granted access to it. Defaults to none.
   */
  readonly kms?: {
    readonly keyId: pulumi.Input<string>;
    readonly keyVaultId?: pulumi.Input<string>;
  };
  /** Disk encryption set of the nodes' OS disks. Defaults to platform-managed keys. */
  readonly diskEncryptionSetId?: pulumi.Input<string>;
  /** Control plane log categories sent to Log Analytics. Defaults to DEFAULT_LOG_CATEGORIES. */
  readonly logCategories?: readonly string[];
  /** Workspace for the logs. Defaults to one made for the cluster. */
  readonly logAnalyticsWorkspaceId?: pulumi.Input<string>;
  /** Retention of a workspace made here, 30 to 730 days. Defaults to 30. */
  readonly logRetentionDays?: number;
  /** Resources the cluster waits for (the disk encryption set's access to its key). Defaults to none. */
  readonly dependsOn?: readonly pulumi.Resource[];
  /** VNet of the nodes: the cluster identity gets Network Contributor on it. Defaults to none. */
  readonly vnetId?: pulumi.Input<string>;
  /** Tags for every resource (mapped to Azure tag names). */
  readonly tags: Readonly<Record<string, string>>;
}

const CLUSTER_NAME = /^[A-Za-z0-9]([A-Za-z0-9_-]{0,61}[A-Za-z0-9])?$/;
const DNS_PREFIX = /^[A-Za-z0-9]([A-Za-z0-9-]{0,52}[A-Za-z0-9])?$/;

/** The address of the cluster DNS service: the 10th address of the service CIDR. */
export function dnsServiceIp(serviceCidr: string): string {
  const [base = ''] = serviceCidr.split('/');
  const n = base.split('.').reduce((acc, o) => acc * 256 + Number(o), 0) + 10;
  return [24, 16, 8, 0].map((sh) => Math.floor(n / 2 ** sh) % 256).join('.');
}

/** Every problem with the args, as sentences naming the field; empty when they are fine. */
export function validateAksClusterArgs(args: AksClusterArgs): string[] {
  const out: string[] = [];
  if (!CLUSTER_NAME.test(args.clusterName)) {
    out.push(
      problem(
        'clusterName',
        args.clusterName,
        'is not an AKS cluster name (1 to 63 letters, digits, "-" and "_").',
      ),
    );
  }
  const location = locationProblem('location', args.location);
  if (location !== undefined) out.push(location);
  if (!/^1\.\d{1,2}(\.\d{1,3})?$/.test(args.version)) {
    out.push(
      problem('version', args.version, 'is not a Kubernetes version; use a form like "1.30".'),
    );
  }
  if (args.dnsPrefix !== undefined && !DNS_PREFIX.test(args.dnsPrefix)) {
    out.push(
      problem(
        'dnsPrefix',
        args.dnsPrefix,
        'is not a DNS prefix (1 to 54 letters, digits and "-").',
      ),
    );
  }
  out.push(...validateNodePools(args.nodePools));
  const plugin = args.networkPlugin ?? 'azure';
  if (plugin === 'kubenet' && (args.networkPolicy === 'azure' || args.networkPolicy === 'cilium')) {
    out.push(
      problem(
        'networkPolicy',
        args.networkPolicy,
        'needs the Azure CNI network plugin; use networkPlugin "azure", or network policy calico with kubenet.',
      ),
    );
  }
  for (const field of ['serviceCidr', 'podCidr'] as const) {
    const v = args[field];
    if (v !== undefined && parseCidr(v).cidr?.family !== 4) {
      out.push(problem(field, v, 'is not an IPv4 CIDR block; use a form like "172.20.0.0/16".'));
    }
  }
  if (args.privateCluster === true && (args.authorizedIpRanges ?? []).length > 0) {
    out.push(
      'authorizedIpRanges: cannot be used with privateCluster (a private API server has no public endpoint to restrict); remove one of them.',
    );
  }
  (args.authorizedIpRanges ?? []).forEach((c, i) => {
    if (parseCidr(c).cidr === undefined)
      out.push(problem(`authorizedIpRanges[${i}]`, c, 'is not a CIDR block.'));
  });
  (args.aad?.adminGroupObjectIds ?? []).forEach((g, i) => {
    if (!isGuid(g))
      out.push(
        problem(`aad.adminGroupObjectIds[${i}]`, g, 'is not an Entra ID object id (a GUID).'),
      );
  });
  const days = args.logRetentionDays;
  if (days !== undefined && (!Number.isInteger(days) || days < 1 || days > 730)) {
    out.push(problem('logRetentionDays', days, 'is not a whole number of days from 1 to 730.'));
  }
  out.push(...validateAzureTags(args.tags));
  return out;
}
