// Fake state of Azure (azure-native) resources and answers of its functions for the mocks (see
// mocks.ts): resource ids in Azure's form, addresses inside their subnets, public IPs and DNS
// names, identities, Key Vault key URLs, AKS FQDNs and kubeconfigs, provisioningState Succeeded.
// The mocks never see which provider (subscription) a resource uses, so ids carry one fake
// subscription; the programs derive subscription-scoped ids from resource ids, so they agree.
import {
  fakeHex,
  ipFromHash,
  ipInCidr,
  shortType,
  type CloudMocks,
  type FakeState,
  type MockContext,
} from './mock-values';

/** A GUID made from the hash of `parts`. */
export function fakeGuid(parts: readonly string[]): string {
  const h = fakeHex(parts, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export const FAKE_SUBSCRIPTION = fakeGuid(['azure-subscription']);
export const FAKE_TENANT = fakeGuid(['azure-tenant']);
const SUBSCRIPTION = `/subscriptions/${FAKE_SUBSCRIPTION}`;

/** Where a resource type lives: its provider path, and the inputs naming it and its parents. */
interface Placement {
  /** `Microsoft.Network/virtualNetworks/{virtualNetworkName}/subnets/{subnetName}`. */
  readonly path: string;
  /** Input holding the resource's own name (the last `{...}` of `path`). */
  readonly nameKey: string;
}

const PLACEMENTS: Readonly<Record<string, Placement>> = {
  'network:VirtualNetwork': {
    path: 'Microsoft.Network/virtualNetworks/{virtualNetworkName}',
    nameKey: 'virtualNetworkName',
  },
  'network:Subnet': {
    path: 'Microsoft.Network/virtualNetworks/{virtualNetworkName}/subnets/{subnetName}',
    nameKey: 'subnetName',
  },
  'network:NatGateway': {
    path: 'Microsoft.Network/natGateways/{natGatewayName}',
    nameKey: 'natGatewayName',
  },
  'network:PublicIPAddress': {
    path: 'Microsoft.Network/publicIPAddresses/{publicIpAddressName}',
    nameKey: 'publicIpAddressName',
  },
  'network:NetworkSecurityGroup': {
    path: 'Microsoft.Network/networkSecurityGroups/{networkSecurityGroupName}',
    nameKey: 'networkSecurityGroupName',
  },
  'network:SecurityRule': {
    path: 'Microsoft.Network/networkSecurityGroups/{networkSecurityGroupName}/securityRules/{securityRuleName}',
    nameKey: 'securityRuleName',
  },
  'network:ApplicationSecurityGroup': {
    path: 'Microsoft.Network/applicationSecurityGroups/{applicationSecurityGroupName}',
    nameKey: 'applicationSecurityGroupName',
  },
  'network:LoadBalancer': {
    path: 'Microsoft.Network/loadBalancers/{loadBalancerName}',
    nameKey: 'loadBalancerName',
  },
  'network:NetworkInterface': {
    path: 'Microsoft.Network/networkInterfaces/{networkInterfaceName}',
    nameKey: 'networkInterfaceName',
  },
  'dns:Zone': { path: 'Microsoft.Network/dnszones/{zoneName}', nameKey: 'zoneName' },
  'dns:RecordSet': {
    path: 'Microsoft.Network/dnszones/{zoneName}/{recordType}/{relativeRecordSetName}',
    nameKey: 'relativeRecordSetName',
  },
  'compute:VirtualMachine': {
    path: 'Microsoft.Compute/virtualMachines/{vmName}',
    nameKey: 'vmName',
  },
  'compute:Disk': { path: 'Microsoft.Compute/disks/{diskName}', nameKey: 'diskName' },
  'compute:DiskEncryptionSet': {
    path: 'Microsoft.Compute/diskEncryptionSets/{diskEncryptionSetName}',
    nameKey: 'diskEncryptionSetName',
  },
  'keyvault:Vault': { path: 'Microsoft.KeyVault/vaults/{vaultName}', nameKey: 'vaultName' },
  'keyvault:Key': {
    path: 'Microsoft.KeyVault/vaults/{vaultName}/keys/{keyName}',
    nameKey: 'keyName',
  },
  'containerservice:ManagedCluster': {
    path: 'Microsoft.ContainerService/managedClusters/{resourceName}',
    nameKey: 'resourceName',
  },
  'containerservice:AgentPool': {
    path: 'Microsoft.ContainerService/managedClusters/{resourceName}/agentPools/{agentPoolName}',
    nameKey: 'agentPoolName',
  },
  'managedidentity:UserAssignedIdentity': {
    path: 'Microsoft.ManagedIdentity/userAssignedIdentities/{resourceName}',
    nameKey: 'resourceName',
  },
  'operationalinsights:Workspace': {
    path: 'Microsoft.OperationalInsights/workspaces/{workspaceName}',
    nameKey: 'workspaceName',
  },
  'recoveryservices:Vault': {
    path: 'Microsoft.RecoveryServices/vaults/{vaultName}',
    nameKey: 'vaultName',
  },
  'recoveryservices:ProtectionPolicy': {
    path: 'Microsoft.RecoveryServices/vaults/{vaultName}/backupPolicies/{policyName}',
    nameKey: 'policyName',
  },
  'recoveryservices:ProtectedItem': {
    path: 'Microsoft.RecoveryServices/vaults/{vaultName}/backupFabrics/{fabricName}/protectionContainers/{containerName}/protectedItems/{protectedItemName}',
    nameKey: 'protectedItemName',
  },
};

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const record = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
const list = (v: unknown): Record<string, unknown>[] => (Array.isArray(v) ? v.map(record) : []);

/** What one run remembers about its AKS clusters, for their credentials. Keyed by the run's subnets map. */
const clustersByRun = new WeakMap<
  MockContext['subnets'],
  Map<string, { server: string; name: string }>
>();

function clustersOf(ctx: MockContext): Map<string, { server: string; name: string }> {
  let found = clustersByRun.get(ctx.subnets);
  if (found === undefined) {
    found = new Map();
    clustersByRun.set(ctx.subnets, found);
  }
  return found;
}

/** The id of a resource: `/subscriptions/<sub>/resourceGroups/<rg>/providers/<path>`, or its own kind of scope. */
function idOf(token: string, name: string, inputs: Record<string, unknown>): string {
  const rg = str(inputs.resourceGroupName) ?? 'unknown-rg';
  switch (token) {
    case 'resources:ResourceGroup':
      return `${SUBSCRIPTION}/resourceGroups/${str(inputs.resourceGroupName) ?? name}`;
    case 'monitor:SubscriptionDiagnosticSetting':
      return `${SUBSCRIPTION}/providers/Microsoft.Insights/diagnosticSettings/${str(inputs.name) ?? name}`;
    case 'monitor:DiagnosticSetting':
      return `${str(inputs.resourceUri) ?? SUBSCRIPTION}/providers/Microsoft.Insights/diagnosticSettings/${str(inputs.name) ?? name}`;
    case 'authorization:RoleAssignment':
      return `${str(inputs.scope) ?? SUBSCRIPTION}/providers/Microsoft.Authorization/roleAssignments/${fakeGuid([name])}`;
    default: {
      const placement = PLACEMENTS[token];
      const path = (placement?.path ?? `Microsoft.Unknown/${shortType(token)}/{name}`).replace(
        /\{(\w+)\}/g,
        (_, key: string) =>
          key === placement?.nameKey || key === 'name'
            ? (str(inputs[key]) ?? name)
            : (str(inputs[key]) ?? key),
      );
      return `${SUBSCRIPTION}/resourceGroups/${rg}/providers/${path}`;
    }
  }
}

function fakeCa(parts: readonly string[]): string {
  return Buffer.from(
    `-----BEGIN CERTIFICATE-----\nFAKE-AKS-${fakeHex(parts, 16)}\n-----END CERTIFICATE-----\n`,
  ).toString('base64');
}

function fakeKubeconfig(cluster: string, server: string, user: string, key: string): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `- name: ${cluster}`,
    '  cluster:',
    `    server: ${server}`,
    `    certificate-authority-data: ${fakeCa([key])}`,
    'contexts:',
    `- name: ${cluster}`,
    '  context:',
    `    cluster: ${cluster}`,
    `    user: ${user}_${cluster}`,
    `current-context: ${cluster}`,
    'users:',
    `- name: ${user}_${cluster}`,
    '  user:',
    `    token: fake-${fakeHex([key, user], 32)}`,
    '',
  ].join('\n');
}

