// What the program gets besides the StackModel: the credential Secrets' values (never in the
// model, never logged) and how it runs.
import type { StackModel } from '../model';

export interface ProgramInputs {
  readonly model: StackModel;
  /**
   * Values of the Secrets the model references, by `namespace/name`. The program wraps every
   * value it uses in pulumi.secret.
   */
  readonly secrets: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /**
   * `render`: offline under mocks; a provider whose credentials Secret was not supplied is built
   * without credentials (nothing is contacted) and a warning says so. `deploy`: a missing
   * credentials Secret is an error.
   */
  readonly mode: 'render' | 'deploy';
}
