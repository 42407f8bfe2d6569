// The Proxmox VM firewall of a machine from the stack's firewall plan and its networks' rules, and
// cloud tags as Proxmox tags.
import { strict as assert } from 'node:assert';
import type { NetworkConfiguration } from '../../../src/api/v1alpha1';
import type { FirewallPlanGroup } from '../../../src/program/firewall-rules';
import { vmFirewallPlan } from '../../../src/program/proxmox/firewall';
import { proxmoxTags } from '../../../src/program/proxmox/tags';

const GROUPS: FirewallPlanGroup[] = [
  {
    name: 'vitistack',
    rules: [
      {
        name: 'https',
        direction: 'ingress',
        protocol: 'tcp',
        fromPort: 443,
        toPort: 443,
        peer: { cidr: '0.0.0.0/0' },
        action: 'allow',
        priority: 200,
      },
      {
        name: 'ssh',
        direction: 'ingress',
        protocol: 'tcp',
        fromPort: 22,
        toPort: 22,
        peer: { cidr: '10.0.0.0/8' },
        action: 'allow',
        priority: 100,
      },
      {
        name: 'dns-out',
        direction: 'egress',
        protocol: 'all',
        fromPort: 53,
        toPort: 53,
        peer: { cidr: '10.0.0.53/32' },
        action: 'allow',
      },
      {
        name: 'from-bastion',
        direction: 'ingress',
        protocol: 'tcp',
        fromPort: 22,
        toPort: 22,
        peer: { group: 'bastion-sg' },
        action: 'allow',
      },
      {
        name: 'no-telnet',
        direction: 'ingress',
        protocol: 'tcp',
        fromPort: 23,
        toPort: 23,
        peer: { cidr: '0.0.0.0/0' },
        action: 'deny',
      },
    ],
  },
  {
    name: 'bastion-sg',
    rules: [
      {
        name: 'bastion-sg-0',
        direction: 'ingress',
        protocol: 'icmp',
        peer: { cidr: '10.0.0.0/8' },
        action: 'allow',
      },
    ],
  },
];

function network(rules: NetworkConfiguration['spec']['firewallRules']): NetworkConfiguration {
  return {
    kind: 'NetworkConfiguration',
    metadata: { name: 'vlan100', namespace: 'platform', labels: {}, annotations: {} },
    spec: { firewallRules: rules, interfaces: [] },
  } as unknown as NetworkConfiguration;
}

