// The GCP program through stackProgram: bad input is refused before anything is built, with
// messages that name the field, the value and the fix; credentials are read, checked and kept
// secret.
import { strict as assert } from 'node:assert';
import { RecordingMocks } from '../../../src/engine/mocks';
import { waitForRegistrations } from '../../../src/engine/render';
import { renderStack } from '../../../src/engine/render-stack';
import { ProgramInputError, stackProgram } from '../../../src/program/program';
import { isSecretInput, secretValue } from '../../components/gcp/helpers';
import { edit, gcpModel, gcpProductionText } from './helpers';

const KEY_FILE = JSON.stringify({
  type: 'service_account',
  project_id: 'vitistack-prod-123456',
  private_key: '-----BEGIN PRIVATE KEY-----\nFAKE-KEY-MATERIAL-0001\n-----END PRIVATE KEY-----\n',
  client_email: 'deployer@vitistack-prod-123456.iam.gserviceaccount.com',
});

async function problemsOf(text: string, secrets = {}, mode: 'render' | 'deploy' = 'render') {
  const model = gcpModel(text);
  const mocks = new RecordingMocks('us-west1');
  await mocks.install('vitistack', model.stackName);
  try {
    await stackProgram({ model, secrets, mode });
  } catch (err) {
    await waitForRegistrations();
    assert.ok(err instanceof ProgramInputError, String(err));
    return { problems: err.problems, mocks };
  }
  return assert.fail('the program ran, but problems were expected');
}

describe('GCP program: bad input', () => {
  it('an AMI, an AWS instance type and an unknown subnet are refused, naming field, value and fix', async () => {
    let text = gcpProductionText();
    text = edit(
      text,
      'instanceType: e2-micro\n  machineImage: ubuntu-22.04',
      'instanceType: e2-micro\n  machineImage: ami-0c55b159cbfafe1d0',
    );
    text = edit(text, 'subnet: private-subnet-2', 'subnet: private-subnet-9');
    const { problems, mocks } = await problemsOf(text);
    assert.deepEqual(problems, [
      'Machine production/app-server-2: spec.networking.subnet "private-subnet-9" is neither a subnet of the Vitistack nor a subnetwork self link ("projects/P/regions/R/subnetworks/N"); name one of the Vitistack\'s subnets in spec.networking.vpcs',
      'Machine production/bastion-host: image "ami-0c55b159cbfafe1d0" is not a GCP image; list the image with an imageId like "projects/ubuntu-os-cloud/global/images/family/ubuntu-2204-lts" in the MachineProvider\'s machineImages',
    ]);
    // Nothing machine- or cluster-shaped was registered.
    assert.deepEqual(mocks.byType('gcp:compute/instance:Instance'), []);
    assert.deepEqual(mocks.byType('gcp:container/cluster:Cluster'), []);
  });

  it('an AWS machine type and a zone outside the region are refused', async () => {
    let text = gcpProductionText();
    text = edit(
      text,
      '      - name: e2-micro\n',
      '      - name: m5.large\n        vcpus: 2\n        memory: 8Gi\n      - name: e2-micro\n',
    );
    text = edit(text, 'instanceType: e2-micro', 'instanceType: m5.large');
    text = edit(
      text,
      'networking:\n    subnet: public-subnet-1',
      'placement:\n    availabilityZone: us-east1-b\n  networking:\n    subnet: public-subnet-1',
    );
    const { problems } = await problemsOf(text);
    assert.deepEqual(problems, [
      'Machine production/bastion-host: spec.instanceType "m5.large" is not a GCP machine type; use one like "e2-standard-2" (and list it in the MachineProvider\'s instanceTypes)',
      'Machine production/bastion-host: zone "us-east1-b" (from spec.placement.availabilityZone or its subnet\'s availabilityZone) is not a zone of region "us-west1"; use one like "us-west1-a"',
    ]);
  });

  it("a GKE cluster outside the network's region and project, on an unknown subnetwork, is refused", async () => {
    let text = gcpProductionText();
    text = edit(text, 'location: us-west1\n', 'location: europe-north1\n');
    text = edit(text, 'subnetwork: private-subnet-1', 'subnetwork: gke-subnet');
    text = edit(
      text,
      'network: production-vpc',
      'network: other-vpc\n      project: other-project-1',
    );
    const { problems } = await problemsOf(text);
    const where = 'cluster gcp-gke-provider (KubernetesProvider/production/gcp-gke-provider)';
    assert.deepEqual(problems, [
      `${where}: location "europe-north1" is outside region "us-west1" of the Vitistack's network; set spec.gke.clusterConfig.location to "us-west1" or one of its zones`,
      `${where}: spec.gke.clusterConfig.project "other-project-1" differs from project "vitistack-prod-123456" of the MachineProvider whose network the cluster uses (Shared VPC is not built); remove project or use "vitistack-prod-123456"`,
      `${where}: spec.gke.clusterConfig.subnetwork "gke-subnet" is neither a subnet of the Vitistack nor a subnetwork self link; name one of the subnets in spec.networking.vpcs`,
      `${where}: spec.gke.clusterConfig.network "other-vpc" is not a VPC of the Vitistack (production-vpc); name one of spec.networking.vpcs or leave network out`,
    ]);
  });

  it('a credentials Secret that is not a key file is refused in deploy mode, never showing its value', async () => {
    const secrets = { 'production/gcp-credentials': { 'credentials.json': 'hunter2-not-json' } };
    const { problems } = await problemsOf(gcpProductionText(), secrets, 'deploy');
    assert.ok(problems.length > 0);
    for (const p of problems) assert.ok(!p.includes('hunter2'), p);
    assert.ok(
      problems.includes(
        'MachineProvider production/gcp-compute-provider: Secret production/gcp-credentials key credentials.json is not JSON; it must hold a service account key file as downloaded from Google Cloud (gcloud iam service-accounts keys create).',
      ),
      problems.join('\n'),
    );
  });
});

