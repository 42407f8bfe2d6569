// Azure machines through the whole program: what a manifest must fix before anything is built,
// and how a machine is placed.
import { strict as assert } from 'node:assert';
import { renderStack } from '../../../src/engine/render-stack';
import { azureZone } from '../../../src/program/azure/machines';
import { ProgramInputError } from '../../../src/program/program';
import { azureStackYaml, DEFAULT_MACHINE, modelOf } from './fixtures';

const VM = 'azure-native:compute:VirtualMachine';

async function problemsOf(machine: string): Promise<readonly string[]> {
  try {
    await renderStack(modelOf(azureStackYaml({ machine })));
  } catch (err) {
    assert.ok(err instanceof ProgramInputError, String(err));
    return err.problems;
  }
  assert.fail('the program built a machine it should have refused');
}

describe('azure machines', () => {
  describe('azureZone', () => {
    const cases: [string | undefined, string | undefined][] = [
      ['2', '2'],
      ['eastus-3', '3'],
      ['westus2-1', undefined],
      ['us-east-1a', undefined],
      [undefined, undefined],
    ];
    for (const [text, want] of cases) {
      it(`${String(text)} in eastus -> ${String(want)}`, () => {
        assert.equal(azureZone(text, 'eastus'), want);
      });
    }
  });

  const bad: { name: string; machine: string; want: string[] }[] = [
    {
      name: 'an AMI as image',
      machine: DEFAULT_MACHINE.replace('machineImage: ubuntu', 'machineImage: amazon-linux'),
      want: [
        'Machine test/vm-1: image "ami-0c02fb55956c7d316" is neither an Azure marketplace image URN ("Publisher:Offer:Sku:Version", like "Canonical:0001-com-ubuntu-server-jammy:22_04-lts-gen2:latest") nor an image resource id ("/subscriptions/.../providers/Microsoft.Compute/images/..."); list the image with such an imageId in the MachineProvider\'s machineImages, or write one as spec.machineImage',
      ],
    },
    {
      name: 'a subnet the Vitistack does not have and an undefined security group',
      machine: DEFAULT_MACHINE.replace('subnet: app', 'subnet: nowhere').replace(
        '[web]',
        '[web, sg-1]',
      ),
      want: [
        'Machine test/vm-1: subnet "nowhere" is neither a subnet of the Vitistack ("edge", "app", "db") nor an Azure subnet resource id; name one of them in spec.networking.subnet',
        'Machine test/vm-1: security group "sg-1" is not defined; add it to the MachineProvider\'s securityGroups or use an application security group resource id',
      ],
    },
    {
      name: 'an AWS disk type and no SSH key',
      machine: `
  instanceType: Standard_D2s_v5
  machineImage: ubuntu
  storage:
    rootVolume: { size: 40Gi, type: gp3 }
  networking:
    subnet: app`,
      want: [
        'Machine test/vm-1: disk "root" has type "gp3", which is not an Azure disk type (allowed: Premium_LRS, PremiumV2_LRS, Premium_ZRS, StandardSSD_LRS, StandardSSD_ZRS, Standard_LRS, UltraSSD_LRS); set spec.storage.rootVolume.type (or the MachineProvider\'s storage.defaultVolumeType) to one of them',
        'Machine test/vm-1: spec.sshKeys has no publicKey; an Azure Linux VM needs an SSH public key for its admin user (password login stays off), so add one like "ssh-ed25519 AAAA... admin"',
      ],
    },
    {
      name: 'an AWS availability zone',
      machine: `${DEFAULT_MACHINE}
  placement:
    availabilityZone: us-east-1a`,
      want: [
        'Machine test/vm-1: spec.placement.availabilityZone "us-east-1a" is not an Azure zone; use "1", "2" or "3"',
      ],
    },
  ];
  for (const tc of bad) {
    it(`refuses ${tc.name} before building anything`, async () => {
      assert.deepEqual(await problemsOf(tc.machine), tc.want);
    });
  }

  it('puts a machine into its subnet, zone and the application security groups of its groups', async () => {
    const r = await renderStack(
      modelOf(
        azureStackYaml({
          machine: `${DEFAULT_MACHINE}
  placement:
    availabilityZone: eastus-2
    placementGroup: pg-1`,
        }),
      ),
    );
    const vm = r.resources.find((x) => x.type === VM && x.name === 'vm-1-vm');
    assert.ok(vm);
    assert.deepEqual(vm.inputs.zones, ['2']);
    assert.equal(vm.inputs.resourceGroupName, 'rg-az');
    const nic = r.resources.find((x) => x.type === 'azure-native:network:NetworkInterface');
    const asg = r.resources.find(
      (x) =>
        x.type === 'azure-native:network:ApplicationSecurityGroup' && x.name === 'az-firewall-web',
    );
    const subnet = r.resources.find(
      (x) => x.type === 'azure-native:network:Subnet' && x.name === 'az-main-app',
    );
    const [config] = (nic?.inputs.ipConfigurations ?? []) as Record<string, unknown>[];
    assert.ok(config);
    assert.deepEqual(config.subnet, { id: subnet?.id });
    assert.deepEqual(config.applicationSecurityGroups, [{ id: asg?.id }]);
    const m = r.outputs.machines['Machine/test/vm-1'];
    assert.ok(m);
    assert.equal(m.availabilityZone, 'eastus-2');
    assert.match(m.privateIP, /^10\.1\.2\.\d+$/);
    assert.ok(
      r.warnings.includes(
        'Machine test/vm-1: spec.placement.placementGroup is not built on Azure (proximity placement groups)',
      ),
    );
  });

  it('encrypts disks with platform keys and warns when a disk asks for no encryption', async () => {
    const r = await renderStack(
      modelOf(
        azureStackYaml({
          machine: `${DEFAULT_MACHINE}
  storage:
    rootVolume: { size: 40Gi, encryption: false }`,
        }),
      ),
    );
    assert.ok(
      r.warnings.includes(
        'Machine test/vm-1: Azure encrypts every managed disk at rest, so the disks root are encrypted (with platform-managed keys) although the manifest says encryption: false',
      ),
    );
    assert.equal(
      r.resources.filter((x) => x.type === 'azure-native:compute:DiskEncryptionSet').length,
      0,
    );
  });
});