function azureState(
  type: string,
  name: string,
  inputs: Record<string, unknown>,
  ctx: MockContext,
): FakeState {
  const token = type.slice('azure-native:'.length);
  const id = idOf(token, name, inputs);
  const hex = fakeHex([type, name]);
  const location = str(inputs.location) ?? ctx.region;
  const placement = PLACEMENTS[token];
  const ownName = placement !== undefined ? str(inputs[placement.nameKey]) : undefined;
  const state: Record<string, unknown> = {
    ...inputs,
    name:
      ownName ??
      (token === 'resources:ResourceGroup' ? str(inputs.resourceGroupName) : undefined) ??
      str(inputs.name) ??
      name,
    provisioningState: 'Succeeded',
  };
  const identity = () => ({ principalId: fakeGuid([name, 'principal']), tenantId: FAKE_TENANT });
  switch (token) {
    case 'network:Subnet': {
      const cidr = str(inputs.addressPrefix);
      if (cidr !== undefined) ctx.subnets.set(id, { cidr });
      break;
    }
    case 'network:NetworkInterface':
      state.ipConfigurations = list(inputs.ipConfigurations).map((c, i) => {
        const subnet = ctx.subnets.get(str(record(c.subnet).id) ?? '');
        const address =
          str(c.privateIPAddress) ??
          (subnet !== undefined ? ipInCidr(subnet.cidr, fakeHex([name, String(i)])) : undefined) ??
          ipFromHash(hex, '10.0');
        return {
          ...c,
          id: `${id}/ipConfigurations/${str(c.name) ?? `ipconfig${i}`}`,
          privateIPAddress: address,
        };
      });
      state.macAddress = fakeHex([name, 'mac'], 12)
        .toUpperCase()
        .replace(/(..)(?!$)/g, '$1-');
      break;
    case 'network:PublicIPAddress': {
      state.ipAddress = ipFromHash(fakeHex([name, 'public']), '20.11');
      const label = str(record(inputs.dnsSettings).domainNameLabel);
      if (label !== undefined) {
        state.dnsSettings = {
          domainNameLabel: label,
          fqdn: `${label}.${location}.cloudapp.azure.com`,
        };
      }
      break;
    }
    case 'network:LoadBalancer':
      for (const part of [
        'frontendIPConfigurations',
        'backendAddressPools',
        'probes',
        'loadBalancingRules',
      ]) {
        state[part] = list(inputs[part]).map((p, i) => {
          const out: Record<string, unknown> = {
            ...p,
            id: `${id}/${part}/${str(p.name) ?? String(i)}`,
          };
          const subnet = ctx.subnets.get(str(record(p.subnet).id) ?? '');
          if (part === 'frontendIPConfigurations' && subnet !== undefined) {
            out.privateIPAddress =
              str(p.privateIPAddress) ?? ipInCidr(subnet.cidr, fakeHex([name, 'frontend']));
          }
          return out;
        });
      }
      break;
    case 'compute:VirtualMachine': {
      const storage = record(inputs.storageProfile);
      const os = record(storage.osDisk);
      const osName = str(os.name) ?? `${name}_OsDisk`;
      state.storageProfile = {
        ...storage,
        osDisk: {
          ...os,
          managedDisk: {
            ...record(os.managedDisk),
            id: `${SUBSCRIPTION}/resourceGroups/${str(inputs.resourceGroupName) ?? ''}/providers/Microsoft.Compute/disks/${osName}`,
          },
        },
      };
      state.vmId = fakeGuid([name, 'vm']);
      break;
    }
    case 'compute:DiskEncryptionSet':
      state.identity = { ...record(inputs.identity), ...identity() };
      break;
    case 'managedidentity:UserAssignedIdentity':
      Object.assign(state, identity(), { clientId: fakeGuid([name, 'client']) });
      break;
    case 'keyvault:Vault':
      state.properties = {
        ...record(inputs.properties),
        vaultUri: `https://${String(state.name)}.vault.azure.net/`,
      };
      break;
    case 'keyvault:Key': {
      const keyUri = `https://${str(inputs.vaultName) ?? 'vault'}.vault.azure.net/keys/${String(state.name)}`;
      state.keyUri = keyUri;
      state.keyUriWithVersion = `${keyUri}/${fakeHex([name, 'version'], 32)}`;
      break;
    }
    case 'operationalinsights:Workspace':
      state.customerId = fakeGuid([name, 'workspace']);
      break;
    case 'dns:Zone':
      state.nameServers = [
        'ns1-01.azure-dns.com.',
        'ns2-01.azure-dns.net.',
        'ns3-01.azure-dns.org.',
        'ns4-01.azure-dns.info.',
      ];
      break;
    case 'containerservice:ManagedCluster': {
      const prefix = str(inputs.dnsPrefix) ?? String(state.name);
      const suffix = fakeHex([name, 'fqdn'], 8);
      const access = record(inputs.apiServerAccessProfile);
      state.fqdn = `${prefix}-${suffix}.hcp.${location}.azmk8s.io`;
      state.privateFQDN =
        access.enablePrivateCluster === true
          ? `${prefix}-${suffix}.privatelink.${location}.azmk8s.io`
          : '';
      state.azurePortalFQDN = `${prefix}-${suffix}.portal.hcp.${location}.azmk8s.io`;
      state.currentKubernetesVersion = str(inputs.kubernetesVersion) ?? '1.30';
      state.identity = {
        ...record(inputs.identity),
        ...(record(inputs.identity).type === 'SystemAssigned'
          ? identity()
          : { tenantId: FAKE_TENANT }),
      };
      state.agentPoolProfiles = list(inputs.agentPoolProfiles).map((p) => ({
        ...p,
        provisioningState: 'Succeeded',
      }));
      state.nodeResourceGroup = `MC_${str(inputs.resourceGroupName) ?? ''}_${String(state.name)}_${location}`;
      state.oidcIssuerProfile = {
        ...record(inputs.oidcIssuerProfile),
        issuerURL: `https://${location}.oic.prod-aks.azure.com/${FAKE_TENANT}/${fakeGuid([name, 'oidc'])}/`,
      };
      state.powerState = { code: 'Running' };
      const server = `https://${String(access.enablePrivateCluster === true ? state.privateFQDN : state.fqdn)}:443`;
      clustersOf(ctx).set(`${str(inputs.resourceGroupName) ?? ''}/${String(state.name)}`, {
        server,
        name,
      });
      break;
    }
    default:
      break;
  }
  return { id, state };
}

