// Where each GKE cluster of a stack runs and which secondary ranges of its subnetwork it uses:
// the network must carry the pods and services ranges before the cluster can name them, so the
// foundation plans them before it builds the subnetworks.
import * as formats from '../../api/schema/formats';
import { gcpName } from '../../components/gcp/util';
import type { ResolvedCluster, StackModel } from '../../model';

/** The pods and services ranges a GKE cluster uses, on the subnetwork it runs in. */
export interface ClusterRanges {
  readonly subnet: string;
  readonly pods?: string;
  readonly services?: string;
}

/** Names of a cluster's pods and services secondary ranges. */
export function rangeNames(cluster: Pick<ResolvedCluster, 'name'>): {
  pods: string;
  services: string;
} {
  return { pods: gcpName(`${cluster.name}-pods`), services: gcpName(`${cluster.name}-services`) };
}

/** A subnet of the Vitistack, as planning the GKE ranges needs it. */
export interface PlannedSubnet {
  readonly name: string;
  readonly type: string;
  readonly cidr: string;
}

/** Why a secondary range cannot be used: it overlaps a subnet or a range placed before it. */
function overlapOf(
  cidr: string,
  taken: readonly { what: string; cidr: string }[],
): string | undefined {
  const c = formats.parseCidr(cidr).cidr;
  if (c === undefined) return undefined;
  return taken.find((t) => {
    const o = formats.parseCidr(t.cidr).cidr;
    return o !== undefined && formats.cidrsOverlap(o, c);
  })?.what;
}

/**
 * The subnet each GKE cluster runs in (its subnetwork, else the first private subnet, else the
 * first) and the secondary ranges it needs there (from networking.podCIDR and serviceCIDR).
 * Ranges that overlap a subnet or another cluster's range are a `problem` (GCP refuses them).
 */
export function planClusterRanges(
  model: StackModel,
  subnets: readonly PlannedSubnet[],
  warn: (message: string) => void,
  problem: (message: string) => void = warn,
): Map<string, ClusterRanges> {
  const out = new Map<string, ClusterRanges>();
  const taken = subnets.map((s) => ({ what: `subnet "${s.name}" (${s.cidr})`, cidr: s.cidr }));
  const fallback = subnets.find((s) => s.type === 'private') ?? subnets[0];
  for (const c of model.clusters.filter((x) => x.distribution === 'gke')) {
    const named = c.subnetIds[0];
    const subnet =
      subnets.find((s) => s.name === named)?.name ??
      (named === undefined ? fallback?.name : undefined);
    if (subnet === undefined) continue;
    const { podCIDR, serviceCIDR } = c.networking;
    if ((podCIDR === undefined) !== (serviceCIDR === undefined)) {
      warn(
        `cluster ${c.name}: GKE needs both networking.podCIDR and networking.serviceCIDR as secondary ranges; with one of them GKE picks both ranges itself`,
      );
    }
    const names = rangeNames(c);
    if (podCIDR === undefined || serviceCIDR === undefined) {
      out.set(c.key, { subnet });
      continue;
    }
    const clashes = (
      [
        ['podCIDR', podCIDR],
        ['serviceCIDR', serviceCIDR],
      ] as const
    ).flatMap(([field, cidr], i) => {
      const other = overlapOf(
        cidr,
        i === 0 ? taken : [...taken, { what: `networking.podCIDR (${podCIDR})`, cidr: podCIDR }],
      );
      return other === undefined
        ? []
        : [
            `cluster ${c.name}: networking.${field} ${JSON.stringify(cidr)} overlaps ${other} of the Vitistack's network; GKE secondary ranges must not overlap other ranges of the network, so pick a free range (e.g. "10.244.0.0/16" for pods, "172.20.0.0/16" for services)`,
          ];
    });
    for (const m of clashes) problem(m);
    if (clashes.length > 0) {
      out.set(c.key, { subnet });
      continue;
    }
    taken.push(
      { what: `networking.podCIDR of cluster ${c.name} (${podCIDR})`, cidr: podCIDR },
      { what: `networking.serviceCIDR of cluster ${c.name} (${serviceCIDR})`, cidr: serviceCIDR },
    );
    out.set(c.key, { subnet, pods: names.pods, services: names.services });
  }
  return out;
}
