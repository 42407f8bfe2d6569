import { strict as assert } from 'node:assert';
import {
  CONDITION_REASONS as R,
  CONDITION_TYPES as T,
  findCondition,
  isTrue,
  readConditions,
  removeCondition,
  setCondition,
  setConditions,
  type Condition,
} from '../../src/status/conditions';

const T0 = '2025-01-01T00:00:00Z';
const T1 = '2025-01-01T00:05:00Z';

const ready: Condition = {
  type: T.Ready,
  status: 'True',
  reason: R.Succeeded,
  message: 'Stack production.aws-production is up to date.',
  lastTransitionTime: T0,
  observedGeneration: 3,
};
const reconciling: Condition = {
  type: T.Reconciling,
  status: 'False',
  reason: R.Succeeded,
  message: 'done',
  lastTransitionTime: T0,
  observedGeneration: 3,
};

describe('status/conditions', () => {
  describe('setCondition', () => {
    it('adds a new type at the end with the time and generation of the update', () => {
      const out = setCondition(
        [ready, reconciling],
        { type: T.Drifted, status: 'False', reason: R.NoDrift, message: 'no drift' },
        T1,
        4,
      );
      assert.deepEqual(
        out.map((c) => c.type),
        [T.Ready, T.Reconciling, T.Drifted],
      );
      assert.deepEqual(out[2], {
        type: T.Drifted,
        status: 'False',
        reason: R.NoDrift,
        message: 'no drift',
        lastTransitionTime: T1,
        observedGeneration: 4,
      });
    });

    it('keeps lastTransitionTime when the status is unchanged, but takes reason, message and generation', () => {
      const out = setCondition(
        [ready, reconciling],
        { type: T.Reconciling, status: 'False', reason: R.NoChanges, message: 'nothing to do' },
        T1,
        5,
      );
      assert.deepEqual(out[1], {
        type: T.Reconciling,
        status: 'False',
        reason: R.NoChanges,
        message: 'nothing to do',
        lastTransitionTime: T0,
        observedGeneration: 5,
      });
      // Position is kept: conditions do not reorder on every reconcile.
      assert.deepEqual(
        out.map((c) => c.type),
        [T.Ready, T.Reconciling],
      );
    });

    it('moves lastTransitionTime to now when the status changes', () => {
      const out = setCondition(
        [ready],
        { type: T.Ready, status: 'False', reason: R.OperationFailed, message: 'up failed' },
        T1,
        3,
      );
      assert.equal(out[0]?.lastTransitionTime, T1);
      assert.equal(out[0].status, 'False');
    });

    it('sets now when the old condition had no transition time', () => {
      const out = setCondition(
        [{ ...ready, lastTransitionTime: '' }],
        { type: T.Ready, status: 'True', reason: R.Succeeded, message: 'ok' },
        T1,
        3,
      );
      assert.equal(out[0]?.lastTransitionTime, T1);
    });

    it('leaves observedGeneration out when the generation is unknown', () => {
      const out = setCondition(
        [ready],
        { type: T.Ready, status: 'True', reason: R.Succeeded, message: 'ok' },
        T1,
        undefined,
      );
      assert.equal(out[0] !== undefined && 'observedGeneration' in out[0], false);
    });

    it('does not change the array it was given', () => {
      const before = [ready];
      setCondition(
        before,
        { type: T.Ready, status: 'False', reason: R.Paused, message: 'paused' },
        T1,
        3,
      );
      assert.deepEqual(before, [ready]);
    });
  });

  it('setConditions applies the updates in order (the last one for a type wins)', () => {
    const out = setConditions(
      [],
      [
        { type: T.Stalled, status: 'True', reason: R.RetryLimitReached, message: 'a' },
        { type: T.Reconciling, status: 'False', reason: R.RetryLimitReached, message: 'b' },
        { type: T.Stalled, status: 'False', reason: R.Succeeded, message: 'c' },
      ],
      T1,
      2,
    );
    assert.deepEqual(
      out.map((c) => [c.type, c.status, c.message]),
      [
        [T.Stalled, 'False', 'c'],
        [T.Reconciling, 'False', 'b'],
      ],
    );
  });

  describe('readConditions', () => {
    const notConditions: [string, unknown][] = [
      ['undefined', undefined],
      ['null', null],
      ['a string', 'Ready'],
      ['a status without conditions', { phase: 'Ready' }],
      ['conditions that are not a list', { conditions: { type: 'Ready' } }],
    ];
    for (const [name, status] of notConditions) {
      it(`reads no conditions from ${name}`, () => {
        assert.deepEqual(readConditions(status), []);
      });
    }

    it('drops entries that are not objects or have no string type', () => {
      const out = readConditions({
        conditions: [null, 'Ready', 42, { status: 'True' }, { type: 7, status: 'True' }, ready],
      });
      assert.deepEqual(out, [ready]);
    });

    const odd: [string, unknown][] = [
      ['"true"', 'true'],
      ['"yes"', 'yes'],
      ['""', ''],
      ['1', 1],
      ['null', null],
      ['missing', undefined],
    ];
    for (const [name, value] of odd) {
      it(`maps status ${name} to Unknown`, () => {
        const [c] = readConditions({ conditions: [{ ...ready, status: value }] });
        assert.equal(c?.status, 'Unknown');
      });
    }

    it('fills missing text fields with "" and drops a non-numeric observedGeneration', () => {
      const out = readConditions({
        conditions: [{ type: T.Drifted, status: 'False', reason: 5, observedGeneration: '3' }],
      });
      assert.deepEqual(out, [
        { type: T.Drifted, status: 'False', reason: '', message: '', lastTransitionTime: '' },
      ]);
    });

    it('round-trips what setCondition wrote', () => {
      const written = JSON.parse(JSON.stringify({ conditions: [ready, reconciling] })) as unknown;
      assert.deepEqual(readConditions(written), [ready, reconciling]);
    });
  });

  it('removeCondition drops only that type', () => {
    const out = removeCondition([ready, reconciling], T.Ready);
    assert.deepEqual(out, [reconciling]);
    assert.deepEqual(removeCondition([reconciling], T.PlanPending), [reconciling]);
  });

  it('findCondition finds by type', () => {
    assert.equal(findCondition([ready, reconciling], T.Reconciling), reconciling);
    assert.equal(findCondition([ready], T.Stalled), undefined);
  });

  describe('isTrue', () => {
    const cases: [string, Condition[], boolean][] = [
      ['True', [ready], true],
      ['False', [{ ...ready, status: 'False' }], false],
      ['Unknown', [{ ...ready, status: 'Unknown' }], false],
      ['missing', [reconciling], false],
    ];
    for (const [name, conditions, want] of cases) {
      it(`is ${String(want)} for a Ready that is ${name}`, () => {
        assert.equal(isTrue(conditions, T.Ready), want);
      });
    }
  });
});
