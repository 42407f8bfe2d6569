// KubernetesCluster: one Kubernetes cluster built on a KubernetesProvider. The spec documents list
// the kind without its fields; we follow the public vitistack/common Go type
// (pkg/v1alpha1/kubernetesCluster.go): spec.data and spec.topology.{controlplane, workers}.
import { defineKind, type Resource } from '../kind';
import { s, type Infer } from '../schema';
import { AGE_COLUMN, checkOddReplicas, PHASE_COLUMN, storageSize, taint } from './common';

export const ARCHITECTURES = ['amd64', 'arm64', 'x86_64'] as const;

const metadataDetails = s.object('Labels and annotations put on the nodes.', {
  labels: s.stringMap('Kubernetes labels of the nodes.'),
  annotations: s.stringMap('Kubernetes annotations of the nodes.'),
});

const storage = s.array(
  'Extra disks of each node.',
  s.object('A disk.', {
    class: s.text('Storage class (disk type) of the disk.'),
    path: s.string('Mount path of the disk on the node, e.g. /var/lib/longhorn.', {
      expected: 'an absolute path like "/var/lib/longhorn"',
      check: (v) =>
        v.startsWith('/')
          ? undefined
          : 'is not an absolute path (expected a form like "/var/lib/longhorn")',
    }),
    size: storageSize('Size of the disk, 1Gi to 100Ti, e.g. "100Gi".').req(),
  }),
);

const architecture = s.enum(
  'CPU architecture of the nodes; x86_64 is read as amd64. Defaults to amd64.',
  ARCHITECTURES,
);

const providerName = (description: string) => s.name(description);

const autoscaling = s
  .object('Autoscaling of the pool between minReplicas and maxReplicas.', {
    enabled: s.bool('Whether the pool is autoscaled.'),
    minReplicas: s.int('Fewest nodes when autoscaled.', { min: 0 }),
    maxReplicas: s.int('Most nodes when autoscaled.', { min: 1 }),
    scalingRules: s.strings('Scaling rules, passed to the autoscaler as is.'),
  })
  .refine((v, r) => {
    if (v.enabled !== true) return;
    if (v.minReplicas === undefined) {
      r.missing(['minReplicas'], 'is required when autoscaling is enabled');
    }
    if (v.maxReplicas === undefined) {
      r.missing(['maxReplicas'], 'is required when autoscaling is enabled');
    }
    if (
      v.minReplicas !== undefined &&
      v.maxReplicas !== undefined &&
      v.minReplicas > v.maxReplicas
    ) {
      r.add(
        ['minReplicas'],
        `is above maxReplicas ${v.maxReplicas} (minReplicas must not exceed maxReplicas)`,
        v.minReplicas,
      );
    }
  });

const nodePool = s
  .object('A pool of worker nodes.', {
    name: s.name('Name of the pool, unique within the cluster.').req(),
    replicas: s.int('Number of nodes (the starting size when autoscaled).', { min: 0 }).req(),
    version: s.kubernetesVersion('Kubernetes version of the pool. Defaults to topology.version.'),
    machineClass: s.text('Machine class (size name) of the nodes, e.g. "large".'),
    provider: providerName('Provider of the nodes, when it is not the cluster provider.'),
    metadata: metadataDetails,
    autoscaling,
    taint: s.array('Node taints (the vitistack/common name; taints is the same).', taint),
    taints: s.array('Node taints.', taint),
    storage,
    architecture,
  })
  .refine((v, r) => {
    if (v.taint !== undefined && v.taints !== undefined) {
      r.missing(
        ['taints'],
        'cannot be set together with taint (taint is the vitistack/common name for taints; use one)',
      );
    }
    const a = v.autoscaling;
    if (a?.enabled !== true || a.minReplicas === undefined || a.maxReplicas === undefined) return;
    if (v.replicas < a.minReplicas || v.replicas > a.maxReplicas) {
      r.add(
        ['replicas'],
        `is outside autoscaling minReplicas ${a.minReplicas} to maxReplicas ${a.maxReplicas} (replicas must be within the autoscaling range)`,
        v.replicas,
      );
    }
  });

