// The clusters of a stack. A KubernetesProvider that describes a cluster itself (eks, aks, gke,
// rke2, openshift, vanilla blocks) builds that one cluster. A backend provider (talos, kubeadm,
// k3s with a clusterTemplate) builds one cluster per KubernetesCluster that uses it, with the
// template's version, CNI, control-plane and worker sizes as defaults.
//
// A KubernetesCluster uses one of the stack's KubernetesProviders when
//   - it lives in the Vitistack's namespace or an allowed one,
//   - its `vitistack.io/vitistack` label, else its `spec.data.datacenter`, when set, names this
//     Vitistack, and
//   - `spec.data.provider` names one of the providers (one in the cluster's namespace first), or
//     is a provider type that exactly one of them has (two or more: ValidationFailed).
import type { KubernetesCluster, NetworkNamespace } from '../api/v1alpha1';
import type {
  KubernetesClusterControlPlane,
  KubernetesClusterNodePool,
} from '../api/v1alpha1/kubernetescluster';
import {
  KUBERNETES_PROVIDER_TYPES,
  type KubernetesNodeGroup,
  type MachineResources,
  type TemplateMachines,
} from '../api/v1alpha1/kubernetesprovider';
import type { InstanceTypeOffer } from '../api/v1alpha1/machineprovider';
import type { Context } from './context';
import {
  BUILT_DISTRIBUTIONS,
  CONTROL_PLANE_GROUP,
  DEFAULT_NODE_GROUP_SIZE,
  DEFAULT_NODE_INSTANCE_TYPES,
  LABELS,
} from './defaults';
import { objectName } from './errors';
import { byKey, compact, keyOf, mergeTags, quoteList, standardLabels } from './objects';
import { stackMachineProvider } from './providers';
import { bytesOf, coresOf } from './sizes';
import type {
  NodeResources,
  ResolvedCluster,
  ResolvedKubernetesProvider,
  ResolvedMachineProvider,
  ResolvedNodeGroup,
} from './stack-model';

/** Field names of one instance type and of several, per distribution block. */
const INSTANCE_FIELDS: Readonly<Record<string, readonly [string, string, string]>> = {
  eks: ['nodeGroups', 'instanceType', 'instanceTypes'],
  aks: ['nodePools', 'vmSize', 'vmSizes'],
  gke: ['nodePools', 'machineType', 'machineTypes'],
};

function offerResources(offer: InstanceTypeOffer | undefined): NodeResources {
  if (offer === undefined) return {};
  return compact({
    cpu: offer.vcpus,
    memoryBytes: bytesOf(offer.memory),
    storageBytes: bytesOf(offer.storage),
  });
}

function templateResources(r: MachineResources | undefined): NodeResources {
  if (r === undefined) return {};
  return compact({
    cpu: coresOf(r.cpu),
    memoryBytes: bytesOf(r.memory),
    storageBytes: bytesOf(r.storage),
  });
}

/** Fills absent scaling bounds: desired from min, then the default; min and max from desired. */
export function completeScaling(s: KubernetesNodeGroup['scaling']): ResolvedNodeGroup['scaling'] {
  const desired =
    s?.desired ??
    s?.min ??
    (s?.max === undefined ? DEFAULT_NODE_GROUP_SIZE : Math.min(s.max, DEFAULT_NODE_GROUP_SIZE));
  const min = s?.min ?? desired;
  return { min, max: s?.max ?? Math.max(desired, min), desired };
}

function offersOf(
  machineProviders: readonly ResolvedMachineProvider[],
  key: string | undefined,
): readonly InstanceTypeOffer[] {
  return machineProviders.find((m) => m.key === key)?.provider.spec.instanceTypes ?? [];
}

/** ValidationFailed unless `wanted` is among the offers (when there are any). */
function checkOffered(
  ctx: Context,
  offers: readonly InstanceTypeOffer[],
  wanted: string,
  from: { object: string; field: string },
  machineProviderKey: string | undefined,
): void {
  if (offers.length === 0 || offers.some((o) => o.name === wanted)) return;
  ctx.fail({
    reason: 'ValidationFailed',
    object: from.object,
    field: from.field,
    message: `${from.object} ${from.field}: "${wanted}" is not offered by MachineProvider ${machineProviderKey ?? ''} (offered: ${quoteList(offers.map((o) => o.name))}); use one of those or add it to the provider's instance types`,
  });
}

