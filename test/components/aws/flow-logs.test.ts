import { strict as assert } from 'node:assert';
import { RecordingMocks, unwrap } from '../../../src/engine/mocks';
import { settle } from './settle';

const T = {
  component: 'vitistack:aws:FlowLogs',
  logGroup: 'aws:cloudwatch/logGroup:LogGroup',
  role: 'aws:iam/role:Role',
  rolePolicy: 'aws:iam/rolePolicy:RolePolicy',
  flowLog: 'aws:ec2/flowLog:FlowLog',
} as const;

const KEY = 'arn:aws:kms:us-west-2:123456789012:key/11111111-2222-3333-4444-555555555555';

interface Doc {
  Statement: {
    Effect: string;
    Action: string | string[];
    Resource: string | string[];
    Principal?: unknown;
  }[];
}

describe('FlowLogs', () => {
  const mocks = new RecordingMocks('us-west-2');
  let mod: typeof import('../../../src/components/aws/flow-logs');
  before(async () => {
    await mocks.install('vitistack', 'test');
    mod = await import('../../../src/components/aws/flow-logs.js');
  });

  describe('a VPC with 100 days of encrypted flow logs', () => {
    let logs: InstanceType<typeof mod.FlowLogs>;
    before(async () => {
      logs = new mod.FlowLogs('flow', {
        vpcId: 'vpc-1',
        retentionDays: 100,
        kmsKeyArn: KEY,
        tags: { env: 'prod' },
      });
      await settle();
    });

    it('rounds the retention up to 120 days and encrypts the log group', async () => {
      const group = mocks.one(T.logGroup, 'flow-log-group');
      assert.equal(group.inputs.retentionInDays, 120);
      assert.equal(group.inputs.kmsKeyId, KEY);
      assert.deepEqual(group.inputs.tags, { env: 'prod', Name: 'flow-log-group' });
      assert.equal(await unwrap(logs.retentionInDays), 120);
      assert.equal(await unwrap(logs.logGroupName), group.id);
      assert.equal(await unwrap(logs.logGroupArn), group.state.arn);
    });

    it('gives the flow-logs service a role that may write only to this group', () => {
      const role = mocks.one(T.role, 'flow-role');
      const trust = JSON.parse(String(role.inputs.assumeRolePolicy)) as Doc;
      assert.deepEqual(trust.Statement[0]?.Principal, { Service: 'vpc-flow-logs.amazonaws.com' });
      const policy = mocks.one(T.rolePolicy, 'flow-role-policy');
      assert.equal(policy.inputs.role, role.id);
      const doc = JSON.parse(String(policy.inputs.policy)) as Doc;
      const arn = String(mocks.one(T.logGroup, 'flow-log-group').state.arn);
      assert.deepEqual(doc.Statement[0]?.Resource, [arn, `${arn}:*`]);
      assert.deepEqual(doc.Statement[0].Action, [
        'logs:CreateLogStream',
        'logs:PutLogEvents',
        'logs:DescribeLogStreams',
      ]);
      assert.deepEqual(doc.Statement[1], {
        Effect: 'Allow',
        Action: ['logs:DescribeLogGroups'],
        Resource: '*',
      });
      assert.equal(policy.parent, role.urn);
    });

    it('logs ALL traffic of the VPC to the group, after the role can write', () => {
      const fl = mocks.one(T.flowLog, 'flow-flow-log');
      assert.equal(fl.inputs.vpcId, 'vpc-1');
      assert.equal(fl.inputs.trafficType, 'ALL');
      assert.equal(fl.inputs.logDestinationType, 'cloud-watch-logs');
      assert.equal(fl.inputs.logDestination, mocks.one(T.logGroup, 'flow-log-group').state.arn);
      assert.equal(fl.inputs.iamRoleArn, mocks.one(T.role, 'flow-role').state.arn);
      assert.ok(fl.dependencies.includes(mocks.one(T.rolePolicy, 'flow-role-policy').urn));
      assert.equal(fl.parent, mocks.one(T.component, 'flow').urn);
    });
  });

  describe('validateFlowLogsArgs', () => {
    it('refuses a retention CloudWatch cannot keep', () => {
      assert.deepEqual(mod.validateFlowLogsArgs({ vpcId: 'v', retentionDays: 4000, tags: {} }), [
        'retentionDays: 4000 is above 3653 days, the longest allowed here; use at most 3653.',
      ]);
      assert.throws(
        () => new mod.FlowLogs('badfl', { vpcId: 'v', retentionDays: 0, tags: {} }),
        /FlowLogs "badfl" has invalid arguments/,
      );
    });
  });
});
