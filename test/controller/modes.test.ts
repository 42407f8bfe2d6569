// Steering: paused, mode preview, mode approve (with a stale approval), and drift.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { repoRoot } from '../model/helpers';
import { Harness } from './harness';
import {
  createMembers,
  createReadyStack,
  NAME,
  NS,
  operations,
  STACK,
  stackRecord,
  vitistackOf,
} from './fixtures';

interface Plan {
  id: string;
  summary: Record<string, number>;
  generation: number;
  inputsHash: string;
}

async function planOf(h: Harness): Promise<Plan | undefined> {
  return (await h.status('Vitistack', NS, NAME)).plan as Plan | undefined;
}

async function createWith(h: Harness, annotations: Record<string, string>): Promise<void> {
  const objs = await createMembers(h);
  const v = vitistackOf(objs);
  const meta = v.metadata as { annotations?: Record<string, string> };
  await h.create({
    ...v,
    metadata: { ...v.metadata, annotations: { ...meta.annotations, ...annotations } },
  });
}

describe('controller: paused, preview, approve, drift', function () {
  this.timeout(60_000);
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  it('paused: no engine call, and the condition says so; unpausing deploys', async () => {
    h = await Harness.start();
    await createWith(h, { 'vitistack.io/paused': 'true' });
    const c = await h.waitForCondition(NS, NAME, 'Reconciling', 'False', 'Paused');
    assert.match(c.message, /paused by annotation vitistack\.io\/paused/);
    await h.idle();
    assert.deepEqual(operations(h), []);
    await h.annotate(NS, NAME, { 'vitistack.io/paused': null });
    await h.waitForCondition(NS, NAME, 'Ready', 'True');
    assert.deepEqual(operations(h), ['preview', 'up']);
  });

  it('mode preview: preview only, the plan and its summary in status', async () => {
    h = await Harness.start({ mode: 'preview' });
    await createWith(h, {});
    const pending = await h.waitForCondition(NS, NAME, 'PlanPending', 'True', 'PreviewOnly');
    const plan = await planOf(h);
    assert.ok(plan);
    assert.match(plan.id, /^plan-[0-9a-f]{16}$/);
    assert.ok((plan.summary.create ?? 0) > 10, JSON.stringify(plan.summary));
    assert.equal(plan.generation, 1);
    assert.match(pending.message, new RegExp(`Plan ${plan.id} would make \\d+ to create`));
    await h.idle();
    await h.advance(600_000); // a resync: the plan stands, no second preview
    await h.idle();
    assert.deepEqual(operations(h), ['preview']);
    const ready = (await h.conditions('Vitistack', NS, NAME)).Ready;
    assert.ok(ready);
    assert.equal(ready.status, 'False');
    assert.equal(ready.reason, 'PreviewOnly');
  });

  it('mode approve: runs exactly the approved plan; a new generation makes the approval stale', async () => {
    const hh = await Harness.start({ mode: 'approve' });
    h = hh;
    await createWith(h, {});
    const waiting = await h.waitForCondition(NS, NAME, 'PlanPending', 'True', 'AwaitingApproval');
    const first = await planOf(h);
    assert.ok(first);
    assert.match(
      waiting.message,
      new RegExp(
        `kubectl annotate vitistack -n production aws-production --overwrite vitistack\\.io/approve-plan=${first.id}`,
      ),
    );
    assert.ok((await h.eventReasons(NS)).includes('PlanReady'));
    assert.deepEqual(operations(h), ['preview']);
    assert.ok(h.engine.calls[0]?.savePlan, 'the preview saved its plan');

    // A new generation before the approval: a new plan, and the old approval does not apply.
    await h.patch('Vitistack', NS, NAME, { spec: { description: 'second generation' } });
    const second = await h.waitFor(async () => {
      const p = await planOf(hh);
      return p && p.id !== first.id ? p : undefined;
    }, 'a new plan for generation 2');
    assert.equal(second.generation, 2);
    await h.annotate(NS, NAME, { 'vitistack.io/approve-plan': first.id });
    const stale = await h.waitFor(async () => {
      const c = (await hh.conditions('Vitistack', NS, NAME)).PlanPending;
      return c?.message.includes('is for another plan') ? c : undefined;
    }, 'the stale approval to be reported');
    assert.match(stale.message, new RegExp(`The approval for ${first.id} is for another plan`));
    await h.idle();
    assert.equal(h.engine.count('up'), 0, 'a stale approval runs nothing');
    assert.equal(h.engine.count('preview'), 2, 'and does not preview again (no loop)');

    await h.annotate(NS, NAME, { 'vitistack.io/approve-plan': second.id });
    await h.waitForCondition(NS, NAME, 'Ready', 'True');
    const up = h.engine.calls.find((c) => c.op === 'up');
    assert.ok(
      up?.plan?.endsWith(`${second.id}.json`),
      `up ran the saved plan: ${String(up?.plan)}`,
    );
    assert.equal(await planOf(h), undefined, 'the plan is gone once applied');
    assert.equal((await h.conditions('Vitistack', NS, NAME)).PlanPending, undefined);
    assert.equal((await h.status('Vitistack', NS, NAME)).observedGeneration, 2);
  });

  it('drift: a refresh preview every drift interval; Drifted and an Event; auto remediation runs up', async () => {
    h = await Harness.start({ driftIntervalMs: 3_600_000 });
    await createReadyStack(h);
    await h.advance(3_600_000);
    await h.idle();
    const check = h.engine.calls.at(-1);
    assert.equal(check?.op, 'preview');
    assert.equal(check.refresh, true);
    assert.equal((await h.conditions('Vitistack', NS, NAME)).Drifted?.status, 'False');

    h.engine.drift.set(STACK, 2);
    await h.advance(3_600_000);
    const drifted = await h.waitForCondition(NS, NAME, 'Drifted', 'True', 'DriftDetected');
    assert.match(drifted.message, /2 to update/);
    assert.match(drifted.message, /vitistack\.io\/drift-remediation: auto/);
    assert.ok((await h.eventReasons(NS)).includes('DriftDetected'));
    await h.idle();
    assert.equal(h.engine.count('up'), 1, 'no up without remediation');
    assert.equal((await h.conditions('Vitistack', NS, NAME)).Ready?.status, 'True');

    await h.annotate(NS, NAME, { 'vitistack.io/drift-remediation': 'auto' });
    await h.waitForCondition(NS, NAME, 'Drifted', 'False');
    assert.equal(h.engine.count('up'), 2);
    assert.equal(h.engine.calls.filter((c) => c.op === 'up').at(-1)?.refresh, true);
    assert.equal((await stackRecord(h)).failures, 0);
  });
});