// ---------------------------------------------------------------- provider-described clusters

function managedNodeGroups(
  ctx: Context,
  kp: ResolvedKubernetesProvider,
  machineProviders: readonly ResolvedMachineProvider[],
): ResolvedNodeGroup[] {
  const p = kp.provider;
  const object = objectName('KubernetesProvider', p.metadata);
  const [list, one, many] = INSTANCE_FIELDS[p.spec.type] ?? [
    'nodeGroups',
    'instanceType',
    'instanceTypes',
  ];
  return p.spec.nodeGroups.map((g, i): ResolvedNodeGroup => {
    const field = `spec.${p.spec.type}.${list}[${i}]`;
    const mpKey =
      g.machineProviderRef === undefined
        ? kp.machineProviderKey
        : stackMachineProvider(ctx, machineProviders, g.machineProviderRef, p.metadata.namespace, {
            object,
            field: `${field}.machineProvider`,
          });
    const offers = offersOf(machineProviders, mpKey);
    const typeField = `${field}.${g.instanceTypes.length === 1 ? one : many}`;
    for (const t of g.instanceTypes)
      checkOffered(ctx, offers, t, { object, field: typeField }, mpKey);
    const fallback =
      offers[0]?.name ?? DEFAULT_NODE_INSTANCE_TYPES[p.spec.cluster?.distribution ?? 'eks'];
    const instanceTypes =
      g.instanceTypes.length > 0 ? g.instanceTypes : fallback === undefined ? [] : [fallback];
    const { scaling: written, ...rest } = g;
    const scaling = completeScaling(written);
    return compact({
      ...rest,
      instanceTypes,
      role: 'worker' as const,
      replicas: scaling.desired,
      scaling,
      machineProviderKey: mpKey,
      resources: offerResources(offers.find((o) => o.name === instanceTypes[0])),
      annotations: {},
      disks: [],
    });
  });
}

function providerCluster(
  ctx: Context,
  kp: ResolvedKubernetesProvider,
  machineProviders: readonly ResolvedMachineProvider[],
): ResolvedCluster | undefined {
  const p = kp.provider;
  const c = p.spec.cluster;
  if (c === undefined) return undefined;
  return compact({
    key: `KubernetesProvider/${kp.key}`,
    name: c.name ?? p.metadata.name,
    providerKey: kp.key,
    distribution: p.spec.type,
    supported: BUILT_DISTRIBUTIONS.includes(p.spec.type),
    version: p.spec.version,
    region: kp.region,
    credentialsSecret: kp.credentialsSecret,
    roleArn: c.roleArn,
    subnetIds: c.subnetIds,
    securityGroupIds: c.securityGroupIds,
    endpointAccess: c.endpointAccess,
    logging: c.logging,
    encryption: c.encryption && compact({ ...c.encryption }),
    tags: mergeTags(ctx.stackName, standardLabels(ctx.vitistack.metadata.labels), c.tags),
    aks: c.aks,
    gke: c.gke,
    config: c.config,
    nodeGroups: managedNodeGroups(ctx, kp, machineProviders),
    networking: p.spec.networking,
    security: p.spec.security,
    addons: p.spec.addons.filter((a) => a.enabled),
    monitoring: p.spec.monitoring,
    backup: p.spec.backup,
    machineProviderKey: kp.machineProviderKey,
  });
}

// ---------------------------------------------------------------- KubernetesClusters

