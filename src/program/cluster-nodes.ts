// The nodes of a cluster built from machines (Talos), from its resolved node groups: names and
// labels by the public Vitistack convention (`<clusterId>-ctp<N>`, `<clusterId>-wrk<N>`, N from 0,
// workers numbered across pools in pool order), sizes from the group's resources.
import type { ResolvedCluster } from '../model';
import type { NodeSpec } from './backend';

/** Labels every node of a cluster carries. */
export const NODE_LABELS = {
  clusterId: 'vitistack.io/clusterid',
  nodeRole: 'vitistack.io/node-role',
  nodePool: 'vitistack.io/nodepool',
} as const;

/** Boot disk size of a node whose group says none (Talos' minimum is 10 GiB; 20 leaves room). */
export const DEFAULT_NODE_DISK_GIB = 20;

const GIB = 1024 ** 3;

/** The nodes to build, control plane first; groups without a MachineProvider are left out. */
export function clusterNodes(c: ResolvedCluster): NodeSpec[] {
  const out: NodeSpec[] = [];
  const counters = { 'control-plane': 0, worker: 0 };
  for (const g of c.nodeGroups) {
    if (g.machineProviderKey === undefined) continue;
    for (let i = 0; i < g.replicas; i++) {
      const index = counters[g.role]++;
      const name = `${c.name}-${g.role === 'control-plane' ? 'ctp' : 'wrk'}${String(index)}`;
      out.push({
        name,
        clusterKey: c.key,
        clusterId: c.name,
        distribution: c.distribution,
        role: g.role,
        group: g.name,
        index,
        labels: {
          ...g.labels,
          [NODE_LABELS.clusterId]: c.name,
          [NODE_LABELS.nodeRole]: g.role,
          ...(g.role === 'worker' ? { [NODE_LABELS.nodePool]: g.name } : {}),
        },
        taints: g.taints,
        providerKey: g.machineProviderKey,
        ...(g.machineClass !== undefined ? { machineClass: g.machineClass } : {}),
        cpu: g.resources.cpu ?? 0,
        memoryBytes: g.resources.memoryBytes ?? 0,
        diskGiB:
          g.resources.storageBytes !== undefined
            ? Math.max(1, Math.ceil(g.resources.storageBytes / GIB))
            : DEFAULT_NODE_DISK_GIB,
        tags: c.tags,
      });
    }
  }
  return out;
}
