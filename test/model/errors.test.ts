// Every problem resolveStack reports, with its reason, object, field and exact message.
import { strict as assert } from 'node:assert';
import { ModelError, ModelErrors } from '../../src/model/errors';
import type { ResolveOptions } from '../../src/model/stack-model';
import {
  awsProvider,
  docs,
  header,
  machine,
  objectsOf,
  problemsOf,
  resolve,
  vitistack,
  type Problem,
} from './helpers';

const V = 'production/web';

/** A talos backend provider whose nodes run on MachineProvider `aws`. */
function talosProvider(name: string, extra = ''): string {
  return `${header('KubernetesProvider', name)}
spec:
  type: talos
  clusterTemplate:
    controlPlane: {replicas: 1}
  machineProviderRef: {name: aws}
${extra}`;
}

function cluster(name: string, provider: string, controlplane = '{replicas: 1}'): string {
  return `${header('KubernetesCluster', name)}
spec:
  data: {clusterId: ${name}, provider: ${provider}, region: r, zone: z, environment: prod}
  topology:
    controlplane: ${controlplane}`;
}

const eksProvider = (nodeGroup: string) => `${header('KubernetesProvider', 'eks')}
spec:
  type: eks
  eks:
    nodeGroups:
      - name: ng
${nodeGroup}`;

/** n Machines web-1..web-n on `aws`, each with the given spec lines. */
function machines(n: number, spec = '  instanceType: m5.large'): string[] {
  return Array.from({ length: n }, (_, i) => machine(`web-${i + 1}`, 'aws', spec));
}

interface Case {
  readonly name: string;
  readonly yaml: string;
  readonly vitistack?: string;
  readonly options?: ResolveOptions;
  readonly problems: readonly Problem[];
}

