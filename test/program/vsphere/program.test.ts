// The vSphere backend through the whole program (renderStack under mocks) on the fixture stack of
// helpers.ts: what is looked up in vCenter, how each Machine is cloned and customized, what the
// guest gets through guestinfo, tags, the Talos nodes and their anti-affinity rule, and the status.
import { strict as assert } from 'node:assert';
import { parse } from 'yaml';
import type { RecordingMocks } from '../../../src/engine/mocks';
import type { StackRender } from '../../../src/engine/render-stack';
import { isSecretInput, plainInput } from '../../components/sdk-schema';
import { edit, guestinfo, one, render, RULE, run, SECRET, VM, VSPHERE_STACK } from './helpers';

type Rec = Record<string, unknown>;

function calls(mocks: RecordingMocks, fn: string): Rec[] {
  return mocks.calls
    .filter((c) => c.token === `vsphere:index/${fn}:${fn}`)
    .map((c) => c.inputs as Rec);
}

describe('vSphere program: stack dc/bergen', () => {
  let r: StackRender;
  before(async () => {
    r = await render();
  });

  it('builds the provider, folder, tags, 3 Machines, 4 Talos nodes and one rule', () => {
    const vsphere = Object.entries(r.counts)
      .filter(([t]) => t.includes('vsphere'))
      .sort();
    assert.deepEqual(Object.fromEntries(vsphere), {
      'pulumi:providers:vsphere': 1,
      'vitistack:vsphere:Inventory': 1,
      'vitistack:vsphere:Machine': 7,
      [RULE]: 1,
      'vsphere:index/folder:Folder': 1,
      'vsphere:index/tag:Tag': 4,
      'vsphere:index/tagCategory:TagCategory': 1,
      [VM]: 7,
    });
    assert.deepEqual(r.warnings, []);
  });

  it('signs in to the vCenter of the endpoint URL with the Secret, the password secret', () => {
    const p = one(r, 'pulumi:providers:vsphere', 'dc-vcenter');
    assert.equal(p.inputs.vsphereServer, 'vcenter.bergen.example:8443');
    assert.equal(p.inputs.allowUnverifiedSsl, 'true');
    assert.equal(p.inputs.user, SECRET.username);
    assert.ok(isSecretInput(p.inputs.password));
    assert.ok(!JSON.stringify(r.outputs).includes(SECRET.password));
    assert.ok(!JSON.stringify(r.status).includes(SECRET.password));
  });

  it('looks each vCenter object up once, by the names the manifests give', async () => {
    const mocks = await run();
    assert.deepEqual(calls(mocks, 'getDatacenter'), [{ name: 'DC-Bergen' }]);
    const dc = mocks.one('vsphere:index/folder:Folder', 'dc-vcenter-folder').inputs.datacenterId;
    assert.match(String(dc), /^datacenter-\d+$/);
    assert.deepEqual(calls(mocks, 'getDatastore'), [{ name: 'vsan-bergen', datacenterId: dc }]);
    // No resource pool is written: the cluster's root pool.
    assert.deepEqual(calls(mocks, 'getResourcePool'), [
      { name: 'Compute-A/Resources', datacenterId: dc },
    ]);
    assert.deepEqual(
      calls(mocks, 'getNetwork')
        .map((c) => c.name)
        .sort(),
      ['Lab Network', 'pg-servers'],
    );
    // The image's id is the template's name in vCenter; Talos nodes take the talos image.
    assert.deepEqual(
      calls(mocks, 'getVirtualMachine')
        .map((c) => c.name)
        .sort(),
      ['templates/talos-v1.9.5', 'templates/ubuntu-2404'],
    );
    assert.deepEqual(calls(mocks, 'getComputeCluster'), [{ name: 'Compute-A', datacenterId: dc }]);
  });

  it('web-1: static planned address, gateway, DNS and domain from its NetworkConfiguration', () => {
    const vm = one(r, VM, 'web-1-vm').inputs;
    const clone = vm.clone as { customize: Rec; templateUuid: string };
    assert.deepEqual(clone.customize, {
      linuxOptions: { hostName: 'web-1', domain: 'bergen.example.internal' },
      networkInterfaces: [{ ipv4Address: '10.20.0.8', ipv4Netmask: 24 }],
      ipv4Gateway: '10.20.0.1',
      dnsServerLists: ['10.20.0.2'],
      dnsSuffixLists: ['bergen.example.internal'],
    });
    assert.equal(vm.numCpus, 4);
    assert.equal(vm.numCoresPerSocket, 2);
    assert.equal(vm.memory, 6000);
    assert.deepEqual(
      (vm.disks as Rec[]).map((d) => [d.label, d.size, d.unitNumber, d.thinProvisioned]),
      [
        ['disk0', 40, 0, true],
        ['data-logs', 10, 1, false],
      ],
    );
    assert.equal(vm.folder, 'platform/dc.bergen');
  });

  it('lab-1: DHCP on the port group named by spec.networking.subnet, default domain', () => {
    const vm = one(r, VM, 'lab-1-vm').inputs;
    const clone = vm.clone as { customize: Rec };
    assert.deepEqual(clone.customize, {
      linuxOptions: { hostName: 'lab-1', domain: 'localdomain' },
      networkInterfaces: [{}],
    });
    // No user data and no SSH key: nothing for cloud-init in guestinfo.
    assert.equal(vm.extraConfig, undefined);
  });

  it('db-1: the written address and MAC; the guest NIC keeps the MAC', () => {
    const vm = one(r, VM, 'db-1-vm').inputs;
    const clone = vm.clone as { customize: { networkInterfaces: Rec[] } };
    assert.deepEqual(clone.customize.networkInterfaces, [
      { ipv4Address: '10.20.0.50', ipv4Netmask: 24 },
    ]);
    // On NetworkConfiguration servers like web-1: the same port group.
    const web = (one(r, VM, 'web-1-vm').inputs.networkInterfaces as Rec[])[0];
    assert.deepEqual((vm.networkInterfaces as Rec[])[0], {
      networkId: web?.networkId,
      adapterType: 'vmxnet3',
      useStaticMac: true,
      macAddress: '00:50:56:3a:00:01',
    });
  });

  it('web-1 guestinfo: the user data as a secret, metadata with SSH key and network config', () => {
    const vm = one(r, VM, 'web-1-vm');
    assert.ok(isSecretInput(vm.inputs.extraConfig), 'guestinfo with user data is not secret');
    const extra = plainInput(vm.inputs.extraConfig) as Rec;
    assert.equal(extra['guestinfo.userdata.encoding'], 'base64');
    const userData = Buffer.from(String(extra['guestinfo.userdata']), 'base64').toString();
    assert.equal(userData, '#cloud-config\nruncmd: [echo token=abc123]\n');
    const meta = parse(guestinfo(vm, 'guestinfo.metadata') ?? '') as Rec;
    assert.deepEqual(meta, {
      'instance-id': 'dc/web-1',
      'local-hostname': 'web-1',
      'public-keys': ['ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOps ops@example'],
      network: {
        version: 2,
        ethernets: {
          eth0: {
            addresses: ['10.20.0.8/24'],
            gateway4: '10.20.0.1',
            nameservers: { addresses: ['10.20.0.2'], search: ['bergen.example.internal'] },
          },
        },
      },
    });
    assert.ok(!JSON.stringify(r.status).includes('token=abc123'));
  });

  it('tags every VM with its environment, team and stack; a Machine label wins', () => {
    const tagId = (name: string) => one(r, 'vsphere:index/tag:Tag', `dc-vcenter-tag-${name}`).id;
    const stack = [tagId('environment-staging'), tagId('team-infra'), tagId('stack-dc-bergen')];
    for (const vm of ['web-1-vm', 'db-1-vm', 'k8s-ctp0-vm', 'k8s-wrk0-vm']) {
      assert.deepEqual(one(r, VM, vm).inputs.tags, stack, vm);
    }
    assert.deepEqual(one(r, VM, 'lab-1-vm').inputs.tags, [
      tagId('environment-staging'),
      tagId('team-lab'),
      tagId('stack-dc-bergen'),
    ]);
  });

  it('Talos nodes: the talos template, no customization, the planned address in metadata', () => {
    const vm = one(r, VM, 'k8s-ctp0-vm');
    const clone = vm.inputs.clone as Rec;
    assert.equal(clone.customize, undefined);
    assert.equal(vm.inputs.guestId, 'other5xLinux64Guest');
    assert.equal(vm.inputs.waitForGuestNetTimeout, 0);
    assert.equal(vm.inputs.numCpus, 2);
    assert.equal(vm.inputs.memory, 4096);
    assert.equal((vm.inputs.disks as Rec[])[0]?.size, 30);
    assert.equal(guestinfo(vm, 'guestinfo.userdata'), undefined);
    assert.equal(guestinfo(vm, 'guestinfo.talos.config'), undefined);
    const meta = parse(guestinfo(vm, 'guestinfo.metadata') ?? '') as {
      'local-hostname': string;
      network: { ethernets: { eth0: { addresses: string[]; gateway4: string } } };
    };
    assert.equal(meta['local-hostname'], 'k8s-ctp0');
    const address = meta.network.ethernets.eth0.addresses[0] ?? '';
    assert.match(address, /^10\.20\.0\.\d+\/24$/);
    assert.equal(meta.network.ethernets.eth0.gateway4, '10.20.0.1');
    // The Talos program reaches the node at the address the node configures from the metadata.
    const apply = one(r, 'talos:machine/configurationApply:ConfigurationApply', 'k8s-ctp0-config');
    assert.equal(`${String(apply.inputs.node)}/24`, address);
  });

  it('keeps the 3 control-plane VMs apart on cluster Compute-A, workers not included', () => {
    const rule = one(r, RULE, 'k8s-control-plane-spread');
    const uuid = (name: string) => one(r, VM, `${name}-vm`).id;
    assert.deepEqual(rule.inputs.virtualMachineIds, [
      uuid('k8s-ctp0'),
      uuid('k8s-ctp1'),
      uuid('k8s-ctp2'),
    ]);
    assert.match(String(rule.inputs.computeClusterId), /^domain-c\d+$/);
    assert.equal(rule.inputs.mandatory, false);
    assert.equal(rule.inputs.name, 'vitistack dc.bergen k8s control plane');
  });

  it('status: each Machine by its VM UUID, its planned address, its disks', () => {
    const machines = r.outputs.machines;
    assert.deepEqual(Object.keys(machines).sort(), [
      'Machine/dc/db-1',
      'Machine/dc/lab-1',
      'Machine/dc/web-1',
    ]);
    const web = machines['Machine/dc/web-1'];
    assert.ok(web);
    assert.equal(web.id, one(r, VM, 'web-1-vm').id);
    assert.equal(web.privateIP, '10.20.0.8');
    assert.equal(web.state, 'running');
    assert.equal(web.rootVolume?.size, '40Gi');
    assert.deepEqual(
      web.additionalVolumes.map((v) => [v.name, v.size, v.type]),
      [['logs', '10Gi', 'thick']],
    );
    assert.equal(machines['Machine/dc/db-1']?.privateIP, '10.20.0.50');
    // DHCP: the address VMware Tools reports.
    assert.equal(
      machines['Machine/dc/lab-1']?.privateIP,
      one(r, VM, 'lab-1-vm').state.defaultIpAddress,
    );
  });
});

