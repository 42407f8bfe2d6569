import { strict as assert } from 'node:assert';
import * as pulumi from '@pulumi/pulumi';
import type { AksClusterArgs } from '../../../src/components/azure/aks-cluster';
import type { AksNodePoolArgs } from '../../../src/components/azure/aks-node-pools';
import { RecordingMocks, unwrap } from '../../../src/engine/mocks';
import { settle } from './settle';

const MC = 'azure-native:containerservice:ManagedCluster';
const POOL = 'azure-native:containerservice:AgentPool';
const RA = 'azure-native:authorization:RoleAssignment';
const SUBNET =
  '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/private';
const VNET = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v';
const VAULT = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv';
const KEY = 'https://kv.vault.azure.net/keys/vitistack/0123456789abcdef0123456789abcdef';
const GROUP = '4c3b2a19-8f7e-4d6c-b5a4-93827160f5e4';

const pool = (over: Partial<AksNodePoolArgs> & Pick<AksNodePoolArgs, 'name'>): AksNodePoolArgs => ({
  mode: 'User',
  vmSize: 'Standard_D4s_v5',
  count: 2,
  min: 2,
  max: 2,
  subnetId: SUBNET,
  ...over,
});

function args(over: Partial<AksClusterArgs> = {}): AksClusterArgs {
  return {
    clusterName: 'prod-aks',
    resourceGroupName: 'rg',
    location: 'westus2',
    version: '1.30',
    nodePools: [
      pool({
        name: 'workers',
        min: 1,
        max: 10,
        count: 3,
        spot: true,
        labels: { 'node-type': 'worker' },
      }),
      pool({
        name: 'system',
        mode: 'System',
        min: 2,
        max: 4,
        taints: [{ key: 'CriticalAddonsOnly', value: 'true', effect: 'NoSchedule' }],
      }),
    ],
    tags: { 'vitistack.io/stack': 'production.prod' },
    ...over,
  };
}

