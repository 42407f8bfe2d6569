import { strict as assert } from 'node:assert';
import { RecordingMocks, unwrap } from '../../../src/engine/mocks';
import { settle } from './settle';

const TENANT = '7e6d5c4b-3a29-4180-9f7e-6d5c4b3a2918';
const KEY_URL = 'https://other-vault.vault.azure.net/keys/disks/0123456789abcdef0123456789abcdef';

describe('azure Encryption', () => {
  const mocks = new RecordingMocks('westus2');
  let mod: typeof import('../../../src/components/azure/encryption');
  before(async () => {
    await mocks.install('vitistack', 'test');
    mod = await import('../../../src/components/azure/encryption.js');
  });

  describe('a stack key', () => {
    let enc: InstanceType<typeof mod.Encryption>;
    before(async () => {
      enc = new mod.Encryption('enc', {
        resourceGroupName: 'rg',
        location: 'westus2',
        tenantId: TENANT,
        vaultName: 'kv-prod-12345678',
        tags: { team: 'platform' },
      });
      await settle();
    });

    it('keeps the key in an RBAC Key Vault that no one can purge it from', () => {
      const props = mocks.one('azure-native:keyvault:Vault', 'enc-vault').inputs
        .properties as Record<string, unknown>;
      assert.equal(props.tenantId, TENANT);
      assert.equal(props.enableRbacAuthorization, true);
      assert.equal(props.enablePurgeProtection, true);
      assert.equal(props.enableSoftDelete, true);
    });

    it('makes a yearly-rotated RSA 3072 key', () => {
      const key = mocks.one('azure-native:keyvault:Key', 'enc-key').inputs;
      const props = key.properties as Record<string, unknown>;
      assert.equal(key.vaultName, 'kv-prod-12345678');
      assert.equal(props.kty, 'RSA');
      assert.equal(props.keySize, 3072);
      assert.deepEqual(
        (props.rotationPolicy as { lifetimeActions: unknown[] }).lifetimeActions[0],
        {
          action: { type: 'rotate' },
          trigger: { timeAfterCreate: 'P1Y' },
        },
      );
    });

    it('gives the disk encryption set the key and lets its identity wrap and unwrap with it', async () => {
      const key = mocks.one('azure-native:keyvault:Key', 'enc-key');
      const vault = mocks.one('azure-native:keyvault:Vault', 'enc-vault');
      const des = mocks.one('azure-native:compute:DiskEncryptionSet', 'enc-des');
      assert.deepEqual(des.inputs.activeKey, {
        keyUrl: key.state.keyUriWithVersion,
        sourceVault: { id: vault.id },
      });
      assert.equal(des.inputs.rotationToLatestKeyVersionEnabled, true);
      const grant = mocks.one(
        'azure-native:authorization:RoleAssignment',
        'enc-des-key-access',
      ).inputs;
      assert.equal(grant.scope, vault.id);
      assert.equal(grant.principalId, (des.state.identity as { principalId: string }).principalId);
      assert.match(
        String(grant.roleDefinitionId),
        /^\/subscriptions\/[0-9a-f-]{36}\/providers\/Microsoft\.Authorization\/roleDefinitions\/e147488a-f6f5-4113-8e2d-b22465e65bf6$/,
      );
      assert.equal(await unwrap(enc.keyId), key.state.keyUriWithVersion);
      assert.equal(await unwrap(enc.keyUri), key.state.keyUri);
      assert.equal(enc.ready.length, 2);
    });
  });

  it('uses an existing key without making a vault, and says its access is up to the owner', async () => {
    const enc = new mod.Encryption('byok', {
      resourceGroupName: 'rg',
      location: 'westus2',
      tenantId: TENANT,
      vaultName: 'kv-byok-00000000',
      existingKeyUrl: KEY_URL,
      tags: {},
    });
    await settle();
    assert.deepEqual(
      mocks.byType('azure-native:keyvault:Vault').filter((r) => r.name.startsWith('byok')),
      [],
    );
    assert.deepEqual(
      mocks.one('azure-native:compute:DiskEncryptionSet', 'byok-des').inputs.activeKey,
      { keyUrl: KEY_URL },
    );
    assert.equal(await unwrap(enc.keyUri), 'https://other-vault.vault.azure.net/keys/disks');
    assert.deepEqual(enc.warnings, [
      `the key ${KEY_URL} is in a Key Vault this stack does not manage: grant the disk encryption set's identity the role "Key Vault Crypto Service Encryption User" on it`,
    ]);
  });

  it('refuses a key URL without a version', () => {
    assert.deepEqual(
      mod.validateEncryptionArgs({
        resourceGroupName: 'rg',
        location: 'westus2',
        tenantId: TENANT,
        vaultName: 'kv',
        existingKeyUrl: 'https://v.vault.azure.net/keys/k',
        tags: {},
      }),
      [
        'existingKeyUrl: "https://v.vault.azure.net/keys/k" is not a versioned Key Vault key URL; use a form like "https://my-vault.vault.azure.net/keys/my-key/0123456789abcdef0123456789abcdef".',
      ],
    );
  });
});
