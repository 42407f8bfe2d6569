// Firewall rules as one network security group with application security groups. An NSG holds
// allow and deny rules ordered by priority; AWS-style named groups ("the machines in bastion-sg")
// become application security groups that machines' network interfaces join, and a group's rules
// name it as their destination. The NSG goes on every subnet, so a machine gets the union of the
// rules of its groups (two NSGs, one on the subnet and one on the interface, would intersect).
// Each rule is its own network.SecurityRule, so rules are added and removed one at a time.
import * as network from '@pulumi/azure-native/network';
import * as pulumi from '@pulumi/pulumi';
import { TOKENS } from '../tokens';
import {
  assertValid,
  azureTags,
  listAllowed,
  locationProblem,
  missing,
  parseCidr,
  problem,
  validateAzureTags,
} from './util';

/** The priorities Azure accepts for the rules of a network security group. */
export const MIN_PRIORITY = 100;
export const MAX_PRIORITY = 4096;
/** Gap between derived priorities, so rules can be put between them later. */
export const PRIORITY_STEP = 10;

export const RuleDirection = { Inbound: 'Inbound', Outbound: 'Outbound' } as const;
export type RuleDirection = (typeof RuleDirection)[keyof typeof RuleDirection];
export const RuleAccess = { Allow: 'Allow', Deny: 'Deny' } as const;
export type RuleAccess = (typeof RuleAccess)[keyof typeof RuleAccess];
export const FirewallProtocol = { Tcp: 'tcp', Udp: 'udp', Icmp: 'icmp', All: 'all' } as const;
export type FirewallProtocol = (typeof FirewallProtocol)[keyof typeof FirewallProtocol];
const PROTOCOLS: readonly string[] = Object.values(FirewallProtocol);

const AZURE_PROTOCOL: Readonly<Record<FirewallProtocol, string>> = {
  tcp: 'Tcp',
  udp: 'Udp',
  icmp: 'Icmp',
  all: '*',
};

/** Azure service tags, e.g. `VirtualNetwork`, `Internet`, `Storage.WestEurope`, `*`. */
const SERVICE_TAG = /^(\*|[A-Za-z][A-Za-z0-9]*(\.[A-Za-z0-9]+)?)$/;
const RULE_NAME = /^[A-Za-z0-9]([A-Za-z0-9._-]{0,78}[A-Za-z0-9_])?$/;

/** Which machines a rule protects: every machine, or the members of a group of this firewall. */
export type RuleTarget = { readonly all: true } | { readonly group: string };

/** The other end of a rule: a CIDR or service tag, a group of this firewall, or an ASG made elsewhere. */
export type AzureRulePeer =
  | { readonly prefix: string }
  | { readonly group: string }
  | { readonly asgId: pulumi.Input<string> };

export interface AzureSecurityRuleArgs {
  /** Rule name, unique in the firewall; also its Azure name. */
  readonly name: string;
  readonly direction: RuleDirection;
  readonly access: RuleAccess;
  readonly protocol: FirewallProtocol;
  /** First port of a tcp or udp rule. Defaults to every port. Not allowed with icmp and all. */
  readonly fromPort?: number;
  /** Last port. Defaults to fromPort. */
  readonly toPort?: number;
  /** 100 to 4096, lower first, unique per direction. Defaults to one derived by `assignPriorities`. */
  readonly priority?: number;
  readonly target: RuleTarget;
  /** The source of an inbound rule, the destination of an outbound one. */
  readonly peer: AzureRulePeer;
  /** Defaults to none. */
  readonly description?: string;
}

export interface FirewallGroupArgs {
  /** Group name; the key of `groupIds`. Becomes an application security group. */
  readonly name: string;
}

