// resolveStack on the example stacks under stacks/: membership, tags, machines, clusters, counts.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { AnyResource } from '../../src/api/v1alpha1';
import type { StackModel } from '../../src/model/stack-model';
import { repoRoot, resolve, stackObjects } from './helpers';

const GiB = 2 ** 30;

describe('resolveStack: stacks/aws-production', () => {
  let objects: AnyResource[];
  let model: StackModel;
  before(() => {
    objects = stackObjects('aws-production');
    model = resolve(objects, 'production/aws-production');
  });

  it('names the stack <namespace>.<name> in project vitistack', () => {
    assert.equal(model.project, 'vitistack');
    assert.equal(model.stackName, 'production.aws-production');
    assert.equal(model.region, 'us-west-2');
  });

  it('takes the providers named in the spec and the machines on them', () => {
    assert.deepEqual(
      model.machineProviders.map((p) => [p.key, p.type, p.region]),
      [['production/aws-ec2-provider', 'aws', 'us-west-2']],
    );
    assert.deepEqual(
      model.kubernetesProviders.map((p) => [p.key, p.type, p.builds]),
      [['production/aws-eks-provider', 'eks', 'cluster']],
    );
    assert.deepEqual(
      model.machines.map((m) => m.key),
      ['production/app-server-1', 'production/app-server-2', 'production/bastion-host'],
    );
    assert.deepEqual(model.counts, { machines: 3, clusters: 1, providers: 2 });
    assert.deepEqual(model.warnings, []);
  });

  it('resolves the credentials Secret with its namespace, without ambient identity', () => {
    const [mp] = model.machineProviders;
    assert.ok(mp);
    assert.deepEqual(mp.credentialsSecret, { namespace: 'production', name: 'aws-credentials' });
    assert.equal(mp.usesAmbientIdentity, false);
    assert.deepEqual(
      model.secretRefs.map((s) => [s.namespace, s.name, s.keys]),
      [
        ['production', 'aws-credentials', []],
        ['production', 'grafana-admin', ['password']],
      ],
    );
    assert.deepEqual(model.secretRefs[0]?.usedBy, [
      'credentials of MachineProvider production/aws-ec2-provider',
      'credentials of KubernetesProvider production/aws-eks-provider',
    ]);
  });

  it('tags with the standard labels of the Vitistack, the stack and managed-by', () => {
    assert.deepEqual(model.tags, {
      'vitistack.io/environment': 'production',
      'vitistack.io/team': 'platform',
      'vitistack.io/region': 'us-west-2',
      'vitistack.io/stack': 'production.aws-production',
      'vitistack.io/managed-by': 'vitistack-pulumi',
    });
  });

  it("applies the provider's catalogue to each machine", () => {
    const rows = model.machines.map((m) => ({
      key: m.key,
      instanceType: m.instanceType,
      image: m.image,
      subnet: m.subnet,
      cpu: m.cpu,
      memoryGi: m.memoryBytes / GiB,
      storageGi: m.storageBytes / GiB,
      publicIP: m.publicIP,
    }));
    const ubuntu = { name: 'ubuntu-20.04', id: 'ami-0c55b159cbfafe1d0' };
    assert.deepEqual(rows, [
      {
        key: 'production/app-server-1',
        instanceType: 'm5.large',
        image: ubuntu,
        subnet: 'private-subnet-1',
        cpu: 2,
        memoryGi: 8,
        storageGi: 150, // 50Gi root + 100Gi data volume
        publicIP: false,
      },
      {
        key: 'production/app-server-2',
        instanceType: 'm5.large',
        image: ubuntu,
        subnet: 'private-subnet-2',
        cpu: 2,
        memoryGi: 8,
        storageGi: 150,
        publicIP: false,
      },
      {
        key: 'production/bastion-host',
        instanceType: 't3.micro',
        image: ubuntu,
        subnet: 'public-subnet-1',
        cpu: 1,
        memoryGi: 1,
        storageGi: 20, // no root volume: the provider's defaultVolumeSize
        publicIP: true,
      },
    ]);
  });

  it('tags machines with their tags and standard labels on top of the stack tags', () => {
    assert.deepEqual(model.machines[0]?.tags, {
      'vitistack.io/environment': 'production',
      'vitistack.io/team': 'platform',
      'vitistack.io/region': 'us-west-2',
      'vitistack.io/component': 'api',
      Environment: 'production',
      Team: 'platform',
      Role: 'app',
      'vitistack.io/stack': 'production.aws-production',
      'vitistack.io/managed-by': 'vitistack-pulumi',
    });
  });

  it('builds the EKS cluster that aws-eks-provider describes, with its two node groups', () => {
    assert.equal(model.clusters.length, 1);
    const c = model.clusters[0];
    assert.ok(c);
    assert.equal(c.key, 'KubernetesProvider/production/aws-eks-provider');
    assert.equal(c.name, 'aws-eks-provider');
    assert.equal(c.providerKey, 'production/aws-eks-provider');
    assert.equal(c.distribution, 'eks');
    assert.equal(c.supported, true);
    assert.equal(c.version, '1.24');
    assert.equal(c.region, 'us-west-2');
    assert.deepEqual(c.credentialsSecret, { namespace: 'production', name: 'aws-credentials' });
    assert.deepEqual(c.endpointAccess, {
      private: true,
      public: true,
      publicCIDRs: ['203.0.113.0/24'],
    });
    assert.deepEqual(c.logging, [
      'api',
      'audit',
      'authenticator',
      'controllerManager',
      'scheduler',
    ]);
    assert.equal(c.encryption?.enabled, true);
    assert.deepEqual(
      c.addons.map((a) => a.name),
      ['aws-load-balancer-controller', 'cluster-autoscaler', 'external-dns', 'cert-manager'],
    );
    assert.equal(c.networking.cni, 'aws-vpc-cni');
    assert.deepEqual(
      c.nodeGroups.map((g) => ({
        name: g.name,
        role: g.role,
        instanceTypes: g.instanceTypes,
        capacityType: g.capacityType,
        replicas: g.replicas,
        scaling: g.scaling,
        machineProviderKey: g.machineProviderKey,
        cpu: g.resources.cpu,
        memoryGi: (g.resources.memoryBytes ?? 0) / GiB,
        taints: g.taints.length,
      })),
      [
        {
          name: 'system-nodes',
          role: 'worker',
          instanceTypes: ['m5.large'],
          capacityType: 'ON_DEMAND',
          replicas: 2,
          scaling: { min: 2, max: 4, desired: 2 },
          machineProviderKey: 'production/aws-ec2-provider',
          cpu: 2,
          memoryGi: 8,
          taints: 1,
        },
        {
          name: 'worker-nodes',
          role: 'worker',
          instanceTypes: ['m5.xlarge'],
          capacityType: 'SPOT',
          replicas: 3,
          scaling: { min: 1, max: 10, desired: 3 },
          machineProviderKey: 'production/aws-ec2-provider',
          cpu: 4,
          memoryGi: 16,
          taints: 0,
        },
      ],
    );
    assert.deepEqual(model.kubernetesProviders[0]?.clusterKeys, [c.key]);
  });

  it('has a 64-digit hex inputs hash that is stable across runs', () => {
    assert.match(model.inputsHash, /^[0-9a-f]{64}$/);
    assert.equal(resolve(objects, 'production/aws-production').inputsHash, model.inputsHash);
  });
});

