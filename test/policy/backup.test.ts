// The backup policies, run the way the analyzer runs them (test/policy/harness.ts).
import { strict as assert } from 'node:assert';
import {
  BACKUP_POLICIES,
  backupRetention,
  machinesInBackupSelection,
} from '../../src/policy/backup';
import {
  awsProductionResources,
  fromRecorded,
  runOnAwsProduction,
  runStack,
  shapeProblems,
  UNKNOWN_VALUE,
  urnOf,
  type TestResource,
  resourceCases,
  type ResourceCase,
} from './harness';

describe('policy shape (STYLE 17)', () => {
  for (const policy of BACKUP_POLICIES) {
    it(`${policy.name} follows it and serves SOC2, HIPAA and ISO27001`, () => {
      assert.deepEqual(shapeProblems(policy), []);
      assert.deepEqual(policy.tags, ['SOC2', 'HIPAA', 'ISO27001']);
    });
  }
});

describe('backup-retention', () => {
  const plan = (rules: unknown[]): TestResource => ({
    type: 'aws:backup/plan:Plan',
    name: 'plan',
    props: { rules },
  });
  const AWS_FIX = (min: number): string =>
    `set spec.backup.retention in the Vitistack to "${min}d" or longer (the program writes it as lifecycle.deleteAfter).`;
  const cases: ResourceCase[] = [
    {
      name: 'reports a plan rule that deletes recovery points after 3 days',
      resource: plan([{ ruleName: 'daily', lifecycle: { deleteAfter: 3 } }]),
      messages: [
        `aws:backup/plan:Plan plan: rules[0].lifecycle.deleteAfter must be at least 7 days (it is 3); ${AWS_FIX(7)}`,
      ],
    },
    {
      name: 'passes a rule that keeps them exactly the minimum',
      resource: plan([{ ruleName: 'daily', lifecycle: { deleteAfter: 7 } }]),
      messages: [],
    },
    {
      name: 'takes the minimum from the config',
      resource: plan([{ ruleName: 'daily', lifecycle: { deleteAfter: 14 } }]),
      config: { minimumRetentionDays: 30 },
      messages: [
        `aws:backup/plan:Plan plan: rules[0].lifecycle.deleteAfter must be at least 30 days (it is 14); ${AWS_FIX(30)}`,
      ],
    },
    {
      name: 'passes a rule without lifecycle (kept until deleted)',
      resource: plan([{ ruleName: 'daily' }]),
      messages: [],
    },
    {
      name: 'reports a copy action that keeps copies too briefly',
      resource: plan([
        {
          ruleName: 'daily',
          lifecycle: { deleteAfter: 30 },
          copyActions: [{ destinationVaultArn: 'arn:x', lifecycle: { deleteAfter: 1 } }],
        },
      ]),
      messages: [
        `aws:backup/plan:Plan plan: rules[0].copyActions[0].lifecycle.deleteAfter must be at least 7 days (it is 1); ${AWS_FIX(7)}`,
      ],
    },
    {
      name: 'passes a retention unknown during preview',
      resource: plan([{ ruleName: 'daily', lifecycle: { deleteAfter: UNKNOWN_VALUE } }]),
      messages: [],
    },
    {
      name: 'reports an Azure daily schedule kept 3 days, not the weekly one kept a week',
      resource: {
        type: 'azure-native:recoveryservices:ProtectionPolicy',
        name: 'vm-policy',
        props: {
          properties: {
            backupManagementType: 'AzureIaasVM',
            retentionPolicy: {
              retentionPolicyType: 'LongTermRetentionPolicy',
              dailySchedule: { retentionDuration: { count: 3, durationType: 'Days' } },
              weeklySchedule: { retentionDuration: { count: 1, durationType: 'Weeks' } },
            },
          },
        },
      },
      messages: [
        'azure-native:recoveryservices:ProtectionPolicy vm-policy: properties.retentionPolicy.dailySchedule.retentionDuration must be at least 7 days (it is 3 Days); keep recovery points at least 7 days (retentionDuration count and durationType).',
      ],
    },
    {
      name: 'reports a GCP snapshot schedule kept 3 days',
      resource: {
        type: 'gcp:compute/resourcePolicy:ResourcePolicy',
        name: 'snapshots',
        props: { snapshotSchedulePolicy: { retentionPolicy: { maxRetentionDays: 3 } } },
      },
      messages: [
        'gcp:compute/resourcePolicy:ResourcePolicy snapshots: snapshotSchedulePolicy.retentionPolicy.maxRetentionDays must be at least 7 days (it is 3); set snapshotSchedulePolicy.retentionPolicy.maxRetentionDays to 7 or more.',
      ],
    },
    {
      name: 'passes a Backup for GKE plan that never deletes (0)',
      resource: {
        type: 'gcp:gkebackup/backupPlan:BackupPlan',
        name: 'gke',
        props: { retentionPolicy: { backupRetainDays: 0 } },
      },
      messages: [],
    },
  ];
  resourceCases(backupRetention, cases);
});

