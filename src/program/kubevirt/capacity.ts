// Address limits the kubevirt providers must respect before anything is built: a
// NetworkNamespace's spec.limits.ipAddresses, counting one address per node of the stack's
// clusters that name it (spec.data.networkNamespaceName): every node needs an address on the
// cluster's network, whichever provider runs it. Only clusters the program builds count
// (ResolvedCluster.supported): nodes of a distribution not built yet use no address.
// A MachineProvider's spec.capacity.maxMachines is not checked here: the model already refuses a
// stack whose Machines and cluster nodes (at their maximum size) exceed it (model/quotas.ts).
import type { ResolvedCluster, ResolvedMachineProvider, StackModel } from '../../model';
import type { NodeSpec } from '../backend';
import { clusterNodes } from '../cluster-nodes';

function builtNodes(model: StackModel): { c: ResolvedCluster; nodes: NodeSpec[] }[] {
  return model.clusters.filter((c) => c.supported).map((c) => ({ c, nodes: clusterNodes(c) }));
}

const plural = (n: number, one: string, many = `${one}s`) => `${String(n)} ${n === 1 ? one : many}`;

/** One problem per NetworkNamespace whose clusters need more addresses than it allows. */
export function addressLimitProblems(
  model: StackModel,
  providers: readonly ResolvedMachineProvider[],
): string[] {
  const out: string[] = [];
  const clusters = builtNodes(model);
  const ours = new Set(providers.map((p) => p.key));
  for (const nn of model.networkNamespaces) {
    const limit = nn.spec.limits?.ipAddresses;
    if (limit === undefined) continue;
    const key = `${nn.metadata.namespace}/${nn.metadata.name}`;
    const inside = clusters.filter((x) => x.c.networkNamespaceKey === key);
    // Reported by the backend of the providers that run these nodes: here only when one is ours.
    if (!inside.some((x) => x.nodes.some((n) => ours.has(n.providerKey)))) continue;
    const used = inside.reduce((sum, x) => sum + x.nodes.length, 0);
    if (used > limit) {
      const detail = inside
        .map((x) => `cluster ${x.c.name}: ${plural(x.nodes.length, 'node')}`)
        .join(', ');
      out.push(
        `NetworkNamespace ${key}: its clusters need ${plural(used, 'IP address', 'IP addresses')} (${detail}), more than its spec.limits.ipAddresses ${String(limit)}; raise limits.ipAddresses or shrink the clusters' node pools`,
      );
    }
  }
  return out;
}
