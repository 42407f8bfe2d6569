import { strict as assert } from 'node:assert';
import { kubernetesProviderKind } from '../../../src/api/v1alpha1/kubernetesprovider';
import { fixture, fixturesOfKind, itValidates } from '../../helpers/kind-cases';
import { provider, talos, valid } from './kubernetesprovider-helpers';

describe('KubernetesProvider', () => {
  describe('fixtures', () => {
    const all = fixturesOfKind('KubernetesProvider');
    it('has the spec examples and ours', () => {
      const files = all.map((f) => f.file);
      for (const f of [
        '000-eks-provider.yaml',
        '003-scenario1-kubernetesprovider.yaml',
        'ours-kubernetesprovider-talos.yaml',
      ]) {
        assert.ok(files.includes(f), `missing fixture ${f}`);
      }
    });
    itValidates(kubernetesProviderKind, ...all);
  });

  describe('normalise: spec 000 EKS provider', () => {
    const kp = valid(fixture('000-eks-provider.yaml'));
    const { spec } = kp;

    it('describes one EKS cluster', () => {
      assert.equal(spec.type, 'eks');
      assert.equal(spec.builds, 'cluster');
      assert.equal(spec.version, '1.24');
      assert.equal(spec.region, 'us-west-2');
      assert.deepEqual(spec.credentials, {
        secretRef: { name: 'aws-credentials', namespace: 'default' },
      });
      assert.equal(spec.template, undefined);
    });

    it('flattens clusterConfig and vpcConfig into cluster', () => {
      const c = spec.cluster;
      assert.ok(c);
      assert.equal(c.distribution, 'eks');
      assert.equal(c.name, 'production-cluster');
      assert.equal(c.roleArn, 'arn:aws:iam::123456789012:role/eks-service-role');
      assert.deepEqual(c.subnetIds, ['subnet-12345678', 'subnet-87654321']);
      assert.deepEqual(c.securityGroupIds, ['sg-12345678']);
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
      assert.deepEqual(c.encryption, {
        enabled: true,
        kmsKeyId: 'arn:aws:kms:us-west-2:123456789012:key/12345678-1234-1234-1234-123456789012',
      });
      assert.deepEqual(c.tags, { Environment: 'production', Team: 'platform' });
    });

    it('turns nodeGroups into canonical node groups', () => {
      assert.deepEqual(
        spec.nodeGroups.map((g) => g.name),
        ['system-nodes', 'worker-nodes'],
      );
      const [system, worker] = spec.nodeGroups;
      assert.ok(system && worker);
      assert.deepEqual(system.instanceTypes, ['m5.large', 'm5.xlarge']);
      assert.equal(system.amiType, 'AL2_x86_64');
      assert.equal(system.capacityType, 'ON_DEMAND');
      assert.deepEqual(system.machineProviderRef, { name: 'aws-provider', namespace: 'default' });
      assert.deepEqual(system.scaling, { min: 1, max: 10, desired: 3 });
      assert.deepEqual(system.remoteAccess, {
        ec2SshKey: 'my-key-pair',
        sourceSecurityGroups: ['sg-12345678'],
      });
      assert.deepEqual(system.taints, [
        { key: 'node-type', value: 'system', effect: 'NoSchedule' },
      ]);
      assert.match(system.userData ?? '', /bootstrap\.sh production-cluster/);
      assert.equal(worker.capacityType, 'SPOT');
      assert.deepEqual(worker.subnets, []);
      assert.deepEqual(worker.taints, []);
      assert.equal(worker.userData, undefined);
    });

    it('keeps networking with the CNI version renamed', () => {
      assert.equal(spec.networking.cni, 'aws-vpc-cni');
      assert.equal(spec.networking.cniVersion, '1.11.4');
      assert.equal(spec.networking.serviceCIDR, '172.20.0.0/16');
      assert.equal(spec.networking.podCIDR, '10.244.0.0/16');
      assert.equal(spec.networking.serviceMesh?.type, 'istio');
    });

    it('keeps security, monitoring and backup', () => {
      assert.equal(spec.security.podSecurityStandards?.policy, 'restricted');
      assert.deepEqual(spec.security.networkSecurity?.policies[1]?.ports, [80, 443, 8080]);
      assert.equal(spec.security.admissionControllers[0]?.name, 'ImagePolicyWebhook');
      assert.equal(spec.monitoring?.prometheus?.retention, '15d');
      assert.deepEqual(spec.monitoring.grafana?.dashboards?.[1]?.configMapRef, {
        name: 'pod-dashboard',
        key: 'dashboard.json',
      });
      assert.equal(spec.backup?.schedule, '0 2 * * *');
      assert.equal(spec.backup.storage?.bucket, 'k8s-backups-production');
    });

    it('keeps the add-on list', () => {
      assert.deepEqual(
        spec.addons.map((a) => [a.name, a.version, a.enabled]),
        [
          ['aws-load-balancer-controller', 'v2.4.4', true],
          ['cluster-autoscaler', '1.24.0', true],
          ['external-dns', '0.12.2', true],
          ['cert-manager', 'v1.9.1', true],
          ['prometheus-operator', '0.60.1', true],
        ],
      );
      assert.deepEqual(spec.addons[3]?.config.installCRDs, true);
    });
  });

  describe('normalise: spec 003 scenario 1 provider', () => {
    const { spec, metadata } = valid(fixture('003-scenario1-kubernetesprovider.yaml'));

    it('reads endpointAccess written directly under clusterConfig', () => {
      assert.equal(metadata.namespace, 'production');
      assert.deepEqual(spec.cluster?.endpointAccess, {
        private: true,
        public: true,
        publicCIDRs: ['0.0.0.0/0'],
      });
      assert.equal(spec.cluster.name, undefined);
      assert.deepEqual(spec.cluster.subnetIds, []);
    });

    it('turns instanceType into instanceTypes', () => {
      assert.deepEqual(
        spec.nodeGroups.map((g) => [g.name, g.instanceTypes]),
        [
          ['system-nodes', ['m5.large']],
          ['worker-nodes', ['m5.xlarge']],
        ],
      );
      assert.deepEqual(spec.nodeGroups[1]?.machineProviderRef, {
        name: 'aws-ec2-provider',
        namespace: 'production',
      });
    });

    it('gives an add-on without config an empty config', () => {
      assert.deepEqual(spec.addons[0], {
        name: 'aws-load-balancer-controller',
        version: 'v2.4.4',
        enabled: true,
        config: {},
      });
    });
  });

  describe('normalise: spec 001 template backend (ours-kubernetesprovider-talos)', () => {
    const { spec, status } = valid(fixture('ours-kubernetesprovider-talos.yaml'));

    it('is a backend with a template', () => {
      assert.equal(spec.type, 'talos');
      assert.equal(spec.builds, 'backend');
      assert.equal(spec.cluster, undefined);
      assert.deepEqual(spec.nodeGroups, []);
      assert.equal(spec.version, '1.29');
      assert.deepEqual(spec.machineProviderRef, { name: 'proxmox-provider' });
      assert.deepEqual(spec.credentials, {});
    });

    it('keeps the template machines', () => {
      assert.deepEqual(spec.template?.controlPlane, {
        replicas: 3,
        resources: { cpu: 4, memory: '8Gi', storage: '50Gi' },
        machineClass: undefined,
      });
      assert.deepEqual(
        spec.template.workers.map((w) => [w.name, w.replicas, w.resources?.cpu]),
        [['general', 3, '8']],
      );
      assert.deepEqual(spec.template.cni, {
        type: 'cilium',
        config: { kubeProxyReplacement: true },
      });
    });

    it('takes the CNI from the template when networking has none', () => {
      assert.equal(spec.networking.cni, 'cilium');
      assert.equal(spec.networking.dnsDomain, 'cluster.local');
    });

    it('turns the add-on object into a list', () => {
      assert.deepEqual(spec.addons, [
        { name: 'coredns', enabled: true, config: {} },
        { name: 'ingress-nginx', enabled: true, config: {} },
        { name: 'storage', enabled: true, config: { defaultClass: 'longhorn' } },
      ]);
    });

    it('reads activeConlusters as activeClusters', () => {
      assert.ok(status);
      assert.equal(status.activeClusters, 1);
      assert.ok(!('activeConlusters' in status));
      assert.deepEqual(status.supportedVersions, ['1.28', '1.29', '1.30']);
    });
  });

  describe('normalise: aks, gke and undetailed blocks', () => {
    it('maps an AKS cluster and its node pools', () => {
      const { spec } = valid(
        provider({
          type: 'aks',
          region: 'norwayeast',
          aks: {
            credentials: { secretRef: { name: 'azure-credentials' } },
            clusterConfig: {
              name: 'prod-aks',
              resourceGroup: 'rg-prod',
              networkPlugin: 'azure',
              privateCluster: false,
              authorizedIPRanges: ['203.0.113.0/24'],
              aadRbac: { enabled: true },
              logging: { enabled: ['api', 'audit'] },
              encryption: { keyVaultKeyId: 'https://kv.vault.azure.net/keys/k8s/1' },
              tags: { team: 'platform' },
            },
            nodePools: [
              { name: 'system', vmSize: 'Standard_D4s_v5', mode: 'System', zones: ['1', '2'] },
              {
                name: 'spot',
                vmSizes: ['Standard_D8s_v5'],
                mode: 'User',
                capacityType: 'SPOT',
                scaling: { minSize: 0, maxSize: 5 },
              },
            ],
          },
        }),
      );
      assert.equal(spec.builds, 'cluster');
      assert.equal(spec.cluster?.distribution, 'aks');
      assert.deepEqual(spec.cluster.endpointAccess, {
        private: false,
        public: true,
        publicCIDRs: ['203.0.113.0/24'],
      });
      assert.deepEqual(spec.cluster.encryption, {
        enabled: true,
        kmsKeyId: 'https://kv.vault.azure.net/keys/k8s/1',
      });
      assert.equal(spec.cluster.aks?.resourceGroup, 'rg-prod');
      assert.deepEqual(spec.cluster.aks.aadRbac, { enabled: true, adminGroupObjectIds: [] });
      assert.deepEqual(
        spec.nodeGroups.map((g) => [g.name, g.instanceTypes, g.mode, g.zones]),
        [
          ['system', ['Standard_D4s_v5'], 'System', ['1', '2']],
          ['spot', ['Standard_D8s_v5'], 'User', []],
        ],
      );
      assert.deepEqual(spec.nodeGroups[1]?.scaling, { min: 0, max: 5, desired: undefined });
      assert.deepEqual(spec.credentials, { secretRef: { name: 'azure-credentials' } });
    });

    it('maps a GKE cluster and its node pools', () => {
      const { spec } = valid(
        provider({
          type: 'gke',
          gke: {
            clusterConfig: {
              name: 'prod-gke',
              project: 'my-project-123',
              zone: 'europe-north1-a',
              releaseChannel: 'STABLE',
              subnetwork: 'nodes',
              privateNodes: true,
              masterIpv4CidrBlock: '172.16.0.0/28',
              masterAuthorizedNetworks: [{ cidr: '10.0.0.0/8', name: 'office' }],
              labels: { team: 'platform' },
            },
            nodePools: [
              { name: 'pool-a', machineType: 'e2-standard-4', imageType: 'COS_CONTAINERD' },
            ],
          },
        }),
      );
      assert.equal(spec.cluster?.gke?.location, 'europe-north1-a');
      assert.deepEqual(spec.cluster.subnetIds, ['nodes']);
      assert.deepEqual(spec.cluster.endpointAccess, { publicCIDRs: ['10.0.0.0/8'] });
      assert.deepEqual(spec.cluster.tags, { team: 'platform' });
      assert.deepEqual(spec.nodeGroups[0]?.instanceTypes, ['e2-standard-4']);
      assert.equal(spec.nodeGroups[0].imageType, 'COS_CONTAINERD');
    });

    it('keeps an rke2 block as the cluster config', () => {
      const { spec } = valid(
        provider({ type: 'rke2', version: 'v1.29.3+rke2r1', rke2: { cni: 'canal' } }),
      );
      assert.equal(spec.builds, 'cluster');
      assert.deepEqual(spec.cluster?.config, { cni: 'canal' });
      assert.equal(spec.cluster.distribution, 'rke2');
    });

    it('makes a distribution type without a block a backend', () => {
      assert.equal(valid(provider({ type: 'eks' })).spec.builds, 'backend');
    });

    it('keeps an add-on that is listed as disabled', () => {
      const { spec } = valid(
        talos({}, { addons: { dns: { enabled: false }, ingress: { enabled: true } } }),
      );
      assert.deepEqual(spec.addons, [
        { name: 'coredns', enabled: false, config: {} },
        { name: 'ingress', enabled: true, config: {} },
      ]);
    });
  });
});
