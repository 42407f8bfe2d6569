// Spec 004 "Provider-Specific Validations": "Azure: Requires valid resource group and
// subscription ID", on the 000 `azure:` block (machineprovider.test.ts covers the 004
// customSettings form). The rules live in machineprovider-rules.ts and machineprovider-block.ts.
import { strict as assert } from 'node:assert';
import { machineProviderKind } from '../../../src/api/v1alpha1/machineprovider';
import { itReports, manifest, validatorFor, type Manifest as Obj } from '../../helpers/kind-cases';

const { valid, messages } = validatorFor(machineProviderKind);
const SUB = '2b9c4d1e-7f3a-4c5b-9d6e-1a2b3c4d5e6f';

const azure = (block: Obj): Obj =>
  manifest(
    machineProviderKind,
    {
      type: 'azure',
      region: 'eastus',
      azure: { credentials: { secretRef: { name: 'azure-credentials' } }, ...block },
    },
    undefined,
    { name: 'p', namespace: 'test' },
  );

describe('MachineProvider: Azure identity (spec 004 provider-specific validations)', () => {
  it('reads a valid subscription, resource group, tenant and location into the canonical identity', () => {
    const mp = valid(
      azure({
        subscriptionId: SUB,
        resourceGroup: 'rg-prod.eu_1(a)',
        tenantId: SUB,
        location: 'westeurope',
      }),
    );
    assert.deepEqual(mp.spec.cloud.azure, {
      subscriptionId: SUB,
      resourceGroup: 'rg-prod.eu_1(a)',
      tenantId: SUB,
      location: 'westeurope',
    });
  });

  itReports(
    [
      {
        name: 'a resource group name ending with "."',
        doc: azure({ subscriptionId: SUB, resourceGroup: 'rg-prod.' }),
        want: [
          'spec.azure.resourceGroup: "rg-prod." is not a valid Azure resource group name (use 1 to 90 letters, digits, "_", "-", ".", "(" and ")", not ending with ".")',
        ],
      },
      {
        name: 'a resource group name with a slash',
        doc: azure({ subscriptionId: SUB, resourceGroup: 'rg/prod' }),
        want: [
          'spec.azure.resourceGroup: "rg/prod" is not a valid Azure resource group name (use 1 to 90 letters, digits, "_", "-", ".", "(" and ")", not ending with ".")',
        ],
      },
      {
        name: 'a subscription id that is not a GUID',
        doc: azure({ subscriptionId: 'my-subscription', resourceGroup: 'rg' }),
        want: [
          'spec.azure.subscriptionId: "my-subscription" is not a valid Azure subscription ID (expected a GUID like "00000000-0000-0000-0000-000000000000")',
        ],
      },
      {
        name: 'no resource group',
        doc: azure({ subscriptionId: SUB }),
        want: ['spec.azure.resourceGroup: is required (expected a string)'],
      },
    ],
    (tc) => messages(tc.doc),
  );
});
