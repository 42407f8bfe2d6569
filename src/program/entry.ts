// The stack program as a Pulumi program entry (the Automation API's inline program and
// src/index.ts): its outputs are the stack outputs, one per key of StackOutputs.
import type { ProgramInputs } from './inputs';
import type { StackOutputMap } from './outputs';
import { stackProgram } from './program';

export type { StackOutputMap } from './outputs';

/** Runs the stack program; each key becomes a stack output (only `secrets` is secret). */
export function stackOutputs(inputs: ProgramInputs): Promise<StackOutputMap> {
  return stackProgram(inputs);
}
