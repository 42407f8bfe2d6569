// The proxmox-talos example as text to edit, models made from it, and renders that return the
// recorded resources or the problems the program stops with.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Vitistack } from '../../../src/api/v1alpha1';
import type { RecordedResource } from '../../../src/engine/mocks';
import {
  renderStack,
  type RenderStackOptions,
  type StackRender,
} from '../../../src/engine/render-stack';
import { resolveStack, type ResolvedMachineProvider, type StackModel } from '../../../src/model';
import { ProgramInputError } from '../../../src/program/program';
import { errorLines, loadText } from '../../helpers/load';
import { repoRoot } from '../../model/helpers';

export const VM = 'proxmoxve:index/vmLegacy:VmLegacy';
export const RULES = 'proxmoxve:firewall/rulesLegacy:RulesLegacy';
export const OPTIONS = 'proxmoxve:firewall/optionsLegacy:OptionsLegacy';
export const FILE = 'proxmoxve:index/fileLegacy:FileLegacy';
export const SECRET_KEY = 'platform/proxmox-api-token';
export const TOKEN = 'vitistack@pve!deploy=5a1f0c2e-aaaa-bbbb-cccc-ddddeeeeffff';

/** Every manifest of stacks/proxmox-talos as one YAML text. */
export function exampleYaml(): string {
  const dir = join(repoRoot(), 'stacks', 'proxmox-talos');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .join('\n---\n');
}

/** `text` with `from` replaced by `to`; fails when `from` is not in it (a stale test). */
export function edit(text: string, from: string, to: string): string {
  assert.ok(text.includes(from), `the example no longer contains ${JSON.stringify(from)}`);
  return text.replace(from, to);
}

/** The model of Vitistack platform/oslo-dc1 from `yaml` (the example by default). */
export function modelOf(yaml = exampleYaml()): StackModel {
  const loaded = loadText(yaml, 'proxmox-talos.yaml');
  assert.deepEqual(errorLines(loaded), []);
  const objects = loaded.objects.map((o) => o.object);
  const v = objects.find((o): o is Vitistack => o.kind === 'Vitistack');
  assert.ok(v);
  return resolveStack(v, objects);
}

/** The model with the proxmox provider's spec changed (bypassing the model's own checks). */
export function withProvider(
  model: StackModel,
  change: (spec: ResolvedMachineProvider['provider']['spec']) => object,
): StackModel {
  return {
    ...model,
    machineProviders: model.machineProviders.map((p) => ({
      ...p,
      provider: { ...p.provider, spec: { ...p.provider.spec, ...change(p.provider.spec) } },
    })),
  };
}

/** The problems the program stops with; fails when it does not stop. */
export async function problemsOf(
  model: StackModel,
  opts: RenderStackOptions = {},
): Promise<string[]> {
  try {
    await renderStack(model, opts);
  } catch (err) {
    if (err instanceof ProgramInputError) return [...err.problems];
    throw err;
  }
  return assert.fail('the program built the stack instead of stopping with problems');
}

export function one(r: StackRender, type: string, name: string): RecordedResource {
  const found = r.resources.find((x) => x.type === type && x.name === name);
  assert.ok(found, `no ${type} named ${name} (have ${r.resources.map((x) => x.name).join(', ')})`);
  return found;
}

/** The secrets option of a render with the API token (and optionally SSH access). */
export function withToken(extra: Record<string, string> = {}): RenderStackOptions['secrets'] {
  return { [SECRET_KEY]: { token: TOKEN, ...extra } };
}
