// AKS clusters (KubernetesProviders of type aks, or KubernetesClusters on one): the plan from the
// model, checked before anything is built, then the AksCluster component and the spec's Helm
// add-ons on the new cluster.
import * as pulumi from '@pulumi/pulumi';
import { formats } from '../../api/schema';
import { HelmAddons } from '../../components/addons/helm-addons';
import {
  AksCluster,
  DEFAULT_LOG_CATEGORIES,
  type AksClusterArgs,
} from '../../components/azure/aks-cluster';
import type { AksNodePoolArgs } from '../../components/azure/aks-node-pools';
import { KEY_URL } from '../../components/azure/encryption';
import { isAzureLocation } from '../../components/azure/util';
import {
  DEFAULT_NODE_GROUP_SIZE,
  DEFAULT_NODE_INSTANCE_TYPES,
  type ResolvedCluster,
} from '../../model';
import type { BuiltCluster } from '../cloud';
import type { ClusterOutput, SecretOutput } from '../outputs';
import type { AzureFoundation } from './foundation';
import type { AzureAccount } from './providers';
import type { ResourceGroups } from './resource-groups';

/** Kubernetes version when neither the provider nor the cluster names one. */
export const DEFAULT_AKS_VERSION = '1.30';

/** The EKS-style log types of the aks block as AKS diagnostic log categories. */
export const AKS_LOG_CATEGORIES: Readonly<Record<string, string>> = {
  api: 'kube-apiserver',
  audit: 'kube-audit',
  auditAdmin: 'kube-audit-admin',
  authenticator: 'guard',
  controllerManager: 'kube-controller-manager',
  scheduler: 'kube-scheduler',
  clusterAutoscaler: 'cluster-autoscaler',
};

const NETWORK_POLICIES = ['azure', 'calico', 'cilium'] as const;

/** Everything decided about a cluster before it is built. */
export interface AksPlan {
  readonly cluster: ResolvedCluster;
  readonly account: AzureAccount;
  readonly resourceGroup: string;
  readonly args: Omit<AksClusterArgs, 'resourceGroupName' | 'tags'>;
  readonly warnings: readonly string[];
}

function where(c: ResolvedCluster): string {
  return `cluster ${c.name}`;
}

/** The cluster's field for a node group, as the manifest writes it. */
function poolField(c: ResolvedCluster, i: number): string {
  return c.key.startsWith('KubernetesProvider/') ? `spec.aks.nodePools[${i}]` : `node pool ${i}`;
}

/**
 * The plan of one cluster, or the problems that stop it (each naming the field, the value and
 * the fix). `account` is the cluster's provider: its own, or the Vitistack's Azure one.
 */
