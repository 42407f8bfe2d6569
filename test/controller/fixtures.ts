// The stack the controller tests deploy (stacks/aws-production) and shared steps on it.
import { awsSecrets, stackManifests, type Harness, type Obj } from './harness';

export const NS = 'production';
export const NAME = 'aws-production';
export const STACK = 'production.aws-production';

/** Secrets and members first, the Vitistack last: its first reconcile sees everything. */
export async function createMembers(h: Harness): Promise<Obj[]> {
  const objs = stackManifests(NAME);
  await h.createAll([...awsSecrets(), ...objs.filter((o) => o.kind !== 'Vitistack')]);
  return objs;
}

export function vitistackOf(objs: readonly Obj[]): Obj {
  const v = objs.find((o) => o.kind === 'Vitistack');
  if (v === undefined) throw new Error('the fixture has no Vitistack');
  return v;
}

/** Creates the whole stack and waits until it is Ready. */
export async function createReadyStack(h: Harness): Promise<Obj[]> {
  const objs = await createMembers(h);
  await h.create(vitistackOf(objs));
  await h.waitForCondition(NS, NAME, 'Ready', 'True');
  await h.idle();
  return objs;
}

/** Engine operations so far, without the secret-output reads. */
export function operations(h: Harness): string[] {
  return h.engine.calls.filter((c) => c.op !== 'secretOutputs').map((c) => c.op);
}

/** The Vitistack's status.stack. */
export async function stackRecord(h: Harness): Promise<Record<string, unknown>> {
  return ((await h.status('Vitistack', NS, NAME)).stack ?? {}) as Record<string, unknown>;
}
