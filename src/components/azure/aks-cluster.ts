// An AKS managed cluster: its first System pool inline and the other pools as AgentPool
// resources, the network profile (Azure CNI or kubenet, overlay when a pod CIDR is given, network
// policy), a private API server or authorized IP ranges, Entra ID (AAD) with Azure RBAC when asked,
// Secrets encryption with a Key Vault key (KMS), control plane logs to Log Analytics, and the
// kubeconfig from listManagedClusterUserCredentials as a secret.
//
// Identity: SystemAssigned, except with KMS, which needs the identity to reach the key before the
// cluster exists (AKS refuses KMS with a system-assigned identity); then a user-assigned one.
import * as authorization from '@pulumi/azure-native/authorization';
import * as containerservice from '@pulumi/azure-native/containerservice';
import * as managedidentity from '@pulumi/azure-native/managedidentity';
import * as monitor from '@pulumi/azure-native/monitor';
import * as operationalinsights from '@pulumi/azure-native/operationalinsights';
import * as pulumi from '@pulumi/pulumi';
import { TOKENS } from '../tokens';
import { firstKubeconfig, kubeconfigCluster } from './aks-kubeconfig';
import {
  DEFAULT_LOG_CATEGORIES,
  dnsServiceIp,
  validateAksClusterArgs,
  type AksClusterArgs,
} from './aks-cluster-args';
import { poolProperties, type AksNodePoolArgs } from './aks-node-pools';
import { assertValid, azureTags, roleDefinitionId, ROLES, stateOf } from './util';

export { DEFAULT_LOG_CATEGORIES, dnsServiceIp, validateAksClusterArgs, type AksClusterArgs };

/** One pool in the cluster's outputs. */
export interface AksNodePoolStatus {
  readonly name: string;
  readonly status: string;
  readonly desired: number;
  readonly min: number;
  readonly max: number;
}

export class AksCluster extends pulumi.ComponentResource {
  public readonly clusterId: pulumi.Output<string>;
  public readonly clusterName: pulumi.Output<string>;
  /** `https://<fqdn>:443` (the private FQDN of a private cluster). */
  public readonly endpoint: pulumi.Output<string>;
  public readonly version: pulumi.Output<string>;
  /** Base64 CA bundle of the API server. */
  public readonly certificateAuthority: pulumi.Output<string>;
  /** `ACTIVE` once AKS reports Succeeded, else its provisioning state. */
  public readonly status: pulumi.Output<string>;
  public readonly oidcIssuer: pulumi.Output<string>;
  /** The clusterUser kubeconfig (secret); resolves once every pool exists. */
  public readonly kubeconfig: pulumi.Output<string>;
  /**
   * A kubeconfig the engine can use without tools (secret): the user one, or with Entra ID
   * (whose user kubeconfig needs kubelogin) the local admin one.
   */
  public readonly automationKubeconfig: pulumi.Output<string>;
  public readonly nodePools: pulumi.Output<AksNodePoolStatus[]>;

