// A small schema language: each schema is written once and gives the TypeScript type
// (`Infer<typeof x>`), the runtime validator (with field paths, values and what is allowed) and
// the CRD's structural openAPIV3Schema (with descriptions for `kubectl explain`).
//
// Why not zod: CRD schemas must be structural (one type per node, unions only as value checks),
// and every message must name the path, the value and the fix. Both are easier to guarantee in
// ~500 lines we own than through a converter and an error-map.
import { IssueSink, listAllowed, type Path } from './issues';

/** The subset of apiextensions.k8s.io/v1 JSONSchemaProps that we emit. */
export interface JSONSchemaProps {
  type?: 'string' | 'integer' | 'number' | 'boolean' | 'object' | 'array';
  description?: string;
  properties?: Record<string, JSONSchemaProps>;
  required?: string[];
  items?: JSONSchemaProps;
  additionalProperties?: JSONSchemaProps;
  enum?: (string | number)[];
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
}

/** Reports a cross-field problem relative to the object being refined. */
export interface Reporter {
  add(relPath: Path, reason: string, value?: unknown): void;
  missing(relPath: Path, reason: string): void;
}

export abstract class Schema<T> {
  /** Phantom: the TypeScript type this schema describes. */
  declare readonly _type: T;
  readonly isRequired: boolean = false;
  /** Values of this field are never shown in messages. */
  sensitive = false;

  constructor(readonly description: string) {}

  /** What a valid value looks like, for messages: `an integer from 1 to 4094`. */
  abstract expected(): string;
  /** Checks a present (non-null) value, adding issues to the sink. */
  abstract check(value: unknown, path: Path, sink: IssueSink): void;
  abstract openapi(): JSONSchemaProps;

  /** The field must be present. */
  req(): this & { readonly isRequired: true } {
    // A clone of whichever subclass this is (their constructors differ), marked required.
    const copy = Object.create(Object.getPrototypeOf(this) as object) as this;
    Object.assign(copy, this, { isRequired: true });
    // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment
    return copy as this & { readonly isRequired: true };
  }

  /** The value may hold a secret or private script: messages show `<redacted>`. */
  secret(): this {
    this.sensitive = true;
    return this;
  }

  protected base(): JSONSchemaProps {
    return { description: this.description };
  }
}

export type AnySchema = Schema<unknown>;
export type Infer<S> = S extends Schema<infer T> ? T : never;

/** A JSON object: not null, not a list. */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return 'a string';
  if (typeof v === 'number') return Number.isInteger(v) ? 'an integer' : 'a number';
  if (typeof v === 'boolean') return 'a boolean';
  return typeof v;
}

// ---------------------------------------------------------------- strings

export interface StringOptions {
  readonly minLength?: number;
  readonly maxLength?: number;
  /** Runtime check; returns the reason (without the value) or undefined when valid. */
  readonly check?: (value: string) => string | undefined;
  /** RE2-compatible pattern for the CRD (the API server checks it too). */
  readonly crdPattern?: string;
  readonly crdFormat?: string;
  /** Shown in messages: `a CIDR block like "10.0.0.0/16"`. */
  readonly expected?: string;
}

export class StringSchema extends Schema<string> {
  constructor(
    description: string,
    readonly opts: StringOptions = {},
  ) {
    super(description);
  }
  expected(): string {
    return this.opts.expected ?? 'a string';
  }
  check(value: unknown, path: Path, sink: IssueSink): void {
    if (typeof value !== 'string') {
      sink.add(
        path,
        `is ${typeName(value)}, not a string (expected ${this.expected()})`,
        value,
        this.sensitive,
      );
      return;
    }
    const { minLength, maxLength } = this.opts;
    if (minLength !== undefined && value.length < minLength) {
      sink.add(
        path,
        minLength === 1
          ? `is empty (expected ${this.expected()})`
          : `is shorter than ${minLength} characters (expected ${this.expected()})`,
        value,
        this.sensitive,
      );
      return;
    }
    if (maxLength !== undefined && value.length > maxLength) {
      sink.add(path, `is longer than ${maxLength} characters`, value, this.sensitive);
      return;
    }
    const reason = this.opts.check?.(value);
    if (reason !== undefined) sink.add(path, reason, value, this.sensitive);
  }
  openapi(): JSONSchemaProps {
    const out: JSONSchemaProps = { type: 'string', ...this.base() };
    if (this.opts.minLength !== undefined) out.minLength = this.opts.minLength;
    if (this.opts.maxLength !== undefined) out.maxLength = this.opts.maxLength;
    if (this.opts.crdPattern !== undefined) out.pattern = this.opts.crdPattern;
    if (this.opts.crdFormat !== undefined) out.format = this.opts.crdFormat;
    return out;
  }
}

