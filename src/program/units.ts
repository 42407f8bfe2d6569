// Unit conversions between manifest values and what cloud APIs take.
import { formats } from '../api/schema';

const GIB = 2 ** 30;

/** Whole GiB of a quantity ("20Gi" -> 20, "1Ti" -> 1024), rounded up; undefined when absent. */
export function gibOf(quantity: string | undefined): number | undefined {
  if (quantity === undefined) return undefined;
  const bytes = formats.parseQuantity(quantity);
  return bytes === undefined ? undefined : Math.max(1, Math.ceil(bytes / GIB));
}

/** Whole days of a duration ("90d" -> 90, "36h" -> 2), rounded up; undefined when absent. */
export function daysOf(duration: string | undefined): number | undefined {
  if (duration === undefined) return undefined;
  const seconds = formats.parseDurationSeconds(duration);
  return seconds === undefined ? undefined : Math.max(1, Math.ceil(seconds / 86400));
}

/** `Kind/namespace/name` from a model key `namespace/name`. */
export function kindKey(kind: string, key: string): string {
  return `${kind}/${key}`;
}
