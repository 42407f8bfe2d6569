// renderStack end to end on the Azure example stacks: manifests -> model -> program under mocks ->
// recorded resources, outputs and the status every object would get (checked against each kind's
// status schema). The AWS counterpart is render-stack.test.ts.
import { strict as assert } from 'node:assert';
import { RecordingMocks } from '../../src/engine/mocks';
import { waitForRegistrations } from '../../src/engine/render';
import { renderStack, type StackRender } from '../../src/engine/render-stack';
import type { StackModel } from '../../src/model';
import { ProgramInputError, stackProgram } from '../../src/program/program';
import { errorLines, loadText } from '../helpers/load';
import {
  byType,
  idOf,
  inCidr,
  modelOf,
  objectsOf,
  one,
  schemaIssues,
  statusOf,
} from './azure-render-helpers';

const AZ = 'azure-native';
const RG = '/resourceGroups/rg-azure-production/providers/';
const ID = /^\/subscriptions\/[0-9a-f-]{36}\/resourceGroups\//;

describe('renderStack: stacks/azure-production', () => {
  let model: StackModel;
  let r: StackRender;
  before(async () => {
    model = modelOf(objectsOf('azure-production'), 'production/azure-production');
    r = await renderStack(model);
  });

  it('builds exactly these resources, per type', () => {
    assert.equal(r.stackName, 'production.azure-production');
    assert.deepEqual(Object.fromEntries(Object.entries(r.counts).sort()), {
      'azure-native:authorization:RoleAssignment': 4,
      'azure-native:compute:Disk': 2,
      'azure-native:compute:DiskEncryptionSet': 1,
      'azure-native:compute:VirtualMachine': 3,
      'azure-native:containerservice:AgentPool': 1,
      'azure-native:containerservice:ManagedCluster': 1,
      'azure-native:dns:RecordSet': 2,
      'azure-native:dns:Zone': 1,
      'azure-native:keyvault:Key': 1,
      'azure-native:keyvault:Vault': 1,
      'azure-native:managedidentity:UserAssignedIdentity': 2,
      'azure-native:monitor:DiagnosticSetting': 3,
      'azure-native:monitor:SubscriptionDiagnosticSetting': 1,
      'azure-native:network:ApplicationSecurityGroup': 2,
      'azure-native:network:LoadBalancer': 1,
      'azure-native:network:NatGateway': 1,
      'azure-native:network:NetworkInterface': 3,
      'azure-native:network:NetworkSecurityGroup': 1,
      'azure-native:network:PublicIPAddress': 3,
      'azure-native:network:SecurityRule': 6,
      'azure-native:network:Subnet': 3,
      'azure-native:network:VirtualNetwork': 1,
      'azure-native:operationalinsights:Workspace': 1,
      'azure-native:recoveryservices:ProtectedItem': 3,
      'azure-native:recoveryservices:ProtectionPolicy': 1,
      'azure-native:recoveryservices:Vault': 1,
      'azure-native:resources:ResourceGroup': 1,
      'kubernetes:helm.sh/v3:Release': 3,
      'pulumi:providers:azure-native': 2,
      'pulumi:providers:kubernetes': 1,
      'vitistack:addons:HelmAddons': 1,
      'vitistack:azure:AksCluster': 1,
      'vitistack:azure:AuditLogging': 1,
      'vitistack:azure:Backup': 1,
      'vitistack:azure:Dns': 1,
      'vitistack:azure:Encryption': 1,
      'vitistack:azure:Firewall': 1,
      'vitistack:azure:LoadBalancer': 1,
      'vitistack:azure:Machine': 3,
      'vitistack:azure:Network': 1,
      'vitistack:index:Vitistack': 1,
    });
    assert.equal(r.resources.length, 70);
    assert.deepEqual(
      r.tree.map((n) => `${n.type} ${n.name}`),
      ['vitistack:index:Vitistack azure-production'],
    );
  });

  it('every Azure resource id is in the resource group of the MachineProvider', () => {
    for (const res of r.resources.filter((x) => x.type.startsWith(`${AZ}:`))) {
      if (res.type === `${AZ}:monitor:SubscriptionDiagnosticSetting`) continue;
      assert.match(idOf(res), ID, `${res.type} ${res.name}`);
      if (res.type !== `${AZ}:resources:ResourceGroup`) {
        assert.ok(idOf(res).includes(RG), `${res.type} ${res.name}: ${idOf(res)}`);
      }
    }
  });

  describe('status', () => {
    it('patches every member object, each accepted by its kind status schema', () => {
      assert.deepEqual(
        r.status.map((p) => `${p.kind}/${p.namespace}/${p.name}`),
        [
          'Vitistack/production/azure-production',
          'MachineProvider/production/azure-vm-provider',
          'Machine/production/app-server-1',
          'Machine/production/app-server-2',
          'Machine/production/bastion-host',
          'KubernetesProvider/production/aks-provider',
        ],
      );
      for (const p of r.status) assert.deepEqual(schemaIssues(p), [], `${p.kind}/${p.name}`);
    });

    it('Vitistack: the VNet, the load balancer and the firewall rules with their Azure ids', () => {
      const s = statusOf(r, 'Vitistack', 'azure-production');
      const networking = s.networking as Record<string, unknown>;
      const vnet = one(r, `${AZ}:network:VirtualNetwork`, 'azure-production-production-vnet');
      assert.deepEqual(networking.vpcs, [
        { name: 'production-vnet', id: idOf(vnet), cidr: '10.0.0.0/16', state: 'available' },
      ]);
      const lb = one(r, `${AZ}:network:LoadBalancer`, 'azure-production-k8s-api-lb');
      const ip = one(r, `${AZ}:network:PublicIPAddress`, 'azure-production-k8s-api-lb-ip');
      const fqdn = (ip.state.dnsSettings as { fqdn: string }).fqdn;
      assert.match(fqdn, /^k8s-api-lb-[0-9a-f]{6}\.westus2\.cloudapp\.azure\.com$/);
      assert.deepEqual(networking.loadBalancers, [
        { name: 'k8s-api-lb', arn: idOf(lb), dnsName: fqdn, state: 'active' },
      ]);
      const rule = (n: string) =>
        idOf(one(r, `${AZ}:network:SecurityRule`, `azure-production-firewall-${n}`));
      assert.deepEqual(networking.firewalls, [
        { name: 'k8s-api-access', id: rule('k8s-api-access'), state: 'active' },
        { name: 'ssh-access', id: rule('ssh-access'), state: 'active' },
        { name: 'block-smb', id: rule('block-smb'), state: 'active' },
      ]);
      assert.deepEqual(s.security, { encryption: { atRest: true, inTransit: true } });
      assert.deepEqual(s.backup, { enabled: true });
      assert.deepEqual(s.secretRefs, [
        {
          name: 'aks-provider-kubeconfig',
          key: 'kubeconfig',
          description: 'kubeconfig of AKS cluster azure-production-aks',
        },
      ]);
    });

    it('outputs: the key, the backup vault and policy, the audit trail and the DNS zone', () => {
      const v = r.outputs.vitistack;
      const key = one(r, `${AZ}:keyvault:Key`, 'azure-production-encryption-key');
      assert.equal(v.encryption.kmsKeyArn, key.state.keyUriWithVersion);
      assert.deepEqual(v.backup, {
        vaultArn: idOf(one(r, `${AZ}:recoveryservices:Vault`, 'azure-production-backup-vault')),
        planId: idOf(
          one(r, `${AZ}:recoveryservices:ProtectionPolicy`, 'azure-production-backup-policy'),
        ),
      });
      assert.equal(
        v.auditTrailArn,
        idOf(
          one(
            r,
            `${AZ}:monitor:SubscriptionDiagnosticSetting`,
            'azure-production-audit-activity-log',
          ),
        ),
      );
      assert.ok(v.dns);
      assert.equal(v.dns.zone, 'prod.example.com');
      assert.equal(v.dns.zoneId, idOf(one(r, `${AZ}:dns:Zone`, 'azure-production-dns-zone')));
      assert.equal(v.dns.nameServers.length, 4);
    });

    const machines = [
      {
        name: 'bastion-host',
        subnet: 'public-subnet-1',
        cidr: '10.0.1.0/24',
        ip: undefined,
        publicIP: true,
        root: '30Gi',
        volumes: [] as string[],
      },
      {
        name: 'app-server-1',
        subnet: 'private-subnet-1',
        cidr: '10.0.2.0/24',
        ip: '10.0.2.10',
        publicIP: false,
        root: '50Gi',
        volumes: ['app-data'],
      },
      {
        name: 'app-server-2',
        subnet: 'private-subnet-2',
        cidr: '10.0.3.0/24',
        ip: '10.0.3.10',
        publicIP: false,
        root: '50Gi',
        volumes: ['app-data'],
      },
    ];
    for (const tc of machines) {
      it(`Machine ${tc.name}: the VM's id, an address in ${tc.subnet}, its disks`, () => {
        const s = statusOf(r, 'Machine', tc.name);
        const vm = one(r, `${AZ}:compute:VirtualMachine`, `${tc.name}-vm`);
        const nic = one(r, `${AZ}:network:NetworkInterface`, `${tc.name}-nic`);
        const subnet = one(
          r,
          `${AZ}:network:Subnet`,
          `azure-production-production-vnet-${tc.subnet}`,
        );
        const [config] = nic.inputs.ipConfigurations as { subnet: { id: string } }[];
        assert.equal(config?.subnet.id, idOf(subnet));
        assert.equal(s.phase, 'Running');
        const m = s.machine as {
          id: string;
          state: string;
          networking: Record<string, string>;
          storage: {
            rootVolume: Record<string, string>;
            additionalVolumes: Record<string, string>[];
          };
        };
        assert.equal(m.id, idOf(vm));
        assert.equal(m.state, 'running');
        const privateIP = m.networking.privateIP ?? '';
        assert.ok(inCidr(privateIP, tc.cidr), `${privateIP} is not in ${tc.cidr}`);
        if (tc.ip !== undefined) assert.equal(privateIP, tc.ip);
        if (tc.publicIP) {
          const ip = one(r, `${AZ}:network:PublicIPAddress`, `${tc.name}-ip`);
          assert.equal(m.networking.publicIP, ip.state.ipAddress);
          assert.deepEqual(s.addresses, { internal: [privateIP], external: [ip.state.ipAddress] });
        } else {
          assert.equal(m.networking.publicIP, undefined);
          assert.deepEqual(s.addresses, { internal: [privateIP], external: [] });
        }
        assert.deepEqual(m.storage.rootVolume, {
          id: `${idOf(vm).split('/providers/')[0] ?? ''}/providers/Microsoft.Compute/disks/${tc.name}-os`,
          size: tc.root,
          type: 'Premium_LRS',
          state: 'in-use',
        });
        assert.deepEqual(
          m.storage.additionalVolumes.map((v) => [v.id, v.name, v.size, v.mountPath]),
          tc.volumes.map((v) => [
            idOf(one(r, `${AZ}:compute:Disk`, `${tc.name}-${v}`)),
            v,
            '100Gi',
            '/data',
          ]),
        );
      });
    }

    it('KubernetesProvider: the cluster endpoint and CA of the kubeconfig, pools, add-ons, kubeconfig ref', () => {
      const s = statusOf(r, 'KubernetesProvider', 'aks-provider');
      const mc = one(r, `${AZ}:containerservice:ManagedCluster`, 'azure-production-aks-cluster');
      const [kubeconfig] = r.outputs.secrets;
      assert.ok(kubeconfig);
      const ca = /certificate-authority-data: (\S+)/.exec(kubeconfig.value)?.[1];
      const endpoint = `https://${String(mc.state.fqdn)}:443`;
      assert.ok(kubeconfig.value.includes(`server: ${endpoint}`));
      assert.match(
        endpoint,
        /^https:\/\/azure-production-aks-[0-9a-f]{8}\.hcp\.westus2\.azmk8s\.io:443$/,
      );
      assert.equal(s.phase, 'Ready');
      assert.deepEqual(s.cluster, {
        name: 'azure-production-aks',
        endpoint,
        version: '1.30',
        status: 'ACTIVE',
        certificateAuthority: { data: ca },
        identity: {
          oidc: { issuer: (mc.state.oidcIssuerProfile as { issuerURL: string }).issuerURL },
        },
        networking: { serviceIPv4CIDR: '172.20.0.0/16', podIPv4CIDR: '10.244.0.0/16' },
      });
      assert.deepEqual(s.nodeGroups, [
        { name: 'system', status: 'ACTIVE', capacity: { desired: 2 } },
        { name: 'workers', status: 'ACTIVE', capacity: { desired: 3 } },
      ]);
      assert.deepEqual((s.addons as { name: string }[]).map((a) => a.name).sort(), [
        'cert-manager',
        'external-dns',
        'ingress-nginx',
      ]);
      assert.deepEqual(s.kubeconfigSecretRef, {
        name: 'aks-provider-kubeconfig',
        key: 'kubeconfig',
      });
      assert.equal(kubeconfig.owner, 'KubernetesProvider/production/aks-provider');
      assert.ok(!JSON.stringify(r.status).includes(kubeconfig.value));
    });
  });

  describe('inputs', () => {
    it('encrypts every OS and data disk with the disk encryption set of the stack key', () => {
      const des = idOf(
        one(r, `${AZ}:compute:DiskEncryptionSet`, 'azure-production-encryption-des'),
      );
      for (const vm of byType(r, `${AZ}:compute:VirtualMachine`)) {
        const os = (
          vm.inputs.storageProfile as { osDisk: { managedDisk: Record<string, unknown> } }
        ).osDisk;
        assert.deepEqual(os.managedDisk.diskEncryptionSet, { id: des }, vm.name);
      }
      for (const d of byType(r, `${AZ}:compute:Disk`)) {
        assert.deepEqual(
          d.inputs.encryption,
          { diskEncryptionSetId: des, type: 'EncryptionAtRestWithCustomerKey' },
          d.name,
        );
        assert.equal(d.inputs.diskSizeGB, 100, d.name);
      }
    });

    it('backs every VM up daily at 02:00 UTC for 30 days in a vault encrypted with the stack key', () => {
      const vault = one(r, `${AZ}:recoveryservices:Vault`, 'azure-production-backup-vault');
      const key = one(r, `${AZ}:keyvault:Key`, 'azure-production-encryption-key');
      const encryption = (
        vault.inputs.properties as { encryption: { keyVaultProperties: unknown } }
      ).encryption;
      assert.deepEqual(encryption.keyVaultProperties, { keyUri: key.state.keyUri });
      const policy = one(
        r,
        `${AZ}:recoveryservices:ProtectionPolicy`,
        'azure-production-backup-policy',
      );
      const props = policy.inputs.properties as {
        schedulePolicy: { dailySchedule: unknown };
        retentionPolicy: { dailySchedule: { retentionDuration: unknown } };
      };
      assert.deepEqual(props.schedulePolicy.dailySchedule, {
        scheduleRunTimes: ['2024-01-01T02:00:00Z'],
      });
      assert.deepEqual(props.retentionPolicy.dailySchedule.retentionDuration, {
        count: 30,
        durationType: 'Days',
      });
      const protectedVms = byType(r, `${AZ}:recoveryservices:ProtectedItem`).map(
        (p) => (p.inputs.properties as { sourceResourceId: string }).sourceResourceId,
      );
      assert.deepEqual(
        protectedVms.sort(),
        byType(r, `${AZ}:compute:VirtualMachine`).map(idOf).sort(),
      );
    });

    it('keeps the written priority of the deny rule and derives the others around it', () => {
      const rules = byType(r, `${AZ}:network:SecurityRule`).map((x) => [
        x.inputs.securityRuleName,
        x.inputs.access,
        x.inputs.priority,
      ]);
      assert.deepEqual(rules.sort(), [
        ['bastion-sg-0', 'Allow', 140],
        ['block-smb', 'Deny', 150],
        ['k8s-api-access', 'Allow', 100],
        ['k8s-nodes-0', 'Allow', 120],
        ['k8s-nodes-1', 'Allow', 130],
        ['ssh-access', 'Allow', 110],
      ]);
      const nic = one(r, `${AZ}:network:NetworkInterface`, 'bastion-host-nic');
      const asg = idOf(
        one(r, `${AZ}:network:ApplicationSecurityGroup`, 'azure-production-firewall-bastion-sg'),
      );
      const [config] = nic.inputs.ipConfigurations as Record<string, unknown>[];
      assert.deepEqual(config?.applicationSecurityGroups, [{ id: asg }]);
    });

    it('the AKS cluster: authorized ranges, Entra ID, KMS with the stack key, audit logs to the stack workspace', () => {
      const mc = one(
        r,
        `${AZ}:containerservice:ManagedCluster`,
        'azure-production-aks-cluster',
      ).inputs;
      const key = one(r, `${AZ}:keyvault:Key`, 'azure-production-encryption-key');
      assert.deepEqual(mc.apiServerAccessProfile, { authorizedIPRanges: ['203.0.113.0/24'] });
      assert.equal((mc.aadProfile as { enableAzureRBAC: boolean }).enableAzureRBAC, true);
      const kms = (mc.securityProfile as { azureKeyVaultKms: { keyId: string } }).azureKeyVaultKms;
      assert.equal(kms.keyId, key.state.keyUriWithVersion);
      const diag = one(
        r,
        `${AZ}:monitor:DiagnosticSetting`,
        'azure-production-aks-diagnostics',
      ).inputs;
      const workspace = one(
        r,
        `${AZ}:operationalinsights:Workspace`,
        'azure-production-audit-workspace',
      );
      assert.equal(diag.workspaceId, idOf(workspace));
      assert.deepEqual(
        (diag.logs as { category: string }[]).map((l) => l.category),
        ['kube-apiserver', 'kube-audit', 'guard', 'kube-controller-manager', 'kube-scheduler'],
      );
      // The nodes' disks use the stack's disk encryption set once it may use the key.
      const cluster = one(
        r,
        `${AZ}:containerservice:ManagedCluster`,
        'azure-production-aks-cluster',
      );
      const des = one(r, `${AZ}:compute:DiskEncryptionSet`, 'azure-production-encryption-des');
      const desAccess = one(
        r,
        `${AZ}:authorization:RoleAssignment`,
        'azure-production-encryption-des-key-access',
      );
      assert.equal(mc.diskEncryptionSetID, idOf(des));
      assert.ok(cluster.dependencies.includes(desAccess.urn));
      const workers = one(
        r,
        `${AZ}:containerservice:AgentPool`,
        'azure-production-aks-workers',
      ).inputs;
      assert.deepEqual(
        [workers.mode, workers.scaleSetPriority, workers.minCount, workers.maxCount],
        ['User', 'Spot', 1, 10],
      );
    });

    it('tags every taggable Azure resource with the Vitistack tags under Azure tag names', () => {
      for (const res of r.resources.filter(
        (x) => x.type.startsWith(`${AZ}:`) && x.inputs.tags !== undefined,
      )) {
        const tags = res.inputs.tags as Record<string, string>;
        assert.equal(tags['vitistack.io-stack'], 'production.azure-production', res.name);
        assert.equal(tags['vitistack.io-environment'], 'production', res.name);
        assert.ok(
          Object.keys(tags).every((k) => !k.includes('/')),
          res.name,
        );
      }
    });
  });

  it('warns about what the manifests ask for and Azure does not build', () => {
    const vs = 'Vitistack production/azure-production';
    assert.deepEqual(
      r.warnings.filter((w) => !/credentials Secret/.test(w)),
      [
        `${vs}: spec.monitoring (a monitoring stack) is not built yet`,
        `${vs}: spec.security.rbac (cloud RBAC roles) is not built yet`,
        `${vs}: spec.security.encryption.inTransit is not enforced by resources; HTTPS listeners and TLS are up to the manifests`,
        'cluster azure-production-aks: networking.serviceMesh is not built yet',
        'cluster azure-production-aks: networking.networkPolicies is not built yet',
        'cluster azure-production-aks: security.podSecurityStandards is not built yet',
        'cluster azure-production-aks: backup (cluster backups) is not built yet',
        'cluster azure-production-aks: monitoring is not built yet (add the prometheus add-on)',
        `${vs}: spec.security.auditLogging: VNet flow logs are not built on Azure (they need a storage account and the region's Network Watcher); the activity log and the diagnostic logs of the network security group, the Key Vault and AKS clusters are kept`,
      ],
    );
    assert.equal(new Set(r.warnings).size, r.warnings.length, 'a warning is repeated');
  });

  it('renders the same ids, outputs and status again (determinism)', async () => {
    const again = await renderStack(model);
    const ids = (x: StackRender) =>
      x.resources.map((res) => `${res.type} ${res.name} ${res.id ?? ''}`);
    assert.deepEqual(ids(again).sort(), ids(r).sort());
    assert.deepEqual(again.status, r.status);
  });
});

