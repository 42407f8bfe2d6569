import { strict as assert } from 'node:assert';
import * as pulumi from '@pulumi/pulumi';
import { RecordingMocks, unwrap } from '../../../src/engine/mocks';
import { settle } from '../aws/settle';
import type { HelmAddon, HelmAddonsArgs } from '../../../src/components/addons/helm-addons';

const RELEASE = 'kubernetes:helm.sh/v3:Release';
const SIG_KEY = '4dabf18193072939515e22adb298388d';
function isSecretInput(v: unknown): boolean {
  return typeof v === 'object' && v !== null && SIG_KEY in v;
}
const KUBECONFIG =
  'apiVersion: v1\nkind: Config\nusers: [{name: u, user: {token: very-secret-token}}]\n';
const ROLE = 'arn:aws:iam::123456789012:role/AWSLoadBalancerControllerIAMRole';

/** The add-ons of spec 000's EKS provider, plus a few more. */
const SPEC_ADDONS: HelmAddon[] = [
  {
    name: 'aws-load-balancer-controller',
    version: 'v2.4.4',
    enabled: true,
    config: {
      clusterName: 'production-cluster',
      serviceAccount: {
        create: true,
        name: 'aws-load-balancer-controller',
        annotations: { 'eks.amazonaws.com/role-arn': ROLE },
      },
    },
  },
  {
    name: 'cluster-autoscaler',
    version: '9.37.0',
    enabled: true,
    config: { autoDiscovery: { clusterName: 'production-cluster' } },
  },
  {
    name: 'external-dns',
    version: '1.14.5',
    enabled: true,
    config: { provider: 'aws', domainFilters: ['example.com'], policy: 'upsert-only' },
  },
  { name: 'cert-manager', version: 'v1.9.1', enabled: true, config: { installCRDs: true } },
  {
    name: 'prometheus-operator',
    version: '58.2.1',
    enabled: true,
    config: {
      prometheus: { retention: '15d' },
      grafana: {
        enabled: true,
        adminPassword: { secretRef: { name: 'grafana-admin', key: 'password' } },
      },
    },
  },
  { name: 'coredns', enabled: true, config: {} },
  { name: 'istio', version: '1.15', enabled: true, config: {} },
  { name: 'metrics-server', enabled: false, config: {} },
];

function args(over: Partial<HelmAddonsArgs> = {}): HelmAddonsArgs {
  return {
    kubeconfig: pulumi.secret(KUBECONFIG),
    clusterName: 'production-cluster',
    addons: SPEC_ADDONS,
    cloud: 'aws',
    region: 'us-west-2',
    ...over,
  };
}

