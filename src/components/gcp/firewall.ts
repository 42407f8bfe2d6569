// VPC firewall rules of one network. GCP has no security groups: a rule applies to the instances
// carrying its target network tags (or to every instance of the network without targets), admits
// sources by range, network tag or service account, and allows or denies with a priority (lower
// first). Each rule here is one compute.Firewall.
import * as compute from '@pulumi/gcp/compute';
import * as pulumi from '@pulumi/pulumi';
import { TOKENS } from '../tokens';
import { assertValid, GCP_NAME, gcpName, listAllowed, missing, problem } from './util';

export const FIREWALL_PROTOCOLS = ['tcp', 'udp', 'icmp', 'all'] as const;
export type FirewallProtocol = (typeof FIREWALL_PROTOCOLS)[number];

/** GCP's priority when a rule names none. */
export const DEFAULT_PRIORITY = 1000;

export interface FirewallRuleArgs {
  /** Rule name, unique within the firewall; part of the GCP rule name. */
  readonly name: string;
  /** ingress or egress. */
  readonly direction: 'ingress' | 'egress';
  /** allow or deny. Defaults to allow. */
  readonly action?: 'allow' | 'deny';
  /** tcp, udp, icmp or all. */
  readonly protocol: FirewallProtocol;
  /** Ports (`"22"`, `"30000-32767"`) for tcp and udp. Defaults to every port. */
  readonly ports?: readonly string[];
  /** 0 to 65535, lower first. Defaults to 1000. */
  readonly priority?: number;
  /** Ingress: source CIDR ranges. Egress: not allowed (use destinationRanges). */
  readonly sourceRanges?: readonly string[];
  /** Ingress: instances with these network tags. Defaults to none. */
  readonly sourceTags?: readonly string[];
  /** Ingress: instances running as these service accounts. Defaults to none. */
  readonly sourceServiceAccounts?: readonly string[];
  /** Egress: destination CIDR ranges. */
  readonly destinationRanges?: readonly string[];
  /** Instances the rule applies to, by network tag. Defaults to every instance of the network. */
  readonly targetTags?: readonly string[];
  /** Description. Defaults to none. */
  readonly description?: string;
}

export interface FirewallArgs {
  /** Network (id or self link) the rules belong to. Required. */
  readonly network: pulumi.Input<string>;
  /** Project of the rules. Required. */
  readonly project: string;
  /** The rules. Defaults to none. */
  readonly rules?: readonly FirewallRuleArgs[];
  /** Log every connection the rules match (Firewall Rules Logging). Defaults to `false`. */
  readonly logging?: boolean;
}

const PORT_RANGE = /^(\d{1,5})(-(\d{1,5}))?$/;

function portProblem(at: string, port: string): string | undefined {
  const m = PORT_RANGE.exec(port);
  const from = Number(m?.[1]);
  const to = m?.[3] !== undefined ? Number(m[3]) : from;
  if (m === null || from < 1 || to > 65535 || to < from) {
    return problem(
      at,
      port,
      'is not a port or port range from 1 to 65535; use a form like "22" or "30000-32767".',
    );
  }
  return undefined;
}

