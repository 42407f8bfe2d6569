// Talos as a ClusterBackendProgram: KubernetesClusters of a `talos` KubernetesProvider, built on the
// machines of the on-premises MachineBackends (Proxmox, vSphere, KubeVirt). Per cluster: its node
// network (node-network.ts), its API endpoint and VIP (endpoint.ts), its problems (problems.ts),
// then a TalosCluster (secrets, machine configurations, one apply per node, bootstrap,
// kubeconfig), the CNI and the add-ons as Helm releases on it, and its outputs (output.ts).
import * as pulumi from '@pulumi/pulumi';
import { HelmAddons, type ReleaseSummary } from '../../components/addons/helm-addons';
import * as talos from '../../components/talos/sdk/index';
import { TalosCluster } from '../../components/talos/talos-cluster';
import type { ResolvedCluster } from '../../model';
import type { BuiltNode, ClusterBackendProgram } from '../backend';
import type { BuiltCluster, CloudEnv } from '../cloud';
import { cniPlan } from './cni';
import { chooseEndpoint, endpointUrl, vipName } from './endpoint';
import { chooseNodeNetwork } from './node-network';
import { nodeAddress, talosNode } from './nodes';
import { builtInAddons, clusterOutput, kubeconfigSecret } from './output';
import { talosClusterProblems } from './problems';
import { installerImage, talosVersionOf } from './talos-version';
import { talosNotBuiltWarnings } from './warnings';

/** One explicit Talos provider per KubernetesProvider, per run (keyed by the run's root). */
const PROVIDERS = new WeakMap<pulumi.Resource, Map<string, talos.Provider>>();

function providerFor(env: CloudEnv, key: string): talos.Provider {
  let run = PROVIDERS.get(env.root);
  if (run === undefined) {
    run = new Map();
    PROVIDERS.set(env.root, run);
  }
  const found = run.get(key);
  if (found !== undefined) return found;
  const made = new talos.Provider(key.replace('/', '-'), {}, { parent: env.root });
  run.set(key, made);
  return made;
}

/** The cluster's API URL and VIP by its endpoint plan. */
function endpointOf(
  env: CloudEnv,
  c: ResolvedCluster,
  nodes: readonly BuiltNode[],
  addresses: ReadonlyMap<string, { readonly address?: string }>,
): { endpoint: pulumi.Input<string>; vip?: string } {
  const network = chooseNodeNetwork(env.model, c).network;
  const choice = chooseEndpoint(env.model, c, network);
  for (const w of choice.warnings) env.warn(w);
  const plan = choice.plan;
  if (plan.kind === 'external') return { endpoint: plan.url };
  const vip = plan.kind === 'vip' ? addresses.get(vipName(c))?.address : undefined;
  if (vip !== undefined) return { endpoint: endpointUrl(vip), vip };
  // clusterProblems made sure there is a control-plane node.
  const first = nodes.find((n) => n.spec.role === 'control-plane');
  if (first === undefined) throw new Error(`cluster ${c.name}: no control-plane node was built`);
  return { endpoint: nodeAddress(first).apply((a) => endpointUrl(a)) };
}

function buildTalosCluster(
  env: CloudEnv,
  c: ResolvedCluster,
  nodes: readonly BuiltNode[],
  addresses: ReadonlyMap<string, { readonly address?: string }>,
): BuiltCluster {
  const { model } = env;
  const kp = model.kubernetesProviders.find((k) => k.key === c.providerKey);
  const { endpoint, vip } = endpointOf(env, c, nodes, addresses);
  const version = talosVersionOf(model, c);
  if (version.warning !== undefined) env.warn(version.warning);
  for (const w of talosNotBuiltWarnings(model, c)) env.warn(w);
  const cni = cniPlan(c, kp);
  const net = c.networking;

  const cluster = new TalosCluster(
    c.name,
    {
      clusterName: c.name,
      endpoint,
      ...(vip !== undefined ? { vip } : {}),
      ...(c.version !== undefined ? { kubernetesVersion: c.version } : {}),
      ...(version.version !== undefined
        ? {
            talosVersion: version.version,
            installImage: installerImage(model, c, version.version),
          }
        : {}),
      ...(net.podCIDR !== undefined ? { podCIDR: net.podCIDR } : {}),
      ...(net.serviceCIDR !== undefined ? { serviceCIDR: net.serviceCIDR } : {}),
      ...(net.dnsDomain !== undefined ? { dnsDomain: net.dnsDomain } : {}),
      cni: cni.talos,
      kubeProxy: cni.kubeProxy,
      nodes: nodes.map((n) => talosNode(model, n)),
      provider: providerFor(env, c.providerKey),
    },
    { parent: env.root },
  );

  // The CNI first: until it runs no pod is scheduled, and the other releases wait for their pods.
  const cniAddons =
    cni.addon !== undefined
      ? new HelmAddons(
          `${c.name}-cni`,
          {
            kubeconfig: cluster.kubeconfig,
            clusterName: c.name,
            addons: [cni.addon],
            cloud: 'onprem',
          },
          { parent: cluster },
        )
      : undefined;
  const afterCni = cniAddons
    ? pulumi.all([cluster.kubeconfig, cniAddons.releases]).apply(([k]) => k)
    : cluster.kubeconfig;
  // CoreDNS is part of every Talos cluster; the CNI is installed above.
  const rest = c.addons.filter((a) => a.name !== 'coredns' && a.name !== cni.name);
  const addons =
    rest.length > 0
      ? new HelmAddons(
          `${c.name}-addons`,
          {
            kubeconfig: afterCni,
            clusterName: c.name,
            addons: rest.map((a) => ({
              name: a.name,
              ...(a.version !== undefined ? { version: a.version } : {}),
              enabled: a.enabled,
              config: a.config,
            })),
            cloud: 'onprem',
          },
          { parent: cluster },
        )
      : undefined;
  for (const w of [...(cniAddons?.warnings ?? []), ...(addons?.warnings ?? [])]) {
    env.warn(`cluster ${c.name}: ${w}`);
  }
  const releases: pulumi.Output<readonly ReleaseSummary[]> = pulumi
    .all([cniAddons?.releases ?? pulumi.output([]), addons?.releases ?? pulumi.output([])])
    .apply(([a, b]) => [...a, ...b]);
  return {
    output: clusterOutput(c, cluster, builtInAddons(c, cni.name), releases),
    secret: kubeconfigSecret(c, cluster),
  };
}

export const TALOS_PROGRAM: ClusterBackendProgram = {
  distribution: 'talos',
  title: 'Talos',
  nodeNetwork(env, c) {
    const choice = chooseNodeNetwork(env.model, c);
    if (choice.warning !== undefined) env.warn(choice.warning);
    return choice.network;
  },
  clusterAddresses(env, c, network) {
    const plan = chooseEndpoint(env.model, c, network).plan;
    if (plan.kind !== 'vip') return [];
    return [
      {
        name: vipName(c),
        ...(plan.address !== undefined && plan.field !== undefined
          ? { fixed: { address: plan.address, field: plan.field } }
          : {}),
      },
    ];
  },
  clusterProblems: (env, c, nodes) => talosClusterProblems(env.model, c, nodes),
  buildCluster: buildTalosCluster,
};
