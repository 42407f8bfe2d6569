// Helpers of the Azure render tests: the example stacks' objects and models, lookups in a
// render, and status patches checked against their kind's status schema.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { formatIssue, IssueSink } from '../../src/api/schema';
import { findKind, type AnyResource, type Vitistack } from '../../src/api/v1alpha1';
import type { RecordedResource } from '../../src/engine/mocks';
import type { StackRender } from '../../src/engine/render-stack';
import { resolveStack, type StackModel } from '../../src/model';
import type { StatusPatch } from '../../src/status/from-outputs';
import { errorLines, loadPaths } from '../helpers/load';
import { repoRoot } from '../model/helpers';

const STACKS = join(repoRoot(), 'stacks');

export function objectsOf(dir: string): AnyResource[] {
  const loaded = loadPaths([join(STACKS, dir)]);
  assert.deepEqual(errorLines(loaded), [], dir);
  return loaded.objects.map((o) => o.object);
}

export function modelOf(objects: readonly AnyResource[], key: string): StackModel {
  const v = objects.find(
    (o): o is Vitistack =>
      o.kind === 'Vitistack' && `${o.metadata.namespace}/${o.metadata.name}` === key,
  );
  assert.ok(v, `Vitistack ${key} not found`);
  return resolveStack(v, objects);
}

export function one(r: StackRender, type: string, name: string): RecordedResource {
  const found = r.resources.find((x) => x.type === type && x.name === name);
  assert.ok(found, `no ${type} named ${name}`);
  return found;
}

export function byType(r: StackRender, type: string): RecordedResource[] {
  return r.resources.filter((x) => x.type === type);
}

export function idOf(res: RecordedResource): string {
  assert.ok(res.id !== undefined, `${res.type} ${res.name} has no id`);
  return res.id;
}

export function statusOf(
  r: StackRender,
  kind: string,
  name: string,
): Readonly<Record<string, unknown>> {
  const p = r.status.find((x) => x.kind === kind && x.name === name);
  assert.ok(p, `no status for ${kind}/${name}`);
  return p.status;
}

export function schemaIssues(p: StatusPatch): string[] {
  const kind = findKind(p.kind);
  assert.ok(kind, `unknown kind ${p.kind}`);
  const sink = new IssueSink();
  kind.status.check(p.status, ['status'], sink);
  return sink.issues.map(formatIssue);
}

export function inCidr(ip: string, cidr: string): boolean {
  const n = (text: string) => text.split('.').reduce((acc, o) => acc * 256 + Number(o), 0);
  const [base = '', bits = ''] = cidr.split('/');
  return n(ip) >= n(base) && n(ip) < n(base) + 2 ** (32 - Number(bits));
}