const cases: readonly Case[] = [
  // ------------------------------------------------------------ ProviderNotFound
  {
    name: 'ProviderNotFound: a MachineProvider of spec.machineProviders (the spec 000 wording)',
    yaml: vitistack('aws-production', '[{name: aws-provider, namespace: default}]'),
    vitistack: 'production/aws-production',
    options: { allowedNamespaces: ['default'] },
    problems: [
      {
        reason: 'ProviderNotFound',
        object: 'Vitistack production/aws-production',
        field: 'spec.machineProviders[0]',
        message:
          "MachineProvider 'aws-provider' not found in namespace 'default' (referenced by Vitistack production/aws-production spec.machineProviders[0])",
      },
    ],
  },
  {
    name: 'ProviderNotFound: a KubernetesProvider of spec.kubernetesProviders',
    yaml: docs(
      vitistack('web', '[{name: aws}]', '  kubernetesProviders: [{name: eks}]'),
      awsProvider(),
    ),
    problems: [
      {
        reason: 'ProviderNotFound',
        object: 'Vitistack production/web',
        field: 'spec.kubernetesProviders[0]',
        message:
          "KubernetesProvider 'eks' not found in namespace 'production' (referenced by Vitistack production/web spec.kubernetesProviders[0])",
      },
    ],
  },
  {
    name: "ProviderNotFound: a KubernetesProvider's machineProviderRef",
    yaml: docs(
      vitistack('web', '[{name: aws}]', '  kubernetesProviders: [{name: talos}]'),
      awsProvider(),
      machine('web-1'),
      `${header('KubernetesProvider', 'talos')}
spec:
  type: talos
  clusterTemplate:
    controlPlane: {replicas: 1}
  machineProviderRef: {name: proxmox}`,
      cluster('c1', 'talos'),
    ),
    problems: [
      {
        reason: 'ProviderNotFound',
        object: 'KubernetesProvider production/talos',
        field: 'spec.machineProviderRef',
        message:
          "MachineProvider 'proxmox' not found in namespace 'production' (referenced by KubernetesProvider production/talos spec.machineProviderRef)",
      },
    ],
  },
  // ------------------------------------------------------------ CrossNamespaceRefused
  {
    name: 'CrossNamespaceRefused: a provider in a namespace the controller does not allow',
    yaml: docs(vitistack('x', '[{name: p, namespace: other}]'), awsProvider('p', 'other')),
    vitistack: 'production/x',
    problems: [
      {
        reason: 'CrossNamespaceRefused',
        object: 'Vitistack production/x',
        field: 'spec.machineProviders[0]',
        message:
          "Vitistack production/x references MachineProvider 'p' in namespace 'other'; cross-namespace references are refused unless the controller allows namespace 'other' (--allow-namespace other)",
      },
    ],
  },
  {
    name: 'CrossNamespaceRefused: a credentials Secret in another namespace',
    yaml: docs(
      vitistack('web', '[{name: aws}]'),
      `${header('MachineProvider', 'aws')}
spec:
  type: aws
  region: us-west-2
  aws:
    credentials: {secretRef: {name: aws-credentials, namespace: vault}}`,
      machine('web-1', 'aws', '  instanceType: m5.large\n  machineImage: ami-0c7217cdde317cfec'),
    ),
    problems: [
      {
        reason: 'CrossNamespaceRefused',
        object: 'MachineProvider production/aws',
        field: 'spec.credentials.secretRef',
        message:
          "MachineProvider production/aws references Secret 'aws-credentials' in namespace 'vault'; cross-namespace references are refused unless the controller allows namespace 'vault' (--allow-namespace vault)",
      },
    ],
  },
  // ------------------------------------------------------------ DependencyNotReady
  {
    name: 'DependencyNotReady: the credentials Secret does not exist',
    yaml: docs(
      vitistack('web', '[{name: aws-ec2-provider}]'),
      awsProvider('aws-ec2-provider'),
      machine('web-1', 'aws-ec2-provider'),
    ),
    options: { secrets: [] },
    problems: [
      {
        reason: 'DependencyNotReady',
        object: 'MachineProvider production/aws-ec2-provider',
        field: 'spec.credentials.secretRef',
        message:
          "Secret 'aws-credentials' in namespace 'production' (credentials of MachineProvider production/aws-ec2-provider) does not exist yet",
      },
    ],
  },
  {
    name: 'DependencyNotReady: the Secret lacks the referenced key',
    yaml: docs(
      vitistack('web', '[{name: aws}]'),
      `${header('MachineProvider', 'aws')}
spec:
  type: aws
  region: us-west-2
  aws:
    credentials: {secretRef: {name: aws-credentials, key: credentials}}`,
      machine('web-1', 'aws', '  instanceType: m5.large\n  machineImage: ami-0c7217cdde317cfec'),
    ),
    options: {
      secrets: [
        {
          namespace: 'production',
          name: 'aws-credentials',
          keys: ['access-key-id', 'secret-access-key'],
        },
      ],
    },
    problems: [
      {
        reason: 'DependencyNotReady',
        object: 'MachineProvider production/aws',
        field: 'spec.credentials.secretRef',
        message:
          "Secret 'aws-credentials' in namespace 'production' (credentials of MachineProvider production/aws) has no key 'credentials' (keys: 'access-key-id', 'secret-access-key')",
      },
    ],
  },
  {
    name: "DependencyNotReady: a machine interface's NetworkConfiguration does not exist",
    yaml: docs(
      vitistack('web', '[{name: aws}]'),
      awsProvider(),
      machine(
        'web-1',
        'aws',
        '  networking:\n    interfaces:\n      - {name: eth0, networkRef: {name: vlan-x}}',
      ),
    ),
    problems: [
      {
        reason: 'DependencyNotReady',
        object: 'Machine production/web-1',
        field: 'spec.networking.interfaces[0].networkRef',
        message:
          "NetworkConfiguration 'vlan-x' in namespace 'production' (referenced by Machine production/web-1 spec.networking.interfaces[0].networkRef) does not exist yet",
      },
    ],
  },
  // ------------------------------------------------------------ ValidationFailed
  {
    name: 'ValidationFailed: an instance type the provider does not offer',
    yaml: docs(
      vitistack('web', '[{name: aws}]'),
      awsProvider(),
      machine('web-1', 'aws', '  instanceType: m5.huge'),
    ),
    problems: [
      {
        reason: 'ValidationFailed',
        object: 'Machine production/web-1',
        field: 'spec.instanceType',
        message:
          'Machine production/web-1 spec.instanceType: "m5.huge" is not offered by MachineProvider production/aws (offered: "m5.large", "m5.xlarge"); use one of those or add it to the provider\'s instanceTypes',
      },
    ],
  },
  {
    name: 'ValidationFailed: an image that is neither listed nor an image ID',
    yaml: docs(
      vitistack('web', '[{name: aws}]'),
      awsProvider(),
      machine('web-1', 'aws', '  instanceType: m5.large\n  machineImage: debian-12'),
    ),
    problems: [
      {
        reason: 'ValidationFailed',
        object: 'Machine production/web-1',
        field: 'spec.machineImage',
        message:
          'Machine production/web-1 spec.machineImage: "debian-12" is neither an image of MachineProvider production/aws (images: "ubuntu-22.04") nor a provider image ID; use one of those names, an image ID such as "ami-0123456789abcdef0", or add the image to the provider',
      },
    ],
  },
  {
    name: 'ValidationFailed: a cluster names a provider type two providers have',
    yaml: docs(
      vitistack(
        'web',
        '[{name: aws}]',
        '  kubernetesProviders: [{name: talos-a}, {name: talos-b}]',
      ),
      awsProvider(),
      talosProvider('talos-a'),
      talosProvider('talos-b'),
      cluster('c1', 'talos'),
    ),
    problems: [
      {
        reason: 'ValidationFailed',
        object: 'KubernetesCluster production/c1',
        field: 'spec.data.provider',
        message:
          'KubernetesCluster production/c1 spec.data.provider: "talos" is a provider type, and Vitistack production/web has 2 KubernetesProviders of that type (production/talos-a, production/talos-b); name one of them instead',
      },
    ],
  },
  {
    name: 'ValidationFailed: a KubernetesCluster on a provider that describes its own cluster',
    yaml: docs(
      vitistack('web', '[{name: aws}]', '  kubernetesProviders: [{name: eks}]'),
      awsProvider(),
      eksProvider('        instanceType: m5.large\n        machineProvider: {name: aws}'),
      cluster('c1', 'eks'),
    ),
    problems: [
      {
        reason: 'ValidationFailed',
        object: 'KubernetesCluster production/c1',
        field: 'spec.data.provider',
        message:
          'KubernetesCluster production/c1 spec.data.provider: "eks" resolves to KubernetesProvider production/eks, which describes its own eks cluster; KubernetesClusters are built only on backend providers (talos, kubeadm, k3s): name one of those or remove the KubernetesCluster',
      },
    ],
  },
  {
    name: 'ValidationFailed: a node group on a MachineProvider the Vitistack does not use',
    yaml: docs(
      vitistack('web', '[{name: aws}]', '  kubernetesProviders: [{name: eks}]'),
      awsProvider(),
      awsProvider('other-aws'),
      machine('web-1'),
      eksProvider('        instanceType: m5.large\n        machineProvider: {name: other-aws}'),
    ),
    problems: [
      {
        reason: 'ValidationFailed',
        object: 'KubernetesProvider production/eks',
        field: 'spec.eks.nodeGroups[0].machineProvider',
        message:
          "KubernetesProvider production/eks spec.eks.nodeGroups[0].machineProvider names MachineProvider production/other-aws, which Vitistack production/web does not use; add it to the Vitistack's spec.machineProviders or name one of its MachineProviders (production/aws)",
      },
    ],
  },
  {
    name: 'ValidationFailed: a node group instance type its MachineProvider does not offer',
    yaml: docs(
      vitistack('web', '[{name: aws}]', '  kubernetesProviders: [{name: eks}]'),
      awsProvider(),
      eksProvider('        instanceType: c5.large\n        machineProvider: {name: aws}'),
    ),
    problems: [
      {
        reason: 'ValidationFailed',
        object: 'KubernetesProvider production/eks',
        field: 'spec.eks.nodeGroups[0].instanceType',
        message:
          'KubernetesProvider production/eks spec.eks.nodeGroups[0].instanceType: "c5.large" is not offered by MachineProvider production/aws (offered: "m5.large", "m5.xlarge"); use one of those or add it to the provider\'s instance types',
      },
    ],
  },
  {
    name: 'ValidationFailed: a control-plane machine class its MachineProvider does not offer',
    yaml: docs(
      vitistack('web', '[{name: aws}]', '  kubernetesProviders: [{name: talos}]'),
      awsProvider(),
      talosProvider('talos'),
      cluster('c1', 'talos', '{replicas: 1, machineClass: huge}'),
    ),
    problems: [
      {
        reason: 'ValidationFailed',
        object: 'KubernetesCluster production/c1',
        field: 'spec.topology.controlplane.machineClass',
        message:
          'KubernetesCluster production/c1 spec.topology.controlplane.machineClass: "huge" is not offered by MachineProvider production/aws (offered: "m5.large", "m5.xlarge"); use one of those or add it to the provider\'s instance types',
      },
    ],
  },
  // ------------------------------------------------------------ InsufficientCapacity
  {
    name: 'InsufficientCapacity: maxMachines',
    yaml: docs(
      vitistack('edge-west', '[{name: aws}]', '  resourceQuotas: {maxMachines: 10}'),
      awsProvider(),
      ...machines(12),
    ),
    vitistack: 'production/edge-west',
    problems: [
      {
        reason: 'InsufficientCapacity',
        object: 'Vitistack production/edge-west',
        field: 'spec.resourceQuotas.maxMachines',
        message:
          'Vitistack production/edge-west allows at most 10 machines (spec.resourceQuotas.maxMachines) but 12 are requested: remove machines or raise the quota',
      },
    ],
  },
  {
    name: 'InsufficientCapacity: maxMachines counts cluster nodes at their maximum size',
    yaml: docs(
      vitistack(
        'web',
        '[{name: aws}]',
        '  kubernetesProviders: [{name: eks}]\n  resourceQuotas: {maxMachines: 4}',
      ),
      awsProvider(),
      machine('web-1'),
      eksProvider(
        '        instanceType: m5.large\n        machineProvider: {name: aws}\n        scaling: {minSize: 1, maxSize: 4, desiredSize: 2}',
      ),
    ),
    problems: [
      {
        reason: 'InsufficientCapacity',
        object: 'Vitistack production/web',
        field: 'spec.resourceQuotas.maxMachines',
        message:
          'Vitistack production/web allows at most 4 machines (spec.resourceQuotas.maxMachines) but 5 are requested (1 Machine and 4 cluster nodes at their maximum size): remove machines or raise the quota',
      },
    ],
  },
  {
    name: 'InsufficientCapacity: quotas.machines.total (spec 001) names its own path',
    yaml: docs(
      vitistack('web', '[{name: aws}]', '  quotas: {machines: {total: 1, perProvider: 1}}'),
      awsProvider(),
      ...machines(2),
    ),
    problems: [
      {
        reason: 'InsufficientCapacity',
        object: 'Vitistack production/web',
        field: 'spec.quotas.machines.total',
        message:
          'Vitistack production/web allows at most 1 machine (spec.quotas.machines.total) but 2 are requested: remove machines or raise the quota',
      },
      {
        reason: 'InsufficientCapacity',
        object: 'Vitistack production/web',
        field: 'spec.quotas.machines.perProvider',
        message:
          'Vitistack production/web allows at most 1 machine per provider (spec.quotas.machines.perProvider) but 2 are requested on MachineProvider production/aws: move machines to another provider or raise the quota',
      },
    ],
  },
  {
    name: 'InsufficientCapacity: maxMemory, in binary units',
    yaml: docs(
      vitistack('web', '[{name: aws}]', "  resourceQuotas: {maxMemory: '200Gi'}"),
      awsProvider(),
      ...machines(13, '  instanceType: m5.large\n  resources: {memory: {size: 20Gi}}'),
    ),
    problems: [
      {
        reason: 'InsufficientCapacity',
        object: 'Vitistack production/web',
        field: 'spec.resourceQuotas.maxMemory',
        message:
          'Vitistack production/web allows at most 200Gi of memory (spec.resourceQuotas.maxMemory) but 260Gi are requested: remove machines or raise the quota',
      },
    ],
  },
  {
    name: 'InsufficientCapacity: maxCPU',
    yaml: docs(
      vitistack('web', '[{name: aws}]', "  resourceQuotas: {maxCPU: '4'}"),
      awsProvider(),
      ...machines(3),
    ),
    problems: [
      {
        reason: 'InsufficientCapacity',
        object: 'Vitistack production/web',
        field: 'spec.resourceQuotas.maxCPU',
        message:
          'Vitistack production/web allows at most 4 CPU cores (spec.resourceQuotas.maxCPU) but 6 are requested: remove machines or raise the quota',
      },
    ],
  },
  {
    name: 'InsufficientCapacity: maxStorage',
    yaml: docs(
      vitistack('web', '[{name: aws}]', "  resourceQuotas: {maxStorage: '1Ti'}"),
      awsProvider(),
      ...machines(3, '  instanceType: m5.large\n  storage: {rootVolume: {size: 512Gi}}'),
    ),
    problems: [
      {
        reason: 'InsufficientCapacity',
        object: 'Vitistack production/web',
        field: 'spec.resourceQuotas.maxStorage',
        message:
          'Vitistack production/web allows at most 1Ti of storage (spec.resourceQuotas.maxStorage) but 1.5Ti are requested: remove machines or raise the quota',
      },
    ],
  },
  {
    name: 'InsufficientCapacity: maxClusters',
    yaml: docs(
      vitistack(
        'web',
        '[{name: aws}]',
        '  kubernetesProviders: [{name: talos}]\n  resourceQuotas: {maxClusters: 1}',
      ),
      awsProvider(),
      talosProvider('talos'),
      cluster('c1', 'talos'),
      cluster('c2', 'talos'),
    ),
    problems: [
      {
        reason: 'InsufficientCapacity',
        object: 'Vitistack production/web',
        field: 'spec.resourceQuotas.maxClusters',
        message:
          'Vitistack production/web allows at most 1 cluster (spec.resourceQuotas.maxClusters) but 2 are requested: remove clusters or raise the quota',
      },
    ],
  },
  {
    name: 'InsufficientCapacity: maxProviders',
    yaml: docs(
      vitistack('web', '[{name: aws}, {name: aws-2}]', '  resourceQuotas: {maxProviders: 1}'),
      awsProvider(),
      awsProvider('aws-2'),
      machine('web-1'),
      machine('web-2', 'aws-2'),
    ),
    problems: [
      {
        reason: 'InsufficientCapacity',
        object: 'Vitistack production/web',
        field: 'spec.resourceQuotas.maxProviders',
        message:
          'Vitistack production/web allows at most 1 provider (spec.resourceQuotas.maxProviders) but 2 are requested: remove providers or raise the quota',
      },
    ],
  },
  {
    name: 'InsufficientCapacity: quotas.storage.perMachine',
    yaml: docs(
      vitistack('web', '[{name: aws}]', '  quotas: {storage: {perMachine: 100Gi}}'),
      awsProvider(),
      machine('web-1', 'aws', '  instanceType: m5.large\n  storage: {rootVolume: {size: 200Gi}}'),
    ),
    problems: [
      {
        reason: 'InsufficientCapacity',
        object: 'Machine production/web-1',
        field: 'spec.storage',
        message:
          'Vitistack production/web allows at most 100Gi of storage per machine (spec.quotas.storage.perMachine) but Machine production/web-1 requests 200Gi: shrink its volumes or raise the quota',
      },
    ],
  },
  {
    name: "InsufficientCapacity: the provider's capacity.maxMachines",
    yaml: docs(
      vitistack('web', '[{name: aws}]'),
      awsProvider('aws', 'production', '  capacity: {maxMachines: 1}'),
      ...machines(2),
    ),
    problems: [
      {
        reason: 'InsufficientCapacity',
        object: 'MachineProvider production/aws',
        field: 'spec.capacity.maxMachines',
        message:
          'MachineProvider production/aws has capacity for at most 1 machine (spec.capacity.maxMachines) but 2 are requested: remove machines or raise the capacity',
      },
    ],
  },
];

