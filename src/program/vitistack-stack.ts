// The root component of every stack: all resources of one Vitistack hang below it.
import * as pulumi from '@pulumi/pulumi';
import { TOKENS } from '../components/tokens';

export class VitistackStack extends pulumi.ComponentResource {
  constructor(name: string, opts?: pulumi.ComponentResourceOptions) {
    super(TOKENS.stack.Vitistack, name, {}, opts);
  }

  /** Records the stack's outputs on the root component once the program has built them. */
  finish(outputs: Record<string, unknown>): void {
    this.registerOutputs(outputs);
  }
}
