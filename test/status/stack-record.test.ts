import { strict as assert } from 'node:assert';
import type { ChangeSummary, FailureKind, OperationResult } from '../../src/engine/result';
import {
  describeChanges,
  finishedOperation,
  operationMessage,
  readPlan,
  readStackRecord,
  type StackRecord,
} from '../../src/status/stack-record';

const START = '2025-01-01T00:00:00.000Z';
const END = '2025-01-01T00:03:00.000Z';

function result(over: Partial<OperationResult> = {}): OperationResult {
  return {
    operation: 'up',
    stack: 'production.aws-production',
    startedAt: START,
    endedAt: END,
    result: 'succeeded',
    changeSummary: { create: 3, update: 1, same: 12 },
    steps: [],
    unchanged: 12,
    policyViolations: [],
    diagnostics: [],
    outputs: {},
    lockRetries: 0,
    ...over,
  };
}

const failure = (kind: FailureKind, message: string) => ({ kind, message, resources: [] }) as const;

const fullStack: StackRecord = {
  name: 'production.aws-production',
  lastOperation: {
    type: 'up',
    result: 'succeeded',
    startTime: START,
    endTime: END,
    generation: 4,
    inputsHash: 'sha256:abc',
    changeSummary: { create: 3, same: 12 },
    message: 'up succeeded: 3 created',
    holder: 'controller-0',
  },
  appliedInputsHash: 'sha256:abc',
  appliedGeneration: 4,
  failures: 0,
  lastDriftCheckTime: END,
  lastHandledReconcileRequest: 'now',
};

/** The status as the API server returns it after the controller wrote it. */
const written = (status: unknown): unknown => JSON.parse(JSON.stringify(status)) as unknown;

