// The Proxmox VM firewall of a machine, from the stack's firewall plan (firewall-rules.ts) and the
// NetworkConfigurations it attaches to. Rules in the order Proxmox applies them (first match
// wins): the Vitistack's rules by priority, then the security groups the machine names, then each
// network's spec.security.firewallRules bound to the device on that network. A security group
// that is not in the plan is taken to be a group of the Proxmox cluster firewall and inserted by
// name. Default policy per direction: DROP when some rule of that direction admits traffic (the
// rules are an allow list, as with cloud security groups; an inserted cluster group counts as
// admitting inbound traffic), else ACCEPT (only deny rules: the rest stays open). What Proxmox rules cannot say (a peer that is another group of the plan, or a
// cloud group id) is left out with a warning.
import { formats } from '../../api/schema';
import type { NetworkConfiguration } from '../../api/v1alpha1';
import type { MachineArgs } from '../../components/proxmox/machine';
import { SECURITY_GROUP } from '../../components/proxmox/util';
import type { VmFirewallMatchRule, VmFirewallRule } from '../../components/proxmox/vm-firewall';
import { VITISTACK_GROUP, type FirewallPlanGroup, type FirewallPlanRule } from '../firewall-rules';

export interface VmFirewallPlan {
  /** Undefined when no rule applies: the VM's firewall is left alone. */
  readonly firewall?: NonNullable<MachineArgs['firewall']>;
  readonly warnings: readonly string[];
  readonly problems: readonly string[];
}

type Match = Omit<VmFirewallMatchRule, 'protocol' | 'destinationPort'>;

/** The rule for each protocol: a port without tcp or udp means both, as Proxmox needs one. */
function withPorts(
  base: Match,
  protocol: string | undefined,
  ports: readonly [number, number] | undefined,
): VmFirewallMatchRule[] {
  const every = ports === undefined || (ports[0] <= 1 && ports[1] >= 65535);
  const dport =
    ports === undefined || every
      ? undefined
      : ports[0] === ports[1]
        ? String(ports[0])
        : `${String(Math.max(1, ports[0]))}:${String(ports[1])}`;
  if (dport === undefined) return [{ ...base, ...(protocol !== undefined ? { protocol } : {}) }];
  const protocols = protocol === 'tcp' || protocol === 'udp' ? [protocol] : ['tcp', 'udp'];
  return protocols.map((p) => ({ ...base, protocol: p, destinationPort: dport }));
}

function planRule(
  r: FirewallPlanRule,
  comment: string,
  warn: (m: string) => void,
): VmFirewallMatchRule[] {
  const direction = r.direction === 'ingress' ? 'in' : 'out';
  if (!('cidr' in r.peer)) {
    const peer = 'group' in r.peer ? `group ${r.peer.group}` : `id ${r.peer.id}`;
    warn(
      `${comment}: its peer ${peer} cannot be expressed in a Proxmox VM firewall rule (only addresses and CIDRs); the rule is left out. Write the peer as a CIDR block`,
    );
    return [];
  }
  const peer = r.peer.cidr;
  const base: Match = {
    direction,
    action: r.action === 'deny' ? 'DROP' : 'ACCEPT',
    ...(direction === 'in' ? { source: peer } : { destination: peer }),
    comment,
  };
  if (r.protocol === 'icmp') return [{ ...base, protocol: 'icmp' }];
  const ports: [number, number] | undefined =
    r.fromPort !== undefined || r.toPort !== undefined
      ? [r.fromPort ?? r.toPort ?? 1, r.toPort ?? r.fromPort ?? 65535]
      : undefined;
  return withPorts(base, r.protocol === 'all' ? undefined : r.protocol, ports);
}

function networkRules(iface: string, network: NetworkConfiguration): VmFirewallMatchRule[] {
  const name = `${network.metadata.namespace}/${network.metadata.name}`;
  return network.spec.firewallRules.flatMap((r, i) => {
    const direction = r.direction === 'ingress' ? 'in' : 'out';
    const base: Match = {
      direction,
      action: r.action === 'deny' ? 'DROP' : 'ACCEPT',
      ...(r.source !== undefined ? { source: r.source } : {}),
      ...(r.destination !== undefined ? { destination: r.destination } : {}),
      iface,
      comment: `NetworkConfiguration ${name} firewallRules[${String(i)}]`,
    };
    if (r.protocol === 'icmp') return [{ ...base, protocol: 'icmp' }];
    const ports = r.port !== undefined ? formats.parsePortRange(r.port) : undefined;
    return withPorts(base, r.protocol, ports);
  });
}

function admits(rules: readonly VmFirewallRule[], direction: 'in' | 'out'): boolean {
  // A cluster security group is taken to be an inbound allow list (what they usually are).
  return rules.some((r) =>
    'securityGroup' in r ? direction === 'in' : r.direction === direction && r.action === 'ACCEPT',
  );
}

/**
 * The firewall of a VM. `groupNames`: the security groups its manifest names; `attached`: the
 * network behind each device key whose rules apply.
 */
export function vmFirewallPlan(
  owner: string,
  groups: readonly FirewallPlanGroup[],
  groupNames: readonly string[],
  attached: readonly { readonly iface: string; readonly network: NetworkConfiguration }[],
  usesDhcp: boolean,
): VmFirewallPlan {
  const warnings: string[] = [];
  const problems: string[] = [];
  const warn = (m: string) => warnings.push(m);
  const rules: VmFirewallRule[] = [];
  const own = groups.find((g) => g.name === VITISTACK_GROUP);
  // Stable sort: rules without a priority keep their written order after those with one.
  const byPriority = [...(own?.rules ?? [])]
    .map((r, i) => ({ r, i }))
    .sort((a, b) => (a.r.priority ?? Infinity) - (b.r.priority ?? Infinity) || a.i - b.i);
  for (const { r } of byPriority) rules.push(...planRule(r, `Vitistack rule ${r.name}`, warn));
  for (const name of [...new Set(groupNames)]) {
    const group = groups.find((g) => g.name === name && g.name !== VITISTACK_GROUP);
    if (group) {
      for (const r of group.rules) {
        rules.push(...planRule(r, `security group ${group.name} rule ${r.name}`, warn));
      }
    } else if (SECURITY_GROUP.test(name)) {
      rules.push({ securityGroup: name, comment: `security group ${name}` });
    } else {
      problems.push(
        `${owner}: security group "${name}" is neither a security group of its MachineProvider nor a Proxmox cluster security group name (a letter, then 1 to 17 letters, digits, "-" or "_"); define it in the MachineProvider's securityGroups or use the Proxmox group's name`,
      );
    }
  }
  for (const { iface, network } of attached) rules.push(...networkRules(iface, network));
  if (rules.length === 0 || problems.length > 0) return { warnings, problems };
  return {
    firewall: {
      rules,
      inputPolicy: admits(rules, 'in') ? 'DROP' : 'ACCEPT',
      outputPolicy: admits(rules, 'out') ? 'DROP' : 'ACCEPT',
      dhcp: usesDhcp,
    },
    warnings,
    problems,
  };
}
