import { strict as assert } from 'node:assert';
import {
  CLOUDWATCH_RETENTION_DAYS,
  cloudWatchRetentionDays,
  mergeTags,
  slug,
  validateTags,
} from '../../../src/components/aws/util';

describe('aws util', () => {
  describe('cloudWatchRetentionDays', () => {
    const cases: [number, number][] = [
      [1, 1],
      [2, 3],
      [7, 7],
      [8, 14],
      [30, 30],
      [31, 60],
      [90, 90],
      [91, 120],
      [366, 400],
      [730, 731],
      [3000, 3288],
      [3653, 3653],
      [0.5, 1],
    ];
    for (const [days, expected] of cases) {
      it(`${days} days -> ${expected}`, () => {
        assert.equal(cloudWatchRetentionDays(days), expected);
      });
    }

    it('returns only values CloudWatch accepts, never less than asked', () => {
      for (let d = 1; d <= 3653; d++) {
        const r = cloudWatchRetentionDays(d);
        assert.ok(
          (CLOUDWATCH_RETENTION_DAYS as readonly number[]).includes(r) && r >= d,
          String(d),
        );
      }
    });

    it('refuses zero and more than 3653 days', () => {
      assert.throws(() => cloudWatchRetentionDays(0), {
        name: 'RangeError',
        message: 'retentionDays: 0 is not above zero; give the days to keep logs.',
      });
      assert.throws(() => cloudWatchRetentionDays(3654), {
        message:
          'retentionDays: 3654 is above 3653, the longest retention CloudWatch Logs allows; use at most 3653.',
      });
    });
  });

  describe('tags', () => {
    it('adds a Name tag that wins over the caller', () => {
      assert.deepEqual(mergeTags({ Name: 'x', env: 'prod' }, 'net-igw', { role: 'a' }), {
        Name: 'net-igw',
        env: 'prod',
        role: 'a',
      });
    });

    it('refuses reserved and oversized keys and values', () => {
      assert.deepEqual(
        validateTags({ 'aws:x': '1', ['k'.repeat(129)]: '2', ok: 'v'.repeat(257) }),
        [
          'tags["aws:x"]: "aws:x" uses the prefix "aws:", which AWS reserves; choose another key.',
          `tags["${'k'.repeat(129)}"]: "${'k'.repeat(60)}..." is not a valid tag key (1 to 128 characters); shorten it.`,
          'tags["ok"]: has a value longer than 256 characters, the AWS limit; shorten it.',
        ],
      );
    });
  });

  it('slugs record names for resource names', () => {
    assert.deepEqual(['@', '*.apps', 'API', 'a b'].map(slug), ['apex', 'star.apps', 'api', 'a-b']);
  });
});
