// What every resolution step shares: the Vitistack, an index of the objects, the namespaces
// references may point into, and the problems and warnings found so far.
import type { AnyResource, KindName, Vitistack } from '../api/v1alpha1';
import {
  crossNamespaceRefused,
  ModelError,
  objectName,
  providerNotFound,
  type ModelErrorInit,
} from './errors';
import { byKey, keyOf, stackNameOf, type OfKind } from './objects';
import type { ModelWarning, ModelWarningCode, ResolveOptions, SecretInfo } from './stack-model';

/** Where a reference was written: the referring object and the field path in it. */
export interface RefSource {
  /** `Kind namespace/name`. */
  readonly object: string;
  readonly field: string;
}

/** A `{name, namespace?}` reference. */
export interface LooseRef {
  readonly name: string;
  readonly namespace?: string;
}

function isKind<K extends KindName>(o: AnyResource, kind: K): o is OfKind<K> {
  return o.kind === kind;
}

export class Context {
  readonly vitistack: Vitistack;
  /** `Vitistack namespace/name`. */
  readonly subject: string;
  readonly namespace: string;
  readonly name: string;
  readonly stackName: `${string}.${string}`;
  /** The Vitistack's namespace and the allowed ones. */
  readonly allowed: ReadonlySet<string>;
  /** Secrets by `namespace/name`; undefined when the caller does not know them. */
  readonly secrets: ReadonlyMap<string, SecretInfo> | undefined;
  readonly errors: ModelError[] = [];
  readonly warnings: ModelWarning[] = [];
  private readonly index = new Map<string, AnyResource>();
  private readonly byKind = new Map<KindName, AnyResource[]>();

  constructor(vitistack: Vitistack, objects: readonly AnyResource[], options: ResolveOptions) {
    this.vitistack = vitistack;
    this.namespace = vitistack.metadata.namespace;
    this.name = vitistack.metadata.name;
    this.subject = objectName('Vitistack', vitistack.metadata);
    this.stackName = stackNameOf(vitistack);
    this.allowed = new Set([this.namespace, ...(options.allowedNamespaces ?? [])]);
    this.secrets =
      options.secrets === undefined
        ? undefined
        : new Map(options.secrets.map((s) => [`${s.namespace}/${s.name}`, s]));
    for (const o of byKey(objects)) {
      this.index.set(`${o.kind}/${keyOf(o)}`, o);
      const list = this.byKind.get(o.kind);
      if (list === undefined) this.byKind.set(o.kind, [o]);
      else list.push(o);
    }
  }

  /** The object of that kind, namespace and name, if given. */
  find<K extends KindName>(kind: K, namespace: string, name: string): OfKind<K> | undefined {
    const o = this.index.get(`${kind}/${namespace}/${name}`);
    return o !== undefined && isKind(o, kind) ? o : undefined;
  }

  /** Every object of that kind, sorted by `namespace/name`. */
  all<K extends KindName>(kind: K): OfKind<K>[] {
    return (this.byKind.get(kind) ?? []).filter((o): o is OfKind<K> => isKind(o, kind));
  }

  fail(init: ModelErrorInit): void {
    this.errors.push(new ModelError(init));
  }

  warn(code: ModelWarningCode, object: string, message: string): void {
    this.warnings.push({ code, object, message });
  }

  /**
   * Whether a reference may point into `namespace`; records CrossNamespaceRefused when not.
   */
  mayReach(kind: string, name: string, namespace: string, from: RefSource): boolean {
    if (this.allowed.has(namespace)) return true;
    this.errors.push(crossNamespaceRefused(kind, name, namespace, from));
    return false;
  }

  /**
   * Follows a provider reference: refused across namespaces that are not allowed
   * (CrossNamespaceRefused), else the provider, else ProviderNotFound.
   */
  provider<K extends 'MachineProvider' | 'KubernetesProvider'>(
    kind: K,
    ref: LooseRef,
    defaultNamespace: string,
    from: RefSource,
  ): OfKind<K> | undefined {
    const namespace = ref.namespace ?? defaultNamespace;
    if (!this.mayReach(kind, ref.name, namespace, from)) return undefined;
    const found = this.find(kind, namespace, ref.name);
    if (found === undefined) this.errors.push(providerNotFound(kind, ref.name, namespace, from));
    return found;
  }

  /**
   * Follows a reference to an object the stack depends on (NetworkConfiguration,
   * NetworkNamespace): refused across namespaces, DependencyNotReady when missing.
   */
  dependency<K extends 'NetworkConfiguration' | 'NetworkNamespace'>(
    kind: K,
    ref: LooseRef,
    defaultNamespace: string,
    from: RefSource,
  ): OfKind<K> | undefined {
    const namespace = ref.namespace ?? defaultNamespace;
    if (!this.mayReach(kind, ref.name, namespace, from)) return undefined;
    const found = this.find(kind, namespace, ref.name);
    if (found === undefined) {
      this.fail({
        reason: 'DependencyNotReady',
        object: from.object,
        field: from.field,
        message: `${kind} '${ref.name}' in namespace '${namespace}' (referenced by ${from.object} ${from.field}) does not exist yet`,
      });
    }
    return found;
  }
}