describe('vSphere program: control-plane spread', () => {
  it('no DRS cluster known (a pool without a cluster): no rule, and a warning that says why', async () => {
    let text = edit(VSPHERE_STACK, '    cluster: Compute-A\n', '    resourcePool: pool-a\n');
    text = edit(
      text,
      '  type: vmware\n',
      '  type: vmware\n  availabilityZones: [Compute-A, Compute-B]\n',
    );
    const r = await render(text);
    assert.equal(r.counts[RULE], undefined);
    assert.deepEqual(r.warnings, [
      'cluster k8s: its 3 control-plane VMs on MachineProvider dc/vcenter are not kept on different ESXi hosts: the provider writes spec.vsphere.resourcePool without a cluster, so the DRS cluster is unknown; set spec.config.customSettings.cluster (or spec.vsphere.cluster)',
    ]);
    assert.equal(
      one(r, VM, 'k8s-ctp0-vm').inputs.resourcePoolId,
      one(r, VM, 'web-1-vm').inputs.resourcePoolId,
    );
  });

  it('a single control-plane node needs no rule', async () => {
    let text = edit(
      VSPHERE_STACK,
      '    controlplane:\n      replicas: 3',
      '    controlplane:\n      replicas: 1',
    );
    text = edit(text, 'controlPlane:\n      replicas: 3', 'controlPlane:\n      replicas: 1');
    const r = await render(text);
    assert.equal(r.counts[RULE], undefined);
    assert.equal(r.counts[VM], 5);
  });
});
