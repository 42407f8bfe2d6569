// The stack's firewall plan (firewall-rules.ts) as one Azure network security group: the
// Vitistack's rules protect every machine (destination "*"), each MachineProvider security group
// becomes an application security group whose rules name it as their destination. Deny rules and
// priorities are kept as written (Azure has both); rules without a priority get one derived by
// the Firewall component.
import {
  MAX_PRIORITY,
  MIN_PRIORITY,
  type AzureRulePeer,
  type AzureSecurityRuleArgs,
  type FirewallGroupArgs,
} from '../../components/azure/firewall';
import type { ResolvedMachineProvider, StackModel } from '../../model';
import { firewallPlan, VITISTACK_GROUP, type RulePeer } from '../firewall-rules';

/** Azure service tags: letters, optionally with a region (`Storage.WestEurope`). */
const SERVICE_TAG = /^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z0-9]+)?$/;
const ASG_ID =
  /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Network\/applicationSecurityGroups\/[^/]+$/i;

export interface AzureFirewallPlan {
  /** The MachineProviders' security groups: application security groups machines join. */
  readonly groups: readonly FirewallGroupArgs[];
  readonly rules: readonly AzureSecurityRuleArgs[];
}

/** Where a planned rule was written, for messages. */
function ruleOrigin(model: StackModel, group: string, ruleName: string): string {
  const vs = `Vitistack ${model.vitistack.metadata.namespace}/${model.vitistack.metadata.name}`;
  if (group === VITISTACK_GROUP) {
    const i = model.vitistack.spec.networking.firewallRules.findIndex((r) => r.name === ruleName);
    return `${vs}: spec.networking.firewallRules[${i}]`;
  }
  return `security group "${group}" rule ${ruleName.slice(group.length + 1)} (MachineProvider securityGroups)`;
}

/** A cloud-neutral peer as an Azure one, or why it cannot be one. */
function azurePeer(peer: RulePeer): AzureRulePeer | string {
  if ('cidr' in peer) return { prefix: peer.cidr };
  // Every machine is in the Vitistack's group: as a peer that is the VNet's address space.
  if ('group' in peer)
    return peer.group === VITISTACK_GROUP ? { prefix: 'VirtualNetwork' } : { group: peer.group };
  if (ASG_ID.test(peer.id)) return { asgId: peer.id };
  if (SERVICE_TAG.test(peer.id) && !/^sg-/.test(peer.id)) return { prefix: peer.id };
  return peer.id;
}

/**
 * The firewall of the stack for Azure. Problems (priorities Azure refuses, peers it cannot
 * express) are reported with the field they come from; such rules are left out.
 */
export function azureFirewallPlan(
  model: StackModel,
  providers: readonly ResolvedMachineProvider[],
  problem: (message: string) => void,
): AzureFirewallPlan {
  const plan = firewallPlan(model, providers);
  const groupNames = plan.filter((g) => g.name !== VITISTACK_GROUP).map((g) => g.name);
  const seen = new Map<string, string>();
  const rules: AzureSecurityRuleArgs[] = [];
  for (const g of plan) {
    for (const r of g.rules) {
      const origin = ruleOrigin(model, g.name, r.name);
      const direction = r.direction === 'ingress' ? 'Inbound' : 'Outbound';
      const side = r.direction === 'ingress' ? 'source' : 'destination';
      const peer = azurePeer(r.peer);
      if (typeof peer === 'string') {
        problem(
          `${origin}.${side}: "${peer}" is neither a CIDR block, an IP address, a security group of the stack (${[VITISTACK_GROUP, ...groupNames].join(', ')}), an Azure service tag (like "VirtualNetwork") nor an application security group id; use one of those on Azure`,
        );
        continue;
      }
      if (r.priority !== undefined) {
        if (r.priority < MIN_PRIORITY || r.priority > MAX_PRIORITY) {
          problem(
            `${origin}.priority: ${r.priority} is outside ${MIN_PRIORITY} to ${MAX_PRIORITY}, the priorities Azure network security groups accept; use a value in that range`,
          );
          continue;
        }
        const key = `${direction}/${r.priority}`;
        const other = seen.get(key);
        if (other !== undefined) {
          problem(
            `${origin}.priority: ${r.priority} is also the priority of rule "${other}" (${direction.toLowerCase()}); Azure needs a different priority for each rule of a direction`,
          );
          continue;
        }
        seen.set(key, r.name);
      }
      rules.push({
        name: r.name,
        direction,
        access: r.action === 'deny' ? 'Deny' : 'Allow',
        protocol: r.protocol,
        ...(r.fromPort !== undefined ? { fromPort: r.fromPort } : {}),
        ...(r.toPort !== undefined ? { toPort: r.toPort } : {}),
        ...(r.priority !== undefined ? { priority: r.priority } : {}),
        target: g.name === VITISTACK_GROUP ? { all: true } : { group: g.name },
        peer,
        ...(g.name === VITISTACK_GROUP ? { description: `Vitistack firewall rule ${r.name}` } : {}),
      });
    }
  }
  return { groups: groupNames.map((name) => ({ name })), rules };
}