export interface FirewallArgs {
  readonly resourceGroupName: pulumi.Input<string>;
  readonly location: string;
  /** Azure name of the network security group. */
  readonly nsgName: string;
  /** Groups machines can join (application security groups). Defaults to none. */
  readonly groups?: readonly FirewallGroupArgs[];
  readonly rules: readonly AzureSecurityRuleArgs[];
  /** Tags for every resource (mapped to Azure tag names). */
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * The priority of each rule, in order: the written ones as they are, the others derived per
 * direction from 100 in steps of 10, skipping the written ones, deny rules before allow rules (a
 * deny without a priority is meant to win over allows without one); when steps of 10 run out, the
 * free numbers one by one. Deterministic: the same rules always get the same priorities. Throws
 * when more rules than free priorities are left.
 */
export function assignPriorities(rules: readonly AzureSecurityRuleArgs[]): number[] {
  const out: number[] = rules.map((r) => r.priority ?? 0);
  for (const direction of Object.values(RuleDirection)) {
    const taken = new Set<number>();
    for (const r of rules) {
      if (r.direction === direction && r.priority !== undefined) taken.add(r.priority);
    }
    const open = rules
      .map((r, i) => ({ r, i }))
      .filter(({ r }) => r.direction === direction && r.priority === undefined)
      .sort((a, b) => Number(a.r.access === 'Allow') - Number(b.r.access === 'Allow') || a.i - b.i);
    const free = freePriorities(taken);
    for (const { i } of open) {
      const next = free.next();
      if (next.done === true) {
        throw new Error(
          `rules: ${open.length} ${direction.toLowerCase()} rules need a priority, more than the free numbers from ${MIN_PRIORITY} to ${MAX_PRIORITY}; merge rules.`,
        );
      }
      out[i] = next.value;
    }
  }
  return out;
}

/** Free priorities: every tenth number first, then the ones between. */
function* freePriorities(taken: Set<number>): Generator<number, void> {
  for (let p = MIN_PRIORITY; p <= MAX_PRIORITY; p += PRIORITY_STEP) {
    if (!taken.has(p)) {
      taken.add(p);
      yield p;
    }
  }
  for (let p = MIN_PRIORITY; p <= MAX_PRIORITY; p++) {
    if (!taken.has(p)) {
      taken.add(p);
      yield p;
    }
  }
}

/** Azure's port text for a rule: `22`, `30000-32767` or `*`. */
export function portRange(
  rule: Pick<AzureSecurityRuleArgs, 'protocol' | 'fromPort' | 'toPort'>,
): string {
  if (rule.protocol === 'icmp' || rule.protocol === 'all' || rule.fromPort === undefined)
    return '*';
  const to = rule.toPort ?? rule.fromPort;
  return to === rule.fromPort ? String(rule.fromPort) : `${rule.fromPort}-${to}`;
}

/** Whether a peer prefix is one Azure takes: a CIDR, an address or a service tag. */
function isPrefix(text: string): boolean {
  return parseCidr(text).cidr !== undefined || SERVICE_TAG.test(text);
}

/** Every problem with the args, as sentences naming the field; empty when they are fine. */
export function validateFirewallArgs(args: FirewallArgs): string[] {
  const out: string[] = [];
  const location = locationProblem('location', args.location);
  if (location !== undefined) out.push(location);
  const groups = new Set((args.groups ?? []).map((g) => g.name));
  const known = [...groups].map((g) => `"${g}"`).join(', ') || 'none';
  const names = new Map<string, number>();
  const priorities = new Map<string, number>();
  args.rules.forEach((r, i) => {
    const at = `rules[${i}]`;
    if (!RULE_NAME.test(r.name)) {
      out.push(
        problem(
          `${at}.name`,
          r.name,
          'is not an Azure rule name (1 to 80 letters, digits, ".", "-" and "_").',
        ),
      );
    }
    const first = names.get(r.name);
    if (first !== undefined) {
      out.push(
        problem(
          `${at}.name`,
          r.name,
          `is also the name of rules[${first}]; rule names must be unique.`,
        ),
      );
    } else {
      names.set(r.name, i);
    }
    if (!PROTOCOLS.includes(r.protocol)) {
      out.push(
        problem(
          `${at}.protocol`,
          r.protocol,
          `is not a protocol (allowed: ${listAllowed(PROTOCOLS)}).`,
        ),
      );
    }
    if ((r.protocol === 'icmp' || r.protocol === 'all') && r.fromPort !== undefined) {
      out.push(
        problem(
          `${at}.fromPort`,
          r.fromPort,
          `cannot be set when protocol is "${r.protocol}"; leave the ports out.`,
        ),
      );
    }
    for (const field of ['fromPort', 'toPort'] as const) {
      const v = r[field];
      if (v !== undefined && (!Number.isInteger(v) || v < 0 || v > 65535)) {
        out.push(problem(`${at}.${field}`, v, 'is not a port (0 to 65535).'));
      }
    }
    if (r.fromPort !== undefined && r.toPort !== undefined && r.toPort < r.fromPort) {
      out.push(
        problem(`${at}.toPort`, r.toPort, `is below fromPort ${r.fromPort}; a range runs upwards.`),
      );
    }
    if (r.priority !== undefined) {
      if (!Number.isInteger(r.priority) || r.priority < MIN_PRIORITY || r.priority > MAX_PRIORITY) {
        out.push(
          problem(
            `${at}.priority`,
            r.priority,
            `is outside ${MIN_PRIORITY} to ${MAX_PRIORITY}, the priorities Azure network security groups accept; use a value in that range.`,
          ),
        );
      } else {
        const key = `${r.direction}/${r.priority}`;
        const other = priorities.get(key);
        if (other !== undefined) {
          out.push(
            problem(
              `${at}.priority`,
              r.priority,
              `is also the priority of rules[${other}] (${r.direction.toLowerCase()}); priorities must be unique per direction.`,
            ),
          );
        } else {
          priorities.set(key, i);
        }
      }
    }
    if ('group' in r.target && !groups.has(r.target.group)) {
      out.push(
        problem(
          `${at}.target.group`,
          r.target.group,
          `is not a group of this firewall (groups: ${known}).`,
        ),
      );
    }
    if ('group' in r.peer && !groups.has(r.peer.group)) {
      out.push(
        problem(
          `${at}.peer.group`,
          r.peer.group,
          `is not a group of this firewall (groups: ${known}).`,
        ),
      );
    }
    if ('prefix' in r.peer && !isPrefix(r.peer.prefix)) {
      out.push(
        problem(
          `${at}.peer.prefix`,
          r.peer.prefix,
          'is neither a CIDR block, an IP address nor an Azure service tag (like "VirtualNetwork" or "Internet").',
        ),
      );
    }
  });
  if (args.nsgName.trim() === '')
    out.push(missing('nsgName', 'is empty; name the network security group.'));
  out.push(...validateAzureTags(args.tags));
  return out;
}

export class Firewall extends pulumi.ComponentResource {
  public readonly nsgId: pulumi.Output<string>;
  public readonly nsgName: pulumi.Output<string>;
  /** Application security group id by group name. */
  public readonly groupIds: Record<string, pulumi.Output<string>>;
  /** Security rule id by rule name. */
  public readonly ruleIds: Record<string, pulumi.Output<string>>;
  /** The priority each rule got, by rule name. */
  public readonly priorities: Record<string, number>;

