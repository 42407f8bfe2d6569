// The terminal report and progress lines for operation results.
import { strict as assert } from 'node:assert';
import { progressLine, textReport } from '../../src/cli/report-text';
import { BUCKET, INSTANCE, PREVIEW, RDS, result, SG, step, urn } from './report-fixtures';

describe('textReport', () => {
  it('lists changes, violations (mandatory first), warnings, the verdict and the plan', () => {
    const text = textReport(PREVIEW);
    assert.equal(
      text,
      `Changes (4):
  + aws:ec2/instance:Instance web-1-instance
  ~ aws:ec2/securityGroup:SecurityGroup web-sg (changed: ingress, tags)
  +- aws:rds/instance:Instance orders-db (changed: engineVersion, tags) [replace: engineVersion]
  - aws:s3/bucket:Bucket old-logs

Policy violations (2):
  - mandatory vitistack-aws@0.1.0/rds-storage-encrypted (orders-db): RDS instances must set storageEncrypted: true
  - advisory vitistack-aws@0.1.0/required-tags (stack): Every resource should carry the owner tag

Diagnostics (1):
  - warning (web-sg): ingress rule 0.0.0.0/0 on port 22

preview production.aws-production: 4 to change: 1 to create, 1 to update, 1 to replace, 1 to delete; 12 unchanged
Plan plan-3f9c2a1b7d4e6f80: approve with annotation vitistack.io/approve-plan=plan-3f9c2a1b7d4e6f80
`,
    );
  });

  it('prints only the verdict when nothing changes', () => {
    assert.equal(
      textReport(result({ operation: 'refresh', changeSummary: { same: 7 }, unchanged: 7 })),
      'refresh production.aws-production: No changes; 7 unchanged\n',
    );
  });

  it('a failure before the engine planned anything does not claim "No changes"', () => {
    const failure = {
      kind: 'cli-missing',
      message: 'the pulumi CLI was not found',
      resources: [],
    } as const;
    assert.equal(
      textReport(result({ result: 'failed', failure })),
      'preview production.aws-production: Nothing was planned or changed\n' +
        'Failed (cli-missing): the pulumi CLI was not found\n',
    );
  });

  it('ends a failed up with the failure, errors first and multi-line messages indented', () => {
    const text = textReport(
      result({
        operation: 'up',
        result: 'failed',
        unchanged: 10,
        steps: [
          step('create', INSTANCE, 'web-1-instance', { status: 'failed' }),
          step('update', SG, 'web-sg', { changedKeys: ['tags'], status: 'done' }),
        ],
        diagnostics: [
          { severity: 'warning', message: 'deprecated argument' },
          {
            severity: 'error',
            message: 'creating EC2 Instance: RunInstances\nInvalidParameterValue: bad AMI',
            urn: urn(INSTANCE, 'web-1-instance'),
          },
        ],
        failure: {
          kind: 'failed',
          message: '1 resource failed: web-1-instance (aws:ec2/instance:Instance)',
          resources: [urn(INSTANCE, 'web-1-instance')],
        },
      }),
    );
    assert.equal(
      text,
      `Changes (2):
  + aws:ec2/instance:Instance web-1-instance (failed)
  ~ aws:ec2/securityGroup:SecurityGroup web-sg (changed: tags)

Diagnostics (2):
  - error (web-1-instance): creating EC2 Instance: RunInstances
    InvalidParameterValue: bad AMI
  - warning: deprecated argument

up production.aws-production: 2 changed: 1 created, 1 updated; 10 unchanged
Failed (failed): 1 resource failed: web-1-instance (aws:ec2/instance:Instance)
`,
    );
  });

  it('uses the engine summary for a destroy, in past tense', () => {
    const text = textReport(
      result({
        operation: 'destroy',
        changeSummary: { delete: 3 },
        steps: [step('delete', BUCKET, 'old-logs', { status: 'done' })],
      }),
    );
    assert.ok(text.endsWith('\ndestroy production.aws-production: 3 changed: 3 deleted\n'));
  });
});

describe('progressLine', () => {
  const web = step('create', INSTANCE, 'web-1-instance');

  it('announces a planned step with its symbol and keys', () => {
    assert.equal(
      progressLine({ kind: 'step', step: web }),
      '+ create aws:ec2/instance:Instance web-1-instance',
    );
    assert.equal(
      progressLine({
        kind: 'step',
        step: step('replace', RDS, 'orders-db', {
          changedKeys: ['engineVersion'],
          replaceKeys: ['engineVersion'],
        }),
      }),
      '+- replace aws:rds/instance:Instance orders-db (changed: engineVersion) [replace: engineVersion]',
    );
  });

  it('marks finished and failed steps', () => {
    assert.equal(
      progressLine({ kind: 'step', step: { ...web, status: 'done' } }),
      '✓ create aws:ec2/instance:Instance web-1-instance: done',
    );
    assert.equal(
      progressLine({ kind: 'step', step: { ...web, status: 'failed' } }),
      '✗ create aws:ec2/instance:Instance web-1-instance: failed',
    );
  });

  it('prints policy violations and warnings/errors on one line each', () => {
    assert.equal(
      progressLine({
        kind: 'policy',
        violation: {
          policyPack: 'vitistack-aws',
          policyPackVersion: '0.1.0',
          policy: 'rds-storage-encrypted',
          level: 'mandatory',
          message: 'RDS instances must\n  set storageEncrypted',
          urn: urn(RDS, 'orders-db'),
        },
      }),
      'policy: mandatory vitistack-aws@0.1.0/rds-storage-encrypted (orders-db): RDS instances must set storageEncrypted',
    );
    assert.equal(
      progressLine({
        kind: 'diagnostic',
        diagnostic: { severity: 'error', message: 'update failed\n', urn: urn(SG, 'web-sg') },
      }),
      'error (web-sg): update failed',
    );
  });

  it('skips info diagnostics', () => {
    assert.equal(
      progressLine({ kind: 'diagnostic', diagnostic: { severity: 'info', message: 'creating' } }),
      undefined,
    );
  });
});
