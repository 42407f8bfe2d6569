// Quota and capacity checks: the Vitistack's quotas (spec 000 resourceQuotas and spec 001 quotas,
// merged by the API layer) and each MachineProvider's capacity.maxMachines.
//
// What counts:
//   - machines: every Machine, plus every node of every cluster at its group's maximum size (the
//     autoscaler may get there), on the node group's MachineProvider when it has one;
//   - CPU, memory, storage: the same machines and nodes; a Machine or node group whose size is
//     unknown counts 0 (ResolvedMachine.cpu and friends are 0 when nothing says);
//   - clusters: every cluster the stack builds; providers: MachineProviders plus
//     KubernetesProviders.
// The providers' reservedResources are not subtracted (the spec does not say from what).
import type { Vitistack } from '../api/v1alpha1';
import type { VitistackQuotas } from '../api/v1alpha1/vitistack-resources';
import { ModelError, objectName } from './errors';
import { bytesOf, coresOf, formatBytes, formatCores } from './sizes';
import type {
  ResolvedCluster,
  ResolvedMachine,
  ResolvedMachineProvider,
  ResolvedNodeGroup,
} from './stack-model';

/** What the quota checks look at. */
export interface QuotaInput {
  readonly vitistack: Vitistack;
  readonly machineProviders: readonly ResolvedMachineProvider[];
  readonly kubernetesProviderCount: number;
  readonly machines: readonly ResolvedMachine[];
  readonly clusters: readonly ResolvedCluster[];
}

/** What the stack asks for, summed as the quotas count it. */
export interface QuotaUsage {
  readonly machines: number;
  /** Of `machines`: nodes of clusters at their maximum size. */
  readonly nodes: number;
  readonly clusters: number;
  readonly providers: number;
  readonly cpu: number;
  readonly memoryBytes: number;
  readonly storageBytes: number;
  /** Machines and nodes per MachineProvider key. */
  readonly perProvider: ReadonlyMap<string, number>;
}

function groupsOf(clusters: readonly ResolvedCluster[]): ResolvedNodeGroup[] {
  return clusters.flatMap((c) => c.nodeGroups);
}

/** Sums what the stack asks for. */
export function quotaUsage(input: QuotaInput): QuotaUsage {
  const groups = groupsOf(input.clusters);
  const perProvider = new Map<string, number>();
  const add = (key: string | undefined, n: number): void => {
    if (key !== undefined) perProvider.set(key, (perProvider.get(key) ?? 0) + n);
  };
  for (const m of input.machines) add(m.providerKey, 1);
  for (const g of groups) add(g.machineProviderKey, g.scaling.max);
  const nodes = groups.reduce((n, g) => n + g.scaling.max, 0);
  const sum = (machine: (m: ResolvedMachine) => number, node: (g: ResolvedNodeGroup) => number) =>
    input.machines.reduce((t, m) => t + machine(m), 0) +
    groups.reduce((t, g) => t + g.scaling.max * node(g), 0);
  return {
    machines: input.machines.length + nodes,
    nodes,
    clusters: input.clusters.length,
    providers: input.machineProviders.length + input.kubernetesProviderCount,
    cpu: sum(
      (m) => m.cpu,
      (g) => g.resources.cpu ?? 0,
    ),
    memoryBytes: sum(
      (m) => m.memoryBytes,
      (g) => g.resources.memoryBytes ?? 0,
    ),
    storageBytes: sum(
      (m) => m.storageBytes,
      (g) => g.resources.storageBytes ?? 0,
    ),
    perProvider,
  };
}

/**
 * The path a quota was most likely written at. maxMachines and maxStorage exist in both quota
 * blocks; when only spec 001 fields are set, it was `spec.quotas`.
 */
function pathOf(q: VitistackQuotas, field: keyof VitistackQuotas): string {
  const only001 =
    (q.maxMachinesPerProvider !== undefined ||
      q.maxStoragePerMachine !== undefined ||
      q.maxNetworks !== undefined) &&
    q.maxClusters === undefined &&
    q.maxProviders === undefined &&
    q.maxCPU === undefined &&
    q.maxMemory === undefined &&
    q.maxNetworkBandwidth === undefined;
  switch (field) {
    case 'maxMachinesPerProvider':
      return 'spec.quotas.machines.perProvider';
    case 'maxStoragePerMachine':
      return 'spec.quotas.storage.perMachine';
    case 'maxMachines':
      return only001 ? 'spec.quotas.machines.total' : 'spec.resourceQuotas.maxMachines';
    case 'maxStorage':
      return only001 ? 'spec.quotas.storage.total' : 'spec.resourceQuotas.maxStorage';
    default:
      return `spec.resourceQuotas.${field}`;
  }
}