/** The stack's provider a KubernetesCluster uses, or undefined when it is not ours. */
function providerOfCluster(
  ctx: Context,
  cluster: KubernetesCluster,
  providers: readonly ResolvedKubernetesProvider[],
): ResolvedKubernetesProvider | undefined {
  const wanted = cluster.spec.provider;
  const ns = cluster.metadata.namespace;
  const named = providers.filter((p) => p.provider.metadata.name === wanted);
  const object = objectName('KubernetesCluster', cluster.metadata);
  const ambiguous = (
    what: string,
    list: readonly ResolvedKubernetesProvider[],
    fix: string,
  ): void => {
    ctx.fail({
      reason: 'ValidationFailed',
      object,
      field: 'spec.data.provider',
      message: `${object} spec.data.provider: "${wanted}" ${what} (${list.map((p) => p.key).join(', ')}); ${fix}`,
    });
  };
  if (named.length > 0) {
    const local = named.find((p) => p.provider.metadata.namespace === ns);
    if (local !== undefined) return local;
    const [only, ...more] = named;
    if (more.length === 0) return only;
    ambiguous(
      `names ${named.length} KubernetesProviders of ${ctx.subject}, none in namespace '${ns}'`,
      named,
      'move the KubernetesCluster into the namespace of the one it should use',
    );
    return undefined;
  }
  if (!(KUBERNETES_PROVIDER_TYPES as readonly string[]).includes(wanted)) return undefined;
  const typed = providers.filter((p) => p.type === wanted);
  const [only, ...more] = typed;
  if (only === undefined || more.length === 0) return only;
  ambiguous(
    `is a provider type, and ${ctx.subject} has ${typed.length} KubernetesProviders of that type`,
    typed,
    'name one of them instead',
  );
  return undefined;
}

/** Whether the cluster's label or `spec.data.datacenter` lets it belong to this Vitistack. */
function claimedByUs(ctx: Context, cluster: KubernetesCluster): boolean {
  const claim = cluster.metadata.labels[LABELS.vitistack] ?? cluster.spec.datacenter;
  return claim === undefined || claim === ctx.name;
}

/**
 * A `provider` of the control plane or a node pool: the cluster's own KubernetesProvider (by
 * name or type) changes nothing; one of the stack's MachineProviders (by name, or by type when
 * exactly one has it) puts the nodes there. Anything else is ValidationFailed.
 */
function nodeProvider(
  ctx: Context,
  written: string | undefined,
  kp: ResolvedKubernetesProvider,
  machineProviders: readonly ResolvedMachineProvider[],
  from: { object: string; field: string },
): string | undefined {
  if (written === undefined || written === kp.provider.metadata.name || written === kp.type) {
    return kp.machineProviderKey;
  }
  const byName = machineProviders.filter((m) => m.provider.metadata.name === written);
  const byType = machineProviders.filter((m) => m.type === written);
  const match = byName.length === 1 ? byName[0] : byType.length === 1 ? byType[0] : undefined;
  if (match !== undefined) return match.key;
  const mps = machineProviders.map((m) => m.key);
  ctx.fail({
    reason: 'ValidationFailed',
    object: from.object,
    field: from.field,
    message: `${from.object} ${from.field}: "${written}" names neither its KubernetesProvider ${kp.key} (type ${kp.type}) nor exactly one MachineProvider of ${ctx.subject} (${mps.length === 0 ? 'it has none' : mps.join(', ')}); name one of those or remove the field`,
  });
  return kp.machineProviderKey;
}

/** Sizes of a template group: the machine class's offer wins over the template's resources. */
function sizeOf(
  ctx: Context,
  machineClass: string | undefined,
  template: TemplateMachines | undefined,
  offers: readonly InstanceTypeOffer[],
  machineProviderKey: string | undefined,
  from: { object: string; field: string },
): NodeResources {
  if (machineClass !== undefined) checkOffered(ctx, offers, machineClass, from, machineProviderKey);
  return {
    ...templateResources(template?.resources),
    ...offerResources(offers.find((o) => o.name === machineClass)),
  };
}

interface GroupInput {
  readonly role: ResolvedNodeGroup['role'];
  readonly name: string;
  readonly written: KubernetesClusterControlPlane | KubernetesClusterNodePool | undefined;
  readonly template: TemplateMachines | undefined;
  readonly replicas: number;
  readonly scaling: ResolvedNodeGroup['scaling'];
  readonly field: string;
  /** Path of the template group in the KubernetesProvider, for messages. */
  readonly templateField: string;
}

