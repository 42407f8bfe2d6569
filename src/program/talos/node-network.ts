// The NetworkConfiguration the nodes of a Talos cluster attach to, where their stable addresses
// (and the control-plane VIP) are planned. The rule, in order:
//   1. the stack's only NetworkConfiguration in the KubernetesCluster's namespace;
//   2. among several there, the only one on the bridge of the nodes' MachineProvider (Proxmox:
//      spec.config.proxmox.networkBridge, else its ProxmoxConfig's spec.defaults.network);
//   3. otherwise none: the nodes take DHCP addresses, with a warning that the API endpoint then
//      needs a VIP or a load balancer that outlives any one node.
// The NetworkNamespace a cluster names cannot decide: spec 001 gives it no reference to a network.
// The stack knows the NetworkConfigurations its Machines attach to (StackModel), so a network only
// the cluster would use is not among the candidates.
import type { NetworkConfiguration } from '../../api/v1alpha1';
import type { ResolvedCluster, StackModel } from '../../model';

export interface NodeNetworkChoice {
  readonly network?: NetworkConfiguration;
  /** Why there is none (a whole sentence); absent when one was chosen. */
  readonly warning?: string;
}

/** `KubernetesCluster/ns/name` -> `ns`; a provider-described cluster: its provider's namespace. */
export function clusterNamespace(c: ResolvedCluster): string {
  return c.cluster?.metadata.namespace ?? c.providerKey.split('/')[0] ?? '';
}

function keyOf(n: NetworkConfiguration): string {
  return `${n.metadata.namespace}/${n.metadata.name}`;
}

/** Bridges the cluster's node MachineProviders put VMs on by default. */
function nodeBridges(model: StackModel, c: ResolvedCluster): Set<string> {
  const bridges = new Set<string>();
  for (const g of c.nodeGroups) {
    const p = model.machineProviders.find((m) => m.key === g.machineProviderKey);
    if (p === undefined) continue;
    const bridge =
      p.provider.spec.cloud.proxmox?.networkBridge ??
      model.operatorConfigs[p.key]?.proxmox?.spec.defaults?.network;
    if (bridge !== undefined) bridges.add(bridge);
  }
  return bridges;
}

/** The node network of `c` by the rule above, or why there is none. Pure. */
export function chooseNodeNetwork(model: StackModel, c: ResolvedCluster): NodeNetworkChoice {
  const ns = clusterNamespace(c);
  const candidates = model.networkConfigurations.filter((n) => n.metadata.namespace === ns);
  const [only, ...more] = candidates;
  if (only !== undefined && more.length === 0) return { network: only };
  const dhcp =
    'its nodes take DHCP addresses, so the API endpoint must be a VIP or a load balancer (write it as the endpoint of the Vitistack spec.infrastructure.providers entry of type talos named after the KubernetesProvider); without one it is the first control-plane node, and the cluster becomes unreachable when that node changes address';
  const where = `cluster ${c.name} (talos)`;
  if (only === undefined) {
    return {
      warning: `${where}: no NetworkConfiguration in namespace ${ns} that the stack's Machines attach to, so ${dhcp}`,
    };
  }
  const bridges = nodeBridges(model, c);
  const onBridge = candidates.filter(
    (n) => n.spec.bridge !== undefined && bridges.has(n.spec.bridge),
  );
  const [picked, ...others] = onBridge;
  if (picked !== undefined && others.length === 0) return { network: picked };
  const names = candidates.map(keyOf).join(', ');
  const bridgeText =
    bridges.size === 0
      ? 'its MachineProvider names no bridge to choose by'
      : `${onBridge.length === 0 ? 'none' : String(onBridge.length)} of them on bridge ${[...bridges].join(', ')}`;
  return {
    warning: `${where}: ${String(candidates.length)} NetworkConfigurations in namespace ${ns} (${names}) and ${bridgeText}; none is used, so ${dhcp}. Keep one NetworkConfiguration per namespace, or one on the provider's bridge`,
  };
}
