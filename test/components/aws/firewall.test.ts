import { strict as assert } from 'node:assert';
import { RecordingMocks, unwrap } from '../../../src/engine/mocks';
import type { FirewallArgs, FirewallRuleArgs } from '../../../src/components/aws/firewall';
import { settle } from './settle';

const T = {
  component: 'vitistack:aws:Firewall',
  sg: 'aws:ec2/securityGroup:SecurityGroup',
  ingress: 'aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule',
  egress: 'aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule',
} as const;

/** The inputs a user checks on a rule: protocol, ports and peer. */
function ruleView(inputs: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const keys = [
    'ipProtocol',
    'fromPort',
    'toPort',
    'cidrIpv4',
    'cidrIpv6',
    'referencedSecurityGroupId',
    'description',
  ];
  return Object.fromEntries(keys.filter((k) => inputs[k] !== undefined).map((k) => [k, inputs[k]]));
}

describe('Firewall', () => {
  const mocks = new RecordingMocks('us-west-2');
  let mod: typeof import('../../../src/components/aws/firewall');
  before(async () => {
    await mocks.install('vitistack', 'test');
    mod = await import('../../../src/components/aws/firewall.js');
  });

  describe('web and database groups (spec 003 rules plus a group reference)', () => {
    let fw: InstanceType<typeof mod.Firewall>;
    before(async () => {
      fw = new mod.Firewall('fw', {
        vpcId: 'vpc-123',
        groups: [
          {
            name: 'web',
            rules: [
              {
                direction: 'ingress',
                protocol: 'tcp',
                fromPort: 443,
                cidr: '0.0.0.0/0',
                description: 'k8s-api-access',
              },
              {
                direction: 'ingress',
                protocol: 'tcp',
                fromPort: 22,
                toPort: 22,
                cidr: '10.0.0.0/16',
              },
              { direction: 'ingress', protocol: 'icmp', cidr: '10.0.0.0/16' },
              { direction: 'ingress', protocol: 'tcp', fromPort: 443, cidr: '2001:db8::/32' },
              { direction: 'ingress', protocol: 'icmp', fromPort: 128, cidr: '::/0' },
            ],
          },
          {
            name: 'db',
            description: 'Postgres',
            rules: [
              { direction: 'ingress', protocol: 'tcp', fromPort: 5432, sourceGroupName: 'web' },
              { direction: 'ingress', protocol: 'all', sourceGroupId: 'sg-external' },
              { direction: 'egress', protocol: 'udp', fromPort: 53, cidr: '10.0.0.2/32' },
            ],
          },
        ],
        allowAllEgress: false,
        tags: { team: 'platform' },
      });
      await settle();
    });

    it('creates one security group per group in the VPC', () => {
      const web = mocks.one(T.sg, 'fw-web');
      const db = mocks.one(T.sg, 'fw-db');
      assert.equal(web.inputs.vpcId, 'vpc-123');
      assert.equal(web.inputs.description, 'Vitistack firewall group web');
      assert.equal(db.inputs.description, 'Postgres');
      assert.deepEqual(db.inputs.tags, { team: 'platform', Name: 'fw-db' });
      assert.equal(web.parent, mocks.one(T.component, 'fw').urn);
    });

    it('creates every web rule with its protocol, ports and peer', () => {
      const web = mocks.one(T.sg, 'fw-web');
      const expected: Record<string, Record<string, unknown>> = {
        'fw-web-in-0': {
          ipProtocol: 'tcp',
          fromPort: 443,
          toPort: 443,
          cidrIpv4: '0.0.0.0/0',
          description: 'k8s-api-access',
        },
        'fw-web-in-1': { ipProtocol: 'tcp', fromPort: 22, toPort: 22, cidrIpv4: '10.0.0.0/16' },
        'fw-web-in-2': { ipProtocol: 'icmp', fromPort: -1, toPort: -1, cidrIpv4: '10.0.0.0/16' },
        'fw-web-in-3': { ipProtocol: 'tcp', fromPort: 443, toPort: 443, cidrIpv6: '2001:db8::/32' },
        'fw-web-in-4': { ipProtocol: 'icmpv6', fromPort: 128, toPort: -1, cidrIpv6: '::/0' },
      };
      for (const [name, view] of Object.entries(expected)) {
        const rule = mocks.one(T.ingress, name);
        assert.deepEqual(ruleView(rule.inputs), view, name);
        assert.equal(rule.inputs.securityGroupId, web.id);
        assert.equal(rule.parent, web.urn);
      }
    });

    it('resolves group references and maps "all" to protocol -1 without ports', () => {
      const web = mocks.one(T.sg, 'fw-web');
      assert.deepEqual(ruleView(mocks.one(T.ingress, 'fw-db-in-0').inputs), {
        ipProtocol: 'tcp',
        fromPort: 5432,
        toPort: 5432,
        referencedSecurityGroupId: web.id,
      });
      assert.deepEqual(ruleView(mocks.one(T.ingress, 'fw-db-in-1').inputs), {
        ipProtocol: '-1',
        referencedSecurityGroupId: 'sg-external',
      });
      assert.deepEqual(ruleView(mocks.one(T.egress, 'fw-db-out-0').inputs), {
        ipProtocol: 'udp',
        fromPort: 53,
        toPort: 53,
        cidrIpv4: '10.0.0.2/32',
      });
    });

    it('adds no allow-all egress when allowAllEgress is false', () => {
      assert.deepEqual(
        mocks
          .byType(T.egress)
          .filter((r) => r.name.startsWith('fw-'))
          .map((r) => r.name),
        ['fw-db-out-0'],
      );
    });

    it('outputs group ids by name', async () => {
      assert.deepEqual(await unwrap(fw.groupIds), {
        web: mocks.one(T.sg, 'fw-web').id,
        db: mocks.one(T.sg, 'fw-db').id,
      });
    });
  });

  describe('allowAllEgress default', () => {
    before(async () => {
      new mod.Firewall('open', {
        vpcId: 'vpc-1',
        groups: [
          { name: 'nodes', rules: [{ direction: 'ingress', protocol: 'tcp', cidr: '10.0.0.0/8' }] },
        ],
        tags: {},
      });
      await settle();
    });

    it('adds an allow-all IPv4 egress rule to every group', () => {
      const rule = mocks.one(T.egress, 'open-nodes-out-all');
      assert.deepEqual(ruleView(rule.inputs), {
        ipProtocol: '-1',
        cidrIpv4: '0.0.0.0/0',
        description: 'Allow all outbound traffic',
      });
      assert.equal(rule.inputs.securityGroupId, mocks.one(T.sg, 'open-nodes').id);
    });

    it('opens every port for a tcp rule without ports', () => {
      const rule = mocks.one(T.ingress, 'open-nodes-in-0');
      assert.equal(rule.inputs.fromPort, 0);
      assert.equal(rule.inputs.toPort, 65535);
    });
  });

  describe('ruleSpec', () => {
    const cases: { rule: FirewallRuleArgs; spec: Record<string, unknown> }[] = [
      {
        rule: { direction: 'ingress', protocol: 'all', cidr: '0.0.0.0/0' },
        spec: { ipProtocol: '-1' },
      },
      {
        rule: { direction: 'ingress', protocol: 'icmp', cidr: '0.0.0.0/0' },
        spec: { ipProtocol: 'icmp', fromPort: -1, toPort: -1 },
      },
      {
        rule: { direction: 'ingress', protocol: 'icmp', fromPort: 8, toPort: 0, cidr: '0.0.0.0/0' },
        spec: { ipProtocol: 'icmp', fromPort: 8, toPort: 0 },
      },
      {
        rule: {
          direction: 'ingress',
          protocol: 'udp',
          fromPort: 30000,
          toPort: 32767,
          cidr: '0.0.0.0/0',
        },
        spec: { ipProtocol: 'udp', fromPort: 30000, toPort: 32767 },
      },
    ];
    for (const tc of cases) {
      it(`${tc.rule.protocol} ${tc.rule.fromPort ?? ''}-${tc.rule.toPort ?? ''}`, () => {
        assert.deepEqual(mod.ruleSpec(tc.rule), tc.spec);
      });
    }
  });

  describe('validateFirewallArgs', () => {
    const one = (rule: FirewallRuleArgs, extra: Partial<FirewallArgs> = {}): FirewallArgs => ({
      vpcId: 'vpc-1',
      groups: [{ name: 'web', rules: [rule] }, { name: 'db' }],
      tags: {},
      ...extra,
    });
    const cases: { name: string; args: FirewallArgs; errors: string[] }[] = [
      {
        name: 'a port above 65535',
        args: one({ direction: 'ingress', protocol: 'tcp', fromPort: 70000, cidr: '0.0.0.0/0' }),
        errors: ['groups[0].rules[0].fromPort: 70000 is not a port (0 to 65535).'],
      },
      {
        name: 'a reversed port range',
        args: one({
          direction: 'ingress',
          protocol: 'tcp',
          fromPort: 443,
          toPort: 80,
          cidr: '0.0.0.0/0',
        }),
        errors: [
          'groups[0].rules[0].toPort: 80 is below fromPort 443; a range runs from fromPort up to toPort.',
        ],
      },
      {
        name: 'toPort without fromPort',
        args: one({ direction: 'ingress', protocol: 'tcp', toPort: 80, cidr: '0.0.0.0/0' }),
        errors: [
          'groups[0].rules[0].toPort: 80 is set without fromPort; give fromPort too (the same value for one port).',
        ],
      },
      {
        name: 'ports with protocol all',
        args: one({ direction: 'ingress', protocol: 'all', fromPort: 22, cidr: '0.0.0.0/0' }),
        errors: [
          'groups[0].rules[0].fromPort: 22 cannot be set when protocol is "all" (it covers every port); use tcp or udp to limit ports.',
        ],
      },
      {
        name: 'both a CIDR and a source group',
        args: one({
          direction: 'ingress',
          protocol: 'tcp',
          fromPort: 22,
          cidr: '10.0.0.0/8',
          sourceGroupName: 'db',
        }),
        errors: [
          'groups[0].rules[0]: sets cidr and sourceGroupName; a rule has one peer: give a CIDR block or a security group, not both.',
        ],
      },
      {
        name: 'no peer',
        args: one({ direction: 'ingress', protocol: 'tcp', fromPort: 22 }),
        errors: [
          'groups[0].rules[0]: has no peer; set cidr (like "10.0.0.0/16", or "0.0.0.0/0" for anywhere), sourceGroupName or sourceGroupId.',
        ],
      },
      {
        name: 'an unknown source group',
        args: one({
          direction: 'ingress',
          protocol: 'tcp',
          fromPort: 5432,
          sourceGroupName: 'cache',
        }),
        errors: [
          'groups[0].rules[0].sourceGroupName: "cache" is not a group of this Firewall (groups: "web", "db"); use one of them, or sourceGroupId for a group made elsewhere.',
        ],
      },
      {
        name: 'a bad CIDR and protocol',
        args: one({
          direction: 'inbound' as 'ingress',
          protocol: 'sctp' as 'tcp',
          cidr: '10.0.0.1/8',
        }),
        errors: [
          'groups[0].rules[0].direction: "inbound" is not a direction (allowed: ingress or egress).',
          'groups[0].rules[0].protocol: "sctp" is not a protocol (allowed: tcp, udp, icmp, or all).',
          'groups[0].rules[0].cidr: "10.0.0.1/8" is not a valid CIDR block (has host bits set); use a form like "10.0.0.0/16" or "2001:db8::/32".',
        ],
      },
      {
        name: 'an egress rule that duplicates allowAllEgress',
        args: one({ direction: 'egress', protocol: 'all', cidr: '0.0.0.0/0' }),
        errors: [
          'groups[0].rules[0]: allows the same traffic as allowAllEgress; AWS refuses duplicate rules, so remove it, or set allowAllEgress to false.',
        ],
      },
      {
        name: 'the same egress rule without the default is fine',
        args: one(
          { direction: 'egress', protocol: 'all', cidr: '0.0.0.0/0' },
          { allowAllEgress: false },
        ),
        errors: [],
      },
      {
        name: 'duplicate group names and a description AWS refuses',
        args: {
          vpcId: 'v',
          groups: [{ name: 'a', description: 'it\'s "web"' }, { name: 'a' }],
          tags: {},
        },
        errors: [
          'groups[1].name: "a" is also the name of groups[0]; group names must be unique.',
          'groups[0].description: "it\'s \\"web\\"" has characters AWS does not accept or is longer than 255; use letters, digits, spaces and ._-:/()#,@[]+=&;{}!$*.',
        ],
      },
    ];
    for (const tc of cases) {
      it(tc.name, () => {
        assert.deepEqual(mod.validateFirewallArgs(tc.args), tc.errors);
      });
    }

    it('refuses two identical rules', () => {
      const rule: FirewallRuleArgs = {
        direction: 'ingress',
        protocol: 'tcp',
        fromPort: 22,
        cidr: '10.0.0.0/8',
      };
      assert.deepEqual(
        mod.validateFirewallArgs({
          vpcId: 'v',
          groups: [{ name: 'a', rules: [rule, { ...rule, toPort: 22 }] }],
          tags: {},
        }),
        [
          'groups[0].rules[1]: allows the same traffic as groups[0].rules[0]; AWS refuses duplicate rules, so remove one of them.',
        ],
      );
    });

    it('throws before making resources', () => {
      assert.throws(
        () =>
          new mod.Firewall('badfw', one({ direction: 'ingress', protocol: 'tcp', fromPort: 22 })),
        /^Error: Firewall "badfw" has invalid arguments:\n {2}- groups\[0\]\.rules\[0\]: has no peer/,
      );
      assert.equal(mocks.resources.filter((r) => r.name.startsWith('badfw')).length, 0);
    });
  });
});
