// What must be fixed before a Talos cluster is built, one sentence each naming the field, the
// value and the fix. Decisions:
// - An even number of control-plane nodes is refused, like the API refuses it on
//   spec.topology.controlplane.replicas: etcd needs a majority, so 2 nodes stop on any failure
//   (worse than 1) and 4 survive no more failures than 3; nothing good comes of it.
// - Node groups without a MachineProvider are refused (clusterNodes leaves them out, so they
//   would silently go missing). Nodes on a provider of a type no backend builds are reported by
//   the on-premises planner, which knows the backends.
// - An endpoint must be knowable: written, a VIP on the node network, or the first control-plane
//   node's address, which a machine without a planned address must report (KubeVirt VMs do not).
import type { ResolvedCluster, StackModel } from '../../model';
import type { NodeSpec } from '../backend';
import { cniProblem } from './cni';
import { chooseEndpoint } from './endpoint';
import { chooseNodeNetwork } from './node-network';
import { REPORTS_GUEST_ADDRESS } from './nodes';

/** Backend MachineProvider types, for messages. */
const BACKEND_TYPES = 'proxmox, vsphere or kubevirt';

const DNS_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

function objectOf(c: ResolvedCluster): string {
  return c.cluster !== undefined
    ? `KubernetesCluster ${c.cluster.metadata.namespace}/${c.cluster.metadata.name}`
    : `KubernetesProvider ${c.providerKey}`;
}

/** Where a group is written: the cluster's topology, else the provider's template. */
function groupField(c: ResolvedCluster, name: string, role: 'control-plane' | 'worker'): string {
  if (role === 'control-plane') {
    return c.cluster !== undefined
      ? 'spec.topology.controlplane'
      : 'spec.clusterTemplate.controlPlane';
  }
  const i = c.cluster?.spec.nodePools.findIndex((p) => p.name === name) ?? -1;
  return i >= 0
    ? `spec.topology.workers.nodePools[${String(i)}] (${name})`
    : `worker group ${name} of KubernetesProvider ${c.providerKey} spec.clusterTemplate.workers`;
}

function groupProblems(c: ResolvedCluster): string[] {
  const out: string[] = [];
  const object = objectOf(c);
  for (const g of c.nodeGroups) {
    if (g.machineProviderKey !== undefined || g.replicas === 0) continue;
    const what =
      g.role === 'control-plane'
        ? 'has no control-plane node to build'
        : 'has nodes no MachineProvider builds';
    out.push(
      `${object} ${groupField(c, g.name, g.role)}: cluster ${c.name} (talos) ${what}: neither its provider field nor KubernetesProvider ${c.providerKey} spec.machineProviderRef names a MachineProvider; name one of type ${BACKEND_TYPES}`,
    );
  }
  const cp = c.nodeGroups.filter((g) => g.role === 'control-plane');
  const replicas = cp.reduce((n, g) => n + g.replicas, 0);
  if (cp.length === 0 || replicas === 0) {
    out.push(
      `${object} spec.topology.controlplane: cluster ${c.name} (talos) has no control-plane node; set replicas to 1, 3 or 5`,
    );
  } else if (replicas % 2 === 0) {
    out.push(
      `${object} ${groupField(c, cp[0]?.name ?? '', 'control-plane')}.replicas: ${String(replicas)} is even, and etcd keeps quorum only with a majority (an even count tolerates no more failures than one node fewer); use ${String(replicas - 1)} or ${String(replicas + 1)}`,
    );
  }
  return out;
}

function nodeNameProblems(c: ResolvedCluster, nodes: readonly NodeSpec[]): string[] {
  const bad = nodes.find((n) => !DNS_LABEL.test(n.name));
  return bad === undefined
    ? []
    : [
        `${objectOf(c)} spec.data.clusterId: "${c.name}" makes node names like "${bad.name}", which are not DNS labels (a Talos hostname is one: lower-case letters, digits and "-", at most 63 characters); shorten it or drop the dots`,
      ];
}

function taintProblems(c: ResolvedCluster): string[] {
  const out: string[] = [];
  for (const g of c.nodeGroups) {
    const keys = g.taints.map((t) => t.key);
    const twice = keys.find((k, i) => keys.indexOf(k) !== i);
    if (twice !== undefined) {
      out.push(
        `${objectOf(c)} ${groupField(c, g.name, g.role)}.taints: key "${twice}" appears twice, but Talos keeps one taint per key (machine.nodeTaints); merge them`,
      );
    }
  }
  return out;
}

/** The endpoint's problems, and the one of an endpoint nobody can know. */
function endpointProblems(
  model: StackModel,
  c: ResolvedCluster,
  nodes: readonly NodeSpec[],
): string[] {
  const network = chooseNodeNetwork(model, c).network;
  const choice = chooseEndpoint(model, c, network);
  const out = [...choice.problems];
  if (choice.plan.kind !== 'first-node' || network?.spec.ipam?.subnet !== undefined) return out;
  const first = nodes.find((n) => n.role === 'control-plane');
  const type = model.machineProviders.find((p) => p.key === first?.providerKey)?.type;
  if (first !== undefined && type !== undefined && !REPORTS_GUEST_ADDRESS.includes(type)) {
    out.push(
      `cluster ${c.name} (talos): no API endpoint can be known: none is written, the nodes have no NetworkConfiguration with spec.ipam.subnet to plan a VIP and addresses on, and node ${first.name} on MachineProvider ${first.providerKey} (${type}) reports no address of its own; write the endpoint of the Vitistack spec.infrastructure.providers entry of type talos named after KubernetesProvider ${c.providerKey}, or give the nodes a NetworkConfiguration with a subnet in namespace ${c.key.split('/')[1] ?? ''}`,
    );
  }
  return out;
}

/** Everything that must be fixed before cluster `c` is built on `nodes`; [] when fine. */
export function talosClusterProblems(
  model: StackModel,
  c: ResolvedCluster,
  nodes: readonly NodeSpec[],
): string[] {
  const kp = model.kubernetesProviders.find((k) => k.key === c.providerKey);
  const cni = cniProblem(c, kp);
  return [
    ...groupProblems(c),
    ...nodeNameProblems(c, nodes),
    ...taintProblems(c),
    ...(cni !== undefined ? [cni] : []),
    ...endpointProblems(model, c, nodes),
  ];
}
