// What belongs to a Vitistack's stack: namespaces, shared providers, labels, cluster matching,
// and the defaults applied to machines.
import { strict as assert } from 'node:assert';
import type { SecretManifest } from '../../src/api/documents';
import { secretInfoOf } from '../../src/model/secrets';
import {
  awsProvider,
  docs,
  header,
  machine,
  objectsOf,
  problemsOf,
  resolve,
  vitistack,
} from './helpers';

const V = 'production/web';

describe('resolveStack: namespaces', () => {
  const yaml = docs(
    vitistack('web', '[{name: aws, namespace: shared}]'),
    awsProvider('aws', 'shared'),
    machine('web-1', 'aws', '  instanceType: m5.large', 'shared'),
  );

  it('refuses a provider in another namespace by default', () => {
    assert.deepEqual(
      problemsOf(objectsOf(yaml), V).map((p) => p.reason),
      ['CrossNamespaceRefused'],
    );
  });

  it('uses it when the controller allows the namespace', () => {
    const model = resolve(objectsOf(yaml), V, { allowedNamespaces: ['shared'] });
    assert.deepEqual(
      model.machineProviders.map((p) => p.key),
      ['shared/aws'],
    );
    assert.deepEqual(
      model.machines.map((m) => m.key),
      ['shared/web-1'],
    );
    assert.deepEqual(
      model.secretRefs.map((s) => `${s.namespace}/${s.name}`),
      ['shared/aws-credentials'],
    );
  });

  it('leaves out, with a warning, a machine in a namespace that is not allowed', () => {
    const objects = objectsOf(
      docs(
        vitistack('web', '[{name: aws}]'),
        awsProvider(),
        machine('web-1'),
        `apiVersion: vitistack.io/v1alpha1
kind: Machine
metadata: {name: intruder, namespace: team-x}
spec:
  providerRef: {name: aws, namespace: production}
  instanceType: m5.large`,
      ),
    );
    const model = resolve(objects, V);
    assert.deepEqual(
      model.machines.map((m) => m.key),
      ['production/web-1'],
    );
    assert.deepEqual(model.warnings, [
      {
        code: 'CrossNamespaceRefused',
        object: 'Machine team-x/intruder',
        message:
          "Machine team-x/intruder references MachineProvider production/aws of Vitistack production/web from namespace 'team-x'; it is left out because cross-namespace references are refused unless the controller allows namespace 'team-x' (--allow-namespace team-x)",
      },
    ]);
    const allowed = resolve(objects, V, { allowedNamespaces: ['team-x'] });
    assert.deepEqual(
      allowed.machines.map((m) => m.key),
      ['production/web-1', 'team-x/intruder'],
    );
  });
});

describe('resolveStack: a provider shared by several Vitistacks', () => {
  const objects = objectsOf(
    docs(
      vitistack('web', '[{name: aws}]'),
      vitistack('api', '[{name: aws}]'),
      awsProvider(),
      machine(
        'm-web',
        'aws',
        '  instanceType: m5.large',
        'production',
        'vitistack.io/vitistack: web',
      ),
      machine(
        'm-api',
        'aws',
        '  instanceType: m5.large',
        'production',
        'vitistack.io/vitistack: api',
      ),
      machine('m-both', 'aws'),
    ),
  );

  it('gives each Vitistack the machines its label names, and the unlabelled ones to both', () => {
    assert.deepEqual(
      resolve(objects, 'production/web').machines.map((m) => m.key),
      ['production/m-both', 'production/m-web'],
    );
    assert.deepEqual(
      resolve(objects, 'production/api').machines.map((m) => m.key),
      ['production/m-api', 'production/m-both'],
    );
  });

  it('warns that an unlabelled machine on a shared provider is built by every stack', () => {
    const model = resolve(objects, 'production/web');
    assert.equal(model.machineProviders[0]?.shared, true);
    assert.deepEqual(model.warnings, [
      {
        code: 'SharedProviderMachine',
        object: 'Machine production/m-both',
        message:
          'Machine production/m-both has no vitistack.io/vitistack label and its MachineProvider production/aws is shared by several Vitistacks, so every one of them builds it; label it "vitistack.io/vitistack: <name>" to pick one',
      },
    ]);
  });

  it('leaves out, with a warning, a machine whose label names an unknown Vitistack', () => {
    const model = resolve(
      objectsOf(
        docs(
          vitistack('web', '[{name: aws}]'),
          awsProvider(),
          machine('web-1'),
          machine(
            'typo',
            'aws',
            '  instanceType: m5.large',
            'production',
            'vitistack.io/vitistack: wbe',
          ),
        ),
      ),
      V,
    );
    assert.deepEqual(
      model.machines.map((m) => m.key),
      ['production/web-1'],
    );
    assert.deepEqual(
      model.warnings.map((w) => [w.code, w.object]),
      [['MachineExcluded', 'Machine production/typo']],
    );
  });
});

