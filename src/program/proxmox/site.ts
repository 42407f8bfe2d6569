// One Proxmox MachineProvider as the program sees it: the provider, its ProxmoxConfig (found by
// the model, see model/operator-configs.ts) and the explicit provider resource, with the rules
// for where a VM goes when the manifests do not say:
//   node       Machine spec.placement.availabilityZone, else the provider's config.proxmox.node,
//              else the ProxmoxConfig's first spec.cluster.nodes entry;
//   datastore  the disk's storageClass, else the provider's config.proxmox.storage, else the
//              ProxmoxConfig's defaults.storage;
//   bridge     the NetworkConfiguration's bridge, else the provider's config.proxmox.networkBridge,
//              else the ProxmoxConfig's defaults.network.
import type * as proxmoxve from '@muhlba91/pulumi-proxmoxve';
import type { ProxmoxConfig } from '../../api/v1alpha1';
import type { ResolvedMachineProvider } from '../../model';

export interface ProxmoxSite {
  readonly provider: ResolvedMachineProvider;
  readonly config?: ProxmoxConfig;
  /** The explicit provider resource. */
  readonly pve: proxmoxve.Provider;
  /** The provider can upload snippets (its credentials include SSH access to the nodes). */
  readonly canUploadSnippets: boolean;
}

/** Datastore for user data snippets when the provider's customSettings name none. */
export const DEFAULT_SNIPPETS_DATASTORE = 'local';

/** The provider's customSettings key naming the datastore for user data snippets. */
export const SNIPPETS_SETTING = 'snippetsDatastore';

/** `MachineProvider namespace/name`, for messages. */
export function providerName(site: Pick<ProxmoxSite, 'provider'>): string {
  return `MachineProvider ${site.provider.key}`;
}

/** `ProxmoxConfig namespace/name`, for messages; undefined without one. */
export function configName(site: Pick<ProxmoxSite, 'config'>): string | undefined {
  const c = site.config;
  return c === undefined ? undefined : `ProxmoxConfig ${c.metadata.namespace}/${c.metadata.name}`;
}

function settings(site: Pick<ProxmoxSite, 'provider'>) {
  return site.provider.provider.spec.cloud.proxmox;
}

/** The node a VM goes to without a placement of its own; undefined when nothing names one. */
export function defaultNode(site: Pick<ProxmoxSite, 'provider' | 'config'>): string | undefined {
  return settings(site)?.node ?? site.config?.spec.nodes[0];
}

/**
 * The node of a VM: `placement` (a Machine's spec.placement.availabilityZone) or the default.
 * A problem when the placement is not one of the ProxmoxConfig's nodes, or nothing names a node.
 */
export function nodeFor(
  site: Pick<ProxmoxSite, 'provider' | 'config'>,
  owner: string,
  placement: string | undefined,
  /** The VM is a Machine, which can name its node (cluster nodes cannot). */
  machine = true,
): { node: string } | { problem: string } {
  const nodes = site.config?.spec.nodes ?? [];
  const config = configName(site);
  if (placement !== undefined) {
    if (config !== undefined && nodes.length > 0 && !nodes.includes(placement)) {
      return {
        problem: `${owner}: spec.placement.availabilityZone "${placement}" is not a node of ${config} (spec.cluster.nodes: ${nodes.join(', ')}); use one of them, or leave it out to use ${defaultNode(site) ?? nodes[0] ?? ''}`,
      };
    }
    return { node: placement };
  }
  const node = defaultNode(site);
  if (node === undefined) {
    return {
      problem: `${owner}: no Proxmox node to place the VM on; set spec.config.proxmox.node on ${providerName(site)}${config !== undefined ? `${machine ? ',' : ' or'} list nodes in ${config} spec.cluster.nodes` : `${machine ? ',' : ' or'} add a ProxmoxConfig with spec.cluster.nodes`}${machine ? ", or set the Machine's spec.placement.availabilityZone" : ''}`,
    };
  }
  return { node };
}

/**
 * Where the templates live: the provider's default node (templates on local storage can only be
 * cloned from there; on shared storage any node can). `{}` when no node is known.
 */
export function templateHome(site: Pick<ProxmoxSite, 'provider' | 'config'>): {
  nodeName?: string;
} {
  const node = defaultNode(site);
  return node !== undefined ? { nodeName: node } : {};
}

/** The datastore of a disk: its own storageClass, else the provider's or the config's default. */
export function datastoreFor(
  site: Pick<ProxmoxSite, 'provider' | 'config'>,
  storageClass: string | undefined,
): string | undefined {
  return storageClass ?? settings(site)?.storage ?? site.config?.spec.defaults?.storage;
}

/** How to fix a missing datastore, for messages. */
export function datastoreHint(site: Pick<ProxmoxSite, 'provider' | 'config'>): string {
  const config = configName(site);
  return `set spec.config.proxmox.storage on ${providerName(site)}${config !== undefined ? ` or spec.defaults.storage on ${config}` : ''}`;
}

/** The bridge of a network device: the network's, else the provider's or the config's default. */
export function bridgeFor(
  site: Pick<ProxmoxSite, 'provider' | 'config'>,
  networkBridge: string | undefined,
): string | undefined {
  return networkBridge ?? settings(site)?.networkBridge ?? site.config?.spec.defaults?.network;
}

/** How to fix a missing bridge, for messages. */
export function bridgeHint(site: Pick<ProxmoxSite, 'provider' | 'config'>): string {
  const config = configName(site);
  return `set spec.config.proxmox.networkBridge on ${providerName(site)}${config !== undefined ? ` or spec.defaults.network on ${config}` : ''}`;
}

/** Datastore for user data snippets (it must allow the snippets content type). */
export function snippetsDatastore(site: Pick<ProxmoxSite, 'provider'>): string {
  return site.provider.provider.spec.customSettings[SNIPPETS_SETTING] ?? DEFAULT_SNIPPETS_DATASTORE;
}

/** Proxmox OS type for VMs from a template without one: the ProxmoxConfig's default. */
export function defaultOsType(site: Pick<ProxmoxSite, 'config'>): string | undefined {
  return site.config?.spec.defaults?.osType;
}