describe('status/stack-record', () => {
  describe('readStackRecord', () => {
    const absent: [string, unknown][] = [
      ['no status', undefined],
      ['a status without stack', { phase: 'Pending' }],
      ['a stack that is a string', { stack: 'production.aws-production' }],
      ['a stack that is a list', { stack: [fullStack] }],
    ];
    for (const [name, status] of absent) {
      it(`is undefined for ${name}`, () => {
        assert.equal(readStackRecord(status), undefined);
      });
    }

    it('reads back a record as written', () => {
      assert.deepEqual(readStackRecord(written({ stack: fullStack })), fullStack);
    });

    it('drops fields of the wrong type and defaults the name to ""', () => {
      const r = readStackRecord({
        stack: { appliedInputsHash: 7, appliedGeneration: '4', failures: 2, lastOperation: 'up' },
      });
      assert.deepEqual(r, { name: '', failures: 2 });
    });

    it('drops a last operation of an unknown type', () => {
      const r = readStackRecord({
        stack: { name: 's', lastOperation: { ...fullStack.lastOperation, type: 'deploy' } },
      });
      assert.deepEqual(r, { name: 's' });
    });

    for (const bad of ['done', 42, undefined]) {
      it(`reads result ${String(bad)} as failed`, () => {
        const r = readStackRecord({
          stack: { name: 's', lastOperation: { type: 'refresh', result: bad, startTime: START } },
        });
        assert.deepEqual(r?.lastOperation, { type: 'refresh', result: 'failed', startTime: START });
      });
    }

    it('keeps only the numeric counts of a change summary', () => {
      const r = readStackRecord({
        stack: {
          name: 's',
          lastOperation: { type: 'up', result: 'succeeded', changeSummary: { create: 2, x: '1' } },
        },
      });
      assert.deepEqual(r?.lastOperation?.changeSummary, { create: 2 });
      assert.equal(r.lastOperation.startTime, '');
    });
  });

  describe('readPlan', () => {
    const plan = {
      id: 'plan-1a2b',
      summary: { create: 2, delete: 1 },
      generation: 5,
      inputsHash: 'sha256:def',
      createdAt: END,
    };

    it('reads back a plan as written', () => {
      assert.deepEqual(readPlan(written({ plan })), plan);
    });

    const absent: [string, unknown][] = [
      ['no status', null],
      ['no plan', { stack: fullStack }],
      ['a plan without id', { plan: { ...plan, id: undefined } }],
      ['a plan without inputsHash', { plan: { ...plan, inputsHash: 3 } }],
      ['a plan that is a list', { plan: [plan] }],
    ];
    for (const [name, status] of absent) {
      it(`is undefined for ${name}`, () => {
        assert.equal(readPlan(status), undefined);
      });
    }

    it('reads a malformed summary as empty and leaves out bad optional fields', () => {
      assert.deepEqual(
        readPlan({ plan: { id: 'p', inputsHash: 'h', summary: 'lots', generation: 'x' } }),
        { id: 'p', inputsHash: 'h', summary: {} },
      );
    });
  });

  describe('describeChanges', () => {
    const cases: [string, ChangeSummary, string, string][] = [
      [
        'create and update',
        { create: 3, update: 1 },
        '3 to create, 1 to update',
        '3 created, 1 updated',
      ],
      ['same left out', { same: 40, delete: 2 }, '2 to delete', '2 deleted'],
      ['zero counts left out', { create: 0, replace: 1, update: 0 }, '1 to replace', '1 replaced'],
      ['only same', { same: 12 }, 'no changes', 'no changes'],
      ['empty', {}, 'no changes', 'no changes'],
      ['import', { import: 2 }, '2 to import', '2 imported'],
      [
        'an op without a past tense',
        { 'delete-replaced': 1 },
        '1 to delete-replaced',
        '1 delete-replaced',
      ],
    ];
    for (const [name, summary, planned, done] of cases) {
      it(`planned: ${name}`, () => {
        assert.equal(describeChanges(summary, false), planned);
      });
      it(`done: ${name}`, () => {
        assert.equal(describeChanges(summary, true), done);
      });
    }
  });

  describe('operationMessage', () => {
    it('says what an up changed, in the past tense', () => {
      assert.equal(operationMessage(result()), 'up succeeded: 3 created, 1 updated');
    });

    it('says what a preview would change', () => {
      assert.equal(
        operationMessage(result({ operation: 'preview' })),
        'preview succeeded: 3 to create, 1 to update',
      );
    });

    it('says "no changes" for an up that changed nothing', () => {
      assert.equal(
        operationMessage(result({ changeSummary: { same: 12 } })),
        'up succeeded: no changes',
      );
    });

    it('names the operation, the failure kind and its message', () => {
      const r = result({
        result: 'failed',
        failure: failure('locked', 'the stack is locked by another update; wait and retry'),
      });
      assert.equal(
        operationMessage(r),
        'up failed (locked): the stack is locked by another update; wait and retry',
      );
    });
  });

  describe('finishedOperation', () => {
    const at = { generation: 6, inputsHash: 'sha256:fff', holder: 'controller-1' };

    it('records a success with its times, changes, inputs, generation and holder', () => {
      assert.deepEqual(finishedOperation(result(), at), {
        type: 'up',
        result: 'succeeded',
        startTime: START,
        endTime: END,
        generation: 6,
        inputsHash: 'sha256:fff',
        changeSummary: { create: 3, update: 1, same: 12 },
        message: 'up succeeded: 3 created, 1 updated',
        holder: 'controller-1',
      });
    });

    it('records a cancelled operation as cancelled, not failed', () => {
      const r = result({ result: 'failed', failure: failure('cancelled', 'interrupted') });
      const op = finishedOperation(r, at);
      assert.equal(op.result, 'cancelled');
      assert.equal(op.message, 'up failed (cancelled): interrupted');
    });

    it('records a timed-out operation as cancelled (it may leave pending operations too)', () => {
      const r = result({ result: 'failed', failure: failure('timeout', 'took longer than 1h') });
      assert.equal(finishedOperation(r, at).result, 'cancelled');
    });

    it('records any other failure as failed', () => {
      const r = result({ result: 'failed', failure: failure('credentials', 'bad keys') });
      assert.equal(finishedOperation(r, at).result, 'failed');
    });

    it('leaves the generation out when unknown', () => {
      const op = finishedOperation(result(), { inputsHash: 'h', holder: 'c' });
      assert.equal('generation' in op, false);
    });

    it('reads back the same after being written to status (a restarted controller sees it)', () => {
      const op = finishedOperation(
        result({ result: 'failed', failure: failure('cancelled', 'x') }),
        at,
      );
      const back = readStackRecord(written({ stack: { name: 's', lastOperation: op } }));
      assert.deepEqual(back?.lastOperation, op);
    });
  });
});
