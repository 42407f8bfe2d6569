import { strict as assert } from 'node:assert';
import { parse } from 'yaml';
import { RecordingMocks, unwrap } from '../../../src/engine/mocks';
import type { GkeClusterArgs } from '../../../src/components/gcp/gke-cluster';
import { KEY, LABELS, PROJECT, REGION, settle } from './helpers';

const CLUSTER = 'gcp:container/cluster:Cluster';
const POOL = 'gcp:container/nodePool:NodePool';
const NETWORK = `projects/${PROJECT}/global/networks/prod`;
const SUBNET = `https://www.googleapis.com/compute/v1/projects/${PROJECT}/regions/${REGION}/subnetworks/private-1`;
const SA = `nodes@${PROJECT}.iam.gserviceaccount.com`;

function args(over: Partial<GkeClusterArgs> = {}): GkeClusterArgs {
  return {
    clusterName: 'prod',
    project: PROJECT,
    location: REGION,
    network: NETWORK,
    subnetwork: SUBNET,
    nodeServiceAccountEmail: SA,
    resourceLabels: LABELS,
    ...over,
  };
}

interface Kubeconfig {
  clusters: { name: string; cluster: { server: string; 'certificate-authority-data': string } }[];
  users: { user: { exec?: { command: string; provideClusterInfo: boolean }; token?: string } }[];
  'current-context': string;
}

