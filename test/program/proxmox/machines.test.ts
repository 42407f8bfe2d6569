// Machines on Proxmox end to end through the stack program (render under mocks): templates,
// placement, addresses from the stack's address plan, VLAN and MTU, cloud-init and tags.
import { strict as assert } from 'node:assert';
import { renderStack, type StackRender } from '../../../src/engine/render-stack';
import { isSecretInput, plain } from '../../components/proxmox/settle';
import { edit, exampleYaml, FILE, modelOf, one, VM, withToken } from './helpers';

/** A static network on its own bridge and a machine on both networks, placed on pve2. */
const EXTRA = `
---
apiVersion: vitistack.io/v1alpha1
kind: NetworkConfiguration
metadata: { name: vlan200-storage, namespace: platform }
spec:
  vlan: 200
  bridge: vmbr1
  mtu: 9000
  ipam: { type: static, subnet: 10.20.0.0/24, gateway: 10.20.0.1 }
---
apiVersion: vitistack.io/v1alpha1
kind: Machine
metadata:
  name: storage-1
  namespace: platform
spec:
  providerRef: { name: proxmox-provider }
  resources: { cpu: { cores: 2, sockets: 2 }, memory: { size: 6Gi } }
  storage:
    dataVolumes: [{ name: bricks, size: 500Gi, storageClass: ceph-ssd }]
  networking:
    interfaces:
      - { name: eth0, networkRef: { name: vlan100-servers } }
      - { name: eth1, networkRef: { name: vlan200-storage } }
  operatingSystem: { type: linux, image: { source: template, url: '9000' } }
  placement: { availabilityZone: pve2 }
  sshKeys: [{ name: ops, publicKey: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOps ops@example' }]
  cloudInit:
    users: [{ name: ops }]
  labels: { Tier: Storage Backend }
`;

function inputs(r: StackRender, name: string): Record<string, unknown> {
  return one(r, VM, `${name}-vm`).inputs;
}

describe('proxmox machines', () => {
  let r: StackRender;
  before(async () => {
    r = await renderStack(modelOf(exampleYaml() + EXTRA));
  });

  it('clones the template the image names: by ProxmoxConfig template name, or a bare VM id', () => {
    assert.equal((inputs(r, 'ops-jumphost').clone as { vmId: number }).vmId, 9000);
    assert.equal((inputs(r, 'storage-1').clone as { vmId: number }).vmId, 9000);
  });

  it("places a machine on the provider's node, or where spec.placement says (cloning from the template's node)", () => {
    const ops = inputs(r, 'ops-jumphost');
    assert.equal(ops.nodeName, 'pve1');
    assert.equal((ops.clone as { nodeName?: string }).nodeName, undefined);
    const storage = inputs(r, 'storage-1');
    assert.equal(storage.nodeName, 'pve2');
    assert.equal((storage.clone as { nodeName?: string }).nodeName, 'pve1');
  });

  it('writes a static address with prefix and gateway into cloud-init (ops-jumphost)', () => {
    const init = inputs(r, 'ops-jumphost').initialization as Record<string, unknown>;
    assert.deepEqual(init.ipConfigs, [
      { ipv4: { address: '10.10.100.20/24', gateway: '10.10.100.1' } },
    ]);
    assert.deepEqual(init.dns, {
      servers: ['10.10.100.2', '10.10.100.3'],
      domain: 'example.internal',
    });
    assert.equal(r.outputs.machines['Machine/platform/ops-jumphost']?.privateIP, '10.10.100.20');
  });

  it('keeps a DHCP reservation on DHCP with the reserved MAC, and reports the reserved address (monitoring-1)', () => {
    const vm = inputs(r, 'monitoring-1');
    assert.deepEqual((vm.initialization as Record<string, unknown>).ipConfigs, [
      { ipv4: { address: 'dhcp' } },
    ]);
    assert.equal(
      (vm.networkDevices as { macAddress: string }[])[0]?.macAddress,
      'BC:24:11:0A:64:32',
    );
    assert.equal(r.outputs.machines['Machine/platform/monitoring-1']?.privateIP, '10.10.100.50');
  });

  it('allocates on a static network, DHCP on a kea network, one gateway only, each NIC with its VLAN and MTU', () => {
    const vm = inputs(r, 'storage-1');
    assert.deepEqual(vm.networkDevices, [
      { bridge: 'vmbr0', model: 'virtio', vlanId: 100, mtu: 1500, firewall: true },
      { bridge: 'vmbr1', model: 'virtio', vlanId: 200, mtu: 9000, firewall: true },
    ]);
    // .1 is the gateway: the first free address is .2.
    assert.deepEqual((vm.initialization as Record<string, unknown>).ipConfigs, [
      { ipv4: { address: 'dhcp' } },
      { ipv4: { address: '10.20.0.2/24', gateway: '10.20.0.1' } },
    ]);
    // eth0 takes DHCP: the address is the one the guest agent reports for it.
    const ip = r.outputs.machines['Machine/platform/storage-1']?.privateIP ?? '';
    const agent = one(r, VM, 'storage-1-vm').state.ipv4Addresses as string[][];
    assert.equal(ip, agent[1]?.[0]);
    assert.notEqual(ip, '10.20.0.2');
  });

  it('sizes the VM from spec.resources and puts data disks on their storageClass', () => {
    const vm = inputs(r, 'storage-1');
    assert.deepEqual(vm.cpu, { cores: 2, sockets: 2, type: 'host' });
    assert.deepEqual(vm.memory, { dedicated: 6144 });
    // No root size written: the template's 20Gi; the data disk keeps its own datastore.
    assert.deepEqual(
      (vm.disks as { interface: string; size: number; datastoreId: string }[]).map((d) => [
        d.interface,
        d.size,
        d.datastoreId,
      ]),
      [
        ['scsi0', 20, 'local-lvm'],
        ['scsi1', 500, 'ceph-ssd'],
      ],
    );
    const out = r.outputs.machines['Machine/platform/storage-1'];
    assert.ok(out);
    const [data] = out.additionalVolumes;
    assert.ok(data);
    assert.equal(data.size, '500Gi');
    assert.match(data.id, /^ceph-ssd:vm-\d+-disk-1$/);
    assert.match(out.id, /^pve2\/\d+$/);
  });

  it('maps tags and labels to sorted lower-case Proxmox tags', () => {
    const tags = inputs(r, 'storage-1').tags as string[];
    assert.deepEqual(tags, [...tags].sort());
    assert.ok(tags.includes('tier_storage-backend'), tags.join(' '));
    assert.ok(tags.includes('vitistack.io-stack_platform.oslo-dc1'), tags.join(' '));
    for (const t of tags) assert.match(t, /^[a-z0-9_][a-z0-9_+.-]*$/);
  });

  it('user data not delivered: the cloud-init user and SSH keys still go to the VM settings', () => {
    const init = inputs(r, 'storage-1').initialization as Record<string, unknown>;
    assert.deepEqual(init.userAccount, {
      username: 'ops',
      keys: ['ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOps ops@example'],
    });
  });

  it('with user data but no SSH access: warns that it is not delivered, never showing it', () => {
    const w = r.warnings.filter((x) => x.includes('user data is not delivered'));
    assert.deepEqual(
      w.map((x) => x.split(':')[0]),
      // storage-1's structured cloudInit.users make user data too.
      [
        'Machine platform/monitoring-1',
        'Machine platform/ops-jumphost',
        'Machine platform/storage-1',
      ],
    );
    for (const x of r.warnings) assert.ok(!x.includes('qemu-guest-agent'), x);
    assert.equal(r.resources.filter((x) => x.type === FILE).length, 0);
  });

  it('warns about what Proxmox cannot build (isolation, the datacenter firewall switch)', () => {
    assert.ok(
      r.warnings.includes(
        'NetworkConfiguration platform/vlan100-servers: spec.security.isolation is not built on Proxmox (the VM firewall carries only its firewallRules); isolate the VLAN on the switch or with Proxmox SDN',
      ),
    );
    assert.equal(r.warnings.filter((x) => x.includes('datacenter firewall')).length, 1);
  });
});

