// The firewall of a Vitistack, cloud-neutral: the Vitistack's own rules (spec.networking
// .firewallRules) as the group `vitistack`, plus every MachineProvider's named security groups.
// Each cloud maps the groups to what it has (AWS security groups, Azure network security groups,
// GCP firewall rules) and says what it cannot express (AWS has no deny rules).
import { formats } from '../api/schema';
import type { FirewallProtocol } from '../api/v1alpha1/vitistack-networking';
import type { ResolvedMachineProvider, StackModel } from '../model';

/** Name of the group holding the Vitistack's own firewall rules. */
export const VITISTACK_GROUP = 'vitistack';

/**
 * Who a rule admits (ingress) or reaches (egress): a CIDR, another group of this firewall by
 * name, or a cloud id of a group outside it.
 */
export type RulePeer =
  { readonly cidr: string } | { readonly group: string } | { readonly id: string };

export interface FirewallPlanRule {
  /** The Vitistack rule's name; `<group>-<index>` for a provider group's rules. */
  readonly name: string;
  readonly direction: 'ingress' | 'egress';
  readonly protocol: FirewallProtocol;
  readonly fromPort?: number;
  readonly toPort?: number;
  readonly peer: RulePeer;
  readonly action: 'allow' | 'deny';
  /** The rule's priority as written (lower first); clouds that order rules derive theirs. */
  readonly priority?: number;
}

export interface FirewallPlanGroup {
  readonly name: string;
  readonly description?: string;
  readonly rules: readonly FirewallPlanRule[];
}

/**
 * The peer of a rule: a CIDR, a single IP (as /32 or /128), a group of this firewall by name,
 * else a group id. No peer written means anywhere, as the spec's examples read.
 */
export function rulePeer(peer: string | undefined, groupNames: readonly string[]): RulePeer {
  if (peer === undefined) return { cidr: '0.0.0.0/0' };
  if (formats.parseCidr(peer).cidr) return { cidr: peer };
  if (formats.parseIPv4(peer)) return { cidr: `${peer}/32` };
  if (formats.parseIPv6(peer)) return { cidr: `${peer}/128` };
  if (groupNames.includes(peer)) return { group: peer };
  return { id: peer };
}

/** The groups of the stack's firewall: `vitistack` first, then the providers' (first wins). */
export function firewallPlan(
  model: StackModel,
  providers: readonly ResolvedMachineProvider[],
): FirewallPlanGroup[] {
  const providerGroups = providers.flatMap((p) => p.provider.spec.network.securityGroups);
  const names = [VITISTACK_GROUP, ...providerGroups.map((g) => g.name)];
  const groups: FirewallPlanGroup[] = [
    {
      name: VITISTACK_GROUP,
      description: `Firewall rules of Vitistack ${model.stackName}`,
      rules: model.vitistack.spec.networking.firewallRules.map((rule) => {
        const direction = rule.direction === 'outbound' ? 'egress' : 'ingress';
        return {
          name: rule.name,
          direction,
          protocol: rule.protocol ?? 'all',
          ...(rule.fromPort !== undefined ? { fromPort: rule.fromPort } : {}),
          ...(rule.toPort !== undefined ? { toPort: rule.toPort } : {}),
          peer: rulePeer(direction === 'ingress' ? rule.source : rule.destination, names),
          action: rule.action ?? 'allow',
          ...(rule.priority !== undefined ? { priority: rule.priority } : {}),
        };
      }),
    },
  ];
  for (const g of providerGroups) {
    if (groups.some((x) => x.name === g.name)) continue;
    groups.push({
      name: g.name,
      ...(g.description !== undefined ? { description: g.description } : {}),
      rules: g.rules.map((r, i) => ({
        name: `${g.name}-${i}`,
        direction: r.direction,
        protocol: r.protocol,
        ...(r.fromPort !== undefined ? { fromPort: r.fromPort } : {}),
        ...(r.toPort !== undefined ? { toPort: r.toPort } : {}),
        peer: rulePeer(r.source, names),
        action: 'allow' as const,
      })),
    });
  }
  return groups;
}
