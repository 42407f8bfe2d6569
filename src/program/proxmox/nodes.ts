// Cluster nodes on Proxmox: VMs cloned from the distribution's template (for talos, the template
// whose name contains "talos"), sized from the node group (else the template, else the group's
// machine class), tagged with the node's labels, with the planned address in cloud-init (Talos'
// nocloud platform reads it) and no user data: the cluster program configures the nodes.
// Node VMs get no Proxmox firewall: NetworkConfiguration rules written for servers would cut the
// traffic between the nodes (etcd, kubelet, the CNI); the cluster guards its nodes itself.
import type * as pulumi from '@pulumi/pulumi';
import { formats } from '../../api/schema';
import { Machine, type MachineArgs } from '../../components/proxmox/machine';
import { MANAGED_BY } from '../../model/defaults';
import type { NodeSpec, PlannedInterface } from '../backend';
import type { MachineOutput } from '../outputs';
import { nodeOwner, nodeVmId, type ProxmoxContext } from './context';
import { vmLimitProblems, type VmSize } from './limits';
import { vmNetwork } from './network';
import { machineOutput, type OutputDisk } from './output';
import {
  datastoreFor,
  datastoreHint,
  defaultOsType,
  nodeFor,
  templateHome,
  type ProxmoxSite,
} from './site';
import { proxmoxTags } from './tags';
import { distributionTemplate, type ProxmoxTemplate } from './templates';

interface NodeBuild {
  readonly args: MachineArgs;
  readonly address?: string;
  readonly root: OutputDisk;
}

/** The node's CPU and memory: its group's, else the template's, else its machine class's. */
export function nodeSize(
  site: Pick<ProxmoxSite, 'provider'>,
  node: NodeSpec,
  template: ProxmoxTemplate,
): VmSize {
  const offer = site.provider.provider.spec.instanceTypes.find((t) => t.name === node.machineClass);
  const group = `node group ${node.group}${node.machineClass !== undefined ? ` (machineClass ${node.machineClass})` : ''}`;
  const cpu =
    node.cpu > 0
      ? { cores: node.cpu, cpuField: group }
      : template.cpu !== undefined
        ? { cores: template.cpu, cpuField: `template ${template.name}` }
        : offer?.vcpus !== undefined
          ? { cores: offer.vcpus, cpuField: `machineClass ${offer.name}` }
          : { cpuField: group };
  const offerMemory = offer?.memory !== undefined ? formats.parseQuantity(offer.memory) : undefined;
  const memory =
    node.memoryBytes > 0
      ? { memoryBytes: node.memoryBytes, memoryField: group }
      : template.memoryBytes !== undefined
        ? { memoryBytes: template.memoryBytes, memoryField: `template ${template.name}` }
        : offerMemory !== undefined
          ? { memoryBytes: offerMemory, memoryField: `machineClass ${offer?.name ?? ''}` }
          : { memoryField: group };
  return { ...cpu, ...(cpu.cores !== undefined ? { sockets: 1 } : {}), ...memory };
}

