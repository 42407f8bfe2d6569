// Small helpers over canonical objects: keys, sorting, dropping undefined fields, tags.
import type { AnyResource, KindName, Vitistack } from '../api/v1alpha1';
import { LABELS, MANAGED_BY, STANDARD_LABELS } from './defaults';

/** The canonical object of one kind. */
export type OfKind<K extends KindName> = Extract<AnyResource, { kind: K }>;

/** `namespace/name` of an object. */
export function keyOf(o: { readonly metadata: { namespace: string; name: string } }): string {
  return `${o.metadata.namespace}/${o.metadata.name}`;
}

/** Sorts by `namespace/name` (code-unit order, so the same on every machine). */
export function byKey<T extends { readonly metadata: { namespace: string; name: string } }>(
  items: readonly T[],
): T[] {
  return [...items].sort((a, b) => compareText(keyOf(a), keyOf(b)));
}

/** Plain code-unit comparison, independent of the locale. */
export function compareText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/** Drops keys whose value is undefined, so the model holds only what is known. */
export function compact<T extends object>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = v;
  return out as T;
}

/** Quotes and joins names for messages: `"a", "b"`. */
export function quoteList(items: readonly string[]): string {
  return items.map((i) => `"${i}"`).join(', ');
}

/** The standard labels of spec 000 found in `labels`. */
export function standardLabels(labels: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of STANDARD_LABELS) {
    const value = labels[key];
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/** `<namespace>.<name>` of a Vitistack. */
export function stackNameOf(v: Vitistack): `${string}.${string}` {
  return `${v.metadata.namespace}.${v.metadata.name}`;
}

/**
 * Merges tag layers, later ones winning, then sets `vitistack.io/stack` and
 * `vitistack.io/managed-by` so no layer can change them.
 */
export function mergeTags(
  stackName: string,
  ...layers: readonly Readonly<Record<string, string>>[]
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const layer of layers) Object.assign(out, layer);
  out[LABELS.stack] = stackName;
  out[LABELS.managedBy] = MANAGED_BY;
  return out;
}
