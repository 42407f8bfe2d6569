// JSON merge patch (RFC 7386) and JSON patch (RFC 6902), applied to copies.
import { clone, deepEqual, drop, isObject, type Json, type JsonObject } from './json';

/** Why a patch failed: `format` is a malformed patch (400), `apply` one that does not fit the
 * object, such as a failed `test` or a missing path (422, as the API server answers). */
export class PatchError extends Error {
  constructor(
    readonly kind: 'format' | 'apply',
    message: string,
  ) {
    super(message);
    this.name = 'PatchError';
  }
}

/** RFC 7386: objects merge key by key, `null` removes a key, anything else replaces. */
export function mergePatch(target: Json | undefined, patch: Json): Json {
  if (!isObject(patch)) return clone(patch);
  const result: JsonObject = isObject(target) ? clone(target) : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) drop(result, key);
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}

type Container = JsonObject | Json[];

interface Operation {
  readonly op: string;
  readonly path: string;
  readonly from?: string;
  readonly value?: Json;
  readonly hasValue: boolean;
}

function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new PatchError('format', `invalid JSON pointer "${pointer}"`);
  return pointer
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function parseOperations(patch: Json): Operation[] {
  if (!Array.isArray(patch)) {
    throw new PatchError('format', 'a JSON patch must be an array of operations');
  }
  return patch.map((entry, i) => {
    if (!isObject(entry) || typeof entry.op !== 'string' || typeof entry.path !== 'string') {
      throw new PatchError('format', `operation ${i} needs string "op" and "path" fields`);
    }
    const from = typeof entry.from === 'string' ? entry.from : undefined;
    const op: Operation = {
      op: entry.op,
      path: entry.path,
      hasValue: Object.hasOwn(entry, 'value'),
      ...(from === undefined ? {} : { from }),
      ...(entry.value === undefined ? {} : { value: entry.value }),
    };
    if (['add', 'replace', 'test'].includes(op.op) && !op.hasValue) {
      throw new PatchError('format', `operation ${i} (${op.op}) needs a "value"`);
    }
    if (['move', 'copy'].includes(op.op) && op.from === undefined) {
      throw new PatchError('format', `operation ${i} (${op.op}) needs a "from"`);
    }
    if (!['add', 'remove', 'replace', 'test', 'move', 'copy'].includes(op.op)) {
      throw new PatchError('format', `operation ${i} has unknown op "${op.op}"`);
    }
    return op;
  });
}

function arrayIndex(arr: Json[], token: string, path: string, forAdd: boolean): number {
  if (forAdd && token === '-') return arr.length;
  if (!/^(0|[1-9][0-9]*)$/.test(token)) {
    throw new PatchError('apply', `invalid array index "${token}" in "${path}"`);
  }
  const index = Number(token);
  if (index > arr.length || (!forAdd && index === arr.length)) {
    throw new PatchError('apply', `array index ${index} out of bounds in "${path}"`);
  }
  return index;
}

/** Finds the container the last token of `path` refers into. */
function parentOf(doc: Json, tokens: readonly string[], path: string): Container {
  let node: Json = doc;
  for (const token of tokens.slice(0, -1)) {
    let next: Json | undefined;
    if (Array.isArray(node)) next = node[arrayIndex(node, token, path, false)];
    else if (isObject(node)) next = node[token];
    if (next === undefined || next === null || typeof next !== 'object') {
      throw new PatchError('apply', `path "${path}" does not exist`);
    }
    node = next;
  }
  if (node === null || typeof node !== 'object') {
    throw new PatchError('apply', `path "${path}" does not exist`);
  }
  return node;
}

function get(doc: Json, path: string): Json {
  const tokens = parsePointer(path);
  if (tokens.length === 0) return doc;
  const parent = parentOf(doc, tokens, path);
  const last = tokens[tokens.length - 1]!;
  const value = Array.isArray(parent)
    ? parent[arrayIndex(parent, last, path, false)]
    : Object.hasOwn(parent, last)
      ? parent[last]
      : undefined;
  if (value === undefined) throw new PatchError('apply', `path "${path}" does not exist`);
  return value;
}

/** Returns the new document (the root may be replaced). */
function add(doc: Json, path: string, value: Json): Json {
  const tokens = parsePointer(path);
  if (tokens.length === 0) return value;
  const parent = parentOf(doc, tokens, path);
  const last = tokens[tokens.length - 1]!;
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, last, path, true), 0, value);
  else parent[last] = value;
  return doc;
}

function remove(doc: Json, path: string): Json {
  const tokens = parsePointer(path);
  if (tokens.length === 0) throw new PatchError('apply', 'cannot remove the whole document');
  get(doc, path);
  const parent = parentOf(doc, tokens, path);
  const last = tokens[tokens.length - 1]!;
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, last, path, false), 1);
  else drop(parent, last);
  return doc;
}

/** RFC 6902 on a copy of `target`; throws PatchError. */
export function jsonPatch(target: Json, patch: Json): Json {
  let doc = clone(target);
  for (const op of parseOperations(patch)) {
    const value = op.value ?? null;
    switch (op.op) {
      case 'add':
        doc = add(doc, op.path, clone(value));
        break;
      case 'remove':
        doc = remove(doc, op.path);
        break;
      case 'replace':
        doc = op.path === '' ? clone(value) : add(remove(doc, op.path), op.path, clone(value));
        break;
      case 'test':
        if (!deepEqual(get(doc, op.path), value)) {
          throw new PatchError('apply', `testing value ${op.path} failed`);
        }
        break;
      case 'move': {
        const from = op.from!;
        if (op.path.startsWith(`${from}/`)) {
          throw new PatchError('apply', `cannot move "${from}" into its own child "${op.path}"`);
        }
        const moved = get(doc, from);
        doc = add(remove(doc, from), op.path, moved);
        break;
      }
      case 'copy':
        doc = add(doc, op.path, clone(get(doc, op.from!)));
        break;
    }
  }
  return doc;
}
