// Capacity and limits of Proxmox MachineProviders, checked before anything is built:
//   MachineProvider spec.capacity.maxMachines   VMs (Machines and cluster nodes) on the provider;
//   ProxmoxConfig spec.limits.maxVMsPerNode     VMs on one Proxmox node;
//   ProxmoxConfig spec.limits.maxCPUCores       cores x sockets of one VM;
//   ProxmoxConfig spec.limits.maxMemory         memory of one VM.
// Counts cover this stack only (Proxmox may run other VMs too). A count over its limit is reported
// once, by the first VM over it (Machines sorted by key, then cluster nodes in cluster order), so
// one mistake gives one message.
import { formats } from '../../api/schema';
import { configName, providerName, type ProxmoxSite } from './site';

/** A VM the stack puts on a Proxmox MachineProvider. */
export interface PlacedVm {
  /** Unique in the stack: `Machine ns/name` or `<cluster key> <node name>`. */
  readonly id: string;
  /** For messages: `Machine ns/name` or `cluster talos-prod node talos-prod-ctp0`. */
  readonly owner: string;
  readonly kind: 'Machine' | 'node';
  readonly providerKey: string;
  /** Undefined when no node can be found (reported on its own). */
  readonly node?: string;
}

/** A VM's size as the program builds it, and where each part comes from (for messages). */
export interface VmSize {
  readonly cores?: number;
  readonly sockets?: number;
  readonly memoryBytes?: number;
  /** e.g. `spec.resources.cpu`. */
  readonly cpuField: string;
  /** e.g. `spec.resources.memory.size`. */
  readonly memoryField: string;
}

type Site = Pick<ProxmoxSite, 'provider' | 'config'>;

function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${String(n)}th`;
  return `${String(n)}${['th', 'st', 'nd', 'rd'][n % 10] ?? 'th'}`;
}

function plural(n: number, word: string): string {
  return `${String(n)} ${n === 1 ? word : `${word}s`}`;
}

/** Problems by PlacedVm id: each exceeded count, on the first VM over it. */
export function capacityProblems(
  vms: readonly PlacedVm[],
  sites: ReadonlyMap<string, Site>,
): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const add = (id: string, message: string) => {
    out.set(id, [...(out.get(id) ?? []), message]);
  };
  for (const [key, site] of sites) {
    const onProvider = vms.filter((v) => v.providerKey === key);
    const max = site.provider.provider.spec.capacity?.maxMachines;
    const over = max !== undefined ? onProvider[max] : undefined;
    if (max !== undefined && over !== undefined) {
      const machines = onProvider.filter((v) => v.kind === 'Machine').length;
      const nodes = onProvider.length - machines;
      add(
        over.id,
        `${providerName(site)} spec.capacity.maxMachines is ${String(max)}, but this stack puts ${String(onProvider.length)} VMs on it (${plural(machines, 'Machine')}, ${plural(nodes, 'cluster node')}); ${over.owner} is the ${ordinal(max + 1)}. Remove Machines or cluster nodes, or raise spec.capacity.maxMachines to at least ${String(onProvider.length)}`,
      );
    }
    const perNode = site.config?.spec.limits?.maxVMsPerNode;
    if (perNode === undefined) continue;
    const nodes = [...new Set(onProvider.flatMap((v) => (v.node !== undefined ? [v.node] : [])))];
    for (const node of nodes) {
      const on = onProvider.filter((v) => v.node === node);
      const first = on[perNode];
      if (first === undefined) continue;
      const others = (site.config?.spec.nodes ?? []).filter((n) => n !== node);
      add(
        first.id,
        `${configName(site) ?? 'ProxmoxConfig'} spec.limits.maxVMsPerNode is ${String(perNode)}, but this stack places ${String(on.length)} VMs on node ${node}; ${first.owner} is the ${ordinal(perNode + 1)}. Place Machines on other nodes with spec.placement.availabilityZone${others.length > 0 ? ` (${others.join(', ')})` : ''}, or raise spec.limits.maxVMsPerNode to at least ${String(on.length)}`,
      );
    }
  }
  return out;
}

/** The ProxmoxConfig's per-VM limits that `size` exceeds. */
export function vmLimitProblems(
  owner: string,
  site: Site,
  size: VmSize,
  /** Who gets the size, for messages. */
  subject = 'the VM',
): string[] {
  const limits = site.config?.spec.limits;
  const config = configName(site) ?? 'ProxmoxConfig';
  const out: string[] = [];
  if (limits?.maxCPUCores !== undefined && size.cores !== undefined) {
    const sockets = size.sockets ?? 1;
    const total = size.cores * sockets;
    if (total > limits.maxCPUCores) {
      const how = sockets > 1 ? ` (${String(size.cores)} cores x ${String(sockets)} sockets)` : '';
      out.push(
        `${owner}: ${size.cpuField} gives ${subject} ${String(total)} CPU cores${how}, above ${config} spec.limits.maxCPUCores ${String(limits.maxCPUCores)}; use at most ${String(limits.maxCPUCores)} cores, or raise spec.limits.maxCPUCores`,
      );
    }
  }
  const maxMemory =
    limits?.maxMemory !== undefined ? formats.parseQuantity(limits.maxMemory) : undefined;
  if (maxMemory !== undefined && size.memoryBytes !== undefined && size.memoryBytes > maxMemory) {
    out.push(
      `${owner}: ${size.memoryField} gives ${subject} ${formats.formatQuantity(size.memoryBytes)} of memory, above ${config} spec.limits.maxMemory ${limits?.maxMemory ?? ''}; use at most ${limits?.maxMemory ?? ''}, or raise spec.limits.maxMemory`,
    );
  }
  return out;
}
