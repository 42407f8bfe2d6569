// AKS clusters through the whole program: what is decided from the manifests and what must be
// fixed before anything is built.
import { strict as assert } from 'node:assert';
import { renderStack } from '../../../src/engine/render-stack';
import { ProgramInputError } from '../../../src/program/program';
import { azureStackYaml, modelOf, SUB } from './fixtures';

const MC = 'azure-native:containerservice:ManagedCluster';

function provider(aks: string, extra = ''): string {
  return `  region: eastus
  aks:
${aks}${extra}`;
}

const BASIC = `    clusterConfig:
      name: az-aks
      resourceGroup: rg-aks
    nodePools:
      - { name: system, mode: System, vmSize: Standard_D4s_v5 }`;

async function problemsOf(kp: string, vitistackExtra?: string): Promise<readonly string[]> {
  try {
    await renderStack(
      modelOf(
        azureStackYaml({
          kubernetesProvider: kp,
          ...(vitistackExtra !== undefined ? { vitistackExtra } : {}),
        }),
      ),
    );
  } catch (err) {
    assert.ok(err instanceof ProgramInputError, String(err));
    return err.problems;
  }
  assert.fail('the program built a cluster it should have refused');
}

describe('azure clusters', () => {
  it('builds the cluster in its own resource group, nodes in the private subnet, out through the NAT gateway', async () => {
    const r = await renderStack(modelOf(azureStackYaml({ kubernetesProvider: provider(BASIC) })));
    const mc = r.resources.find((x) => x.type === MC);
    assert.ok(mc);
    assert.equal(mc.inputs.resourceGroupName, 'rg-aks');
    const rgs = r.resources
      .filter((x) => x.type === 'azure-native:resources:ResourceGroup')
      .map((x) => x.inputs.resourceGroupName);
    assert.deepEqual(rgs.sort(), ['rg-aks', 'rg-az']);
    const subnet = r.resources.find(
      (x) => x.type === 'azure-native:network:Subnet' && x.name === 'az-main-app',
    );
    const [pool] = mc.inputs.agentPoolProfiles as Record<string, unknown>[];
    assert.equal(pool?.vnetSubnetID, subnet?.id);
    assert.equal(
      (mc.inputs.networkProfile as Record<string, unknown>).outboundType,
      'userAssignedNATGateway',
    );
    // A staging cluster has no uptime SLA.
    assert.deepEqual(mc.inputs.sku, { name: 'Base', tier: 'Free' });
    assert.equal(r.outputs.clusters['KubernetesProvider/test/aks']?.status, 'ACTIVE');
    assert.deepEqual(
      r.outputs.secrets.map((s) => [s.owner, s.secretName, s.key]),
      [['KubernetesProvider/test/aks', 'aks-kubeconfig', 'kubeconfig']],
    );
  });

  it('builds a default System pool, with a warning, when the provider lists none', async () => {
    const r = await renderStack(
      modelOf(
        azureStackYaml({
          kubernetesProvider: provider(
            `    clusterConfig:\n      name: az-aks\n      resourceGroup: rg-az`,
          ),
        }),
      ),
    );
    const mc = r.resources.find((x) => x.type === MC);
    assert.deepEqual(
      (mc?.inputs.agentPoolProfiles as Record<string, unknown>[]).map((p) => [
        p.name,
        p.mode,
        p.vmSize,
        p.count,
      ]),
      [['system', 'System', 'Standard_DS2_v2', 2]],
    );
    assert.ok(
      r.warnings.includes(
        'cluster az-aks: no node pools are given; a System pool "system" of 2 Standard_DS2_v2 nodes is built (add spec.aks.nodePools to choose)',
      ),
    );
  });

  it('sends the logging types of the manifest as AKS categories', async () => {
    const r = await renderStack(
      modelOf(
        azureStackYaml({
          kubernetesProvider: provider(
            BASIC.replace(
              '      resourceGroup: rg-aks',
              '      resourceGroup: rg-aks\n      logging:\n        enabled: [audit, auditAdmin, scheduler]',
            ),
          ),
        }),
      ),
    );
    const diag = r.resources.find((x) => x.type === 'azure-native:monitor:DiagnosticSetting');
    assert.deepEqual(
      (diag?.inputs.logs as { category: string }[]).map((l) => l.category),
      ['kube-audit', 'kube-audit-admin', 'kube-scheduler'],
    );
  });

  const bad: { name: string; kp: string; want: string[] }[] = [
    {
      name: 'a spot System pool',
      kp: provider(
        BASIC.replace('vmSize: Standard_D4s_v5 }', 'vmSize: Standard_D4s_v5, capacityType: SPOT }'),
      ),
      want: [
        'cluster az-aks: spec.aks.nodePools[0].capacityType "SPOT" cannot be used for a System pool (spot nodes can be evicted); make it mode User or use ON_DEMAND',
      ],
    },
    {
      name: 'a service CIDR inside the VNet',
      kp: provider(BASIC, "\n  networking:\n    serviceCIDR: '10.1.128.0/20'"),
      want: [
        'cluster az-aks: networking.serviceCIDR "10.1.128.0/20" overlaps the VNet "main" (10.1.0.0/16); AKS needs Service and overlay pod ranges outside the VNet, so choose one like "172.20.0.0/16"',
      ],
    },
    {
      name: 'another location than the VNet',
      kp: provider(BASIC).replace('region: eastus', 'region: westeurope'),
      want: [
        'cluster az-aks: its location "westeurope" is not the location of the Vitistack\'s VNet ("eastus"); AKS nodes must be in the VNet\'s location, so set the KubernetesProvider\'s spec.region to "eastus"',
      ],
    },
    {
      name: 'Secrets encryption without a key',
      kp: provider(
        BASIC.replace(
          '      resourceGroup: rg-aks',
          '      resourceGroup: rg-aks\n      encryption:\n        enabled: true',
        ),
      ),
      want: [
        "cluster az-aks: spec.aks.clusterConfig.encryption.enabled is true but names no key; give keyVaultKeyId, or set spec.security.encryption.atRest on the Vitistack to use the stack's key",
      ],
    },
    {
      name: 'a node pool in a subnet the Vitistack does not have',
      kp: provider(
        BASIC.replace('vmSize: Standard_D4s_v5 }', 'vmSize: Standard_D4s_v5, subnets: [nowhere] }'),
      ),
      want: [
        'cluster az-aks: spec.aks.nodePools[0].subnets[0] "nowhere" is neither a subnet of the Vitistack nor an Azure subnet resource id; name one of the Vitistack\'s subnets',
      ],
    },
  ];
  for (const tc of bad) {
    it(`refuses ${tc.name} before building anything`, async () => {
      assert.deepEqual(await problemsOf(tc.kp), tc.want);
    });
  }

  it("keeps the cluster in the VNet's subscription whatever its Secret's default is, with the Secret's tenant", async () => {
    const kp = provider(
      `    credentials:\n      secretRef:\n        name: aks-credentials\n${BASIC}`,
    );
    const secret = {
      clientId: 'f00dfeed-0000-4000-8000-00000000000c',
      clientSecret: 'fake-aks-client-secret',
      tenantId: 'f00dfeed-0000-4000-8000-00000000000a',
      subscriptionId: 'f00dfeed-0000-4000-8000-00000000000b',
    };
    const r = await renderStack(modelOf(azureStackYaml({ kubernetesProvider: kp })), {
      secrets: { 'test/aks-credentials': secret },
    });
    const own = r.resources.find(
      (x) => x.type === 'pulumi:providers:azure-native' && x.name === 'test-aks',
    );
    assert.ok(own);
    assert.equal(own.inputs.subscriptionId, SUB);
    assert.equal(own.inputs.tenantId, secret.tenantId);
    const mc = r.resources.find((x) => x.type === MC);
    assert.equal(mc?.provider?.startsWith(own.urn), true);
  });

  it("encrypts Secrets with the stack's key when the Vitistack encrypts at rest", async () => {
    const r = await renderStack(
      modelOf(
        azureStackYaml({
          kubernetesProvider: provider(
            BASIC.replace(
              '      resourceGroup: rg-aks',
              '      resourceGroup: rg-aks\n      encryption:\n        enabled: true',
            ),
          ),
          vitistackExtra: '  security:\n    encryption:\n      atRest: true',
        }),
      ),
    );
    const key = r.resources.find((x) => x.type === 'azure-native:keyvault:Key');
    const des = r.resources.find((x) => x.type === 'azure-native:compute:DiskEncryptionSet');
    const mc = r.resources.find((x) => x.type === MC);
    const kms = (mc?.inputs.securityProfile as Record<string, Record<string, unknown>>)
      .azureKeyVaultKms;
    assert.equal(kms?.keyId, key?.state.keyUriWithVersion);
    assert.equal(mc?.inputs.diskEncryptionSetID, des?.id);
    assert.equal((mc?.inputs.identity as { type: string }).type, 'UserAssigned');
  });
});
