import { strict as assert } from 'node:assert';
import {
  CONDITION_REASONS as R,
  CONDITION_TYPES as T,
  readConditions,
  type Condition,
  type ConditionReason,
  type ConditionStatus,
  type ConditionType,
} from '../../src/status/conditions';
import { StatusDraft } from '../../src/status/vitistack-draft';

const STACK = 'production.aws-production';
const T0 = '2025-01-01T00:00:00Z';
const T1 = '2025-01-01T00:10:00Z';

/** A draft whose clock reads `t` (the test moves it). */
function draftOf(previous: unknown, generation = 3, t = T1): StatusDraft {
  return new StatusDraft(previous, generation, () => t);
}

/** A draft of a stack that was applied, with nothing else said. */
function applied(previous: unknown = {}): StatusDraft {
  const d = draftOf(previous);
  d.updateStack({ name: STACK, appliedInputsHash: 'sha256:abc', appliedGeneration: 3 });
  return d;
}

/** The status as the API server returns it. */
const roundTrip = (s: Record<string, unknown>): Record<string, unknown> =>
  JSON.parse(JSON.stringify(s)) as Record<string, unknown>;

function ready(status: Record<string, unknown>): Condition | undefined {
  return readConditions(status).find((c) => c.type === T.Ready);
}

interface Blocker {
  readonly type: ConditionType;
  readonly status: ConditionStatus;
  readonly reason: ConditionReason;
  readonly message: string;
}

/** The blockers of Ready, most blocking first. */
const BLOCKERS: readonly Blocker[] = [
  { type: T.Stalled, status: 'True', reason: R.RetryLimitReached, message: 'gave up after 5' },
  { type: T.Reconciling, status: 'True', reason: R.Progressing, message: 'running up' },
  { type: T.ProvidersReady, status: 'False', reason: R.ProviderNotFound, message: 'no aws-ec2' },
  { type: T.PlanPending, status: 'True', reason: R.AwaitingApproval, message: 'plan p-1 waits' },
  {
    type: T.NetworkingReady,
    status: 'False',
    reason: R.DependencyNotReady,
    message: 'vpc pending',
  },
];