function credentials(
  inputs: Record<string, unknown>,
  ctx: MockContext,
  user: string,
): Record<string, unknown> {
  const rg = str(inputs.resourceGroupName) ?? '';
  const cluster = str(inputs.resourceName) ?? '';
  const known = clustersOf(ctx).get(`${rg}/${cluster}`);
  const server =
    known?.server ?? `https://${cluster}-${fakeHex([rg, cluster], 8)}.hcp.azmk8s.io:443`;
  // The same CA as the cluster's resource name gives, so status and kubeconfig agree.
  const text = fakeKubeconfig(cluster, server, user, known?.name ?? cluster);
  return { kubeconfigs: [{ name: user, value: Buffer.from(text).toString('base64') }] };
}

function azureCall(
  token: string,
  inputs: Record<string, unknown>,
  ctx: MockContext,
): Record<string, unknown> | undefined {
  switch (token) {
    case 'azure-native:authorization:getClientConfig':
      return {
        clientId: fakeGuid(['client']),
        objectId: fakeGuid(['object']),
        subscriptionId: FAKE_SUBSCRIPTION,
        tenantId: FAKE_TENANT,
      };
    case 'azure-native:containerservice:listManagedClusterUserCredentials':
      return credentials(inputs, ctx, 'clusterUser');
    case 'azure-native:containerservice:listManagedClusterAdminCredentials':
      return credentials(inputs, ctx, 'clusterAdmin');
    default:
      return undefined;
  }
}

export const AZURE_MOCKS: CloudMocks = { pkg: 'azure-native', state: azureState, call: azureCall };