export function planAksCluster(
  c: ResolvedCluster,
  account: AzureAccount,
  foundation: AzureFoundation,
  model: { readonly tags: Readonly<Record<string, string>> },
): { plan?: AksPlan; problems: string[] } {
  const problems: string[] = [];
  const warnings: string[] = [];
  const at = where(c);
  const vnetLocation = foundation.account.location;
  if (!isAzureLocation(account.location)) {
    problems.push(
      `${at}: spec.region "${account.location}" is not an Azure location name; use the lowercase form without dashes, like "${vnetLocation}"`,
    );
  } else if (account.location !== vnetLocation) {
    problems.push(
      `${at}: its location "${account.location}" is not the location of the Vitistack's VNet ("${vnetLocation}"); AKS nodes must be in the VNet's location, so set the KubernetesProvider's spec.region to "${vnetLocation}"`,
    );
  }
  if (account.subscriptionId !== foundation.account.subscriptionId) {
    problems.push(
      `${at}: spec.aks.clusterConfig.subscriptionId "${account.subscriptionId}" is not the subscription of the Vitistack's VNet (${foundation.account.subscriptionId}); AKS nodes join a subnet of their own subscription, so use that one`,
    );
  }
  const defaultSubnet = foundation.privateSubnetIds[0] ?? foundation.publicSubnetIds[0];
  const subnetOf = (ref: string | undefined, field: string): pulumi.Input<string> | undefined => {
    if (ref === undefined) return defaultSubnet;
    const found = foundation.subnet(ref);
    if (found === undefined) {
      problems.push(
        `${at}: ${field} "${ref}" is neither a subnet of the Vitistack nor an Azure subnet resource id; name one of the Vitistack's subnets`,
      );
    }
    return found;
  };
  const clusterSubnet = c.subnetIds[0];
  const groups = c.nodeGroups.filter((g) => g.role === 'worker');
  if (groups.length === 0) {
    warnings.push(
      `${at}: no node pools are given; a System pool "system" of ${DEFAULT_NODE_GROUP_SIZE} ${DEFAULT_NODE_INSTANCE_TYPES.aks ?? ''} nodes is built (add spec.aks.nodePools to choose)`,
    );
  }
  const anySystem = groups.some((g) => g.mode === 'System');
  const pools: AksNodePoolArgs[] =
    groups.length > 0
      ? groups.map((g, i) => {
          if (g.instanceTypes.length > 1) {
            warnings.push(
              `${at}: ${poolField(c, i)} lists ${g.instanceTypes.length} VM sizes; an AKS pool has one, so it uses ${g.instanceTypes[0] ?? ''}`,
            );
          }
          if (g.subnets.length > 1) {
            warnings.push(
              `${at}: ${poolField(c, i)} lists ${g.subnets.length} subnets; an AKS pool has one, so it uses "${g.subnets[0] ?? ''}"`,
            );
          }
          const mode = g.mode ?? (!anySystem && i === 0 ? 'System' : 'User');
          if (mode === 'System' && g.capacityType === 'SPOT') {
            problems.push(
              `${at}: ${poolField(c, i)}.capacityType "SPOT" cannot be used for a System pool (spot nodes can be evicted); make it mode User or use ON_DEMAND`,
            );
          }
          return {
            name: g.name,
            mode,
            vmSize: g.instanceTypes[0] ?? DEFAULT_NODE_INSTANCE_TYPES.aks ?? 'Standard_DS2_v2',
            count: g.scaling.desired,
            min: g.scaling.min,
            max: g.scaling.max,
            ...(g.osType !== undefined ? { osType: g.osType } : {}),
            ...(g.capacityType === 'SPOT' ? { spot: true } : {}),
            zones: g.zones,
            labels: g.labels,
            taints: g.taints.map((t) => ({
              key: t.key,
              ...(t.value !== undefined ? { value: t.value } : {}),
              effect: t.effect,
            })),
            subnetId:
              subnetOf(g.subnets[0] ?? clusterSubnet, `${poolField(c, i)}.subnets[0]`) ?? '',
            ...(g.version !== undefined ? { version: g.version } : {}),
          };
        })
      : [
          {
            name: 'system',
            mode: 'System',
            vmSize: DEFAULT_NODE_INSTANCE_TYPES.aks ?? 'Standard_DS2_v2',
            count: DEFAULT_NODE_GROUP_SIZE,
            min: DEFAULT_NODE_GROUP_SIZE,
            max: DEFAULT_NODE_GROUP_SIZE,
            subnetId: subnetOf(clusterSubnet, 'subnet') ?? '',
          },
        ];
  if (
    defaultSubnet === undefined &&
    clusterSubnet === undefined &&
    groups.every((g) => g.subnets.length === 0)
  ) {
    problems.push(
      `${at}: the Vitistack has no subnets for the nodes; add networking.vpcs with subnets`,
    );
  }

  const aks = c.aks;
  const net = c.networking;
  const plugin = aks?.networkPlugin ?? (net.cni === 'kubenet' ? 'kubenet' : 'azure');
  const policyText =
    aks?.networkPolicy ??
    (net.networkPolicies?.enabled === true ? net.networkPolicies.provider : undefined);
  const networkPolicy = (NETWORK_POLICIES as readonly string[]).includes(policyText ?? '')
    ? (policyText as (typeof NETWORK_POLICIES)[number])
    : undefined;
  if (policyText !== undefined && networkPolicy === undefined) {
    problems.push(
      `${at}: networking.networkPolicies.provider "${policyText}" is not a network policy engine of AKS (allowed: ${NETWORK_POLICIES.join(', ')}); use one of them`,
    );
  }
  if (plugin === 'kubenet' && (networkPolicy === 'azure' || networkPolicy === 'cilium')) {
    problems.push(
      `${at}: network policy "${networkPolicy}" needs Azure CNI, but the network plugin is kubenet; set spec.aks.clusterConfig.networkPlugin to "azure" or use calico`,
    );
  }
  for (const [field, value] of [
    ['networking.serviceCIDR', net.serviceCIDR],
    ['networking.podCIDR', net.podCIDR],
  ] as const) {
    const cidr = value !== undefined ? formats.parseCidr(value).cidr : undefined;
    const clash =
      cidr &&
      foundation.networks.find((n) => {
        const vnet = formats.parseCidr(n.cidr).cidr;
        return vnet !== undefined && formats.cidrsOverlap(vnet, cidr);
      });
    if (clash) {
      problems.push(
        `${at}: ${field} "${value ?? ''}" overlaps the VNet "${clash.name}" (${clash.cidr}); AKS needs Service and overlay pod ranges outside the VNet, so choose one like "172.20.0.0/16"`,
      );
    }
  }

  let kms: AksClusterArgs['kms'];
  if (c.encryption?.enabled === true) {
    const own = c.encryption.kmsKeyId;
    if (own !== undefined && !KEY_URL.test(own)) {
      problems.push(
        `${at}: spec.aks.clusterConfig.encryption.keyVaultKeyId "${own}" is not a versioned Key Vault key URL; use a form like "https://my-vault.vault.azure.net/keys/k8s/0123456789abcdef0123456789abcdef"`,
      );
    } else if (own !== undefined) {
      kms = { keyId: own };
      warnings.push(
        `${at}: the Secrets key ${own} is in a Key Vault this stack does not manage: grant the identity ${c.name}-identity the role "Key Vault Crypto User" on it`,
      );
    } else if (foundation.encryption !== undefined) {
      kms = {
        keyId: foundation.encryption.keyId,
        ...(foundation.encryption.vaultId !== undefined
          ? { keyVaultId: foundation.encryption.vaultId }
          : {}),
      };
    } else {
      problems.push(
        `${at}: spec.aks.clusterConfig.encryption.enabled is true but names no key; give keyVaultKeyId, or set spec.security.encryption.atRest on the Vitistack to use the stack's key`,
      );
    }
  }
  const desId = aks?.diskEncryptionSetId ?? foundation.encryption?.diskEncryptionSetId;
  const logCategories = c.logging
    .map((l) => AKS_LOG_CATEGORIES[l])
    .filter((l): l is string => l !== undefined);
  // NAT gateway outbound when every pool's subnet is one of ours with the NAT gateway attached.
  // The subnet ids are the Network's own Output objects (foundation.subnet returns them), so
  // membership is by identity; an id written in the manifest is never in the set.
  const natted = new Set<pulumi.Input<string>>(
    foundation.networks.flatMap((n) =>
      n.component.natGatewayId === undefined
        ? []
        : [...n.component.publicSubnetIds, ...n.component.privateSubnetIds],
    ),
  );
  const outboundType = pools.every((p) => natted.has(p.subnetId))
    ? 'userAssignedNATGateway'
    : 'loadBalancer';
  const vnet =
    foundation.vnetOf(clusterSubnet ?? groups[0]?.subnets[0] ?? '') ?? foundation.networks[0];
  const privateCluster = c.endpointAccess.private === true && c.endpointAccess.public !== true;
  const production = model.tags['vitistack.io/environment'] === 'production';
  if (problems.length > 0) return { problems };
  return {
    problems,
    plan: {
      cluster: c,
      account,
      resourceGroup: aks?.resourceGroup ?? '',
      warnings,
      args: {
        clusterName: c.name,
        location: account.location,
        version: c.version ?? DEFAULT_AKS_VERSION,
        ...(aks?.dnsPrefix !== undefined ? { dnsPrefix: aks.dnsPrefix } : {}),
        // Production clusters get the uptime SLA.
        tier: production ? 'Standard' : 'Free',
        nodePools: pools,
        networkPlugin: plugin,
        ...(networkPolicy !== undefined ? { networkPolicy } : {}),
        ...(net.serviceCIDR !== undefined ? { serviceCidr: net.serviceCIDR } : {}),
        ...(net.podCIDR !== undefined ? { podCidr: net.podCIDR } : {}),
        outboundType,
        privateCluster,
        ...(privateCluster ? {} : { authorizedIpRanges: c.endpointAccess.publicCIDRs }),
        ...(aks?.aadRbac?.enabled === true
          ? { aad: { adminGroupObjectIds: aks.aadRbac.adminGroupObjectIds } }
          : {}),
        ...(kms !== undefined ? { kms } : {}),
        ...(desId !== undefined ? { diskEncryptionSetId: desId } : {}),
        // Nodes' disks use the stack's disk encryption set only once it may use its key.
        ...(aks?.diskEncryptionSetId === undefined && foundation.encryption !== undefined
          ? { dependsOn: foundation.encryption.ready }
          : {}),
        logCategories: logCategories.length > 0 ? logCategories : [...DEFAULT_LOG_CATEGORIES],
        ...(foundation.workspaceId !== undefined
          ? { logAnalyticsWorkspaceId: foundation.workspaceId }
          : {}),
        logRetentionDays: foundation.auditRetentionDays,
        ...(vnet !== undefined ? { vnetId: vnet.component.vnetId } : {}),
      },
    },
  };
}

