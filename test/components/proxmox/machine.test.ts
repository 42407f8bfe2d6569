import { strict as assert } from 'node:assert';
import type { MachineArgs } from '../../../src/components/proxmox/machine';
import { RecordingMocks, unwrap } from '../../../src/engine/mocks';
import { isSecretInput, plain, settle } from './settle';

const VM = 'proxmoxve:index/vmLegacy:VmLegacy';
const FILE = 'proxmoxve:index/fileLegacy:FileLegacy';
const RULES = 'proxmoxve:firewall/rulesLegacy:RulesLegacy';
const OPTIONS = 'proxmoxve:firewall/optionsLegacy:OptionsLegacy';

function base(over: Partial<MachineArgs> = {}): MachineArgs {
  return {
    name: 'web-01',
    nodeName: 'pve2',
    clone: { vmId: 9000, nodeName: 'pve1' },
    disks: [{ interface: 'scsi0', datastoreId: 'local-lvm', sizeGiB: 40 }],
    networkDevices: [{ bridge: 'vmbr0' }],
    tags: ['team_platform', 'env_prod'],
    ...over,
  };
}

describe('proxmox Machine', () => {
  const mocks = new RecordingMocks();
  let mod: typeof import('../../../src/components/proxmox/machine');
  before(async () => {
    await mocks.install('vitistack', 'test');
    mod = await import('../../../src/components/proxmox/machine.js');
  });

  describe('a VM with two NICs, a data disk, static and DHCP addresses, UEFI and a firewall', () => {
    let m: InstanceType<typeof mod.Machine>;
    before(async () => {
      m = new mod.Machine(
        'web',
        base({
          description: 'Machine platform/web-01',
          cpu: { cores: 4, sockets: 2 },
          memoryMiB: 8192,
          disks: [
            { interface: 'scsi0', datastoreId: 'local-lvm', sizeGiB: 40, ssd: true },
            { interface: 'scsi1', datastoreId: 'ceph', sizeGiB: 200 },
          ],
          networkDevices: [
            { bridge: 'vmbr0', vlanId: 100, mtu: 1500, macAddress: 'BC:24:11:0A:64:32' },
            { bridge: 'vmbr1', vlanId: 200, mtu: 9000 },
          ],
          cloudInit: {
            datastoreId: 'local-lvm',
            ipConfigs: [
              { address: '10.10.100.20', prefix: 24, gateway: '10.10.100.1' },
              { dhcp: true },
            ],
            dnsServers: ['10.10.100.2', '10.10.100.3'],
            searchDomains: ['example.internal', 'corp.internal'],
            username: 'ops',
            sshKeys: ['ssh-ed25519 AAAAC3Nz ops@example'],
          },
          osType: 'l26',
          firmware: { type: 'uefi', secureBoot: true },
          bootOrder: ['scsi0', 'net0'],
          firewall: {
            rules: [{ direction: 'in', action: 'ACCEPT', protocol: 'tcp', destinationPort: '22' }],
            dhcp: true,
          },
        }),
      );
      await settle();
    });

    it('clones the template from its node, as a full clone onto the boot datastore', () => {
      const vm = mocks.one(VM, 'web-vm');
      assert.equal(vm.inputs.nodeName, 'pve2');
      assert.deepEqual(vm.inputs.clone, {
        vmId: 9000,
        nodeName: 'pve1',
        full: true,
        datastoreId: 'local-lvm',
        retries: 3,
      });
      assert.equal(vm.inputs.name, 'web-01');
      assert.equal(vm.inputs.description, 'Machine platform/web-01');
    });

    it('sets the CPU topology with type host, memory in MiB and both disks', () => {
      const vm = mocks.one(VM, 'web-vm');
      assert.deepEqual(vm.inputs.cpu, { cores: 4, sockets: 2, type: 'host' });
      assert.deepEqual(vm.inputs.memory, { dedicated: 8192 });
      assert.deepEqual(vm.inputs.disks, [
        { interface: 'scsi0', datastoreId: 'local-lvm', size: 40, ssd: true, discard: 'on' },
        { interface: 'scsi1', datastoreId: 'ceph', size: 200, ssd: false, discard: 'on' },
      ]);
    });

    it('puts each NIC on its bridge with VLAN tag and MTU, firewall on', () => {
      assert.deepEqual(mocks.one(VM, 'web-vm').inputs.networkDevices, [
        {
          bridge: 'vmbr0',
          model: 'virtio',
          vlanId: 100,
          mtu: 1500,
          macAddress: 'BC:24:11:0A:64:32',
          firewall: true,
        },
        { bridge: 'vmbr1', model: 'virtio', vlanId: 200, mtu: 9000, firewall: true },
      ]);
    });

    it('writes the static address with its prefix and gateway, DHCP for the second NIC, DNS and the user', () => {
      assert.deepEqual(mocks.one(VM, 'web-vm').inputs.initialization, {
        datastoreId: 'local-lvm',
        ipConfigs: [
          { ipv4: { address: '10.10.100.20/24', gateway: '10.10.100.1' } },
          { ipv4: { address: 'dhcp' } },
        ],
        dns: { servers: ['10.10.100.2', '10.10.100.3'], domain: 'example.internal corp.internal' },
        userAccount: { username: 'ops', keys: ['ssh-ed25519 AAAAC3Nz ops@example'] },
      });
    });

    it('boots UEFI with an EFI disk holding the Secure Boot keys, the guest agent on, started on boot', () => {
      const vm = mocks.one(VM, 'web-vm');
      assert.equal(vm.inputs.bios, 'ovmf');
      assert.deepEqual(vm.inputs.efiDisk, {
        datastoreId: 'local-lvm',
        type: '4m',
        preEnrolledKeys: true,
      });
      assert.deepEqual(vm.inputs.bootOrders, ['scsi0', 'net0']);
      assert.deepEqual(vm.inputs.operatingSystem, { type: 'l26' });
      assert.deepEqual(vm.inputs.agent, { enabled: true });
      assert.equal(vm.inputs.onBoot, true);
      assert.equal(vm.inputs.started, true);
      // Sorted, as Proxmox stores them.
      assert.deepEqual(vm.inputs.tags, ['env_prod', 'team_platform']);
    });

    it("builds the VM's firewall on the VM's node and id, after its rules", () => {
      const vm = mocks.one(VM, 'web-vm');
      const rules = mocks.one(RULES, 'web-firewall-rules');
      const options = mocks.one(OPTIONS, 'web-firewall-options');
      assert.equal(rules.inputs.vmId, vm.state.vmId);
      assert.equal(rules.inputs.nodeName, 'pve2');
      assert.deepEqual(options.inputs, {
        nodeName: 'pve2',
        vmId: vm.state.vmId,
        enabled: true,
        inputPolicy: 'DROP',
        outputPolicy: 'ACCEPT',
        dhcp: true,
        macfilter: true,
      });
      assert.ok(options.dependencies.includes(rules.urn));
      assert.equal(rules.parent, mocks.one('vitistack:proxmox:VmFirewall', 'web-firewall').urn);
    });

    it('reports the VM id, the agent addresses and a volume id per disk', async () => {
      const vmId = await unwrap(m.vmId);
      assert.ok(vmId >= 10000 && vmId < 100000, String(vmId));
      assert.deepEqual(await unwrap(m.diskIds), {
        scsi0: `local-lvm:vm-${vmId}-disk-0`,
        scsi1: `ceph:vm-${vmId}-disk-1`,
      });
      const ipv4 = await unwrap(m.ipv4Addresses);
      assert.deepEqual(ipv4[0], ['127.0.0.1']);
      assert.deepEqual(ipv4[1], ['10.10.100.20']);
      assert.match(ipv4[2]?.[0] ?? '', /^10\.99\.\d+\.\d+$/);
    });
  });

  describe('a VM with user data', () => {
    before(async () => {
      new mod.Machine(
        'app',
        base({
          name: 'app-01',
          cloudInit: {
            datastoreId: 'local-lvm',
            ipConfigs: [{ dhcp: true }],
            userData: {
              content: '#cloud-config\npassword: hunter2\n',
              datastoreId: 'local',
              fileName: 'platform-app-01-user-data.yaml',
            },
          },
        }),
      );
      await settle();
    });

    it('uploads it as a secret snippet on the VM node and points cloud-init at it, without a user', () => {
      const file = mocks.one(FILE, 'app-user-data');
      assert.equal(file.inputs.contentType, 'snippets');
      assert.equal(file.inputs.datastoreId, 'local');
      assert.equal(file.inputs.nodeName, 'pve2');
      const raw = plain(file.inputs.sourceRaw) as { data: unknown; fileName: string };
      assert.ok(isSecretInput(file.inputs.sourceRaw) || isSecretInput(raw.data));
      assert.equal(plain(raw.data), '#cloud-config\npassword: hunter2\n');
      assert.equal(raw.fileName, 'platform-app-01-user-data.yaml');
      const init = mocks.one(VM, 'app-vm').inputs.initialization as Record<string, unknown>;
      assert.equal(init.userDataFileId, 'local:snippets/platform-app-01-user-data.yaml');
      assert.equal(init.userAccount, undefined);
      // No firewall asked for: none built, NICs not filtered.
      assert.deepEqual(
        mocks.byType(RULES).map((r) => r.name),
        ['web-firewall-rules'],
      );
    });
  });

  const invalid: { name: string; over: Partial<MachineArgs>; message: string }[] = [
    {
      name: 'a name that is not a DNS name',
      over: { name: 'web_01' },
      message: 'name: "web_01" is not a DNS name (letters, digits and "-", at most 63).',
    },
    {
      name: 'a template id below 100',
      over: { clone: { vmId: 42 } },
      message:
        'clone.vmId: 42 is not a whole number from 100 to 999999999; give the template VM id.',
    },
    {
      name: 'two disks in one slot',
      over: {
        disks: [
          { interface: 'scsi0', datastoreId: 'a', sizeGiB: 10 },
          { interface: 'scsi0', datastoreId: 'a', sizeGiB: 10 },
        ],
      },
      message: 'disks[1].interface: "scsi0" is used by disks[0] too.',
    },
    {
      name: 'a VLAN id out of range',
      over: { networkDevices: [{ bridge: 'vmbr0', vlanId: 5000 }] },
      message:
        'networkDevices[0].vlanId: 5000 is not a whole number from 1 to 4094; give a VLAN id.',
    },
    {
      name: 'a tag with a slash',
      over: { tags: ['vitistack.io/stack'] },
      message:
        'tags[0]: "vitistack.io/stack" is not a Proxmox tag (lower case letters, digits, "_", "-", "+", ".").',
    },
    {
      name: 'user data with a user',
      over: {
        cloudInit: {
          datastoreId: 'x',
          ipConfigs: [],
          username: 'ops',
          userData: { content: 'x', datastoreId: 'local', fileName: 'f.yaml' },
        },
      },
      message:
        'cloudInit.userData: cannot be set together with username or sshKeys (Proxmox ignores them with a user data file); put the user and keys into the user data.',
    },
  ];
  for (const tc of invalid) {
    it(`refuses ${tc.name} before making any resource`, () => {
      const before = mocks.resources.length;
      assert.throws(
        () => new mod.Machine(`bad-${tc.name.length}`, base(tc.over)),
        (err: Error) => {
          assert.ok(err.message.includes(`  - ${tc.message}`), err.message);
          return true;
        },
      );
      assert.equal(mocks.resources.length, before);
    });
  }
});
