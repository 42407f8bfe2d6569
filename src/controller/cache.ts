// What the controller knows of the cluster: the objects its watches delivered, by kind and
// `namespace/name`, as the API server sent them. Each vitistack.io object is validated and
// normalised once per resourceVersion (status left out: the controller writes it, users do not);
// Secrets keep their decoded values here and nowhere else.
import type { KindDefinition } from '../api/kind';
import { formatIssue } from '../api/schema';
import { findKind, type AnyResource } from '../api/v1alpha1';
import { validateObject } from '../api/validate-object';
import type { SecretInfo } from '../model';

/** An object as the API server sends it; only the fields the controller reads are typed. */
export interface RawObject {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly metadata: RawMetadata;
  readonly spec?: unknown;
  readonly status?: unknown;
  /** Secrets: base64 values by key. */
  readonly data?: Readonly<Record<string, string>>;
  readonly type?: string;
}

export interface RawMetadata {
  readonly name: string;
  readonly namespace?: string;
  readonly uid?: string;
  readonly resourceVersion?: string;
  readonly generation?: number;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly finalizers?: readonly string[];
  readonly deletionTimestamp?: string | Date;
  readonly ownerReferences?: readonly unknown[];
}

/** `Secret` plus the vitistack.io kind names. */
export type CachedKind = AnyResource['kind'] | 'Secret';

export type Parsed =
  | { readonly ok: true; readonly object: AnyResource }
  | { readonly ok: false; readonly errors: readonly string[] };

interface Entry {
  readonly raw: RawObject;
  parsed?: Parsed;
}

export const keyOf = (meta: { namespace?: string; name: string }): string =>
  `${meta.namespace ?? ''}/${meta.name}`;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Turns a watch payload into a RawObject, or undefined when it has no name. */
export function asRawObject(value: unknown): RawObject | undefined {
  if (!isRecord(value) || !isRecord(value.metadata)) return undefined;
  if (typeof value.metadata.name !== 'string') return undefined;
  return value as unknown as RawObject;
}

export class ObjectCache {
  /** Kind -> namespace -> `namespace/name` -> entry: a reconcile reads only its namespaces. */
  private readonly byKind = new Map<CachedKind, Map<string, Map<string, Entry>>>();

  private namespaceTable(kind: CachedKind, namespace: string): Map<string, Entry> {
    let kindTable = this.byKind.get(kind);
    if (kindTable === undefined) {
      kindTable = new Map();
      this.byKind.set(kind, kindTable);
    }
    let t = kindTable.get(namespace);
    if (t === undefined) {
      t = new Map();
      kindTable.set(namespace, t);
    }
    return t;
  }

  private entry(kind: CachedKind, key: string): Entry | undefined {
    const namespace = key.slice(0, key.indexOf('/'));
    return this.byKind.get(kind)?.get(namespace)?.get(key);
  }

  /** Stores the object; returns the one it replaced. */
  upsert(kind: CachedKind, raw: RawObject): RawObject | undefined {
    const t = this.namespaceTable(kind, raw.metadata.namespace ?? '');
    const key = keyOf(raw.metadata);
    const old = t.get(key);
    t.set(key, { raw });
    return old?.raw;
  }

  /**
   * Stores an object the controller itself just wrote, unless the watch already delivered a
   * newer one. resourceVersions are opaque to clients, but the API server's are increasing
   * integers (etcd revisions); when either is not, the written object is stored.
   */
  upsertWritten(kind: CachedKind, raw: RawObject): void {
    const current = this.get(kind, keyOf(raw.metadata))?.metadata.resourceVersion;
    const written = raw.metadata.resourceVersion;
    if (current !== undefined && written !== undefined && /^\d+$/.test(current + written)) {
      if (BigInt(current) >= BigInt(written)) return;
    }
    this.upsert(kind, raw);
  }

  delete(kind: CachedKind, raw: RawObject): void {
    this.byKind
      .get(kind)
      ?.get(raw.metadata.namespace ?? '')
      ?.delete(keyOf(raw.metadata));
  }

