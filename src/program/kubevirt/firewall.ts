// The default NetworkPolicy of a kubevirt provider's VMs in one namespace, from what the
// manifests say where Kubernetes NetworkPolicy can express it:
//   - the Vitistack's firewall rules (firewall-rules.ts, group `vitistack`): allow rules with a
//     CIDR or IP peer on tcp, udp or all protocols;
//   - the default policy of the NetworkNamespaces that apply to the namespace (those in it and
//     those its clusters name): `deny` restricts that direction to the rules; with several, deny
//     wins. Without a NetworkNamespace, a direction with rules denies the rest, as the clouds'
//     security groups do;
//   - their isolation: `moderate` also admits the namespace's own pods, `strict` does not; both
//     admit the allowedNamespaces (in both directions).
// What NetworkPolicy cannot say is left out with a warning: deny rules (it only allows), icmp
// (it matches tcp, udp and sctp only), peers that are security groups, bandwidth and QoS limits.
import type { NetworkNamespace } from '../../api/v1alpha1';
import type {
  PolicyPeer,
  PolicyRule,
  VmNetworkPolicyArgs,
} from '../../components/kubevirt/network-policy';
import { toDnsLabel } from '../../components/kubevirt/names';
import type { ResolvedMachineProvider, StackModel } from '../../model';
import { firewallPlan, VITISTACK_GROUP } from '../firewall-rules';
import { baseLabels, selectorLabels } from './placement';

export interface PolicyPlan {
  /** Undefined when nothing restricts either direction (no policy is built). */
  readonly args?: VmNetworkPolicyArgs;
  readonly warnings: readonly string[];
}

/** The NetworkNamespaces that apply to VMs in `namespace`. */
export function networkNamespacesFor(model: StackModel, namespace: string): NetworkNamespace[] {
  const named = new Set(
    model.clusters
      .filter((c) => c.cluster?.metadata.namespace === namespace)
      .flatMap((c) => (c.networkNamespaceKey !== undefined ? [c.networkNamespaceKey] : [])),
  );
  return model.networkNamespaces.filter(
    (n) =>
      n.metadata.namespace === namespace || named.has(`${n.metadata.namespace}/${n.metadata.name}`),
  );
}

function defaultOf(
  list: readonly NetworkNamespace[],
  side: 'ingress' | 'egress',
): 'allow' | 'deny' | undefined {
  const says = list.map((n) => n.spec.defaultPolicy?.[side]).filter((x) => x !== undefined);
  if (says.includes('deny')) return 'deny';
  return says.includes('allow') ? 'allow' : undefined;
}

const ANYWHERE = new Set(['0.0.0.0/0', '::/0']);

/** The Vitistack's rules that NetworkPolicy can express, by direction, and warnings for the rest. */
function vitistackRules(model: StackModel): {
  ingress: PolicyRule[];
  egress: PolicyRule[];
  warnings: string[];
} {
  const group = firewallPlan(model, []).find((g) => g.name === VITISTACK_GROUP);
  const out = { ingress: [] as PolicyRule[], egress: [] as PolicyRule[], warnings: [] as string[] };
  const vs = `Vitistack ${model.vitistack.metadata.namespace}/${model.vitistack.metadata.name}`;
  for (const r of group?.rules ?? []) {
    const skip = (why: string) =>
      out.warnings.push(`${vs}: firewall rule "${r.name}" is not built on KubeVirt: ${why}`);
    if (r.action === 'deny') {
      skip(
        'NetworkPolicy can only allow traffic (a direction with any allow rule denies the rest)',
      );
      continue;
    }
    if (r.protocol === 'icmp') {
      skip('NetworkPolicy matches tcp, udp and sctp only');
      continue;
    }
    if (!('cidr' in r.peer)) {
      skip('its peer is a security group, which KubeVirt VMs do not have; use a CIDR');
      continue;
    }
    const peers: PolicyPeer[] = ANYWHERE.has(r.peer.cidr) ? [] : [{ cidr: r.peer.cidr }];
    const protocol = r.protocol === 'udp' ? 'UDP' : 'TCP';
    const ports =
      r.protocol === 'all'
        ? []
        : [
            {
              protocol,
              ...(r.fromPort !== undefined ? { port: r.fromPort } : {}),
              ...(r.toPort !== undefined && r.toPort !== r.fromPort ? { endPort: r.toPort } : {}),
            } as const,
          ];
    out[r.direction].push({ peers, ports });
  }
  return out;
}

/** The policy of provider `p`'s VMs in `namespace` (see the file comment). */
export function policyPlan(
  model: StackModel,
  p: ResolvedMachineProvider,
  namespace: string,
): PolicyPlan {
  const rules = vitistackRules(model);
  const warnings = [...rules.warnings];
  const spaces = networkNamespacesFor(model, namespace);
  for (const n of spaces) {
    const where = `NetworkNamespace ${n.metadata.namespace}/${n.metadata.name}`;
    if (n.spec.limits?.bandwidth !== undefined) {
      warnings.push(`${where}: spec.limits.bandwidth is not built on KubeVirt`);
    }
    if (n.spec.qos !== undefined) warnings.push(`${where}: spec.qos is not built on KubeVirt`);
  }
  const isolation = spaces.map((n) => n.spec.isolation).filter((x) => x !== undefined);
  const isolated = isolation.filter((i) => i.level !== 'none');
  const allowed = [...new Set(isolated.flatMap((i) => i.allowedNamespaces ?? []))].sort();
  const own =
    isolated.some((i) => i.level === 'moderate') && !isolated.some((i) => i.level === 'strict');
  const peers: PolicyPeer[] = [
    ...(own ? [{ sameNamespace: true } as const] : []),
    ...allowed.map((ns) => ({ namespace: ns })),
  ];
  const side = (dir: 'ingress' | 'egress'): PolicyRule[] | undefined => {
    const d = defaultOf(spaces, dir) ?? (rules[dir].length > 0 ? 'deny' : undefined);
    if (d !== 'deny') return undefined;
    return [...rules[dir], ...(peers.length > 0 ? [{ peers, ports: [] }] : [])];
  };
  const ingress = side('ingress');
  const egress = side('egress');
  if (ingress === undefined && egress === undefined) return { warnings };
  const name = toDnsLabel(
    p.provider.spec.cloud.kubevirt?.networkPolicy ?? `${p.provider.metadata.name}-vms`,
  );
  return {
    args: {
      name,
      namespace,
      podSelector: selectorLabels(model, p),
      ...(ingress !== undefined ? { ingress } : {}),
      ...(egress !== undefined ? { egress } : {}),
      labels: baseLabels(model, p),
    },
    warnings,
  };
}