describe('resolveStack: stacks/proxmox-talos', () => {
  let model: StackModel;
  before(() => {
    model = resolve(stackObjects('proxmox-talos'), 'platform/oslo-dc1');
  });

  it('builds one cluster from the KubernetesCluster with the talos template as defaults', () => {
    assert.deepEqual(
      model.kubernetesProviders.map((p) => [p.key, p.builds, p.machineProviderKey, p.clusterKeys]),
      [
        [
          'platform/talos-provider',
          'backend',
          'platform/proxmox-provider',
          ['KubernetesCluster/platform/talos-prod'],
        ],
      ],
    );
    assert.equal(model.clusters.length, 1);
    const c = model.clusters[0];
    assert.ok(c);
    assert.equal(c.key, 'KubernetesCluster/platform/talos-prod');
    assert.equal(c.name, 'talos-prod');
    assert.equal(c.distribution, 'talos');
    assert.equal(c.version, '1.30.1');
    assert.equal(c.region, 'oslo-dc1');
    assert.equal(c.zone, 'oslo-dc1-a');
    assert.equal(c.machineProviderKey, 'platform/proxmox-provider');
    assert.equal(c.networkNamespaceKey, 'platform/production-net');
    assert.equal(c.cluster?.metadata.name, 'talos-prod');
    assert.equal(c.networking.cni, 'cilium');
    assert.equal(c.networking.podCIDR, '10.244.0.0/16');
    assert.deepEqual(
      c.addons.map((a) => a.name),
      ['coredns', 'ingress-nginx', 'storage'],
    );
    assert.deepEqual(
      c.nodeGroups.map((g) => ({
        name: g.name,
        role: g.role,
        machineClass: g.machineClass,
        scaling: g.scaling,
        resources: g.resources,
        machineProviderKey: g.machineProviderKey,
      })),
      [
        {
          name: 'control-plane',
          role: 'control-plane',
          machineClass: 'medium',
          scaling: { min: 3, max: 3, desired: 3 },
          resources: { cpu: 4, memoryBytes: 8 * GiB, storageBytes: 50 * GiB },
          machineProviderKey: 'platform/proxmox-provider',
        },
        {
          name: 'workers',
          role: 'worker',
          machineClass: 'large',
          scaling: { min: 3, max: 6, desired: 3 },
          resources: { cpu: 8, memoryBytes: 16 * GiB, storageBytes: 100 * GiB },
          machineProviderKey: 'platform/proxmox-provider',
        },
      ],
    );
  });

  it('sizes the standalone machines from their resources and passes template images through', () => {
    assert.deepEqual(
      model.machines.map((m) => [m.key, m.instanceType, m.image?.id, m.cpu, m.memoryBytes / GiB]),
      [
        ['platform/monitoring-1', undefined, 'ubuntu-22.04-cloudinit', 4, 8],
        ['platform/ops-jumphost', undefined, 'ubuntu-22.04-cloudinit', 2, 4],
      ],
    );
    assert.deepEqual(
      model.networkConfigurations.map((n) => n.metadata.name),
      ['vlan100-servers'],
    );
    assert.deepEqual(
      model.networkNamespaces.map((n) => n.metadata.name),
      ['production-net'],
    );
  });

  it('collects the Secrets of the providers and of the infrastructure providers', () => {
    assert.deepEqual(
      model.secretRefs.map((s) => `${s.namespace}/${s.name}`),
      ['platform/proxmox-api-token', 'platform/talos-machine-secrets'],
    );
    assert.deepEqual(model.counts, { machines: 2, clusters: 1, providers: 2 });
    // Proxmox machines and Talos clusters are built: nothing to warn about.
    assert.deepEqual(
      model.warnings.map((w) => `${w.code} ${w.object}`),
      [],
    );
  });
});

describe('resolveStack: every stack config', () => {
  const root = repoRoot();
  const configs = readdirSync(join(root, 'stacks')).filter((f) => /^Pulumi\..+\.yaml$/.test(f));
  it('finds the stack configs', () => {
    assert.ok(configs.length >= 7);
  });
  for (const file of configs) {
    it(`${file} resolves without errors`, () => {
      const doc = parse(readFileSync(join(root, 'stacks', file), 'utf8')) as {
        config: Record<string, string>;
      };
      const dir = String(doc.config['vitistack:manifests']).replace(/^stacks\//, '');
      const model = resolve(stackObjects(dir), String(doc.config['vitistack:vitistack']));
      assert.equal(model.stackName, String(doc.config['vitistack:vitistack']).replace('/', '.'));
    });
  }

  it('resolves a Vitistack without providers to an empty model', () => {
    const model = resolve(stackObjects('hierarchical'), 'us-region/us-vitistack');
    assert.deepEqual(model.counts, { machines: 0, clusters: 0, providers: 0 });
    assert.deepEqual(model.secretRefs, []);
  });
});