function plural(n: number, word: string): string {
  return `${n} ${n === 1 ? word : `${word}s`}`;
}

/** Every quota and capacity the stack exceeds, as InsufficientCapacity errors. */
export function checkQuotas(input: QuotaInput): ModelError[] {
  const q = input.vitistack.spec.quotas;
  const use = quotaUsage(input);
  const subject = objectName('Vitistack', input.vitistack.metadata);
  const errors: ModelError[] = [];
  const fail = (object: string, field: string | undefined, message: string): void => {
    errors.push(
      new ModelError({
        reason: 'InsufficientCapacity',
        object,
        message,
        ...(field === undefined ? {} : { field }),
      }),
    );
  };
  const count = (
    field: 'maxMachines' | 'maxClusters' | 'maxProviders',
    word: string,
    requested: number,
    detail: string,
  ): void => {
    const max = q[field];
    if (max === undefined || requested <= max) return;
    fail(
      subject,
      pathOf(q, field),
      `${subject} allows at most ${plural(max, word)} (${pathOf(q, field)}) but ${requested} are requested${detail}: remove ${word}s or raise the quota`,
    );
  };
  const nodes =
    use.nodes === 0
      ? ''
      : ` (${plural(use.machines - use.nodes, 'Machine')} and ${plural(use.nodes, 'cluster node')} at their maximum size)`;
  count('maxMachines', 'machine', use.machines, nodes);
  count('maxClusters', 'cluster', use.clusters, '');
  count('maxProviders', 'provider', use.providers, '');

  const amount = (
    field: 'maxCPU' | 'maxMemory' | 'maxStorage',
    parse: (text: string) => number | undefined,
    format: (n: number) => string,
    what: string,
    requested: number,
  ): void => {
    const text = q[field];
    const max = text === undefined ? undefined : parse(text);
    if (max === undefined || requested <= max) return;
    fail(
      subject,
      pathOf(q, field),
      `${subject} allows at most ${format(max)}${what} (${pathOf(q, field)}) but ${format(requested)} are requested: remove machines or raise the quota`,
    );
  };
  amount('maxCPU', coresOf, formatCores, ' CPU cores', use.cpu);
  amount('maxMemory', bytesOf, formatBytes, ' of memory', use.memoryBytes);
  amount('maxStorage', bytesOf, formatBytes, ' of storage', use.storageBytes);

  for (const mp of input.machineProviders) {
    const requested = use.perProvider.get(mp.key) ?? 0;
    const perProvider = q.maxMachinesPerProvider;
    if (perProvider !== undefined && requested > perProvider) {
      const path = pathOf(q, 'maxMachinesPerProvider');
      fail(
        subject,
        path,
        `${subject} allows at most ${plural(perProvider, 'machine')} per provider (${path}) but ${requested} are requested on MachineProvider ${mp.key}: move machines to another provider or raise the quota`,
      );
    }
    const capacity = mp.provider.spec.capacity?.maxMachines;
    if (capacity !== undefined && requested > capacity) {
      const object = objectName('MachineProvider', mp.provider.metadata);
      fail(
        object,
        'spec.capacity.maxMachines',
        `${object} has capacity for at most ${plural(capacity, 'machine')} (spec.capacity.maxMachines) but ${requested} are requested: remove machines or raise the capacity`,
      );
    }
  }

  const perMachineText = q.maxStoragePerMachine;
  const perMachine = perMachineText === undefined ? undefined : bytesOf(perMachineText);
  if (perMachine !== undefined) {
    const path = pathOf(q, 'maxStoragePerMachine');
    const tooBig = (
      object: string,
      field: string | undefined,
      who: string,
      bytes: number,
    ): void => {
      if (bytes <= perMachine) return;
      fail(
        object,
        field,
        `${subject} allows at most ${formatBytes(perMachine)} of storage per machine (${path}) but ${who} requests ${formatBytes(bytes)}: shrink its volumes or raise the quota`,
      );
    };
    for (const m of input.machines) {
      const object = objectName('Machine', m.machine.metadata);
      tooBig(object, 'spec.storage', object, m.storageBytes);
    }
    for (const c of input.clusters) {
      const [kind = '', ns = '', name = ''] = c.key.split('/');
      const object = objectName(kind, { namespace: ns, name });
      for (const g of c.nodeGroups) {
        const who = `each node of node group "${g.name}" of ${object}`;
        tooBig(object, undefined, who, g.resources.storageBytes ?? 0);
      }
    }
  }
  return errors;
}
