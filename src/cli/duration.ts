// Durations on the command line, as Kubernetes tools write them: `90s`, `10m`, `1h30m`, `500ms`,
// or `0` (off). Errors name the flag and show a valid form.
import { InvalidArgumentError } from 'commander';

const UNITS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Milliseconds of a duration; throws InvalidArgumentError (commander prints it). */
export function parseDuration(value: string, flag: string): number {
  const text = value.trim();
  if (text === '0') return 0;
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/gy;
  let total = 0;
  let matched = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    total += Number(m[1]) * (UNITS[m[2] ?? ''] ?? 0);
    matched = re.lastIndex;
  }
  if (text === '' || matched !== text.length) {
    throw new InvalidArgumentError(
      `${flag} "${value}" is not a duration; use a form like "90s", "10m", "1h30m", or "0" to turn it off.`,
    );
  }
  // Rounded up: a tiny non-zero duration must not become 0, which means "off".
  return Math.ceil(total);
}