/** Every problem with the args, as sentences naming the field; empty when they are fine. */
export function validateFirewallArgs(args: FirewallArgs): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  (args.rules ?? []).forEach((r, i) => {
    const at = `rules[${i}]`;
    if (seen.has(r.name)) {
      out.push(
        problem(`${at}.name`, r.name, 'is used by another rule; give each rule its own name.'),
      );
    }
    seen.add(r.name);
    if (!(FIREWALL_PROTOCOLS as readonly string[]).includes(r.protocol)) {
      out.push(
        problem(
          `${at}.protocol`,
          r.protocol,
          `is not a protocol (allowed: ${listAllowed(FIREWALL_PROTOCOLS)}).`,
        ),
      );
    }
    if ((r.ports ?? []).length > 0 && r.protocol !== 'tcp' && r.protocol !== 'udp') {
      out.push(
        problem(
          `${at}.ports`,
          (r.ports ?? []).join(', '),
          `cannot be set for protocol ${r.protocol}; ports apply to tcp and udp only.`,
        ),
      );
    }
    (r.ports ?? []).forEach((p, j) => {
      const bad = portProblem(`${at}.ports[${j}]`, p);
      if (bad !== undefined) out.push(bad);
    });
    if (
      r.priority !== undefined &&
      (!Number.isInteger(r.priority) || r.priority < 0 || r.priority > 65535)
    ) {
      out.push(problem(`${at}.priority`, r.priority, 'is not a whole number from 0 to 65535.'));
    }
    const sources = (['sourceRanges', 'sourceTags', 'sourceServiceAccounts'] as const).filter(
      (f) => (r[f] ?? []).length > 0,
    );
    if (r.direction === 'ingress' && sources.length === 0) {
      out.push(
        missing(
          `${at}.sourceRanges`,
          'is empty and so are sourceTags and sourceServiceAccounts; GCP would admit every address, so write "0.0.0.0/0" if that is meant.',
        ),
      );
    }
    const [source] = sources;
    if (r.direction === 'egress') {
      if (source !== undefined) {
        out.push(
          problem(
            `${at}.${source}`,
            (r[source] ?? []).join(', '),
            'cannot be set on an egress rule; GCP egress rules match destinationRanges only.',
          ),
        );
      }
      if ((r.destinationRanges ?? []).length === 0) {
        out.push(
          missing(
            `${at}.destinationRanges`,
            'is empty; an egress rule needs destination ranges ("0.0.0.0/0" for anywhere).',
          ),
        );
      }
    }
    for (const tag of [...(r.sourceTags ?? []), ...(r.targetTags ?? [])]) {
      if (!GCP_NAME.test(tag)) {
        out.push(
          problem(
            `${at}.targetTags`,
            tag,
            'is not a network tag (lowercase letters, digits and "-", starting with a letter, at most 63).',
          ),
        );
      }
    }
  });
  return out;
}

export class Firewall extends pulumi.ComponentResource {
  /** GCP firewall rule ids by rule name. */
  public readonly ruleIds: Record<string, pulumi.Output<string>>;

  constructor(name: string, args: FirewallArgs, opts?: pulumi.ComponentResourceOptions) {
    assertValid('Firewall', name, validateFirewallArgs(args));
    super(TOKENS.gcp.Firewall, name, {}, opts);
    this.ruleIds = {};
    for (const r of args.rules ?? []) {
      const match = [
        {
          protocol: r.protocol,
          ...((r.ports ?? []).length > 0 ? { ports: [...(r.ports ?? [])] } : {}),
        },
      ];
      const rule = new compute.Firewall(
        `${name}-${r.name}`,
        {
          name: gcpName(`${name}-${r.name}`),
          project: args.project,
          network: args.network,
          direction: r.direction === 'ingress' ? 'INGRESS' : 'EGRESS',
          priority: r.priority ?? DEFAULT_PRIORITY,
          ...(r.action === 'deny' ? { denies: match } : { allows: match }),
          ...((r.sourceRanges ?? []).length > 0
            ? { sourceRanges: [...(r.sourceRanges ?? [])] }
            : {}),
          ...((r.sourceTags ?? []).length > 0 ? { sourceTags: [...(r.sourceTags ?? [])] } : {}),
          ...((r.sourceServiceAccounts ?? []).length > 0
            ? { sourceServiceAccounts: [...(r.sourceServiceAccounts ?? [])] }
            : {}),
          ...((r.destinationRanges ?? []).length > 0
            ? { destinationRanges: [...(r.destinationRanges ?? [])] }
            : {}),
          ...((r.targetTags ?? []).length > 0 ? { targetTags: [...(r.targetTags ?? [])] } : {}),
          ...(r.description !== undefined ? { description: r.description } : {}),
          ...(args.logging === true ? { logConfig: { metadata: 'INCLUDE_ALL_METADATA' } } : {}),
        },
        { parent: this, deleteBeforeReplace: true },
      );
      this.ruleIds[r.name] = rule.id;
    }
    this.registerOutputs({ ruleIds: this.ruleIds });
  }
}