describe('resolveStack: problems', () => {
  for (const tc of cases) {
    it(tc.name, () => {
      const problems = problemsOf(objectsOf(tc.yaml), tc.vitistack ?? V, tc.options);
      assert.deepEqual(problems, tc.problems);
    });
  }

  it('covers every reason', () => {
    const reasons = new Set(cases.flatMap((c) => c.problems.map((p) => p.reason)));
    assert.deepEqual([...reasons].sort(), [
      'CrossNamespaceRefused',
      'DependencyNotReady',
      'InsufficientCapacity',
      'ProviderNotFound',
      'ValidationFailed',
    ]);
  });

  it('collects every problem and throws them together', () => {
    const objects = objectsOf(
      docs(
        vitistack('web', '[{name: aws}, {name: missing}]', '  resourceQuotas: {maxMachines: 1}'),
        awsProvider(),
        machine('web-1', 'aws', '  instanceType: m5.huge'),
        machine('web-2'),
      ),
    );
    let thrown: unknown;
    try {
      resolve(objects, V);
    } catch (e) {
      thrown = e;
    }
    assert.ok(thrown instanceof ModelErrors);
    assert.deepEqual(
      thrown.errors.map((e) => e.reason),
      ['ProviderNotFound', 'ValidationFailed', 'InsufficientCapacity'],
    );
    assert.equal(thrown.reason, 'ProviderNotFound');
    assert.ok(thrown.errors.every((e) => e instanceof ModelError));
    assert.equal(
      thrown.message.split('\n')[0],
      'Vitistack production/web cannot be resolved (3 problems):',
    );
    assert.equal(thrown.message.split('\n').length, 4);
  });

  it('does not check Secrets when the caller does not know them (offline render)', () => {
    const objects = objectsOf(
      docs(vitistack('web', '[{name: aws}]'), awsProvider(), machine('web-1')),
    );
    assert.equal(resolve(objects, V).secretRefs.length, 1);
    assert.throws(() => resolve(objects, V, { secrets: [] }), ModelErrors);
  });
});
