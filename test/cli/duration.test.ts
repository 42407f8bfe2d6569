import { strict as assert } from 'node:assert';
import { InvalidArgumentError } from 'commander';
import { parseDuration } from '../../src/cli/duration';

describe('cli/duration', () => {
  const valid: [string, number][] = [
    ['90s', 90_000],
    ['10m', 600_000],
    ['1h30m', 5_400_000],
    ['1m30s', 90_000],
    ['500ms', 500],
    ['1s500ms', 1_500],
    ['1.5h', 5_400_000],
    ['0.5s', 500],
    ['0', 0],
    ['0s', 0],
    [' 10m ', 600_000],
    // A tiny duration rounds up: 0 would mean "off".
    ['0.4ms', 1],
  ];
  for (const [text, ms] of valid) {
    it(`reads ${JSON.stringify(text)} as ${String(ms)} ms`, () => {
      assert.equal(parseDuration(text, '--resync-period'), ms);
    });
  }

  const invalid: [string, string][] = [
    ['', 'empty'],
    ['10', 'a number without a unit'],
    ['m', 'a unit without a number'],
    ['1d', 'an unknown unit'],
    ['10m5', 'trailing digits'],
    [' 5s x', 'trailing words'],
    ['-5s', 'a negative duration'],
    ['5 s', 'a space inside'],
    ['10M', 'an upper-case unit'],
  ];
  for (const [text, name] of invalid) {
    it(`refuses ${name} (${JSON.stringify(text)}), naming the flag and the value`, () => {
      assert.throws(
        () => parseDuration(text, '--drift-interval'),
        (err: unknown) => {
          assert.ok(err instanceof InvalidArgumentError);
          assert.equal(
            err.message,
            `--drift-interval "${text}" is not a duration; use a form like "90s", "10m", "1h30m", or "0" to turn it off.`,
          );
          return true;
        },
      );
    });
  }
});
