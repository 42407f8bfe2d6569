// Talos machine-configuration patches (strategic merge patches of the v1alpha1 config), built as
// plain data and written as YAML. Two levels: one patch per machine type for what every node of
// that type shares (cluster network, CNI, kube-proxy, installer image), given to getConfiguration;
// one patch per node for what is its own (hostname, install disk, static address, the control-plane
// VIP, labels and taints), given to its ConfigurationApply. Pure: exported for tests.
import { stringify } from 'yaml';
import { formats } from '../../api/schema';

/** The machine types of a Talos cluster, as Talos spells them. */
export const MACHINE_TYPES = ['controlplane', 'worker'] as const;
export type TalosMachineType = (typeof MACHINE_TYPES)[number];

/** CNIs Talos deploys itself (`flannel`), or `none` when one is installed afterwards. */
export const TALOS_CNIS = ['flannel', 'none'] as const;
export type TalosCni = (typeof TALOS_CNIS)[number];

/** The effects of a Kubernetes taint. */
export const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] as const;

export interface NodeTaint {
  readonly key: string;
  readonly value?: string;
  readonly effect: (typeof TAINT_EFFECTS)[number];
}

/** A static address of a node's one interface, from the stack's address plan. */
export interface StaticNetwork {
  /** The address, IPv4 or IPv6. */
  readonly address: string;
  /** Prefix length of its subnet. */
  readonly prefix: number;
  /** The default gateway; no default route without it. */
  readonly gateway?: string;
  readonly dnsServers: readonly string[];
  readonly searchDomains: readonly string[];
  readonly mtu?: number;
}

/** What every node of a machine type shares. */
export interface MachineTypePatchArgs {
  /** Pod network. Defaults to Talos' `10.244.0.0/16`. */
  readonly podCIDR?: string;
  /** Service network. Defaults to Talos' `10.96.0.0/12`. */
  readonly serviceCIDR?: string;
  /** Cluster DNS domain. Defaults to Talos' `cluster.local`. */
  readonly dnsDomain?: string;
  /** `flannel` (Talos deploys it) or `none` (a CNI is installed after bootstrap). */
  readonly cni: TalosCni;
  /** Whether Talos runs kube-proxy; false when the CNI replaces it. */
  readonly kubeProxy: boolean;
  /** The installer image for installs and upgrades, e.g. `ghcr.io/siderolabs/installer:v1.7.4`. */
  readonly installImage?: string;
}

/** What is a node's own. */
export interface NodePatchArgs {
  /** Hostname, which is also the Kubernetes node name. */
  readonly hostname: string;
  /** Disk Talos installs itself on, e.g. `/dev/sda`. */
  readonly installDisk: string;
  /** Static addressing; absent: Talos' default (DHCP, or what the platform's cloud-init gives). */
  readonly network?: StaticNetwork;
  /** The shared control-plane address Talos announces from a healthy control-plane node. */
  readonly vip?: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly taints: readonly NodeTaint[];
}

/** The machine-type patch as a document (see MachineTypePatchArgs). */
export function machineTypePatchDocument(args: MachineTypePatchArgs): Record<string, unknown> {
  const network: Record<string, unknown> = {};
  if (args.dnsDomain !== undefined) network.dnsDomain = args.dnsDomain;
  if (args.podCIDR !== undefined) network.podSubnets = [args.podCIDR];
  if (args.serviceCIDR !== undefined) network.serviceSubnets = [args.serviceCIDR];
  // Talos deploys flannel unless told `none`; the default needs no patch.
  if (args.cni === 'none') network.cni = { name: 'none' };
  const cluster: Record<string, unknown> = {
    ...(Object.keys(network).length > 0 ? { network } : {}),
    ...(args.kubeProxy ? {} : { proxy: { disabled: true } }),
  };
  return {
    ...(args.installImage !== undefined
      ? { machine: { install: { image: args.installImage } } }
      : {}),
    ...(Object.keys(cluster).length > 0 ? { cluster } : {}),
  };
}

/** The default route of a static address: `0.0.0.0/0` or `::/0` by its family. */
function defaultRoute(n: StaticNetwork): string {
  return formats.parseAddress(n.address)?.family === 6 ? '::/0' : '0.0.0.0/0';
}

/** The node's interface entry, or none when nothing is static and there is no VIP. */
function interfaceEntry(args: NodePatchArgs): Record<string, unknown> | undefined {
  const n = args.network;
  if (n === undefined && args.vip === undefined) return undefined;
  return {
    // Nodes have one NIC whose kernel name differs by platform (eth0, ens18, enp1s0): select it
    // by being the one physical link rather than by name.
    deviceSelector: { physical: true },
    ...(n !== undefined
      ? {
          dhcp: false,
          addresses: [`${n.address}/${String(n.prefix)}`],
          ...(n.gateway !== undefined
            ? { routes: [{ network: defaultRoute(n), gateway: n.gateway }] }
            : {}),
          ...(n.mtu !== undefined ? { mtu: n.mtu } : {}),
        }
      : { dhcp: true }),
    ...(args.vip !== undefined ? { vip: { ip: args.vip } } : {}),
  };
}

/** `machine.nodeTaints` form: key -> `value:Effect`, or `Effect` without a value. */
export function taintValue(t: NodeTaint): string {
  return t.value !== undefined && t.value !== '' ? `${t.value}:${t.effect}` : t.effect;
}

/** The node patch as a document (see NodePatchArgs). */
export function nodePatchDocument(args: NodePatchArgs): Record<string, unknown> {
  const iface = interfaceEntry(args);
  const n = args.network;
  const network: Record<string, unknown> = {
    hostname: args.hostname,
    ...(iface !== undefined ? { interfaces: [iface] } : {}),
    ...(n !== undefined && n.dnsServers.length > 0 ? { nameservers: [...n.dnsServers] } : {}),
    ...(n !== undefined && n.searchDomains.length > 0
      ? { searchDomains: [...n.searchDomains] }
      : {}),
  };
  const labels = Object.entries(args.labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    machine: {
      install: { disk: args.installDisk },
      network,
      ...(labels.length > 0 ? { nodeLabels: Object.fromEntries(labels) } : {}),
      ...(args.taints.length > 0
        ? { nodeTaints: Object.fromEntries(args.taints.map((t) => [t.key, taintValue(t)])) }
        : {}),
    },
  };
}

/** A patch document as Talos reads it (YAML). */
export function patchText(doc: Record<string, unknown>): string {
  return stringify(doc, { lineWidth: 0 });
}

/** The machine-type patch, as YAML. */
export function machineTypePatch(args: MachineTypePatchArgs): string {
  return patchText(machineTypePatchDocument(args));
}

/** The node patch, as YAML. */
export function nodePatch(args: NodePatchArgs): string {
  return patchText(nodePatchDocument(args));
}
