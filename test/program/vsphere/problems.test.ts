// Bad vSphere input is refused before any VM is registered, each problem one sentence naming the
// field, the value and the fix; credentials problems name keys and the Secret, never a value.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RecordingMocks } from '../../../src/engine/mocks';
import { waitForRegistrations } from '../../../src/engine/render';
import { ProgramInputError, stackProgram } from '../../../src/program/program';
import { repoRoot, resolve } from '../../model/helpers';
import {
  edit,
  objectsOfText,
  problemsOf,
  render,
  SECRET,
  VM,
  vsphereModel,
  VSPHERE_STACK,
} from './helpers';

/** The manifests of stacks/vsphere-hybrid, one YAML stream. */
function hybridText(): string {
  const dir = join(repoRoot(), 'stacks', 'vsphere-hybrid');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .join('\n---\n');
}

describe('vSphere program: bad input', () => {
  it('more VMs than spec.capacity.maxMachines: the model refuses, counting the cluster nodes', () => {
    const text = edit(VSPHERE_STACK, 'maxMachines: 10', 'maxMachines: 5');
    assert.throws(
      () => vsphereModel(text),
      (err: Error) => {
        assert.match(
          err.message,
          /MachineProvider dc\/vcenter has capacity for at most 5 machines \(spec\.capacity\.maxMachines\) but 7 are requested/,
        );
        return true;
      },
    );
  });

  it("a VM larger than the provider's computeConfig maxima (vsphere-hybrid)", async () => {
    let text = hybridText();
    text = edit(
      text,
      "requests:\n      cpu: '4'\n      memory: 16Gi",
      "requests:\n      cpu: '48'\n      memory: 300Gi",
    );
    text = edit(
      text,
      "limits:\n      cpu: '4'\n      memory: 16Gi",
      "limits:\n      cpu: '48'\n      memory: 300Gi",
    );
    const model = resolve(objectsOfText(text), 'hq/hybrid-datacenter');
    const mocks = new RecordingMocks();
    await mocks.install('vitistack', model.stackName);
    await assert.rejects(
      () => stackProgram({ model, secrets: {}, mode: 'render' }),
      (err: unknown) => {
        assert.ok(err instanceof ProgramInputError);
        assert.deepEqual(err.problems, [
          'Machine hq/hq-db-1: asks for 48 vCPUs, above MachineProvider hq/vsphere-hq spec.computeConfig.maxCPU 32; use at most 32, or raise maxCPU',
          'Machine hq/hq-db-1: asks for 300 GiB of memory, above MachineProvider hq/vsphere-hq spec.computeConfig.maxMemoryGB 256; use at most 256 GiB, or raise maxMemoryGB',
        ]);
        return true;
      },
    );
    await waitForRegistrations();
    assert.deepEqual(mocks.byType(VM), []);
  });

  it('a Machine without an image, a Windows template and an ISO are refused with the fix', async () => {
    let text = edit(
      VSPHERE_STACK,
      '  machineImage: ubuntu-24.04\n  networking:\n    subnet: Lab Network',
      '  networking:\n    subnet: Lab Network',
    );
    text = edit(
      text,
      '      - name: talos-1.9\n',
      '      - name: windows-2022\n        id: templates/win2022\n        osType: windows\n      - name: talos-1.9\n',
    );
    text = edit(text, 'machineImage: templates/ubuntu-2404', 'machineImage: windows-2022');
    text = edit(
      text,
      '  machineImage: ubuntu-24.04\n  resources:',
      '  operatingSystem:\n    type: linux\n    image:\n      source: iso\n      url: https://images.example/ubuntu-24.04.iso\n  resources:',
    );
    const { problems, mocks } = await problemsOf(text);
    assert.deepEqual(problems, [
      'Machine dc/db-1: spec.machineImage "windows-2022" is a Windows template; vSphere machines are customized as Linux guests only: use a Linux template',
      "Machine dc/lab-1: spec.machineImage is not set; name the template to clone, one of MachineProvider dc/vcenter's images (ubuntu-24.04, windows-2022, talos-1.9)",
      'Machine dc/web-1: spec.operatingSystem.image.url "https://images.example/ubuntu-24.04.iso" (image.source iso) is not a template; vSphere machines are cloned from a VM template: make a template from the image in vCenter and name it (with spec.operatingSystem.image.source template)',
    ]);
    assert.deepEqual(mocks.byType(VM), []);
  });

  it('a provider without a talos template cannot build the cluster (said once for 4 nodes)', async () => {
    const text = edit(
      VSPHERE_STACK,
      '      - name: talos-1.9\n        id: templates/talos-v1.9.5\n        osType: linux\n',
      '',
    );
    const { problems } = await problemsOf(text);
    assert.deepEqual(problems, [
      'cluster k8s (talos): MachineProvider dc/vcenter has no talos template (spec.capabilities.availableImages: ubuntu-24.04); add an image whose name contains "talos" (e.g. talos-v1.9.5) with the vCenter template\'s name as its id',
    ]);
  });

  it('a written address on a network without a subnet and a host name with dots', async () => {
    let text = edit(
      VSPHERE_STACK,
      'spec:\n  networkId: pg-servers\n  ipam:\n    type: static\n    subnet: 10.20.0.0/24\n    gateway: 10.20.0.1\n',
      'spec:\n  networkId: pg-servers\n  ipam:\n    type: static\n',
    );
    text = edit(text, 'name: lab-1\n', 'name: lab.1\n');
    const { problems } = await problemsOf(text);
    assert.deepEqual(problems, [
      'Machine dc/db-1: interface net0 has the address 10.20.0.50 on NetworkConfiguration dc/servers, which has no spec.ipam.subnet, so its netmask is unknown; add spec.ipam.subnet (e.g. "10.0.0.0/24") to the NetworkConfiguration',
      'Machine dc/lab.1: its name "lab.1" becomes the guest\'s host name, which must be 1 to 63 lowercase letters, digits and "-" (no dots); rename the Machine',
    ]);
  });

  describe('credentials', () => {
    it('a Secret without the login keys names the keys and the Secret, never a value', async () => {
      const token = 'tok-9f8e7d6c5b4a';
      const { problems } = await problemsOf(VSPHERE_STACK, { 'dc/vcenter-login': { token } });
      assert.deepEqual(problems, [
        'MachineProvider dc/vcenter: Secret dc/vcenter-login has no user name: expected one of the keys username, user, VSPHERE_USER, vsphere-user, vsphere_user; Secret dc/vcenter-login has no password: expected one of the keys password, VSPHERE_PASSWORD, vsphere-password, vsphere_password (keys present: token)',
      ]);
      assert.ok(!problems.join(' ').includes(token));
    });

    it('deploy: a Secret not supplied is a problem; render: a warning, built without a login', async () => {
      const { problems } = await problemsOf(VSPHERE_STACK, {}, 'deploy');
      assert.deepEqual(problems, [
        'MachineProvider dc/vcenter: credentials Secret dc/vcenter-login was not supplied',
      ]);
      const r = await render(VSPHERE_STACK, {});
      assert.deepEqual(r.warnings, [
        'MachineProvider dc/vcenter: credentials Secret dc/vcenter-login not supplied; the offline render builds the provider without credentials',
      ]);
      const p = r.resources.find((x) => x.type === 'pulumi:providers:vsphere');
      assert.equal(p?.inputs.user, undefined);
    });

    it('certificate authentication cannot sign in: refused in deploy, warned about in render', async () => {
      const text = edit(VSPHERE_STACK, '    type: password\n', '    type: certificate\n');
      const why =
        'MachineProvider dc/vcenter: spec.credentials.type "certificate" cannot sign in to vCenter: the vSphere provider signs in with a user name and password; use authentication type apikey (or credentials type password) with a Secret holding the keys username and password';
      const { problems } = await problemsOf(text, { 'dc/vcenter-login': SECRET }, 'deploy');
      assert.deepEqual(problems, [why]);
      const r = await render(text);
      assert.deepEqual(r.warnings, [
        `${why}. The offline render builds the provider without credentials`,
      ]);
    });
  });

  it('a provider with neither datacenter nor endpoint names both fixes', async () => {
    const text = edit(
      VSPHERE_STACK,
      VSPHERE_STACK.slice(
        VSPHERE_STACK.indexOf('  type: vmware\n'),
        VSPHERE_STACK.indexOf('---\napiVersion: vitistack.io/v1alpha1\nkind: NetworkConfiguration'),
      ),
      '  type: vsphere\n',
    );
    const { problems } = await problemsOf(text, {});
    assert.deepEqual(problems.slice(0, 2), [
      'MachineProvider dc/vcenter: no vSphere datacenter; set spec.config.customSettings.datacenter (or spec.vsphere.datacenter) to the datacenter\'s name in vCenter, e.g. "Datacenter1"',
      'MachineProvider dc/vcenter: no vCenter address; set spec.endpoint.url to the vCenter\'s host name or URL, e.g. "vcenter.example.com"',
    ]);
  });
});
