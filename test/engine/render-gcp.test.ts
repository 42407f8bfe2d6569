// renderStack end to end on stacks/gcp-production: manifests -> model -> GCP program under mocks
// -> recorded resources, outputs and the status every object would get.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { parse } from 'yaml';

import { type Vitistack } from '../../src/api/v1alpha1';

import { renderStack, type StackRender } from '../../src/engine/render-stack';
import { resolveStack, type StackModel } from '../../src/model';

import { errorLines, loadPaths } from '../helpers/load';
import { repoRoot } from '../model/helpers';
import { byType, idOf, one, schemaIssues, statusOf } from './stack-render-helpers';

const PROJECT = 'vitistack-prod-123456';
const REGION = 'us-west1';
const PREFIX = 'gcp-production-production-vpc';

function gcpProduction(): StackModel {
  const loaded = loadPaths([join(repoRoot(), 'stacks', 'gcp-production')]);
  assert.deepEqual(errorLines(loaded), []);
  const objects = loaded.objects.map((o) => o.object);
  const v = objects.find((o): o is Vitistack => o.kind === 'Vitistack');
  assert.ok(v);
  return resolveStack(v, objects);
}

function inCidr(ip: string, cidr: string): boolean {
  const num = (t: string) => t.split('.').reduce((acc, o) => acc * 256 + Number(o), 0);
  const [base = '', bits = ''] = cidr.split('/');
  const start = num(base);
  return num(ip) >= start && num(ip) < start + 2 ** (32 - Number(bits));
}

