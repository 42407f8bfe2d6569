// Stack targets from the example stacks, with made-up values for every credentials Secret they
// reference: the engine tests never run the program, they only need a real model.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import type { Vitistack } from '../../src/api/v1alpha1';
import type { StackTarget } from '../../src/engine/engine';
import { resolveStack, type ResolvedSecretRef } from '../../src/model';
import { errorLines, loadPaths } from '../helpers/load';
import { repoRoot } from '../model/helpers';

/** Target for Vitistack `stack` (`ns.name`) of stacks/<dir>; every Secret gets `values`. */
export function targetOf(
  dir: string,
  stack: string,
  values: Readonly<Record<string, string>>,
): StackTarget {
  const loaded = loadPaths([join(repoRoot(), 'stacks', dir)]);
  assert.deepEqual(errorLines(loaded), []);
  const objects = loaded.objects.map((o) => o.object);
  const vitistack = objects.find(
    (o): o is Vitistack =>
      o.kind === 'Vitistack' && `${o.metadata.namespace}.${o.metadata.name}` === stack,
  );
  assert.ok(vitistack, `no Vitistack ${stack} in stacks/${dir}`);
  const model = resolveStack(vitistack, objects, {});
  const refs: (ResolvedSecretRef | undefined)[] = [
    ...model.machineProviders.map((p) => p.credentialsSecret),
    ...model.kubernetesProviders.map((p) => p.credentialsSecret),
    ...model.clusters.map((c) => c.credentialsSecret),
  ];
  const secrets: Record<string, Record<string, string>> = {};
  for (const ref of refs) if (ref) secrets[`${ref.namespace}/${ref.name}`] = { ...values };
  assert.ok(Object.keys(secrets).length > 0, `stacks/${dir} references no Secret`);
  return { model, secrets };
}
