// The stack program as a Pulumi program entry: its outputs as top-level stack outputs, one per
// key of StackOutputs. Used by the Automation API's inline program and by src/index.ts.
import type * as pulumi from '@pulumi/pulumi';
import type { ProgramInputs } from './inputs';
import type { StackOutputs } from './outputs';
import { stackProgram } from './program';

export type StackOutputMap = { readonly [K in keyof StackOutputs]: pulumi.Output<StackOutputs[K]> };

/**
 * Runs the stack program and splits its outputs into stack outputs. One Output per key keeps
 * secrecy per key: `secrets` (kubeconfigs) is a secret stack output, the rest stays readable.
 */
export async function stackOutputs(inputs: ProgramInputs): Promise<StackOutputMap> {
  const out = await stackProgram(inputs);
  return {
    stack: out.stack,
    vitistack: out.vitistack,
    machines: out.machines,
    clusters: out.clusters,
    secrets: out.secrets,
    warnings: out.warnings,
  };
}
