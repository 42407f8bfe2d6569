import { strict as assert } from 'node:assert';
import { azureFirewallPlan } from '../../../src/program/azure/firewall';
import { azureStackYaml, modelOf } from './fixtures';

function planOf(rules: string) {
  const model = modelOf(azureStackYaml({ firewallRules: rules }));
  const problems: string[] = [];
  const plan = azureFirewallPlan(model, model.machineProviders, (m) => problems.push(m));
  return { plan, problems };
}

describe('azure firewall plan', () => {
  it('protects every machine with the Vitistack rules and the group members with the group rules', () => {
    const { plan, problems } = planOf(`
    - { name: https, direction: inbound, protocol: tcp, port: 443, source: 0.0.0.0/0 }
    - { name: no-telnet, direction: inbound, protocol: tcp, port: 23, action: deny, priority: 100 }
    - { name: to-web, direction: outbound, protocol: tcp, ports: '8000-8080', destination: web }
    - { name: from-all, direction: inbound, protocol: icmp, source: vitistack }`);
    assert.deepEqual(problems, []);
    assert.deepEqual(plan.groups, [{ name: 'web' }]);
    assert.deepEqual(plan.rules, [
      {
        name: 'https',
        direction: 'Inbound',
        access: 'Allow',
        protocol: 'tcp',
        fromPort: 443,
        toPort: 443,
        target: { all: true },
        peer: { prefix: '0.0.0.0/0' },
        description: 'Vitistack firewall rule https',
      },
      {
        name: 'no-telnet',
        direction: 'Inbound',
        access: 'Deny',
        protocol: 'tcp',
        fromPort: 23,
        toPort: 23,
        priority: 100,
        target: { all: true },
        // No source written: anywhere, as the spec's examples read.
        peer: { prefix: '0.0.0.0/0' },
        description: 'Vitistack firewall rule no-telnet',
      },
      {
        name: 'to-web',
        direction: 'Outbound',
        access: 'Allow',
        protocol: 'tcp',
        fromPort: 8000,
        toPort: 8080,
        target: { all: true },
        peer: { group: 'web' },
        description: 'Vitistack firewall rule to-web',
      },
      {
        name: 'from-all',
        direction: 'Inbound',
        access: 'Allow',
        protocol: 'icmp',
        target: { all: true },
        // Every machine is in the Vitistack's group: the VNet.
        peer: { prefix: 'VirtualNetwork' },
        description: 'Vitistack firewall rule from-all',
      },
      {
        name: 'web-0',
        direction: 'Inbound',
        access: 'Allow',
        protocol: 'tcp',
        fromPort: 80,
        toPort: 80,
        target: { group: 'web' },
        peer: { prefix: '10.1.0.0/16' },
      },
    ]);
  });

  it('keeps Azure service tags and application security group ids as peers', () => {
    const asg =
      '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/applicationSecurityGroups/ops';
    const { plan, problems } = planOf(`
    - { name: lb, direction: inbound, protocol: tcp, port: 8080, source: AzureLoadBalancer }
    - { name: ops, direction: inbound, protocol: tcp, port: 22, source: '${asg}' }`);
    assert.deepEqual(problems, []);
    assert.deepEqual(
      plan.rules.slice(0, 2).map((r) => r.peer),
      [{ prefix: 'AzureLoadBalancer' }, { asgId: asg }],
    );
  });

  it('refuses an AWS security group as a peer and a priority Azure does not take, naming the field', () => {
    const { plan, problems } = planOf(`
    - { name: from-sg, direction: inbound, protocol: tcp, port: 22, source: sg-0123abcd }
    - { name: early, direction: inbound, protocol: tcp, port: 80, priority: 10 }
    - { name: a, direction: inbound, protocol: tcp, port: 81, priority: 200 }
    - { name: b, direction: inbound, protocol: tcp, port: 82, priority: 200 }`);
    assert.deepEqual(problems, [
      'Vitistack test/az: spec.networking.firewallRules[0].source: "sg-0123abcd" is neither a CIDR block, an IP address, a security group of the stack (vitistack, web), an Azure service tag (like "VirtualNetwork") nor an application security group id; use one of those on Azure',
      'Vitistack test/az: spec.networking.firewallRules[1].priority: 10 is outside 100 to 4096, the priorities Azure network security groups accept; use a value in that range',
      'Vitistack test/az: spec.networking.firewallRules[3].priority: 200 is also the priority of rule "a" (inbound); Azure needs a different priority for each rule of a direction',
    ]);
    assert.deepEqual(
      plan.rules.map((r) => r.name),
      ['a', 'web-0'],
    );
  });
});
