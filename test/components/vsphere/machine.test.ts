import { strict as assert } from 'node:assert';
import type { MachineArgs, MachineTemplate } from '../../../src/components/vsphere/machine-args';
import { RecordingMocks, unwrap } from '../../../src/engine/mocks';
import { isSecretInput, plainInput, settle } from './settle';

const VM = 'vsphere:index/virtualMachine:VirtualMachine';
const TEMPLATE_UUID = '4213a8c2-6c1e-3a2f-9d1b-0c5b6e7f8a90';
const USER_DATA = '#cloud-config\nruncmd: [echo token=s3cr3t]\n';

/** A template with a 30 GiB thick boot disk and a second 5 GiB disk, like a hardened image. */
const TEMPLATE: MachineTemplate = {
  uuid: TEMPLATE_UUID,
  guestId: 'ubuntu64Guest',
  firmware: 'efi',
  scsiType: 'pvscsi',
  numCpus: 2,
  numCoresPerSocket: 1,
  memory: 2048,
  disks: [
    { label: 'Hard disk 2', size: 5, unitNumber: 1, thinProvisioned: true, eagerlyScrub: false },
    { label: 'Hard disk 1', size: 30, unitNumber: 0, thinProvisioned: false, eagerlyScrub: false },
  ],
  networkInterfaceTypes: ['vmxnet3'],
};

function base(over: Partial<MachineArgs> = {}): MachineArgs {
  return {
    name: 'web-01',
    template: TEMPLATE,
    resourcePoolId: 'resgroup-8',
    datastoreId: 'datastore-12',
    folder: 'vitistack/dc.bergen',
    rootDiskGiB: 20,
    networkInterfaces: [{ networkId: 'network-20' }],
    ...over,
  };
}

type Rec = Record<string, unknown>;