function templateGroup(
  ctx: Context,
  cluster: KubernetesCluster,
  kp: ResolvedKubernetesProvider,
  machineProviders: readonly ResolvedMachineProvider[],
  g: GroupInput,
): ResolvedNodeGroup {
  const clusterObject = objectName('KubernetesCluster', cluster.metadata);
  const mpKey = nodeProvider(ctx, g.written?.provider, kp, machineProviders, {
    object: clusterObject,
    field: `${g.field}.provider`,
  });
  const offers = offersOf(machineProviders, mpKey);
  const fromCluster = g.written?.machineClass !== undefined;
  const machineClass = g.written?.machineClass ?? g.template?.machineClass;
  const from = fromCluster
    ? { object: clusterObject, field: `${g.field}.machineClass` }
    : {
        object: objectName('KubernetesProvider', kp.provider.metadata),
        field: `${g.templateField}.machineTemplate.machineClass`,
      };
  const taints = g.written !== undefined && 'taints' in g.written ? g.written.taints : [];
  return compact({
    name: g.name,
    role: g.role,
    instanceTypes: machineClass === undefined ? [] : [machineClass],
    machineClass,
    replicas: g.replicas,
    scaling: g.scaling,
    machineProviderKey: mpKey,
    resources: sizeOf(ctx, machineClass, g.template, offers, mpKey, from),
    version: g.written?.version,
    architecture: g.written?.architecture,
    subnets: [],
    zones: [],
    labels: g.written?.labels ?? {},
    annotations: g.written?.annotations ?? {},
    taints,
    disks: g.written?.storage ?? [],
  });
}

function poolScaling(pool: KubernetesClusterNodePool): ResolvedNodeGroup['scaling'] {
  const a = pool.autoscaling;
  if (a?.enabled !== true)
    return { min: pool.replicas, max: pool.replicas, desired: pool.replicas };
  return {
    min: a.minReplicas ?? pool.replicas,
    max: a.maxReplicas ?? pool.replicas,
    desired: pool.replicas,
  };
}

function fixed(replicas: number): ResolvedNodeGroup['scaling'] {
  return { min: replicas, max: replicas, desired: replicas };
}

function templateCluster(
  ctx: Context,
  cluster: KubernetesCluster,
  kp: ResolvedKubernetesProvider,
  machineProviders: readonly ResolvedMachineProvider[],
): ResolvedCluster {
  const p = kp.provider;
  const tpl = p.spec.template;
  const cs = cluster.spec;
  // A pool takes the defaults of the template worker group with its name, else the first one.
  const workerIndex = (name: string): number => {
    const i = tpl?.workers.findIndex((w) => w.name === name) ?? -1;
    return i >= 0 ? i : 0;
  };
  const controlPlane: GroupInput = {
    role: 'control-plane',
    name: CONTROL_PLANE_GROUP,
    written: cs.controlPlane,
    template: tpl?.controlPlane,
    replicas: cs.controlPlane.replicas,
    scaling: fixed(cs.controlPlane.replicas),
    field: 'spec.topology.controlplane',
    templateField: 'spec.clusterTemplate.controlPlane',
  };
  const workers: GroupInput[] =
    cs.nodePools.length > 0
      ? cs.nodePools.map((pool, i) => ({
          role: 'worker',
          name: pool.name,
          written: pool,
          template: tpl?.workers[workerIndex(pool.name)],
          replicas: pool.replicas,
          scaling: poolScaling(pool),
          field: `spec.topology.workers.nodePools[${i}]`,
          templateField: `spec.clusterTemplate.workers[${workerIndex(pool.name)}]`,
        }))
      : (tpl?.workers ?? []).map((w, j) => ({
          role: 'worker',
          name: w.name,
          written: undefined,
          template: w,
          replicas: w.replicas,
          scaling: fixed(w.replicas),
          field: 'spec.topology.workers',
          templateField: `spec.clusterTemplate.workers[${j}]`,
        }));
  const object = objectName('KubernetesCluster', cluster.metadata);
  const nn =
    cs.networkNamespaceName === undefined
      ? undefined
      : ctx.dependency(
          'NetworkNamespace',
          { name: cs.networkNamespaceName },
          cluster.metadata.namespace,
          { object, field: 'spec.data.networkNamespaceName' },
        );
  return compact({
    key: `KubernetesCluster/${keyOf(cluster)}`,
    name: cs.clusterId,
    providerKey: kp.key,
    distribution: kp.type,
    supported: BUILT_DISTRIBUTIONS.includes(kp.type),
    version: cs.version ?? p.spec.version,
    region: cs.region,
    zone: cs.zone,
    environment: cs.environment,
    credentialsSecret: kp.credentialsSecret,
    subnetIds: [],
    securityGroupIds: [],
    endpointAccess: { publicCIDRs: [] },
    logging: [],
    tags: mergeTags(
      ctx.stackName,
      standardLabels(ctx.vitistack.metadata.labels),
      standardLabels(cluster.metadata.labels),
    ),
    nodeGroups: [controlPlane, ...workers].map((g) =>
      templateGroup(ctx, cluster, kp, machineProviders, g),
    ),
    networking: p.spec.networking,
    security: p.spec.security,
    addons: p.spec.addons.filter((a) => a.enabled),
    monitoring: p.spec.monitoring,
    backup: p.spec.backup,
    machineProviderKey: kp.machineProviderKey,
    networkNamespaceKey: nn === undefined ? undefined : keyOf(nn),
    cluster,
  });
}

