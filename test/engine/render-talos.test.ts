// renderStack end to end on the Talos stacks: stacks/proxmox-talos (3 + 3 nodes on Proxmox VMs,
// a written VIP) and stacks/kubevirt-talos (1 + 2 nodes on KubeVirt VMs, an allocated VIP):
// manifests -> model -> program under mocks -> recorded resources, outputs and the status every
// object would get, checked against the kind status schemas.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { parse } from 'yaml';

import { type Vitistack } from '../../src/api/v1alpha1';

import { renderStack, type StackRender } from '../../src/engine/render-stack';
import { resolveStack, type StackModel } from '../../src/model';

import { errorLines, loadPaths } from '../helpers/load';
import { repoRoot } from '../model/helpers';
import { byType, one, schemaIssues, statusOf } from './stack-render-helpers';

const APPLY = 'talos:machine/configurationApply:ConfigurationApply';
const BOOTSTRAP = 'talos:machine/bootstrap:Bootstrap';
const KUBECONFIG = 'talos:cluster/kubeconfig:Kubeconfig';
const PVE_VM = 'proxmoxve:index/vmLegacy:VmLegacy';
const KV_VM = 'kubernetes:kubevirt.io/v1:VirtualMachine';

function modelOf(dir: string): StackModel {
  const loaded = loadPaths([join(repoRoot(), 'stacks', dir)]);
  assert.deepEqual(errorLines(loaded), []);
  const objects = loaded.objects.map((o) => o.object);
  const v = objects.find((o): o is Vitistack => o.kind === 'Vitistack');
  assert.ok(v);
  return resolveStack(v, objects);
}

/** The Talos API address each node's configuration was applied at, by node name. */
function appliedAt(r: StackRender): Record<string, unknown> {
  return Object.fromEntries(
    byType(r, APPLY).map((a) => [a.name.replace(/-config$/, ''), a.inputs.node]),
  );
}

function appliedConfig(r: StackRender, node: string): unknown {
  return parse(String(one(r, APPLY, `${node}-config`).state.machineConfiguration));
}

function at(doc: unknown, ...path: (string | number)[]): unknown {
  let v: unknown = doc;
  for (const p of path) v = (v as Record<string | number, unknown> | undefined)?.[p];
  return v;
}

/** Every status and warning, as text: where a secret value must never appear. */
function visibleText(r: StackRender): string {
  return JSON.stringify([r.status, r.warnings, r.outputs.clusters, r.outputs.machines]);
}

function commonChecks(describeName: string, dir: string, key: string, clusterName: string): void {
  describe(`${describeName}: shared expectations`, () => {
    let r: StackRender;
    before(async () => {
      r = await renderStack(modelOf(dir));
    });

    it('patches every member object, each accepted by its kind status schema', () => {
      for (const p of r.status) assert.deepEqual(schemaIssues(p), [], `${p.kind}/${p.name}`);
      assert.ok(r.status.some((p) => `${p.kind}/${p.namespace}/${p.name}` === key));
    });

    it('bootstraps once, on ctp0 after its configuration, and takes the kubeconfig after that', () => {
      const [boot, ...more] = byType(r, BOOTSTRAP);
      assert.ok(boot);
      assert.equal(more.length, 0);
      const ctp0 = one(r, APPLY, `${clusterName}-ctp0-config`);
      assert.equal(boot.inputs.node, ctp0.inputs.node);
      assert.ok(boot.dependencies.includes(ctp0.urn));
      const [kc] = byType(r, KUBECONFIG);
      assert.ok(kc?.dependencies.includes(boot.urn));
    });

    it('writes the kubeconfig to a Secret owned by the KubernetesCluster, and nowhere else', () => {
      const [secret, ...more] = r.outputs.secrets;
      assert.ok(secret);
      assert.equal(more.length, 0);
      assert.equal(secret.owner, key);
      assert.equal(secret.secretName, `${clusterName}-kubeconfig`);
      assert.equal(secret.key, 'kubeconfig');
      assert.match(secret.value, /kind: Config/);
      const adminKey = at(parse(secret.value), 'users', 0, 'user', 'client-key-data');
      assert.equal(typeof adminKey, 'string');
      assert.ok(!visibleText(r).includes(String(adminKey)), 'the admin key leaks');
      const status = statusOf(r, 'KubernetesCluster', clusterName);
      assert.deepEqual(status.kubeconfigSecretRef, {
        name: `${clusterName}-kubeconfig`,
        key: 'kubeconfig',
      });
    });

    it('reports the Kubernetes CA as base64 PEM', () => {
      const ca = r.outputs.clusters[key]?.certificateAuthority ?? '';
      assert.match(Buffer.from(ca, 'base64').toString(), /^-----BEGIN CERTIFICATE-----/);
    });

    it('renders the same ids, outputs, status and warnings again (determinism)', async () => {
      const again = await renderStack(modelOf(dir));
      const ids = (x: StackRender) =>
        x.resources.map((res) => `${res.type} ${res.name} ${res.id ?? ''}`).sort();
      assert.deepEqual(ids(again), ids(r));
      assert.deepEqual(again.status, r.status);
      assert.deepEqual(again.warnings, r.warnings);
      assert.equal(new Set(r.warnings).size, r.warnings.length, 'a warning is repeated');
    });
  });
}

