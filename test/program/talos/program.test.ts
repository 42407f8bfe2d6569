// The Talos program on variants of the proxmox-talos example: how the endpoint, the CNI and the
// versions written in the manifests show in what is built and what the render warns about.
import { strict as assert } from 'node:assert';
import { parse } from 'yaml';
import { renderStack, type StackRender } from '../../../src/engine/render-stack';
import {
  APPLY,
  at,
  byType,
  CLUSTER_KEY,
  edit,
  exampleYaml,
  modelOf,
  nodePatchOf,
  problemsOf,
} from './helpers';

const WRITTEN = '        endpoint: https://10.10.100.10:6443\n';
const CILIUM = '      type: cilium\n      config:\n        kubeProxyReplacement: true\n';

async function render(yaml: string): Promise<StackRender> {
  return renderStack(modelOf(yaml));
}

function addressesOf(r: StackRender): Record<string, unknown> {
  return Object.fromEntries(byType(r, APPLY).map((a) => [a.name, a.inputs.node]));
}

describe('TALOS_PROGRAM', () => {
  describe('without a written endpoint', () => {
    let r: StackRender;
    before(async () => {
      r = await render(edit(exampleYaml(), WRITTEN, ''));
    });

    it('allocates the VIP before the nodes, so scaling the cluster never moves it', () => {
      assert.equal(r.outputs.clusters[CLUSTER_KEY]?.endpoint, 'https://10.10.100.4:6443');
      assert.deepEqual(addressesOf(r), {
        'talos-prod-ctp0-config': '10.10.100.5',
        'talos-prod-ctp1-config': '10.10.100.6',
        'talos-prod-ctp2-config': '10.10.100.7',
        'talos-prod-wrk0-config': '10.10.100.8',
        'talos-prod-wrk1-config': '10.10.100.9',
        'talos-prod-wrk2-config': '10.10.100.10',
      });
      const ctp0 = byType(r, APPLY).find((a) => a.name === 'talos-prod-ctp0-config');
      assert.ok(ctp0);
      assert.equal(
        at(nodePatchOf(ctp0), 'machine', 'network', 'interfaces', 0, 'vip', 'ip'),
        '10.10.100.4',
      );
    });
  });

  describe('with a written VIP among the addresses the nodes would get', () => {
    it('keeps it out of the address plan: no node or Machine is given the VIP', async () => {
      const r = await render(
        edit(exampleYaml(), WRITTEN, '        endpoint: https://10.10.100.5:6443\n'),
      );
      assert.equal(r.outputs.clusters[CLUSTER_KEY]?.endpoint, 'https://10.10.100.5:6443');
      const nodes = Object.values(addressesOf(r));
      assert.deepEqual(nodes, [
        '10.10.100.4',
        '10.10.100.6',
        '10.10.100.7',
        '10.10.100.8',
        '10.10.100.9',
        '10.10.100.10',
      ]);
    });

    it("refuses a VIP that is a Machine's address, naming both", async () => {
      // Written addresses are checked in owner order: the cluster's VIP comes first.
      const found = await problemsOf(
        modelOf(edit(exampleYaml(), WRITTEN, '        endpoint: https://10.10.100.20:6443\n')),
      );
      assert.deepEqual(found, [
        'Machine platform/ops-jumphost eth0: spec.networking.interfaces[0].ipAddress 10.10.100.20 is given to KubernetesCluster/platform/talos-prod talos-prod-api in NetworkConfiguration platform/vlan100-servers (subnet 10.10.100.0/24); choose a free address of the subnet or leave it out to have one allocated',
      ]);
    });
  });

  describe('with a written endpoint that is a DNS name', () => {
    let r: StackRender;
    before(async () => {
      r = await render(
        edit(exampleYaml(), WRITTEN, '        endpoint: https://k8s.oslo.example.internal:443\n'),
      );
    });

    it('configures the nodes with it, puts no VIP on any node, and warns what the load balancer must do', () => {
      assert.equal(
        r.outputs.clusters[CLUSTER_KEY]?.endpoint,
        'https://k8s.oslo.example.internal:443',
      );
      for (const a of byType(r, APPLY)) {
        assert.equal(
          at(nodePatchOf(a), 'machine', 'network', 'interfaces', 0, 'vip'),
          undefined,
          a.name,
        );
        const applied = parse(String(a.state.machineConfiguration)) as unknown;
        assert.equal(
          at(applied, 'cluster', 'controlPlane', 'endpoint'),
          'https://k8s.oslo.example.internal:443',
        );
      }
      assert.ok(
        r.warnings.some((w) =>
          w.includes(
            'is taken as a load balancer or DNS name that you run: it must forward TCP 443 to port 6443',
          ),
        ),
      );
    });
  });

  describe('with flannel', () => {
    let r: StackRender;
    before(async () => {
      r = await render(edit(exampleYaml(), CILIUM, '      type: flannel\n'));
    });

    it('leaves the CNI and kube-proxy to Talos and installs no CNI release', () => {
      const releases = byType(r, 'kubernetes:helm.sh/v3:Release').map((x) => x.name);
      assert.deepEqual(releases, ['talos-prod-addons-ingress-nginx']);
      const ctp0 = byType(r, APPLY).find((a) => a.name === 'talos-prod-ctp0-config');
      const applied = parse(String(ctp0?.state.machineConfiguration)) as unknown;
      assert.equal(at(applied, 'cluster', 'network', 'cni'), undefined);
      assert.equal(at(applied, 'cluster', 'proxy'), undefined);
      const addons = r.outputs.clusters[CLUSTER_KEY]?.addons.map((a) => a.name);
      assert.deepEqual(addons, ['flannel', 'coredns', 'ingress-nginx']);
    });
  });

  describe('with cilium keeping kube-proxy', () => {
    let r: StackRender;
    before(async () => {
      r = await render(edit(exampleYaml(), CILIUM, '      type: cilium\n'));
    });

    it('still turns off Talos CNI but keeps kube-proxy, and Cilium talks to the service IP', () => {
      const ctp0 = byType(r, APPLY).find((a) => a.name === 'talos-prod-ctp0-config');
      const applied = parse(String(ctp0?.state.machineConfiguration)) as unknown;
      assert.deepEqual(at(applied, 'cluster', 'network', 'cni'), { name: 'none' });
      assert.equal(at(applied, 'cluster', 'proxy'), undefined);
      const cilium = byType(r, 'kubernetes:helm.sh/v3:Release').find(
        (x) => x.name === 'talos-prod-cni-cilium',
      );
      assert.equal(at(cilium?.inputs, 'values', 'kubeProxyReplacement'), false);
      assert.equal(at(cilium?.inputs, 'values', 'k8sServiceHost'), undefined);
    });
  });

  describe('with images that name no Talos version', () => {
    it('warns that the configurations follow the provider default', async () => {
      const r = await render(
        edit(exampleYaml(), 'name: talos-v1.7.4-nocloud', 'name: talos-nocloud'),
      );
      assert.ok(
        r.warnings.includes(
          'cluster talos-prod (talos): no Talos version in the names of the Talos images or templates of its MachineProviders, so its machine configurations follow the Talos provider\'s default version, which nodes running an older Talos may reject; name the image with its version, e.g. "talos-v1.7.4-nocloud"',
        ),
      );
      const [secrets] = byType(r, 'talos:machine/secrets:Secrets');
      assert.equal(secrets?.inputs.talosVersion, undefined);
    });
  });
});
