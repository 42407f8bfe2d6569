// Firewall rules as security groups: one aws.ec2.SecurityGroup per named group and one
// aws.vpc.SecurityGroup{Ingress,Egress}Rule per rule (the v7 per-rule resources, which can be
// added and removed one at a time, unlike the inline ingress/egress lists).
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { TOKENS } from '../tokens';
import {
  assertValid,
  listAllowed,
  mergeTags,
  missing,
  parseCidr,
  problem,
  validateTags,
} from './util';

export const FirewallProtocol = { Tcp: 'tcp', Udp: 'udp', Icmp: 'icmp', All: 'all' } as const;
export type FirewallProtocol = (typeof FirewallProtocol)[keyof typeof FirewallProtocol];
const PROTOCOLS: readonly string[] = Object.values(FirewallProtocol);

export const RuleDirection = { Ingress: 'ingress', Egress: 'egress' } as const;
export type RuleDirection = (typeof RuleDirection)[keyof typeof RuleDirection];
const DIRECTIONS: readonly string[] = Object.values(RuleDirection);

/** Characters AWS accepts in security group and rule descriptions. */
const DESCRIPTION = /^[a-zA-Z0-9. _\-:/()#,@[\]+=&;{}!$*]{0,255}$/;

export interface FirewallRuleArgs {
  /** ingress (traffic into the group) or egress (traffic out of it). */
  readonly direction: RuleDirection;
  /** tcp, udp, icmp or all (every protocol and port). */
  readonly protocol: FirewallProtocol;
  /**
   * First port (tcp/udp) or ICMP type (icmp). Defaults to 0 for tcp/udp (with toPort 65535:
   * every port) and -1 (any type) for icmp. Not allowed with protocol all.
   */
  readonly fromPort?: number;
  /** Last port (tcp/udp) or ICMP code (icmp). Defaults to fromPort, or 65535 / -1 without it. */
  readonly toPort?: number;
  /**
   * The peer as a CIDR block: the source of ingress, the destination of egress. An IPv6 block
   * makes an IPv6 rule (and icmp becomes icmpv6). Excludes sourceGroupName and sourceGroupId.
   */
  readonly cidr?: string;
  /** The peer as another group of this Firewall, by name. Excludes cidr and sourceGroupId. */
  readonly sourceGroupName?: string;
  /** The peer as a security group made elsewhere, by id. Excludes cidr and sourceGroupName. */
  readonly sourceGroupId?: pulumi.Input<string>;
  /** Rule description. Defaults to none. */
  readonly description?: string;
}

export interface FirewallGroupArgs {
  /** Group name, unique within the Firewall; the key of `groupIds`. */
  readonly name: string;
  /** Group description. Defaults to `Vitistack firewall group <name>`. */
  readonly description?: string;
  /** Rules of the group. Defaults to none. */
  readonly rules?: readonly FirewallRuleArgs[];
}

export interface FirewallArgs {
  /** VPC the groups belong to. */
  readonly vpcId: pulumi.Input<string>;
  /** Security groups and their rules. */
  readonly groups: readonly FirewallGroupArgs[];
  /**
   * Add an egress rule allowing all IPv4 traffic out of every group (the AWS default, which the
   * provider removes from groups it creates). Defaults to true.
   */
  readonly allowAllEgress?: boolean;
  /** Tags for every resource, merged with a `Name` tag. */
  readonly tags: Readonly<Record<string, string>>;
}

/** What AWS gets for a rule: the IP protocol and port (or ICMP type/code) range. */
export interface RuleSpec {
  readonly ipProtocol: string;
  readonly fromPort?: number;
  readonly toPort?: number;
}

function isIpv6(cidr: string | undefined): boolean {
  return cidr !== undefined && parseCidr(cidr).cidr?.family === 6;
}

/** Maps a valid rule to AWS terms: all -> "-1" without ports; icmp -> type/code -1 unless given. */
export function ruleSpec(rule: FirewallRuleArgs): RuleSpec {
  switch (rule.protocol) {
    case FirewallProtocol.All:
      return { ipProtocol: '-1' };
    case FirewallProtocol.Icmp:
      return {
        ipProtocol: isIpv6(rule.cidr) ? 'icmpv6' : 'icmp',
        fromPort: rule.fromPort ?? -1,
        toPort: rule.toPort ?? -1,
      };
    default: {
      const fromPort = rule.fromPort ?? 0;
      const toPort = rule.toPort ?? (rule.fromPort !== undefined ? rule.fromPort : 65535);
      return { ipProtocol: rule.protocol, fromPort, toPort };
    }
  }
}

function checkDescription(path: string, value: string | undefined): string[] {
  if (value === undefined || DESCRIPTION.test(value)) return [];
  return [
    problem(
      path,
      value,
      'has characters AWS does not accept or is longer than 255; use letters, digits, spaces and ._-:/()#,@[]+=&;{}!$*.',
    ),
  ];
}

function checkPorts(at: string, rule: FirewallRuleArgs): string[] {
  const out: string[] = [];
  const { fromPort, toPort } = rule;
  if (rule.protocol === FirewallProtocol.All) {
    if (fromPort !== undefined || toPort !== undefined) {
      const field = fromPort !== undefined ? 'fromPort' : 'toPort';
      out.push(
        problem(
          `${at}.${field}`,
          rule[field],
          'cannot be set when protocol is "all" (it covers every port); use tcp or udp to limit ports.',
        ),
      );
    }
    return out;
  }
  const [min, max, what] =
    rule.protocol === FirewallProtocol.Icmp
      ? [-1, 255, 'an ICMP type or code']
      : [0, 65535, 'a port'];
  for (const field of ['fromPort', 'toPort'] as const) {
    const v = rule[field];
    if (v !== undefined && (!Number.isInteger(v) || v < min || v > max)) {
      out.push(problem(`${at}.${field}`, v, `is not ${what} (${min} to ${max}).`));
    }
  }
  if (out.length > 0 || rule.protocol === FirewallProtocol.Icmp) return out;
  if (fromPort === undefined && toPort !== undefined) {
    out.push(
      problem(
        `${at}.toPort`,
        toPort,
        'is set without fromPort; give fromPort too (the same value for one port).',
      ),
    );
  } else if (fromPort !== undefined && toPort !== undefined && fromPort > toPort) {
    out.push(
      problem(
        `${at}.toPort`,
        toPort,
        `is below fromPort ${fromPort}; a range runs from fromPort up to toPort.`,
      ),
    );
  }
  return out;
}

/** Every problem with the args, as sentences naming the field; empty when they are fine. */
export function validateFirewallArgs(args: FirewallArgs): string[] {
  const out: string[] = [];
  const names = new Map<string, number>();
  args.groups.forEach((g, i) => {
    if (g.name.trim() === '')
      out.push(missing(`groups[${i}].name`, 'is empty; give the group a name.'));
    const first = names.get(g.name);
    if (first !== undefined) {
      out.push(
        problem(
          `groups[${i}].name`,
          g.name,
          `is also the name of groups[${first}]; group names must be unique.`,
        ),
      );
    } else {
      names.set(g.name, i);
    }
  });
  const known = args.groups.map((g) => `"${g.name}"`).join(', ');
  args.groups.forEach((g, i) => {
    out.push(...checkDescription(`groups[${i}].description`, g.description));
    // Identical rules are refused by AWS (InvalidPermission.Duplicate): catch them here.
    const seen = new Map<string, string>();
    if (args.allowAllEgress ?? true) seen.set('egress|-1|||cidr:0.0.0.0/0', 'allowAllEgress');
    (g.rules ?? []).forEach((r, j) => {
      const at = `groups[${i}].rules[${j}]`;
      const before = out.length;
      if (!DIRECTIONS.includes(r.direction)) {
        out.push(
          problem(
            `${at}.direction`,
            r.direction,
            `is not a direction (allowed: ${listAllowed(DIRECTIONS)}).`,
          ),
        );
      }
      if (!PROTOCOLS.includes(r.protocol)) {
        out.push(
          problem(
            `${at}.protocol`,
            r.protocol,
            `is not a protocol (allowed: ${listAllowed(PROTOCOLS)}).`,
          ),
        );
      } else {
        out.push(...checkPorts(at, r));
      }
      out.push(...checkDescription(`${at}.description`, r.description));
      const peers = [
        r.cidr !== undefined ? 'cidr' : undefined,
        r.sourceGroupName !== undefined ? 'sourceGroupName' : undefined,
        r.sourceGroupId !== undefined ? 'sourceGroupId' : undefined,
      ].filter((p) => p !== undefined);
      if (peers.length === 0) {
        out.push(
          missing(
            at,
            'has no peer; set cidr (like "10.0.0.0/16", or "0.0.0.0/0" for anywhere), sourceGroupName or sourceGroupId.',
          ),
        );
      } else if (peers.length > 1) {
        out.push(
          missing(
            at,
            `sets ${peers.join(' and ')}; a rule has one peer: give a CIDR block or a security group, not both.`,
          ),
        );
      }
      if (r.cidr !== undefined) {
        const c = parseCidr(r.cidr);
        if (c.cidr === undefined) {
          out.push(
            problem(
              `${at}.cidr`,
              r.cidr,
              `is not a valid CIDR block (${c.reason ?? 'unreadable'}); use a form like "10.0.0.0/16" or "2001:db8::/32".`,
            ),
          );
        }
      }
      if (r.sourceGroupName !== undefined && !names.has(r.sourceGroupName)) {
        out.push(
          problem(
            `${at}.sourceGroupName`,
            r.sourceGroupName,
            `is not a group of this Firewall (groups: ${known}); use one of them, or sourceGroupId for a group made elsewhere.`,
          ),
        );
      }
      if (out.length > before || typeof r.sourceGroupId === 'object') return;
      const spec = ruleSpec(r);
      const peer =
        r.cidr !== undefined
          ? `cidr:${r.cidr}`
          : r.sourceGroupName !== undefined
            ? `group:${r.sourceGroupName}`
            : `id:${String(r.sourceGroupId)}`;
      const key = `${r.direction}|${spec.ipProtocol}|${spec.fromPort ?? ''}|${spec.toPort ?? ''}|${peer}`;
      const dup = seen.get(key);
      if (dup !== undefined) {
        const hint =
          dup === 'allowAllEgress'
            ? 'remove it, or set allowAllEgress to false'
            : 'remove one of them';
        out.push(
          missing(
            at,
            `allows the same traffic as ${dup}; AWS refuses duplicate rules, so ${hint}.`,
          ),
        );
      } else {
        seen.set(key, at);
      }
    });
  });
  out.push(...validateTags(args.tags));
  return out;
}

export class Firewall extends pulumi.ComponentResource {
  /** Security group id by group name. */
  public readonly groupIds: Record<string, pulumi.Output<string>>;

  constructor(name: string, args: FirewallArgs, opts?: pulumi.ComponentResourceOptions) {
    assertValid('Firewall', name, validateFirewallArgs(args));
    super(TOKENS.aws.Firewall, name, {}, opts);
    const tags = args.tags;

    // All groups first, so rules can reference any group of the Firewall, in any order.
    const groups = new Map<string, aws.ec2.SecurityGroup>();
    for (const g of args.groups) {
      const sgName = `${name}-${g.name}`;
      groups.set(
        g.name,
        new aws.ec2.SecurityGroup(
          sgName,
          {
            vpcId: args.vpcId,
            description: g.description ?? `Vitistack firewall group ${g.name}`,
            tags: mergeTags(tags, sgName),
          },
          { parent: this },
        ),
      );
    }

    for (const g of args.groups) {
      const sg = groups.get(g.name);
      if (sg === undefined) continue;
      const base = `${name}-${g.name}`;
      // Numbered per direction, so adding an egress rule does not rename the ingress ones.
      let ins = 0;
      let outs = 0;
      for (const r of g.rules ?? []) {
        const ingress = r.direction === RuleDirection.Ingress;
        const ruleName = ingress ? `${base}-in-${ins++}` : `${base}-out-${outs++}`;
        const spec = ruleSpec(r);
        const peer =
          r.cidr !== undefined
            ? isIpv6(r.cidr)
              ? { cidrIpv6: r.cidr }
              : { cidrIpv4: r.cidr }
            : {
                referencedSecurityGroupId:
                  r.sourceGroupName !== undefined
                    ? groups.get(r.sourceGroupName)?.id
                    : r.sourceGroupId,
              };
        const ruleArgs = {
          securityGroupId: sg.id,
          ...spec,
          ...peer,
          ...(r.description !== undefined ? { description: r.description } : {}),
          tags: mergeTags(tags, ruleName),
        };
        if (ingress) new aws.vpc.SecurityGroupIngressRule(ruleName, ruleArgs, { parent: sg });
        else new aws.vpc.SecurityGroupEgressRule(ruleName, ruleArgs, { parent: sg });
      }
      if (args.allowAllEgress ?? true) {
        new aws.vpc.SecurityGroupEgressRule(
          `${base}-out-all`,
          {
            securityGroupId: sg.id,
            ipProtocol: '-1',
            cidrIpv4: '0.0.0.0/0',
            description: 'Allow all outbound traffic',
            tags: mergeTags(tags, `${base}-out-all`),
          },
          { parent: sg },
        );
      }
    }

    this.groupIds = Object.fromEntries([...groups].map(([k, v]) => [k, v.id]));
    this.registerOutputs({ groupIds: this.groupIds });
  }
}
