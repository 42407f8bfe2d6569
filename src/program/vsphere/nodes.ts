// Cluster nodes on vSphere: VMs cloned from the distribution's template (for talos, the image
// whose name contains "talos"), sized from the node group (else its machine class, else the
// template), with the planned address, host name and DNS in guestinfo metadata. Talos' vmware
// platform reads that metadata for its network before it has a machine config; the cluster program
// applies the config over the Talos API, so `guestinfo.talos.config` stays unset, and there is no
// guest customization (Talos has no VMware Tools customization).
// The control-plane VMs of a cluster are kept on different ESXi hosts by a DRS anti-affinity rule,
// made when the last of them is built (the seam builds a cluster's nodes together, control plane
// first), so the cluster program needs to know nothing about vSphere. The rule is not mandatory:
// on a cluster with fewer hosts than control-plane VMs, DRS still powers them all on.
import type * as pulumi from '@pulumi/pulumi';
import { formats } from '../../api/schema';
import { Machine } from '../../components/vsphere';
import { ComputeClusterVmAntiAffinityRule } from '../../components/vsphere/sdk';
import { MANAGED_BY } from '../../model/defaults';
import type { StackModel } from '../../model';
import type { NodeSpec, PlannedInterface } from '../backend';
import { clusterNodes } from '../cluster-nodes';
import type { MachineOutput } from '../outputs';
import { sizeProblems } from './limits';
import { provisioningOf, type VsphereContext } from './context';
import { metadataDocument } from './guestinfo';
import { plannedAddress, vmNics, type VmNic } from './nics';
import { machineOutput } from './output';
import { placementOf, providerName, settingPath, type Placement } from './placement';
import type { VsphereSite } from './site';
import { labelTags } from './tags';
import { distributionTemplate } from './templates';

const MIB = 2 ** 20;

interface NodeBuild {
  readonly template: string;
  readonly placement: Placement;
  readonly nics: readonly VmNic[];
  readonly cpu?: number;
  readonly memoryBytes?: number;
}

/** The node's size: its group's, else its machine class's (a provider instance type). */
function sizeOf(site: VsphereSite, node: NodeSpec): { cpu?: number; memoryBytes?: number } {
  const offer = site.provider.provider.spec.instanceTypes.find((t) => t.name === node.machineClass);
  const fromOffer = offer?.memory !== undefined ? formats.parseQuantity(offer.memory) : undefined;
  const cpu = node.cpu > 0 ? node.cpu : offer?.vcpus;
  const memoryBytes = node.memoryBytes > 0 ? node.memoryBytes : fromOffer;
  return {
    ...(cpu !== undefined ? { cpu } : {}),
    ...(memoryBytes !== undefined ? { memoryBytes } : {}),
  };
}

function plan(
  site: VsphereSite,
  node: NodeSpec,
  interfaces: readonly PlannedInterface[],
): NodeBuild | { problems: string[] } {
  // Messages name the cluster (or its node group), not the node: every node of a group shares
  // them, and the cluster program lists each distinct message once.
  const cluster = `cluster ${node.clusterId} (${node.distribution})`;
  const p = site.provider;
  const problems: string[] = [];
  const template = distributionTemplate(p, node.distribution, cluster);
  if ('problem' in template) problems.push(template.problem);
  const placement = placementOf(p, site.identity, cluster);
  if ('problem' in placement) problems.push(placement.problem);
  const nics = vmNics(p, cluster, interfaces);
  if ('problems' in nics) problems.push(...nics.problems);
  const size = sizeOf(site, node);
  problems.push(
    ...sizeProblems(
      p,
      `cluster ${node.clusterId} node group ${node.group}`,
      size.cpu ?? 0,
      size.memoryBytes ?? 0,
    ),
  );
  if (
    problems.length > 0 ||
    'problem' in template ||
    'problem' in placement ||
    'problems' in nics
  ) {
    return { problems };
  }
  return { template: template.template, placement, nics: nics.nics, ...size };
}

/** What must be fixed before the node can be built on vSphere; [] when fine. */
export function vsphereNodeProblems(
  ctx: VsphereContext,
  node: NodeSpec,
  interfaces: readonly PlannedInterface[],
): string[] {
  const site = ctx.sites.get(node.providerKey);
  if (!site) return [];
  const planned = plan(site, node, interfaces);
  return 'problems' in planned ? planned.problems : [];
}

/** The control-plane VMs of each cluster, for their anti-affinity rule. */
export class ControlPlaneSpread {
  private readonly expected = new Map<string, number>();
  private readonly built = new Map<string, pulumi.Output<string>[]>();