export class EnumSchema<V extends string> extends Schema<V> {
  constructor(
    description: string,
    readonly values: readonly V[],
  ) {
    super(description);
  }
  expected(): string {
    return `one of ${listAllowed(this.values)}`;
  }
  check(value: unknown, path: Path, sink: IssueSink): void {
    if (typeof value === 'string' && (this.values as readonly string[]).includes(value)) return;
    const hint =
      typeof value === 'string'
        ? this.values.find((v) => v.toLowerCase() === value.toLowerCase())
        : undefined;
    const suffix = hint === undefined ? '' : `; did you mean "${hint}"?`;
    sink.add(
      path,
      `is not one of the allowed values (allowed: ${listAllowed(this.values)})${suffix}`,
      value,
      this.sensitive,
    );
  }
  openapi(): JSONSchemaProps {
    return { type: 'string', ...this.base(), enum: [...this.values] };
  }
}

// ---------------------------------------------------------------- numbers and booleans

export interface NumberOptions {
  readonly min?: number;
  readonly max?: number;
}

function rangeText(min?: number, max?: number): string {
  if (min !== undefined && max !== undefined) return `from ${min} to ${max}`;
  if (min !== undefined) return `of at least ${min}`;
  if (max !== undefined) return `of at most ${max}`;
  return '';
}

export class IntegerSchema extends Schema<number> {
  constructor(
    description: string,
    readonly opts: NumberOptions = {},
    private readonly integer = true,
  ) {
    super(description);
  }
  expected(): string {
    const noun = this.integer ? 'an integer' : 'a number';
    const range = rangeText(this.opts.min, this.opts.max);
    return range === '' ? noun : `${noun} ${range}`;
  }
  check(value: unknown, path: Path, sink: IssueSink): void {
    const ok = typeof value === 'number' && Number.isFinite(value);
    if (!ok || (this.integer && !Number.isInteger(value))) {
      const what = this.integer ? 'an integer' : 'a number';
      sink.add(path, `is not ${what} (expected ${this.expected()})`, value, this.sensitive);
      return;
    }
    const { min, max } = this.opts;
    if ((min !== undefined && value < min) || (max !== undefined && value > max)) {
      sink.add(path, `is out of range (expected ${this.expected()})`, value, this.sensitive);
    }
  }
  openapi(): JSONSchemaProps {
    const out: JSONSchemaProps = { type: this.integer ? 'integer' : 'number', ...this.base() };
    if (this.opts.min !== undefined) out.minimum = this.opts.min;
    if (this.opts.max !== undefined) out.maximum = this.opts.max;
    return out;
  }
}

export class BooleanSchema extends Schema<boolean> {
  expected(): string {
    return 'true or false';
  }
  check(value: unknown, path: Path, sink: IssueSink): void {
    if (typeof value !== 'boolean') {
      sink.add(
        path,
        `is not a boolean (expected true or false, without quotes)`,
        value,
        this.sensitive,
      );
    }
  }
  openapi(): JSONSchemaProps {
    return { type: 'boolean', ...this.base() };
  }
}

// ---------------------------------------------------------------- objects

export type Props = Record<string, AnySchema>;
type RequiredKeys<P> = {
  [K in keyof P]: P[K] extends { readonly isRequired: true } ? K : never;
}[keyof P];
type Simplify<T> = { [K in keyof T]: T[K] } & {};
export type ObjectOf<P extends Props> = Simplify<
  { readonly [K in RequiredKeys<P>]: Infer<P[K]> } & {
    readonly [K in Exclude<keyof P, RequiredKeys<P>>]?: Infer<P[K]>;
  }
>;

/** Optimal string alignment distance (edits and adjacent transpositions), case-insensitive. */
function editDistance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  const d: number[][] = Array.from({ length: x.length + 1 }, (_, i) =>
    Array.from({ length: y.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number): number => d[i]?.[j] ?? 0;
  for (let i = 1; i <= x.length; i++) {
    const row = d[i] ?? [];
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      let v = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) {
        v = Math.min(v, at(i - 2, j - 2) + 1);
      }
      row[j] = v;
    }
  }
  return at(x.length, y.length);
}

/** The closest known name to a misspelt one, if it is close enough to be a likely typo. */
export function closest(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestScore = Infinity;
  for (const k of known) {
    const d = editDistance(name, k);
    if (d < bestScore) {
      bestScore = d;
      best = k;
    }
  }
  return bestScore <= Math.max(2, Math.floor(name.length / 3)) && bestScore < name.length
    ? best
    : undefined;
}