describe('renderStack: stacks/gcp-production', () => {
  let model: StackModel;
  let r: StackRender;
  let keyId: string;
  before(async () => {
    model = gcpProduction();
    r = await renderStack(model);
    keyId = idOf(one(r, 'gcp:kms/cryptoKey:CryptoKey', 'gcp-production-kms-key'));
  });

  it('builds exactly these resources, per type', () => {
    assert.equal(r.stackName, 'production.gcp-production');
    assert.deepEqual(Object.fromEntries(Object.entries(r.counts).sort()), {
      'gcp:compute/address:Address': 1,
      'gcp:compute/backendService:BackendService': 1,
      'gcp:compute/disk:Disk': 5,
      'gcp:compute/firewall:Firewall': 6,
      'gcp:compute/forwardingRule:ForwardingRule': 1,
      'gcp:compute/globalAddress:GlobalAddress': 1,
      'gcp:compute/globalForwardingRule:GlobalForwardingRule': 2,
      'gcp:compute/healthCheck:HealthCheck': 1,
      'gcp:compute/instance:Instance': 3,
      'gcp:compute/managedSslCertificate:ManagedSslCertificate': 1,
      'gcp:compute/network:Network': 1,
      'gcp:compute/regionBackendService:RegionBackendService': 1,
      'gcp:compute/regionHealthCheck:RegionHealthCheck': 1,
      'gcp:compute/resourcePolicy:ResourcePolicy': 1,
      'gcp:compute/router:Router': 1,
      'gcp:compute/routerNat:RouterNat': 1,
      'gcp:compute/subnetwork:Subnetwork': 3,
      'gcp:compute/targetHttpProxy:TargetHttpProxy': 1,
      'gcp:compute/targetHttpsProxy:TargetHttpsProxy': 1,
      'gcp:compute/uRLMap:URLMap': 2,
      'gcp:container/cluster:Cluster': 1,
      'gcp:container/nodePool:NodePool': 2,
      'gcp:dns/managedZone:ManagedZone': 1,
      'gcp:dns/recordSet:RecordSet': 3,
      'gcp:gkebackup/backupPlan:BackupPlan': 1,
      'gcp:kms/cryptoKey:CryptoKey': 1,
      'gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember': 4,
      'gcp:kms/keyRing:KeyRing': 1,
      'gcp:logging/projectSink:ProjectSink': 1,
      'gcp:projects/iAMMember:IAMMember': 5,
      'gcp:serviceaccount/account:Account': 1,
      'gcp:storage/bucket:Bucket': 1,
      'gcp:storage/bucketIAMMember:BucketIAMMember': 1,
      'kubernetes:helm.sh/v3:Release': 3,
      'pulumi:providers:gcp': 2,
      'pulumi:providers:kubernetes': 1,
      'vitistack:addons:HelmAddons': 1,
      'vitistack:gcp:ApplicationLoadBalancer': 1,
      'vitistack:gcp:AuditLogging': 1,
      'vitistack:gcp:Dns': 1,
      'vitistack:gcp:Encryption': 1,
      'vitistack:gcp:Firewall': 1,
      'vitistack:gcp:GkeBackupPlan': 1,
      'vitistack:gcp:GkeCluster': 1,
      'vitistack:gcp:GkeNodePool': 2,
      'vitistack:gcp:Machine': 3,
      'vitistack:gcp:Network': 1,
      'vitistack:gcp:NetworkLoadBalancer': 1,
      'vitistack:gcp:ServiceAccount': 1,
      'vitistack:gcp:SnapshotSchedule': 1,
      'vitistack:index:Vitistack': 1,
    });
    assert.equal(r.resources.length, 82);
    assert.deepEqual(
      r.tree.map((n) => `${n.type} ${n.name}`),
      ['vitistack:index:Vitistack gcp-production'],
    );
  });

  describe('status', () => {
    it('patches every member object, each accepted by its kind status schema', () => {
      assert.deepEqual(
        r.status.map((p) => `${p.kind}/${p.namespace}/${p.name}`),
        [
          'Vitistack/production/gcp-production',
          'MachineProvider/production/gcp-compute-provider',
          'Machine/production/app-server-1',
          'Machine/production/app-server-2',
          'Machine/production/bastion-host',
          'KubernetesProvider/production/gcp-gke-provider',
        ],
      );
      for (const p of r.status) assert.deepEqual(schemaIssues(p), [], `${p.kind}/${p.name}`);
    });

    it('Vitistack: the VPC by the id of the recorded network', () => {
      const s = statusOf(r, 'Vitistack', 'gcp-production');
      assert.equal(s.phase, 'Ready');
      const network = one(r, 'gcp:compute/network:Network', PREFIX);
      assert.deepEqual((s.networking as Record<string, unknown>).vpcs, [
        { name: 'production-vpc', id: idOf(network), cidr: '10.0.0.0/16', state: 'available' },
      ]);
      assert.equal(idOf(network), `projects/${PROJECT}/global/networks/${PREFIX}`);
    });

    it('Vitistack: each load balancer by its forwarding rule and IP address', () => {
      const networking = statusOf(r, 'Vitistack', 'gcp-production').networking as Record<
        string,
        unknown
      >;
      const nlb = one(
        r,
        'gcp:compute/forwardingRule:ForwardingRule',
        'gcp-production-k8s-api-lb-tcp-rule',
      );
      const alb = one(
        r,
        'gcp:compute/globalForwardingRule:GlobalForwardingRule',
        'gcp-production-web-lb-https-443',
      );
      assert.deepEqual(networking.loadBalancers, [
        { name: 'k8s-api-lb', arn: idOf(nlb), dnsName: nlb.state.ipAddress, state: 'active' },
        { name: 'web-lb', arn: idOf(alb), dnsName: alb.state.ipAddress, state: 'active' },
      ]);
      assert.match(
        idOf(nlb),
        new RegExp(`^projects/${PROJECT}/regions/${REGION}/forwardingRules/`),
      );
      assert.equal(
        nlb.state.ipAddress,
        one(r, 'gcp:compute/address:Address', 'gcp-production-k8s-api-lb-ip').state.address,
      );
    });

    it('Vitistack: one firewall entry per rule, by the id of its GCP rule (deny included)', () => {
      const networking = statusOf(r, 'Vitistack', 'gcp-production').networking as Record<
        string,
        unknown
      >;
      const rule = (name: string) =>
        idOf(one(r, 'gcp:compute/firewall:Firewall', `gcp-production-firewall-${name}`));
      assert.deepEqual(networking.firewalls, [
        { name: 'k8s-api-access', id: rule('k8s-api-access'), state: 'active' },
        { name: 'ssh-access', id: rule('ssh-access'), state: 'active' },
        { name: 'deny-telnet', id: rule('deny-telnet'), state: 'active' },
      ]);
    });

    it('Vitistack: counts, encryption, backup and the kubeconfig Secret reference', () => {
      const s = statusOf(r, 'Vitistack', 'gcp-production');
      assert.deepEqual(s.providers, {
        machines: { total: 1, ready: 1, failed: 0 },
        kubernetes: { total: 1, ready: 1, failed: 0 },
      });
      assert.deepEqual(s.resources, {
        machines: { total: 3, running: 3, pending: 0, failed: 0 },
        clusters: { total: 1, ready: 1, pending: 0 },
      });
      assert.deepEqual(s.security, { encryption: { atRest: true, inTransit: true } });
      assert.deepEqual(s.backup, { enabled: true });
      assert.deepEqual(s.secretRefs, [
        {
          name: 'gcp-gke-provider-kubeconfig',
          key: 'kubeconfig',
          description: 'kubeconfig of GKE cluster gcp-gke-provider',
        },
      ]);
    });

    it('outputs: the Cloud KMS key, the snapshot schedule as backup and the log sink', () => {
      const v = r.outputs.vitistack;
      const policy = one(
        r,
        'gcp:compute/resourcePolicy:ResourcePolicy',
        'gcp-production-snapshots-policy',
      );
      assert.equal(v.encryption.kmsKeyArn, keyId);
      assert.deepEqual(v.backup, { vaultArn: idOf(policy), planId: 'gcp-production-snapshots' });
      assert.equal(
        v.auditTrailArn,
        idOf(one(r, 'gcp:logging/projectSink:ProjectSink', 'gcp-production-audit-sink')),
      );
      assert.deepEqual(v.dns?.zone, 'prod.example.com');
      assert.equal(v.dns.nameServers.length, 4);
    });

    const machines = [
      {
        name: 'bastion-host',
        subnet: 'public-subnet-1',
        cidr: '10.0.1.0/24',
        zone: 'us-west1-a',
        privateIP: undefined,
        publicIP: true,
        root: '20Gi',
        volumes: [],
      },
      {
        name: 'app-server-1',
        subnet: 'private-subnet-1',
        cidr: '10.0.2.0/24',
        zone: 'us-west1-a',
        privateIP: '10.0.2.10',
        publicIP: false,
        root: '50Gi',
        volumes: ['app-data'],
      },
      {
        name: 'app-server-2',
        subnet: 'private-subnet-2',
        cidr: '10.0.3.0/24',
        zone: 'us-west1-b',
        privateIP: '10.0.3.10',
        publicIP: false,
        root: '50Gi',
        volumes: ['app-data'],
      },
    ];
    for (const tc of machines) {
      it(`Machine ${tc.name}: id, zone, addresses in ${tc.subnet}, disks`, () => {
        const s = statusOf(r, 'Machine', tc.name);
        const instance = one(r, 'gcp:compute/instance:Instance', `${tc.name}-instance`);
        const subnet = one(r, 'gcp:compute/subnetwork:Subnetwork', `${PREFIX}-${tc.subnet}`);
        const nic = (instance.inputs.networkInterfaces as { subnetwork: string }[])[0];
        assert.equal(nic?.subnetwork, subnet.state.selfLink);
        assert.equal(instance.inputs.zone, tc.zone);
        assert.equal(s.phase, 'Running');
        const m = s.machine as {
          id: string;
          state: string;
          networking: Record<string, string>;
          storage: { rootVolume: object; additionalVolumes: { id: string; name: string }[] };
        };
        assert.equal(m.id, idOf(instance));
        assert.equal(m.id, `projects/${PROJECT}/zones/${tc.zone}/instances/${tc.name}`);
        assert.equal(m.state, 'running');
        const privateIP = m.networking.privateIP ?? '';
        assert.ok(inCidr(privateIP, tc.cidr), `${privateIP} is not in ${tc.cidr}`);
        if (tc.privateIP !== undefined) assert.equal(privateIP, tc.privateIP);
        if (tc.publicIP) {
          const natIp = (
            instance.state.networkInterfaces as { accessConfigs: { natIp: string }[] }[]
          )[0]?.accessConfigs[0]?.natIp;
          assert.match(natIp ?? '', /^\d+\.\d+\.\d+\.\d+$/);
          assert.equal(m.networking.publicIP, natIp);
          assert.deepEqual(s.addresses, { internal: [privateIP], external: [natIp] });
        } else {
          assert.equal(m.networking.publicIP, undefined);
          assert.deepEqual(s.addresses, { internal: [privateIP], external: [] });
        }
        assert.deepEqual(m.storage.rootVolume, {
          id: idOf(one(r, 'gcp:compute/disk:Disk', `${tc.name}-boot`)),
          size: tc.root,
          type: 'pd-balanced',
          state: 'in-use',
        });
        assert.deepEqual(
          m.storage.additionalVolumes.map((v) => [v.name, v.id]),
          tc.volumes.map((v) => [v, idOf(one(r, 'gcp:compute/disk:Disk', `${tc.name}-${v}`))]),
        );
      });
    }

    it('KubernetesProvider: the cluster as recorded, node pools, add-ons, kubeconfig ref', () => {
      const s = statusOf(r, 'KubernetesProvider', 'gcp-gke-provider');
      const cluster = one(r, 'gcp:container/cluster:Cluster', 'gcp-gke-provider-cluster').state as {
        endpoint: string;
        masterVersion: string;
        masterAuth: { clusterCaCertificate: string };
      };
      assert.equal(s.phase, 'Ready');
      assert.deepEqual(s.cluster, {
        name: 'gcp-gke-provider',
        endpoint: `https://${cluster.endpoint}`,
        version: cluster.masterVersion,
        status: 'ACTIVE',
        certificateAuthority: { data: cluster.masterAuth.clusterCaCertificate },
        networking: { serviceIPv4CIDR: '172.20.0.0/16', podIPv4CIDR: '10.244.0.0/16' },
      });
      assert.match(cluster.endpoint, /^\d+\.\d+\.\d+\.\d+$/);
      assert.match(cluster.masterVersion, /^1\.30\./);
      assert.match(
        Buffer.from(cluster.masterAuth.clusterCaCertificate, 'base64').toString(),
        /^-----BEGIN CERTIFICATE-----/,
      );
      assert.deepEqual(s.nodeGroups, [
        { name: 'system-nodes', status: 'ACTIVE', capacity: { desired: 2 } },
        { name: 'worker-nodes', status: 'ACTIVE', capacity: { desired: 3 } },
      ]);
      assert.deepEqual(s.addons, [
        { name: 'cert-manager', version: 'v1.15.3', status: 'unknown' },
        { name: 'external-dns', version: '1.15.0', status: 'unknown' },
        { name: 'kube-prometheus-stack', version: '65.1.1', status: 'unknown' },
      ]);
      assert.deepEqual(s.kubeconfigSecretRef, {
        name: 'gcp-gke-provider-kubeconfig',
        key: 'kubeconfig',
      });
    });

    it('the kubeconfig goes to the Secret only: gke-gcloud-auth-plugin, the endpoint and the CA', () => {
      const [kubeconfig] = r.outputs.secrets;
      assert.ok(kubeconfig);
      assert.equal(kubeconfig.owner, 'KubernetesProvider/production/gcp-gke-provider');
      const doc = parse(kubeconfig.value) as {
        clusters: { cluster: { server: string; 'certificate-authority-data': string } }[];
        users: { user: { exec: { command: string } } }[];
      };
      const cluster = r.outputs.clusters['KubernetesProvider/production/gcp-gke-provider'];
      assert.equal(doc.clusters[0]?.cluster.server, cluster?.endpoint);
      assert.equal(
        doc.clusters[0]?.cluster['certificate-authority-data'],
        cluster?.certificateAuthority,
      );
      assert.equal(doc.users[0]?.user.exec.command, 'gke-gcloud-auth-plugin');
      assert.ok(!JSON.stringify(r.status).includes(kubeconfig.value));
    });
  });

  describe('inputs', () => {
    it('encrypts every disk with the stack key and attaches the snapshot schedule to each', () => {
      const policy = one(
        r,
        'gcp:compute/resourcePolicy:ResourcePolicy',
        'gcp-production-snapshots-policy',
      );
      const disks = byType(r, 'gcp:compute/disk:Disk');
      assert.equal(disks.length, 5);
      for (const d of disks) {
        assert.deepEqual(d.inputs.diskEncryptionKey, { kmsKeySelfLink: keyId }, d.name);
        assert.deepEqual(d.inputs.resourcePolicies, [policy.state.selfLink], d.name);
      }
      assert.deepEqual((policy.inputs.snapshotSchedulePolicy as { schedule: object }).schedule, {
        dailySchedule: { daysInCycle: 1, startTime: '02:00' },
      });
    });

    it('lets the Compute, GKE, Storage and Backup for GKE agents use the key', () => {
      const members = byType(r, 'gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember').map((m) =>
        String(m.inputs.member).replace(/service-\d+@/, 'service-N@'),
      );
      assert.deepEqual(members.sort(), [
        'serviceAccount:service-N@compute-system.iam.gserviceaccount.com',
        'serviceAccount:service-N@container-engine-robot.iam.gserviceaccount.com',
        'serviceAccount:service-N@gcp-sa-gkebackup.iam.gserviceaccount.com',
        'serviceAccount:service-N@gs-project-accounts.iam.gserviceaccount.com',
      ]);
    });

    it('labels every labelled resource with the stack labels in GCP form', () => {
      const labelled = r.resources.filter(
        (x) =>
          x.type.startsWith('gcp:') &&
          (x.inputs.labels !== undefined || x.inputs.resourceLabels !== undefined),
      );
      assert.ok(labelled.length >= 15, String(labelled.length));
      for (const x of labelled) {
        const labels = (x.inputs.labels ?? x.inputs.resourceLabels) as Record<string, string>;
        assert.equal(labels['vitistack-io-stack'], 'production-gcp-production', x.name);
        assert.equal(labels['vitistack-io-environment'], 'production', x.name);
        for (const [k, v] of Object.entries(labels))
          assert.match(`${k}=${v}`, /^[a-z][a-z0-9_-]*=[a-z0-9_-]*$/);
      }
    });

    it('runs the GKE cluster privately on the secondary ranges of private-subnet-1', () => {
      const subnet = one(r, 'gcp:compute/subnetwork:Subnetwork', `${PREFIX}-private-subnet-1`);
      assert.deepEqual(subnet.inputs.secondaryIpRanges, [
        { rangeName: 'gcp-gke-provider-pods', ipCidrRange: '10.244.0.0/16' },
        { rangeName: 'gcp-gke-provider-services', ipCidrRange: '172.20.0.0/16' },
      ]);
      const k = one(r, 'gcp:container/cluster:Cluster', 'gcp-gke-provider-cluster');
      assert.equal(k.inputs.subnetwork, subnet.state.selfLink);
      assert.deepEqual(k.inputs.databaseEncryption, { state: 'ENCRYPTED', keyName: keyId });
      assert.deepEqual(k.inputs.masterAuthorizedNetworksConfig, {
        cidrBlocks: [{ cidrBlock: '203.0.113.0/24', displayName: 'admin-network' }],
      });
      assert.equal(k.inputs.deletionProtection, true);
    });

    it('backs the cluster up nightly for 7 days with Backup for GKE, encrypted with the key', () => {
      const plan = one(r, 'gcp:gkebackup/backupPlan:BackupPlan', 'gcp-gke-provider-backup-plan');
      assert.equal(
        plan.inputs.cluster,
        idOf(one(r, 'gcp:container/cluster:Cluster', 'gcp-gke-provider-cluster')),
      );
      assert.deepEqual(plan.inputs.backupSchedule, { cronSchedule: '0 1 * * *' });
      assert.deepEqual(plan.inputs.retentionPolicy, { backupRetainDays: 7 });
      assert.deepEqual((plan.inputs.backupConfig as { encryptionKey: object }).encryptionKey, {
        gcpKmsEncryptionKey: keyId,
      });
    });

    it('gives web-lb a managed certificate for web-lb.prod.example.com, which resolves to it', () => {
      const cert = one(
        r,
        'gcp:compute/managedSslCertificate:ManagedSslCertificate',
        'gcp-production-web-lb-cert',
      );
      assert.deepEqual(cert.inputs.managed, { domains: ['web-lb.prod.example.com'] });
      const record = one(r, 'gcp:dns/recordSet:RecordSet', 'gcp-production-dns-web-lb-a');
      assert.equal(record.inputs.name, 'web-lb.prod.example.com.');
      assert.deepEqual(record.inputs.rrdatas, [
        one(r, 'gcp:compute/globalAddress:GlobalAddress', 'gcp-production-web-lb-ip').state.address,
      ]);
    });
  });

  it('warns about what the manifests ask for and GCP does not build', () => {
    const vs = 'Vitistack production/gcp-production';
    assert.deepEqual(
      r.warnings.filter(
        (w) =>
          /is not built yet|not enforced|is not used/.test(w) && !w.includes('(cluster backups)'),
      ),
      [
        `${vs}: spec.monitoring (a monitoring stack) is not built yet`,
        `${vs}: spec.security.rbac (cloud RBAC roles) is not built yet`,
        `${vs}: spec.security.encryption.inTransit is not enforced by resources; HTTPS listeners and TLS are up to the manifests`,
        'cluster gcp-gke-provider: networking.serviceMesh is not built yet',
        'cluster gcp-gke-provider: networking.networkPolicies is not built yet',
        'cluster gcp-gke-provider: security.podSecurityStandards is not built yet',
        'cluster gcp-gke-provider: backup.storage (bucket k8s-backups-production) is not used: Backup for GKE keeps backups in Google-managed storage',
      ],
    );
    for (const who of [
      'MachineProvider production/gcp-compute-provider',
      'KubernetesProvider production/gcp-gke-provider',
    ]) {
      assert.ok(
        r.warnings.includes(
          `${who}: credentials Secret production/gcp-credentials not supplied; the offline render builds the provider without credentials`,
        ),
        who,
      );
    }
    assert.ok(!r.warnings.some((w) => /ProviderNotSupported/.test(w)));
    assert.equal(new Set(r.warnings).size, r.warnings.length, 'a warning is repeated');
  });

  it('renders the same ids, outputs and status again (determinism)', async () => {
    const again = await renderStack(model);
    const ids = (x: StackRender) =>
      x.resources.map((res) => `${res.type} ${res.name} ${res.id ?? ''}`);
    assert.deepEqual(ids(again).sort(), ids(r).sort());
    assert.deepEqual(again.status, r.status);
    assert.deepEqual(again.warnings, r.warnings);
  });
});