describe('machines-in-backup-selection', () => {
  const STACK_TAG = 'vitistack.io/stack';
  const planR: TestResource = { type: 'aws:backup/plan:Plan', name: 'plan', props: {} };
  const byTag: TestResource = {
    type: 'aws:backup/selection:Selection',
    name: 'selection',
    props: {
      planId: 'plan-1',
      selectionTags: [{ type: 'STRINGEQUALS', key: STACK_TAG, value: 'ns.app' }],
    },
  };
  const instance = (name: string, props: Record<string, unknown>): TestResource => ({
    type: 'aws:ec2/instance:Instance',
    name,
    props: { ami: 'ami-1', ...props },
  });
  const TAIL =
    "tag the instance so a selection picks it (the Vitistack program tags every machine with vitistack.io/stack = <namespace>.<name>), or add its ARN to a selection's resources.";

  it('is not applicable to a stack without a backup plan', async () => {
    const out = await runStack(machinesInBackupSelection, [instance('web', {})]);
    assert.equal(out.notApplicable, 'the stack has no aws:backup/plan:Plan');
    assert.deepEqual(out.messages, []);
  });

  it('reports each instance no selection picks, with its urn', async () => {
    const out = await runStack(machinesInBackupSelection, [
      planR,
      byTag,
      instance('web', { tags: { [STACK_TAG]: 'ns.app' } }),
      instance('db', { tags: { [STACK_TAG]: 'ns.other' } }),
      instance('cache', { tags: {} }),
    ]);
    assert.deepEqual(out.violations, [
      {
        message: `aws:ec2/instance:Instance db: must be picked by an aws:backup/selection:Selection (tags["vitistack.io/stack"] is "ns.other"; selection picks tag vitistack.io/stack = "ns.app"); ${TAIL}`,
        urn: urnOf('aws:ec2/instance:Instance', 'db'),
      },
      {
        message: `aws:ec2/instance:Instance cache: must be picked by an aws:backup/selection:Selection (tags["vitistack.io/stack"] is not set; selection picks tag vitistack.io/stack = "ns.app"); ${TAIL}`,
        urn: urnOf('aws:ec2/instance:Instance', 'cache'),
      },
    ]);
  });

  it('counts the provider default tags (JSON-encoded provider inputs)', async () => {
    const provider = {
      type: 'pulumi:providers:aws',
      name: 'aws',
      props: { defaultTags: JSON.stringify({ tags: { [STACK_TAG]: 'ns.app' } }) },
    };
    const out = await runStack(machinesInBackupSelection, [
      planR,
      byTag,
      { ...instance('web', { tags: { Name: 'web' } }), provider },
    ]);
    assert.deepEqual(out.messages, []);
  });

  it('does not report an instance whose tags are unknown during preview', async () => {
    const out = await runStack(machinesInBackupSelection, [
      planR,
      byTag,
      instance('web', { tags: UNKNOWN_VALUE }),
      instance('db', { tags: { [STACK_TAG]: UNKNOWN_VALUE } }),
    ]);
    assert.deepEqual(out.messages, []);
    assert.equal(out.unknownError, undefined);
  });

  it('follows ARNs: by property dependencies under preview, by value after the update', async () => {
    const byArn: TestResource = {
      type: 'aws:backup/selection:Selection',
      name: 'by-arn',
      props: { resources: [UNKNOWN_VALUE, 'arn:aws:ec2:us-west-2:1:instance/i-2'] },
      propertyDependencies: { resources: ['web'] },
    };
    const out = await runStack(machinesInBackupSelection, [
      planR,
      byArn,
      instance('web', { arn: UNKNOWN_VALUE }),
      instance('db', { arn: 'arn:aws:ec2:us-west-2:1:instance/i-2' }),
      instance('cache', { arn: 'arn:aws:ec2:us-west-2:1:instance/i-3' }),
    ]);
    assert.deepEqual(
      out.violations.map((v) => v.urn),
      [urnOf('aws:ec2/instance:Instance', 'cache')],
    );
    assert.deepEqual(out.messages, [
      `aws:ec2/instance:Instance cache: must be picked by an aws:backup/selection:Selection (no selection matches its ARN, tags or conditions; by-arn picks 2 resources); ${TAIL}`,
    ]);
  });

  it('applies resources AND conditions, minus notResources', async () => {
    const selection: TestResource = {
      type: 'aws:backup/selection:Selection',
      name: 'sel',
      props: {
        resources: ['arn:aws:ec2:*:*:instance/*'],
        notResources: ['arn:aws:ec2:*:*:instance/i-9'],
        conditions: [{ stringEquals: [{ key: 'aws:ResourceTag/backup', value: 'yes' }] }],
      },
    };
    const out = await runStack(machinesInBackupSelection, [
      planR,
      selection,
      instance('a', { arn: 'arn:aws:ec2:eu-north-1:1:instance/i-1', tags: { backup: 'yes' } }),
      instance('b', { arn: 'arn:aws:ec2:eu-north-1:1:instance/i-2', tags: { backup: 'no' } }),
      instance('c', { arn: 'arn:aws:ec2:eu-north-1:1:instance/i-9', tags: { backup: 'yes' } }),
    ]);
    assert.deepEqual(
      out.violations.map((v) => v.urn),
      ['b', 'c'].map((n) => urnOf('aws:ec2/instance:Instance', n)),
    );
  });

  it('reports every instance when the plan has no selection', async () => {
    const out = await runStack(machinesInBackupSelection, [planR, instance('web', {})]);
    assert.deepEqual(out.messages, [
      'aws:ec2/instance:Instance web: must be picked by an aws:backup/selection:Selection (the stack has the backup plan plan but no selection); add an aws.backup.Selection for the plan, e.g. by the vitistack.io/stack tag.',
    ]);
  });
});

