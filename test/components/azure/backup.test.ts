import { strict as assert } from 'node:assert';
import {
  azureBackupSchedule,
  type AzureBackupSchedule,
} from '../../../src/components/azure/backup-schedule';
import { RecordingMocks, unwrap } from '../../../src/engine/mocks';
import { settle } from './settle';

const VAULT_ID =
  '/subscriptions/11111111-2222-4333-8444-555555555555/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv';
const KEY_URI = 'https://kv.vault.azure.net/keys/vitistack';

describe('azure Backup', () => {
  describe('azureBackupSchedule', () => {
    const ok: { cron: string; want: AzureBackupSchedule }[] = [
      { cron: '0 2 * * *', want: { frequency: 'Daily', time: '02:00' } },
      { cron: '@daily', want: { frequency: 'Daily', time: '00:00' } },
      {
        cron: '30 1 * * 1-5',
        want: {
          frequency: 'Weekly',
          days: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'],
          time: '01:30',
        },
      },
      {
        cron: '0 3 * * SUN,SAT',
        want: { frequency: 'Weekly', days: ['Sunday', 'Saturday'], time: '03:00' },
      },
      { cron: '0 */6 * * *', want: { frequency: 'Hourly', interval: 6, time: '00:00' } },
      { cron: '30 2/4 * * *', want: { frequency: 'Hourly', interval: 4, time: '02:30' } },
    ];
    for (const tc of ok) {
      it(`${tc.cron} -> ${tc.want.frequency}`, () => {
        assert.deepEqual(azureBackupSchedule(tc.cron), tc.want);
      });
    }
    const refused: { cron: string; want: RegExp }[] = [
      {
        cron: '15 2 * * *',
        want: /^starts at minute "15"; Azure VM backups start on the hour or half hour/,
      },
      { cron: '0 2 1 * *', want: /^restricts the day of month or the month/ },
      { cron: '0 */5 * * *', want: /^runs at hours "\*\/5"; Azure VM backups run once a day/ },
      { cron: 'daily', want: /^is not a 5-field cron schedule/ },
    ];
    for (const tc of refused) {
      it(`refuses ${tc.cron} with the reason`, () => {
        const reason = azureBackupSchedule(tc.cron);
        assert.equal(typeof reason, 'string');
        assert.match(reason as string, tc.want);
      });
    }
  });

  describe('the vault and its policy', () => {
    const mocks = new RecordingMocks('westus2');
    let mod: typeof import('../../../src/components/azure/backup');
    before(async () => {
      await mocks.install('vitistack', 'test');
      mod = await import('../../../src/components/azure/backup.js');
    });

    it('backs up daily at the hour given and keeps recovery points the days given', async () => {
      const b = new mod.Backup('daily', {
        resourceGroupName: 'rg',
        location: 'westus2',
        vaultName: 'prod-backup',
        schedule: '0 2 * * *',
        retentionDays: 30,
        tags: { team: 'platform' },
      });
      await settle();
      const vault = mocks.one('azure-native:recoveryservices:Vault', 'daily-vault');
      const policy = mocks.one('azure-native:recoveryservices:ProtectionPolicy', 'daily-policy');
      assert.equal(policy.inputs.vaultName, 'prod-backup');
      const props = policy.inputs.properties as Record<string, unknown>;
      assert.equal(props.backupManagementType, 'AzureIaasVM');
      assert.equal(props.policyType, 'V2');
      assert.deepEqual(props.schedulePolicy, {
        schedulePolicyType: 'SimpleSchedulePolicyV2',
        scheduleRunFrequency: 'Daily',
        dailySchedule: { scheduleRunTimes: ['2024-01-01T02:00:00Z'] },
      });
      assert.deepEqual(props.retentionPolicy, {
        retentionPolicyType: 'LongTermRetentionPolicy',
        dailySchedule: {
          retentionTimes: ['2024-01-01T02:00:00Z'],
          retentionDuration: { count: 30, durationType: 'Days' },
        },
      });
      assert.equal(vault.inputs.identity, undefined);
      assert.equal(await unwrap(b.vaultId), vault.id);
      assert.equal(await unwrap(b.policyId), policy.id);
      assert.deepEqual(b.warnings, []);
    });

    it('keeps weekly recovery points whole weeks, and daily ones at least 7 days with a warning', () => {
      const weekly = mod.backupPolicyProperties(
        { frequency: 'Weekly', days: ['Sunday'], time: '03:00' },
        10,
      );
      const retention = (weekly.properties as { retentionPolicy: { weeklySchedule: unknown } })
        .retentionPolicy;
      assert.deepEqual(retention.weeklySchedule, {
        daysOfTheWeek: ['Sunday'],
        retentionTimes: ['2024-01-01T03:00:00Z'],
        retentionDuration: { count: 2, durationType: 'Weeks' },
      });
      const short = mod.backupPolicyProperties({ frequency: 'Daily', time: '01:00' }, 3);
      assert.deepEqual(short.warnings, [
        "backup retention of 3 days is below Azure's minimum for daily recovery points; they are kept 7 days",
      ]);
    });

    it('encrypts the vault with the key through a user-assigned identity that may use it', async () => {
      new mod.Backup('cmk', {
        resourceGroupName: 'rg',
        location: 'westus2',
        vaultName: 'cmk-backup',
        schedule: '0 2 * * *',
        retentionDays: 30,
        key: { keyUri: KEY_URI, keyVaultId: VAULT_ID },
        tags: {},
      });
      await settle();
      const identity = mocks.one(
        'azure-native:managedidentity:UserAssignedIdentity',
        'cmk-identity',
      );
      const grant = mocks.one('azure-native:authorization:RoleAssignment', 'cmk-key-access');
      const vault = mocks.one('azure-native:recoveryservices:Vault', 'cmk-vault');
      assert.equal(grant.inputs.scope, VAULT_ID);
      assert.equal(grant.inputs.principalId, identity.state.principalId);
      assert.deepEqual(vault.inputs.identity, {
        type: 'UserAssigned',
        userAssignedIdentities: [identity.id],
      });
      assert.deepEqual((vault.inputs.properties as Record<string, unknown>).encryption, {
        keyVaultProperties: { keyUri: KEY_URI },
        kekIdentity: { userAssignedIdentity: identity.id, useSystemAssignedIdentity: false },
      });
      // The vault is created only once its identity may use the key.
      assert.ok(vault.dependencies.includes(grant.urn));
    });

    it('refuses a schedule Azure cannot run, naming it and the reason', () => {
      assert.throws(
        () =>
          new mod.Backup('bad', {
            resourceGroupName: 'rg',
            location: 'westus2',
            vaultName: 'bad-backup',
            schedule: '15 2 * * *',
            retentionDays: 30,
            tags: {},
          }),
        /schedule: "15 2 \* \* \*" starts at minute "15"; Azure VM backups start on the hour or half hour, so use minute 0 or 30\./,
      );
    });
  });
});