export const kubernetesClusterSpec = s.object(
  'Desired cluster: identity and placement (data) and nodes (topology).',
  {
    data: s
      .object('Identity and placement of the cluster.', {
        clusterUid: s.text('Unique ID of the cluster, e.g. a UUID.'),
        clusterId: s.name('Cluster identifier, an RFC 1123 name, e.g. "prod-talos-01".').req(),
        provider: providerName(
          'The KubernetesProvider: its name, or its type when the Vitistack has one provider of that type.',
        ).req(),
        datacenter: s.text('Datacenter (Vitistack) of the cluster.'),
        region: s.text('Region of the cluster.').req(),
        zone: s.text('Zone of the cluster.').req(),
        project: s.text('Project the cluster belongs to.'),
        workspace: s.text('Workspace the cluster belongs to.'),
        workorder: s.text('Work order the cluster was requested under.'),
        environment: s.text('Environment, e.g. production or test.').req(),
        networkNamespaceName: s.name(
          'NetworkNamespace (same namespace) for VLAN and IP prefixes. Required by vitistack/common, optional here.',
        ),
      })
      .req(),
    topology: s
      .object('Nodes of the cluster.', {
        version: s.kubernetesVersion(
          'Kubernetes version, e.g. "1.29.3". Defaults to the provider template.',
        ),
        controlplane: s
          .object('Control plane nodes.', {
            replicas: s
              .int('Number of control plane nodes; odd (1, 3, 5) so etcd keeps quorum.', { min: 1 })
              .req(),
            version: s.kubernetesVersion(
              'Kubernetes version of the control plane. Defaults to topology.version.',
            ),
            provider: providerName('Provider of the control plane. Defaults to data.provider.'),
            machineClass: s.text('Machine class (size name) of the nodes, e.g. "large".'),
            metadata: metadataDetails,
            storage,
            architecture,
          })
          .refine((v, r) => {
            checkOddReplicas(v.replicas, r);
          })
          .req(),
        workers: s.object('Worker nodes.', {
          nodePools: s.array('Worker node pools.', nodePool, { uniqueBy: 'name' }),
        }),
      })
      .req(),
  },
);

// ---------------------------------------------------------------- status

const resourceUse = s.object('Capacity and use of one resource.', {
  capacity: s.quantity('Total capacity.', {}, '16'),
  used: s.quantity('Amount in use.', {}, '8'),
  percentage: s.int('Percentage in use.', { min: 0, max: 100 }),
});

const resources = s.object('CPU, memory, GPU and disk of the nodes.', {
  cpu: resourceUse,
  memory: resourceUse,
  gpu: resourceUse,
  disk: resourceUse,
});

const groupStatus = {
  status: s.string('State of the nodes.'),
  message: s.string('What is happening to the nodes.'),
  scale: s.int('Number of nodes.', { min: 0 }),
  machineClass: s.string('Machine class of the nodes.'),
  resources,
  nodes: s.strings('UIDs of the nodes.'),
};

/** Conditions in the metav1 form (True/False/Unknown) or the vitistack/common one (ok, warning, ...). */
const clusterCondition = s.object('A status condition.', {
  type: s.text('Condition type, e.g. Ready or ClusterReady.').req(),
  status: s
    .enum(
      'Status: True, False or Unknown; vitistack/common writes ok, warning, error, working or unknown.',
      ['True', 'False', 'Unknown', 'ok', 'warning', 'error', 'working', 'unknown'],
    )
    .req(),
  reason: s.string('Machine-readable reason in CamelCase.'),
  message: s.string('Human-readable message.'),
  lastTransitionTime: s.timestamp('When the condition last changed status.'),
  observedGeneration: s.int('The generation the condition was computed for.', { min: 0 }),
});

export const kubernetesClusterStatus = s.object('Observed state of the cluster.', {
  phase: s.string('Lifecycle phase: Provisioning, Running, Deleting, Failed or Updating.'),
  message: s.string('What is happening to the cluster now.'),
  conditions: s.array('Conditions of the cluster.', clusterCondition, { uniqueBy: 'type' }),
  observedGeneration: s.int('The generation last reconciled successfully.', { min: 0 }),
  endpoint: s.string('API server URL, e.g. https://10.0.0.10:6443.'),
  kubeconfigSecretRef: s.object('Secret entry holding the admin kubeconfig.', {
    name: s.name('Name of the Secret.').req(),
    key: s.text('Key of the kubeconfig in the Secret.'),
  }),
  state: s.object('What the cluster is made of now.', {
    cluster: s.object('The cluster.', {
      externalId: s.string('ID of the cluster in the provider.'),
      resources,
      price: s.object('Price of the cluster.', {
        monthly: s.int('Monthly price.', { min: 0 }),
        yearly: s.int('Yearly price.', { min: 0 }),
      }),
      controlplane: s.object('Control plane nodes.', groupStatus),
      nodepools: s.array(
        'Worker node pools.',
        s.object('A node pool.', {
          name: s.string('Pool name.'),
          ...groupStatus,
          autoscaling: s.object('Autoscaling of the pool.', {
            enabled: s.bool('Whether the pool is autoscaled.'),
            minReplicas: s.int('Fewest nodes.', { min: 0 }),
            maxReplicas: s.int('Most nodes.', { min: 0 }),
          }),
        }),
      ),
    }),
    versions: s.array(
      'Versions of the cluster components.',
      s.object('A component version.', {
        name: s.string('Component, e.g. kubernetes or talos.'),
        version: s.string('Version.'),
        branch: s.string('Release branch.'),
      }),
    ),
    endpoints: s.array(
      'Endpoints of the cluster (api, dashboard, grafana, ...).',
      s.object('An endpoint.', {
        name: s.string('Endpoint name, e.g. api.'),
        address: s.string('Address, e.g. https://api.example.com.'),
      }),
    ),
    egressIP: s.ip('Address the cluster egresses from.'),
    lastUpdated: s.timestamp('When the state was last updated.'),
    lastUpdatedBy: s.string('Who last updated the state.'),
    created: s.timestamp('When the cluster was created.'),
  }),
});