describe('resolveStack: machine defaults', () => {
  const model = (spec: string) =>
    resolve(
      objectsOf(
        docs(vitistack('web', '[{name: aws}]'), awsProvider(), machine('web-1', 'aws', spec)),
      ),
      V,
    ).machines[0];

  it("takes a cloud provider's first instance type and image when the machine names none", () => {
    const m = model('  labels: {role: app}');
    assert.ok(m);
    assert.equal(m.instanceType, 'm5.large');
    assert.deepEqual(m.image, { name: 'ubuntu-22.04', id: 'ami-0c7217cdde317cfec' });
    assert.equal(m.cpu, 2);
    assert.equal(m.memoryBytes, 8 * 2 ** 30);
  });

  it('finds an image by its ID and passes a raw AMI ID through', () => {
    assert.deepEqual(model('  machineImage: ami-0c7217cdde317cfec')?.image, {
      name: 'ubuntu-22.04',
      id: 'ami-0c7217cdde317cfec',
    });
    assert.deepEqual(model('  machineImage: ami-0123456789abcdef0')?.image, {
      name: 'ami-0123456789abcdef0',
      id: 'ami-0123456789abcdef0',
    });
  });

  it('sums the root volume and the data volumes', () => {
    const m = model(
      '  storage:\n    rootVolume: {size: 30Gi}\n    additionalVolumes:\n      - {name: data, size: 70Gi}',
    );
    assert.equal(m?.storageBytes, 100 * 2 ** 30);
  });
});

describe('resolveStack: KubernetesClusters', () => {
  const talos = `${header('KubernetesProvider', 'talos')}
spec:
  type: talos
  clusterTemplate:
    kubernetesVersion: '1.30.1'
    controlPlane:
      replicas: 3
      machineTemplate: {resources: {cpu: 4, memory: 8Gi, storage: 50Gi}}
    workers:
      - name: pool
        replicas: 2
        machineTemplate: {resources: {cpu: 8, memory: 16Gi, storage: 100Gi}}`;
  const cluster = (name: string, provider: string, labels = '') => `${
    labels === ''
      ? header('KubernetesCluster', name)
      : `apiVersion: vitistack.io/v1alpha1\nkind: KubernetesCluster\nmetadata:\n  name: ${name}\n  namespace: production\n  labels: {${labels}}`
  }
spec:
  data: {clusterId: ${name}, provider: ${provider}, region: r, zone: z, environment: prod}
  topology:
    controlplane: {replicas: 1}`;
  const stack = (...extra: string[]) =>
    objectsOf(
      docs(
        vitistack('web', '[{name: aws}]', '  kubernetesProviders: [{name: talos}]'),
        awsProvider(),
        machine('web-1'),
        talos,
        ...extra,
      ),
    );

  it('takes version and workers from the template when the cluster gives none', () => {
    const c = resolve(stack(cluster('c1', 'talos')), V).clusters[0];
    assert.ok(c);
    assert.equal(c.version, '1.30.1');
    assert.deepEqual(
      c.nodeGroups.map((g) => [g.name, g.role, g.scaling.max, g.resources.cpu]),
      [
        ['control-plane', 'control-plane', 1, 4],
        ['pool', 'worker', 2, 8],
      ],
    );
  });

  it('matches a cluster by provider name as well as by type', () => {
    assert.deepEqual(
      resolve(stack(cluster('by-name', 'talos'), cluster('by-type', 'talos')), V).clusters.map(
        (c) => c.key,
      ),
      ['KubernetesCluster/production/by-name', 'KubernetesCluster/production/by-type'],
    );
  });

  it('leaves out a cluster whose label names another Vitistack', () => {
    const model = resolve(stack(cluster('c1', 'talos', 'vitistack.io/vitistack: other')), V);
    assert.deepEqual(model.clusters, []);
    assert.deepEqual(
      model.warnings.map((w) => [w.code, w.object]),
      [['UnusedProvider', 'KubernetesProvider production/talos']],
    );
  });

  it('ignores a cluster whose provider is neither a provider of the stack nor its type', () => {
    assert.deepEqual(resolve(stack(cluster('c1', 'k3s')), V).clusters, []);
  });
});

describe('secretInfoOf', () => {
  it('keeps the names and keys of a Secret manifest, never its values', () => {
    const manifest: SecretManifest = {
      source: { file: 's.yaml', line: 1 },
      metadata: {
        name: 'aws-credentials',
        namespace: 'production',
        labels: {},
        annotations: {},
        resourceVersion: '42',
      },
      values: { 'secret-access-key': 'wJalrXUtnFEMI', 'access-key-id': 'AKIAEXAMPLE' },
    };
    const info = secretInfoOf(manifest);
    assert.deepEqual(info, {
      namespace: 'production',
      name: 'aws-credentials',
      resourceVersion: '42',
      keys: ['access-key-id', 'secret-access-key'],
    });
    assert.ok(!JSON.stringify(info).includes('AKIAEXAMPLE'));
  });
});
