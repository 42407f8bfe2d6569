// Helpers for the shape of stored objects: timestamps, generated names, metadata the server
// normalises, and Secret `stringData`.
import { randomInt } from 'node:crypto';
import { drop, isObject, meta, readMeta, stringMap, text, type JsonObject } from './json';

/** RFC 3339 with whole seconds, as metav1.Time serialises. */
export function timestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const NAME_CHARS = 'bcdfghjklmnpqrstvwxz2456789';

/** `generateName` + five random characters, as the API server's name generator. */
export function generateName(prefix: string): string {
  let suffix = '';
  for (let i = 0; i < 5; i++) suffix += NAME_CHARS[randomInt(NAME_CHARS.length)]!;
  return prefix + suffix;
}

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** The message the API server gives for a name that is not a DNS subdomain, or undefined. */
export function invalidName(name: string): string | undefined {
  if (name.length <= 253 && DNS_SUBDOMAIN.test(name)) return undefined;
  return (
    `Invalid value: "${name}": a lowercase RFC 1123 subdomain must consist of lower case ` +
    `alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character`
  );
}

/** Empty lists and maps in metadata are dropped, as omitempty does on the real server, so
 * `finalizers: []` and no finalizers are the same object. */
export function normaliseMeta(obj: JsonObject): void {
  const m = meta(obj);
  for (const key of ['finalizers', 'ownerReferences', 'labels', 'annotations']) {
    const v = m[key];
    if (v === null || (Array.isArray(v) && v.length === 0)) drop(m, key);
    else if (isObject(v) && Object.keys(v).length === 0) drop(m, key);
  }
}

/** Folds Secret `stringData` into base64 `data`, as the API server does on every write. */
export function normaliseSecret(obj: JsonObject, isCreate: boolean): void {
  const stringData = stringMap(obj.stringData);
  if (Object.keys(stringData).length > 0) {
    const data: JsonObject = isObject(obj.data) ? obj.data : {};
    for (const [k, v] of Object.entries(stringData)) data[k] = Buffer.from(v).toString('base64');
    obj.data = data;
  }
  delete obj.stringData;
  if (isCreate && text(obj, 'type') === undefined) obj.type = 'Opaque';
}

export interface OwnerRef {
  readonly uid: string;
  readonly raw: JsonObject;
}

export function ownerRefs(obj: JsonObject): OwnerRef[] {
  const refs = readMeta(obj).ownerReferences;
  if (!Array.isArray(refs)) return [];
  return refs.filter(isObject).map((raw) => ({ uid: text(raw, 'uid') ?? '', raw }));
}

/** `[]string{"a", "b"}`: how Go prints the finalizers in the real message. */
export function goStrings(values: readonly string[]): string {
  return `[]string{${values.map((v) => JSON.stringify(v)).join(', ')}}`;
}
