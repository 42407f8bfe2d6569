// The Talos configuration patches as Talos reads them (YAML strategic merge patches).
import { strict as assert } from 'node:assert';
import { parse } from 'yaml';
import {
  machineTypePatch,
  machineTypePatchDocument,
  nodePatch,
  nodePatchDocument,
  taintValue,
} from '../../../src/components/talos/config-patches';

describe('Talos config patches', () => {
  describe('machine type patch', () => {
    it('is empty for Talos defaults: flannel, kube-proxy, default networks', () => {
      assert.deepEqual(machineTypePatchDocument({ cni: 'flannel', kubeProxy: true }), {});
    });

    it('sets the networks, CNI none, no kube-proxy and the installer image', () => {
      const doc = parse(
        machineTypePatch({
          cni: 'none',
          kubeProxy: false,
          podCIDR: '10.200.0.0/16',
          serviceCIDR: '10.100.0.0/16',
          dnsDomain: 'lab.local',
          installImage: 'ghcr.io/siderolabs/installer:v1.7.4',
        }),
      ) as unknown;
      assert.deepEqual(doc, {
        machine: { install: { image: 'ghcr.io/siderolabs/installer:v1.7.4' } },
        cluster: {
          network: {
            dnsDomain: 'lab.local',
            podSubnets: ['10.200.0.0/16'],
            serviceSubnets: ['10.100.0.0/16'],
            cni: { name: 'none' },
          },
          proxy: { disabled: true },
        },
      });
    });
  });

  describe('node patch', () => {
    const base = { hostname: 'n1', installDisk: '/dev/sda', labels: {}, taints: [] };

    it('routes an IPv6 address through ::/0', () => {
      const doc = nodePatchDocument({
        ...base,
        network: {
          address: 'fd00::10',
          prefix: 64,
          gateway: 'fd00::1',
          dnsServers: [],
          searchDomains: [],
        },
      });
      assert.deepEqual((doc.machine as { network: { interfaces: unknown[] } }).network.interfaces, [
        {
          deviceSelector: { physical: true },
          dhcp: false,
          addresses: ['fd00::10/64'],
          routes: [{ network: '::/0', gateway: 'fd00::1' }],
        },
      ]);
    });

    it('keeps DHCP on the interface that carries a VIP without a static address', () => {
      const doc = parse(nodePatch({ ...base, vip: '10.0.0.10' })) as {
        machine: { network: { interfaces: unknown[] } };
      };
      assert.deepEqual(doc.machine.network.interfaces, [
        { deviceSelector: { physical: true }, dhcp: true, vip: { ip: '10.0.0.10' } },
      ]);
    });

    it('sorts labels, so the same labels always make the same patch', () => {
      const a = nodePatch({ ...base, labels: { b: '2', a: '1' } });
      const b = nodePatch({ ...base, labels: { a: '1', b: '2' } });
      assert.equal(a, b);
    });

    it('writes taints as Talos parses them', () => {
      assert.equal(taintValue({ key: 'k', value: 'v', effect: 'NoExecute' }), 'v:NoExecute');
      assert.equal(taintValue({ key: 'k', effect: 'NoSchedule' }), 'NoSchedule');
      assert.equal(taintValue({ key: 'k', value: '', effect: 'NoSchedule' }), 'NoSchedule');
    });
  });
});