describe('renderStack: stacks/multi-cloud-dr secondary-vitistack (Azure)', () => {
  let r: StackRender;
  before(async () => {
    r = await renderStack(modelOf(objectsOf('multi-cloud-dr'), 'production/secondary-vitistack'));
  });

  it('builds the VNet, firewall and AKS cluster', () => {
    assert.deepEqual(Object.fromEntries(Object.entries(r.counts).sort()), {
      'azure-native:authorization:RoleAssignment': 1,
      'azure-native:containerservice:AgentPool': 1,
      'azure-native:containerservice:ManagedCluster': 1,
      'azure-native:monitor:DiagnosticSetting': 1,
      'azure-native:network:ApplicationSecurityGroup': 1,
      'azure-native:network:NatGateway': 1,
      'azure-native:network:NetworkSecurityGroup': 1,
      'azure-native:network:PublicIPAddress': 1,
      'azure-native:network:SecurityRule': 4,
      'azure-native:network:Subnet': 3,
      'azure-native:network:VirtualNetwork': 1,
      'azure-native:operationalinsights:Workspace': 1,
      'azure-native:resources:ResourceGroup': 1,
      'pulumi:providers:azure-native': 2,
      'vitistack:azure:AksCluster': 1,
      'vitistack:azure:Firewall': 1,
      'vitistack:azure:Network': 1,
      'vitistack:index:Vitistack': 1,
    });
    assert.equal(r.resources.length, 24);
  });

  it('status: the VNet, both firewall rules with their priorities, the cluster and its kubeconfig', () => {
    for (const p of r.status) assert.deepEqual(schemaIssues(p), [], `${p.kind}/${p.name}`);
    const networking = statusOf(r, 'Vitistack', 'secondary-vitistack').networking as Record<
      string,
      unknown
    >;
    assert.deepEqual(networking.vpcs, [
      {
        name: 'secondary-vnet',
        id: idOf(one(r, `${AZ}:network:VirtualNetwork`, 'secondary-vitistack-secondary-vnet')),
        cidr: '10.20.0.0/16',
        state: 'available',
      },
    ]);
    assert.deepEqual(
      (networking.firewalls as { name: string }[]).map((f) => f.name),
      ['https-inbound', 'dr-replication'],
    );
    assert.deepEqual(
      ['https-inbound', 'dr-replication'].map(
        (n) =>
          one(r, `${AZ}:network:SecurityRule`, `secondary-vitistack-firewall-${n}`).inputs.priority,
      ),
      [100, 110],
    );
    const s = statusOf(r, 'KubernetesProvider', 'aks-east-provider');
    const cluster = s.cluster as { endpoint: string; status: string; networking: unknown };
    assert.match(
      cluster.endpoint,
      /^https:\/\/secondary-aks-[0-9a-f]{8}\.hcp\.eastus\.azmk8s\.io:443$/,
    );
    assert.equal(cluster.status, 'ACTIVE');
    assert.deepEqual(cluster.networking, { serviceIPv4CIDR: '172.21.0.0/16' });
    assert.deepEqual(s.kubeconfigSecretRef, {
      name: 'aks-east-provider-kubeconfig',
      key: 'kubeconfig',
    });
    const mc = one(r, `${AZ}:containerservice:ManagedCluster`, 'secondary-aks-cluster').inputs;
    assert.equal(mc.location, 'eastus');
    assert.deepEqual(
      [
        (mc.networkProfile as Record<string, unknown>).networkPlugin,
        (mc.networkProfile as Record<string, unknown>).networkPolicy,
      ],
      ['azure', 'calico'],
    );
  });

  it('puts every resource of its logical region "east-us" in the Azure location eastus', () => {
    for (const res of r.resources.filter((x) => x.inputs.location !== undefined)) {
      assert.equal(res.inputs.location, 'eastus', `${res.type} ${res.name}`);
    }
  });
});

