import { strict as assert } from 'node:assert';
import * as network from '@pulumi/azure-native/network';
import type { MachineArgs } from '../../../src/components/azure/machine';
import { RecordingMocks, unwrap } from '../../../src/engine/mocks';
import { isSecretInput, secretValue } from './secrets';
import { settle } from './settle';

const VM = 'azure-native:compute:VirtualMachine';
const NIC = 'azure-native:network:NetworkInterface';
const DISK = 'azure-native:compute:Disk';
const DES = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/diskEncryptionSets/des';
const ASG =
  '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/applicationSecurityGroups/web';
const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFAKEFAKEFAKE admin@example';
const IMAGE = {
  publisher: 'Canonical',
  offer: '0001-com-ubuntu-server-jammy',
  sku: '22_04-lts-gen2',
  version: 'latest',
};

describe('azure Machine', () => {
  const mocks = new RecordingMocks('westus2');
  let mod: typeof import('../../../src/components/azure/machine');
  let subnetId: string;
  const base = (over: Partial<MachineArgs> = {}): MachineArgs => ({
    name: 'web-01',
    resourceGroupName: 'rg',
    location: 'westus2',
    vmSize: 'Standard_D2s_v5',
    image: IMAGE,
    subnetId,
    sshPublicKey: KEY,
    osDisk: { name: 'root', sizeGiB: 30 },
    tags: { 'vitistack.io/stack': 'production.web' },
    ...over,
  });
  before(async () => {
    await mocks.install('vitistack', 'test');
    mod = await import('../../../src/components/azure/machine.js');
    const subnet = new network.Subnet('app', {
      resourceGroupName: 'rg',
      virtualNetworkName: 'main',
      subnetName: 'app',
      addressPrefix: '10.0.2.0/24',
    });
    subnetId = await unwrap(subnet.id);
  });

  describe('a public VM with a data disk, a disk encryption set, cloud-init and backup', () => {
    let m: InstanceType<typeof mod.Machine>;
    before(async () => {
      m = new mod.Machine(
        'web',
        base({
          publicIp: true,
          applicationSecurityGroupIds: [ASG],
          userData: '#cloud-config\npackages: [nginx]\n',
          osDisk: { name: 'root', sizeGiB: 40, type: 'StandardSSD_LRS' },
          dataDisks: [{ name: 'data', sizeGiB: 100 }],
          diskEncryptionSetId: DES,
          zone: '2',
          backup: { vaultName: 'prod-backup', resourceGroupName: 'rg', policyId: 'policy-id' },
        }),
      );
      await settle();
    });

    it('places the network interface in the subnet and its application security groups, with a public IP', () => {
      const nic = mocks.one(NIC, 'web-nic').inputs;
      const ip = mocks.one('azure-native:network:PublicIPAddress', 'web-ip');
      const [config] = nic.ipConfigurations as Record<string, unknown>[];
      assert.deepEqual(config, {
        name: 'primary',
        primary: true,
        subnet: { id: subnetId },
        privateIPAllocationMethod: 'Dynamic',
        publicIPAddress: { id: ip.id },
        applicationSecurityGroups: [{ id: ASG }],
      });
      assert.deepEqual(ip.inputs.zones, ['2']);
    });

    it('marks the requested public IP on the interface and the VM (policy public-ip-only-when-requested)', () => {
      for (const [type, name] of [
        [NIC, 'web-nic'],
        [VM, 'web-vm'],
      ] as const) {
        const tags = mocks.one(type, name).inputs.tags as Record<string, string>;
        assert.equal(tags['vitistack.io-public-ip'], 'requested', name);
        assert.equal(tags['vitistack.io-stack'], 'production.web', name);
      }
    });

    it('encrypts the OS and data disks with the disk encryption set', () => {
      const vm = mocks.one(VM, 'web-vm').inputs;
      const storage = vm.storageProfile as Record<string, Record<string, unknown>>;
      assert.deepEqual(storage.osDisk, {
        name: 'web-01-os',
        createOption: 'FromImage',
        caching: 'ReadWrite',
        diskSizeGB: 40,
        deleteOption: 'Delete',
        managedDisk: { storageAccountType: 'StandardSSD_LRS', diskEncryptionSet: { id: DES } },
      });
      const disk = mocks.one(DISK, 'web-data');
      assert.deepEqual(disk.inputs.encryption, {
        diskEncryptionSetId: DES,
        type: 'EncryptionAtRestWithCustomerKey',
      });
      assert.deepEqual(disk.inputs.sku, { name: 'Premium_LRS' });
      assert.equal(disk.inputs.diskSizeGB, 100);
      assert.deepEqual(storage.dataDisks, [
        {
          lun: 0,
          createOption: 'Attach',
          caching: 'ReadOnly',
          managedDisk: { id: disk.id, diskEncryptionSet: { id: DES } },
        },
      ]);
      assert.deepEqual(storage.imageReference, IMAGE);
    });

    it('logs in by SSH key only, and passes cloud-init as secret base64 custom data', () => {
      // customData is secret, which makes the whole osProfile secret in state.
      const profile = mocks.one(VM, 'web-vm').inputs.osProfile;
      assert.ok(isSecretInput(profile));
      const os = secretValue(profile) as Record<string, unknown>;
      assert.equal(os.computerName, 'web-01');
      assert.equal(os.adminUsername, 'azureuser');
      assert.deepEqual(os.linuxConfiguration, {
        disablePasswordAuthentication: true,
        ssh: { publicKeys: [{ path: '/home/azureuser/.ssh/authorized_keys', keyData: KEY }] },
        provisionVMAgent: true,
      });
      assert.equal(
        Buffer.from(String(os.customData), 'base64').toString('utf8'),
        '#cloud-config\npackages: [nginx]\n',
      );
    });

    it("protects the VM in the vault with Azure Backup's names for it", () => {
      const item = mocks.one('azure-native:recoveryservices:ProtectedItem', 'web-backup').inputs;
      assert.equal(item.containerName, 'iaasvmcontainer;iaasvmcontainerv2;rg;web-01');
      assert.equal(item.protectedItemName, 'vm;iaasvmcontainerv2;rg;web-01');
      assert.deepEqual(item.properties, {
        protectedItemType: 'Microsoft.Compute/virtualMachines',
        policyId: 'policy-id',
        sourceResourceId: mocks.one(VM, 'web-vm').id,
      });
    });

    it('reports an address in its subnet, its public IP and its disks', async () => {
      assert.match(await unwrap(m.privateIp), /^10\.0\.2\.\d+$/);
      assert.equal(
        await unwrap(m.publicIp),
        mocks.one('azure-native:network:PublicIPAddress', 'web-ip').state.ipAddress,
      );
      assert.match(await unwrap(m.osDiskId), /\/providers\/Microsoft\.Compute\/disks\/web-01-os$/);
      assert.equal(await unwrap(m.dataDiskIds.data ?? ''), mocks.one(DISK, 'web-data').id);
    });
  });

  it('keeps a static private address and gives no public IP unless asked', async () => {
    const m = new mod.Machine('app', base({ name: 'app-01', privateIp: '10.0.2.10' }));
    await settle();
    const [config] = mocks.one(NIC, 'app-nic').inputs.ipConfigurations as Record<string, unknown>[];
    assert.ok(config);
    assert.equal(config.privateIPAllocationMethod, 'Static');
    assert.equal(config.publicIPAddress, undefined);
    assert.equal(await unwrap(m.privateIp), '10.0.2.10');
    assert.equal(await unwrap(m.publicIp), '');
    const tags = mocks.one(VM, 'app-vm').inputs.tags as Record<string, string>;
    assert.equal(tags['vitistack.io-public-ip'], undefined);
  });

  it('refuses what Azure refuses, naming the field', () => {
    assert.deepEqual(
      mod.validateMachineArgs(
        base({
          name: 'web_01',
          sshPublicKey: 'not a key',
          osDisk: { name: 'root', sizeGiB: 30, type: 'UltraSSD_LRS' },
          dataDisks: [{ name: 'd', sizeGiB: 2, type: 'Premium_LRS', iops: 5000 }],
        }),
      ),
      [
        'name: "web_01" is not an Azure Linux VM name (1 to 64 letters, digits and "-").',
        'sshPublicKey: is not an OpenSSH public key (like "ssh-ed25519 AAAA... user@host").',
        'osDisk.type: "UltraSSD_LRS" cannot be an OS disk type on Azure; use Premium_LRS or StandardSSD_LRS.',
        'dataDisks[0].sizeGiB: 2 is not a disk size Azure allows (4 to 32767 GiB).',
        'dataDisks[0].iops: 5000 cannot be set on a Premium_LRS disk, whose performance follows its size; use type PremiumV2_LRS or UltraSSD_LRS, or leave it out.',
      ],
    );
  });
});