  /** Counts the control-plane nodes of every cluster the program builds, per provider. */
  constructor(model: StackModel, providerKeys: ReadonlySet<string>) {
    for (const c of model.clusters.filter((x) => x.supported)) {
      for (const n of clusterNodes(c)) {
        if (n.role !== 'control-plane' || !providerKeys.has(n.providerKey)) continue;
        const key = ControlPlaneSpread.key(n);
        this.expected.set(key, (this.expected.get(key) ?? 0) + 1);
      }
    }
  }

  private static key(node: NodeSpec): string {
    return `${node.clusterKey} ${node.providerKey}`;
  }

  /** Records a built control-plane VM; makes the rule once the cluster's last one is built. */
  add(
    ctx: VsphereContext,
    site: VsphereSite,
    node: NodeSpec,
    placement: Placement,
    uuid: pulumi.Output<string>,
  ): void {
    if (node.role !== 'control-plane') return;
    const key = ControlPlaneSpread.key(node);
    const list = [...(this.built.get(key) ?? []), uuid];
    this.built.set(key, list);
    const expected = this.expected.get(key) ?? 0;
    if (list.length !== expected || expected < 2) return;
    const vsphereCluster = placement.ruleCluster;
    if (vsphereCluster === undefined) {
      ctx.warn(
        `cluster ${node.clusterId}: its ${String(expected)} control-plane VMs on ${providerName(site.provider)} are not kept on different ESXi hosts: the provider writes ${settingPath(site.provider, 'resourcePool')} without a cluster, so the DRS cluster is unknown; set spec.config.customSettings.cluster (or spec.vsphere.cluster)`,
      );
      return;
    }
    new ComputeClusterVmAntiAffinityRule(
      `${node.clusterId}-control-plane-spread`,
      {
        name: `vitistack ${ctx.env.model.stackName} ${node.clusterId} control plane`,
        computeClusterId: site.computeClusterId(vsphereCluster),
        virtualMachineIds: list,
        enabled: true,
        mandatory: false,
      },
      { parent: ctx.env.root, provider: site.resource },
    );
  }
}

export function buildVsphereNode(
  ctx: VsphereContext,
  spread: ControlPlaneSpread,
  node: NodeSpec,
  interfaces: readonly PlannedInterface[],
): pulumi.Output<MachineOutput> {
  const site = ctx.sites.get(node.providerKey);
  const planned = site ? plan(site, node, interfaces) : undefined;
  if (!site || !planned || 'problems' in planned) {
    throw new Error(
      `cluster ${node.clusterId} node ${node.name} was built although it has problems (a program bug)`,
    );
  }
  const template = site.template(planned.template);
  const address = plannedAddress(planned.nics);
  const tags = labelTags(node.tags);
  const vm = new Machine(
    node.name,
    {
      name: node.name,
      template,
      resourcePoolId: site.resourcePoolId(planned.placement.resourcePool),
      ...(site.datastoreId() !== undefined ? { datastoreId: site.datastoreId() } : {}),
      folder: site.inventory().folderPath,
      ...(planned.cpu !== undefined ? { numCpus: planned.cpu } : {}),
      ...(planned.memoryBytes !== undefined
        ? { memoryMiB: Math.ceil(planned.memoryBytes / MIB) }
        : {}),
      rootDiskGiB: node.diskGiB,
      networkInterfaces: planned.nics.map((n) => ({
        networkId: site.networkId(n.portGroup),
        ...(n.macAddress !== undefined ? { macAddress: n.macAddress } : {}),
        ...(n.ipv4 !== undefined ? { ipv4: n.ipv4 } : {}),
        ...(n.ipv6 !== undefined ? { ipv6: n.ipv6 } : {}),
      })),
      guestinfo: {
        metadata: metadataDocument({
          instanceId: `${node.clusterKey}/${node.name}`,
          hostName: node.name,
          nics: planned.nics,
        }),
      },
      ...(tags.length > 0 ? { tags: site.inventory().tagIdsOf(tags) } : {}),
      annotation: `${node.role} node ${node.name} of ${node.clusterKey}, Vitistack ${ctx.env.model.stackName}, managed by ${MANAGED_BY}`,
      // Without VMware Tools in the guest no address is ever reported: wait only when the node's
      // address comes from DHCP (the Talos image must then carry the vmtoolsd extension).
      waitForGuestNet: address === undefined,
    },
    { parent: ctx.env.root, provider: site.resource },
  );
  spread.add(ctx, site, node, planned.placement, vm.uuid);
  return machineOutput(
    vm,
    address,
    template.apply((t) =>
      provisioningOf([...t.disks].sort((a, b) => a.unitNumber - b.unitNumber)[0]),
    ),
    [],
  );
}
