// Helpers for per-kind schema tests: read a fixture, change a copy of it, validate it and render
// the issues exactly as users see them.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { KindDefinition } from '../../src/api/kind';
import { formatIssue } from '../../src/api/schema';
import { validateObject, type ObjectResult } from '../../src/api/validate-object';

/** test/fixtures/spec-examples, from the compiled tests (dist/ or another outDir) or the cwd. */
export const FIXTURES = [
  join(__dirname, '..', '..', '..', 'test', 'fixtures', 'spec-examples'),
  join(process.cwd(), 'test', 'fixtures', 'spec-examples'),
].find((d) => existsSync(d)) as string;

export type Manifest = Record<string, unknown>;

/** The objects of one fixture file. */
export function readFixture(file: string): Manifest[] {
  const text = readFileSync(join(FIXTURES, file), 'utf8');
  return parseAllDocuments(text).map((d) => {
    if (d.errors.length > 0) throw new Error(`${file}: ${d.errors.map(String).join('; ')}`);
    return d.toJS() as Manifest;
  });
}

/** The single object of a fixture file. */
export function fixture(file: string): Manifest {
  const [first] = readFixture(file);
  if (first === undefined) throw new Error(`${file} holds no object`);
  return first;
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
export function messages(kind: KindDefinition, obj: Manifest): string[] {
  const result: ObjectResult<unknown> = validateObject(kind, obj);
  return result.ok ? [] : result.issues.map(formatIssue);
}

/** Validates an object that must be valid and returns its canonical form (cast it to the kind's type). */
export function canonical(kind: KindDefinition, obj: Manifest): unknown {
  const result = validateObject(kind, obj);
  if (!result.ok) throw new Error(result.issues.map(formatIssue).join('\n'));
  return result.object;
}

/** One invalid-input case: a change to a valid base and the exact messages it must give. */
export interface InvalidCase {
  readonly name: string;
  readonly base: Manifest;
  readonly set?: Readonly<Record<string, unknown>>;
  readonly del?: readonly string[];
  readonly want: readonly string[];
}