describe('GCP program: providers and credentials', () => {
  it('builds one provider per MachineProvider and KubernetesProvider with the key file as a secret', async () => {
    const secrets = { 'production/gcp-credentials': { 'credentials.json': KEY_FILE } };
    const r = await renderStack(gcpModel(), { secrets, mode: 'deploy' });
    const providers = r.resources.filter((x) => x.type === 'pulumi:providers:gcp');
    assert.deepEqual(providers.map((p) => p.name).sort(), [
      'production-gcp-compute-provider',
      'production-gcp-gke-provider',
    ]);
    for (const p of providers) {
      assert.ok(isSecretInput(p.inputs.credentials), p.name);
      assert.equal(secretValue(p.inputs.credentials), KEY_FILE);
      assert.equal(p.inputs.project, 'vitistack-prod-123456');
      assert.equal(p.inputs.region, 'us-west1');
    }
    assert.equal(
      providers.find((p) => p.name.endsWith('compute-provider'))?.inputs.zone,
      'us-west1-a',
    );
    // The cluster is built with the KubernetesProvider's own provider.
    const gkeProvider = providers.find((p) => p.name.endsWith('gke-provider'));
    const cluster = r.resources.find((x) => x.type === 'gcp:container/cluster:Cluster');
    assert.ok(cluster?.provider?.includes(gkeProvider?.urn ?? '-'), cluster?.provider);
    assert.ok(!JSON.stringify(r.status).includes('FAKE-KEY-MATERIAL'));
    assert.ok(!r.warnings.some((w) => w.includes('not supplied')));
  });

  it('labels every resource with the stack labels through the provider default labels', async () => {
    const r = await renderStack(gcpModel());
    const p = r.resources.find((x) => x.name === 'production-gcp-compute-provider');
    assert.deepEqual(JSON.parse(String(p?.inputs.defaultLabels)), {
      'vitistack-io-environment': 'production',
      'vitistack-io-region': 'us-west1',
      'vitistack-io-team': 'platform',
      'vitistack-io-stack': 'production-gcp-production',
      'vitistack-io-managed-by': 'vitistack-pulumi',
    });
  });
});
