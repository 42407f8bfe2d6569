// Small helpers shared by the AWS components: tags, validation messages, CIDRs and retention.
import { formatValue, listAllowed } from '../../api/schema/issues';
import * as formats from '../../api/schema/formats';

export { listAllowed };

/** The tags of one resource: the caller's tags plus a `Name` tag (ours wins: each resource gets its own). */
export function mergeTags(
  tags: Readonly<Record<string, string>> | undefined,
  name: string,
  extra?: Readonly<Record<string, string>>,
): Record<string, string> {
  return { ...tags, ...extra, Name: name };
}

/** `vpc.subnets[1].cidr: "10.1.0.0/24" is not inside ...` (the style of the API layer's messages). */
export function problem(path: string, value: unknown, reason: string): string {
  return `${path}: ${formatValue(value)} ${reason}`;
}

/** `vpc.subnets[1].availabilityZone: is missing ...`, for a field that has no value. */
export function missing(path: string, reason: string): string {
  return `${path}: ${reason}`;
}

/** Throws one Error listing every problem, before the component makes any resource. */
export function assertValid(kind: string, name: string, problems: readonly string[]): void {
  if (problems.length === 0) return;
  throw new Error(
    `${kind} "${name}" has invalid arguments:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
  );
}

const TAG_KEY_MAX = 128;
const TAG_VALUE_MAX = 256;

/** AWS tag rules: keys up to 128 characters, values up to 256, and no reserved `aws:` prefix. */
export function validateTags(
  tags: Readonly<Record<string, string>> | undefined,
  path = 'tags',
): string[] {
  const out: string[] = [];
  for (const [key, value] of Object.entries(tags ?? {})) {
    const at = `${path}[${JSON.stringify(key)}]`;
    if (key.length === 0 || key.length > TAG_KEY_MAX) {
      out.push(
        problem(at, key, `is not a valid tag key (1 to ${TAG_KEY_MAX} characters); shorten it.`),
      );
    } else if (key.toLowerCase().startsWith('aws:')) {
      out.push(problem(at, key, 'uses the prefix "aws:", which AWS reserves; choose another key.'));
    }
    if (value.length > TAG_VALUE_MAX) {
      out.push(
        missing(
          at,
          `has a value longer than ${TAG_VALUE_MAX} characters, the AWS limit; shorten it.`,
        ),
      );
    }
  }
  return out;
}

/** A parsed CIDR block, or the reason it is not one. */
export function parseCidr(text: string): { cidr?: formats.Cidr; reason?: string } {
  return formats.parseCidr(text);
}

export const cidrContains = formats.cidrContains;
export const cidrsOverlap = formats.cidrsOverlap;

/** Checks `value` is a whole number in [min, max]; returns a problem or undefined. */
export function checkInt(
  path: string,
  value: number | undefined,
  min: number,
  max: number,
  hint: string,
): string | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < min || value > max) {
    return problem(path, value, `is not a whole number from ${min} to ${max}; ${hint}.`);
  }
  return undefined;
}

/** The retention periods CloudWatch Logs accepts, in days. */
export const CLOUDWATCH_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288,
  3653,
] as const;

/**
 * The shortest CloudWatch Logs retention that keeps logs at least `days` days: rounds up to the
 * next allowed value (8 -> 14, 91 -> 120), because rounding down would drop logs too early.
 * Throws a RangeError for a value that is not positive or above the longest retention (3653).
 */
export function cloudWatchRetentionDays(days: number): number {
  const max = CLOUDWATCH_RETENTION_DAYS[CLOUDWATCH_RETENTION_DAYS.length - 1] ?? 3653;
  if (!Number.isFinite(days) || days <= 0) {
    throw new RangeError(`retentionDays: ${days} is not above zero; give the days to keep logs.`);
  }
  const found = CLOUDWATCH_RETENTION_DAYS.find((d) => d >= days);
  if (found === undefined) {
    throw new RangeError(
      `retentionDays: ${days} is above ${max}, the longest retention CloudWatch Logs allows; use at most ${max}.`,
    );
  }
  return found;
}

/** Problems with a retention in days (a positive whole number, at most `max`). */
export function validateRetentionDays(
  value: number,
  max: number,
  path = 'retentionDays',
): string[] {
  if (!Number.isInteger(value) || value < 1) {
    return [problem(path, value, 'is not a whole number of days above zero; use a value like 90.')];
  }
  if (value > max) {
    return [
      problem(path, value, `is above ${max} days, the longest allowed here; use at most ${max}.`),
    ];
  }
  return [];
}

/** A token safe inside a Pulumi resource name: `*.apps` -> `star.apps`, `@` -> `apex`. */
export function slug(text: string): string {
  if (text === '@' || text === '') return 'apex';
  return text
    .toLowerCase()
    .replace(/\*/g, 'star')
    .replace(/[^a-z0-9._-]+/g, '-');
}