  get(kind: CachedKind, key: string): RawObject | undefined {
    return this.entry(kind, key)?.raw;
  }

  private *entries(kind: CachedKind, namespaces?: readonly string[]): Generator<Entry> {
    const kindTable = this.byKind.get(kind);
    if (kindTable === undefined) return;
    const tables =
      namespaces === undefined
        ? [...kindTable.values()]
        : namespaces.flatMap((ns) => {
            const t = kindTable.get(ns);
            return t === undefined ? [] : [t];
          });
    for (const t of tables) yield* t.values();
  }

  /** Objects of a kind, all or in the given namespaces. */
  list(kind: CachedKind, namespaces?: readonly string[]): RawObject[] {
    return [...this.entries(kind, namespaces)].map((e) => e.raw);
  }

  count(kind: CachedKind): number {
    let n = 0;
    for (const t of this.byKind.get(kind)?.values() ?? []) n += t.size;
    return n;
  }

  /** The validated, canonical object (memoised until the object changes). */
  parsed(kind: AnyResource['kind'], key: string): Parsed | undefined {
    const entry = this.entry(kind, key);
    if (entry === undefined) return undefined;
    entry.parsed ??= parseRaw(entry.raw);
    return entry.parsed;
  }

  /** Every valid vitistack.io object in the namespaces, and the problems of the invalid ones. */
  objectsIn(namespaces: readonly string[]): {
    objects: AnyResource[];
    invalid: { kind: string; key: string; errors: readonly string[] }[];
  } {
    const objects: AnyResource[] = [];
    const invalid: { kind: string; key: string; errors: readonly string[] }[] = [];
    for (const kind of this.byKind.keys()) {
      if (kind === 'Secret') continue;
      for (const entry of this.entries(kind, namespaces)) {
        entry.parsed ??= parseRaw(entry.raw);
        if (entry.parsed.ok) objects.push(entry.parsed.object);
        else invalid.push({ kind, key: keyOf(entry.raw.metadata), errors: entry.parsed.errors });
      }
    }
    return { objects, invalid };
  }

  /** Names, keys and resourceVersions of the Secrets in the namespaces (never values). */
  secretInfos(namespaces: readonly string[]): SecretInfo[] {
    return this.list('Secret', namespaces).map((s) => ({
      namespace: s.metadata.namespace ?? '',
      name: s.metadata.name,
      ...(s.metadata.resourceVersion !== undefined
        ? { resourceVersion: s.metadata.resourceVersion }
        : {}),
      keys: Object.keys(s.data ?? {}).sort(),
    }));
  }

  /** Decoded values of one Secret. */
  secretValues(key: string): Record<string, string> | undefined {
    const s = this.get('Secret', key);
    if (s === undefined) return undefined;
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(s.data ?? {})) {
      out[k] = Buffer.from(v, 'base64').toString('utf8');
    }
    return out;
  }
}

/** Validates and normalises an object as the CLI does, with its status left out. */
export function parseRaw(raw: RawObject): Parsed {
  const def: KindDefinition | undefined = findKind(raw.kind ?? '');
  if (def === undefined) return { ok: false, errors: [`kind: unknown kind ${String(raw.kind)}`] };
  const { status: _status, ...rest } = raw;
  const metadata = {
    ...raw.metadata,
    ...(raw.metadata.deletionTimestamp instanceof Date
      ? { deletionTimestamp: raw.metadata.deletionTimestamp.toISOString() }
      : {}),
  };
  // The API server adds managedFields, ownerReferences and selfLink; the manifest schema does
  // not know them.
  const {
    managedFields: _m,
    ownerReferences: _o,
    selfLink: _s,
    ...meta
  } = metadata as typeof metadata & Record<string, unknown>;
  const input = { ...rest, metadata: meta } as unknown as Record<string, unknown>;
  const r = validateObject(def, input, raw.metadata.namespace ?? 'default');
  if (r.ok) return { ok: true, object: r.object as AnyResource };
  return { ok: false, errors: r.issues.map(formatIssue) };
}
