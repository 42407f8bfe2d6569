// Where a Talos cluster's Kubernetes API answers: `https://<endpoint>:6443`. The rule, in order:
//   1. Written: the endpoint of the Vitistack's spec.infrastructure.providers entry of type talos
//      named after the cluster's KubernetesProvider (spec 001 "Provider API endpoint"), when that
//      provider builds this one cluster. An address inside the node network's subnet becomes the
//      control-plane VIP (Talos' machine.network.interfaces[].vip, planned as a written address so
//      nothing else gets it); anything else is a load balancer or DNS name the user runs.
//   2. A VIP allocated on the node network (an extra stable address, planned before the nodes so
//      that scaling the cluster never moves it).
//   3. The first control-plane node's address, with a warning: the cluster depends on that node.
// The spec has no LoadBalancer in the StackModel and no endpoint field on KubernetesCluster or the
// provider's clusterTemplate, so these are the only places an endpoint can come from.
import { formats } from '../../api/schema';
import type { NetworkConfiguration } from '../../api/v1alpha1';
import type { ResolvedCluster, StackModel } from '../../model';

/** The port of the Kubernetes API server on Talos control-plane nodes (and so of a VIP). */
export const API_PORT = 6443;

export type EndpointPlan =
  /** A VIP on the node network: written (`address`, `field`) or allocated. */
  | { readonly kind: 'vip'; readonly address?: string; readonly field?: string }
  /** A load balancer or DNS name outside the cluster's control. */
  | { readonly kind: 'external'; readonly url: string; readonly field: string }
  /** The first control-plane node's address. */
  | { readonly kind: 'first-node' };

export interface EndpointChoice {
  readonly plan: EndpointPlan;
  readonly problems: readonly string[];
  readonly warnings: readonly string[];
}

/** Name of the VIP among the cluster's planned addresses; sorts before the nodes' names. */
export function vipName(c: ResolvedCluster): string {
  return `${c.name}-api`;
}

/** The written endpoint of the cluster's KubernetesProvider, and where it is written. */
export function writtenEndpoint(
  model: StackModel,
  c: ResolvedCluster,
): { readonly value: string; readonly field: string; readonly shared: number } | undefined {
  const kp = model.kubernetesProviders.find((k) => k.key === c.providerKey);
  if (kp === undefined) return undefined;
  const entries = model.vitistack.spec.infrastructureProviders;
  const i = entries.findIndex((e) => e.type === 'talos' && e.name === kp.provider.metadata.name);
  const value = entries[i]?.endpoint;
  if (value === undefined) return undefined;
  const { namespace, name } = model.vitistack.metadata;
  return {
    value,
    field: `Vitistack ${namespace}/${name} spec.infrastructure.providers[${String(i)}].endpoint`,
    shared: kp.clusterKeys.length,
  };
}

/** Host and port of an endpoint written with or without `https://`; or why it is not one. */
export function parseEndpoint(
  value: string,
): { readonly host: string; readonly port?: number } | { readonly reason: string } {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `https://${value}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return { reason: 'is not a URL or host' };
  }
  if (url.protocol !== 'https:') {
    return { reason: `uses ${url.protocol.replace(/:$/, '')}, but the Kubernetes API is https` };
  }
  if ((url.pathname !== '/' && url.pathname !== '') || url.search !== '' || url.hash !== '') {
    return { reason: 'has a path or query, but the Kubernetes API is served at the root' };
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  // URL drops a port equal to the scheme's default (443), which is not the API server's (6443).
  const written = /^[a-z][a-z0-9+.-]*:\/\/(?:\[[^\]]*\]|[^/:?#]*):(\d+)/i.exec(withScheme)?.[1];
  return { host, ...(written !== undefined ? { port: Number(written) } : {}) };
}

/** `https://host:port`, IPv6 hosts bracketed. */
export function endpointUrl(host: string, port: number = API_PORT): string {
  return `https://${host.includes(':') ? `[${host}]` : host}:${String(port)}`;
}

function inDhcpPool(network: NetworkConfiguration, ip: string): boolean {
  const dhcp = network.spec.dhcp;
  if (dhcp?.enabled === false || dhcp?.poolStart === undefined || dhcp.poolEnd === undefined) {
    return false;
  }
  const lo = formats.compareAddresses(ip, dhcp.poolStart);
  const hi = formats.compareAddresses(ip, dhcp.poolEnd);
  return lo !== undefined && hi !== undefined && lo >= 0 && hi <= 0;
}

/** The endpoint of `c` by the rule above, with what must be fixed and what to warn about. Pure. */
export function chooseEndpoint(
  model: StackModel,
  c: ResolvedCluster,
  network: NetworkConfiguration | undefined,
): EndpointChoice {
  const where = `cluster ${c.name} (talos)`;
  const subnet = network?.spec.ipam?.subnet;
  const networkName =
    network === undefined
      ? ''
      : `NetworkConfiguration ${network.metadata.namespace}/${network.metadata.name}`;
  const written = writtenEndpoint(model, c);
  const warnings: string[] = [];
  if (written !== undefined && written.shared > 1) {
    warnings.push(
      `${where}: ${written.field} "${written.value}" is not used: KubernetesProvider ${c.providerKey} builds ${String(written.shared)} clusters and one endpoint cannot serve them all; each gets an endpoint of its own`,
    );
  } else if (written !== undefined) {
    const parsed = parseEndpoint(written.value);
    if ('reason' in parsed) {
      return {
        plan: { kind: 'first-node' },
        problems: [
          `${where}: ${written.field} "${written.value}" ${parsed.reason}; write the API address as "https://<address>:${String(API_PORT)}"`,
        ],
        warnings,
      };
    }
    const { host, port } = parsed;
    if (network !== undefined && subnet !== undefined && formats.ipInSubnet(host, subnet)) {
      const problems: string[] = [];
      if (port !== undefined && port !== API_PORT) {
        problems.push(
          `${where}: ${written.field} "${written.value}" is a VIP in ${networkName} (${subnet}) on port ${String(port)}, but a Talos VIP serves the API server's port ${String(API_PORT)}; write "${endpointUrl(host)}", or use an address outside the subnet for a load balancer`,
        );
      }
      if (inDhcpPool(network, host)) {
        problems.push(
          `${where}: ${written.field} "${written.value}" is inside the DHCP pool of ${networkName}, so a DHCP client could be given the VIP; choose an address outside spec.dhcp.poolStart-poolEnd`,
        );
      }
      return { plan: { kind: 'vip', address: host, field: written.field }, problems, warnings };
    }
    warnings.push(
      `${where}: ${written.field} "${written.value}" is not an address of the nodes' network${subnet !== undefined ? ` (${subnet})` : ''}, so it is taken as a load balancer or DNS name that you run: it must forward TCP ${String(port ?? API_PORT)} to port ${String(API_PORT)} of the control-plane nodes; no VIP is configured`,
    );
    return {
      plan: { kind: 'external', url: endpointUrl(host, port), field: written.field },
      problems: [],
      warnings,
    };
  }
  if (network !== undefined && subnet !== undefined) {
    return { plan: { kind: 'vip' }, problems: [], warnings };
  }
  if (network !== undefined) {
    warnings.push(
      `${where}: ${networkName} has no spec.ipam.subnet to plan a VIP in, so the API endpoint is the first control-plane node's address and the cluster depends on that node; add the subnet or write an endpoint`,
    );
  }
  return { plan: { kind: 'first-node' }, problems: [], warnings };
}
