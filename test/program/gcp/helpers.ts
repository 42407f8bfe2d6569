// The gcp-production example stack as text, edited per test, resolved into a model.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AnyResource } from '../../../src/api/v1alpha1';
import type { StackModel } from '../../../src/model';
import { errorLines, loadText } from '../../helpers/load';
import { repoRoot, resolve } from '../../model/helpers';

/** The manifests of stacks/gcp-production, one YAML stream. */
export function gcpProductionText(): string {
  const dir = join(repoRoot(), 'stacks', 'gcp-production');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .join('\n---\n');
}

/** Replaces `from` (which must occur) with `to` in the text. */
export function edit(text: string, from: string, to: string): string {
  assert.ok(text.includes(from), `the manifests do not contain ${JSON.stringify(from)}`);
  return text.replace(from, to);
}

/** The objects of YAML text; fails on any invalid document. */
export function objectsOfText(text: string): AnyResource[] {
  const loaded = loadText(text);
  assert.deepEqual(errorLines(loaded), []);
  return loaded.objects.map((o) => o.object);
}

/** The model of production/gcp-production from (edited) manifest text. */
export function gcpModel(text = gcpProductionText()): StackModel {
  return resolve(objectsOfText(text), 'production/gcp-production');
}
