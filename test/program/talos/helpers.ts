// The Talos example stacks as text to edit, models made from them, and renders that return the
// recorded resources or the problems the program stops with.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { NetworkConfiguration, Vitistack } from '../../../src/api/v1alpha1';
import type { RecordedResource } from '../../../src/engine/mocks';
import { renderStack, type StackRender } from '../../../src/engine/render-stack';
import { resolveStack, type ResolvedCluster, type StackModel } from '../../../src/model';
import { ProgramInputError } from '../../../src/program/program';
import { errorLines, loadText } from '../../helpers/load';
import { repoRoot } from '../../model/helpers';

export const APPLY = 'talos:machine/configurationApply:ConfigurationApply';
export const CLUSTER_KEY = 'KubernetesCluster/platform/talos-prod';

/** Every manifest of stacks/<dir> as one YAML text. */
export function exampleYaml(dir = 'proxmox-talos'): string {
  const path = join(repoRoot(), 'stacks', dir);
  return readdirSync(path)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => readFileSync(join(path, f), 'utf8'))
    .join('\n---\n');
}

/** `text` with `from` replaced by `to`; fails when `from` is not in it (a stale test). */
export function edit(text: string, from: string, to: string): string {
  assert.ok(text.includes(from), `the example no longer contains ${JSON.stringify(from)}`);
  return text.replace(from, to);
}

/** The model of the (only) Vitistack in `yaml`; the proxmox-talos example by default. */
export function modelOf(yaml = exampleYaml()): StackModel {
  const loaded = loadText(yaml, 'talos.yaml');
  assert.deepEqual(errorLines(loaded), []);
  const objects = loaded.objects.map((o) => o.object);
  const v = objects.find((o): o is Vitistack => o.kind === 'Vitistack');
  assert.ok(v);
  return resolveStack(v, objects);
}

/** The one Talos cluster of a model. */
export function clusterOf(model: StackModel): ResolvedCluster {
  const c = model.clusters.find((x) => x.distribution === 'talos');
  assert.ok(c, 'no talos cluster');
  return c;
}

/** A copy of the model's NetworkConfiguration `name` renamed and with `spec` changed. */
export function networkLike(
  model: StackModel,
  name: string,
  spec: Partial<NetworkConfiguration['spec']>,
): NetworkConfiguration {
  const [n] = model.networkConfigurations;
  assert.ok(n);
  return { ...n, metadata: { ...n.metadata, name }, spec: { ...n.spec, ...spec } };
}

/** The problems the program stops with; fails when it does not stop. */
export async function problemsOf(model: StackModel): Promise<string[]> {
  try {
    await renderStack(model);
  } catch (err) {
    if (err instanceof ProgramInputError) return [...err.problems];
    throw err;
  }
  return assert.fail('the program built the stack instead of stopping with problems');
}

export function byType(r: StackRender, type: string): RecordedResource[] {
  return r.resources.filter((x) => x.type === type);
}

/** The node patch a ConfigurationApply carries, parsed. */
export function nodePatchOf(r: RecordedResource): Record<string, unknown> {
  const [patch] = r.inputs.configPatches as string[];
  return parse(patch ?? '') as Record<string, unknown>;
}

/** A nested field of a parsed document, by path. */
export function at(doc: unknown, ...path: (string | number)[]): unknown {
  let v: unknown = doc;
  for (const p of path) v = (v as Record<string | number, unknown> | undefined)?.[p];
  return v;
}
