// The inputs hash: one sha256 over everything that feeds a stack, so the controller can skip a
// reconcile whose inputs have not changed (STYLE 13). It covers
//   - the Vitistack: namespace, name, labels, the `vitistack.io/*` annotations except the
//     operational ones (OPERATIONAL_ANNOTATIONS), and its canonical spec;
//   - every member object: kind, namespace, name, labels and canonical spec;
//   - every referenced Secret: namespace, name and resourceVersion (never its values).
// It leaves out status, managedFields, uid, resourceVersion and generation of the objects,
// creationTimestamp and any other annotation. Objects and Secrets are sorted first, so their
// order does not matter; object keys are sorted at every level (canonical JSON).
import { createHash } from 'node:crypto';
import type { AnyResource, Vitistack } from '../api/v1alpha1';
import { ANNOTATION_PREFIX, OPERATIONAL_ANNOTATIONS } from './defaults';
import { compareText } from './objects';

/** Bumped when what the hash covers changes, so old hashes never match new ones. */
export const INPUTS_HASH_VERSION = 2;

/** A referenced Secret as the hash sees it. */
export interface SecretVersion {
  readonly namespace: string;
  readonly name: string;
  readonly resourceVersion?: string;
}

/** What the hash is computed over. */
export interface HashInputs {
  readonly vitistack: Vitistack;
  /** Providers, Machines, KubernetesClusters and other objects of the stack, in any order. */
  readonly members: readonly AnyResource[];
  /** Referenced Secrets, in any order. */
  readonly secrets: readonly SecretVersion[];
}

/**
 * JSON with object keys sorted at every level and undefined fields dropped (as JSON.stringify
 * drops them); arrays keep their order. Non-finite numbers become null, as in JSON.
 */
export function canonicalJson(value: unknown): string {
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol') {
    return 'null';
  }
  if (typeof value === 'bigint') return value.toString();
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) {
    return `[${value.map((v: unknown) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined && typeof v !== 'function')
    .sort(([a], [b]) => compareText(a, b));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

function hashedAnnotations(annotations: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(annotations)) {
    if (k.startsWith(ANNOTATION_PREFIX) && !OPERATIONAL_ANNOTATIONS.includes(k)) out[k] = v;
  }
  return out;
}

function member(o: AnyResource): Record<string, unknown> {
  return {
    kind: o.kind,
    namespace: o.metadata.namespace,
    name: o.metadata.name,
    labels: o.metadata.labels,
    spec: o.spec,
  };
}

/** sha256 (hex) of the canonical JSON of the inputs. */
export function inputsHash(inputs: HashInputs): string {
  const v = inputs.vitistack;
  const members = inputs.members
    .map((o) => ({ id: `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`, o }))
    .sort((a, b) => compareText(a.id, b.id))
    .map(({ o }) => member(o));
  const secrets = inputs.secrets
    .map((s) => ({
      namespace: s.namespace,
      name: s.name,
      resourceVersion: s.resourceVersion ?? null,
    }))
    .sort((a, b) => compareText(`${a.namespace}/${a.name}`, `${b.namespace}/${b.name}`));
  const payload = {
    version: INPUTS_HASH_VERSION,
    vitistack: {
      namespace: v.metadata.namespace,
      name: v.metadata.name,
      labels: v.metadata.labels,
      annotations: hashedAnnotations(v.metadata.annotations),
      spec: v.spec,
    },
    members,
    secrets,
  };
  return createHash('sha256').update(canonicalJson(payload)).digest('hex');
}
