// Which cloud builds a Vitistack: the cloud of its highest-priority cloud MachineProvider builds
// the networks, firewall, load balancers and DNS, so providers of another cloud in the same
// Vitistack, and managed clusters without a MachineProvider of their cloud, are refused before
// anything is registered, with the objects named.
import { strict as assert } from 'node:assert';
import { RecordingMocks } from '../../src/engine/mocks';
import { ProgramInputError, stackProgram } from '../../src/program/program';
import type { StackModel } from '../../src/model';
import { awsProvider, docs, header, objectsOf, resolve, vitistack } from '../model/helpers';

const AZURE = `${header('MachineProvider', 'azure')}
spec:
  type: azure
  region: eastus
  azure:
    subscriptionId: 6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b
    resourceGroup: web-rg
    instanceTypes: [{name: Standard_D2s_v3, vcpus: 2, memory: 8Gi}]
    machineImages: [{name: ubuntu, imageId: 'Canonical:0001-com-ubuntu-server-jammy:22_04-lts-gen2:latest'}]`;

const AKS = `${header('KubernetesProvider', 'aks')}
spec:
  type: aks
  version: '1.30'
  region: eastus
  aks:
    clusterConfig: {name: web-aks, resourceGroup: web-rg}
    nodePools:
      - {name: system, mode: System, vmSize: Standard_D2s_v3, scaling: {minSize: 1, maxSize: 3, desiredSize: 1}}`;

const NETWORK = `  networking:
    vpcs:
      - name: main
        cidr: 10.0.0.0/16
        subnets:
          - {name: public-a, cidr: 10.0.1.0/24, type: public, availabilityZone: us-west-2a}
          - {name: private-a, cidr: 10.0.2.0/24, type: private, availabilityZone: us-west-2a}`;

async function problemsOf(model: StackModel): Promise<readonly string[]> {
  const mocks = new RecordingMocks();
  await mocks.install('vitistack', model.stackName);
  try {
    await stackProgram({ model, secrets: {}, mode: 'render' });
  } catch (err) {
    assert.ok(err instanceof ProgramInputError, String(err));
    assert.deepEqual(
      mocks.resources.filter((r) => r.custom && !r.type.startsWith('pulumi:providers:')),
      [],
      'nothing but providers is registered',
    );
    return err.problems;
  }
  return assert.fail('the program built a stack it should have refused');
}

describe('the cloud of a Vitistack', () => {
  it('refuses MachineProviders of a second cloud, naming them and the fix', async () => {
    const model = resolve(
      objectsOf(
        docs(
          vitistack('web', '[{name: aws, priority: 1}, {name: azure, priority: 2}]', NETWORK),
          awsProvider(),
          AZURE,
        ),
      ),
      'production/web',
    );
    assert.deepEqual(await problemsOf(model), [
      "Vitistack production/web spec.machineProviders: production/azure (azure) is not on AWS like the highest-priority provider production/aws; a Vitistack's networks, load balancers and DNS are built on one cloud, so give each cloud its own Vitistack (as stacks/multi-cloud-dr does)",
    ]);
  });

  it('takes the cloud of the highest priority, not the first listed', async () => {
    const model = resolve(
      objectsOf(
        docs(
          vitistack('web', '[{name: aws, priority: 2}, {name: azure, priority: 1}]', NETWORK),
          awsProvider(),
          AZURE,
        ),
      ),
      'production/web',
    );
    const [problem] = await problemsOf(model);
    assert.match(
      problem ?? '',
      /production\/aws \(aws\) is not on Azure like the highest-priority provider production\/azure/,
    );
  });

  it('refuses an AKS cluster in a Vitistack without an Azure MachineProvider', async () => {
    const model = resolve(
      objectsOf(
        docs(
          vitistack('web', '[{name: aws}]', `${NETWORK}\n  kubernetesProviders: [{name: aks}]`),
          awsProvider(),
          AKS,
        ),
      ),
      'production/web',
    );
    assert.deepEqual(await problemsOf(model), [
      "cluster web-aks (aks): needs an Azure MachineProvider (type azure) in the Vitistack for its network; add one to the Vitistack's spec.machineProviders",
    ]);
  });
});