export class ObjectSchema<P extends Props> extends Schema<ObjectOf<P>> {
  private readonly refinements: ((value: ObjectOf<P>, r: Reporter) => void)[] = [];

  constructor(
    description: string,
    readonly props: P,
  ) {
    super(description);
  }

  /**
   * Adds a cross-field check; it runs only when every field of this object is valid. Objects
   * validated through `validateObject` arrive without null fields (see `pruneNulls`), so a check
   * needs to handle only absent (undefined) fields.
   */
  refine(fn: (value: ObjectOf<P>, r: Reporter) => void): this {
    this.refinements.push(fn);
    return this;
  }

  expected(): string {
    const required = Object.entries(this.props)
      .filter(([, schema]) => schema.isRequired)
      .map(([key]) => key);
    if (required.length === 0) return 'an object';
    return `an object with ${required.length === 1 ? 'field' : 'fields'} ${required.join(', ')}`;
  }

  check(value: unknown, path: Path, sink: IssueSink): void {
    if (!isPlainObject(value)) {
      const fields = Object.keys(this.props);
      const hint =
        fields.length <= 8
          ? `an object with fields ${listAllowed(fields)}`
          : 'an object with named fields';
      sink.add(
        path,
        `is ${typeName(value)}, not an object (expected ${hint})`,
        value,
        this.sensitive,
      );
      return;
    }
    const before = sink.count;
    const known = Object.keys(this.props);
    for (const key of Object.keys(value)) {
      if (!(key in this.props)) {
        const guess = closest(key, known);
        const hint = guess !== undefined ? `; did you mean "${guess}"?` : '';
        sink.missing(
          [...path, key],
          `is not a known field (allowed here: ${listAllowed([...known].sort())})${hint}`,
        );
      }
    }
    for (const [key, schema] of Object.entries(this.props)) {
      const v = value[key];
      if (v === undefined || v === null) {
        if (schema.isRequired) {
          sink.missing([...path, key], `is required (expected ${schema.expected()})`);
        }
        continue;
      }
      schema.check(v, [...path, key], sink);
    }
    if (sink.count === before && this.refinements.length > 0) {
      const reporter: Reporter = {
        add: (rel, reason, ...rest: unknown[]) => {
          if (rest.length > 0) sink.add([...path, ...rel], reason, rest[0]);
          else sink.missing([...path, ...rel], reason);
        },
        missing: (rel, reason) => {
          sink.missing([...path, ...rel], reason);
        },
      };
      for (const fn of this.refinements) fn(value as ObjectOf<P>, reporter);
    }
  }

  openapi(): JSONSchemaProps {
    const properties: Record<string, JSONSchemaProps> = {};
    const required: string[] = [];
    for (const [key, schema] of Object.entries(this.props)) {
      properties[key] = schema.openapi();
      if (schema.isRequired) required.push(key);
    }
    const out: JSONSchemaProps = { type: 'object', ...this.base(), properties };
    if (required.length > 0) out.required = required;
    return out;
  }
}

// ---------------------------------------------------------------- lists and maps

export interface ArrayOptions {
  readonly minItems?: number;
  readonly maxItems?: number;
  /** A field of each item whose values must be unique within the list (e.g. `name`). */
  readonly uniqueBy?: string;
  /** The items themselves must be unique (for lists of strings or numbers). */
  readonly unique?: boolean;
}

export class ArraySchema<I> extends Schema<readonly I[]> {
  constructor(
    description: string,
    readonly item: Schema<I>,
    readonly opts: ArrayOptions = {},
  ) {
    super(description);
  }
  expected(): string {
    const each = this.item.expected();
    if (each === 'a string') return 'a list of strings';
    if (each.startsWith('an object')) return 'a list of objects';
    return `a list of items, each ${each}`;
  }
  check(value: unknown, path: Path, sink: IssueSink): void {
    if (!Array.isArray(value)) {
      sink.add(
        path,
        `is ${typeName(value)}, not a list (expected ${this.expected()})`,
        value,
        this.sensitive,
      );
      return;
    }
    const { minItems, maxItems, uniqueBy, unique } = this.opts;
    if (minItems !== undefined && value.length < minItems) {
      sink.add(
        path,
        `has ${value.length} items (expected at least ${minItems})`,
        value,
        this.sensitive,
      );
    }
    if (maxItems !== undefined && value.length > maxItems) {
      sink.add(
        path,
        `has ${value.length} items (expected at most ${maxItems})`,
        value,
        this.sensitive,
      );
    }
    const seen = new Map<string, number>();
    value.forEach((item: unknown, i) => {
      if (item === null || item === undefined) {
        sink.add([...path, i], `is an empty list item (expected ${this.item.expected()})`, item);
        return;
      }
      this.item.check(item, [...path, i], sink);
      let key: unknown;
      let keyPath: Path = [...path, i];
      if (uniqueBy !== undefined && isPlainObject(item)) {
        key = item[uniqueBy];
        keyPath = [...path, i, uniqueBy];
      } else if (unique === true) {
        key = item;
      }
      if (typeof key === 'string' || typeof key === 'number') {
        const first = seen.get(String(key));
        if (first !== undefined) {
          const what = uniqueBy ?? 'value';
          sink.add(
            keyPath,
            `is a duplicate of item ${first} (each ${what} in this list must be unique)`,
            key,
          );
        } else {
          seen.set(String(key), i);
        }
      }
    });
  }
  openapi(): JSONSchemaProps {
    const out: JSONSchemaProps = { type: 'array', ...this.base(), items: this.item.openapi() };
    if (this.opts.minItems !== undefined) out.minItems = this.opts.minItems;
    if (this.opts.maxItems !== undefined) out.maxItems = this.opts.maxItems;
    return out;
  }
}

