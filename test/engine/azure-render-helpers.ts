// Helpers of the Azure render tests: the example stacks' objects and models, lookups in a
// render, and status patches checked against their kind's status schema.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { formats } from '../../src/api/schema';
import type { AnyResource, Vitistack } from '../../src/api/v1alpha1';
import { resolveStack, type StackModel } from '../../src/model';
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

export { byType, idOf, one, schemaIssues, statusOf } from './stack-render-helpers';

/** Whether `ip` lies in `cidr` (the schema's own address check). */
export const inCidr = formats.ipInSubnet;