describe('vsphere Machine', () => {
  const mocks = new RecordingMocks();
  let mod: typeof import('../../../src/components/vsphere/machine');
  let args: typeof import('../../../src/components/vsphere/machine-args');
  before(async () => {
    await mocks.install('vitistack', 'test');
    mod = await import('../../../src/components/vsphere/machine.js');
    args = await import('../../../src/components/vsphere/machine-args.js');
  });

  describe('a static and a DHCP NIC, data disks, user data', () => {
    let m: InstanceType<typeof mod.Machine>;
    let vm: Rec;
    before(async () => {
      m = new mod.Machine(
        'web',
        base({
          numCpus: 4,
          coresPerSocket: 2,
          memoryMiB: 6001,
          rootDiskGiB: 50,
          dataDisks: [
            { name: 'data', sizeGiB: 100 },
            { name: 'pg', sizeGiB: 200, provisioning: 'eager' },
          ],
          networkInterfaces: [
            { networkId: 'network-20', ipv4: { address: '10.20.0.11', prefix: 24 } },
            { networkId: 'network-21', macAddress: '00:50:56:3a:00:01' },
          ],
          customize: {
            hostName: 'web-01',
            domain: 'bergen.example.internal',
            ipv4Gateway: '10.20.0.1',
            dnsServers: ['10.20.0.2'],
            dnsSuffixes: ['bergen.example.internal'],
          },
          guestinfo: { metadata: 'instance-id: dc/web-01\n', userData: USER_DATA },
          tags: ['urn:vmomi:InventoryServiceTag:1:GLOBAL'],
        }),
      );
      await settle();
      vm = mocks.one(VM, 'web-vm').inputs;
    });

    it('clones the template with Linux customization: static address on NIC 0, DHCP on NIC 1', () => {
      assert.deepEqual(vm.clone, {
        templateUuid: TEMPLATE_UUID,
        customize: {
          linuxOptions: { hostName: 'web-01', domain: 'bergen.example.internal' },
          networkInterfaces: [{ ipv4Address: '10.20.0.11', ipv4Netmask: 24 }, {}],
          ipv4Gateway: '10.20.0.1',
          dnsServerLists: ['10.20.0.2'],
          dnsSuffixLists: ['bergen.example.internal'],
        },
      });
      assert.deepEqual(vm.networkInterfaces, [
        { networkId: 'network-20', adapterType: 'vmxnet3' },
        {
          networkId: 'network-21',
          adapterType: 'vmxnet3',
          useStaticMac: true,
          macAddress: '00:50:56:3a:00:01',
        },
      ]);
    });

    it("keeps the template's guest ID, firmware and SCSI type; sizes CPU and memory (MiB, x4)", () => {
      assert.equal(vm.guestId, 'ubuntu64Guest');
      assert.equal(vm.firmware, 'efi');
      assert.equal(vm.scsiType, 'pvscsi');
      assert.equal(vm.numCpus, 4);
      assert.equal(vm.numCoresPerSocket, 2);
      assert.equal(vm.memory, 6004);
      assert.equal(vm.resourcePoolId, 'resgroup-8');
      assert.equal(vm.datastoreId, 'datastore-12');
      assert.equal(vm.folder, 'vitistack/dc.bergen');
      assert.deepEqual(vm.tags, ['urn:vmomi:InventoryServiceTag:1:GLOBAL']);
    });

    it("grows the template's boot disk, keeps its other disk, and adds data disks after them", () => {
      assert.deepEqual(vm.disks, [
        { label: 'disk0', size: 50, unitNumber: 0, thinProvisioned: false, eagerlyScrub: false },
        { label: 'disk1', size: 5, unitNumber: 1, thinProvisioned: true, eagerlyScrub: false },
        {
          label: 'data-data',
          size: 100,
          unitNumber: 2,
          thinProvisioned: true,
          eagerlyScrub: false,
        },
        { label: 'data-pg', size: 200, unitNumber: 3, thinProvisioned: false, eagerlyScrub: true },
      ]);
      assert.equal(vm.scsiControllerCount, 1);
    });

    it('sends the user data base64-encoded as a secret, the metadata next to it', () => {
      assert.ok(isSecretInput(vm.extraConfig), 'extraConfig holding user data is not secret');
      const extra = plainInput(vm.extraConfig) as Record<string, string>;
      assert.equal(Buffer.from(extra['guestinfo.userdata'] ?? '', 'base64').toString(), USER_DATA);
      assert.equal(extra['guestinfo.userdata.encoding'], 'base64');
      assert.equal(
        Buffer.from(extra['guestinfo.metadata'] ?? '', 'base64').toString(),
        'instance-id: dc/web-01\n',
      );
      assert.equal(extra['guestinfo.metadata.encoding'], 'base64');
      assert.ok(!JSON.stringify(vm).includes('token=s3cr3t'));
    });

    it('reports the UUID, the customized address and every disk by its VMDK UUID', async () => {
      const rec = mocks.one(VM, 'web-vm');
      assert.equal(await unwrap(m.uuid), rec.id);
      assert.match(await unwrap(m.uuid), /^42[0-9a-f]{6}-/);
      assert.equal(await unwrap(m.defaultIpAddress), '10.20.0.11');
      const disks = await unwrap(m.disks);
      assert.deepEqual(
        disks.map((d) => [d.label, d.sizeGiB]),
        [
          ['disk0', 50],
          ['disk1', 5],
          ['data-data', 100],
          ['data-pg', 200],
        ],
      );
      for (const d of disks) assert.match(d.uuid, /^6000c29/);
      assert.equal(new Set(disks.map((d) => d.uuid)).size, 4);
    });
  });

  it('takes CPU and memory from the template when not given, and never shrinks its disk', async () => {
    new mod.Machine('small', base({ rootDiskGiB: 10 }));
    await settle();
    const vm = mocks.one(VM, 'small-vm').inputs as Rec;
    assert.equal(vm.numCpus, 2);
    assert.equal(vm.numCoresPerSocket, 1);
    assert.equal(vm.memory, 2048);
    assert.equal((vm.disks as Rec[])[0]?.size, 30);
    assert.equal(vm.extraConfig, undefined);
  });

  it('without customization (Talos) clones only, and can skip the wait for a guest address', async () => {
    const node = new mod.Machine(
      'node',
      base({
        networkInterfaces: [
          { networkId: 'network-20', ipv4: { address: '10.20.0.4', prefix: 24 } },
        ],
        guestinfo: {
          metadata:
            'local-hostname: node\nnetwork:\n  version: 2\n  ethernets:\n    eth0:\n      addresses: [10.20.0.4/24]\n',
        },
        waitForGuestNet: false,
      }),
    );
    await settle();
    // The guest configures itself from the metadata; that is the address it reports.
    assert.equal(await unwrap(node.defaultIpAddress), '10.20.0.4');
    const vm = mocks.one(VM, 'node-vm').inputs as Rec;
    assert.deepEqual(vm.clone, { templateUuid: TEMPLATE_UUID });
    assert.equal(vm.waitForGuestNetTimeout, 0);
    assert.ok(!isSecretInput(vm.extraConfig), 'metadata alone need not be secret');
  });

  it('adds a SCSI controller when the data disks pass the 15 units of the first', async () => {
    new mod.Machine(
      'many',
      base({
        dataDisks: Array.from({ length: 14 }, (_, i) => ({ name: `d${String(i)}`, sizeGiB: 1 })),
      }),
    );
    await settle();
    const vm = mocks.one(VM, 'many-vm').inputs as Rec;
    assert.equal((vm.disks as Rec[]).at(-1)?.unitNumber, 15);
    assert.equal(vm.scsiControllerCount, 2);
  });

  it('refuses bad arguments before registering anything, naming each field', () => {
    const before = mocks.byType(VM).length;
    assert.throws(
      () =>
        new mod.Machine(
          'bad',
          base({
            numCpus: 6,
            coresPerSocket: 4,
            rootDiskGiB: 0,
            dataDisks: [
              { name: 'a', sizeGiB: 1 },
              { name: 'a', sizeGiB: 1 },
            ],
            networkInterfaces: [{ networkId: 'n', ipv4: { address: '10.0.0.300', prefix: 33 } }],
            customize: { hostName: 'web.01', domain: 'x', ipv6Gateway: 'fd00::1' },
          }),
        ),
      (err: Error) => {
        assert.equal(
          err.message,
          [
            'Machine bad: coresPerSocket: 4 must divide numCpus (6); give numCpus as cores x sockets.',
            'rootDiskGiB: 0 must be a whole number of GiB, at least 1.',
            'dataDisks[1].name: "a" is used twice.',
            'networkInterfaces[0].ipv4.address: "10.0.0.300" is not an IPv4 address.',
            'networkInterfaces[0].ipv4.prefix: 33 must be a prefix length from 1 to 32.',
            'customize.hostName: "web.01" is not a host name; use 1 to 63 letters, digits and "-".',
            'customize.ipv6Gateway: is set but no network interface has a static IPv6 address; remove it or give an interface ipv6.',
          ].join(' '),
        );
        return true;
      },
    );
    assert.equal(mocks.byType(VM).length, before);
    assert.deepEqual(args.validateMachineArgs(base({ networkInterfaces: [] })), [
      'networkInterfaces: is empty; a machine needs at least one network interface.',
    ]);
  });
});