describe('proxmox VM firewall plan', () => {
  it('orders Vitistack rules by priority, then named groups, then network rules bound to their NIC', () => {
    const plan = vmFirewallPlan(
      'Machine platform/web',
      GROUPS,
      ['bastion-sg', 'pve-monitoring'],
      [
        {
          iface: 'net1',
          network: network([
            {
              direction: 'ingress',
              protocol: 'udp',
              port: '8000-8100',
              source: '10.1.0.0/16',
              action: 'allow',
            },
          ]),
        },
      ],
      true,
    );
    assert.deepEqual(plan.problems, []);
    assert.deepEqual(plan.firewall?.rules, [
      {
        direction: 'in',
        action: 'ACCEPT',
        source: '10.0.0.0/8',
        comment: 'Vitistack rule ssh',
        protocol: 'tcp',
        destinationPort: '22',
      },
      {
        direction: 'in',
        action: 'ACCEPT',
        source: '0.0.0.0/0',
        comment: 'Vitistack rule https',
        protocol: 'tcp',
        destinationPort: '443',
      },
      // Protocol "all" with a port: Proxmox needs a protocol, so tcp and udp.
      {
        direction: 'out',
        action: 'ACCEPT',
        destination: '10.0.0.53/32',
        comment: 'Vitistack rule dns-out',
        protocol: 'tcp',
        destinationPort: '53',
      },
      {
        direction: 'out',
        action: 'ACCEPT',
        destination: '10.0.0.53/32',
        comment: 'Vitistack rule dns-out',
        protocol: 'udp',
        destinationPort: '53',
      },
      {
        direction: 'in',
        action: 'DROP',
        source: '0.0.0.0/0',
        comment: 'Vitistack rule no-telnet',
        protocol: 'tcp',
        destinationPort: '23',
      },
      {
        direction: 'in',
        action: 'ACCEPT',
        source: '10.0.0.0/8',
        comment: 'security group bastion-sg rule bastion-sg-0',
        protocol: 'icmp',
      },
      // Not a group of the plan: a security group of the Proxmox cluster firewall.
      { securityGroup: 'pve-monitoring', comment: 'security group pve-monitoring' },
      {
        direction: 'in',
        action: 'ACCEPT',
        source: '10.1.0.0/16',
        iface: 'net1',
        comment: 'NetworkConfiguration platform/vlan100 firewallRules[0]',
        protocol: 'udp',
        destinationPort: '8000:8100',
      },
    ]);
    // Both directions have allow rules: both default to DROP; DHCP let through.
    assert.deepEqual(
      [plan.firewall.inputPolicy, plan.firewall.outputPolicy, plan.firewall.dhcp],
      ['DROP', 'DROP', true],
    );
  });

  it('leaves out a rule whose peer is another group, with a warning', () => {
    const plan = vmFirewallPlan('Machine platform/web', GROUPS, [], [], false);
    assert.deepEqual(plan.warnings, [
      'Vitistack rule from-bastion: its peer group bastion-sg cannot be expressed in a Proxmox VM firewall rule (only addresses and CIDRs); the rule is left out. Write the peer as a CIDR block',
    ]);
    assert.ok(!plan.firewall?.rules.some((r) => r.comment === 'Vitistack rule from-bastion'));
  });

  it('only deny rules keep the default ACCEPT; no rules build no firewall', () => {
    const deny = vmFirewallPlan(
      'Machine platform/web',
      [],
      [],
      [
        {
          iface: 'net0',
          network: network([{ direction: 'egress', destination: '192.0.2.0/24', action: 'deny' }]),
        },
      ],
      false,
    );
    const fw = deny.firewall;
    assert.ok(fw);
    assert.deepEqual([fw.inputPolicy, fw.outputPolicy], ['ACCEPT', 'ACCEPT']);
    assert.deepEqual(fw.rules, [
      {
        direction: 'out',
        action: 'DROP',
        destination: '192.0.2.0/24',
        iface: 'net0',
        comment: 'NetworkConfiguration platform/vlan100 firewallRules[0]',
      },
    ]);
    assert.equal(vmFirewallPlan('Machine platform/web', [], [], [], false).firewall, undefined);
  });

  it('a security group name Proxmox cannot hold is a problem', () => {
    assert.deepEqual(
      vmFirewallPlan('Machine platform/web', [], ['sg-0123456789abcdef0'], [], false).problems,
      [
        'Machine platform/web: security group "sg-0123456789abcdef0" is neither a security group of its MachineProvider nor a Proxmox cluster security group name (a letter, then 1 to 17 letters, digits, "-" or "_"); define it in the MachineProvider\'s securityGroups or use the Proxmox group\'s name',
      ],
    );
  });
});

describe('proxmoxTags', () => {
  it('turns key: value pairs into sorted lower-case Proxmox tags, later maps winning', () => {
    assert.deepEqual(
      proxmoxTags(
        { 'vitistack.io/stack': 'platform.oslo-dc1', Team: 'ops' },
        // A key of nothing Proxmox allows keeps only its value.
        { Team: 'Platform Ops', 'Cost Center': '4711', flag: '', '/': 'x' },
      ),
      [
        '_x',
        'cost-center_4711',
        'flag',
        'team_platform-ops',
        'vitistack.io-stack_platform.oslo-dc1',
      ],
    );
  });
});