describe('status/vitistack-draft', () => {
  describe('derived Ready', () => {
    BLOCKERS.forEach((top, i) => {
      it(`${top.type}=${top.status} decides Ready over everything after it`, () => {
        const d = applied();
        // Set the less blocking ones first, so the order of setting does not decide.
        for (const b of [...BLOCKERS.slice(i)].reverse())
          d.set(b.type, b.status, b.reason, b.message);
        const out = d.toStatus();
        const r = ready(out);
        assert.equal(r?.status, 'False');
        assert.equal(r.reason, top.reason);
        assert.equal(r.message, top.message);
        assert.equal(out.message, top.message);
      });
    });

    it('ignores the same conditions when they do not block', () => {
      const d = applied();
      d.set(T.Stalled, 'False', R.Succeeded, '');
      d.set(T.Reconciling, 'False', R.Succeeded, '');
      d.set(T.ProvidersReady, 'True', R.Succeeded, '');
      d.set(T.PlanPending, 'False', R.NoChanges, '');
      d.set(T.NetworkingReady, 'True', R.Succeeded, '');
      const out = d.toStatus();
      assert.equal(ready(out)?.status, 'True');
      assert.equal(out.phase, 'Ready');
    });

    it('is False ProviderNotSupported when some provider types are not built', () => {
      const d = applied();
      d.notBuilt = 'MachineProvider edge-proxmox has type proxmox, which is not built.';
      const out = d.toStatus();
      const r = ready(out);
      assert.deepEqual(
        [r?.status, r?.reason, r?.message],
        ['False', R.ProviderNotSupported, d.notBuilt],
      );
      assert.equal(out.phase, 'Active');
    });

    it('is False Progressing and the phase Pending before the stack was ever applied', () => {
      const d = draftOf({});
      d.updateStack({ name: STACK });
      const out = d.toStatus();
      const r = ready(out);
      assert.deepEqual(
        [r?.status, r?.reason, r?.message],
        ['False', R.Progressing, 'The stack has not been deployed yet.'],
      );
      assert.equal(out.phase, 'Pending');
    });

    it('is True Succeeded, naming the stack, once applied; the phase is Ready', () => {
      const out = applied().toStatus();
      const r = ready(out);
      assert.deepEqual(
        [r?.status, r?.reason, r?.message],
        ['True', R.Succeeded, `Stack ${STACK} is up to date.`],
      );
      assert.equal(r?.observedGeneration, 3);
      assert.equal(out.phase, 'Ready');
    });

    it('stays True when drift was found, and says so', () => {
      const d = applied();
      d.set(T.Drifted, 'True', R.DriftDetected, '2 resources differ');
      const out = d.toStatus();
      const r = ready(out);
      assert.equal(r?.status, 'True');
      assert.match(r.message, /drift/);
      assert.equal(out.phase, 'Ready');
    });

    it('does not mention drift when Drifted is False', () => {
      const d = applied();
      d.set(T.Drifted, 'False', R.NoDrift, '');
      assert.doesNotMatch(ready(d.toStatus())?.message ?? '', /drift/i);
    });

    it('keeps its lastTransitionTime across reconciles while it stays True', () => {
      const first = roundTrip(new StatusDraft({}, 3, () => T0).toStatus());
      const d = new StatusDraft(first, 3, () => T0);
      d.updateStack({ name: STACK, appliedInputsHash: 'h' });
      const before = roundTrip(d.toStatus());
      const again = applied(before).toStatus();
      assert.equal(ready(before)?.status, 'True');
      assert.equal(ready(again)?.lastTransitionTime, T0);
      assert.equal(again.lastUpdateTimestamp, T1);
    });
  });

  describe('paused', () => {
    it('keeps a previous Ready untouched', () => {
      const was: Condition = {
        type: T.Ready,
        status: 'True',
        reason: R.Succeeded,
        message: `Stack ${STACK} is up to date.`,
        lastTransitionTime: T0,
        observedGeneration: 2,
      };
      const prev = { stack: { name: STACK, appliedInputsHash: 'h' }, conditions: [was] };
      const d = draftOf(prev);
      d.paused = true;
      d.set(T.Reconciling, 'True', R.Progressing, 'would run');
      const out = d.toStatus();
      assert.deepEqual(ready(out), was);
      assert.equal(out.phase, 'Ready');
    });

    it('sets Ready False Paused when there was no Ready', () => {
      const d = draftOf({});
      d.paused = true;
      const r = ready(d.toStatus());
      assert.deepEqual([r?.status, r?.reason], ['False', R.Paused]);
    });
  });

  describe('phase', () => {
    it('is Deleting while deleting, even when Ready', () => {
      const d = applied();
      d.deleting = true;
      assert.equal(d.toStatus().phase, 'Deleting');
    });

    it('is Failed when stalled', () => {
      const d = applied();
      d.stalled(R.RetryLimitReached, 'gave up');
      assert.equal(d.toStatus().phase, 'Failed');
    });

    const inProgress: [string, string | undefined, string][] = [
      ['never applied', undefined, 'Initializing'],
      ['applied before', 'sha256:old', 'Active'],
    ];
    for (const [name, hash, phase] of inProgress) {
      it(`is ${phase} while an operation runs on a stack ${name}`, () => {
        const d = draftOf({});
        d.updateStack({
          name: STACK,
          ...(hash === undefined ? {} : { appliedInputsHash: hash }),
          lastOperation: { type: 'up', result: 'in-progress', startTime: T1 },
        });
        d.progressing(R.Progressing, 'running up');
        assert.equal(d.toStatus().phase, phase);
      });
    }

    it('is Pending while reconciling a stack never applied with no operation running', () => {
      const d = draftOf({});
      d.updateStack({ name: STACK });
      d.progressing(R.Progressing, 'resolving');
      assert.equal(d.toStatus().phase, 'Pending');
    });
  });

  describe('toStatus', () => {
    const previous = {
      phase: 'Ready',
      observedGeneration: 4,
      networking: { vpcs: [{ name: 'production-vpc', id: 'vpc-1' }] },
      machineCount: 3,
      plan: { id: 'p-1', summary: { create: 1 }, inputsHash: 'h1' },
      stack: { name: STACK, appliedInputsHash: 'h0' },
    };

    it('carries forward the fields it does not own', () => {
      const out = draftOf(previous).toStatus();
      assert.deepEqual(out.networking, previous.networking);
      assert.equal(out.machineCount, 3);
      assert.deepEqual(out.plan, previous.plan);
      assert.deepEqual(out.stack, previous.stack);
      assert.equal(out.lastUpdateTimestamp, T1);
    });

    it('takes output fields over the previous ones', () => {
      const d = draftOf(previous);
      d.outputFields = { machineCount: 5 };
      assert.equal(d.toStatus().machineCount, 5);
    });

    it('removes the plan when set to null and replaces it when set', () => {
      const removed = draftOf(previous);
      removed.plan = null;
      assert.equal('plan' in removed.toStatus(), false);
      const replaced = draftOf(previous);
      replaced.plan = { id: 'p-2', summary: {}, inputsHash: 'h2' };
      assert.deepEqual(replaced.toStatus().plan, replaced.plan);
      assert.deepEqual(replaced.previousPlan, previous.plan);
    });

    it('keeps the previous observedGeneration unless set, not the generation of the object', () => {
      const d = draftOf(previous, 7);
      assert.equal(d.toStatus().observedGeneration, 4);
      d.observedGeneration = 7;
      assert.equal(d.toStatus().observedGeneration, 7);
    });

    it('merges stack updates into the previous record', () => {
      const d = draftOf(previous);
      d.updateStack({ failures: 2 });
      assert.deepEqual(d.toStatus().stack, { ...previous.stack, failures: 2 });
      assert.deepEqual(d.previousStack, previous.stack);
    });

    it('writes no stack record before the stack has a name', () => {
      assert.equal('stack' in draftOf(undefined).toStatus(), false);
    });

    it('settled clears Reconciling and Stalled', () => {
      const d = applied();
      d.stalled(R.RetryLimitReached, 'x');
      d.settled('done');
      const conds = readConditions(d.toStatus());
      const status = (t: ConditionType) => conds.find((c) => c.type === t)?.status;
      assert.deepEqual(
        [status(T.Reconciling), status(T.Stalled), status(T.Ready)],
        ['False', 'False', 'True'],
      );
    });

    it('remove drops a condition from what is written', () => {
      const d = applied();
      d.set(T.PlanPending, 'True', R.AwaitingApproval, 'p-1');
      d.remove(T.PlanPending);
      const out = d.toStatus();
      assert.equal(
        readConditions(out).some((c) => c.type === T.PlanPending),
        false,
      );
      assert.equal(ready(out)?.status, 'True');
    });
  });
});