describe('controller: policy packs', function () {
  this.timeout(60_000);

  it('runs both packs; a mandatory violation stalls the Vitistack and lists it, with no up', async () => {
    const packs = ['vitistack-baseline', 'vitistack-compliance'].map((p) =>
      join(repoRoot(), 'policy-packs', p),
    );
    const h = await Harness.start({ policyPacks: packs });
    try {
      await createReadyStack(h);
      assert.equal(
        (await h.conditions('Vitistack', NS, NAME)).PolicyViolations?.reason,
        'NoViolations',
      );
      const ups = h.engine.count('up');
      // SSH open to the internet: no-open-admin-ingress is mandatory in the baseline pack.
      const v = await h.get('Vitistack', NS, NAME);
      const spec = v?.spec as { networking: { firewallRules: { name: string; source: string }[] } };
      const rules = spec.networking.firewallRules.map((r) =>
        r.name === 'ssh-access' ? { ...r, source: '0.0.0.0/0' } : r,
      );
      await h.patch('Vitistack', NS, NAME, { spec: { networking: { firewallRules: rules } } });
      const stalled = await h.waitForCondition(NS, NAME, 'Stalled', 'True', 'MandatoryViolations');
      assert.match(stalled.message, /blocked by mandatory policy violations/);
      const listed = (await h.conditions('Vitistack', NS, NAME)).PolicyViolations;
      assert.ok(listed);
      assert.equal(listed.reason, 'MandatoryViolations');
      assert.match(listed.message, /\[mandatory\] vitistack-baseline\/no-open-admin-ingress: /);
      await h.advance(600_000);
      await h.idle();
      assert.equal(h.engine.count('up'), ups, 'the violation blocks up, and no retry runs');
    } finally {
      await h.stop();
    }
  });
});
