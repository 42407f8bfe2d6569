// DELETE semantics: finalizers hold an object with a deletionTimestamp; once removed, its
// dependents (metadata.ownerReferences naming its uid) are garbage-collected in the background
// cascade, or orphaned on request.
import { clone, isObject, meta, readMeta, strings, text, type Json, type JsonObject } from './json';
import { ownerRefs, timestamp } from './objects';
import type { ResourceType } from './resources';
import { badRequest, conflict, notFound, success } from './status';
import type { ObjectStore } from './store';

type Propagation = 'Background' | 'Foreground' | 'Orphan';

function propagation(options: JsonObject): Propagation {
  const policy = options.propagationPolicy;
  if (policy === 'Background' || policy === 'Foreground' || policy === 'Orphan') return policy;
  if (policy !== undefined && policy !== null) {
    throw badRequest(
      `propagationPolicy ${JSON.stringify(policy)} is not one of Background, Foreground, Orphan`,
    );
  }
  return options.orphanDependents === true ? 'Orphan' : 'Background';
}

export class Deleter {
  /** uids of objects deleted with propagationPolicy Orphan, waiting for their finalizers. */
  private readonly orphaning = new Set<string>();

  constructor(
    private readonly store: ObjectStore,
    private readonly now: () => Date,
  ) {}

  /** DELETE: the object itself while finalizers hold it, else a Success status. */
  delete(res: ResourceType, namespace: string, name: string, body: Json | undefined): JsonObject {
    const current = this.store.get(res, namespace, name);
    if (current === undefined) throw notFound(res, name);
    const options = isObject(body) ? body : {};
    const pre = isObject(options.preconditions) ? options.preconditions : {};
    const m = readMeta(current);
    for (const field of ['uid', 'resourceVersion']) {
      const want = text(pre, field);
      const have = text(m, field);
      if (want !== undefined && want !== have) {
        const label = field === 'uid' ? 'UID' : 'ResourceVersion';
        throw conflict(
          res,
          name,
          `Precondition failed: ${label} in precondition: ${want}, ${label} in object meta: ${have ?? ''}`,
        );
      }
    }
    return this.deleteExisting(res, current, propagation(options));
  }

  /** Removes an object for good: DELETED event, then its dependents. Returns the final state. */
  remove(res: ResourceType, previous: JsonObject, last: JsonObject): JsonObject {
    const gone = this.store.remove(res, last, previous);
    const uid = text(readMeta(gone), 'uid');
    if (uid !== undefined) {
      const orphan = this.orphaning.delete(uid);
      this.collect(uid, orphan);
    }
    return clone(gone);
  }

  private deleteExisting(res: ResourceType, current: JsonObject, policy: Propagation): JsonObject {
    const m = readMeta(current);
    const uid = text(m, 'uid') ?? '';
    if (policy === 'Orphan') this.orphaning.add(uid);
    if (strings(m.finalizers).length > 0) {
      if (m.deletionTimestamp !== undefined) return clone(current);
      const next = clone(current);
      const nm = meta(next);
      nm.deletionTimestamp = timestamp(this.now());
      nm.deletionGracePeriodSeconds = 0;
      if (typeof nm.generation === 'number') nm.generation = nm.generation + 1;
      return clone(this.store.replace(res, next, current));
    }
    this.remove(res, current, current);
    return success(res, text(m, 'name') ?? '', uid);
  }

  /** What the garbage collector does once the owner `ownerUid` is gone: dependents that still
   * have another existing owner lose the dangling reference; the rest are deleted. Synchronous,
   * so a test sees the whole cascade when the DELETE (or the finalizer removal) returns. */
  private collect(ownerUid: string, orphan: boolean): void {
    for (const { res, obj } of this.store.entries()) {
      if (!ownerRefs(obj).some((r) => r.uid === ownerUid)) continue;
      const m = readMeta(obj);
      const current = this.store.get(res, text(m, 'namespace') ?? '', text(m, 'name') ?? '');
      if (current === undefined || text(readMeta(current), 'uid') !== text(m, 'uid')) continue;
      const others = ownerRefs(current).filter((r) => r.uid !== ownerUid);
      const solid = others.some((r) => this.store.findByUid(r.uid) !== undefined);
      if (orphan || solid) {
        const next = clone(current);
        if (others.length > 0) meta(next).ownerReferences = others.map((r) => r.raw);
        else delete meta(next).ownerReferences;
        this.store.replace(res, next, current);
      } else {
        this.deleteExisting(res, current, 'Background');
      }
    }
  }
}
