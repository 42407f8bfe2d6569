import { strict as assert } from 'node:assert';
import { RecordingMocks, unwrap } from '../../../src/engine/mocks';
import { LABELS, PROJECT, REGION, settle } from './helpers';

const ZONE = 'gcp:dns/managedZone:ManagedZone';
const RECORD = 'gcp:dns/recordSet:RecordSet';

describe('gcp Dns', () => {
  const mocks = new RecordingMocks(REGION);
  let mod: typeof import('../../../src/components/gcp/dns');
  before(async () => {
    await mocks.install('vitistack', 'test');
    mod = await import('../../../src/components/gcp/dns.js');
  });

  describe('recordName', () => {
    const cases: [string, string, string | undefined][] = [
      ['@', 'prod.example.com', 'prod.example.com.'],
      ['app-1', 'prod.example.com', 'app-1.prod.example.com.'],
      ['*.apps', 'prod.example.com', '*.apps.prod.example.com.'],
      ['API.Prod.Example.com', 'prod.example.com', 'api.prod.example.com.'],
      ['www.other.org.', 'prod.example.com', undefined],
    ];
    for (const [name, zone, want] of cases) {
      it(`${name} in ${zone} -> ${String(want)}`, () => {
        assert.equal(mod.recordName(name, zone), want);
      });
    }
  });

  describe('a zone with an A, an apex TXT and a wildcard CNAME', () => {
    let dns: InstanceType<typeof mod.Dns>;
    before(async () => {
      dns = new mod.Dns('prod-dns', {
        zone: 'prod.example.com',
        project: PROJECT,
        records: [
          { name: 'app-1', type: 'A', values: ['10.0.2.10'], ttl: 60 },
          { name: '@', type: 'TXT', values: ['"v=spf1 -all"'] },
          { name: '*.apps', type: 'CNAME', values: ['ingress.prod.example.com.'] },
        ],
        labels: LABELS,
      });
      await settle();
    });

    it('makes a public, DNSSEC-signed zone with the trailing dot Cloud DNS wants', () => {
      const z = mocks.one(ZONE, 'prod-dns-zone');
      assert.equal(z.inputs.dnsName, 'prod.example.com.');
      assert.equal(z.inputs.visibility, 'public');
      assert.deepEqual(z.inputs.dnssecConfig, { state: 'on' });
      assert.deepEqual(z.inputs.labels, LABELS);
    });

    it('adds each record set to the zone by full name', () => {
      const z = mocks.one(ZONE, 'prod-dns-zone');
      const got = mocks
        .byType(RECORD)
        .filter((r) => r.inputs.managedZone === z.inputs.name)
        .map((r) => [r.name, r.inputs.name, r.inputs.type, r.inputs.ttl, r.inputs.rrdatas]);
      assert.deepEqual(got.sort(), [
        ['prod-dns-apex-txt', 'prod.example.com.', 'TXT', 300, ['"v=spf1 -all"']],
        ['prod-dns-app-1-a', 'app-1.prod.example.com.', 'A', 60, ['10.0.2.10']],
        [
          'prod-dns-star.apps-cname',
          '*.apps.prod.example.com.',
          'CNAME',
          300,
          ['ingress.prod.example.com.'],
        ],
      ]);
    });

    it('reports the zone id and its name servers', async () => {
      assert.equal(await unwrap(dns.zoneId), `projects/${PROJECT}/managedZones/prod-dns`);
      const ns = await unwrap(dns.nameServers);
      assert.equal(ns.length, 4);
      for (const n of ns) assert.match(n, /^ns-cloud-[a-d]\d\.googledomains\.com\.$/);
    });
  });

  it('validateDnsArgs: a record outside the zone and two A sets of one name', () => {
    assert.deepEqual(
      mod.validateDnsArgs({
        zone: 'prod.example.com',
        project: PROJECT,
        records: [
          { name: 'www.other.org.', type: 'A', values: ['1.2.3.4'] },
          { name: 'api', type: 'A', values: ['1.2.3.4'] },
          { name: 'api', type: 'A', values: ['1.2.3.5'] },
        ],
        labels: {},
      }),
      [
        'records[0].name: "www.other.org." is not inside zone "prod.example.com"; use a name relative to it, like "api".',
        'records[2].name: "api" has type A like records[1]; Cloud DNS keeps one record set per name and type, so list both values in one record.',
      ],
    );
  });
});
