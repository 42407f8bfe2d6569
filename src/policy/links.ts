// Linking the resources of a stack: which resources an input refers to, by property dependency,
// by value (ids, names, self links) or by dependency, since ids of new resources are unknown in
// preview.
import type { PolicyResource } from '@pulumi/policy/policy';
import { read, UNKNOWN, type Unknown } from './checks';

/**
 * The resources among `candidates` that `r`'s input `property` refers to. Under preview the ids
 * of new resources are unknown, so the property's dependencies (URNs) decide first; then a known
 * value equal to a candidate's `keys` (or ending with `/<key>`, for self links); then `r`'s
 * dependencies of the candidates (outputs without ids, or an unknown value). `UNKNOWN` when the
 * value is unknown and nothing links; [] when the property is unset or refers outside the stack.
 */
export function linked(
  r: PolicyResource,
  property: string,
  candidates: readonly PolicyResource[],
  keys: readonly string[] = ['id'],
): readonly PolicyResource[] | Unknown {
  const urns = new Set(candidates.map((c) => c.urn));
  const byProperty = (r.propertyDependencies[property] ?? []).filter((d) => urns.has(d.urn));
  if (byProperty.length > 0) return byProperty;
  const value = read(r.props, [property]);
  if (value === undefined || value === null || value === '') return [];
  if (typeof value === 'string') {
    const byValue = candidates.filter((c) => keys.some((k) => sameRef(value, read(c.props, [k]))));
    if (byValue.length > 0) return byValue;
  }
  const byDependency = r.dependencies.filter((d) => urns.has(d.urn));
  return byDependency.length > 0 || value !== UNKNOWN ? byDependency : UNKNOWN;
}

/** A reference equals a key: the same text, or one is a self link ending with `/<other>`. */
export function sameRef(ref: string, key: unknown): boolean {
  if (typeof key !== 'string' || key === '') return false;
  return ref === key || ref.endsWith(`/${key}`) || key.endsWith(`/${ref}`);
}

export function ofType(resources: readonly PolicyResource[], ...types: string[]): PolicyResource[] {
  return resources.filter((r) => types.includes(r.type));
}
