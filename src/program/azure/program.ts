// Azure as a CloudProgram: an explicit azure-native provider per Azure MachineProvider (and per
// AKS KubernetesProvider with credentials of its own), a resource group per subscription and
// name, the Vitistack-level resources on the highest-priority provider, VMs and AKS clusters.
import type { ResolvedCluster, ResolvedMachineProvider } from '../../model';
import type { BuiltCluster, CloudEnv, CloudFoundation, CloudProgram } from '../cloud';
import { buildAksCluster, planAksCluster, type AksPlan } from './clusters';
import { buildAzureFoundation } from './foundation';
import { azureMachineProblems, azureMachineWarnings, buildAzureMachine } from './machines';
import { azureAccount, type AzureAccount } from './providers';
import { ResourceGroups } from './resource-groups';

/** The provider of an Azure MachineProvider, from its identity (subscription, tenant, location). */
function machineProviderAccount(
  env: CloudEnv,
  p: ResolvedMachineProvider,
): AzureAccount | undefined {
  const identity = p.provider.spec.cloud.azure;
  return azureAccount(env, {
    kind: 'MachineProvider',
    key: p.key,
    location: identity?.location ?? p.region,
    locationField: identity?.location !== undefined ? 'spec.azure.location' : 'spec.region',
    ...(identity?.subscriptionId !== undefined ? { subscriptionId: identity.subscriptionId } : {}),
    ...(identity?.tenantId !== undefined ? { tenantId: identity.tenantId } : {}),
    credentials: p.credentialsSecret,
    ambient: p.usesAmbientIdentity,
  });
}

export const AZURE_PROGRAM: CloudProgram = {
  machineProviderType: 'azure',
  distribution: 'aks',
  title: 'Azure',
  foundation(env, azureProviders): CloudFoundation | undefined {
    const accounts = new Map<string, AzureAccount>();
    for (const p of azureProviders) {
      const account = machineProviderAccount(env, p);
      if (account) accounts.set(p.key, account);
    }
    const primary = azureProviders[0];
    const primaryAccount = primary ? accounts.get(primary.key) : undefined;
    if (!primary || !primaryAccount) return undefined;
    const groups = new ResourceGroups(env.root, env.model.tags);
    const foundation = buildAzureFoundation(env, azureProviders, primaryAccount, primary, groups);
    const plans = new Map<string, AksPlan>();
    return {
      outputs: foundation.outputs,
      machineProblems: (m) => {
        const provider = azureProviders.find((p) => p.key === m.providerKey);
        if (!provider) return [];
        return azureMachineProblems(m, provider, accounts.get(provider.key), foundation);
      },
      buildMachine: (m, provider) => {
        for (const w of azureMachineWarnings(m, provider)) env.warn(w);
        const account = accounts.get(m.providerKey) ?? primaryAccount;
        const identity = provider.provider.spec.cloud.azure;
        // A machine goes into its provider's resource group (the Vitistack's when it names none).
        const rg =
          identity !== undefined
            ? groups.get(account, identity.resourceGroup)
            : foundation.resourceGroup;
        return buildAzureMachine(m, provider, foundation, env.root, account, rg.name).output;
      },
      clusterProblems: (c: ResolvedCluster) => {
        const kp = env.model.kubernetesProviders.find((p) => p.key === c.providerKey);
        // The Vitistack's region is a logical name (like "east-us"): a cluster whose provider names
        // no region of its own goes where the VNet is.
        const own = kp?.provider.spec.region !== undefined || c.region !== env.model.region;
        const location = own ? c.region : undefined;
        // Its own provider when the KubernetesProvider has credentials; else the Vitistack's.
        const account =
          c.credentialsSecret !== undefined
            ? azureAccount(env, {
                kind: 'KubernetesProvider',
                key: kp?.key ?? c.providerKey,
                location: location ?? primaryAccount.location,
                locationField: 'spec.region',
                // The subscription of the Vitistack's VNet unless the manifest names one: nodes
                // join a subnet of their own subscription, so the Secret's default is not used.
                subscriptionId: c.aks?.subscriptionId ?? primaryAccount.subscriptionId,
                // The tenant of the KubernetesProvider's own service principal comes first.
                ...(primaryAccount.tenantId !== undefined
                  ? { fallbackTenantId: primaryAccount.tenantId }
                  : {}),
                credentials: c.credentialsSecret,
                ambient: false,
              })
            : {
                ...primaryAccount,
                ...(location !== undefined ? { location } : {}),
                ...(c.aks?.subscriptionId !== undefined
                  ? { subscriptionId: c.aks.subscriptionId }
                  : {}),
              };
        // A problem building the provider is reported already.
        if (account === undefined) return [];
        const { plan, problems } = planAksCluster(c, account, foundation, env.model);
        if (plan) plans.set(c.key, plan);
        return problems;
      },
      buildCluster: (c: ResolvedCluster): BuiltCluster => {
        const plan = plans.get(c.key);
        if (!plan) throw new Error(`cluster ${c.name} was built before it was checked`);
        return buildAksCluster(plan, foundation, groups, env.root, (m) => {
          env.warn(m);
        });
      },
    };
  },
};
