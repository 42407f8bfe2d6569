// Which Vitistacks an event concerns. Every reconcile records the members it resolved (providers,
// Machines, clusters, network objects, Secrets); an event on a member enqueues its Vitistacks.
// Objects not (yet) members are matched by reference: a provider by the Vitistacks that name it,
// a Machine by its provider's Vitistacks; kinds with looser ties (clusters, network objects) by
// every Vitistack of their namespace. Vitistacks whose last reconcile could not resolve (a
// provider or Secret missing) are enqueued on any change in the namespaces they can see, so
// they recover the moment what they wait for appears.
import type { AnyResource, Vitistack } from '../api/v1alpha1';
import { keyOf, parseRaw, type CachedKind, type ObjectCache, type RawObject } from './cache';

/** `Kind/namespace/name`. */
export const memberKey = (kind: string, namespace: string, name: string): string =>
  `${kind}/${namespace}/${name}`;

export class OwnerIndex {
  private readonly owners = new Map<string, Set<string>>();
  private readonly members = new Map<string, readonly string[]>();
  /** Vitistacks waiting for an object to appear, with the namespaces they may reference. */
  private readonly waiting = new Map<string, readonly string[]>();
  /** Provider keys each Vitistack's spec names, and the reverse. */
  private readonly references = new Map<string, readonly string[]>();
  private readonly referencedBy = new Map<string, Set<string>>();

  /** Replaces the providers (`Kind/namespace/name`) the spec of `vitistack` names. */
  setReferences(vitistack: string, providerKeys: readonly string[]): void {
    for (const k of this.references.get(vitistack) ?? []) {
      const set = this.referencedBy.get(k);
      set?.delete(vitistack);
      if (set?.size === 0) this.referencedBy.delete(k);
    }
    if (providerKeys.length === 0) {
      this.references.delete(vitistack);
      return;
    }
    this.references.set(vitistack, providerKeys);
    for (const k of providerKeys) {
      let set = this.referencedBy.get(k);
      if (set === undefined) {
        set = new Set();
        this.referencedBy.set(k, set);
      }
      set.add(vitistack);
    }
  }

  /** Vitistacks whose spec names the provider `Kind/namespace/name`. */
  namedBy(providerKey: string): readonly string[] {
    return [...(this.referencedBy.get(providerKey) ?? [])];
  }

  /** Replaces what `vitistack` (`namespace/name`) was last resolved to. */
  record(vitistack: string, memberKeys: readonly string[]): void {
    this.unlink(vitistack);
    this.members.set(vitistack, memberKeys);
    for (const m of memberKeys) {
      let set = this.owners.get(m);
      if (set === undefined) {
        set = new Set();
        this.owners.set(m, set);
      }
      set.add(vitistack);
    }
    this.waiting.delete(vitistack);
  }

  /** `vitistack` could not resolve; it waits for anything in `namespaces`. */
  markWaiting(vitistack: string, namespaces: readonly string[]): void {
    this.waiting.set(vitistack, namespaces);
  }

  forget(vitistack: string): void {
    this.unlink(vitistack);
    this.members.delete(vitistack);
    this.waiting.delete(vitistack);
  }

  private unlink(vitistack: string): void {
    for (const m of this.members.get(vitistack) ?? []) {
      const set = this.owners.get(m);
      set?.delete(vitistack);
      if (set?.size === 0) this.owners.delete(m);
    }
  }

  /** What `vitistack` was last resolved to (empty before it first resolved). */
  membersOf(vitistack: string): readonly string[] {
    return this.members.get(vitistack) ?? [];
  }

  ownersOf(key: string): readonly string[] {
    return [...(this.owners.get(key) ?? [])];
  }

  waitingOn(namespace: string): string[] {
    const out: string[] = [];
    for (const [v, namespaces] of this.waiting) if (namespaces.includes(namespace)) out.push(v);
    return out;
  }
}

function vitistacksIn(cache: ObjectCache, namespace: string): Vitistack[] {
  const out: Vitistack[] = [];
  for (const raw of cache.list('Vitistack', [namespace])) {
    const p = cache.parsed('Vitistack', keyOf(raw.metadata));
    if (p?.ok === true && p.object.kind === 'Vitistack') out.push(p.object);
  }
  return out;
}

const vkey = (v: Vitistack): string => `${v.metadata.namespace}/${v.metadata.name}`;

/**
 * The Vitistacks (`namespace/name`) an event on `raw` concerns. `previous` is the object the
 * event replaced, whose references count too (a Machine moved to another provider leaves one
 * stack and joins another).
 */
export function affectedVitistacks(
  kind: CachedKind,
  raw: RawObject,
  previous: RawObject | undefined,
  cache: ObjectCache,
  index: OwnerIndex,
): string[] {
  const namespace = raw.metadata.namespace ?? '';
  const name = raw.metadata.name;
  if (kind === 'Vitistack') return [`${namespace}/${name}`];
  const out = new Set<string>([
    ...index.ownersOf(memberKey(kind, namespace, name)),
    ...index.waitingOn(namespace),
  ]);
  if (kind === 'Secret') return [...out];
  if (kind === 'MachineProvider' || kind === 'KubernetesProvider') {
    for (const v of index.namedBy(memberKey(kind, namespace, name))) out.add(v);
    return [...out];
  }
  if (kind === 'Machine') {
    for (const obj of [raw, previous]) {
      const ref = obj === undefined ? undefined : providerRefOf(obj, cache);
      if (ref === undefined) {
        // Unparseable: any Vitistack of the namespace may be concerned.
        if (obj !== undefined) for (const v of vitistacksIn(cache, namespace)) out.add(vkey(v));
        continue;
      }
      const providerKey = memberKey('MachineProvider', ref.namespace, ref.name);
      for (const v of index.ownersOf(providerKey)) out.add(v);
      for (const v of index.namedBy(providerKey)) out.add(v);
    }
    return [...out];
  }
  for (const v of vitistacksIn(cache, namespace)) out.add(vkey(v));
  return [...out];
}

function providerRefOf(
  raw: RawObject,
  cache: ObjectCache,
): { namespace: string; name: string } | undefined {
  const cached = cache.parsed('Machine', keyOf(raw.metadata));
  // The cache holds the newest object; for the previous one, parse what the event carried.
  const p =
    cached?.ok === true && cached.object.metadata.resourceVersion === raw.metadata.resourceVersion
      ? cached
      : parseRaw(raw);
  const object: AnyResource | undefined = p.ok ? p.object : undefined;
  const machine = object?.kind === 'Machine' ? object : undefined;
  const ref = machine?.spec.providerRef;
  if (machine === undefined || ref === undefined) return undefined;
  return { namespace: ref.namespace ?? machine.metadata.namespace, name: ref.name };
}
