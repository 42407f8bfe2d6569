// The cloud-neutral firewall plan (firewall-rules.ts) as GCP VPC firewall rules. The Vitistack's
// own group applies to every instance of the network (no target tags); a provider's security
// group becomes a network tag that its machines carry. GCP has deny rules and priorities, so
// both are kept; what it cannot express (egress to a group) is left out with a warning.
import type { FirewallRuleArgs } from '../../components/gcp/firewall';
import { GCP_NAME, gcpName } from '../../components/gcp/util';
import type { ResolvedMachineProvider, StackModel } from '../../model';
import {
  firewallPlan,
  VITISTACK_GROUP,
  type FirewallPlanRule,
  type RulePeer,
} from '../firewall-rules';

/** The network tag of a firewall group: what a machine carries to be in the group. */
export function groupTag(group: string): string {
  return gcpName(group);
}

/** Source or destination fields of a GCP rule for a peer; undefined when GCP cannot say it. */
function peerFields(
  rule: FirewallPlanRule,
  peer: RulePeer,
):
  | Pick<
      FirewallRuleArgs,
      'sourceRanges' | 'sourceTags' | 'sourceServiceAccounts' | 'destinationRanges'
    >
  | undefined {
  if ('cidr' in peer) {
    return rule.direction === 'ingress'
      ? { sourceRanges: [peer.cidr] }
      : { destinationRanges: [peer.cidr] };
  }
  // GCP egress rules match destination ranges only.
  if (rule.direction === 'egress') return undefined;
  if ('group' in peer) return { sourceTags: [groupTag(peer.group)] };
  if (peer.id.includes('@')) return { sourceServiceAccounts: [peer.id] };
  return GCP_NAME.test(peer.id) ? { sourceTags: [peer.id] } : undefined;
}

function portsOf(rule: FirewallPlanRule): string[] {
  if (rule.fromPort === undefined) return [];
  const to = rule.toPort ?? rule.fromPort;
  return [to === rule.fromPort ? String(rule.fromPort) : `${rule.fromPort}-${to}`];
}

export interface GcpFirewallPlan {
  readonly rules: FirewallRuleArgs[];
  /** Network tags of each group, by group name (`vitistack` included: every machine has it). */
  readonly tags: Readonly<Record<string, string>>;
}

/** The GCP firewall rules of the stack; what cannot be built goes to `warn`. */
export function gcpFirewallRules(
  model: StackModel,
  providers: readonly ResolvedMachineProvider[],
  warn: (message: string) => void,
): GcpFirewallPlan {
  const rules: FirewallRuleArgs[] = [];
  const tags: Record<string, string> = {};
  for (const g of firewallPlan(model, providers)) {
    tags[g.name] = groupTag(g.name);
    for (const r of g.rules) {
      const peer = peerFields(r, r.peer);
      if (peer === undefined) {
        const what = 'cidr' in r.peer ? r.peer.cidr : 'group' in r.peer ? r.peer.group : r.peer.id;
        warn(
          r.direction === 'egress'
            ? `firewall rule "${r.name}" sends traffic to ${JSON.stringify(what)}, but GCP egress rules match only address ranges, so it is not built (give a CIDR as its destination)`
            : `firewall rule "${r.name}" names ${JSON.stringify(what)}, which is neither a CIDR, a group of the Vitistack, a network tag nor a service account email, so it is not built`,
        );
        continue;
      }
      rules.push({
        name: r.name,
        direction: r.direction,
        action: r.action,
        protocol: r.protocol,
        ports: portsOf(r),
        ...(r.priority !== undefined ? { priority: r.priority } : {}),
        ...peer,
        ...(g.name === VITISTACK_GROUP ? {} : { targetTags: [groupTag(g.name)] }),
        description:
          g.name === VITISTACK_GROUP
            ? `Vitistack firewall rule ${r.name}`
            : `Rule ${r.name} of security group ${g.name}${g.description !== undefined ? `: ${g.description}` : ''}`,
      });
    }
  }
  return { rules, tags };
}
