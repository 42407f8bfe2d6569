// From parsed YAML documents to validated, normalised objects, or to every error with its place.
import { closest, formatIssue, formatPath, listAllowed, type Issue } from './schema';
import type { ObjectMeta } from './kind';
import { validateObject } from './validate-object';
import { API_VERSION, GROUP, VERSION } from './v1alpha1/common';
import { findKind, KIND_NAMES, type AnyResource } from './v1alpha1';
import type { SourceDocument, YamlSyntaxError } from './yaml-source';

/** Where a document came from. */
export interface SourceRef {
  readonly file: string;
  readonly line: number;
}

/** An error placed in a file: `file:line path: value reason`. */
export interface LocatedIssue extends SourceRef {
  /** Field path, e.g. `spec.networking.vpcs[0].cidr`; empty for document-level problems. */
  readonly path: string;
  /** The full message after the location. */
  readonly message: string;
  readonly kind?: string;
  readonly name?: string;
}

export interface LoadedObject {
  readonly source: SourceRef;
  readonly object: AnyResource;
}

/** A core/v1 Secret found among the manifests: its name and keys, never its values here. */
export interface SecretManifest {
  readonly source: SourceRef;
  readonly metadata: ObjectMeta;
  /** Decoded values by key (data is base64, stringData plain). Kept out of every message. */
  readonly values: Readonly<Record<string, string>>;
}

export interface SkippedDocument {
  readonly source: SourceRef;
  readonly apiVersion: string;
  readonly kind: string;
  readonly reason: string;
}

export interface LoadResult {
  readonly objects: LoadedObject[];
  readonly secrets: SecretManifest[];
  readonly skipped: SkippedDocument[];
  readonly errors: LocatedIssue[];
}

export function formatLocated(issue: LocatedIssue): string {
  return `${issue.file}:${issue.line} ${issue.message}`;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function decodeSecret(doc: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  const data = doc.data;
  if (isRecord(data)) {
    for (const [k, v] of Object.entries(data)) {
      if (typeof v === 'string') out[k] = Buffer.from(v, 'base64').toString('utf8');
    }
  }
  const stringData = doc.stringData;
  if (isRecord(stringData)) {
    for (const [k, v] of Object.entries(stringData)) {
      if (typeof v === 'string') out[k] = v;
    }
  }
  return out;
}

/**
 * Validates every document. Errors never stop the walk: all of them are reported. Objects are
 * returned only when their own document is valid; callers decide whether any error is fatal.
 */
export function loadDocuments(
  documents: readonly SourceDocument[],
  syntaxErrors: readonly YamlSyntaxError[] = [],
  defaultNamespace = 'default',
): LoadResult {
  const result: LoadResult = { objects: [], secrets: [], skipped: [], errors: [] };
  for (const e of syntaxErrors) {
    result.errors.push({
      file: e.file,
      line: e.line,
      path: '',
      message: `invalid YAML: ${e.message}`,
    });
  }
  const seen = new Map<string, SourceRef>();
  for (const doc of documents) {
    const source: SourceRef = { file: doc.file, line: doc.line };
    const place = (issue: Issue, kind?: string, name?: string): LocatedIssue => ({
      file: doc.file,
      line: doc.lineOf(issue.path),
      path: issue.path.length === 0 ? '' : formatPath(issue.path),
      message: formatIssue(issue),
      ...(kind !== undefined ? { kind } : {}),
      ...(name !== undefined ? { name } : {}),
    });
    const fail = (path: (string | number)[], reason: string, value?: unknown): void => {
      const issue: Issue =
        value === undefined
          ? { path, reason, hasValue: false }
          : { path, reason, value, hasValue: true };
      result.errors.push(place(issue));
    };
    const value = doc.value;
    if (!isRecord(value)) {
      fail(
        [],
        'is not a Kubernetes object (expected a mapping with apiVersion, kind, metadata and spec)',
      );
      continue;
    }
    const apiVersion = value.apiVersion;
    const kind = value.kind;
    if (typeof apiVersion !== 'string' || typeof kind !== 'string') {
      if (typeof apiVersion !== 'string') {
        fail(['apiVersion'], `is required (expected "${API_VERSION}" for Vitistack kinds)`);
      }
      if (typeof kind !== 'string') {
        fail(['kind'], `is required (expected one of ${listAllowed(KIND_NAMES)})`);
      }
      continue;
    }
    if (apiVersion === 'v1' && kind === 'Secret') {
      const meta = isRecord(value.metadata) ? value.metadata : {};
      const name = typeof meta.name === 'string' ? meta.name : '';
      result.secrets.push({
        source,
        metadata: {
          name,
          namespace: typeof meta.namespace === 'string' ? meta.namespace : defaultNamespace,
          labels: {},
          annotations: {},
        },
        values: decodeSecret(value),
      });
      continue;
    }
    const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
    if (group !== GROUP) {
      result.skipped.push({ source, apiVersion, kind, reason: `not a ${GROUP} object` });
      continue;
    }
    if (version !== VERSION) {
      fail(['apiVersion'], `is not a served version (supported: "${API_VERSION}")`, apiVersion);
      continue;
    }
    const def = findKind(kind);
    if (!def) {
      const guess = closest(kind, KIND_NAMES);
      const hint = guess !== undefined ? `; did you mean "${guess}"?` : '';
      fail(['kind'], `is not a ${GROUP} kind (allowed: ${listAllowed(KIND_NAMES)})${hint}`, kind);
      continue;
    }
    const checked = validateObject(def, value, defaultNamespace);
    const name = isRecord(value.metadata) ? String(value.metadata.name) : undefined;
    if (!checked.ok) {
      for (const issue of checked.issues) result.errors.push(place(issue, def.kind, name));
      continue;
    }
    const object = checked.object as AnyResource;
    const key = `${object.kind}/${object.metadata.namespace}/${object.metadata.name}`;
    const first = seen.get(key);
    if (first) {
      fail(
        ['metadata', 'name'],
        `is already used by another ${object.kind} in namespace "${object.metadata.namespace}" at ${first.file}:${first.line} (names must be unique per kind and namespace)`,
        object.metadata.name,
      );
      continue;
    }
    seen.set(key, source);
    result.objects.push({ source, object });
  }
  return result;
}
