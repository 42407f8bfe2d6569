import { strict as assert } from 'node:assert';
import { RecordingMocks, unwrap } from '../../../src/engine/mocks';
import type { BackupArgs } from '../../../src/components/aws/backup';
import { settle } from './settle';

const T = {
  component: 'vitistack:aws:Backup',
  vault: 'aws:backup/vault:Vault',
  plan: 'aws:backup/plan:Plan',
  selection: 'aws:backup/selection:Selection',
  role: 'aws:iam/role:Role',
  attachment: 'aws:iam/rolePolicyAttachment:RolePolicyAttachment',
} as const;

const KEY = 'arn:aws:kms:us-west-2:123456789012:key/11111111-2222-3333-4444-555555555555';

describe('Backup', () => {
  const mocks = new RecordingMocks('us-west-2');
  let mod: typeof import('../../../src/components/aws/backup');
  before(async () => {
    await mocks.install('vitistack', 'test');
    mod = await import('../../../src/components/aws/backup.js');
  });

  describe('spec 003 backup: 02:00 daily, 30 days', () => {
    let backup: InstanceType<typeof mod.Backup>;
    before(async () => {
      backup = new mod.Backup('bk', {
        schedule: '0 2 * * *',
        retentionDays: 30,
        kmsKeyArn: KEY,
        selectionTag: { key: 'vitistack.io/stack', value: 'production.aws-production' },
        tags: { 'vitistack.io/stack': 'production.aws-production' },
      });
      await settle();
    });

    it('creates a vault encrypted with the stack key', () => {
      const vault = mocks.one(T.vault, 'bk-vault');
      assert.equal(vault.inputs.kmsKeyArn, KEY);
      assert.equal(vault.parent, mocks.one(T.component, 'bk').urn);
    });

    it('schedules the plan in AWS cron form and deletes recovery points after 30 days', () => {
      const plan = mocks.one(T.plan, 'bk-plan');
      const vault = mocks.one(T.vault, 'bk-vault');
      assert.deepEqual(plan.inputs.rules, [
        {
          ruleName: 'scheduled',
          targetVaultName: vault.id,
          schedule: 'cron(0 2 * * ? *)',
          lifecycle: { deleteAfter: 30 },
          recoveryPointTags: { 'vitistack.io/stack': 'production.aws-production' },
        },
      ]);
    });

    it('lets AWS Backup assume a role with the AWS managed backup policy', () => {
      const role = mocks.one(T.role, 'bk-role');
      const trust = JSON.parse(String(role.inputs.assumeRolePolicy)) as {
        Statement: { Principal: unknown; Action: string }[];
      };
      assert.deepEqual(trust.Statement[0]?.Principal, { Service: 'backup.amazonaws.com' });
      assert.equal(trust.Statement[0].Action, 'sts:AssumeRole');
      const attachment = mocks.one(T.attachment, 'bk-role-backup');
      assert.equal(
        attachment.inputs.policyArn,
        'arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup',
      );
      assert.equal(attachment.inputs.role, role.id);
    });

    it('selects every resource tagged with the stack', () => {
      const sel = mocks.one(T.selection, 'bk-selection');
      assert.equal(sel.inputs.planId, mocks.one(T.plan, 'bk-plan').id);
      assert.equal(sel.inputs.iamRoleArn, mocks.one(T.role, 'bk-role').state.arn);
      assert.deepEqual(sel.inputs.selectionTags, [
        { type: 'STRINGEQUALS', key: 'vitistack.io/stack', value: 'production.aws-production' },
      ]);
      assert.ok(sel.dependencies.includes(mocks.one(T.attachment, 'bk-role-backup').urn));
    });

    it('outputs the vault ARN and plan id', async () => {
      assert.equal(await unwrap(backup.vaultArn), mocks.one(T.vault, 'bk-vault').state.arn);
      assert.equal(await unwrap(backup.planId), mocks.one(T.plan, 'bk-plan').id);
    });
  });

  describe('toAwsCron', () => {
    const cases: [string, string][] = [
      ['0 2 * * *', 'cron(0 2 * * ? *)'],
      ['30 3 * * 1-5', 'cron(30 3 ? * 2-6 *)'],
      ['0 4 1 * *', 'cron(0 4 1 * ? *)'],
      ['0 4 1,15 * *', 'cron(0 4 1,15 * ? *)'],
      ['0 5 * * SUN', 'cron(0 5 ? * 1 *)'],
      ['0 5 * * 0,7', 'cron(0 5 ? * 1 *)'],
      ['0 5 * * mon-fri', 'cron(0 5 ? * 2-6 *)'],
      ['0 1 * * 5-7', 'cron(0 1 ? * 1,6-7 *)'],
      ['0 0 * * */2', 'cron(0 0 ? * 1,3,5,7 *)'],
      ['0 */6 * * *', 'cron(0 */6 * * ? *)'],
      ['15 0 1 jan *', 'cron(15 0 1 JAN ? *)'],
      ['@daily', 'cron(0 0 * * ? *)'],
      ['@weekly', 'cron(0 0 ? * 1 *)'],
      ['@hourly', 'cron(0 * * * ? *)'],
    ];
    for (const [cron, aws] of cases) {
      it(`${cron} -> ${aws}`, () => {
        assert.equal(mod.toAwsCron(cron), aws);
      });
    }

    const bad: [string, string][] = [
      [
        '*/15 * * * *',
        'schedule: "*/15 * * * *" runs more than once an hour (minute field "*/15"); AWS Backup runs at most hourly, so give a single minute, like "0 * * * *".',
      ],
      [
        '0 0 1 * 1',
        'schedule: "0 0 1 * 1" restricts both the day of month ("1") and the day of week ("1"); AWS cron cannot combine the two, so set one of them to "*".',
      ],
      [
        '0 0 * *',
        'schedule: "0 0 * *" is not a 5-field cron schedule (has 4 fields, not 5); use a form like "0 2 * * *" (02:00 UTC every day).',
      ],
    ];
    for (const [cron, message] of bad) {
      it(`refuses ${cron}`, () => {
        assert.throws(() => mod.toAwsCron(cron), { message });
      });
    }
  });

  describe('validateBackupArgs', () => {
    const args: BackupArgs = {
      schedule: '0 60 * * *',
      retentionDays: 0,
      selectionTag: { key: '', value: 's' },
      tags: {},
    };
    it('lists every problem', () => {
      assert.deepEqual(mod.validateBackupArgs(args), [
        'schedule: "0 60 * * *" is not a 5-field cron schedule (has hour "60" outside 0-23); use a form like "0 2 * * *" (02:00 UTC every day).',
        'retentionDays: 0 is not a whole number of days above zero; use a value like 90.',
        'selectionTag.key: is empty; give the tag that marks resources to back up, like "vitistack.io/stack".',
      ]);
    });
  });
});
