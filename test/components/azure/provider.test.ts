import { strict as assert } from 'node:assert';
import { RecordingMocks } from '../../../src/engine/mocks';
import { isSecretInput, secretValue } from './secrets';
import { settle } from './settle';

const SUB = '2b9c4d1e-7f3a-4c5b-9d6e-1a2b3c4d5e6f';
const TENANT = '7e6d5c4b-3a29-4180-9f7e-6d5c4b3a2918';
const CLIENT = '0f1e2d3c-4b5a-4697-8877-665544332211';
const PASSWORD = 'fake-client-secret-value~0001';

describe('azure provider', () => {
  const mocks = new RecordingMocks('westus2');
  let mod: typeof import('../../../src/components/azure/provider');
  before(async () => {
    await mocks.install('vitistack', 'test');
    mod = await import('../../../src/components/azure/provider.js');
  });

  describe('credentialsFromSecret', () => {
    const cases: { name: string; data: Record<string, string>; want: object }[] = [
      {
        name: 'reads the camelCase keys, trimming a trailing newline',
        data: { clientId: CLIENT, clientSecret: `${PASSWORD}\n`, tenantId: TENANT },
        want: { clientId: CLIENT, clientSecret: PASSWORD, tenantId: TENANT },
      },
      {
        name: 'reads the Azure SDK environment variable names, subscription included',
        data: {
          AZURE_CLIENT_ID: CLIENT,
          AZURE_CLIENT_SECRET: PASSWORD,
          AZURE_TENANT_ID: TENANT,
          AZURE_SUBSCRIPTION_ID: SUB,
        },
        want: { clientId: CLIENT, clientSecret: PASSWORD, tenantId: TENANT, subscriptionId: SUB },
      },
      {
        name: 'reads kebab-case keys',
        data: { 'client-id': CLIENT, 'client-secret': PASSWORD },
        want: { clientId: CLIENT, clientSecret: PASSWORD },
      },
    ];
    for (const tc of cases) {
      it(tc.name, () => {
        assert.deepEqual(mod.credentialsFromSecret(tc.data, 'Secret production/azure'), tc.want);
      });
    }

    it('names the missing keys and the Secret, never a value', () => {
      assert.throws(
        () =>
          mod.credentialsFromSecret(
            { clientId: CLIENT, note: PASSWORD },
            'Secret production/azure',
          ),
        (err: Error) => {
          assert.match(
            err.message,
            /^Secret production\/azure has no clientSecret: expected one of the keys clientSecret, client-secret, client_secret, AZURE_CLIENT_SECRET, ARM_CLIENT_SECRET \(keys present: clientId, note\)/,
          );
          assert.ok(!err.message.includes(PASSWORD));
          assert.ok(!err.message.includes(CLIENT));
          return true;
        },
      );
    });
  });

  describe('validateAzureProviderArgs', () => {
    const cases: {
      name: string;
      args: Parameters<typeof mod.validateAzureProviderArgs>[1];
      want: string[];
    }[] = [
      {
        name: 'a logical region is not a location',
        args: { location: 'east-us', subscriptionId: SUB, allowAmbientCredentials: true },
        want: [
          'azure-native provider "p": location: "east-us" is not an Azure location name; use the lowercase form without spaces or dashes, like "eastus" or "westeurope".',
        ],
      },
      {
        name: 'a service principal needs a tenant',
        args: {
          location: 'eastus',
          subscriptionId: SUB,
          credentials: { clientId: CLIENT, clientSecret: PASSWORD },
        },
        want: [
          `azure-native provider "p": no tenantId for the service principal; add the key tenantId to the credentials Secret or set tenantId in the MachineProvider's azure block.`,
        ],
      },
      {
        name: 'no credentials and no workload identity is refused',
        args: { location: 'eastus', subscriptionId: 'prod' },
        want: [
          'azure-native provider "p": subscriptionId (from the credentials Secret or the MachineProvider) is not a GUID; give the subscription id like "00000000-0000-0000-0000-000000000000".',
          'azure-native provider "p": no credentials given; reference a credentials Secret with the keys clientId, clientSecret and tenantId, or say that the controller\'s workload identity is intended (credentials.serviceAccount).',
        ],
      },
    ];
    for (const tc of cases) {
      it(tc.name, () => {
        assert.deepEqual(mod.validateAzureProviderArgs('p', tc.args), tc.want);
      });
    }
  });

  it('builds a provider whose client secret is stored secret', async () => {
    mod.azureProvider('with-secret', {
      location: 'westus2',
      subscriptionId: SUB,
      tenantId: TENANT,
      credentials: { clientId: CLIENT, clientSecret: PASSWORD },
    });
    mod.azureProvider('ambient', {
      location: 'westus2',
      subscriptionId: SUB,
      workloadIdentity: true,
    });
    mod.azureProvider('render', {
      location: 'westus2',
      subscriptionId: SUB,
      allowAmbientCredentials: true,
    });
    await settle();
    const p = mocks.one('pulumi:providers:azure-native', 'with-secret').inputs;
    assert.equal(p.location, 'westus2');
    assert.equal(p.subscriptionId, SUB);
    assert.equal(p.tenantId, TENANT);
    assert.ok(isSecretInput(p.clientSecret));
    assert.equal(secretValue(p.clientSecret), PASSWORD);
    assert.ok(isSecretInput(p.clientId));
    assert.equal(p.useDefaultAzureCredential, undefined);
    const ambient = mocks.one('pulumi:providers:azure-native', 'ambient').inputs;
    assert.equal(ambient.useDefaultAzureCredential, 'true');
    assert.equal(ambient.clientSecret, undefined);
    // The offline render signs in with nothing.
    const render = mocks.one('pulumi:providers:azure-native', 'render').inputs;
    assert.deepEqual(
      [render.useDefaultAzureCredential, render.clientId, render.clientSecret],
      [undefined, undefined, undefined],
    );
  });
});