describe('renderStack: stacks/proxmox-talos', () => {
  let r: StackRender;
  before(async () => {
    r = await renderStack(modelOf('proxmox-talos'));
  });

  it('builds exactly these resources, per type', () => {
    assert.deepEqual(Object.fromEntries(Object.entries(r.counts).sort()), {
      'kubernetes:helm.sh/v3:Release': 2,
      'proxmoxve:firewall/optionsLegacy:OptionsLegacy': 2,
      'proxmoxve:firewall/rulesLegacy:RulesLegacy': 2,
      'proxmoxve:index/vmLegacy:VmLegacy': 8,
      'pulumi:providers:kubernetes': 2,
      'pulumi:providers:proxmoxve': 1,
      'pulumi:providers:talos': 1,
      'talos:cluster/kubeconfig:Kubeconfig': 1,
      'talos:machine/bootstrap:Bootstrap': 1,
      'talos:machine/configurationApply:ConfigurationApply': 6,
      'talos:machine/secrets:Secrets': 1,
      'vitistack:addons:HelmAddons': 2,
      'vitistack:index:Vitistack': 1,
      'vitistack:proxmox:Machine': 8,
      'vitistack:proxmox:VmFirewall': 2,
      'vitistack:talos:TalosCluster': 1,
    });
    assert.equal(r.resources.length, 41);
    assert.deepEqual(
      r.tree.map((n) => `${n.type} ${n.name}`),
      ['vitistack:index:Vitistack oslo-dc1'],
    );
  });

  it('configures each node at the address its VM boots with, outside the DHCP pool and the VIP', () => {
    const applied = appliedAt(r);
    assert.deepEqual(applied, {
      'talos-prod-ctp0': '10.10.100.4',
      'talos-prod-ctp1': '10.10.100.5',
      'talos-prod-ctp2': '10.10.100.6',
      'talos-prod-wrk0': '10.10.100.7',
      'talos-prod-wrk1': '10.10.100.8',
      'talos-prod-wrk2': '10.10.100.9',
    });
    for (const [node, address] of Object.entries(applied)) {
      const vm = one(r, PVE_VM, `${node}-vm`);
      assert.deepEqual((vm.state.ipv4Addresses as string[][])[1], [address], node);
      const apply = one(r, APPLY, `${node}-config`);
      assert.ok(apply.dependencies.includes(vm.urn), `${node} is configured before its VM exists`);
      assert.deepEqual(
        at(appliedConfig(r, node), 'machine', 'network', 'interfaces', 0, 'addresses'),
        [`${address}/24`],
      );
    }
  });

  it('announces the written VIP 10.10.100.10 from the control plane only', () => {
    for (const node of Object.keys(appliedAt(r))) {
      const vip = at(appliedConfig(r, node), 'machine', 'network', 'interfaces', 0, 'vip', 'ip');
      assert.equal(vip, node.includes('-ctp') ? '10.10.100.10' : undefined, node);
      assert.equal(
        at(appliedConfig(r, node), 'cluster', 'controlPlane', 'endpoint'),
        'https://10.10.100.10:6443',
      );
    }
  });

  it('configures Talos 1.7.4 on /dev/sda with Cilium in place of flannel and kube-proxy', () => {
    const cfg = appliedConfig(r, 'talos-prod-wrk0');
    assert.equal(at(cfg, 'machine', 'install', 'disk'), '/dev/sda');
    assert.equal(at(cfg, 'machine', 'install', 'image'), 'ghcr.io/siderolabs/installer:v1.7.4');
    assert.deepEqual(at(cfg, 'cluster', 'network', 'cni'), { name: 'none' });
    assert.deepEqual(at(cfg, 'cluster', 'proxy'), { disabled: true });
    assert.deepEqual(at(cfg, 'machine', 'nodeLabels'), {
      'vitistack.io/clusterid': 'talos-prod',
      'vitistack.io/node-role': 'worker',
      'vitistack.io/nodepool': 'workers',
    });
    const cilium = one(r, 'kubernetes:helm.sh/v3:Release', 'talos-prod-cni-cilium');
    assert.equal(at(cilium.inputs, 'values', 'k8sServicePort'), 7445);
    const ingress = one(r, 'pulumi:providers:kubernetes', 'talos-prod-addons-k8s');
    assert.ok(ingress.dependencies.includes(cilium.urn), 'the add-ons wait for the CNI');
  });

  it('KubernetesCluster: Running at the VIP, with its version and kubeconfig Secret', () => {
    assert.deepEqual(statusOf(r, 'KubernetesCluster', 'talos-prod'), {
      phase: 'Running',
      endpoint: 'https://10.10.100.10:6443',
      state: {
        endpoints: [{ name: 'kubernetes', address: 'https://10.10.100.10:6443' }],
        versions: [{ name: 'kubernetes', version: '1.30.1' }],
      },
      kubeconfigSecretRef: { name: 'talos-prod-kubeconfig', key: 'kubeconfig' },
    });
    const vs = statusOf(r, 'Vitistack', 'oslo-dc1') as { resources: { clusters: unknown } };
    assert.deepEqual(vs.resources.clusters, { total: 1, ready: 1, pending: 0 });
  });

  it('reports the node groups and add-ons of the cluster', () => {
    const c = r.outputs.clusters['KubernetesCluster/platform/talos-prod'];
    assert.ok(c);
    assert.deepEqual(c.nodeGroups, [
      { name: 'control-plane', status: 'ACTIVE', desired: 3, min: 3, max: 3 },
      { name: 'workers', status: 'ACTIVE', desired: 3, min: 3, max: 6 },
    ]);
    assert.deepEqual(
      c.addons.map((a) => a.name),
      ['coredns', 'cilium', 'ingress-nginx'],
    );
    assert.equal(c.podCIDR, '10.244.0.0/16');
    assert.equal(c.serviceCIDR, '10.96.0.0/12');
  });

  it('warns about what the Talos cluster asks for and does not get', () => {
    const talos = r.warnings.filter((w) => w.startsWith('cluster talos-prod'));
    assert.deepEqual(
      talos.filter((w) => w.includes('(talos)')),
      [
        'cluster talos-prod (talos): node pool workers autoscaling (3 to 6 nodes) is not built: its nodes are machines of the stack, so the pool runs 3 nodes; change replicas to resize it',
        "cluster talos-prod (talos): Vitistack platform/oslo-dc1 spec.infrastructure.providers[1].credentials (Secret platform/talos-machine-secrets) is not used: the cluster's machine secrets are generated and kept, encrypted, in the stack's state; to keep the secrets of an existing cluster, import them into the stack instead",
      ],
    );
    assert.ok(talos.some((w) => w.startsWith('cluster talos-prod: add-on storage: unknown')));
  });
});

