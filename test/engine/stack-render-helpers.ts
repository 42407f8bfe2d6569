// What the end-to-end render tests read from a StackRender: recorded resources by type and name,
// the status each object gets, and that status checked against its kind's status schema.
import { strict as assert } from 'node:assert';
import { formatIssue, IssueSink } from '../../src/api/schema';
import { findKind } from '../../src/api/v1alpha1';
import type { RecordedResource } from '../../src/engine/mocks';
import type { StackRender } from '../../src/engine/render-stack';
import type { StatusPatch } from '../../src/status/from-outputs';

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

/** Issues of a status patch against its kind's status schema. */
export function schemaIssues(p: StatusPatch): string[] {
  const kind = findKind(p.kind);
  assert.ok(kind, `unknown kind ${p.kind}`);
  const sink = new IssueSink();
  kind.status.check(p.status, ['status'], sink);
  return sink.issues.map(formatIssue);
}