describe('HelmAddons', () => {
  const mocks = new RecordingMocks('us-west-2');
  let mod: typeof import('../../../src/components/addons/helm-addons');
  before(async () => {
    await mocks.install('vitistack', 'test');
    mod = await import('../../../src/components/addons/helm-addons.js');
  });

  describe('the add-ons of spec 000 on EKS', () => {
    let h: InstanceType<typeof mod.HelmAddons>;
    before(async () => {
      h = new mod.HelmAddons('prod-addons', args());
      await unwrap(h.releases);
      await settle();
    });

    it('creates a Kubernetes provider from the secret kubeconfig', () => {
      const p = mocks.one('pulumi:providers:kubernetes', 'prod-addons-k8s');
      assert.ok(isSecretInput(p.inputs.kubeconfig));
      assert.equal(p.parent, mocks.one('vitistack:addons:HelmAddons', 'prod-addons').urn);
    });

    const expected: {
      res: string;
      chart: string;
      repo: string;
      namespace: string;
      version: string;
    }[] = [
      {
        res: 'aws-load-balancer-controller',
        chart: 'aws-load-balancer-controller',
        repo: 'https://aws.github.io/eks-charts',
        namespace: 'kube-system',
        version: '2.4.4',
      },
      {
        res: 'cluster-autoscaler',
        chart: 'cluster-autoscaler',
        repo: 'https://kubernetes.github.io/autoscaler',
        namespace: 'kube-system',
        version: '9.37.0',
      },
      {
        res: 'external-dns',
        chart: 'external-dns',
        repo: 'https://kubernetes-sigs.github.io/external-dns/',
        namespace: 'external-dns',
        version: '1.14.5',
      },
      {
        res: 'cert-manager',
        chart: 'cert-manager',
        repo: 'https://charts.jetstack.io',
        namespace: 'cert-manager',
        version: 'v1.9.1',
      },
      {
        res: 'kube-prometheus-stack',
        chart: 'kube-prometheus-stack',
        repo: 'https://prometheus-community.github.io/helm-charts',
        namespace: 'monitoring',
        version: '58.2.1',
      },
    ];
    for (const e of expected) {
      it(`installs ${e.res} from ${e.repo} through the provider`, () => {
        const r = mocks.one(RELEASE, `prod-addons-${e.res}`);
        assert.equal(r.inputs.chart, e.chart);
        assert.deepEqual(r.inputs.repositoryOpts, { repo: e.repo });
        assert.equal(r.inputs.namespace, e.namespace);
        assert.equal(r.inputs.version, e.version);
        assert.equal(r.inputs.createNamespace, true);
        assert.equal(r.inputs.atomic, true);
        const provider = mocks.one('pulumi:providers:kubernetes', 'prod-addons-k8s');
        assert.equal(r.provider, `${provider.urn}::${provider.id ?? ''}`);
        assert.equal(r.parent, mocks.one('vitistack:addons:HelmAddons', 'prod-addons').urn);
      });
    }

    it('merges the manifest config over the catalogue defaults', () => {
      assert.deepEqual(
        mocks.one(RELEASE, 'prod-addons-aws-load-balancer-controller').inputs.values,
        {
          clusterName: 'production-cluster',
          region: 'us-west-2',
          serviceAccount: {
            create: true,
            name: 'aws-load-balancer-controller',
            annotations: { 'eks.amazonaws.com/role-arn': ROLE },
          },
        },
      );
      assert.deepEqual(mocks.one(RELEASE, 'prod-addons-cluster-autoscaler').inputs.values, {
        cloudProvider: 'aws',
        autoDiscovery: { clusterName: 'production-cluster' },
        awsRegion: 'us-west-2',
      });
      assert.deepEqual(mocks.one(RELEASE, 'prod-addons-external-dns').inputs.values, {
        provider: 'aws',
        txtOwnerId: 'production-cluster',
        domainFilters: ['example.com'],
        policy: 'upsert-only',
      });
      assert.deepEqual(mocks.one(RELEASE, 'prod-addons-cert-manager').inputs.values, {
        installCRDs: true,
        crds: { enabled: true },
      });
    });

    it('leaves the Grafana password reference out of the values', () => {
      const values = mocks.one(RELEASE, 'prod-addons-kube-prometheus-stack').inputs.values;
      assert.deepEqual(values, { prometheus: { retention: '15d' }, grafana: { enabled: true } });
    });

    it('installs nothing for built-in, unknown and disabled add-ons, and says why', () => {
      assert.equal(
        mocks.byType(RELEASE).filter((r) => r.name.startsWith('prod-addons-')).length,
        5,
      );
      assert.deepEqual(h.warnings, [
        // Spec 000 gives the controller's own version; the chart is 1.x.
        'add-on aws-load-balancer-controller: version "v2.4.4" looks like the version of the application, not of chart aws-load-balancer-controller (1.x at https://aws.github.io/eks-charts); Helm may not find it. Give the chart version.',
        'add-on prometheus-operator: value grafana.adminPassword references Secret "grafana-admin" (key "password"); Secret values are not copied into Helm values (they would be stored in the release and the stack state), so it was left out. Point the chart at the Secret in the cluster instead (e.g. an existingSecret value).',
        'add-on coredns: not installed with Helm: CoreDNS is part of every cluster (on EKS, manage it as an EKS add-on of the cluster).',
        'add-on istio: unknown, not installed; known add-ons are aws-load-balancer-controller, cert-manager, cilium, cluster-autoscaler, external-dns, ingress, ingress-nginx, kube-prometheus-stack, metrics-server, nginx, nginx-ingress, prometheus, prometheus-operator, traefik.',
      ]);
    });

    it('outputs a summary of the releases', async () => {
      const rs = await unwrap(h.releases);
      assert.deepEqual(
        rs.map((r) => [r.name, r.namespace, r.version]),
        [
          ['aws-load-balancer-controller', 'kube-system', '2.4.4'],
          ['cluster-autoscaler', 'kube-system', '9.37.0'],
          ['external-dns', 'external-dns', '1.14.5'],
          ['cert-manager', 'cert-manager', 'v1.9.1'],
          ['kube-prometheus-stack', 'monitoring', '58.2.1'],
        ],
      );
    });
  });

  it('waits for the node groups when fed the EKS token kubeconfig', async () => {
    const { EksCluster } = await import('../../../src/components/aws/eks-cluster.js');
    const cluster = new EksCluster('eks', {
      clusterName: 'production-cluster',
      version: '1.30',
      region: 'us-west-2',
      subnetIds: ['subnet-12345678', 'subnet-87654321'],
      nodeGroups: [
        {
          nodeGroupName: 'system-nodes',
          instanceTypes: ['m5.large'],
          scaling: { min: 1, max: 2, desired: 1 },
          subnetIds: ['subnet-12345678'],
        },
      ],
      tags: {},
    });
    const h = new mod.HelmAddons(
      'eks-addons',
      args({
        kubeconfig: cluster.tokenKubeconfig,
        addons: [{ name: 'metrics-server', enabled: true }],
      }),
    );
    await unwrap(h.releases);
    await settle();
    const provider = mocks.one('pulumi:providers:kubernetes', 'eks-addons-k8s');
    assert.ok(isSecretInput(provider.inputs.kubeconfig));
    assert.ok(
      provider.dependencies.includes(mocks.one('aws:eks/cluster:Cluster', 'eks-cluster').urn),
    );
    assert.ok(
      provider.dependencies.includes(
        mocks.one('aws:eks/nodeGroup:NodeGroup', 'eks-system-nodes-nodes').urn,
      ),
    );
    const release = mocks.one(RELEASE, 'eks-addons-metrics-server');
    assert.equal(release.inputs.namespace, 'kube-system');
    assert.equal(release.inputs.chart, 'metrics-server');
  });

  it('skips AWS-only add-ons elsewhere and creates no provider without releases', async () => {
    const h = new mod.HelmAddons(
      'aks-addons',
      args({
        cloud: 'azure',
        region: undefined,
        addons: [{ name: 'cluster-autoscaler', enabled: true }],
      }),
    );
    assert.deepEqual(await unwrap(h.releases), []);
    await settle();
    assert.deepEqual(h.warnings, [
      'add-on cluster-autoscaler: not installed on cloud azure; it applies to aws only.',
    ]);
    assert.equal(mocks.resources.filter((r) => r.name.startsWith('aks-addons-')).length, 0);
  });

  it('uses cloud-specific defaults (external-dns on GCP)', async () => {
    const h = new mod.HelmAddons(
      'gke-addons',
      args({ cloud: 'gcp', addons: [{ name: 'external-dns', enabled: true }] }),
    );
    await unwrap(h.releases);
    await settle();
    const r = mocks.one(RELEASE, 'gke-addons-external-dns');
    assert.deepEqual(r.inputs.values, { provider: 'google', txtOwnerId: 'production-cluster' });
    assert.equal(r.inputs.version, undefined);
  });

  describe('planHelmAddons', () => {
    it('warns when a version looks like the application version', () => {
      const plan = mod.planHelmAddons(
        args({ addons: [{ name: 'external-dns', version: '0.12.2', enabled: true }] }),
      );
      assert.deepEqual(plan.warnings, [
        'add-on external-dns: version "0.12.2" looks like the version of the application, not of chart external-dns (1.x at https://kubernetes-sigs.github.io/external-dns/); Helm may not find it. Give the chart version.',
      ]);
      assert.equal(plan.releases[0]?.version, '0.12.2');
    });

    const invalid: { name: string; over: Partial<HelmAddonsArgs>; want: string }[] = [
      {
        name: 'two names for one chart',
        over: {
          addons: [
            { name: 'prometheus', enabled: true },
            { name: 'kube-prometheus-stack', enabled: true },
          ],
        },
        want: 'HelmAddons "production-cluster" has invalid arguments:\n  - addons[1].name: "kube-prometheus-stack" installs chart kube-prometheus-stack like addons[0] ("prometheus"); keep one of them.',
      },
      {
        name: 'cluster-autoscaler without a region',
        over: { region: undefined, addons: [{ name: 'cluster-autoscaler', enabled: true }] },
        want: 'HelmAddons "production-cluster" has invalid arguments:\n  - addons[0]: add-on cluster-autoscaler needs the cluster\'s region; pass region (e.g. "us-west-2").',
      },
      {
        name: 'an unknown cloud and an empty version',
        over: {
          cloud: 'openstack' as never,
          addons: [{ name: 'metrics-server', version: '', enabled: true }],
        },
        want: 'HelmAddons "production-cluster" has invalid arguments:\n  - cloud: "openstack" is not allowed; use aws, azure, gcp, onprem.\n  - addons[0].version: is empty; give a chart version or leave version out.',
      },
    ];
    for (const tc of invalid) {
      it(`refuses ${tc.name}`, () => {
        assert.throws(
          () => mod.planHelmAddons(args(tc.over)),
          (err: Error) => err.message === tc.want,
        );
      });
    }

    it('the constructor throws before creating anything', () => {
      const n = mocks.resources.length;
      assert.throws(
        () => new mod.HelmAddons('bad', args({ clusterName: ' ' })),
        /clusterName: is empty/,
      );
      assert.equal(mocks.resources.length, n);
    });
  });
});
