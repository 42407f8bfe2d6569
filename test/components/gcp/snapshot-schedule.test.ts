import { strict as assert } from 'node:assert';
import { RecordingMocks, unwrap } from '../../../src/engine/mocks';
import { snapshotScheduleOf } from '../../../src/components/gcp/snapshot-schedule';
import { LABELS, PROJECT, REGION, settle } from './helpers';

describe('gcp SnapshotSchedule', () => {
  describe('snapshotScheduleOf', () => {
    const cases: { cron: string; schedule: object; warning?: RegExp }[] = [
      { cron: '0 2 * * *', schedule: { dailySchedule: { daysInCycle: 1, startTime: '02:00' } } },
      { cron: '0 3 */2 * *', schedule: { dailySchedule: { daysInCycle: 2, startTime: '03:00' } } },
      {
        cron: '0 */6 * * *',
        schedule: { hourlySchedule: { hoursInCycle: 6, startTime: '00:00' } },
      },
      {
        cron: '0 4 * * 1,5',
        schedule: {
          weeklySchedule: {
            dayOfWeeks: [
              { day: 'MONDAY', startTime: '04:00' },
              { day: 'FRIDAY', startTime: '04:00' },
            ],
          },
        },
      },
      {
        cron: '30 2 * * *',
        schedule: { dailySchedule: { daysInCycle: 1, startTime: '02:00' } },
        warning: /^GCP starts snapshots on the hour, so minute 30 of "30 2 \* \* \*" is dropped$/,
      },
      {
        cron: '0 2 1 * *',
        schedule: { dailySchedule: { daysInCycle: 1, startTime: '02:00' } },
        warning: /no GCP snapshot schedule form .*; snapshots run daily at 02:00 UTC instead$/,
      },
    ];
    for (const tc of cases) {
      it(`"${tc.cron}"`, () => {
        const got = snapshotScheduleOf(tc.cron);
        assert.deepEqual(got.schedule, tc.schedule);
        if (tc.warning === undefined) assert.equal(got.warning, undefined);
        else assert.match(got.warning ?? '', tc.warning);
      });
    }
  });

  describe('the resource policy', () => {
    const mocks = new RecordingMocks(REGION);
    let mod: typeof import('../../../src/components/gcp/snapshot-schedule');
    before(async () => {
      await mocks.install('vitistack', 'test');
      mod = await import('../../../src/components/gcp/snapshot-schedule.js');
    });

    it('keeps labelled snapshots 30 days in the region, also after their disk is gone', async () => {
      const s = new mod.SnapshotSchedule('prod-snapshots', {
        project: PROJECT,
        region: REGION,
        schedule: snapshotScheduleOf('0 2 * * *').schedule,
        retentionDays: 30,
        labels: LABELS,
      });
      await settle();
      const p = mocks.one('gcp:compute/resourcePolicy:ResourcePolicy', 'prod-snapshots-policy');
      assert.equal(p.inputs.region, REGION);
      assert.deepEqual(p.inputs.snapshotSchedulePolicy, {
        schedule: { dailySchedule: { daysInCycle: 1, startTime: '02:00' } },
        retentionPolicy: { maxRetentionDays: 30, onSourceDiskDelete: 'KEEP_AUTO_SNAPSHOTS' },
        snapshotProperties: { storageLocations: REGION, labels: LABELS },
      });
      assert.equal(
        await unwrap(s.selfLink),
        `https://www.googleapis.com/compute/v1/projects/${PROJECT}/regions/${REGION}/resourcePolicies/prod-snapshots`,
      );
    });

    it('refuses a retention of zero days', () => {
      assert.deepEqual(
        mod.validateSnapshotScheduleArgs({
          project: PROJECT,
          region: REGION,
          schedule: {},
          retentionDays: 0,
          labels: {},
        }),
        ['retentionDays: 0 is not a whole number of days from 1 to 65536; use a value like 30.'],
      );
    });
  });
});
