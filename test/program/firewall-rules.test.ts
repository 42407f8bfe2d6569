// The cloud-neutral firewall plan every cloud builds from: the Vitistack's rules as the group
// `vitistack` (deny rules and priorities kept for the clouds that have them), then the
// providers' named security groups.
import { strict as assert } from 'node:assert';
import { firewallPlan, rulePeer } from '../../src/program/firewall-rules';
import { awsProvider, docs, objectsOf, resolve, vitistack } from '../model/helpers';

const RULES = `  networking:
    firewallRules:
      - {name: https-in, direction: inbound, protocol: tcp, port: 443, priority: 100}
      - {name: block-telnet, direction: inbound, protocol: tcp, port: 23, source: 0.0.0.0/0, action: deny, priority: 90}
      - {name: to-db, direction: outbound, protocol: tcp, port: 5432, source: 10.9.0.0/16, destination: 10.1.0.7}
      - {name: from-bastion, direction: inbound, protocol: tcp, port: 22, source: bastion}`;

const GROUPS = `    networking:
      securityGroups:
        - name: bastion
          description: Bastion hosts
          rules:
            - {type: ingress, protocol: tcp, fromPort: 22, toPort: 22, source: 203.0.113.7}
            - {type: ingress, protocol: tcp, fromPort: 22, toPort: 22, source: 10.0.0.0/8}`;

describe('firewall plan', () => {
  const model = resolve(
    objectsOf(
      docs(vitistack('web', '[{name: aws}]', RULES), awsProvider('aws', 'production', GROUPS)),
    ),
    'production/web',
  );
  const plan = firewallPlan(model, model.machineProviders);
  const [own, bastion] = plan;
  assert.ok(own && bastion);
  const rule = (i: number) => {
    const r = own.rules[i];
    assert.ok(r, `rule ${String(i)}`);
    return r;
  };

  it('puts the Vitistack rules first, in order, as the group "vitistack"', () => {
    assert.deepEqual(
      plan.map((g) => g.name),
      ['vitistack', 'bastion'],
    );
    assert.deepEqual(
      own.rules.map((r) => r.name),
      ['https-in', 'block-telnet', 'to-db', 'from-bastion'],
    );
    assert.equal(own.description, 'Firewall rules of Vitistack production.web');
  });

  it('keeps deny rules and priorities for the clouds that can express them', () => {
    assert.deepEqual(rule(1), {
      name: 'block-telnet',
      direction: 'ingress',
      protocol: 'tcp',
      fromPort: 23,
      toPort: 23,
      peer: { cidr: '0.0.0.0/0' },
      action: 'deny',
      priority: 90,
    });
  });

  it('takes the destination as the peer of an outbound rule, and a group by name', () => {
    assert.deepEqual(rule(2).peer, { cidr: '10.1.0.7/32' });
    assert.equal(rule(2).direction, 'egress');
    assert.deepEqual(rule(3).peer, { group: 'bastion' });
  });

  it("numbers a provider group's rules and reads their peers", () => {
    assert.equal(bastion.description, 'Bastion hosts');
    assert.deepEqual(
      bastion.rules.map((r) => [r.name, r.action, r.peer]),
      [
        ['bastion-0', 'allow', { cidr: '203.0.113.7/32' }],
        ['bastion-1', 'allow', { cidr: '10.0.0.0/8' }],
      ],
    );
  });

  it('reads a rule without a peer as anywhere, and an unknown name as a group id', () => {
    assert.deepEqual(rulePeer(undefined, []), { cidr: '0.0.0.0/0' });
    assert.deepEqual(rulePeer('fd00::5', []), { cidr: 'fd00::5/128' });
    assert.deepEqual(rulePeer('sg-0abc1234', ['vitistack']), { id: 'sg-0abc1234' });
  });
});
