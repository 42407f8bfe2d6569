// What the Proxmox machine and node mappings share for one stack: the sites (one per Proxmox
// MachineProvider), the stack's firewall plan, the capacity problems found up front, and warnings
// said once however many VMs share them.
import type { StackModel } from '../../model';
import type { CloudEnv } from '../cloud';
import { clusterNodes } from '../cluster-nodes';
import type { FirewallPlanGroup } from '../firewall-rules';
import type { PlacedVm } from './limits';
import { nodeFor, type ProxmoxSite } from './site';

export interface ProxmoxContext {
  readonly env: CloudEnv;
  /** By MachineProvider key; only providers whose provider resource was built. */
  readonly sites: ReadonlyMap<string, ProxmoxSite>;
  readonly firewallGroups: readonly FirewallPlanGroup[];
  /** Capacity problems by PlacedVm id (limits.ts). */
  readonly capacity: ReadonlyMap<string, readonly string[]>;
  /** env.warn, once per distinct message. */
  warn(message: string): void;
}

/** `cluster talos-prod node talos-prod-ctp0`, for messages. */
export function nodeOwner(clusterId: string, name: string): string {
  return `cluster ${clusterId} node ${name}`;
}

/** The PlacedVm id of a cluster node (the owner the address plan uses too). */
export function nodeVmId(clusterKey: string, name: string): string {
  return `${clusterKey} ${name}`;
}

/**
 * Every VM the stack puts on the sites, with its node: Machines (sorted by key, as the model
 * keeps them), then the nodes of the clusters the program builds, in cluster order.
 */
export function placedVms(model: StackModel, sites: ReadonlyMap<string, ProxmoxSite>): PlacedVm[] {
  const out: PlacedVm[] = [];
  for (const m of model.machines) {
    const site = sites.get(m.providerKey);
    if (!site) continue;
    const owner = `Machine ${m.key}`;
    const where = nodeFor(site, owner, m.machine.spec.placement?.availabilityZone);
    out.push({
      id: owner,
      owner,
      kind: 'Machine',
      providerKey: m.providerKey,
      ...('node' in where ? { node: where.node } : {}),
    });
  }
  for (const c of model.clusters) {
    if (!c.supported) continue;
    for (const n of clusterNodes(c)) {
      const site = sites.get(n.providerKey);
      if (!site) continue;
      const owner = nodeOwner(n.clusterId, n.name);
      const where = nodeFor(site, owner, undefined, false);
      out.push({
        id: nodeVmId(n.clusterKey, n.name),
        owner,
        kind: 'node',
        providerKey: n.providerKey,
        ...('node' in where ? { node: where.node } : {}),
      });
    }
  }
  return out;
}
