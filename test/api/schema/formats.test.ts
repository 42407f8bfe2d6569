import { strict as assert } from 'node:assert';
import {
  checkCron,
  checkPortRange,
  cidrContains,
  cidrsOverlap,
  parseCidr,
  parseDurationSeconds,
  parseIPv6,
  parseQuantity,
} from '../../../src/api/schema/formats';

describe('formats', () => {
  describe('parseCidr', () => {
    const cases: { text: string; ok: boolean; reason?: string }[] = [
      { text: '10.0.0.0/16', ok: true },
      { text: '0.0.0.0/0', ok: true },
      { text: '10.0.0.0/33', ok: false, reason: 'has a prefix length above 32' },
      { text: '10.0.1.0/16', ok: false, reason: 'has host bits set' },
      { text: '10.0.0/16', ok: false, reason: 'has no valid IP address' },
      { text: '10.0.0.0', ok: false, reason: 'has no prefix length' },
      { text: '256.0.0.0/8', ok: false, reason: 'has no valid IP address' },
      { text: 'fd00::/8', ok: true },
      { text: '::/0', ok: true },
      { text: 'fd00::1/64', ok: false, reason: 'has host bits set' },
      { text: '2001:db8::/129', ok: false, reason: 'has a prefix length above 128' },
    ];
    for (const tc of cases) {
      it(`${tc.text} -> ${tc.ok ? 'valid' : (tc.reason ?? '')}`, () => {
        const r = parseCidr(tc.text);
        assert.equal(r.cidr !== undefined, tc.ok);
        assert.equal(r.reason, tc.reason);
      });
    }
  });

  it('contains and overlaps compare networks, not text', () => {
    const vpc = parseCidr('10.0.0.0/16').cidr!;
    const inside = parseCidr('10.0.3.0/24').cidr!;
    const outside = parseCidr('10.1.0.0/24').cidr!;
    const wide = parseCidr('10.0.0.0/8').cidr!;
    assert.equal(cidrContains(vpc, inside), true);
    assert.equal(cidrContains(vpc, outside), false);
    assert.equal(cidrContains(inside, vpc), false);
    assert.equal(cidrsOverlap(vpc, wide), true);
    assert.equal(cidrsOverlap(inside, outside), false);
  });

  it('parses IPv6 with compression and embedded IPv4', () => {
    assert.deepEqual(parseIPv6('::1'), [0, 0, 0, 0, 0, 0, 0, 1]);
    assert.deepEqual(parseIPv6('64:ff9b::192.0.2.33'), [0x64, 0xff9b, 0, 0, 0, 0, 0xc000, 0x0221]);
    assert.equal(parseIPv6('1::2::3'), undefined);
    assert.equal(parseIPv6('12345::'), undefined);
  });

  it('parses Kubernetes quantities', () => {
    assert.equal(parseQuantity('128Mi'), 128 * 2 ** 20);
    assert.equal(parseQuantity('1Ti'), 2 ** 40);
    assert.equal(parseQuantity('500m'), 0.5);
    assert.equal(parseQuantity('1e3'), 1000);
    assert.equal(parseQuantity('8GB'), undefined);
    assert.equal(parseQuantity('-1Gi'), undefined);
  });

  it('parses durations into seconds', () => {
    assert.equal(parseDurationSeconds('5m'), 300);
    assert.equal(parseDurationSeconds('1h30m'), 5400);
    assert.equal(parseDurationSeconds('90d'), 90 * 86400);
    assert.equal(parseDurationSeconds('5 minutes'), undefined);
  });

  it('checks cron schedules field by field', () => {
    assert.equal(checkCron('0 2 * * *'), undefined);
    assert.equal(checkCron('*/15 0-6 1,15 JAN-MAR MON-FRI'), undefined);
    assert.equal(checkCron('@daily'), undefined);
    assert.equal(checkCron('0 2 * *'), 'has 4 fields, not 5');
    assert.equal(checkCron('0 24 * * *'), 'has hour "24" outside 0-23');
    assert.equal(checkCron('*/0 * * * *'), 'has a zero step in "*/0"');
  });

  it('checks port ranges', () => {
    assert.equal(checkPortRange('30000-32767'), undefined);
    assert.equal(checkPortRange('443-80'), 'has a start port above its end port');
    assert.equal(checkPortRange('0-10'), 'has a port outside 1 to 65535');
    assert.equal(checkPortRange('http'), 'is not a port or port range');
  });
});
