import { strict as assert } from 'node:assert';
import { RecordingMocks, unwrap } from '../../../src/engine/mocks';
import { KEY, LABELS, PROJECT, REGION, settle } from './helpers';

const PLAN = 'gcp:gkebackup/backupPlan:BackupPlan';
const CLUSTER = `projects/${PROJECT}/locations/${REGION}/clusters/prod`;

describe('gcp GkeBackupPlan', () => {
  const mocks = new RecordingMocks(REGION);
  let mod: typeof import('../../../src/components/gcp/gke-backup-plan');
  before(async () => {
    await mocks.install('vitistack', 'test');
    mod = await import('../../../src/components/gcp/gke-backup-plan.js');
  });

  it('backs up every namespace with volumes and Secrets nightly, 7 days, with the stack key', async () => {
    const plan = new mod.GkeBackupPlan('prod-backup', {
      cluster: CLUSTER,
      project: PROJECT,
      location: REGION,
      schedule: '0 1 * * *',
      retentionDays: 7,
      kmsKeyId: KEY,
      labels: LABELS,
    });
    await settle();
    const p = mocks.one(PLAN, 'prod-backup-plan');
    assert.equal(p.inputs.cluster, CLUSTER);
    assert.equal(p.inputs.location, REGION);
    assert.deepEqual(p.inputs.backupSchedule, { cronSchedule: '0 1 * * *' });
    assert.deepEqual(p.inputs.retentionPolicy, { backupRetainDays: 7 });
    assert.deepEqual(p.inputs.backupConfig, {
      includeVolumeData: true,
      includeSecrets: true,
      allNamespaces: true,
      encryptionKey: { gcpKmsEncryptionKey: KEY },
    });
    assert.deepEqual(p.inputs.labels, LABELS);
    assert.equal(
      await unwrap(plan.planId),
      `projects/${PROJECT}/locations/${REGION}/backupPlans/prod-backup`,
    );
  });

  it('backs up only the listed namespaces', async () => {
    new mod.GkeBackupPlan('apps-backup', {
      cluster: CLUSTER,
      project: PROJECT,
      location: REGION,
      schedule: '0 3 * * *',
      retentionDays: 30,
      namespaces: ['shop', 'billing'],
      labels: {},
    });
    await settle();
    const cfg = mocks.one(PLAN, 'apps-backup-plan').inputs.backupConfig as Record<string, unknown>;
    assert.deepEqual(cfg.selectedNamespaces, { namespaces: ['shop', 'billing'] });
    assert.equal(cfg.allNamespaces, undefined);
    assert.equal(cfg.encryptionKey, undefined);
  });

  it('refuses a schedule that is not cron and a retention of zero', () => {
    assert.deepEqual(
      mod.validateGkeBackupPlanArgs({
        cluster: CLUSTER,
        project: PROJECT,
        location: REGION,
        schedule: 'daily',
        retentionDays: 0,
        labels: {},
      }),
      [
        'schedule: "daily" is not a cron expression of five fields; use a form like "0 1 * * *".',
        'retentionDays: 0 is not a whole number of days from 1 to 32850.',
      ],
    );
  });
});
