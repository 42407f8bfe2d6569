// The credentials Secret of a provider, looked up in the program inputs: values never leave the
// program except inside pulumi.secret, and messages name the Secret, never a value.
import type { ResolvedSecretRef } from '../model';
import type { CloudEnv } from './cloud';
import type { ProgramInputs } from './inputs';

/** The values of the Secret `ref` names (only `ref.key` when it names one). */
export function secretValues(
  inputs: ProgramInputs,
  ref: ResolvedSecretRef | undefined,
): Readonly<Record<string, string>> | undefined {
  if (!ref) return undefined;
  const all = inputs.secrets[`${ref.namespace}/${ref.name}`];
  if (!all || ref.key === undefined) return all;
  const v = all[ref.key];
  return v === undefined ? undefined : { [ref.key]: v };
}

/** `env.credentials` for the program inputs: see CloudEnv. */
export function credentialsLookup(
  inputs: ProgramInputs,
  problem: (message: string) => void,
  warn: (message: string) => void,
): CloudEnv['credentials'] {
  return (kind, key, ref) => {
    if (!ref) return { source: 'no credentials Secret' };
    const source = `Secret ${ref.namespace}/${ref.name}`;
    const values = secretValues(inputs, ref);
    if (values) return { values, source };
    if (inputs.mode === 'deploy') {
      problem(`${kind} ${key}: credentials ${source} was not supplied`);
      return undefined;
    }
    warn(
      `${kind} ${key}: credentials ${source} not supplied; the offline render builds the provider without credentials`,
    );
    return { source };
  };
}
