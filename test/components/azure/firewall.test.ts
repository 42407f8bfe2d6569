import { strict as assert } from 'node:assert';
import type { AzureSecurityRuleArgs, FirewallArgs } from '../../../src/components/azure/firewall';
import { RecordingMocks, unwrap } from '../../../src/engine/mocks';
import { settle } from './settle';

const RULE = 'azure-native:network:SecurityRule';
const ASG = 'azure-native:network:ApplicationSecurityGroup';

const rule = (
  over: Partial<AzureSecurityRuleArgs> & Pick<AzureSecurityRuleArgs, 'name'>,
): AzureSecurityRuleArgs => ({
  direction: 'Inbound',
  access: 'Allow',
  protocol: 'tcp',
  target: { all: true },
  peer: { prefix: '0.0.0.0/0' },
  ...over,
});

describe('azure Firewall', () => {
  const mocks = new RecordingMocks('westus2');
  let mod: typeof import('../../../src/components/azure/firewall');
  before(async () => {
    await mocks.install('vitistack', 'test');
    mod = await import('../../../src/components/azure/firewall.js');
  });

  describe('assignPriorities', () => {
    const cases: { name: string; rules: AzureSecurityRuleArgs[]; want: number[] }[] = [
      {
        name: 'derives 100, 110, ... in order per direction',
        rules: [
          rule({ name: 'a' }),
          rule({ name: 'b' }),
          rule({ name: 'c', direction: 'Outbound' }),
        ],
        want: [100, 110, 100],
      },
      {
        name: 'keeps written priorities and skips them when deriving',
        rules: [
          rule({ name: 'a', priority: 100 }),
          rule({ name: 'b' }),
          rule({ name: 'c', priority: 110 }),
        ],
        want: [100, 120, 110],
      },
      {
        name: 'puts deny rules without a priority before allow rules without one',
        rules: [rule({ name: 'allow' }), rule({ name: 'deny', access: 'Deny' })],
        want: [110, 100],
      },
    ];
    for (const tc of cases) {
      it(tc.name, () => {
        assert.deepEqual(mod.assignPriorities(tc.rules), tc.want);
      });
    }

    it('uses the numbers between the tens once the tens run out', () => {
      const rules = Array.from({ length: 400 }, (_, i) => rule({ name: `r${i}` }));
      const got = mod.assignPriorities(rules);
      assert.equal(new Set(got).size, 400);
      assert.equal(got[399], 4090);
      const more = mod.assignPriorities([...rules, rule({ name: 'one-more' })]);
      assert.equal(more[400], 101);
    });
  });

  describe('a firewall with the Vitistack rules and a named group', () => {
    let fw: InstanceType<typeof mod.Firewall>;
    before(async () => {
      fw = new mod.Firewall('fw', {
        resourceGroupName: 'rg',
        location: 'westus2',
        nsgName: 'prod-nsg',
        groups: [{ name: 'bastion-sg' }],
        rules: [
          rule({ name: 'https', fromPort: 443, priority: 200 }),
          rule({ name: 'no-smb', access: 'Deny', fromPort: 445 }),
          rule({
            name: 'bastion-ssh',
            fromPort: 22,
            target: { group: 'bastion-sg' },
            peer: { prefix: '203.0.113.0/24' },
          }),
          rule({
            name: 'to-db',
            direction: 'Outbound',
            fromPort: 5432,
            toPort: 5433,
            peer: { group: 'bastion-sg' },
          }),
          rule({ name: 'ping', protocol: 'icmp', peer: { prefix: 'VirtualNetwork' } }),
        ],
        tags: { team: 'platform' },
      });
      await settle();
    });

    it('makes one network security group and an application security group per group', () => {
      assert.equal(
        mocks.one('azure-native:network:NetworkSecurityGroup', 'fw-nsg').inputs
          .networkSecurityGroupName,
        'prod-nsg',
      );
      assert.equal(
        mocks.one(ASG, 'fw-bastion-sg').inputs.applicationSecurityGroupName,
        'bastion-sg',
      );
    });

    it('maps each rule to an Azure security rule: access, priority, protocol, ports and peers', () => {
      const asg = mocks.one(ASG, 'fw-bastion-sg').id;
      const view = (n: string) => {
        const i = mocks.one(RULE, `fw-${n}`).inputs;
        return {
          direction: i.direction,
          access: i.access,
          priority: i.priority,
          protocol: i.protocol,
          port: i.destinationPortRange,
          source: i.sourceAddressPrefix ?? i.sourceApplicationSecurityGroups,
          destination: i.destinationAddressPrefix ?? i.destinationApplicationSecurityGroups,
        };
      };
      assert.deepEqual(view('https'), {
        direction: 'Inbound',
        access: 'Allow',
        priority: 200,
        protocol: 'Tcp',
        port: '443',
        source: '0.0.0.0/0',
        destination: '*',
      });
      assert.deepEqual(view('no-smb'), {
        direction: 'Inbound',
        access: 'Deny',
        priority: 100,
        protocol: 'Tcp',
        port: '445',
        source: '0.0.0.0/0',
        destination: '*',
      });
      assert.deepEqual(view('bastion-ssh'), {
        direction: 'Inbound',
        access: 'Allow',
        priority: 110,
        protocol: 'Tcp',
        port: '22',
        source: '203.0.113.0/24',
        destination: [{ id: asg }],
      });
      assert.deepEqual(view('to-db'), {
        direction: 'Outbound',
        access: 'Allow',
        priority: 100,
        protocol: 'Tcp',
        port: '5432-5433',
        source: '*',
        destination: [{ id: asg }],
      });
      assert.deepEqual(view('ping'), {
        direction: 'Inbound',
        access: 'Allow',
        priority: 120,
        protocol: 'Icmp',
        port: '*',
        source: 'VirtualNetwork',
        destination: '*',
      });
    });

    it('outputs the rule ids and the priorities they got', async () => {
      assert.equal(await unwrap(fw.ruleIds.https ?? ''), mocks.one(RULE, 'fw-https').id);
      assert.match(
        mocks.one(RULE, 'fw-https').id ?? '',
        /\/networkSecurityGroups\/prod-nsg\/securityRules\/https$/,
      );
      assert.deepEqual(fw.priorities, {
        https: 200,
        'no-smb': 100,
        'bastion-ssh': 110,
        'to-db': 100,
        ping: 120,
      });
    });
  });

  it('refuses priorities Azure does not accept and groups it does not have', () => {
    const bad: FirewallArgs = {
      resourceGroupName: 'rg',
      location: 'westus2',
      nsgName: 'nsg',
      rules: [
        rule({ name: 'low', priority: 50 }),
        rule({ name: 'a', priority: 300 }),
        rule({ name: 'b', priority: 300 }),
        rule({ name: 'c', target: { group: 'nope' } }),
        rule({ name: 'd', peer: { prefix: 'sg-1234' } }),
      ],
      tags: {},
    };
    assert.deepEqual(mod.validateFirewallArgs(bad), [
      'rules[0].priority: 50 is outside 100 to 4096, the priorities Azure network security groups accept; use a value in that range.',
      'rules[2].priority: 300 is also the priority of rules[1] (inbound); priorities must be unique per direction.',
      'rules[3].target.group: "nope" is not a group of this firewall (groups: none).',
      'rules[4].peer.prefix: "sg-1234" is neither a CIDR block, an IP address nor an Azure service tag (like "VirtualNetwork" or "Internet").',
    ]);
  });
});
