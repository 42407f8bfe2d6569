// Create, update and patch with the API server's rules: server-owned metadata, the status
// subresource, generation, resourceVersion preconditions, no-op writes, finalizers.
import { randomUUID } from 'node:crypto';
import { Deleter } from './deletion';
import { clone, deepEqual, drop, isObject, meta, parseJson, readMeta, strings, text } from './json';
import type { Json, JsonObject } from './json';
import {
  generateName,
  goStrings,
  invalidName,
  normaliseMeta,
  normaliseSecret,
  timestamp,
} from './objects';
import { jsonPatch, mergePatch, PatchError } from './patch';
import { apiVersionOf, type ResourceType } from './resources';
import {
  alreadyExists,
  ApiError,
  badRequest,
  conflict,
  invalid,
  notFound,
  unsupportedMediaType,
} from './status';
import type { ObjectStore } from './store';

export type Subresource = 'status' | undefined;

/** Fields of metadata only the server sets; kept from the stored object on every update. */
const SERVER_META = [
  'name',
  'namespace',
  'uid',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'generation',
  'resourceVersion',
] as const;

const CUSTOM_PATCH_TYPES = [
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/apply-patch+yaml',
];

const CORE_PATCH_TYPES = [...CUSTOM_PATCH_TYPES, 'application/strategic-merge-patch+json'];

/** The object without metadata (and without status when it is a subresource): what
 * `generation` counts changes of. */
function generationContent(res: ResourceType, obj: JsonObject): JsonObject {
  const content = { ...obj };
  drop(content, 'metadata');
  if (res.statusSubresource) drop(content, 'status');
  return content;
}

export class Registry {
  readonly deleter: Deleter;

  constructor(
    private readonly store: ObjectStore,
    private readonly now: () => Date,
  ) {
    this.deleter = new Deleter(store, now);
  }

  create(res: ResourceType, namespace: string, body: Json | undefined): JsonObject {
    const obj = this.checkBody(res, body);
    const m = meta(obj);
    const ns = text(m, 'namespace');
    if (ns !== undefined && ns !== '' && ns !== namespace) {
      throw badRequest(
        'the namespace of the provided object does not match the namespace sent on the request',
      );
    }
    if (text(m, 'resourceVersion')) {
      throw badRequest('resourceVersion should not be set on objects to be created');
    }
    let name = text(m, 'name') ?? '';
    const prefix = text(m, 'generateName');
    if (name === '' && prefix !== undefined && prefix !== '') name = generateName(prefix);
    if (name === '') {
      throw invalid(res, '', [
        {
          reason: 'FieldValueRequired',
          field: 'metadata.name',
          message: 'Required value: name or generateName is required',
        },
      ]);
    }
    const bad = invalidName(name);
    if (bad !== undefined) {
      throw invalid(res, name, [
        { reason: 'FieldValueInvalid', field: 'metadata.name', message: bad },
      ]);
    }
    if (this.store.get(res, namespace, name) !== undefined) throw alreadyExists(res, name);
    for (const key of SERVER_META) drop(m, key);
    Object.assign(m, {
      name,
      namespace,
      uid: randomUUID(),
      creationTimestamp: timestamp(this.now()),
    });
    if (res.custom) m.generation = 1;
    if (res.statusSubresource) delete obj.status;
    if (res.plural === 'secrets') normaliseSecret(obj, true);
    normaliseMeta(obj);
    return clone(this.store.insert(res, obj));
  }

  /** PUT on the object or on its `/status`. */
  update(
    res: ResourceType,
    namespace: string,
    name: string,
    body: Json | undefined,
    sub: Subresource,
  ): JsonObject {
    const obj = this.checkBody(res, body);
    this.checkName(obj, namespace, name);
    const current = this.store.get(res, namespace, name);
    if (current === undefined) throw notFound(res, name);
    const rv = text(readMeta(obj), 'resourceVersion') ?? '';
    if (rv === '' && res.custom) {
      throw invalid(res, name, [
        {
          reason: 'FieldValueInvalid',
          field: 'metadata.resourceVersion',
          message: 'Invalid value: 0x0: must be specified for an update',
        },
      ]);
    }
    if (rv !== '' && rv !== text(readMeta(current), 'resourceVersion')) throw conflict(res, name);
    return this.commit(res, current, obj, sub);
  }

  /** PATCH on the object or on its `/status`, by the request's content type. */
  patch(
    res: ResourceType,
    namespace: string,
    name: string,
    contentType: string,
    rawBody: string,
    sub: Subresource,
  ): JsonObject {
    const type = contentType.split(';')[0]!.trim().toLowerCase();
    const accepted = res.custom ? CUSTOM_PATCH_TYPES : CORE_PATCH_TYPES;
    if (!accepted.includes(type) || type === 'application/apply-patch+yaml') {
      throw unsupportedMediaType(type, accepted);
    }
    const current = this.store.get(res, namespace, name);
    if (current === undefined) throw notFound(res, name);
    let patch: Json | undefined;
    try {
      patch = parseJson(rawBody);
    } catch (err) {
      throw badRequest(`the patch is not valid JSON: ${(err as Error).message}`);
    }
    if (patch === undefined) throw badRequest('the patch body is empty');
    let patched: Json;
    try {
      if (type === 'application/json-patch+json') {
        patched = jsonPatch(current, patch);
      } else {
        if (!isObject(patch)) throw badRequest('a merge patch must be a JSON object');
        patched = mergePatch(current, patch);
      }
    } catch (err) {
      if (!(err instanceof PatchError)) throw err;
      if (err.kind === 'format') throw badRequest(err.message);
      throw new ApiError(422, 'Invalid', err.message);
    }
    if (!isObject(patched))
      throw new ApiError(422, 'Invalid', 'the patched object is not an object');
    this.checkName(patched, namespace, name);
    const rv = text(readMeta(patched), 'resourceVersion') ?? '';
    if (rv !== '' && rv !== text(readMeta(current), 'resourceVersion')) throw conflict(res, name);
    return this.commit(res, current, patched, sub);
  }

