import { strict as assert } from 'node:assert';
import { RecordingMocks, unwrap } from '../../../src/engine/mocks';
import { settle } from './settle';

const NSG =
  '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/networkSecurityGroups/nsg';
const VAULT = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv';

describe('azure AuditLogging', () => {
  const mocks = new RecordingMocks('westus2');
  let mod: typeof import('../../../src/components/azure/audit-logging');
  let audit: InstanceType<typeof mod.AuditLogging>;
  before(async () => {
    await mocks.install('vitistack', 'test');
    mod = await import('../../../src/components/azure/audit-logging.js');
    audit = new mod.AuditLogging('audit', {
      resourceGroupName: 'rg',
      location: 'westus2',
      workspaceName: 'prod-audit',
      retentionDays: 7,
      activityLogSettingName: 'vitistack-production-prod',
      targets: [
        { name: 'nsg', resourceUri: NSG, categories: ['NetworkSecurityGroupEvent'] },
        { name: 'key-vault', resourceUri: VAULT, categoryGroups: ['audit'] },
      ],
      tags: { team: 'platform' },
    });
    await settle();
  });

  it('keeps logs in a workspace at least 30 days, Log Analytics shortest', () => {
    const ws = mocks.one('azure-native:operationalinsights:Workspace', 'audit-workspace').inputs;
    assert.equal(ws.workspaceName, 'prod-audit');
    assert.equal(ws.retentionInDays, 30);
    assert.deepEqual(ws.sku, { name: 'PerGB2018' });
  });

  it("sends the subscription's activity log (who changed what) to the workspace", async () => {
    const ws = mocks.one('azure-native:operationalinsights:Workspace', 'audit-workspace');
    const activity = mocks.one(
      'azure-native:monitor:SubscriptionDiagnosticSetting',
      'audit-activity-log',
    );
    assert.equal(activity.inputs.workspaceId, ws.id);
    assert.deepEqual(activity.inputs.logs, [
      { category: 'Administrative', enabled: true },
      { category: 'Security', enabled: true },
      { category: 'Policy', enabled: true },
    ]);
    assert.equal(await unwrap(audit.activityLogSettingId ?? ''), activity.id);
  });

  it('sends each target its categories or category groups', () => {
    const nsg = mocks.one('azure-native:monitor:DiagnosticSetting', 'audit-nsg').inputs;
    assert.equal(nsg.resourceUri, NSG);
    assert.deepEqual(nsg.logs, [{ category: 'NetworkSecurityGroupEvent', enabled: true }]);
    const kv = mocks.one('azure-native:monitor:DiagnosticSetting', 'audit-key-vault').inputs;
    assert.equal(kv.resourceUri, VAULT);
    assert.deepEqual(kv.logs, [{ categoryGroup: 'audit', enabled: true }]);
  });

  it('refuses a retention above 730 days and a target without categories', () => {
    assert.deepEqual(
      mod.validateAuditLoggingArgs({
        resourceGroupName: 'rg',
        location: 'westus2',
        workspaceName: 'w-audit',
        retentionDays: 1000,
        targets: [{ name: 'x', resourceUri: NSG }],
        tags: {},
      }),
      [
        'retentionDays: 1000 is above 730, the longest Log Analytics workspace retention; use at most 730.',
        'targets[0]: names no log categories or category groups; give one.',
      ],
    );
  });
});