  constructor(name: string, args: FirewallArgs, opts?: pulumi.ComponentResourceOptions) {
    assertValid('Firewall', name, validateFirewallArgs(args));
    const priorities = assignPriorities(args.rules);
    super(TOKENS.azure.Firewall, name, {}, opts);
    const tags = azureTags(args.tags);
    const base = { resourceGroupName: args.resourceGroupName, location: args.location };

    const nsg = new network.NetworkSecurityGroup(
      `${name}-nsg`,
      // Rules are their own resources (below): leaving `securityRules` unset keeps them on updates.
      { ...base, networkSecurityGroupName: args.nsgName, tags },
      { parent: this },
    );
    const groups = new Map<string, network.ApplicationSecurityGroup>();
    for (const g of args.groups ?? []) {
      groups.set(
        g.name,
        new network.ApplicationSecurityGroup(
          `${name}-${g.name}`,
          { ...base, applicationSecurityGroupName: g.name, tags },
          { parent: this },
        ),
      );
    }
    const asg = (group: string) => [{ id: groups.get(group)?.id }];

    const rules = new Map<string, network.SecurityRule>();
    args.rules.forEach((r, i) => {
      const inbound = r.direction === RuleDirection.Inbound;
      const target = 'all' in r.target ? { prefix: '*' } : { groups: asg(r.target.group) };
      const peer =
        'prefix' in r.peer
          ? { prefix: r.peer.prefix }
          : { groups: 'group' in r.peer ? asg(r.peer.group) : [{ id: r.peer.asgId }] };
      const [source, destination] = inbound ? [peer, target] : [target, peer];
      rules.set(
        r.name,
        new network.SecurityRule(
          `${name}-${r.name}`,
          {
            resourceGroupName: args.resourceGroupName,
            networkSecurityGroupName: nsg.name,
            securityRuleName: r.name,
            direction: r.direction,
            access: r.access,
            priority: priorities[i] ?? MIN_PRIORITY,
            protocol: AZURE_PROTOCOL[r.protocol],
            sourcePortRange: '*',
            destinationPortRange: portRange(r),
            ...('prefix' in source
              ? { sourceAddressPrefix: source.prefix }
              : { sourceApplicationSecurityGroups: source.groups }),
            ...('prefix' in destination
              ? { destinationAddressPrefix: destination.prefix }
              : { destinationApplicationSecurityGroups: destination.groups }),
            ...(r.description !== undefined ? { description: r.description } : {}),
          },
          { parent: nsg },
        ),
      );
    });

    this.nsgId = nsg.id;
    this.nsgName = nsg.name;
    this.groupIds = Object.fromEntries([...groups].map(([k, v]) => [k, v.id]));
    this.ruleIds = Object.fromEntries([...rules].map(([k, v]) => [k, v.id]));
    this.priorities = Object.fromEntries(args.rules.map((r, i) => [r.name, priorities[i] ?? 0]));
    this.registerOutputs({
      nsgId: this.nsgId,
      nsgName: this.nsgName,
      groupIds: this.groupIds,
      ruleIds: this.ruleIds,
      priorities: this.priorities,
    });
  }
}