describe('renderStack: bad Azure input', () => {
  it('names the field, the value and the fix, and builds nothing', async () => {
    const objects = objectsOf('azure-production');
    // The same stack with one machine on an AMI in a subnet that does not exist.
    const extra = loadText(`
apiVersion: vitistack.io/v1alpha1
kind: Machine
metadata:
  name: app-server-3
  namespace: production
spec:
  machineProvider:
    name: azure-vm-provider
  instanceType: Standard_D2s_v5
  machineImage: ami-0c55b159cbfafe1d0
  networking:
    subnet: private-subnet-9
  sshKeys:
    - name: admin-key
      publicKey: 'ssh-rsa AAAAB3NzaC1yc2EAAAA...'
`);
    assert.deepEqual(errorLines(extra), []);
    const model = modelOf(
      [...objects, ...extra.objects.map((o) => o.object)],
      'production/azure-production',
    );
    const mocks = new RecordingMocks();
    await mocks.install('vitistack', model.stackName);
    await assert.rejects(stackProgram({ model, secrets: {}, mode: 'render' }), (err: unknown) => {
      assert.ok(err instanceof ProgramInputError);
      assert.deepEqual(err.problems, [
        'Machine production/app-server-3: image "ami-0c55b159cbfafe1d0" is neither an Azure marketplace image URN ("Publisher:Offer:Sku:Version", like "Canonical:0001-com-ubuntu-server-jammy:22_04-lts-gen2:latest") nor an image resource id ("/subscriptions/.../providers/Microsoft.Compute/images/..."); list the image with such an imageId in the MachineProvider\'s machineImages, or write one as spec.machineImage',
        'Machine production/app-server-3: subnet "private-subnet-9" is neither a subnet of the Vitistack ("public-subnet-1", "private-subnet-1", "private-subnet-2") nor an Azure subnet resource id; name one of them in spec.networking.subnet',
      ]);
      return true;
    });
    await waitForRegistrations();
    assert.deepEqual(mocks.byType(`${AZ}:compute:VirtualMachine`), []);
    assert.deepEqual(mocks.byType(`${AZ}:containerservice:ManagedCluster`), []);
  });

  it('refuses a deploy whose credentials Secret lacks a key, naming the key and the Secret only', async () => {
    const model = modelOf(objectsOf('azure-production'), 'production/azure-production');
    const secrets = {
      'production/azure-credentials': { clientId: 'not-a-guid', secret: 'hunter2-fake' },
    };
    const mocks = new RecordingMocks();
    await mocks.install('vitistack', model.stackName);
    await assert.rejects(stackProgram({ model, secrets, mode: 'deploy' }), (err: unknown) => {
      assert.ok(err instanceof ProgramInputError);
      const text = err.problems.join('\n');
      assert.match(
        text,
        /MachineProvider production\/azure-vm-provider: Secret production\/azure-credentials has no clientSecret: expected one of the keys clientSecret, client-secret, client_secret, AZURE_CLIENT_SECRET, ARM_CLIENT_SECRET \(keys present: clientId, secret\)/,
      );
      assert.ok(!text.includes('hunter2-fake'));
      assert.ok(!text.includes('not-a-guid'));
      return true;
    });
    await waitForRegistrations();
  });
});
