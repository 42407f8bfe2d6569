// renderStack end to end on stacks/vsphere-hybrid: manifests -> model -> AWS program and vSphere
// backend under mocks -> recorded resources, outputs and the status every object would get.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';

import { type Vitistack } from '../../src/api/v1alpha1';

import { renderStack, type StackRender } from '../../src/engine/render-stack';
import { resolveStack, type StackModel } from '../../src/model';

import { errorLines, loadPaths } from '../helpers/load';
import { repoRoot } from '../model/helpers';
import { one, schemaIssues, statusOf } from './stack-render-helpers';
import { formats } from '../../src/api/schema';

const VM = 'vsphere:index/virtualMachine:VirtualMachine';

function hybrid(): StackModel {
  const loaded = loadPaths([join(repoRoot(), 'stacks', 'vsphere-hybrid')]);
  assert.deepEqual(errorLines(loaded), []);
  const objects = loaded.objects.map((o) => o.object);
  const v = objects.find((o): o is Vitistack => o.kind === 'Vitistack');
  assert.ok(v);
  return resolveStack(v, objects);
}

const inCidr = formats.ipInSubnet;

type Rec = Record<string, unknown>;

describe('renderStack: stacks/vsphere-hybrid', () => {
  let model: StackModel;
  let r: StackRender;
  before(async () => {
    model = hybrid();
    r = await renderStack(model);
  });

  it('builds exactly these resources, per type: AWS and vSphere side by side', () => {
    assert.equal(r.stackName, 'hq.hybrid-datacenter');
    assert.deepEqual(Object.fromEntries(Object.entries(r.counts).sort()), {
      'aws:ec2/instance:Instance': 1,
      'aws:ec2/routeTable:RouteTable': 2,
      'aws:ec2/routeTableAssociation:RouteTableAssociation': 2,
      'aws:ec2/securityGroup:SecurityGroup': 2,
      'aws:ec2/subnet:Subnet': 2,
      'aws:ec2/vpc:Vpc': 1,
      'aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule': 2,
      'aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule': 4,
      'pulumi:providers:aws': 1,
      'pulumi:providers:vsphere': 1,
      'vitistack:aws:Firewall': 1,
      'vitistack:aws:Machine': 1,
      'vitistack:aws:Network': 1,
      'vitistack:index:Vitistack': 1,
      'vitistack:vsphere:Inventory': 1,
      'vitistack:vsphere:Machine': 2,
      'vsphere:index/folder:Folder': 1,
      'vsphere:index/tag:Tag': 3,
      'vsphere:index/tagCategory:TagCategory': 1,
      [VM]: 2,
    });
    assert.equal(r.resources.length, 32);
  });

  it('signs in to vcenter.example.com; without the Secret the render has no login', () => {
    const p = one(r, 'pulumi:providers:vsphere', 'hq-vsphere-hq');
    assert.equal(p.inputs.vsphereServer, 'vcenter.example.com');
    assert.equal(p.inputs.allowUnverifiedSsl, 'false');
    assert.equal(p.inputs.user, undefined);
    assert.equal(p.inputs.password, undefined);
  });

  it("clones both Machines from vsphere-hq's ubuntu template into its pool, datastore and the stack's folder", () => {
    const app = one(r, VM, 'hq-app-1-vm').inputs;
    const db = one(r, VM, 'hq-db-1-vm').inputs;
    assert.equal((app.clone as Rec).templateUuid, (db.clone as Rec).templateUuid);
    assert.match(String((app.clone as Rec).templateUuid), /^42[0-9a-f]{6}-/);
    assert.equal(app.guestId, 'ubuntu64Guest');
    for (const vm of [app, db]) {
      assert.match(String(vm.resourcePoolId), /^resgroup-\d+$/);
      assert.match(String(vm.datastoreId), /^datastore-\d+$/);
      assert.equal(vm.folder, 'hq.hybrid-datacenter');
    }
    assert.equal(app.resourcePoolId, db.resourcePoolId);
    // hq-db-1 names the port group Production Network; hq-app-1 gets the provider's VM Network.
    const net = (vm: Rec) => (vm.networkInterfaces as Rec[]).map((n) => n.networkId);
    assert.notDeepEqual(net(app), net(db));
  });

  it('sizes them from the Machines: cores, memory, root and data disks by storage type', () => {
    const app = one(r, VM, 'hq-app-1-vm').inputs;
    const db = one(r, VM, 'hq-db-1-vm').inputs;
    assert.deepEqual([app.numCpus, app.numCoresPerSocket, app.memory], [4, 4, 8192]);
    assert.deepEqual([db.numCpus, db.numCoresPerSocket, db.memory], [4, 4, 16384]);
    const disks = (vm: Rec) =>
      (vm.disks as Rec[]).map((d) => [d.label, d.size, d.thinProvisioned, d.eagerlyScrub]);
    assert.deepEqual(disks(app), [
      ['disk0', 50, true, false],
      ['data-app-data', 100, true, false],
    ]);
    assert.deepEqual(disks(db), [
      ['disk0', 50, true, false],
      ['data-pgdata', 200, false, true],
    ]);
  });

  it('customizes them as Linux guests with DHCP (no NetworkConfiguration gives an address)', () => {
    for (const name of ['hq-app-1', 'hq-db-1']) {
      const clone = one(r, VM, `${name}-vm`).inputs.clone as { customize: Rec };
      assert.deepEqual(clone.customize, {
        linuxOptions: { hostName: name, domain: 'localdomain' },
        networkInterfaces: [{}],
      });
    }
  });

  it('tags both with the Vitistack labels environment, team and stack', () => {
    const tags = r.resources
      .filter((x) => x.type === 'vsphere:index/tag:Tag')
      .map((x) => [x.inputs.name, x.id]);
    assert.deepEqual(
      tags.map(([name]) => name),
      ['environment=production', 'team=platform', 'stack=hq.hybrid-datacenter'],
    );
    for (const name of ['hq-app-1', 'hq-db-1']) {
      assert.deepEqual(
        one(r, VM, `${name}-vm`).inputs.tags,
        tags.map(([, id]) => id),
      );
    }
  });

  describe('status', () => {
    it('patches every member object, each accepted by its kind status schema', () => {
      assert.deepEqual(r.status.map((p) => `${p.kind}/${p.namespace}/${p.name}`).sort(), [
        'Machine/hq/aws-app-1',
        'Machine/hq/hq-app-1',
        'Machine/hq/hq-db-1',
        'MachineProvider/hq/aws-us-east-1',
        'MachineProvider/hq/vsphere-hq',
        'Vitistack/hq/hybrid-datacenter',
      ]);
      for (const p of r.status) assert.deepEqual(schemaIssues(p), [], `${p.kind}/${p.name}`);
    });

    const machines = [
      { name: 'hq-app-1', vm: 'hq-app-1-vm', volumes: [['app-data', '100Gi', '/data']] },
      { name: 'hq-db-1', vm: 'hq-db-1-vm', volumes: [['pgdata', '200Gi', '/var/lib/postgresql']] },
    ];
    for (const tc of machines) {
      it(`Machine ${tc.name}: the VM's UUID, the address VMware Tools reports, its disks`, () => {
        const s = statusOf(r, 'Machine', tc.name);
        const vm = one(r, VM, tc.vm);
        assert.equal(s.phase, 'Running');
        const m = s.machine as {
          id: string;
          state: string;
          networking: { privateIP: string };
          storage: {
            rootVolume: { id: string; size: string; type: string };
            additionalVolumes: { id: string; name: string; size: string; mountPath: string }[];
          };
        };
        assert.equal(m.id, vm.id);
        assert.equal(m.id, vm.state.uuid);
        assert.equal(m.state, 'running');
        assert.equal(m.networking.privateIP, vm.state.defaultIpAddress);
        assert.ok(inCidr(m.networking.privateIP, '10.0.0.0/8'), m.networking.privateIP);
        assert.deepEqual(s.addresses, { internal: [m.networking.privateIP], external: [] });
        const disks = vm.state.disks as { label: string; uuid: string }[];
        assert.deepEqual(m.storage.rootVolume, {
          id: disks.find((d) => d.label === 'disk0')?.uuid,
          size: '50Gi',
          type: 'thin',
          state: 'in-use',
        });
        assert.deepEqual(
          m.storage.additionalVolumes.map((v) => [v.name, v.size, v.mountPath, v.id]),
          tc.volumes.map(([n, size, path]) => [
            n,
            size,
            path,
            disks.find((d) => d.label === `data-${String(n)}`)?.uuid,
          ]),
        );
      });
    }

    it('the AWS machine is still built in its subnet', () => {
      const s = statusOf(r, 'Machine', 'aws-app-1');
      const m = s.machine as { id: string; networking: { privateIP: string } };
      assert.equal(m.id, one(r, 'aws:ec2/instance:Instance', 'aws-app-1-instance').id);
      assert.ok(inCidr(m.networking.privateIP, '10.30.1.0/24'));
    });

    it('MachineProvider vsphere-hq and the Vitistack count the vSphere VMs as running', () => {
      assert.deepEqual(statusOf(r, 'MachineProvider', 'vsphere-hq').instances, {
        total: 2,
        running: 2,
        pending: 0,
      });
      assert.deepEqual((statusOf(r, 'Vitistack', 'hybrid-datacenter').resources as Rec).machines, {
        total: 3,
        running: 3,
        pending: 0,
        failed: 0,
      });
    });
  });

  it('warns that certificate login cannot work and the firewall rules skip the vSphere VMs', () => {
    assert.deepEqual(
      r.warnings.filter((w) => w.includes('vsphere')),
      [
        'MachineProvider hq/vsphere-hq: spec.authentication.type "certificate" cannot sign in to vCenter: the vSphere provider signs in with a user name and password; use authentication type apikey (or credentials type password) with a Secret holding the keys username and password. The offline render builds the provider without credentials',
        "Vitistack hq/hybrid-datacenter spec.networking.firewallRules (2 rules): not applied to the 2 Machines on vSphere (hq/vsphere-hq), which has no firewall this program builds (NSX is not supported); guard those VMs with the port groups' upstream firewall or the guests' own",
      ],
    );
    assert.ok(!r.warnings.some((w) => /ProviderNotSupported/.test(w)));
    assert.equal(new Set(r.warnings).size, r.warnings.length, 'a warning is repeated');
  });

  it('renders the same ids, outputs and status again (determinism)', async () => {
    const again = await renderStack(model);
    const ids = (x: StackRender) =>
      x.resources.map((res) => `${res.type} ${res.name} ${res.id ?? ''}`);
    assert.deepEqual(ids(again).sort(), ids(r).sort());
    assert.deepEqual(again.status, r.status);
    assert.deepEqual(again.warnings, r.warnings);
  });
});
