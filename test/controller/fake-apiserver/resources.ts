// The resource types the fake API server serves and the rules that differ between them.
import { KINDS } from '../../../src/api/v1alpha1';
import { GROUP, VERSION } from '../../../src/api/v1alpha1/common';

export interface ResourceType {
  /** API group; '' for the core group (served under /api/v1). */
  readonly group: string;
  readonly version: string;
  readonly plural: string;
  readonly kind: string;
  /** A custom resource: apiVersion and kind required in bodies, PUT needs resourceVersion,
   * strategic merge patch refused, generation kept. */
  readonly custom: boolean;
  /** `status` is only written through `/status`. */
  readonly statusSubresource: boolean;
}

function customResource(kind: string, plural: string): ResourceType {
  return { group: GROUP, version: VERSION, plural, kind, custom: true, statusSubresource: true };
}

function builtIn(group: string, version: string, plural: string, kind: string): ResourceType {
  return { group, version, plural, kind, custom: false, statusSubresource: false };
}

export const RESOURCES: readonly ResourceType[] = [
  ...KINDS.map((k) => customResource(k.kind, k.plural)),
  builtIn('', 'v1', 'secrets', 'Secret'),
  builtIn('', 'v1', 'events', 'Event'),
  builtIn('coordination.k8s.io', 'v1', 'leases', 'Lease'),
];

export function apiVersionOf(res: ResourceType): string {
  return res.group === '' ? res.version : `${res.group}/${res.version}`;
}

/** `vitistacks.vitistack.io`, `secrets`: the name the API server uses in messages. */
export function qualifiedResource(res: ResourceType): string {
  return res.group === '' ? res.plural : `${res.plural}.${res.group}`;
}

/** `Vitistack.vitistack.io`, `Secret`: the qualified kind used in Invalid messages. */
export function qualifiedKind(res: ResourceType): string {
  return res.group === '' ? res.kind : `${res.kind}.${res.group}`;
}

export function findResource(
  group: string,
  version: string,
  plural: string,
): ResourceType | undefined {
  return RESOURCES.find((r) => r.group === group && r.version === version && r.plural === plural);
}

/** Finds a resource by `plural` or `group/plural` (`vitistacks`, `vitistack.io/vitistacks`). */
export function resourceByName(name: string): ResourceType | undefined {
  const slash = name.lastIndexOf('/');
  const plural = slash < 0 ? name : name.slice(slash + 1);
  const group = slash < 0 ? undefined : name.slice(0, slash);
  return RESOURCES.find((r) => r.plural === plural && (group === undefined || r.group === group));
}

export function resourceForObject(apiVersion: string, kind: string): ResourceType | undefined {
  return RESOURCES.find((r) => apiVersionOf(r) === apiVersion && r.kind === kind);
}
