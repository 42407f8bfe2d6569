// The Vitistack-level Azure resources through the whole program: load balancer types and
// listeners Azure cannot build as asked, and bad input reported with its field.
import { strict as assert } from 'node:assert';
import { FAKE_TENANT } from '../../../src/engine/mocks-azure';
import { renderStack } from '../../../src/engine/render-stack';
import { ProgramInputError } from '../../../src/program/program';
import { azureStackYaml, modelOf } from './fixtures';

const LB = 'azure-native:network:LoadBalancer';

function withNetworking(extra: string): string {
  return azureStackYaml({ vitistackExtra: extra });
}

async function problemsOf(yaml: string): Promise<readonly string[]> {
  try {
    await renderStack(modelOf(yaml));
  } catch (err) {
    assert.ok(err instanceof ProgramInputError, String(err));
    return err.problems;
  }
  assert.fail('the program built what it should have refused');
}

describe('azure foundation', () => {
  it('builds network and application load balancers at layer 4, warns about HTTPS, skips classic', async () => {
    // The fixture's networking ends with firewallRules: load balancers are added to it.
    const yaml = azureStackYaml({
      firewallRules: `
    - { name: https, direction: inbound, protocol: tcp, port: 443, source: 0.0.0.0/0 }
    loadBalancers:
      - name: web
        type: application
        listeners: [{ port: 443, protocol: HTTPS, certificateArn: cert-1 }]
      - name: internal-api
        type: network
        internal: true
        listeners: [{ port: 6443, protocol: TCP }]
      - name: old
        type: classic`,
    });
    const r = await renderStack(modelOf(yaml));
    assert.deepEqual(
      r.resources.filter((x) => x.type === LB).map((x) => x.name),
      ['az-web', 'az-internal-api'],
    );
    const subnet = r.resources.find(
      (x) => x.type === 'azure-native:network:Subnet' && x.name === 'az-main-app',
    );
    const internal = r.resources.find((x) => x.name === 'az-internal-api' && x.type === LB);
    assert.deepEqual(
      (internal?.inputs.frontendIPConfigurations as Record<string, unknown>[])[0]?.subnet,
      { id: subnet?.id },
    );
    assert.match(r.outputs.vitistack.loadBalancers[1]?.dnsName ?? '', /^10\.1\.2\.\d+$/);
    for (const w of [
      'load balancer "web" is of type application, built as an Azure Load Balancer (layer 4); HTTP routing needs an Application Gateway, which is not built',
      'load balancer "web": the HTTPS listener on port 443 is forwarded as TCP: Azure Load Balancer does not terminate TLS (its certificate is not used), so the backends must serve TLS themselves (use an Application Gateway to terminate it)',
      'load balancer "old" is of type classic, which is not built; use network or application',
    ]) {
      assert.ok(r.warnings.includes(w), w);
    }
  });

  it('reports bad DNS records, backup schedules, keys and probe intervals with their fields', async () => {
    const yaml = azureStackYaml({
      firewallRules: `
    - { name: https, direction: inbound, protocol: tcp, port: 443, source: 0.0.0.0/0 }
    loadBalancers:
      - name: api
        type: network
        listeners: [{ port: 443, protocol: TCP }]
        healthCheck: { protocol: TCP, interval: 2 }
    dns:
      zone: az.example.com
      records:
        - { name: mail, type: MX, value: mail.example.com }`,
      vitistackExtra: `  security:
    encryption:
      atRest: true
      kmsKeyId: arn:aws:kms:us-west-2:123456789012:key/12345678-1234-1234-1234-123456789012
  backup:
    enabled: true
    schedule: '15 2 * * *'`,
    });
    assert.deepEqual(await problemsOf(yaml), [
      'Vitistack test/az: spec.security.encryption.kmsKeyId: "arn:aws:kms:us-west-2:123456789012:key/12345678-1234-1234-1234-123456789012" is not a versioned Key Vault key URL; on Azure use a form like "https://my-vault.vault.azure.net/keys/my-key/0123456789abcdef0123456789abcdef", or leave it out to make a key',
      'Vitistack test/az: spec.networking.loadBalancers[0].healthCheck.interval: 2 is below 5, the shortest interval Azure probes allow.',
      'Vitistack test/az: spec.networking.dns.records[0]: has the MX value "mail.example.com", which is not "<preference> <host>" (like "10 mail.example.com").',
      'Vitistack test/az: spec.backup.schedule: "15 2 * * *" starts at minute "15"; Azure VM backups start on the hour or half hour, so use minute 0 or 30',
    ]);
  });

  it('keeps audit logs in Log Analytics for at most 730 days and says the destination is not used', async () => {
    const r = await renderStack(
      modelOf(
        withNetworking(`  security:
    auditLogging:
      enabled: true
      retention: 1000d
      destination: cloudwatch`),
      ),
    );
    const ws = r.resources.find((x) => x.type === 'azure-native:operationalinsights:Workspace');
    assert.ok(ws);
    assert.equal(ws.inputs.retentionInDays, 730);
    for (const w of [
      'Vitistack test/az: spec.security.auditLogging.retention: 1000 days is longer than a Log Analytics workspace keeps logs; they are kept 730 days (longer needs long-term retention on the tables, which is not built)',
      'Vitistack test/az: spec.security.auditLogging.destination "cloudwatch" is not used on Azure: audit logs go to a Log Analytics workspace',
    ]) {
      assert.ok(r.warnings.includes(w), w);
    }
    const activity = r.resources.find(
      (x) => x.type === 'azure-native:monitor:SubscriptionDiagnosticSetting',
    );
    assert.ok(activity);
    assert.equal(activity.inputs.workspaceId, ws.id);
    assert.equal(r.outputs.vitistack.auditTrailArn, activity.id);
  });

  it("asks the provider for the Key Vault's tenant when neither the manifest nor the Secret names it", async () => {
    const r = await renderStack(
      modelOf(withNetworking('  security:\n    encryption:\n      atRest: true')),
    );
    const vault = r.resources.find((x) => x.type === 'azure-native:keyvault:Vault');
    assert.equal((vault?.inputs.properties as Record<string, unknown>).tenantId, FAKE_TENANT);
    const key = r.resources.find((x) => x.type === 'azure-native:keyvault:Key');
    assert.equal(r.outputs.vitistack.encryption.kmsKeyArn, key?.state.keyUriWithVersion);
  });
});
