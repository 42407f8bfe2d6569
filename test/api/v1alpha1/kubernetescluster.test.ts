import { strict as assert } from 'node:assert';
import { kubernetesClusterKind } from '../../../src/api/v1alpha1/kubernetescluster';
import {
  fixturesOfKind,
  itReports,
  itValidates,
  manifest,
  readFixture,
  validatorFor,
  type Manifest as Obj,
} from '../../helpers/kind-cases';

const { valid, messages } = validatorFor(kubernetesClusterKind);

const data = (extra: Obj = {}): Obj => ({
  clusterId: 'dev-01',
  provider: 'talos',
  region: 'norway-east',
  zone: 'oslo-1',
  environment: 'dev',
  ...extra,
});

function cluster(opts: { data?: Obj; topology?: Obj; pools?: Obj[]; status?: Obj } = {}): Obj {
  const topology: Obj = {
    controlplane: { replicas: 1 },
    ...(opts.pools ? { workers: { nodePools: opts.pools } } : {}),
    ...opts.topology,
  };
  return manifest(kubernetesClusterKind, { data: opts.data ?? data(), topology }, opts.status, {
    name: 'dev-01',
    namespace: 'test',
  });
}

const pool = (extra: Obj = {}): Obj => ({ name: 'general', replicas: 2, ...extra });

