// After a successful up: the stack outputs into every object's status (status/from-outputs.ts
// decides the shapes), and the secret outputs (kubeconfigs) into Secrets owned by the object that
// names them in status. Secret values go from the engine straight into the Secret: they are never
// in a status, a log line or an Event.
import type { StackTarget } from '../engine/engine';
import type { OperationResult } from '../engine/result';
import { membersOf } from '../engine/render-stack';
import { LABELS, MANAGED_BY } from '../model';
import type { SecretOutput, StackOutputs } from '../program/outputs';
import { CONDITION_REASONS as R } from '../status/conditions';
import { splitKey, statusFromOutputs } from '../status/from-outputs';
import type { CachedKind } from './cache';
import type { ReconcileContext, ReconcilerDeps } from './context';
import { writeMemberStatus } from './status-writer';

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The outputs as the program returns them, or undefined when the stack gave something else. */
function stackOutputsOf(
  outputs: Readonly<Record<string, unknown>>,
  secrets: readonly SecretOutput[],
): StackOutputs | undefined {
  const { vitistack, machines, clusters, warnings, stack } = outputs;
  if (!isRecord(vitistack) || !isRecord(machines) || !isRecord(clusters)) return undefined;
  return {
    stack: typeof stack === 'string' ? stack : '',
    vitistack: vitistack as unknown as StackOutputs['vitistack'],
    machines: machines as StackOutputs['machines'],
    clusters: clusters as StackOutputs['clusters'],
    secrets,
    warnings: Array.isArray(warnings) ? (warnings as string[]) : [],
  };
}

async function writeSecrets(
  deps: ReconcilerDeps,
  ctx: ReconcileContext,
  secrets: readonly SecretOutput[],
): Promise<void> {
  for (const s of secrets) {
    const owner = splitKey(s.owner);
    const raw = deps.cache.get(owner.kind as CachedKind, `${owner.namespace}/${owner.name}`);
    const uid = raw?.metadata.uid;
    if (uid === undefined) {
      ctx.log.warn({ secret: s.secretName, owner: s.owner }, 'owner of a secret output is gone');
      continue;
    }
    await deps.writer.applySecret({
      namespace: owner.namespace,
      name: s.secretName,
      labels: {
        [LABELS.vitistack]: ctx.ref.name,
        'app.kubernetes.io/managed-by': MANAGED_BY,
      },
      owner: { kind: owner.kind, name: owner.name, uid },
      data: { [s.key]: s.value },
    });
  }
}

/** Maps a successful up's outputs into statuses and Secrets; the Vitistack's go into the draft. */
export async function publishOutputs(
  deps: ReconcilerDeps,
  ctx: ReconcileContext,
  target: StackTarget,
  result: OperationResult,
): Promise<void> {
  const secrets = await deps.engine.secretOutputs(target);
  const outputs = stackOutputsOf(result.outputs, secrets);
  if (outputs === undefined) {
    ctx.log.warn({}, 'the stack outputs do not have the expected shape; statuses not updated');
    return;
  }
  await writeSecrets(deps, ctx, secrets);
  const members = membersOf(target.model);
  const stackName = target.model.stackName;
  for (const p of statusFromOutputs(outputs, members)) {
    const key = `${p.kind}/${p.namespace}/${p.name}`;
    if (key === members.vitistack) {
      const { phase: _phase, ...fields } = p.status;
      ctx.draft.outputFields = {
        ...fields,
        outputs: { vitistack: outputs.vitistack, warnings: outputs.warnings },
      };
      continue;
    }
    const notBuilt = members.notBuilt.includes(key);
    await writeMemberStatus(deps, {
      key,
      fields: p.status,
      ready: notBuilt
        ? {
            ok: false,
            reason: R.ProviderNotSupported,
            message: `This provider type is not built yet; stack ${stackName} created nothing for it.`,
          }
        : { ok: true, reason: R.Succeeded, message: `Deployed by stack ${stackName}.` },
    });
  }
}