export function buildAksCluster(
  plan: AksPlan,
  foundation: AzureFoundation,
  groups: ResourceGroups,
  parent: pulumi.Resource,
  warn: (message: string) => void,
): BuiltCluster {
  const c = plan.cluster;
  for (const w of plan.warnings) warn(w);
  const rg =
    plan.resourceGroup !== ''
      ? groups.get(plan.account, plan.resourceGroup)
      : foundation.resourceGroup;
  const aks = new AksCluster(
    c.name,
    { ...plan.args, resourceGroupName: rg.name, tags: { ...c.tags } },
    { parent, provider: plan.account.provider },
  );
  const helm = c.addons;
  const addons =
    helm.length > 0
      ? new HelmAddons(
          `${c.name}-addons`,
          {
            kubeconfig: aks.automationKubeconfig,
            clusterName: c.name,
            addons: helm.map((a) => ({
              name: a.name,
              ...(a.version !== undefined ? { version: a.version } : {}),
              enabled: a.enabled,
              config: a.config,
            })),
            cloud: 'azure',
            region: plan.account.location,
          },
          { parent: aks },
        )
      : undefined;
  for (const w of addons?.warnings ?? []) warn(`cluster ${c.name}: ${w}`);
  const releases = addons?.releases ?? pulumi.output([]);
  const output = pulumi
    .all([
      aks.clusterName,
      aks.endpoint,
      aks.version,
      aks.status,
      aks.certificateAuthority,
      aks.oidcIssuer,
      aks.nodePools,
      releases,
    ])
    .apply(([name, endpoint, version, status, ca, oidc, pools, rel]): ClusterOutput => ({
      name,
      endpoint,
      version,
      status,
      certificateAuthority: ca,
      ...(oidc !== '' ? { oidcIssuer: oidc } : {}),
      ...(c.networking.serviceCIDR !== undefined ? { serviceCIDR: c.networking.serviceCIDR } : {}),
      ...(c.networking.podCIDR !== undefined ? { podCIDR: c.networking.podCIDR } : {}),
      nodeGroups: pools.map((p) => ({
        name: p.name,
        status: p.status,
        desired: p.desired,
        min: p.min,
        max: p.max,
      })),
      addons: rel.map((r) => ({ name: r.name, version: r.version, status: r.status })),
    }));
  const secret = aks.kubeconfig.apply((kubeconfig): SecretOutput => ({
    owner: c.key,
    secretName: `${c.key.split('/').pop() ?? c.name}-kubeconfig`,
    key: 'kubeconfig',
    description: `kubeconfig of AKS cluster ${c.name}`,
    value: kubeconfig,
  }));
  return { output, secret };
}