  /** Puts an object in without HTTP: status kept, uid/creationTimestamp kept when given. */
  seed(res: ResourceType, obj: JsonObject): JsonObject {
    const copy = clone(obj);
    const m = meta(copy);
    const name = text(m, 'name') ?? '';
    const namespace = text(m, 'namespace') ?? 'default';
    if (name === '') throw new Error('seed: the object needs metadata.name.');
    if (this.store.get(res, namespace, name) !== undefined) throw alreadyExists(res, name);
    copy.apiVersion = apiVersionOf(res);
    copy.kind = res.kind;
    m.namespace = namespace;
    m.uid = text(m, 'uid') ?? randomUUID();
    m.creationTimestamp = text(m, 'creationTimestamp') ?? timestamp(this.now());
    if (res.custom && typeof m.generation !== 'number') m.generation = 1;
    delete m.resourceVersion;
    if (res.plural === 'secrets') normaliseSecret(copy, true);
    normaliseMeta(copy);
    return clone(this.store.insert(res, copy));
  }

  private checkBody(res: ResourceType, body: Json | undefined): JsonObject {
    if (!isObject(body)) throw badRequest('the request body must be a JSON object');
    const obj = clone(body);
    const apiVersion = text(obj, 'apiVersion');
    const kind = text(obj, 'kind');
    if (res.custom && (kind === undefined || apiVersion === undefined)) {
      throw badRequest(`Object 'Kind' or 'apiVersion' is missing in '${JSON.stringify(body)}'`);
    }
    if (apiVersion !== undefined && apiVersion !== apiVersionOf(res)) {
      throw badRequest(
        `the API version in the data (${apiVersion}) does not match the expected API version (${apiVersionOf(res)})`,
      );
    }
    if (kind !== undefined && kind !== res.kind) {
      throw badRequest(
        `the kind in the data (${kind}) does not match the expected kind (${res.kind})`,
      );
    }
    obj.apiVersion = apiVersionOf(res);
    obj.kind = res.kind;
    return obj;
  }

  private checkName(obj: JsonObject, namespace: string, name: string): void {
    const m = readMeta(obj);
    const objName = text(m, 'name') ?? '';
    if (objName !== name) {
      throw badRequest(
        `the name of the object (${objName}) does not match the name on the URL (${name})`,
      );
    }
    const objNs = text(m, 'namespace') ?? '';
    if (objNs !== '' && objNs !== namespace) {
      throw badRequest(
        `the namespace of the object (${objNs}) does not match the namespace on the URL (${namespace})`,
      );
    }
  }

  /** Turns the requested object into the stored one and writes it, unless nothing changed. */
  private commit(res: ResourceType, current: JsonObject, incoming: JsonObject, sub: Subresource) {
    const next = sub === 'status' ? clone(current) : clone(incoming);
    if (sub === 'status') {
      if (Object.hasOwn(incoming, 'status')) next.status = clone(incoming.status) ?? null;
      else delete next.status;
    } else if (res.statusSubresource) {
      if (Object.hasOwn(current, 'status')) next.status = clone(current.status) ?? null;
      else delete next.status;
    }
    const m = meta(next);
    const old = readMeta(current);
    for (const key of SERVER_META) {
      if (Object.hasOwn(old, key)) m[key] = clone(old[key]) ?? null;
      else drop(m, key);
    }
    next.apiVersion = apiVersionOf(res);
    next.kind = res.kind;
    if (res.plural === 'secrets') normaliseSecret(next, false);
    normaliseMeta(next);
    const name = text(old, 'name') ?? '';
    if (old.deletionTimestamp !== undefined) {
      const before = new Set(strings(old.finalizers));
      const added = strings(m.finalizers).filter((f) => !before.has(f));
      if (added.length > 0) {
        const message = `Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers ${goStrings(added)}`;
        throw invalid(res, name, [
          { reason: 'FieldValueForbidden', field: 'metadata.finalizers', message },
        ]);
      }
    }
    if (res.custom && !deepEqual(generationContent(res, next), generationContent(res, current))) {
      m.generation = (typeof old.generation === 'number' ? old.generation : 0) + 1;
    }
    if (deepEqual(next, current)) return clone(current);
    if (m.deletionTimestamp !== undefined && strings(m.finalizers).length === 0) {
      return this.deleter.remove(res, current, next);
    }
    return clone(this.store.replace(res, next, current));
  }
}
