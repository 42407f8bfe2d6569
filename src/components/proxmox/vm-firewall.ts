// The Proxmox VE firewall of one VM: its rules, in order (Proxmox applies the first that matches),
// and its options (enabled, default policies, DHCP). The rules take effect on the network devices
// whose `firewall` flag is set, and only while the datacenter firewall is enabled.
import * as proxmoxve from '@muhlba91/pulumi-proxmoxve';
import * as pulumi from '@pulumi/pulumi';
import { TOKENS } from '../tokens';
import { assertValid, problem, SECURITY_GROUP } from './util';

export const FIREWALL_ACTIONS = ['ACCEPT', 'DROP', 'REJECT'] as const;
export type FirewallAction = (typeof FIREWALL_ACTIONS)[number];

export const FIREWALL_POLICIES = ['ACCEPT', 'DROP', 'REJECT'] as const;
export type FirewallPolicy = (typeof FIREWALL_POLICIES)[number];

/** A rule that matches traffic. */
export interface VmFirewallMatchRule {
  /** `in` (to the VM) or `out` (from it). Required. */
  readonly direction: 'in' | 'out';
  /** Required. */
  readonly action: FirewallAction;
  /** Protocol name, e.g. `tcp`, `udp`, `icmp`. Defaults to any protocol. */
  readonly protocol?: string;
  /** Destination port or range `from:to`; only with tcp or udp. Defaults to any port. */
  readonly destinationPort?: string;
  /** Source address or CIDR. Defaults to anywhere. */
  readonly source?: string;
  /** Destination address or CIDR. Defaults to anywhere. */
  readonly destination?: string;
  /** Network device key (`net0`) the rule is bound to. Defaults to every device. */
  readonly iface?: string;
  /** Where the rule comes from, shown in Proxmox. Defaults to none. */
  readonly comment?: string;
}

/** A reference to a security group of the Proxmox cluster firewall. */
export interface VmFirewallGroupRule {
  /** Name of an existing cluster security group. Required. */
  readonly securityGroup: string;
  readonly iface?: string;
  readonly comment?: string;
}

export type VmFirewallRule = VmFirewallMatchRule | VmFirewallGroupRule;

export interface VmFirewallArgs {
  /** Proxmox node of the VM. Required. */
  readonly nodeName: pulumi.Input<string>;
  /** VM id. Required. */
  readonly vmId: pulumi.Input<number>;
  /** Rules in the order Proxmox evaluates them. Required (may be empty: policies only). */
  readonly rules: readonly VmFirewallRule[];
  /** What happens to incoming traffic no rule matched. Defaults to `DROP`. */
  readonly inputPolicy?: FirewallPolicy;
  /** What happens to outgoing traffic no rule matched. Defaults to `ACCEPT`. */
  readonly outputPolicy?: FirewallPolicy;
  /** Let DHCP through (needed by VMs that take their address from DHCP). Defaults to `false`. */
  readonly dhcp?: boolean;
}

const PORTS = /^[0-9]{1,5}(:[0-9]{1,5})?$/;
const IFACE = /^net[0-9]{1,2}$/;

/** Problems with the firewall args (field paths relative to the args). */
export function validateVmFirewallArgs(args: VmFirewallArgs): string[] {
  const out: string[] = [];
  args.rules.forEach((r, i) => {
    const path = `rules[${i}]`;
    if (r.iface !== undefined && !IFACE.test(r.iface)) {
      out.push(
        problem(`${path}.iface`, r.iface, 'is not a network device key; use net0, net1, ...'),
      );
    }
    if ('securityGroup' in r) {
      if (!SECURITY_GROUP.test(r.securityGroup)) {
        out.push(
          problem(
            `${path}.securityGroup`,
            r.securityGroup,
            'is not a Proxmox security group name (a letter, then 1 to 17 letters, digits, "-" or "_").',
          ),
        );
      }
      return;
    }
    if (!FIREWALL_ACTIONS.includes(r.action)) {
      out.push(
        problem(`${path}.action`, r.action, `is not allowed; use ${FIREWALL_ACTIONS.join(', ')}.`),
      );
    }
    if (r.destinationPort !== undefined) {
      const ports = r.destinationPort.split(':').map(Number);
      if (!PORTS.test(r.destinationPort) || ports.some((p) => p < 1 || p > 65535)) {
        out.push(
          problem(
            `${path}.destinationPort`,
            r.destinationPort,
            'is not a port or range from 1 to 65535; use "22" or "8000:8080".',
          ),
        );
      } else if (r.protocol !== 'tcp' && r.protocol !== 'udp') {
        out.push(
          problem(
            `${path}.destinationPort`,
            r.destinationPort,
            `needs protocol tcp or udp (protocol is ${r.protocol ?? 'any'}); set the protocol or drop the port.`,
          ),
        );
      }
    }
  });
  return out;
}

export class VmFirewall extends pulumi.ComponentResource {
  /** Id of the rules resource (`vm/<node>/<vmid>`). */
  public readonly rulesId: pulumi.Output<string>;
  /** Number of rules applied. */
  public readonly ruleCount: pulumi.Output<number>;

  constructor(name: string, args: VmFirewallArgs, opts?: pulumi.ComponentResourceOptions) {
    assertValid('VmFirewall', name, validateVmFirewallArgs(args));
    super(TOKENS.proxmox.VmFirewall, name, {}, opts);

    const rules = new proxmoxve.firewall.RulesLegacy(
      `${name}-rules`,
      {
        nodeName: args.nodeName,
        vmId: args.vmId,
        rules: args.rules.map((r) =>
          'securityGroup' in r
            ? { securityGroup: r.securityGroup, iface: r.iface, comment: r.comment }
            : {
                type: r.direction,
                action: r.action,
                proto: r.protocol,
                dport: r.destinationPort,
                source: r.source,
                dest: r.destination,
                iface: r.iface,
                comment: r.comment,
                enabled: true,
              },
        ),
      },
      { parent: this },
    );
    new proxmoxve.firewall.OptionsLegacy(
      `${name}-options`,
      {
        nodeName: args.nodeName,
        vmId: args.vmId,
        enabled: true,
        inputPolicy: args.inputPolicy ?? 'DROP',
        outputPolicy: args.outputPolicy ?? 'ACCEPT',
        dhcp: args.dhcp ?? false,
        // Only the VM's own MAC address may send from it (anti-spoofing).
        macfilter: true,
      },
      // Switched on after the rules exist, so enabling the firewall never drops traffic that a
      // rule is about to admit.
      { parent: this, dependsOn: [rules] },
    );
    this.rulesId = rules.id;
    this.ruleCount = pulumi.output(args.rules.length);
    this.registerOutputs({ rulesId: this.rulesId, ruleCount: this.ruleCount });
  }
}