export class MapSchema<V> extends Schema<Readonly<Record<string, V>>> {
  constructor(
    description: string,
    readonly value: Schema<V>,
    private readonly keyCheck?: (key: string) => string | undefined,
  ) {
    super(description);
  }
  expected(): string {
    return `a map of names to ${this.value.expected()}`;
  }
  check(value: unknown, path: Path, sink: IssueSink): void {
    if (!isPlainObject(value)) {
      sink.add(
        path,
        `is ${typeName(value)}, not a map (expected ${this.expected()})`,
        value,
        this.sensitive,
      );
      return;
    }
    for (const [k, v] of Object.entries(value)) {
      const keyReason = this.keyCheck?.(k);
      if (keyReason !== undefined) sink.missing([...path, k], keyReason);
      if (v === null || v === undefined) {
        sink.add([...path, k], `has no value (expected ${this.value.expected()})`, v);
        continue;
      }
      this.value.check(v, [...path, k], sink);
    }
  }
  openapi(): JSONSchemaProps {
    return { type: 'object', ...this.base(), additionalProperties: this.value.openapi() };
  }
}

/** A free-form object (provider-specific config): kept as is, any fields. */
export class FreeformSchema extends Schema<Readonly<Record<string, unknown>>> {
  expected(): string {
    return 'an object';
  }
  check(value: unknown, path: Path, sink: IssueSink): void {
    if (!isPlainObject(value)) {
      sink.add(
        path,
        `is ${typeName(value)}, not an object (expected an object)`,
        value,
        this.sensitive,
      );
    }
  }
  openapi(): JSONSchemaProps {
    return { type: 'object', ...this.base(), 'x-kubernetes-preserve-unknown-fields': true };
  }
}

// ---------------------------------------------------------------- alternatives by JSON type

type JsonKind = 'string' | 'integer' | 'boolean' | 'object' | 'array';
type Alternatives = Partial<Record<JsonKind, AnySchema>>;
type AltOut<A extends Alternatives> = { [K in keyof A]: Infer<A[K]> }[keyof A];

function jsonKind(v: unknown): JsonKind | 'number' | 'null' {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'object') return 'object';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'boolean';
  return 'null';
}

/**
 * A field the documents give in more than one JSON type (e.g. `addons` as a list in one and an
 * object in another). The CRD keeps it structural with int-or-string (string + integer) or
 * preserve-unknown-fields; the runtime validator checks the chosen alternative fully.
 */
export class EitherSchema<A extends Alternatives> extends Schema<AltOut<A>> {
  constructor(
    description: string,
    readonly alternatives: A,
  ) {
    super(description);
  }
  expected(): string {
    const parts = Object.values(this.alternatives).map((s) => s.expected());
    return listAllowed(parts);
  }
  check(value: unknown, path: Path, sink: IssueSink): void {
    const kind = jsonKind(value);
    const alt = kind === 'number' || kind === 'null' ? undefined : this.alternatives[kind];
    if (!alt) {
      sink.add(path, `is ${typeName(value)} (expected ${this.expected()})`, value, this.sensitive);
      return;
    }
    alt.check(value, path, sink);
  }
  openapi(): JSONSchemaProps {
    const kinds = Object.keys(this.alternatives).sort().join(',');
    if (kinds === 'integer,string') {
      return { ...this.base(), 'x-kubernetes-int-or-string': true };
    }
    return { ...this.base(), 'x-kubernetes-preserve-unknown-fields': true };
  }
}