  constructor(name: string, args: AksClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    assertValid('AksCluster', name, validateAksClusterArgs(args));
    super(TOKENS.azure.AksCluster, name, {}, opts);
    const tags = azureTags(args.tags);
    const base = { resourceGroupName: args.resourceGroupName, location: args.location };
    const plugin = args.networkPlugin ?? 'azure';
    const overlay =
      plugin === 'azure' && (args.podCidr !== undefined || args.networkPolicy === 'cilium');
    const systemIndex = args.nodePools.findIndex((p) => p.mode === 'System');
    const first = args.nodePools[systemIndex];
    const others = args.nodePools.filter((_, i) => i !== systemIndex);

    // With KMS: an identity that can use the key before the cluster exists.
    let identity: managedidentity.UserAssignedIdentity | undefined;
    const before: pulumi.Resource[] = [];
    if (args.kms !== undefined) {
      identity = new managedidentity.UserAssignedIdentity(
        `${name}-identity`,
        { ...base, resourceName: `${args.clusterName}-identity`, tags },
        { parent: this },
      );
      if (args.kms.keyVaultId !== undefined) {
        before.push(
          new authorization.RoleAssignment(
            `${name}-kms-access`,
            {
              scope: args.kms.keyVaultId,
              roleDefinitionId: roleDefinitionId(args.kms.keyVaultId, ROLES.keyVaultCryptoUser),
              principalId: identity.principalId,
              principalType: 'ServicePrincipal',
            },
            { parent: identity },
          ),
        );
      }
    }
    const networkAccess = (principalId: pulumi.Input<string>, parent: pulumi.Resource) =>
      args.vnetId !== undefined
        ? new authorization.RoleAssignment(
            `${name}-network-access`,
            {
              scope: args.vnetId,
              roleDefinitionId: roleDefinitionId(args.vnetId, ROLES.networkContributor),
              principalId,
              principalType: 'ServicePrincipal',
            },
            { parent },
          )
        : undefined;
    const identityAccess =
      identity !== undefined ? networkAccess(identity.principalId, identity) : undefined;
    if (identityAccess !== undefined) before.push(identityAccess);

    const cluster = new containerservice.ManagedCluster(
      `${name}-cluster`,
      {
        ...base,
        resourceName: args.clusterName,
        kubernetesVersion: args.version,
        dnsPrefix: args.dnsPrefix ?? args.clusterName.replace(/_/g, '-'),
        sku: { name: 'Base', tier: args.tier ?? 'Free' },
        identity:
          identity !== undefined
            ? { type: 'UserAssigned', userAssignedIdentities: [identity.id] }
            : { type: 'SystemAssigned' },
        enableRBAC: true,
        agentPoolProfiles:
          first !== undefined ? [{ name: first.name, ...poolProperties(first, tags) }] : [],
        networkProfile: {
          networkPlugin: plugin,
          ...(overlay ? { networkPluginMode: 'overlay' } : {}),
          ...(args.networkPolicy !== undefined ? { networkPolicy: args.networkPolicy } : {}),
          ...(args.networkPolicy === 'cilium' ? { networkDataplane: 'cilium' } : {}),
          ...(args.podCidr !== undefined && (overlay || plugin === 'kubenet')
            ? { podCidr: args.podCidr }
            : {}),
          ...(args.serviceCidr !== undefined
            ? { serviceCidr: args.serviceCidr, dnsServiceIP: dnsServiceIp(args.serviceCidr) }
            : {}),
          loadBalancerSku: 'standard',
          outboundType: args.outboundType ?? 'loadBalancer',
        },
        ...(args.privateCluster === true
          ? { apiServerAccessProfile: { enablePrivateCluster: true } }
          : (args.authorizedIpRanges ?? []).length > 0
            ? {
                apiServerAccessProfile: {
                  authorizedIPRanges: [...(args.authorizedIpRanges ?? [])],
                },
              }
            : {}),
        ...(args.aad !== undefined
          ? {
              aadProfile: {
                managed: true,
                enableAzureRBAC: true,
                adminGroupObjectIDs: [...args.aad.adminGroupObjectIds],
              },
            }
          : {}),
        oidcIssuerProfile: { enabled: true },
        securityProfile: {
          workloadIdentity: { enabled: true },
          ...(args.kms !== undefined
            ? {
                azureKeyVaultKms: {
                  enabled: true,
                  keyId: args.kms.keyId,
                  keyVaultNetworkAccess: 'Public',
                },
              }
            : {}),
        },
        ...(args.diskEncryptionSetId !== undefined
          ? { diskEncryptionSetID: args.diskEncryptionSetId }
          : {}),
        tags,
      },
      { parent: this, dependsOn: [...before, ...(args.dependsOn ?? [])] },
    );
    if (identity === undefined) {
      networkAccess(
        cluster.identity.apply((i) => i?.principalId ?? ''),
        cluster,
      );
    }

    const pools = others.map(
      (p) =>
        new containerservice.AgentPool(
          `${name}-${p.name}`,
          {
            resourceGroupName: args.resourceGroupName,
            resourceName: cluster.name,
            agentPoolName: p.name,
            ...poolProperties(p, tags),
          },
          { parent: cluster },
        ),
    );

    const workspaceId =
      args.logAnalyticsWorkspaceId ??
      new operationalinsights.Workspace(
        `${name}-logs`,
        {
          ...base,
          workspaceName: `${args.clusterName}-logs`,
          sku: { name: 'PerGB2018' },
          retentionInDays: Math.max(30, args.logRetentionDays ?? 30),
          tags,
        },
        { parent: this },
      ).id;
    new monitor.DiagnosticSetting(
      `${name}-diagnostics`,
      {
        name: `${args.clusterName}-control-plane`,
        resourceUri: cluster.id,
        workspaceId,
        logs: (args.logCategories ?? DEFAULT_LOG_CATEGORIES).map((category) => ({
          category,
          enabled: true,
        })),
      },
      { parent: cluster },
    );

    // The credentials are read once every pool exists, so whatever uses them (Helm add-ons)
    // waits for the nodes.
    const readyName = pulumi
      .all([cluster.name, pulumi.all(pools.map((p) => p.id))])
      .apply(([n]) => n);
    const lookup = { resourceGroupName: args.resourceGroupName, resourceName: readyName };
    const user = containerservice
      .listManagedClusterUserCredentialsOutput(lookup, { parent: this })
      .apply(firstKubeconfig);
    this.kubeconfig = pulumi.secret(user);
    this.automationKubeconfig =
      args.aad !== undefined
        ? pulumi.secret(
            containerservice
              .listManagedClusterAdminCredentialsOutput(lookup, { parent: this })
              .apply(firstKubeconfig),
          )
        : this.kubeconfig;

    const host = args.privateCluster === true ? cluster.privateFQDN : cluster.fqdn;
    this.clusterId = cluster.id;
    this.clusterName = cluster.name;
    this.endpoint = pulumi.interpolate`https://${host}:443`;
    this.version = pulumi
      .all([cluster.currentKubernetesVersion, cluster.kubernetesVersion])
      .apply(([current, given]) => (current as string | undefined) ?? given ?? args.version);
    // The CA is not secret, but it only comes inside the kubeconfig: unwrap it from there.
    this.certificateAuthority = pulumi.unsecret(
      user.apply((k) => kubeconfigCluster(k).certificateAuthority),
    );
    this.status = cluster.provisioningState.apply((s) => stateOf(s, 'ACTIVE'));
    this.oidcIssuer = cluster.oidcIssuerProfile.apply((p) => p?.issuerURL ?? '');
    const status = (p: AksNodePoolArgs, provisioning: string | undefined): AksNodePoolStatus => ({
      name: p.name,
      status: stateOf(provisioning, 'ACTIVE'),
      desired: p.count,
      min: p.min,
      max: p.max,
    });
    this.nodePools = pulumi
      .all([cluster.agentPoolProfiles, pulumi.all(pools.map((p) => p.provisioningState))])
      .apply(([inline, states]) => [
        ...(first !== undefined
          ? [status(first, inline?.find((q) => q.name === first.name)?.provisioningState)]
          : []),
        ...others.map((p, i) => status(p, states[i])),
      ]);
    this.registerOutputs({
      clusterId: this.clusterId,
      clusterName: this.clusterName,
      endpoint: this.endpoint,
      version: this.version,
      certificateAuthority: this.certificateAuthority,
      status: this.status,
      oidcIssuer: this.oidcIssuer,
      kubeconfig: this.kubeconfig,
      nodePools: this.nodePools,
    });
  }
}
