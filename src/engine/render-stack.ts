// Offline render of one Vitistack's stack: model -> program under mocks -> outputs -> status.
import { BUILT_DISTRIBUTIONS, type StackModel } from '../model';
import { stackProgram } from '../program/program';
import type { StackOutputs } from '../program/outputs';
import { statusFromOutputs, type StackMembers, type StatusPatch } from '../status/from-outputs';
import { renderProgram, type RenderResult } from './render';

export interface StackRender extends RenderResult<StackOutputs> {
  readonly stackName: string;
  readonly warnings: readonly string[];
  /** The status each object would get after `up` with these outputs (secrets never included). */
  readonly status: readonly StatusPatch[];
}

/** The objects of a model, keyed as status/ expects. */
export function membersOf(model: StackModel): StackMembers {
  const { namespace, name } = model.vitistack.metadata;
  return {
    vitistack: `Vitistack/${namespace}/${name}`,
    machineProviders: model.machineProviders.map((p) => `MachineProvider/${p.key}`),
    kubernetesProviders: model.kubernetesProviders.map((p) => `KubernetesProvider/${p.key}`),
    kubernetesClusters: model.clusters
      .filter((c) => c.key.startsWith('KubernetesCluster/'))
      .map((c) => c.key),
    notBuilt: [
      ...model.machineProviders.filter((p) => !p.supported).map((p) => `MachineProvider/${p.key}`),
      ...model.kubernetesProviders
        .filter((p) => !BUILT_DISTRIBUTIONS.includes(p.type))
        .map((p) => `KubernetesProvider/${p.key}`),
    ],
    machines: model.machines.map((m) => ({
      key: `Machine/${m.key}`,
      providerKey: `MachineProvider/${m.providerKey}`,
    })),
  };
}

export interface RenderStackOptions {
  /** Values of credential Secrets by `namespace/name`, when the caller has them. */
  readonly secrets?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** See RenderOptions.fast. */
  readonly fast?: boolean;
  /**
   * `deploy` checks what a deployment needs (every credentials Secret supplied) before the engine
   * runs: the CLI's preflight. Defaults to `render`.
   */
  readonly mode?: 'render' | 'deploy';
}

export async function renderStack(
  model: StackModel,
  opts: RenderStackOptions = {},
): Promise<StackRender> {
  const result = await renderProgram(
    () => stackProgram({ model, secrets: opts.secrets ?? {}, mode: opts.mode ?? 'render' }),
    {
      stack: model.stackName,
      ...(model.region !== undefined ? { region: model.region } : {}),
      ...(opts.fast !== undefined ? { fast: opts.fast } : {}),
    },
  );
  const outputs = result.outputs as StackOutputs;
  return {
    ...result,
    outputs,
    stackName: model.stackName,
    warnings: outputs.warnings,
    status: statusFromOutputs(outputs, membersOf(model)),
  };
}
