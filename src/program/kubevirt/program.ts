// KubeVirt as a MachineBackendProgram: an explicit Kubernetes provider per KubevirtConfig cluster
// (cluster.ts), capacity checks (capacity.ts), then every Machine and cluster node as a
// VirtualMachine with its DataVolumes, NetworkAttachmentDefinitions, cloud-init Secret and the
// default NetworkPolicy of its namespace (vm-build.ts).
import type { ResolvedMachineProvider } from '../../model';
import { isDnsLabel } from '../../components/kubevirt/names';
import { CLOUD_MACHINE_PROVIDER_TYPES } from '../../model';
import { clusterNodes } from '../cluster-nodes';
import type { MachineBackend, MachineBackendProgram } from '../backend';
import type { CloudEnv } from '../cloud';
import { addressLimitProblems } from './capacity';
import { kubevirtClusters, type KubevirtCluster } from './cluster';
import { kubevirtMachineProblems, kubevirtMachineWarnings, machineVmPlan } from './machines';
import { kubevirtNodeProblems, nodeVmPlan } from './nodes';
import { namespaceProblem, vmNameClashes } from './placement';
import { KubevirtState } from './state';
import { buildVm } from './vm-build';

/** Load balancers of a Vitistack with no cloud to build them: said once. */
function loadBalancerWarnings(env: CloudEnv): string[] {
  const { model } = env;
  const lbs = model.vitistack.spec.networking.loadBalancers;
  const cloud = model.machineProviders.some((p) => CLOUD_MACHINE_PROVIDER_TYPES.includes(p.type));
  if (lbs.length === 0 || cloud) return [];
  const vs = `Vitistack ${model.vitistack.metadata.namespace}/${model.vitistack.metadata.name}`;
  return [
    `${vs}: spec.networking.loadBalancers (${lbs.map((l) => l.name).join(', ')}) are not built on KubeVirt; expose the VMs with Services of type LoadBalancer`,
  ];
}

export const KUBEVIRT_BACKEND: MachineBackendProgram = {
  machineProviderType: 'kubevirt',
  title: 'KubeVirt',
  backend(env, providers): MachineBackend | undefined {
    const clusters = kubevirtClusters(env, providers);
    for (const p of addressLimitProblems(env.model, providers)) env.problem(p);
    for (const p of providers) {
      const ns = namespaceProblem(p);
      if (ns !== undefined) env.problem(ns);
    }
    for (const c of new Set([...clusters.values()].map((x) => x.config))) {
      const binding = c?.spec.defaultNetworkInterface;
      if (c !== undefined && binding !== undefined && !isDnsLabel(binding)) {
        env.problem(
          `KubevirtConfig ${c.metadata.namespace}/${c.metadata.name} spec.network.defaultNetworkInterface: "${binding}" is not a binding name; use masquerade, bridge or the name of a network binding plugin (e.g. passt)`,
        );
      }
    }
    // Nodes of the clusters the stack builds, for the name clash check.
    const nodes = env.model.clusters
      .filter((c) => c.supported)
      .flatMap((c) =>
        clusterNodes(c).map((n) => ({
          who: `cluster ${c.name} node ${n.name}`,
          providerKey: n.providerKey,
          namespace: n.clusterKey.split('/')[1] ?? '',
          name: n.name,
        })),
      );
    for (const p of vmNameClashes(env.model, providers, (k) => clusters.get(k), nodes)) {
      env.problem(p);
    }
    const state = new KubevirtState(env, clusters);
    for (const w of loadBalancerWarnings(env)) state.warnOnce(w);
    const providerOf = (key: string): ResolvedMachineProvider | undefined =>
      providers.find((p) => p.key === key);
    const clusterOf = (p: ResolvedMachineProvider): KubevirtCluster => {
      const c = clusters.get(p.key);
      // Only reached after every problem was ruled out: a missing cluster was one of them.
      if (c === undefined)
        throw new Error(`MachineProvider ${p.key}: no Kubernetes provider was built`);
      return c;
    };
    return {
      machineProblems(m, interfaces) {
        const p = providerOf(m.providerKey);
        return p ? kubevirtMachineProblems(m, p, interfaces) : [];
      },
      buildMachine(m, provider, interfaces) {
        for (const w of kubevirtMachineWarnings(m, interfaces)) env.warn(w);
        const cluster = clusterOf(provider);
        return buildVm(state, cluster, machineVmPlan(m, provider, cluster, interfaces, env.model));
      },
      nodeProblems(node, interfaces) {
        const p = providerOf(node.providerKey);
        return p ? kubevirtNodeProblems(node, p, interfaces) : [];
      },
      buildNode(node, interfaces) {
        const p = providerOf(node.providerKey);
        if (p === undefined)
          throw new Error(
            `node ${node.name}: MachineProvider ${node.providerKey} is not of type kubevirt`,
          );
        const cluster = clusterOf(p);
        return buildVm(state, cluster, nodeVmPlan(env.model, node, p, cluster, interfaces));
      },
    };
  },
};