describe('proxmox machines with SSH access in the credentials Secret', () => {
  let r: StackRender;
  before(async () => {
    const yaml = edit(
      exampleYaml(),
      `      - name: eth0
        networkRef:
          name: vlan100-servers
          namespace: platform
        ipAddress: 10.10.100.20
`,
      `      - name: eth0
        networkRef:
          name: vlan100-servers
          namespace: platform
        ipAddress: 10.10.100.20
  sshKeys:
    - name: ops
      publicKey: ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOps ops@example
`,
    );
    r = await renderStack(modelOf(yaml), {
      secrets: withToken({ 'ssh-private-key': 'FAKE-PEM' }),
      mode: 'deploy',
    });
  });

  it('uploads the user data as a secret snippet on the VM node, with the SSH keys added', () => {
    const file = one(r, FILE, 'ops-jumphost-user-data');
    assert.equal(file.inputs.datastoreId, 'local');
    assert.equal(file.inputs.nodeName, 'pve1');
    const raw = plain(file.inputs.sourceRaw) as { data: unknown; fileName: string };
    assert.ok(isSecretInput(file.inputs.sourceRaw) || isSecretInput(raw.data));
    assert.equal(raw.fileName, 'platform-ops-jumphost-user-data.yaml');
    const data = String(plain(raw.data));
    assert.match(data, /^#cloud-config\n/);
    assert.match(data, /- qemu-guest-agent/);
    assert.match(
      data,
      /ssh_authorized_keys:\n {2}- ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOps ops@example/,
    );
    const init = one(r, VM, 'ops-jumphost-vm').inputs.initialization as Record<string, unknown>;
    assert.equal(init.userDataFileId, 'local:snippets/platform-ops-jumphost-user-data.yaml');
    assert.equal(init.userAccount, undefined);
    assert.ok(!r.warnings.some((w) => w.includes('user data is not delivered')));
  });

  it('gives the provider the token and the SSH key as secrets, never in outputs', () => {
    const p = one(r, 'pulumi:providers:proxmoxve', 'platform-proxmox-provider');
    assert.ok(isSecretInput(p.inputs.apiToken));
    assert.equal(
      plain(p.inputs.apiToken),
      'vitistack@pve!deploy=5a1f0c2e-aaaa-bbbb-cccc-ddddeeeeffff',
    );
    assert.ok(isSecretInput(p.inputs.ssh));
    assert.ok(!JSON.stringify(r.outputs).includes('FAKE-PEM'));
    assert.ok(!JSON.stringify(r.outputs).includes('5a1f0c2e'));
  });
});