describe('backup policies on stacks/aws-production', () => {
  for (const policy of BACKUP_POLICIES) {
    it(`${policy.name} passes`, async () => {
      const out = await runOnAwsProduction(policy);
      assert.deepEqual(out.messages, []);
      assert.equal(out.notApplicable, undefined);
      assert.equal(out.unknownError, undefined);
    });
  }

  it('backup-retention reports the plan when the minimum exceeds its 30 days', async () => {
    const out = await runOnAwsProduction(backupRetention, { minimumRetentionDays: 31 });
    assert.equal(out.messages.length, 1);
    assert.match(
      out.messages[0] ?? '',
      /rules\[0\]\.lifecycle\.deleteAfter must be at least 31 days \(it is 30\)/,
    );
  });

  it('machines-in-backup-selection reports a machine that lost the stack tag', async () => {
    const resources = fromRecorded(await awsProductionResources(), 'state').map((r) => {
      if (r.name !== 'bastion-host-instance') return r;
      const { 'vitistack.io/stack': _, ...tags } = r.props.tags as Record<string, string>;
      // Without the provider either: its default tags carry the stack tag as well.
      const { provider: _p, ...rest } = r;
      return { ...rest, props: { ...r.props, tags } };
    });
    const out = await runStack(machinesInBackupSelection, resources);
    assert.deepEqual(
      out.violations.map((v) => v.urn),
      [
        'urn:pulumi:production.aws-production::vitistack::vitistack:aws:Machine$aws:ec2/instance:Instance::bastion-host-instance',
      ],
    );
  });
});
