// renderStack end to end on stacks/proxmox-talos, the Proxmox side: the provider, the plain
// Machines on proxmox-provider with their firewalls, the Talos cluster's node VMs, and the status
// each Machine would get, checked against the Machine status schema.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';

import { type Vitistack } from '../../src/api/v1alpha1';

import { renderStack, type StackRender } from '../../src/engine/render-stack';
import { resolveStack } from '../../src/model';

import { errorLines, loadPaths } from '../helpers/load';
import { repoRoot } from '../model/helpers';
import { one, schemaIssues } from './stack-render-helpers';

const VM = 'proxmoxve:index/vmLegacy:VmLegacy';

describe('renderStack: stacks/proxmox-talos (Proxmox)', () => {
  let r: StackRender;
  before(async () => {
    const loaded = loadPaths([join(repoRoot(), 'stacks', 'proxmox-talos')]);
    assert.deepEqual(errorLines(loaded), []);
    const objects = loaded.objects.map((o) => o.object);
    const v = objects.find((o): o is Vitistack => o.kind === 'Vitistack');
    assert.ok(v);
    r = await renderStack(resolveStack(v, objects));
  });

  it('builds one provider, two Machines with firewalls and six node VMs', () => {
    const ours = Object.fromEntries(
      Object.entries(r.counts).filter(
        ([t]) =>
          t.startsWith('proxmoxve:') ||
          t.startsWith('vitistack:proxmox:') ||
          t === 'pulumi:providers:proxmoxve',
      ),
    );
    assert.deepEqual(ours, {
      'proxmoxve:firewall/optionsLegacy:OptionsLegacy': 2,
      'proxmoxve:firewall/rulesLegacy:RulesLegacy': 2,
      'proxmoxve:index/vmLegacy:VmLegacy': 8,
      'pulumi:providers:proxmoxve': 1,
      'vitistack:proxmox:Machine': 8,
      'vitistack:proxmox:VmFirewall': 2,
    });
    // Every VM goes through the explicit provider of proxmox-provider.
    const provider = one(r, 'pulumi:providers:proxmoxve', 'platform-proxmox-provider');
    for (const vm of r.resources.filter((x) => x.type === VM)) {
      assert.ok(
        vm.provider?.startsWith(`${provider.urn}::`),
        `${vm.name}: ${vm.provider ?? 'none'}`,
      );
    }
    assert.deepEqual(
      r.resources
        .filter((x) => x.type === VM)
        .map((x) => x.name)
        .sort(),
      [
        'monitoring-1-vm',
        'ops-jumphost-vm',
        'talos-prod-ctp0-vm',
        'talos-prod-ctp1-vm',
        'talos-prod-ctp2-vm',
        'talos-prod-wrk0-vm',
        'talos-prod-wrk1-vm',
        'talos-prod-wrk2-vm',
      ],
    );
  });

  it("gives each Machine a status the schema accepts, with its planned address and the VM's id", () => {
    const want: Record<string, string> = {
      'ops-jumphost': '10.10.100.20',
      'monitoring-1': '10.10.100.50',
    };
    for (const [name, ip] of Object.entries(want)) {
      const p = r.status.find((x) => x.kind === 'Machine' && x.name === name);
      assert.ok(p, name);
      assert.deepEqual(schemaIssues(p), [], name);
      const s = p.status as {
        phase: string;
        machine: {
          id: string;
          networking: { privateIP: string };
          storage: { rootVolume: { size: string } };
        };
        addresses: { internal: string[] };
      };
      const vm = one(r, VM, `${name}-vm`);
      assert.equal(s.phase, 'Running');
      assert.equal(s.machine.id, `pve1/${String(vm.state.vmId)}`);
      assert.equal(s.machine.networking.privateIP, ip);
      assert.deepEqual(s.addresses.internal, [ip]);
      assert.equal(s.machine.storage.rootVolume.size, '40Gi');
    }
  });

  it('monitoring-1 reports its metrics volume on its own disk', () => {
    const p = r.status.find((x) => x.kind === 'Machine' && x.name === 'monitoring-1');
    const vmId = String(one(r, VM, 'monitoring-1-vm').state.vmId);
    const storage = (p?.status as { machine: { storage: { additionalVolumes: unknown[] } } })
      .machine.storage;
    assert.deepEqual(storage.additionalVolumes, [
      {
        id: `local-lvm:vm-${vmId}-disk-1`,
        name: 'metrics',
        size: '200Gi',
        mountPath: '/var/lib/prometheus',
        state: 'in-use',
      },
    ]);
  });

  it('the MachineProvider is Ready with both Machines running', () => {
    const p = r.status.find((x) => x.kind === 'MachineProvider' && x.name === 'proxmox-provider');
    assert.ok(p);
    assert.deepEqual(schemaIssues(p), []);
    assert.equal((p.status as { phase: string }).phase, 'Ready');
  });

  it('says what it did not build, each once', () => {
    const ours = r.warnings.filter((w) => /proxmox|Proxmox|user data|isolation/.test(w));
    assert.equal(new Set(ours).size, ours.length);
    assert.ok(
      ours.some((w) =>
        w.startsWith('Machine platform/ops-jumphost: its cloud-init user data is not delivered'),
      ),
    );
    assert.ok(
      ours.some((w) =>
        w.startsWith(
          'MachineProvider platform/proxmox-provider: Proxmox applies VM firewall rules only while the datacenter firewall is enabled',
        ),
      ),
    );
  });
});