/** The node as VM arguments, or what must be fixed first. */
export function planNode(
  site: ProxmoxSite,
  node: NodeSpec,
  interfaces: readonly PlannedInterface[],
): NodeBuild | { problems: string[] } {
  // Messages name the cluster (or its node group), not the node: every node of a group shares
  // them, and the cluster program lists each distinct message once.
  const cluster = `cluster ${node.clusterId} (${node.distribution})`;
  const problems: string[] = [];
  const found = distributionTemplate(site, node.distribution, cluster);
  if ('problem' in found) problems.push(found.problem);
  const placed = nodeFor(site, cluster, undefined, false);
  if ('problem' in placed) problems.push(placed.problem);
  const store = datastoreFor(site, undefined);
  if (store === undefined) {
    problems.push(`${cluster}: no datastore for the node disks; ${datastoreHint(site)}`);
  }
  const network = vmNetwork(
    site,
    `${cluster} nodes`,
    interfaces.map((p) => ({ name: p.name, planned: p })),
  );
  if ('problems' in network) problems.push(...network.problems);
  const template = 'template' in found ? found.template : undefined;
  const size = template !== undefined ? nodeSize(site, node, template) : undefined;
  if (size !== undefined) {
    problems.push(...vmLimitProblems(`cluster ${node.clusterId}`, site, size, 'each node'));
  }
  if (
    problems.length > 0 ||
    template === undefined ||
    size === undefined ||
    !('node' in placed) ||
    store === undefined ||
    !('network' in network)
  ) {
    return { problems };
  }
  // The group's disk size may be the default guess: never below the template's (no shrinking).
  const diskGiB = Math.max(node.diskGiB, template.diskGiB ?? 0);
  const addresses = network.network;
  const args: MachineArgs = {
    name: node.name,
    nodeName: placed.node,
    description: `${node.role} node ${node.name} of ${node.clusterKey}, managed by ${MANAGED_BY}`,
    clone: { vmId: template.vmId, ...templateHome(site) },
    ...(size.cores !== undefined ? { cpu: { cores: size.cores, sockets: 1 } } : {}),
    ...(size.memoryBytes !== undefined ? { memoryMiB: Math.ceil(size.memoryBytes / 2 ** 20) } : {}),
    disks: [{ interface: 'scsi0', datastoreId: store, sizeGiB: diskGiB }],
    networkDevices: addresses.devices,
    cloudInit: {
      datastoreId: store,
      // Talos reads the address from the nocloud drive.
      type: 'nocloud',
      ipConfigs: addresses.ipConfigs,
      dnsServers: addresses.dnsServers,
      searchDomains: addresses.searchDomains,
    },
    ...((template.osType ?? defaultOsType(site)) !== undefined
      ? { osType: template.osType ?? defaultOsType(site) }
      : {}),
    tags: proxmoxTags(node.tags, node.labels),
  };
  return {
    args,
    ...(addresses.address !== undefined ? { address: addresses.address } : {}),
    root: { interface: 'scsi0', sizeGiB: diskGiB },
  };
}

/** What must be fixed before the node can be built on Proxmox; [] when fine. */
export function proxmoxNodeProblems(
  ctx: ProxmoxContext,
  node: NodeSpec,
  interfaces: readonly PlannedInterface[],
): string[] {
  const site = ctx.sites.get(node.providerKey);
  if (!site) return [];
  const planned = planNode(site, node, interfaces);
  const capacity = ctx.capacity.get(nodeVmId(node.clusterKey, node.name)) ?? [];
  return [...('problems' in planned ? planned.problems : []), ...capacity];
}

/** The warning that node VMs get no firewall, when rules would otherwise apply to them. */
function firewallWarning(
  ctx: ProxmoxContext,
  node: NodeSpec,
  interfaces: readonly PlannedInterface[],
): void {
  const networks = interfaces
    .filter((p) => p.network.spec.firewallRules.length > 0)
    .map((p) => `NetworkConfiguration ${p.address.network}`);
  const own = ctx.firewallGroups.some((g) => g.rules.length > 0) ? ["the Vitistack's"] : [];
  const sources = [...new Set([...networks, ...own])];
  if (sources.length === 0) return;
  ctx.warn(
    `cluster ${node.clusterId}: its node VMs get no Proxmox firewall; the firewall rules of ${sources.join(' and ')} apply to Machines only, since as written they would cut the traffic between the nodes (etcd 2379-2380, kubelet 10250, the CNI). Guard the nodes with the cluster's own firewall (e.g. Talos' ingress firewall)`,
  );
}

export function buildProxmoxNode(
  ctx: ProxmoxContext,
  node: NodeSpec,
  interfaces: readonly PlannedInterface[],
): pulumi.Output<MachineOutput> {
  const site = ctx.sites.get(node.providerKey);
  const planned = site ? planNode(site, node, interfaces) : undefined;
  if (!site || !planned || 'problems' in planned) {
    throw new Error(
      `${nodeOwner(node.clusterId, node.name)} was built although it has problems (a program bug)`,
    );
  }
  firewallWarning(ctx, node, interfaces);
  const vm = new Machine(node.name, planned.args, { parent: ctx.env.root, provider: site.pve });
  return machineOutput(vm, planned.address, planned.root, []);
}
