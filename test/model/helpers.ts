// Helpers for the model tests: find the repository, load manifests into canonical objects, and
// run resolveStack expecting success or a list of problems.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { AnyResource, Vitistack } from '../../src/api/v1alpha1';
import { ModelErrors } from '../../src/model/errors';
import { resolveStack } from '../../src/model/resolve';
import type { ResolveOptions, StackModel } from '../../src/model/stack-model';
import { errorLines, loadPaths, loadText } from '../helpers/load';

function isRepoRoot(dir: string): boolean {
  const file = join(dir, 'package.json');
  if (!existsSync(file)) return false;
  const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown };
  return pkg.name === 'vitistack-pulumi';
}

function walkUp(start: string): string | undefined {
  let dir = start;
  for (;;) {
    if (isRepoRoot(dir)) return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** The repository root: up from this file (tests built in place), else up from the cwd. */
export function repoRoot(): string {
  const root = walkUp(__dirname) ?? walkUp(process.cwd());
  if (root === undefined) {
    throw new Error('cannot find the vitistack-pulumi repository: run the tests from inside it');
  }
  return root;
}

/** Canonical objects of YAML text; fails the test when any document is invalid. */
export function objectsOf(yaml: string): AnyResource[] {
  const result = loadText(yaml);
  assert.deepEqual(errorLines(result), []);
  return result.objects.map((o) => o.object);
}

/** Canonical objects of a directory under stacks/. */
export function stackObjects(dir: string): AnyResource[] {
  const result = loadPaths([join(repoRoot(), 'stacks', dir)]);
  assert.deepEqual(errorLines(result), []);
  return result.objects.map((o) => o.object);
}

/** The Vitistack `namespace/name` among the objects. */
export function vitistackOf(objects: readonly AnyResource[], key: string): Vitistack {
  const found = objects.find(
    (o): o is Vitistack =>
      o.kind === 'Vitistack' && `${o.metadata.namespace}/${o.metadata.name}` === key,
  );
  assert.ok(found, `Vitistack ${key} not found`);
  return found;
}

/** Resolves the Vitistack `key` among the objects. */
export function resolve(
  objects: readonly AnyResource[],
  key: string,
  options: ResolveOptions = {},
): StackModel {
  return resolveStack(vitistackOf(objects, key), objects, options);
}

/** A problem as the tests compare it. */
export interface Problem {
  readonly reason: string;
  readonly object: string;
  readonly field?: string;
  readonly message: string;
}

/** Resolves expecting ModelErrors; returns its problems. */
export function problemsOf(
  objects: readonly AnyResource[],
  key: string,
  options: ResolveOptions = {},
): Problem[] {
  try {
    resolve(objects, key, options);
  } catch (e) {
    assert.ok(e instanceof ModelErrors, `expected ModelErrors, got ${String(e)}`);
    return e.errors.map((x) => ({
      reason: x.reason,
      object: x.object,
      ...(x.field === undefined ? {} : { field: x.field }),
      message: x.message,
    }));
  }
  return assert.fail('resolveStack succeeded but problems were expected');
}

/** The YAML header of an object. */
export function header(kind: string, name: string, namespace = 'production'): string {
  return `apiVersion: vitistack.io/v1alpha1\nkind: ${kind}\nmetadata: {name: ${name}, namespace: ${namespace}}`;
}

/** Joins documents into one YAML stream. */
export function docs(...documents: string[]): string {
  return documents.join('\n---\n');
}

/** An AWS MachineProvider with one instance type and one image. */
export function awsProvider(name = 'aws', namespace = 'production', extra = ''): string {
  return `${header('MachineProvider', name, namespace)}
spec:
  type: aws
  region: us-west-2
  aws:
    credentials: {secretRef: {name: aws-credentials}}
    instanceTypes:
      - {name: m5.large, vcpus: 2, memory: 8Gi, storage: 20Gi}
      - {name: m5.xlarge, vcpus: 4, memory: 16Gi, storage: 20Gi}
    machineImages:
      - {name: ubuntu-22.04, imageId: ami-0c7217cdde317cfec}
${extra}`;
}

/** A Machine on a provider; `spec` lines are added under spec. */
export function machine(
  name: string,
  provider = 'aws',
  spec = '  instanceType: m5.large',
  namespace = 'production',
  labels = '',
): string {
  const meta =
    labels === ''
      ? `metadata: {name: ${name}, namespace: ${namespace}}`
      : `metadata:\n  name: ${name}\n  namespace: ${namespace}\n  labels: {${labels}}`;
  return `apiVersion: vitistack.io/v1alpha1\nkind: Machine\n${meta}\nspec:\n  providerRef: {name: ${provider}}\n${spec}`;
}

/** A Vitistack with its provider references; `spec` lines are added under spec. */
export function vitistack(
  name: string,
  machineProviders: string,
  spec = '',
  namespace = 'production',
): string {
  return `${header('Vitistack', name, namespace)}
spec:
  region: us-west-2
  machineProviders: ${machineProviders}
${spec}`;
}
