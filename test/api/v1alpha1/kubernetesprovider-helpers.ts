// Helpers shared by the KubernetesProvider tests: fixtures, builders and validation shortcuts.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { formatIssue } from '../../../src/api/schema';
import { validateObject } from '../../../src/api/validate-object';
import {
  kubernetesProviderKind,
  type KubernetesProvider,
} from '../../../src/api/v1alpha1/kubernetesprovider';

export type Obj = Record<string, unknown>;

const FIXTURES = path.join(process.cwd(), 'test', 'fixtures', 'spec-examples');

export function readFixture(file: string): Obj[] {
  const text = readFileSync(path.join(FIXTURES, file), 'utf8');
  return parseAllDocuments(text).map((d) => d.toJSON() as Obj);
}

/** Every document of the given kind in the fixture directory. */
export function fixturesOfKind(kind: string): { file: string; doc: Obj }[] {
  return readdirSync(FIXTURES)
    .filter((f) => f.endsWith('.yaml'))
    .flatMap((file) => readFixture(file).map((doc) => ({ file, doc })))
    .filter(({ doc }) => doc.kind === kind);
}

export function fixture(file: string): Obj {
  const [doc] = readFixture(file);
  assert.ok(doc, `${file} has a document`);
  return doc;
}

export function valid(doc: Obj): KubernetesProvider {
  const result = validateObject(kubernetesProviderKind, doc);
  if (!result.ok) assert.fail(result.issues.map(formatIssue).join('\n'));
  return result.object;
}

export function messages(doc: Obj): string[] {
  const result = validateObject(kubernetesProviderKind, doc);
  return result.ok ? [] : result.issues.map(formatIssue);
}

export function provider(spec: Obj, status?: Obj): Obj {
  return {
    apiVersion: 'vitistack.io/v1alpha1',
    kind: 'KubernetesProvider',
    metadata: { name: 'p', namespace: 'test' },
    spec,
    ...(status ? { status } : {}),
  };
}

export const eksGroup = (extra: Obj = {}): Obj => ({
  name: 'workers',
  instanceTypes: ['m5.large'],
  scaling: { minSize: 1, maxSize: 3, desiredSize: 2 },
  ...extra,
});

export const eks = (extra: Obj = {}, spec: Obj = {}): Obj =>
  provider({ type: 'eks', version: '1.29', region: 'eu-north-1', eks: extra, ...spec });

export const talos = (template: Obj = {}, spec: Obj = {}): Obj =>
  provider({
    type: 'talos',
    clusterTemplate: { kubernetesVersion: '1.29', controlPlane: { replicas: 3 }, ...template },
    ...spec,
  });