describe('KubernetesCluster', () => {
  describe('fixtures', () => {
    const all = fixturesOfKind('KubernetesCluster');
    it('has ours-kubernetescluster-talos.yaml', () => {
      assert.ok(all.some((f) => f.file === 'ours-kubernetescluster-talos.yaml'));
    });
    itValidates(kubernetesClusterKind, ...all);
  });

  describe('normalise: ours-kubernetescluster-talos', () => {
    const [doc] = readFixture('ours-kubernetescluster-talos.yaml');
    assert.ok(doc);
    const { spec } = valid(doc);

    it('flattens spec.data', () => {
      assert.equal(spec.clusterId, 'prod-talos-01');
      assert.equal(spec.clusterUid, '6f1c2d4e-8a3b-4c5d-9e7f-0a1b2c3d4e5f');
      assert.equal(spec.provider, 'talos-provider');
      assert.equal(spec.datacenter, 'oslo-dc1');
      assert.equal(spec.region, 'norway-east');
      assert.equal(spec.zone, 'oslo-1');
      assert.equal(spec.project, 'platform');
      assert.equal(spec.environment, 'production');
      assert.equal(spec.networkNamespaceName, 'prod-net');
      assert.equal(spec.version, '1.29.3');
    });

    it('reads the control plane with its metadata lifted', () => {
      assert.deepEqual(spec.controlPlane, {
        replicas: 3,
        version: undefined,
        machineClass: 'medium',
        provider: 'talos',
        labels: { 'node-role': 'control-plane' },
        annotations: {},
        storage: [{ class: 'ssd', path: '/var/lib/etcd', size: '20Gi' }],
        architecture: 'amd64',
      });
    });

    it('reads both node pools, with taint read as taints', () => {
      assert.deepEqual(
        spec.nodePools.map((p) => [p.name, p.replicas, p.architecture]),
        [
          ['general', 3, undefined],
          ['arm-batch', 2, 'arm64'],
        ],
      );
      const [general, batch] = spec.nodePools;
      assert.ok(general && batch);
      assert.deepEqual(general.autoscaling, {
        enabled: true,
        minReplicas: 3,
        maxReplicas: 6,
        scalingRules: [],
      });
      assert.deepEqual(general.taints, []);
      assert.deepEqual(batch.taints, [{ key: 'workload', value: 'batch', effect: 'NoSchedule' }]);
      assert.deepEqual(batch.annotations, { 'vitistack.io/owner': 'data-team' });
      assert.equal(batch.autoscaling, undefined);
    });
  });

  describe('normalise: small shapes', () => {
    it('reads x86_64 as amd64 and taints under our name', () => {
      const { spec } = valid(
        cluster({
          topology: { controlplane: { replicas: 1, architecture: 'x86_64' } },
          pools: [pool({ taints: [{ key: 'k', effect: 'NoExecute' }] })],
        }),
      );
      assert.equal(spec.controlPlane.architecture, 'amd64');
      assert.deepEqual(spec.nodePools[0]?.taints, [{ key: 'k', effect: 'NoExecute' }]);
    });

    it('has no node pools when workers are left out', () => {
      const { spec } = valid(cluster());
      assert.deepEqual(spec.nodePools, []);
      assert.equal(spec.networkNamespaceName, undefined);
    });

    it('accepts our status fields and vitistack/common conditions', () => {
      const { status } = valid(
        cluster({
          status: {
            phase: 'Running',
            message: 'cluster is ready',
            observedGeneration: 2,
            endpoint: 'https://10.0.0.10:6443',
            kubeconfigSecretRef: { name: 'dev-01-kubeconfig', key: 'kubeconfig' },
            conditions: [
              { type: 'Ready', status: 'True', reason: 'Reconciled' },
              { type: 'ClusterReady', status: 'ok' },
            ],
            state: {
              cluster: {
                externalId: 'c-123',
                price: { monthly: 1000, yearly: 12000 },
                controlplane: { status: 'ok', scale: 1, nodes: ['n1'] },
                nodepools: [{ name: 'general', scale: 2, autoscaling: { enabled: false } }],
                resources: { cpu: { capacity: '16', used: '4', percentage: 25 } },
              },
              endpoints: [{ name: 'api', address: 'https://10.0.0.10:6443' }],
              egressIP: '192.0.2.10',
              created: '2024-01-01T00:00:00Z',
            },
          },
        }),
      );
      assert.deepEqual(status?.kubeconfigSecretRef, {
        name: 'dev-01-kubeconfig',
        key: 'kubeconfig',
      });
      assert.equal(status.state?.cluster?.resources?.cpu?.percentage, 25);
    });
  });

  describe('invalid objects', () => {
    const cases: { name: string; doc: Obj; want: string[] }[] = [
      {
        name: 'missing clusterId and zone',
        doc: cluster({ data: { provider: 'talos', region: 'r', environment: 'dev' } }),
        want: [
          'spec.data.clusterId: is required (expected an RFC 1123 name like "web-01": lowercase letters, digits and "-")',
          'spec.data.zone: is required (expected a non-empty string)',
        ],
      },
      {
        name: 'clusterId that is not an RFC 1123 name',
        doc: cluster({ data: data({ clusterId: 'Prod_01' }) }),
        want: [
          'spec.data.clusterId: "Prod_01" is not a valid RFC 1123 name (use lowercase letters, digits and "-", starting and ending with a letter or digit, like "web-01")',
        ],
      },
      {
        name: 'missing topology',
        doc: { ...cluster(), spec: { data: data() } },
        want: ['spec.topology: is required (expected an object with field controlplane)'],
      },
      {
        name: 'even control plane replicas',
        doc: cluster({ topology: { controlplane: { replicas: 4 } } }),
        want: [
          'spec.topology.controlplane.replicas: 4 is an even number (etcd needs an odd number of control plane nodes to keep quorum: use 1, 3 or 5)',
        ],
      },
      {
        name: 'no control plane nodes',
        doc: cluster({ topology: { controlplane: { replicas: 0 } } }),
        want: [
          'spec.topology.controlplane.replicas: 0 is out of range (expected an integer of at least 1)',
        ],
      },
      {
        name: 'autoscaling minReplicas above maxReplicas',
        doc: cluster({
          pools: [pool({ autoscaling: { enabled: true, minReplicas: 5, maxReplicas: 3 } })],
        }),
        want: [
          'spec.topology.workers.nodePools[0].autoscaling.minReplicas: 5 is above maxReplicas 3 (minReplicas must not exceed maxReplicas)',
        ],
      },
      {
        name: 'replicas outside the autoscaling range',
        doc: cluster({
          pools: [
            pool({ replicas: 8, autoscaling: { enabled: true, minReplicas: 1, maxReplicas: 5 } }),
          ],
        }),
        want: [
          'spec.topology.workers.nodePools[0].replicas: 8 is outside autoscaling minReplicas 1 to maxReplicas 5 (replicas must be within the autoscaling range)',
        ],
      },
      {
        name: 'autoscaling enabled without bounds',
        doc: cluster({ pools: [pool({ autoscaling: { enabled: true, minReplicas: 1 } })] }),
        want: [
          'spec.topology.workers.nodePools[0].autoscaling.maxReplicas: is required when autoscaling is enabled',
        ],
      },
      {
        name: 'duplicate node pool names',
        doc: cluster({ pools: [pool(), pool({ replicas: 3 })] }),
        want: [
          'spec.topology.workers.nodePools[1].name: "general" is a duplicate of item 0 (each name in this list must be unique)',
        ],
      },
      {
        name: 'taint and taints together',
        doc: cluster({
          pools: [
            pool({
              taint: [{ key: 'a', effect: 'NoSchedule' }],
              taints: [{ key: 'b', effect: 'NoSchedule' }],
            }),
          ],
        }),
        want: [
          'spec.topology.workers.nodePools[0].taints: cannot be set together with taint (taint is the vitistack/common name for taints; use one)',
        ],
      },
      {
        name: 'unknown architecture',
        doc: cluster({ pools: [pool({ architecture: 'arm' })] }),
        want: [
          'spec.topology.workers.nodePools[0].architecture: "arm" is not one of the allowed values (allowed: amd64, arm64, or x86_64)',
        ],
      },
      {
        name: 'disk too small',
        doc: cluster({
          topology: { controlplane: { replicas: 1, storage: [{ size: '500Mi' }] } },
        }),
        want: [
          'spec.topology.controlplane.storage[0].size: "500Mi" is out of range (allowed: 1Gi to 100Ti)',
        ],
      },
      {
        name: 'relative mount path',
        doc: cluster({ pools: [pool({ storage: [{ path: 'var/lib/data', size: '10Gi' }] })] }),
        want: [
          'spec.topology.workers.nodePools[0].storage[0].path: "var/lib/data" is not an absolute path (expected a form like "/var/lib/longhorn")',
        ],
      },
      {
        name: 'misspelt nodePools, with a hint',
        doc: cluster({ topology: { controlplane: { replicas: 1 }, workers: { nodepools: [] } } }),
        want: [
          'spec.topology.workers.nodepools: is not a known field (allowed here: nodePools); did you mean "nodePools"?',
        ],
      },
      {
        name: 'Kubernetes version that is not a version',
        doc: cluster({ topology: { version: 'latest', controlplane: { replicas: 1 } } }),
        want: [
          'spec.topology.version: "latest" is not a Kubernetes version (expected a form like "1.29" or "v1.29.3")',
        ],
      },
      {
        name: 'condition status outside both vocabularies',
        doc: cluster({ status: { conditions: [{ type: 'Ready', status: 'Yes' }] } }),
        want: [
          'status.conditions[0].status: "Yes" is not one of the allowed values (allowed: True, False, Unknown, ok, warning, error, working, or unknown)',
        ],
      },
      {
        name: 'negative replicas',
        doc: cluster({ pools: [pool({ replicas: -1 })] }),
        want: [
          'spec.topology.workers.nodePools[0].replicas: -1 is out of range (expected an integer of at least 0)',
        ],
      },
    ];

    itReports(cases, (tc) => messages(tc.doc));
  });

  describe('CRD presentation', () => {
    it('has the vitistack/common printer columns and short name', () => {
      assert.deepEqual(kubernetesClusterKind.shortNames, ['kc']);
      assert.deepEqual(
        kubernetesClusterKind.printerColumns.map((c) => [c.name, c.jsonPath, c.priority ?? 0]),
        [
          ['Phase', '.status.phase', 0],
          ['Provider', '.spec.data.provider', 0],
          ['Region', '.spec.data.region', 0],
          ['ControlPlaneReplicas', '.spec.topology.controlplane.replicas', 0],
          ['Message', '.status.message', 1],
          ['Age', '.metadata.creationTimestamp', 0],
        ],
      );
    });

    it('requires data and topology', () => {
      assert.deepEqual(kubernetesClusterKind.spec.openapi().required, ['data', 'topology']);
    });
  });
});
