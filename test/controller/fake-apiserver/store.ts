// The object store: one global resourceVersion counter (as etcd's revision), the objects, and
// a bounded history of changes that watches replay from.
import { clone, meta, readMeta, text, type JsonObject } from './json';
import type { ResourceType } from './resources';

export type ChangeType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface Change {
  /** The resourceVersion this change was written at. */
  readonly rv: number;
  readonly type: ChangeType;
  readonly resource: ResourceType;
  /** The object after the change; for DELETED, its last state stamped with the deletion's rv. */
  readonly object: JsonObject;
  /** The object before the change (MODIFIED, DELETED), for selector transitions. */
  readonly previous?: JsonObject;
}

export type ChangeListener = (change: Change) => void;

function keyOf(res: ResourceType, namespace: string, name: string): string {
  return `${res.group}/${res.plural}/${namespace}/${name}`;
}

export class ObjectStore {
  private counter = 0;
  private readonly objects = new Map<string, { res: ResourceType; obj: JsonObject }>();
  private history: Change[] = [];
  /** Every change with rv > historyStart is still in `history`. */
  private start = 0;
  private readonly listeners = new Set<ChangeListener>();

  constructor(private readonly historyLimit: number) {}

  /** The latest resourceVersion handed out (what a list reports). */
  get resourceVersion(): number {
    return this.counter;
  }

  /** The oldest resourceVersion a watch can still start from. */
  get historyStart(): number {
    return this.start;
  }

  /** The stored object itself (callers copy before handing it out). */
  get(res: ResourceType, namespace: string, name: string): JsonObject | undefined {
    return this.objects.get(keyOf(res, namespace, name))?.obj;
  }

  /** Objects of one resource, in one namespace or all, ordered by namespace then name. */
  list(res: ResourceType, namespace?: string): JsonObject[] {
    const out: { key: string; obj: JsonObject }[] = [];
    for (const [key, entry] of this.objects) {
      if (entry.res !== res) continue;
      if (namespace !== undefined && text(readMeta(entry.obj), 'namespace') !== namespace) continue;
      out.push({ key, obj: entry.obj });
    }
    return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).map((e) => e.obj);
  }

  /** Every stored object with its resource type, for the garbage collector. */
  entries(): { res: ResourceType; obj: JsonObject }[] {
    return [...this.objects.values()];
  }

  findByUid(uid: string): { res: ResourceType; obj: JsonObject } | undefined {
    return [...this.objects.values()].find((e) => text(readMeta(e.obj), 'uid') === uid);
  }

  /** Stores a new object at a new resourceVersion; returns the stored copy. */
  insert(res: ResourceType, obj: JsonObject): JsonObject {
    const stored = this.stamp(obj);
    this.objects.set(this.key(res, stored), { res, obj: stored });
    this.record({ rv: this.counter, type: 'ADDED', resource: res, object: stored });
    return stored;
  }

  /** Replaces an existing object at a new resourceVersion; returns the stored copy. */
  replace(res: ResourceType, obj: JsonObject, previous: JsonObject): JsonObject {
    const stored = this.stamp(obj);
    this.objects.set(this.key(res, stored), { res, obj: stored });
    this.record({ rv: this.counter, type: 'MODIFIED', resource: res, object: stored, previous });
    return stored;
  }

  /** Removes an object; `last` is its final state, stamped with the deletion's resourceVersion. */
  remove(res: ResourceType, last: JsonObject, previous: JsonObject): JsonObject {
    const stamped = this.stamp(last);
    this.objects.delete(this.key(res, stamped));
    this.record({ rv: this.counter, type: 'DELETED', resource: res, object: stamped, previous });
    return stamped;
  }

  /** Changes after `rv`, or undefined when they are no longer all retained (410 Gone). */
  changesSince(rv: number): Change[] | undefined {
    if (rv < this.start) return undefined;
    return this.history.filter((c) => c.rv > rv);
  }

  /** Drops the history and expires every resourceVersion handed out so far. The counter moves
   * on by one so that a fresh list returns a resourceVersion a watch can start from. */
  compact(): void {
    this.counter++;
    this.start = this.counter;
    this.history = [];
  }

  subscribe(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private key(res: ResourceType, obj: JsonObject): string {
    const m = readMeta(obj);
    return keyOf(res, text(m, 'namespace') ?? '', text(m, 'name') ?? '');
  }

  private stamp(obj: JsonObject): JsonObject {
    const stored = clone(obj);
    this.counter++;
    meta(stored).resourceVersion = String(this.counter);
    return stored;
  }

  private record(change: Change): void {
    this.history.push(change);
    if (this.history.length > this.historyLimit) {
      const dropped = this.history.splice(0, this.history.length - this.historyLimit);
      this.start = dropped[dropped.length - 1]!.rv;
    }
    for (const listener of [...this.listeners]) listener(change);
  }
}