export type RawKubernetesClusterSpec = Infer<typeof kubernetesClusterSpec>;
export type KubernetesClusterStatus = Infer<typeof kubernetesClusterStatus>;

// ---------------------------------------------------------------- canonical

export type Architecture = 'amd64' | 'arm64';
export type ClusterStorage = NonNullable<Infer<typeof storage>>[number];
export type ClusterTaint = Infer<typeof taint>;

/** The control plane of a canonical cluster. */
export interface KubernetesClusterControlPlane {
  readonly replicas: number;
  readonly version?: string;
  readonly machineClass?: string;
  readonly provider?: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly storage: readonly ClusterStorage[];
  readonly architecture?: Architecture;
}

/** A worker pool of a canonical cluster (`taint` and `taints` unified as `taints`). */
export interface KubernetesClusterNodePool extends KubernetesClusterControlPlane {
  readonly name: string;
  readonly autoscaling?: {
    readonly enabled: boolean;
    readonly minReplicas?: number;
    readonly maxReplicas?: number;
    readonly scalingRules: readonly string[];
  };
  readonly taints: readonly ClusterTaint[];
}

/** The canonical KubernetesCluster spec: `data` and `topology` flattened. */
export interface KubernetesClusterSpec {
  readonly clusterId: string;
  readonly clusterUid?: string;
  /** KubernetesProvider name, or provider type. */
  readonly provider: string;
  readonly datacenter?: string;
  readonly region: string;
  readonly zone: string;
  readonly project?: string;
  readonly workspace?: string;
  readonly workorder?: string;
  readonly environment: string;
  readonly networkNamespaceName?: string;
  readonly version?: string;
  readonly controlPlane: KubernetesClusterControlPlane;
  readonly nodePools: readonly KubernetesClusterNodePool[];
}

export type KubernetesCluster = Resource<
  'KubernetesCluster',
  KubernetesClusterSpec,
  KubernetesClusterStatus
>;

const archOf = (a: (typeof ARCHITECTURES)[number] | undefined): Architecture | undefined =>
  a === 'x86_64' ? 'amd64' : a;

export function normaliseKubernetesClusterSpec(
  raw: RawKubernetesClusterSpec,
): KubernetesClusterSpec {
  const { data, topology } = raw;
  const cp = topology.controlplane;
  return {
    clusterId: data.clusterId,
    clusterUid: data.clusterUid,
    provider: data.provider,
    datacenter: data.datacenter,
    region: data.region,
    zone: data.zone,
    project: data.project,
    workspace: data.workspace,
    workorder: data.workorder,
    environment: data.environment,
    networkNamespaceName: data.networkNamespaceName,
    version: topology.version,
    controlPlane: {
      replicas: cp.replicas,
      version: cp.version,
      machineClass: cp.machineClass,
      provider: cp.provider,
      labels: cp.metadata?.labels ?? {},
      annotations: cp.metadata?.annotations ?? {},
      storage: cp.storage ?? [],
      architecture: archOf(cp.architecture),
    },
    nodePools: (topology.workers?.nodePools ?? []).map((p) => ({
      name: p.name,
      replicas: p.replicas,
      version: p.version,
      machineClass: p.machineClass,
      provider: p.provider,
      labels: p.metadata?.labels ?? {},
      annotations: p.metadata?.annotations ?? {},
      autoscaling:
        p.autoscaling === undefined
          ? undefined
          : {
              enabled: p.autoscaling.enabled ?? false,
              minReplicas: p.autoscaling.minReplicas,
              maxReplicas: p.autoscaling.maxReplicas,
              scalingRules: p.autoscaling.scalingRules ?? [],
            },
      taints: p.taints ?? p.taint ?? [],
      storage: p.storage ?? [],
      architecture: archOf(p.architecture),
    })),
  };
}

export const kubernetesClusterKind = defineKind({
  kind: 'KubernetesCluster',
  plural: 'kubernetesclusters',
  singular: 'kubernetescluster',
  shortNames: ['kc'],
  description:
    'KubernetesCluster is one Kubernetes cluster built on a KubernetesProvider (by name, or by type): its identity and placement (data) and its control plane and worker node pools (topology), following the vitistack/common type.',
  spec: kubernetesClusterSpec,
  status: kubernetesClusterStatus,
  printerColumns: [
    PHASE_COLUMN,
    {
      name: 'Provider',
      type: 'string',
      jsonPath: '.spec.data.provider',
      description: 'KubernetesProvider name or type.',
    },
    { name: 'Region', type: 'string', jsonPath: '.spec.data.region', description: 'Region.' },
    {
      name: 'ControlPlaneReplicas',
      type: 'integer',
      jsonPath: '.spec.topology.controlplane.replicas',
      description: 'Number of control plane nodes.',
    },
    {
      name: 'Message',
      type: 'string',
      jsonPath: '.status.message',
      description: 'What is happening now.',
      priority: 1,
    },
    AGE_COLUMN,
  ],
  normalise: (raw): KubernetesCluster => ({
    kind: 'KubernetesCluster',
    metadata: raw.metadata,
    spec: normaliseKubernetesClusterSpec(raw.spec),
    status: raw.status,
  }),
});
