// The id of a preview's plan: a hash of the inputs hash and the planned steps. The controller's
// approval annotation must name it, so an approval covers exactly these changes to exactly these
// inputs; any new input or a different plan gives a different id.
import { createHash } from 'node:crypto';
import type { ResourceStep } from './result';

/** `plan-` and 16 hex digits. Independent of step order and of step status. */
export function planIdOf(inputsHash: string, steps: readonly ResourceStep[]): string {
  const lines = steps
    .map((s) => `${s.op} ${s.urn} ${s.changedKeys.join(',')} ${s.replaceKeys.join(',')}`)
    .sort();
  const hash = createHash('sha256').update(inputsHash).update('\n');
  for (const line of lines) hash.update(line).update('\n');
  return `plan-${hash.digest('hex').slice(0, 16)}`;
}