/** The KubernetesClusters of the stack with their providers, sorted by key. */
function memberClusters(
  ctx: Context,
  providers: readonly ResolvedKubernetesProvider[],
): { cluster: KubernetesCluster; provider: ResolvedKubernetesProvider }[] {
  const out: { cluster: KubernetesCluster; provider: ResolvedKubernetesProvider }[] = [];
  for (const cluster of ctx.all('KubernetesCluster')) {
    if (!ctx.allowed.has(cluster.metadata.namespace) || !claimedByUs(ctx, cluster)) continue;
    const provider = providerOfCluster(ctx, cluster, providers);
    if (provider === undefined) continue;
    if (provider.builds === 'cluster') {
      const object = objectName('KubernetesCluster', cluster.metadata);
      ctx.fail({
        reason: 'ValidationFailed',
        object,
        field: 'spec.data.provider',
        message: `${object} spec.data.provider: "${cluster.spec.provider}" resolves to KubernetesProvider ${provider.key}, which describes its own ${provider.type} cluster; KubernetesClusters are built only on backend providers (talos, kubeadm, k3s): name one of those or remove the KubernetesCluster`,
      });
      continue;
    }
    out.push({ cluster, provider });
  }
  return out;
}

/**
 * Every cluster of the stack: the providers' own clusters in provider order, then the
 * KubernetesClusters sorted by key; plus the NetworkNamespaces they name.
 */
export function resolveClusters(
  ctx: Context,
  providers: readonly ResolvedKubernetesProvider[],
  machineProviders: readonly ResolvedMachineProvider[],
): { clusters: ResolvedCluster[]; networkNamespaces: NetworkNamespace[] } {
  const clusters: ResolvedCluster[] = [];
  for (const kp of providers) {
    if (kp.builds !== 'cluster') continue;
    const c = providerCluster(ctx, kp, machineProviders);
    if (c !== undefined) clusters.push(c);
  }
  for (const { cluster, provider } of memberClusters(ctx, providers)) {
    clusters.push(templateCluster(ctx, cluster, provider, machineProviders));
  }
  const namespaces = new Map<string, NetworkNamespace>();
  for (const c of clusters) {
    if (c.networkNamespaceKey === undefined) continue;
    const [ns = '', name = ''] = c.networkNamespaceKey.split('/');
    const found = ctx.find('NetworkNamespace', ns, name);
    if (found !== undefined) namespaces.set(c.networkNamespaceKey, found);
  }
  return { clusters, networkNamespaces: byKey([...namespaces.values()]) };
}
