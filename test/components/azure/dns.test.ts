import { strict as assert } from 'node:assert';
import { RecordingMocks, unwrap } from '../../../src/engine/mocks';
import { settle } from './settle';

const SET = 'azure-native:dns:RecordSet';

describe('azure Dns', () => {
  const mocks = new RecordingMocks('westus2');
  let mod: typeof import('../../../src/components/azure/dns');
  before(async () => {
    await mocks.install('vitistack', 'test');
    mod = await import('../../../src/components/azure/dns.js');
  });

  describe('planRecordSets', () => {
    it('groups records of one name and type into one set with the smallest TTL, and says so', () => {
      const plan = mod.planRecordSets('example.com', [
        { name: 'www', type: 'A', values: ['203.0.113.1'], ttl: 300 },
        { name: 'www.example.com.', type: 'A', values: ['203.0.113.2'], ttl: 60 },
        { name: '@', type: 'MX', values: ['10 mail.example.com'] },
      ]);
      assert.deepEqual(plan.sets, [
        {
          name: 'www',
          type: 'A',
          ttl: 60,
          data: { aRecords: [{ ipv4Address: '203.0.113.1' }, { ipv4Address: '203.0.113.2' }] },
        },
        {
          name: '@',
          type: 'MX',
          ttl: 3600,
          data: { mxRecords: [{ preference: 10, exchange: 'mail.example.com' }] },
        },
      ]);
      assert.deepEqual(plan.warnings, [
        'the A records of "www" give different TTLs (300, 60); Azure has one TTL per record set, so they get the smallest, 60',
      ]);
    });

    const values: { type: 'SRV' | 'CAA' | 'TXT' | 'CNAME'; value: string; want: object }[] = [
      {
        type: 'SRV',
        value: '10 5 443 api.example.com',
        want: { srvRecords: [{ priority: 10, weight: 5, port: 443, target: 'api.example.com' }] },
      },
      {
        type: 'CAA',
        value: '0 issue "letsencrypt.org"',
        want: { caaRecords: [{ flags: 0, tag: 'issue', value: 'letsencrypt.org' }] },
      },
      { type: 'TXT', value: 'v=spf1 -all', want: { txtRecords: [{ value: ['v=spf1 -all'] }] } },
      {
        type: 'CNAME',
        value: 'lb.example.com',
        want: { cnameRecord: { cname: 'lb.example.com' } },
      },
    ];
    for (const tc of values) {
      it(`reads a ${tc.type} value in zone-file form`, () => {
        const plan = mod.planRecordSets('example.com', [
          { name: 'x', type: tc.type, values: [tc.value] },
        ]);
        assert.deepEqual(plan.sets[0]?.data, tc.want);
      });
    }

    it('splits TXT text longer than 255 characters into strings Azure takes', () => {
      const plan = mod.planRecordSets('example.com', [
        { name: 'x', type: 'TXT', values: ['a'.repeat(300)] },
      ]);
      assert.deepEqual(plan.sets[0]?.data, {
        txtRecords: [{ value: ['a'.repeat(255), 'a'.repeat(45)] }],
      });
    });

    it('refuses an apex NS record and a malformed MX value with the fix', () => {
      const plan = mod.planRecordSets('example.com', [
        { name: '@', type: 'NS', values: ['ns1.example.net'] },
        { name: 'mail', type: 'MX', values: ['mail.example.com'] },
      ]);
      assert.deepEqual(plan.problems, [
        'records[0]: is an NS record at the apex of example.com; Azure DNS manages that record set itself, so leave it out.',
        'records[1]: has the MX value "mail.example.com", which is not "<preference> <host>" (like "10 mail.example.com").',
      ]);
      assert.throws(
        () =>
          new mod.Dns('bad', {
            zone: 'example.com',
            resourceGroupName: 'rg',
            records: [{ name: '@', type: 'NS', values: ['ns1.example.net'] }],
            tags: {},
          }),
        /Dns "bad" has invalid arguments/,
      );
    });
  });

  it('makes a global public zone and a record set per name and type', async () => {
    const dns = new mod.Dns('dns', {
      zone: 'prod.example.com',
      resourceGroupName: 'rg',
      records: [
        { name: 'app-1', type: 'A', values: ['10.0.2.10'], ttl: 300 },
        { name: '*.apps', type: 'CNAME', values: ['lb.prod.example.com'] },
      ],
      tags: { 'vitistack.io/team': 'platform' },
    });
    await settle();
    const zone = mocks.one('azure-native:dns:Zone', 'dns-zone');
    assert.deepEqual(
      {
        name: zone.inputs.zoneName,
        location: zone.inputs.location,
        type: zone.inputs.zoneType,
        tags: zone.inputs.tags,
      },
      {
        name: 'prod.example.com',
        location: 'global',
        type: 'Public',
        tags: { 'vitistack.io-team': 'platform' },
      },
    );
    const a = mocks.one(SET, 'dns-app-1-a').inputs;
    assert.deepEqual(
      [a.zoneName, a.relativeRecordSetName, a.recordType, a.ttl, a.aRecords],
      ['prod.example.com', 'app-1', 'A', 300, [{ ipv4Address: '10.0.2.10' }]],
    );
    assert.equal(mocks.one(SET, 'dns-star.apps-cname').inputs.relativeRecordSetName, '*.apps');
    assert.equal((await unwrap(dns.nameServers)).length, 4);
    assert.equal(await unwrap(dns.zoneId), zone.id);
  });
});
