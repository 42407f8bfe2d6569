// Helpers for per-kind schema tests: read fixtures, build or change manifests, validate them,
// render the issues exactly as users see them, and run tables of cases.
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { KindDefinition } from '../../src/api/kind';
import { formatIssue, type JSONSchemaProps } from '../../src/api/schema';
import { validateObject } from '../../src/api/validate-object';

/** test/fixtures, from the compiled tests (dist/ or another outDir) or the cwd. */
export const FIXTURE_ROOT = [
  join(__dirname, '..', '..', '..', 'test', 'fixtures'),
  join(process.cwd(), 'test', 'fixtures'),
].find((d) => existsSync(d)) as string;

/** test/fixtures/spec-examples: every example manifest of the documents, and ours. */
export const FIXTURES = join(FIXTURE_ROOT, 'spec-examples');

export type Manifest = Record<string, unknown>;

/** A kind, with the canonical type its normaliser returns (`unknown` for a bare KindDefinition). */
export type Kind<C = unknown> = KindDefinition<string, never, never, C> | KindDefinition;

/** The objects of one YAML file. */
export function readManifests(path: string): Manifest[] {
  const text = readFileSync(path, 'utf8');
  return parseAllDocuments(text).map((d) => {
    if (d.errors.length > 0) throw new Error(`${path}: ${d.errors.map(String).join('; ')}`);
    return d.toJS() as Manifest;
  });
}

/** The objects of one fixture file. */
export function readFixture(file: string): Manifest[] {
  return readManifests(join(FIXTURES, file));
}

/** The first object of a fixture file (of spec-examples, unless `dir` says otherwise). */
export function fixture(file: string, dir = FIXTURES): Manifest {
  const [first] = readManifests(join(dir, file));
  if (first === undefined) throw new Error(`${file} holds no object`);
  return first;
}

/** One object of a fixture file. */
export interface Fixture {
  readonly file: string;
  readonly doc: Manifest;
}

/** Every object of the given kinds in the fixture files, with its file name. */
export function fixturesOfKind(...kinds: string[]): Fixture[] {
  return readdirSync(FIXTURES)
    .filter((f) => f.endsWith('.yaml'))
    .flatMap((file) => readFixture(file).map((doc) => ({ file, doc })))
    .filter(({ doc }) => kinds.includes(String(doc.kind)));
}

/** A vitistack.io/v1alpha1 manifest of `kind` with the given spec, status and metadata. */
export function manifest(
  kind: { readonly kind: string },
  spec: unknown,
  status: unknown,
  metadata: Manifest,
): Manifest {
  return {
    apiVersion: 'vitistack.io/v1alpha1',
    kind: kind.kind,
    metadata,
    spec,
    ...(status === undefined ? {} : { status }),
  };
}

type Container = Record<string, unknown> | unknown[];

function step(container: Container, key: string): unknown {
  return Array.isArray(container) ? container[Number(key)] : container[key];
}

function parentOf(root: Manifest, path: string): [Container, string] {
  const keys = path.split('.');
  const last = keys.pop() as string;
  let here: Container = root;
  for (const key of keys) {
    let next = step(here, key);
    if (next === undefined) {
      next = {};
      if (Array.isArray(here)) here[Number(key)] = next;
      else here[key] = next;
    }
    here = next as Container;
  }
  return [here, last];
}

/** A deep copy of `base` with `set` paths (dot-separated, list indexes as numbers) replaced and `del` paths removed. */
export function changed(
  base: Manifest,
  set: Readonly<Record<string, unknown>> = {},
  del: readonly string[] = [],
): Manifest {
  const copy = structuredClone(base);
  for (const path of del) {
    const [parent, key] = parentOf(copy, path);
    if (Array.isArray(parent)) parent.splice(Number(key), 1);
    else Reflect.deleteProperty(parent, key);
  }
  for (const [path, value] of Object.entries(set)) {
    const [parent, key] = parentOf(copy, path);
    if (Array.isArray(parent)) parent[Number(key)] = structuredClone(value);
    else parent[key] = structuredClone(value);
  }
  return copy;
}

