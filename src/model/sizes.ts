// Quantity helpers: Kubernetes quantities to numbers (bytes, cores) and back for messages.
import { formats } from '../api/schema';

const BINARY_UNITS: readonly (readonly [string, number])[] = [
  ['Ei', 2 ** 60],
  ['Pi', 2 ** 50],
  ['Ti', 2 ** 40],
  ['Gi', 2 ** 30],
  ['Mi', 2 ** 20],
  ['Ki', 2 ** 10],
];

/** Bytes of a quantity ("8Gi", "500M"); undefined when absent or not a quantity. */
export function bytesOf(quantity: string | undefined): number | undefined {
  return quantity === undefined ? undefined : formats.parseQuantity(quantity);
}

/** Cores of a CPU quantity (4, "4", "500m" = 0.5); undefined when absent or not a quantity. */
export function coresOf(quantity: string | number | undefined): number | undefined {
  if (quantity === undefined) return undefined;
  return typeof quantity === 'number' ? quantity : formats.parseQuantity(quantity);
}

/** Gibibytes (a 004 `defaultMemoryGB`) as bytes. */
export function gibibytes(gib: number): number {
  return gib * 2 ** 30;
}

/**
 * A byte count in the largest binary unit that leaves at least 1, with at most two decimals:
 * `formatBytes(260 * 2 ** 30)` is "260Gi", `formatBytes(1.5 * 2 ** 40)` is "1.5Ti".
 */
export function formatBytes(bytes: number): string {
  for (const [unit, factor] of BINARY_UNITS) {
    if (bytes >= factor) return `${round(bytes / factor, 2)}${unit}`;
  }
  return String(round(bytes, 0));
}

/** CPU cores for messages: whole numbers as is, fractions with at most three decimals. */
export function formatCores(cores: number): string {
  return String(round(cores, 3));
}

function round(value: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}
