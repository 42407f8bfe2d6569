// JSON values as the fake API server stores them, with the few helpers every part needs.

export type Json = null | boolean | number | string | Json[] | JsonObject;
export interface JsonObject {
  [key: string]: Json;
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A deep copy: nothing the store holds is ever handed out or taken in by reference. */
export function clone<T>(value: T): T {
  return structuredClone(value);
}

/** Structural equality of JSON values; key order does not matter. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  }
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    return keys.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

/** The object's `metadata`, created empty when missing or not an object. */
export function meta(obj: JsonObject): JsonObject {
  const m = obj.metadata;
  if (isObject(m)) return m;
  const fresh: JsonObject = {};
  obj.metadata = fresh;
  return fresh;
}

/** A string field, or undefined when absent or of another type. */
export function text(obj: JsonObject | undefined, key: string): string | undefined {
  const v = obj?.[key];
  return typeof v === 'string' ? v : undefined;
}

/** The strings of a JSON array (other entries dropped); [] when not an array. */
export function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** A `string -> string` map such as `metadata.labels`; {} when absent. */
export function stringMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isObject(value)) return out;
  for (const [k, v] of Object.entries(value)) if (typeof v === 'string') out[k] = v;
  return out;
}

/** Parses a request body; undefined for an empty body. Throws SyntaxError on bad JSON. */
export function parseJson(body: string): Json | undefined {
  return body.trim() === '' ? undefined : (JSON.parse(body) as Json);
}

/** The object's `metadata` without changing the object ({} when missing). */
export function readMeta(obj: JsonObject): JsonObject {
  const m = obj.metadata;
  return isObject(m) ? m : {};
}

/** Removes a key named at run time. */
export function drop(obj: JsonObject, key: string): void {
  Reflect.deleteProperty(obj, key);
}
