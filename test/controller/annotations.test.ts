import { strict as assert } from 'node:assert';
import {
  MODES,
  readSteering,
  type Mode,
  type Steering,
  type SteeringResult,
} from '../../src/controller/annotations';

const MODE = 'vitistack.io/mode';
const PAUSED = 'vitistack.io/paused';
const DELETION = 'vitistack.io/deletion-policy';
const DRIFT = 'vitistack.io/drift-remediation';
const APPROVE = 'vitistack.io/approve-plan';
const REQUEST = 'vitistack.io/reconcile-request';

function steering(r: SteeringResult): Steering {
  if (!r.ok) assert.fail(`expected steering, got errors: ${r.errors.join('; ')}`);
  return r.steering;
}

function errors(r: SteeringResult): readonly string[] {
  if (r.ok) assert.fail(`expected errors, got ${JSON.stringify(r.steering)}`);
  return r.errors;
}

describe('controller/annotations', () => {
  describe('defaults', () => {
    for (const mode of MODES) {
      it(`without annotations: mode ${mode} from --mode, Delete, manual, not paused`, () => {
        assert.deepEqual(steering(readSteering(undefined, mode)), {
          mode,
          paused: false,
          deletionPolicy: 'Delete',
          driftRemediation: 'manual',
        });
      });
    }

    it('ignores annotations that are not the controller’s', () => {
      const r = readSteering(
        { 'kubectl.kubernetes.io/last-applied-configuration': '{}', 'vitistack.io/team': 'x' },
        'preview',
      );
      assert.deepEqual(steering(r), {
        mode: 'preview',
        paused: false,
        deletionPolicy: 'Delete',
        driftRemediation: 'manual',
      });
    });
  });

  describe('allowed values', () => {
    const cases: [string, Record<string, string>, Partial<Steering>][] = [
      ['mode apply over --mode preview', { [MODE]: 'apply' }, { mode: 'apply' }],
      ['mode preview', { [MODE]: 'preview' }, { mode: 'preview' }],
      ['mode approve', { [MODE]: 'approve' }, { mode: 'approve' }],
      ['paused "true"', { [PAUSED]: 'true' }, { paused: true }],
      ['paused "false"', { [PAUSED]: 'false' }, { paused: false }],
      ['deletion-policy Retain', { [DELETION]: 'Retain' }, { deletionPolicy: 'Retain' }],
      ['deletion-policy Delete', { [DELETION]: 'Delete' }, { deletionPolicy: 'Delete' }],
      ['drift-remediation auto', { [DRIFT]: 'auto' }, { driftRemediation: 'auto' }],
      ['drift-remediation manual', { [DRIFT]: 'manual' }, { driftRemediation: 'manual' }],
      ['approve-plan', { [APPROVE]: 'plan-7f3a' }, { approvePlan: 'plan-7f3a' }],
      [
        'reconcile-request',
        { [REQUEST]: '2025-01-01T00:00:00Z' },
        { reconcileRequest: '2025-01-01T00:00:00Z' },
      ],
    ];
    for (const [name, annotations, want] of cases) {
      it(name, () => {
        const s = steering(readSteering(annotations, 'preview'));
        for (const [k, v] of Object.entries(want)) {
          assert.deepEqual(s[k as keyof Steering], v, k);
        }
      });
    }

    it('ignores an empty approve-plan', () => {
      const s = steering(readSteering({ [MODE]: 'approve', [APPROVE]: '' }, 'apply'));
      assert.equal('approvePlan' in s, false);
    });
  });

  describe('bad values', () => {
    const cases: [string, Mode, Record<string, string>, string][] = [
      [
        'a misspelt deletion policy (never falls back to Delete silently)',
        'apply',
        { [DELETION]: 'Retian' },
        'metadata.annotations["vitistack.io/deletion-policy"]: "Retian" is not allowed; use "Delete", "Retain" (or remove the annotation for "Delete").',
      ],
      [
        'a mode, naming --mode as the fallback',
        'preview',
        { [MODE]: 'dry-run' },
        'metadata.annotations["vitistack.io/mode"]: "dry-run" is not allowed; use "apply", "preview", "approve" (or remove the annotation for "preview").',
      ],
      [
        'paused "True" (values are case-sensitive)',
        'apply',
        { [PAUSED]: 'True' },
        'metadata.annotations["vitistack.io/paused"]: "True" is not allowed; use "true", "false" (or remove the annotation for "false").',
      ],
      [
        'an empty drift remediation',
        'apply',
        { [DRIFT]: '' },
        'metadata.annotations["vitistack.io/drift-remediation"]: "" is not allowed; use "auto", "manual" (or remove the annotation for "manual").',
      ],
    ];
    for (const [name, mode, annotations, message] of cases) {
      it(name, () => {
        assert.deepEqual(errors(readSteering(annotations, mode)), [message]);
      });
    }

    it('reports every bad annotation, not only the first', () => {
      const errs = errors(
        readSteering(
          {
            [MODE]: 'Apply',
            [PAUSED]: 'yes',
            [DELETION]: 'delete',
            [DRIFT]: 'on',
            [APPROVE]: 'plan-1',
          },
          'apply',
        ),
      );
      assert.equal(errs.length, 4);
      const named = [MODE, PAUSED, DELETION, DRIFT].map((k) => `metadata.annotations["${k}"]`);
      for (const [i, prefix] of named.entries()) assert.ok(errs[i]?.startsWith(prefix), errs[i]);
      assert.ok(errs[1]?.includes('"yes"'));
    });
  });
});
