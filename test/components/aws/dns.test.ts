import { strict as assert } from 'node:assert';
import * as pulumi from '@pulumi/pulumi';
import { RecordingMocks, unwrap } from '../../../src/engine/mocks';
import type { DnsArgs } from '../../../src/components/aws/dns';
import { settle } from './settle';

const T = {
  component: 'vitistack:aws:Dns',
  zone: 'aws:route53/zone:Zone',
  record: 'aws:route53/record:Record',
} as const;

describe('Dns', () => {
  const mocks = new RecordingMocks('us-west-2');
  let mod: typeof import('../../../src/components/aws/dns');
  before(async () => {
    await mocks.install('vitistack', 'test');
    mod = await import('../../../src/components/aws/dns.js');
  });

  describe('a public zone with records and an alias to a load balancer', () => {
    let dns: InstanceType<typeof mod.Dns>;
    before(async () => {
      dns = new mod.Dns('pub', {
        zone: 'Example.com.',
        records: [
          { name: 'api', type: 'A', values: ['203.0.113.10', pulumi.output('203.0.113.11')] },
          { name: '@', type: 'MX', values: ['10 mail.example.com'], ttl: 3600 },
          { name: '*.apps.example.com', type: 'CNAME', values: ['lb.example.com'] },
        ],
        aliasRecords: [
          {
            name: 'www',
            targetDnsName: 'web-1.elb.us-west-2.amazonaws.com',
            targetZoneId: 'Z1H1FL5HABSF5',
          },
        ],
        tags: { env: 'prod' },
      });
      await settle();
    });

    it('creates a public zone named after the zone, lower-case and without the trailing dot', () => {
      const zone = mocks.one(T.zone, 'pub-zone');
      assert.equal(zone.inputs.name, 'example.com');
      assert.equal(zone.inputs.vpcs, undefined);
      assert.deepEqual(zone.inputs.tags, { env: 'prod', Name: 'pub-zone' });
      assert.equal(zone.parent, mocks.one(T.component, 'pub').urn);
    });

    it('creates each record with full names, values and TTL (300 by default)', () => {
      const zone = mocks.one(T.zone, 'pub-zone');
      const expected = {
        'pub-a-api': {
          zoneId: zone.id,
          name: 'api.example.com',
          type: 'A',
          ttl: 300,
          records: ['203.0.113.10', '203.0.113.11'],
        },
        'pub-mx-apex': {
          zoneId: zone.id,
          name: 'example.com',
          type: 'MX',
          ttl: 3600,
          records: ['10 mail.example.com'],
        },
        'pub-cname-star.apps': {
          zoneId: zone.id,
          name: '*.apps.example.com',
          type: 'CNAME',
          ttl: 300,
          records: ['lb.example.com'],
        },
      };
      for (const [name, inputs] of Object.entries(expected)) {
        const r = mocks.one(T.record, name);
        assert.deepEqual(r.inputs, inputs, name);
        assert.equal(r.parent, zone.urn);
      }
    });

    it('creates alias records that follow target health', () => {
      const r = mocks.one(T.record, 'pub-a-alias-www');
      assert.equal(r.inputs.name, 'www.example.com');
      assert.equal(r.inputs.type, 'A');
      assert.equal(r.inputs.ttl, undefined);
      assert.deepEqual(r.inputs.aliases, [
        {
          name: 'web-1.elb.us-west-2.amazonaws.com',
          zoneId: 'Z1H1FL5HABSF5',
          evaluateTargetHealth: true,
        },
      ]);
    });

    it('outputs the zone id and its name servers', async () => {
      assert.equal(await unwrap(dns.zoneId), mocks.one(T.zone, 'pub-zone').id);
      assert.deepEqual(await unwrap(dns.nameServers), ['ns-1.awsdns-01.org', 'ns-2.awsdns-02.net']);
    });
  });

  describe('a private zone', () => {
    before(async () => {
      new mod.Dns('priv', { zone: 'internal.example', private: true, vpcId: 'vpc-9', tags: {} });
      await settle();
    });

    it('attaches the zone to the VPC', () => {
      assert.deepEqual(mocks.one(T.zone, 'priv-zone').inputs.vpcs, [{ vpcId: 'vpc-9' }]);
    });
  });

  describe('recordFqdn', () => {
    const cases: [string, string, string | undefined][] = [
      ['@', 'example.com', 'example.com'],
      ['api', 'example.com', 'api.example.com'],
      ['API.Example.com', 'example.com', 'api.example.com'],
      ['api.example.com.', 'example.com', 'api.example.com'],
      ['api.other.org.', 'example.com', undefined],
      ['notexample.com', 'example.com', 'notexample.com.example.com'],
    ];
    for (const [name, zone, fqdn] of cases) {
      it(`${name} in ${zone}`, () => {
        assert.equal(mod.recordFqdn(name, zone), fqdn);
      });
    }
  });

  describe('validateDnsArgs', () => {
    const base = (over: Partial<DnsArgs>): DnsArgs => ({ zone: 'example.com', tags: {}, ...over });
    const cases: { name: string; args: DnsArgs; errors: string[] }[] = [
      {
        name: 'a private zone without a VPC',
        args: base({ private: true }),
        errors: [
          'vpcId: is required for a private zone (the VPC it answers in); give it, or set private to false.',
        ],
      },
      {
        name: 'a VPC on a public zone',
        args: base({ vpcId: 'vpc-1' }),
        errors: [
          'vpcId: is set but the zone is public; set private to true for a zone inside the VPC, or remove vpcId.',
        ],
      },
      {
        name: 'a bad zone name',
        args: base({ zone: 'exa mple.com' }),
        errors: [
          'zone: "exa mple.com" is not a valid DNS zone name; use a form like "example.com".',
        ],
      },
      {
        name: 'two record sets with the same name and type',
        args: base({
          records: [
            { name: 'api', type: 'A', values: ['203.0.113.1'] },
            { name: 'api.example.com', type: 'A', values: ['203.0.113.2'] },
          ],
        }),
        errors: [
          'records[1].name: "api.example.com" already has a record of type A at records[0]; Route 53 keeps one record set per name and type, so put all values in one.',
        ],
      },
      {
        name: 'a CNAME beside another record, a CNAME at the apex and empty values',
        args: base({
          records: [
            { name: 'api', type: 'TXT', values: ['v=1'] },
            { name: 'api', type: 'CNAME', values: ['x.example.com'] },
            { name: '@', type: 'CNAME', values: ['a.example.org', 'b.example.org'] },
            { name: 'txt', type: 'TXT', values: [] },
          ],
        }),
        errors: [
          'records[1].name: "api" also has a record at records[0]; a name with a CNAME record can have no other records.',
          'records[2].values: has 2 values; a CNAME record points at exactly one name.',
          'records[2].name: "@" cannot hold a CNAME record (the zone apex has SOA and NS records); use an alias record instead.',
          'records[3].values: is empty; a TXT record needs at least one value.',
        ],
      },
      {
        name: 'a name outside the zone, a bad TTL, an unknown type and an alias clash',
        args: base({
          records: [
            { name: 'api.other.org.', type: 'A', values: ['203.0.113.1'] },
            { name: 'www', type: 'A', values: ['203.0.113.1'], ttl: -1 },
            { name: 'x', type: 'SPF' as 'TXT', values: ['v=spf1'] },
          ],
          aliasRecords: [{ name: 'www', targetDnsName: 'lb', targetZoneId: 'Z' }],
        }),
        errors: [
          'records[0].name: "api.other.org." is outside the zone "example.com"; use a name relative to the zone, like "api".',
          'records[1].ttl: -1 is not a whole number from 0 to 2147483647; use a value like 300.',
          'records[2].type: "SPF" is not a record type (allowed: A, AAAA, CAA, CNAME, MX, NS, PTR, SRV, or TXT).',
          'aliasRecords[0].name: "www" already has a record of type A at records[1]; Route 53 keeps one record set per name and type, so put all values in one.',
        ],
      },
    ];
    for (const tc of cases) {
      it(tc.name, () => {
        assert.deepEqual(mod.validateDnsArgs(tc.args), tc.errors);
      });
    }
  });
});