describe('renderStack: stacks/kubevirt-talos', () => {
  let r: StackRender;
  before(async () => {
    r = await renderStack(modelOf('kubevirt-talos'));
  });

  it('builds exactly these resources, per type', () => {
    assert.deepEqual(Object.fromEntries(Object.entries(r.counts).sort()), {
      'kubernetes:core/v1:Secret': 3,
      'kubernetes:helm.sh/v3:Release': 1,
      'kubernetes:k8s.cni.cncf.io/v1:NetworkAttachmentDefinition': 5,
      'kubernetes:kubevirt.io/v1:VirtualMachine': 5,
      'kubernetes:networking.k8s.io/v1:NetworkPolicy': 1,
      'pulumi:providers:kubernetes': 2,
      'pulumi:providers:talos': 1,
      'talos:cluster/kubeconfig:Kubeconfig': 1,
      'talos:machine/bootstrap:Bootstrap': 1,
      'talos:machine/configurationApply:ConfigurationApply': 3,
      'talos:machine/secrets:Secrets': 1,
      'vitistack:addons:HelmAddons': 2,
      'vitistack:index:Vitistack': 1,
      'vitistack:kubevirt:NetworkAttachment': 5,
      'vitistack:kubevirt:NetworkPolicy': 1,
      'vitistack:kubevirt:VirtualMachine': 5,
      'vitistack:talos:TalosCluster': 1,
    });
    assert.equal(r.resources.length, 39);
  });

  it('allocates the VIP first on vlan200-servers and configures each node at its VM address', () => {
    const applied = appliedAt(r);
    assert.deepEqual(applied, {
      'talos-kv-a-ctp0': '10.20.0.4',
      'talos-kv-a-wrk0': '10.20.0.5',
      'talos-kv-a-wrk1': '10.20.0.6',
    });
    for (const [node, address] of Object.entries(applied)) {
      const vm = one(r, KV_VM, `virt-platform-${node}-vm`);
      const volumes = at(vm.inputs, 'spec', 'template', 'spec', 'volumes') as unknown[];
      const data = JSON.stringify(volumes);
      assert.ok(data.includes(`${address}/24`), `${node}: the VM boots with another address`);
      assert.ok(one(r, APPLY, `${node}-config`).dependencies.includes(vm.urn));
    }
    assert.equal(
      at(appliedConfig(r, 'talos-kv-a-ctp0'), 'machine', 'network', 'interfaces', 0, 'vip', 'ip'),
      '10.20.0.3',
    );
    assert.deepEqual(
      statusOf(r, 'KubernetesCluster', 'talos-kv-a').endpoint,
      'https://10.20.0.3:6443',
    );
  });

  it('installs to the virtio disk with the Image Factory installer of the image schematic', () => {
    const cfg = appliedConfig(r, 'talos-kv-a-wrk1');
    assert.equal(at(cfg, 'machine', 'install', 'disk'), '/dev/vda');
    assert.equal(
      at(cfg, 'machine', 'install', 'image'),
      'factory.talos.dev/installer/376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba:v1.7.4',
    );
    // cilium without kubeProxyReplacement: Talos still runs kube-proxy.
    assert.equal(at(cfg, 'cluster', 'proxy'), undefined);
    assert.equal(at(cfg, 'machine', 'network', 'interfaces', 0, 'mtu'), 9000);
  });
});

commonChecks(
  'stacks/proxmox-talos',
  'proxmox-talos',
  'KubernetesCluster/platform/talos-prod',
  'talos-prod',
);
commonChecks(
  'stacks/kubevirt-talos',
  'kubevirt-talos',
  'KubernetesCluster/virt-platform/talos-kv-a',
  'talos-kv-a',
);