describe('gcp GkeCluster', () => {
  const mocks = new RecordingMocks(REGION);
  let mod: typeof import('../../../src/components/gcp/gke-cluster');
  before(async () => {
    await mocks.install('vitistack', 'test');
    mod = await import('../../../src/components/gcp/gke-cluster.js');
  });

  describe('a private regional cluster with Workload Identity, CMEK and two pools', () => {
    let c: InstanceType<typeof mod.GkeCluster>;
    before(async () => {
      c = new mod.GkeCluster(
        'prod',
        args({
          podsRangeName: 'prod-pods',
          servicesRangeName: 'prod-services',
          version: '1.30',
          releaseChannel: 'REGULAR',
          privateNodes: true,
          masterIpv4CidrBlock: '172.16.0.0/28',
          authorizedNetworks: [{ cidr: '203.0.113.0/24', name: 'admin' }],
          workloadIdentity: true,
          secretsKmsKey: KEY,
          bootDiskKmsKey: KEY,
          logging: ['APISERVER'],
          networkPolicy: 'calico',
          backupAgent: true,
          deletionProtection: false,
          nodePools: [
            {
              poolName: 'system',
              machineType: 'e2-standard-2',
              scaling: { min: 2, max: 2, desired: 2 },
              labels: { 'node-type': 'system' },
              taints: [{ key: 'node-type', value: 'system', effect: 'NoSchedule' }],
            },
            {
              poolName: 'workers',
              machineType: 'e2-standard-4',
              spot: true,
              scaling: { min: 1, max: 10, desired: 3 },
              zones: [`${REGION}-a`, `${REGION}-b`],
            },
          ],
        }),
      );
      await settle();
    });

    it('is VPC-native on the secondary ranges and drops the default pool', () => {
      const k = mocks.one(CLUSTER, 'prod-cluster');
      assert.equal(k.inputs.name, 'prod');
      assert.equal(k.inputs.location, REGION);
      assert.equal(k.inputs.network, NETWORK);
      assert.equal(k.inputs.subnetwork, SUBNET);
      assert.equal(k.inputs.networkingMode, 'VPC_NATIVE');
      assert.deepEqual(k.inputs.ipAllocationPolicy, {
        clusterSecondaryRangeName: 'prod-pods',
        servicesSecondaryRangeName: 'prod-services',
      });
      assert.equal(k.inputs.removeDefaultNodePool, true);
      assert.deepEqual(k.inputs.resourceLabels, LABELS);
      assert.equal(k.inputs.labels, undefined, 'GKE labels go in resourceLabels');
    });

    it('has private nodes, an endpoint open only to the admin network, and no client certificate', () => {
      const k = mocks.one(CLUSTER, 'prod-cluster');
      assert.deepEqual(k.inputs.privateClusterConfig, {
        enablePrivateNodes: true,
        enablePrivateEndpoint: false,
        masterIpv4CidrBlock: '172.16.0.0/28',
      });
      assert.deepEqual(k.inputs.masterAuthorizedNetworksConfig, {
        cidrBlocks: [{ cidrBlock: '203.0.113.0/24', displayName: 'admin' }],
      });
      assert.deepEqual(k.inputs.masterAuth, {
        clientCertificateConfig: { issueClientCertificate: false },
      });
    });

    it('encrypts Secrets with the key, logs the API server, and follows the release channel', () => {
      const k = mocks.one(CLUSTER, 'prod-cluster');
      assert.deepEqual(k.inputs.databaseEncryption, { state: 'ENCRYPTED', keyName: KEY });
      assert.deepEqual(k.inputs.loggingConfig, {
        enableComponents: ['SYSTEM_COMPONENTS', 'APISERVER'],
      });
      assert.deepEqual(k.inputs.releaseChannel, { channel: 'REGULAR' });
      assert.equal(k.inputs.minMasterVersion, '1.30');
      assert.deepEqual(k.inputs.workloadIdentityConfig, { workloadPool: `${PROJECT}.svc.id.goog` });
      assert.deepEqual(k.inputs.networkPolicy, { enabled: true, provider: 'CALICO' });
      assert.deepEqual(k.inputs.addonsConfig, {
        networkPolicyConfig: { disabled: false },
        gkeBackupAgentConfig: { enabled: true },
      });
      assert.equal(k.inputs.deletionProtection, false);
    });

    it('gives a fixed pool its size per zone (three zones of the region), tainted', () => {
      const k = mocks.one(CLUSTER, 'prod-cluster');
      const p = mocks.one(POOL, 'prod-system-pool');
      assert.equal(p.inputs.cluster, k.id);
      assert.equal(p.inputs.nodeCount, 1);
      assert.equal(p.inputs.autoscaling, undefined);
      const cfg = p.inputs.nodeConfig as Record<string, unknown>;
      assert.equal(cfg.machineType, 'e2-standard-2');
      assert.equal(cfg.serviceAccount, SA);
      assert.equal(cfg.bootDiskKmsKey, KEY);
      assert.deepEqual(cfg.workloadMetadataConfig, { mode: 'GKE_METADATA' });
      assert.deepEqual(cfg.labels, { 'node-type': 'system' });
      assert.deepEqual(cfg.taints, [{ key: 'node-type', value: 'system', effect: 'NO_SCHEDULE' }]);
      assert.deepEqual(cfg.resourceLabels, LABELS);
      assert.equal(cfg.spot, false);
    });

    it('autoscales a spot pool between the manifest totals in its two zones', () => {
      const p = mocks.one(POOL, 'prod-workers-pool');
      assert.deepEqual(p.inputs.autoscaling, {
        totalMinNodeCount: 1,
        totalMaxNodeCount: 10,
        locationPolicy: 'BALANCED',
      });
      assert.equal(p.inputs.initialNodeCount, 2);
      assert.deepEqual(p.inputs.nodeLocations, [`${REGION}-a`, `${REGION}-b`]);
      assert.equal((p.inputs.nodeConfig as Record<string, unknown>).spot, true);
      assert.deepEqual(p.inputs.management, { autoRepair: true, autoUpgrade: true });
    });

    it('reports an https endpoint, the CA and node pools with their sizes', async () => {
      const k = mocks.one(CLUSTER, 'prod-cluster');
      assert.equal(await unwrap(c.endpoint), `https://${String(k.state.endpoint)}`);
      assert.equal(
        await unwrap(c.certificateAuthority),
        (k.state.masterAuth as { clusterCaCertificate: string }).clusterCaCertificate,
      );
      assert.deepEqual(await unwrap(c.nodePools), [
        { name: 'system', status: 'ACTIVE', min: 2, max: 2, desired: 2 },
        { name: 'workers', status: 'ACTIVE', min: 1, max: 10, desired: 3 },
      ]);
    });

    it('writes a kubeconfig with gke-gcloud-auth-plugin, and a token one for the program', async () => {
      const k = mocks.one(CLUSTER, 'prod-cluster');
      const people = parse(await unwrap(c.kubeconfig)) as Kubeconfig;
      assert.equal(people['current-context'], `gke_${PROJECT}_${REGION}_prod`);
      assert.deepEqual(people.clusters[0]?.cluster, {
        server: `https://${String(k.state.endpoint)}`,
        'certificate-authority-data': (k.state.masterAuth as { clusterCaCertificate: string })
          .clusterCaCertificate,
      });
      assert.equal(people.users[0]?.user.exec?.command, 'gke-gcloud-auth-plugin');
      assert.equal(people.users[0].user.exec.provideClusterInfo, true);
      assert.equal(people.users[0].user.token, undefined);
      const program = parse(await unwrap(c.tokenKubeconfig)) as Kubeconfig;
      assert.match(program.users[0]?.user.token ?? '', /^ya29\.fake-/);
    });
  });

  it('without authorized networks the endpoint admits no outside network (never everyone)', async () => {
    new mod.GkeCluster('open', args({ clusterName: 'open' }));
    await settle();
    const k = mocks.one(CLUSTER, 'open-cluster');
    assert.deepEqual(k.inputs.masterAuthorizedNetworksConfig, { cidrBlocks: [] });
    assert.deepEqual(k.inputs.loggingConfig, {
      enableComponents: ['SYSTEM_COMPONENTS', 'APISERVER', 'WORKLOADS'],
    });
    assert.equal(k.inputs.deletionProtection, true);
    assert.equal(k.inputs.databaseEncryption, undefined);
  });

  it('validateGkeClusterArgs names every bad field', () => {
    assert.deepEqual(
      mod.validateGkeClusterArgs(
        args({
          clusterName: 'Prod_1',
          masterIpv4CidrBlock: '172.16.0.0/24',
          privateNodes: true,
          nodePools: [
            { poolName: 'a', machineType: 'm5.large', scaling: { min: 3, max: 2, desired: 2 } },
            {
              poolName: 'a',
              machineType: 'e2-medium',
              scaling: { min: 1, max: 1, desired: 1 },
              zones: ['europe-north1-a'],
            },
          ],
        }),
      ),
      [
        'clusterName: "Prod_1" is not a GKE cluster name (1 to 40 lowercase letters, digits and "-", starting with a letter).',
        'masterIpv4CidrBlock: "172.16.0.0/24" is not a /28; GKE needs a /28 like "172.16.0.0/28".',
        'nodePools[0].machineType: "m5.large" is not a GCP machine type; use a form like "e2-standard-4".',
        'nodePools[0].scaling: "3/2/2" is not min <= desired <= max in whole numbers from 0.',
        `nodePools[1].zones: "europe-north1-a" is not a zone of the cluster's location "${REGION}"; use a form like "${REGION}-a".`,
        'nodePools[1].poolName: "a" is used by another node pool; give each its own name.',
      ],
    );
  });
});