describe('azure AksCluster', () => {
  const mocks = new RecordingMocks('westus2');
  let mod: typeof import('../../../src/components/azure/aks-cluster');
  before(async () => {
    await mocks.install('vitistack', 'test');
    mod = await import('../../../src/components/azure/aks-cluster.js');
  });

  describe('a cluster with KMS, Entra ID, authorized ranges and an overlay pod CIDR', () => {
    let aks: InstanceType<typeof mod.AksCluster>;
    before(async () => {
      aks = new mod.AksCluster(
        'prod',
        args({
          networkPolicy: 'calico',
          serviceCidr: '172.20.0.0/16',
          podCidr: '10.244.0.0/16',
          outboundType: 'userAssignedNATGateway',
          authorizedIpRanges: ['203.0.113.0/24'],
          aad: { adminGroupObjectIds: [GROUP] },
          kms: { keyId: KEY, keyVaultId: VAULT },
          vnetId: VNET,
          tier: 'Standard',
        }),
      );
      await settle();
    });

    it('creates the cluster with its System pool; other pools are AgentPool resources', () => {
      const mc = mocks.one(MC, 'prod-cluster').inputs;
      const profiles = mc.agentPoolProfiles as Record<string, unknown>[];
      assert.deepEqual(
        profiles.map((p) => [
          p.name,
          p.mode,
          p.count,
          p.minCount,
          p.maxCount,
          p.enableAutoScaling,
          p.nodeTaints,
        ]),
        [['system', 'System', 2, 2, 4, true, ['CriticalAddonsOnly=true:NoSchedule']]],
      );
      const workers = mocks.one(POOL, 'prod-workers').inputs;
      assert.deepEqual(
        [
          workers.agentPoolName,
          workers.resourceName,
          workers.mode,
          workers.scaleSetPriority,
          workers.scaleSetEvictionPolicy,
          workers.vnetSubnetID,
          workers.nodeLabels,
        ],
        ['workers', 'prod-aks', 'User', 'Spot', 'Delete', SUBNET, { 'node-type': 'worker' }],
      );
    });

    it('uses Azure CNI overlay with the network policy, service CIDR and NAT gateway outbound', () => {
      assert.deepEqual(mocks.one(MC, 'prod-cluster').inputs.networkProfile, {
        networkPlugin: 'azure',
        networkPluginMode: 'overlay',
        networkPolicy: 'calico',
        podCidr: '10.244.0.0/16',
        serviceCidr: '172.20.0.0/16',
        dnsServiceIP: '172.20.0.10',
        loadBalancerSku: 'standard',
        outboundType: 'userAssignedNATGateway',
      });
    });

    it('limits the API server to the authorized ranges and turns on Entra ID with Azure RBAC', () => {
      const mc = mocks.one(MC, 'prod-cluster').inputs;
      assert.deepEqual(mc.apiServerAccessProfile, { authorizedIPRanges: ['203.0.113.0/24'] });
      assert.deepEqual(mc.aadProfile, {
        managed: true,
        enableAzureRBAC: true,
        adminGroupObjectIDs: [GROUP],
      });
      assert.deepEqual(mc.sku, { name: 'Base', tier: 'Standard' });
    });

    it('encrypts Secrets with the key through a user-assigned identity granted the key before the cluster', () => {
      const mc = mocks.one(MC, 'prod-cluster');
      const identity = mocks.one(
        'azure-native:managedidentity:UserAssignedIdentity',
        'prod-identity',
      );
      const kms = mocks.one(RA, 'prod-kms-access');
      const net = mocks.one(RA, 'prod-network-access');
      assert.deepEqual(mc.inputs.identity, {
        type: 'UserAssigned',
        userAssignedIdentities: [identity.id],
      });
      assert.deepEqual((mc.inputs.securityProfile as Record<string, unknown>).azureKeyVaultKms, {
        enabled: true,
        keyId: KEY,
        keyVaultNetworkAccess: 'Public',
      });
      assert.equal(kms.inputs.scope, VAULT);
      assert.match(String(kms.inputs.roleDefinitionId), /12338af0-0e69-4776-bea7-57ae8d297424$/);
      assert.equal(kms.inputs.principalId, identity.state.principalId);
      assert.equal(net.inputs.scope, VNET);
      assert.match(String(net.inputs.roleDefinitionId), /4d97b98b-1d4f-4787-a291-c67834d212e7$/);
      assert.ok(mc.dependencies.includes(kms.urn));
      assert.ok(mc.dependencies.includes(net.urn));
    });

    it('sends the audit categories to its own workspace when given none', () => {
      const ws = mocks.one('azure-native:operationalinsights:Workspace', 'prod-logs');
      const diag = mocks.one('azure-native:monitor:DiagnosticSetting', 'prod-diagnostics').inputs;
      assert.equal(diag.resourceUri, mocks.one(MC, 'prod-cluster').id);
      assert.equal(diag.workspaceId, ws.id);
      assert.deepEqual(
        (diag.logs as { category: string }[]).map((l) => l.category),
        ['kube-apiserver', 'kube-audit', 'guard'],
      );
    });

    it('outputs the endpoint, the CA inside the kubeconfig, ACTIVE pools and a secret kubeconfig', async () => {
      const state = mocks.one(MC, 'prod-cluster').state;
      assert.equal(await unwrap(aks.endpoint), `https://${String(state.fqdn)}:443`);
      assert.equal(await unwrap(aks.status), 'ACTIVE');
      assert.equal(await unwrap(aks.version), '1.30');
      const kubeconfig = await unwrap(aks.kubeconfig);
      assert.ok(await pulumi.isSecret(aks.kubeconfig));
      assert.ok(kubeconfig.includes(`server: https://${String(state.fqdn)}:443`));
      const ca = await unwrap(aks.certificateAuthority);
      assert.ok(kubeconfig.includes(`certificate-authority-data: ${ca}`));
      assert.match(Buffer.from(ca, 'base64').toString('utf8'), /BEGIN CERTIFICATE/);
      assert.deepEqual(await unwrap(aks.nodePools), [
        { name: 'system', status: 'ACTIVE', desired: 2, min: 2, max: 4 },
        { name: 'workers', status: 'ACTIVE', desired: 3, min: 1, max: 10 },
      ]);
      // With Entra ID the engine uses the local admin kubeconfig (no kubelogin needed).
      assert.match(await unwrap(aks.automationKubeconfig), /clusterAdmin/);
    });
  });

  it('a private cluster without KMS has a system-assigned identity and the private FQDN as endpoint', async () => {
    const aks = new mod.AksCluster(
      'priv',
      args({
        clusterName: 'priv-aks',
        privateCluster: true,
        networkPlugin: 'kubenet',
        vnetId: VNET,
      }),
    );
    await settle();
    const mc = mocks.one(MC, 'priv-cluster');
    assert.deepEqual(mc.inputs.identity, { type: 'SystemAssigned' });
    assert.deepEqual(mc.inputs.apiServerAccessProfile, { enablePrivateCluster: true });
    assert.equal(await unwrap(aks.endpoint), `https://${String(mc.state.privateFQDN)}:443`);
    // The system identity exists only with the cluster: it gets the VNet afterwards.
    const net = mocks.one(RA, 'priv-network-access');
    assert.equal(
      net.inputs.principalId,
      (mc.state.identity as { principalId: string }).principalId,
    );
    assert.equal(net.parent, mc.urn);
  });

  it('refuses what AKS refuses, naming the field', () => {
    assert.deepEqual(
      mod.validateAksClusterArgs(
        args({
          nodePools: [
            pool({ name: 'Workers' }),
            pool({ name: 'spot', mode: 'User', spot: true, min: 0, count: 0, max: 3 }),
          ],
          networkPlugin: 'kubenet',
          networkPolicy: 'cilium',
          privateCluster: true,
          authorizedIpRanges: ['203.0.113.0/24'],
        }),
      ),
      [
        'nodePools: has no System pool; AKS needs at least one pool with mode System for its system pods.',
        'nodePools[0].name: "Workers" is not an AKS pool name (1 to 12 lowercase letters and digits, starting with a letter).',
        'networkPolicy: "cilium" needs the Azure CNI network plugin; use networkPlugin "azure", or network policy calico with kubenet.',
        'authorizedIpRanges: cannot be used with privateCluster (a private API server has no public endpoint to restrict); remove one of them.',
      ],
    );
  });
});
