// What a kind is made of: its schemas (spec, status), CRD presentation and the normaliser that
// turns any documented shape into the one canonical type later code uses.
import type { Infer, Schema } from './schema';

export interface ObjectMeta {
  readonly name: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly uid?: string;
  readonly resourceVersion?: string;
  readonly generation?: number;
  readonly creationTimestamp?: string;
  readonly deletionTimestamp?: string;
  readonly finalizers?: readonly string[];
}

export interface PrinterColumn {
  readonly name: string;
  readonly type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  readonly jsonPath: string;
  readonly description: string;
  /** 0 = shown by `kubectl get`; 1 = only with `-o wide`. */
  readonly priority?: number;
}

/** A validated raw object: metadata resolved, spec and status as written. */
export interface RawResource<Spec, Status> {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: ObjectMeta;
  readonly spec: Spec;
  readonly status?: Status;
}

/** The canonical form every kind normalises to. */
export interface Resource<K extends string, Spec, Status> {
  readonly kind: K;
  readonly metadata: ObjectMeta;
  readonly spec: Spec;
  readonly status?: Status;
}

export interface KindDefinition<
  K extends string = string,
  SpecS extends Schema<unknown> = Schema<unknown>,
  StatusS extends Schema<unknown> = Schema<unknown>,
  Canonical = unknown,
> {
  readonly kind: K;
  readonly plural: string;
  readonly singular: string;
  readonly shortNames: readonly string[];
  /** One paragraph for `kubectl explain`. */
  readonly description: string;
  readonly spec: SpecS;
  readonly status: StatusS;
  readonly printerColumns: readonly PrinterColumn[];
  /** Turns a validated object (any documented shape) into the canonical type. */
  normalise(raw: RawResource<Infer<SpecS>, Infer<StatusS>>): Canonical;
}

/** Keeps the literal types of a kind definition while checking its shape. */
export function defineKind<
  K extends string,
  SpecS extends Schema<unknown>,
  StatusS extends Schema<unknown>,
  Canonical,
>(def: KindDefinition<K, SpecS, StatusS, Canonical>): KindDefinition<K, SpecS, StatusS, Canonical> {
  return def;
}
