// Validates one manifest object against its kind: metadata, spec, status; then normalises it.
import type { KindDefinition, ObjectMeta, RawResource } from './kind';
import { formats, isPlainObject as isRecord, IssueSink, type Issue } from './schema';

const RFC1123 = { label: formats.RFC1123_LABEL, subdomain: formats.RFC1123_SUBDOMAIN };

export type ObjectResult<C> =
  | { readonly ok: true; readonly object: C }
  | { readonly ok: false; readonly issues: readonly Issue[] };

const KNOWN_TOP = ['apiVersion', 'kind', 'metadata', 'spec', 'status'];
const STRING_MAP_FIELDS = ['labels', 'annotations'] as const;

/** Checks metadata the way the API server would and fills the namespace default. */
export function checkMetadata(
  value: unknown,
  sink: IssueSink,
  defaultNamespace: string,
): ObjectMeta | undefined {
  if (!isRecord(value)) {
    if (value === undefined || value === null) {
      sink.missing(['metadata'], 'is required (expected an object with at least a name)');
    } else
      sink.add(['metadata'], 'is not an object (expected an object with at least a name)', value);
    return undefined;
  }
  const before = sink.count;
  const name = value.name;
  if (name === undefined || name === null) {
    sink.missing(['metadata', 'name'], 'is required (expected an RFC 1123 name like "web-01")');
  } else if (typeof name !== 'string' || name.length > 253 || !RFC1123.subdomain.test(name)) {
    sink.add(
      ['metadata', 'name'],
      'is not a valid name (use lowercase letters, digits, "-" and ".", starting and ending with a letter or digit, at most 253 characters)',
      name,
    );
  }
  const ns = value.namespace;
  if (
    ns !== undefined &&
    ns !== null &&
    (typeof ns !== 'string' || !RFC1123.label.test(ns) || ns.length > 63)
  ) {
    sink.add(
      ['metadata', 'namespace'],
      'is not a valid namespace (use an RFC 1123 label like "production")',
      ns,
    );
  }
  for (const field of STRING_MAP_FIELDS) {
    const m = value[field];
    if (m === undefined || m === null) continue;
    if (!isRecord(m)) {
      sink.add(
        ['metadata', field],
        `is not a map (expected ${field} as string keys and values)`,
        m,
      );
      continue;
    }
    for (const [k, v] of Object.entries(m)) {
      if (typeof v !== 'string') {
        sink.add(
          ['metadata', field, k],
          'is not a string (quote it: Kubernetes label and annotation values are strings)',
          v,
        );
      }
    }
  }
  if (sink.count > before) return undefined;
  const str = (k: string): string | undefined =>
    typeof value[k] === 'string' ? value[k] : undefined;
  const meta: ObjectMeta = {
    name: name as string,
    namespace: typeof ns === 'string' ? ns : defaultNamespace,
    labels: (value.labels as Record<string, string> | undefined) ?? {},
    annotations: (value.annotations as Record<string, string> | undefined) ?? {},
    ...(str('uid') !== undefined ? { uid: str('uid') } : {}),
    ...(str('resourceVersion') !== undefined ? { resourceVersion: str('resourceVersion') } : {}),
    ...(typeof value.generation === 'number' ? { generation: value.generation } : {}),
    ...(str('creationTimestamp') !== undefined
      ? { creationTimestamp: str('creationTimestamp') }
      : {}),
    ...(str('deletionTimestamp') !== undefined
      ? { deletionTimestamp: str('deletionTimestamp') }
      : {}),
    ...(Array.isArray(value.finalizers)
      ? { finalizers: value.finalizers.filter((f): f is string => typeof f === 'string') }
      : {}),
  };
  return meta;
}

/**
 * Drops object fields whose value is null, recursively, as the API server prunes them for
 * non-nullable fields: `subnet:` with no value means "not set", everywhere downstream.
 */
export function pruneNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(pruneNulls);
  if (!isRecord(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (v !== null && v !== undefined) out[k] = pruneNulls(v);
  }
  return out;
}

/**
 * Validates a parsed manifest object whose kind is already known. Unknown top-level fields,
 * bad metadata, spec and status problems are all reported; nothing is normalised unless all pass.
 */
export function validateObject<C>(
  def: KindDefinition<string, never, never, C> | KindDefinition,
  input: Record<string, unknown>,
  defaultNamespace = 'default',
): ObjectResult<C> {
  const value = pruneNulls(input) as Record<string, unknown>;
  const sink = new IssueSink();
  for (const key of Object.keys(value)) {
    if (!KNOWN_TOP.includes(key)) {
      sink.missing(
        [key],
        `is not a known top-level field (allowed: apiVersion, kind, metadata, spec, status)`,
      );
    }
  }
  const metadata = checkMetadata(value.metadata, sink, defaultNamespace);
  const spec = value.spec;
  if (spec === undefined || spec === null) {
    sink.missing(['spec'], `is required (expected the ${def.kind} spec object)`);
  } else {
    def.spec.check(spec, ['spec'], sink);
  }
  const status = value.status;
  if (status !== undefined && status !== null) {
    def.status.check(status, ['status'], sink);
  }
  if (sink.count > 0 || metadata === undefined) return { ok: false, issues: sink.issues };
  const raw: RawResource<unknown, unknown> = {
    apiVersion: String(value.apiVersion),
    kind: def.kind,
    metadata,
    spec,
    ...(status !== undefined && status !== null ? { status } : {}),
  };
  const object = (def as KindDefinition<string, never, never, C>).normalise(raw as never);
  return { ok: true, object };
}