/** Validates and returns the formatted messages (empty when valid). */
export function messages(kind: Kind, obj: Manifest): string[] {
  const result = validateObject(kind, obj);
  return result.ok ? [] : result.issues.map(formatIssue);
}

/** Validates an object that must be valid and returns its canonical form. */
export function canonical<C>(kind: Kind<C>, obj: Manifest): C {
  const result = validateObject<C>(kind, obj);
  if (!result.ok) assert.fail(result.issues.map(formatIssue).join('\n'));
  return result.object;
}

/** `messages` and `canonical` bound to one kind: `const { valid, messages } = validatorFor(k)`. */
export function validatorFor<C>(kind: Kind<C>): {
  readonly valid: (obj: Manifest) => C;
  readonly messages: (obj: Manifest) => string[];
} {
  return {
    valid: (obj) => canonical(kind, obj),
    messages: (obj) => messages(kind, obj),
  };
}

/**
 * `<file> validates`, one test each: a file name checks every object in that fixture file, a
 * fixture (from `fixturesOfKind`) checks its one object.
 */
export function itValidates(kind: Kind, ...fixtures: readonly (string | Fixture)[]): void {
  for (const f of fixtures) {
    const file = typeof f === 'string' ? f : f.file;
    it(`${file} validates`, () => {
      for (const obj of typeof f === 'string' ? readFixture(f) : [f.doc]) {
        assert.deepEqual(messages(kind, obj), []);
      }
    });
  }
}

/** A case of a table: its test name and the exact messages it must give. */
export interface MessageCase {
  readonly name: string;
  readonly want: readonly string[];
}

/** One test per case: `messagesOf(case)` is exactly `want`; `also` checks the messages further. */
export function itReports<T extends MessageCase>(
  cases: readonly T[],
  messagesOf: (tc: T) => readonly string[],
  also?: (got: readonly string[]) => void,
): void {
  for (const tc of cases) {
    it(tc.name, () => {
      const got = messagesOf(tc);
      assert.deepEqual(got, tc.want);
      also?.(got);
    });
  }
}

/** One invalid-input case: a change to a valid base and the exact messages it must give. */
export interface InvalidCase extends MessageCase {
  readonly base: Manifest;
  readonly set?: Readonly<Record<string, unknown>>;
  readonly del?: readonly string[];
}

/** One test per case: the changed base gives exactly the wanted messages. */
export function itRejects(
  kind: Kind,
  cases: readonly InvalidCase[],
  also?: (got: readonly string[]) => void,
): void {
  itReports(cases, (tc) => messages(kind, changed(tc.base, tc.set, tc.del)), also);
}

/**
 * Nodes of a CRD schema without a description or a type. `x-kubernetes-int-or-string` counts as
 * a type; `x-kubernetes-preserve-unknown-fields` does too when `preserveUnknownFields` is set.
 */
export function schemaProblems(
  node: JSONSchemaProps,
  path: string,
  preserveUnknownFields: boolean,
): string[] {
  const problems: string[] = [];
  const walk = (n: JSONSchemaProps, at: string): void => {
    const typed =
      n.type !== undefined ||
      n['x-kubernetes-int-or-string'] === true ||
      (preserveUnknownFields && n['x-kubernetes-preserve-unknown-fields'] === true);
    if (!typed) problems.push(`${at}: no type`);
    if (n.description === undefined || n.description === '') {
      problems.push(`${at}: no description`);
    }
    for (const [k, child] of Object.entries(n.properties ?? {})) walk(child, `${at}.${k}`);
    if (n.items) walk(n.items, `${at}[]`);
    if (n.additionalProperties) walk(n.additionalProperties, `${at}{}`);
  };
  walk(node, path);
  return problems;
}
