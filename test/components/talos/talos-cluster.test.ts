// TalosCluster under mocks: what a Talos cluster on existing machines is made of, in which order,
// and what stays secret.
import { strict as assert } from 'node:assert';
import * as pulumi from '@pulumi/pulumi';
import { parse } from 'yaml';
import type { TalosClusterArgs, TalosNodeArgs } from '../../../src/components/talos/talos-cluster';
import { RecordingMocks, unwrap, type RecordedResource } from '../../../src/engine/mocks';
import { settle } from './settle';

const SECRETS = 'talos:machine/secrets:Secrets';
const APPLY = 'talos:machine/configurationApply:ConfigurationApply';
const BOOTSTRAP = 'talos:machine/bootstrap:Bootstrap';
const KUBECONFIG = 'talos:cluster/kubeconfig:Kubeconfig';
const GET_CONFIG = 'talos:machine/getConfiguration:getConfiguration';
const SIG_KEY = '4dabf18193072939515e22adb298388d';

type Doc = Record<string, unknown>;

function isSecretInput(v: unknown): boolean {
  return typeof v === 'object' && v !== null && SIG_KEY in v;
}

/** A nested field of a parsed YAML document, by path. */
function at(doc: unknown, ...path: (string | number)[]): unknown {
  let v: unknown = doc;
  for (const p of path) v = (v as Record<string | number, unknown> | undefined)?.[p];
  return v;
}

function patchOf(r: RecordedResource): Doc {
  const patches = r.inputs.configPatches as string[];
  assert.equal(patches.length, 1);
  return parse(patches[0] ?? '') as Doc;
}

/** A machine the cluster's node runs on, as a machine backend would make it. */
class Vm extends pulumi.CustomResource {
  constructor(name: string) {
    super('test:index:Vm', name, {});
  }
}

const NET = { prefix: 24, gateway: '10.0.0.1', dnsServers: ['10.0.0.2'], searchDomains: ['lab'] };

function node(name: string, address: string, over: Partial<TalosNodeArgs> = {}): TalosNodeArgs {
  return {
    name,
    machineType: name.includes('-ctp') ? 'controlplane' : 'worker',
    address,
    installDisk: '/dev/sda',
    network: { address, ...NET },
    labels: { 'vitistack.io/clusterid': 'lab' },
    ...over,
  };
}

function base(over: Partial<TalosClusterArgs> = {}): TalosClusterArgs {
  return {
    clusterName: 'lab',
    endpoint: 'https://10.0.0.10:6443',
    vip: '10.0.0.10',
    kubernetesVersion: 'v1.30.1',
    talosVersion: 'v1.7.4',
    podCIDR: '10.244.0.0/16',
    serviceCIDR: '10.96.0.0/12',
    dnsDomain: 'cluster.local',
    cni: 'none',
    kubeProxy: false,
    nodes: [
      node('lab-ctp0', '10.0.0.11'),
      node('lab-ctp1', '10.0.0.12'),
      node('lab-ctp2', '10.0.0.13'),
      node('lab-wrk0', '10.0.0.21', {
        taints: [
          { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' },
          { key: 'spot', effect: 'PreferNoSchedule' },
        ],
      }),
      node('lab-wrk1', '10.0.0.22'),
    ],
    ...over,
  };
}

describe('TalosCluster', () => {
  const mocks = new RecordingMocks();
  let mod: typeof import('../../../src/components/talos/talos-cluster');
  before(async () => {
    await mocks.install('vitistack', 'test');
    mod = await import('../../../src/components/talos/talos-cluster.js');
  });

  describe('three control-plane nodes behind a VIP and two workers', () => {
    let c: InstanceType<typeof mod.TalosCluster>;
    const mine = (type: string) => mocks.byType(type).filter((r) => r.name.startsWith('lab-'));
    before(async () => {
      c = new mod.TalosCluster('lab', base());
      await unwrap(c.kubeconfig);
      await settle();
    });

    it('generates the cluster secrets once, for the Talos version the nodes run', () => {
      const secrets = mine(SECRETS);
      assert.deepEqual(
        secrets.map((s) => [s.name, s.inputs.talosVersion]),
        [['lab-secrets', 'v1.7.4']],
      );
    });

    it('renders one configuration per machine type with the cluster network, no CNI and no kube-proxy', () => {
      const calls = mocks.calls.filter(
        (x) => x.token === GET_CONFIG && x.inputs.clusterName === 'lab',
      );
      assert.deepEqual(calls.map((x) => x.inputs.machineType).sort(), ['controlplane', 'worker']);
      for (const call of calls) {
        assert.equal(call.inputs.clusterEndpoint, 'https://10.0.0.10:6443');
        assert.equal(call.inputs.kubernetesVersion, '1.30.1', 'the leading v is dropped');
        assert.equal(call.inputs.talosVersion, 'v1.7.4');
        const [patch] = call.inputs.configPatches as string[];
        const doc = parse(patch ?? '') as Doc;
        assert.deepEqual(at(doc, 'cluster', 'network'), {
          dnsDomain: 'cluster.local',
          podSubnets: ['10.244.0.0/16'],
          serviceSubnets: ['10.96.0.0/12'],
          cni: { name: 'none' },
        });
        assert.deepEqual(at(doc, 'cluster', 'proxy'), { disabled: true });
      }
    });

    it('applies one configuration per node, at the node, with its own hostname and address', () => {
      const applies = mine(APPLY);
      assert.deepEqual(
        applies.map((a) => [a.name, a.inputs.node, a.inputs.endpoint]),
        [
          ['lab-ctp0-config', '10.0.0.11', '10.0.0.11'],
          ['lab-ctp1-config', '10.0.0.12', '10.0.0.12'],
          ['lab-ctp2-config', '10.0.0.13', '10.0.0.13'],
          ['lab-wrk0-config', '10.0.0.21', '10.0.0.21'],
          ['lab-wrk1-config', '10.0.0.22', '10.0.0.22'],
        ],
      );
      const wrk1 = patchOf(applies[4] as RecordedResource);
      assert.equal(at(wrk1, 'machine', 'network', 'hostname'), 'lab-wrk1');
      assert.equal(at(wrk1, 'machine', 'install', 'disk'), '/dev/sda');
      assert.deepEqual(at(wrk1, 'machine', 'network', 'interfaces'), [
        {
          deviceSelector: { physical: true },
          dhcp: false,
          addresses: ['10.0.0.22/24'],
          routes: [{ network: '0.0.0.0/0', gateway: '10.0.0.1' }],
        },
      ]);
      assert.deepEqual(at(wrk1, 'machine', 'network', 'nameservers'), ['10.0.0.2']);
      assert.deepEqual(at(wrk1, 'machine', 'nodeLabels'), { 'vitistack.io/clusterid': 'lab' });
    });

    it('applies the machine type configuration of each node, sent as a secret, with its patch merged', () => {
      for (const a of mine(APPLY)) {
        assert.ok(isSecretInput(a.inputs.machineConfigurationInput), a.name);
        const applied = parse(String(a.state.machineConfiguration)) as Doc;
        assert.equal(
          at(applied, 'machine', 'type'),
          a.name.includes('ctp') ? 'controlplane' : 'worker',
        );
        assert.equal(at(applied, 'machine', 'network', 'hostname'), a.name.replace(/-config$/, ''));
        assert.equal(at(applied, 'cluster', 'controlPlane', 'endpoint'), 'https://10.0.0.10:6443');
        assert.deepEqual(at(applied, 'cluster', 'network', 'cni'), { name: 'none' });
      }
    });

    it('puts the VIP on the control-plane nodes only', () => {
      const vips = mine(APPLY).map((a) => [
        a.name,
        at(patchOf(a), 'machine', 'network', 'interfaces', 0, 'vip', 'ip') ?? null,
      ]);
      assert.deepEqual(vips, [
        ['lab-ctp0-config', '10.0.0.10'],
        ['lab-ctp1-config', '10.0.0.10'],
        ['lab-ctp2-config', '10.0.0.10'],
        ['lab-wrk0-config', null],
        ['lab-wrk1-config', null],
      ]);
    });

    it('taints a node as Talos reads machine.nodeTaints (value:Effect, or just Effect)', () => {
      const wrk0 = mine(APPLY).find((a) => a.name === 'lab-wrk0-config');
      assert.ok(wrk0);
      assert.deepEqual(at(patchOf(wrk0), 'machine', 'nodeTaints'), {
        dedicated: 'gpu:NoSchedule',
        spot: 'PreferNoSchedule',
      });
    });

    it('bootstraps etcd once, on the first control-plane node, after its configuration is applied', () => {
      const [boot, ...more] = mine(BOOTSTRAP);
      assert.ok(boot);
      assert.equal(more.length, 0);
      assert.equal(boot.inputs.node, '10.0.0.11');
      assert.equal(boot.inputs.endpoint, '10.0.0.11');
      const ctp0 = mine(APPLY).find((a) => a.name === 'lab-ctp0-config');
      assert.ok(ctp0 && boot.dependencies.includes(ctp0.urn));
      const others = mine(APPLY).filter((a) => a !== ctp0);
      assert.ok(others.every((a) => !boot.dependencies.includes(a.urn)));
    });

    it('retrieves the kubeconfig from that node after the bootstrap, and keeps it secret', async () => {
      const [kc] = mine(KUBECONFIG);
      const [boot] = mine(BOOTSTRAP);
      assert.ok(kc && boot);
      assert.equal(kc.inputs.node, '10.0.0.11');
      assert.ok(kc.dependencies.includes(boot.urn));
      assert.equal(await pulumi.isSecret(c.kubeconfig), true);
      assert.match(await unwrap(c.kubeconfig), /kind: Config/);
      assert.equal(await pulumi.isSecret(c.clientConfiguration), true);
    });

    it('exposes the CA (public) and the endpoint and version the nodes were configured with', async () => {
      assert.equal(await pulumi.isSecret(c.caCertificate), false);
      assert.match(
        Buffer.from(await unwrap(c.caCertificate), 'base64').toString(),
        /BEGIN CERTIFICATE/,
      );
      assert.equal(await unwrap(c.endpoint), 'https://10.0.0.10:6443');
      assert.equal(await unwrap(c.kubernetesVersion), '1.30.1');
      assert.equal(await unwrap(c.bootstrapNode), '10.0.0.11');
    });
  });

  describe('defaults: flannel, kube-proxy, DHCP, no VIP, no versions', () => {
    before(async () => {
      const c = new mod.TalosCluster('dhcp', {
        clusterName: 'dhcp',
        endpoint: 'https://10.9.0.5:6443',
        nodes: [
          {
            name: 'dhcp-ctp0',
            machineType: 'controlplane',
            address: '10.9.0.5',
            installDisk: '/dev/vda',
          },
        ],
      });
      await unwrap(c.kubeconfig);
      await settle();
    });

    it('configures only the control plane, leaving network, CNI and kube-proxy to Talos', () => {
      const calls = mocks.calls.filter(
        (x) => x.token === GET_CONFIG && x.inputs.clusterName === 'dhcp',
      );
      assert.deepEqual(
        calls.map((x) => x.inputs.machineType),
        ['controlplane'],
      );
      const [call] = calls;
      assert.ok(call);
      assert.equal(call.inputs.kubernetesVersion, undefined);
      assert.deepEqual(parse((call.inputs.configPatches as string[])[0] ?? ''), {});
      const [secrets] = mocks.byType(SECRETS).filter((s) => s.name === 'dhcp-secrets');
      assert.equal(secrets?.inputs.talosVersion, undefined);
    });

    it('gives the node only its hostname and install disk', () => {
      const apply = mocks.one(APPLY, 'dhcp-ctp0-config');
      assert.deepEqual(patchOf(apply), {
        machine: { install: { disk: '/dev/vda' }, network: { hostname: 'dhcp-ctp0' } },
      });
    });
  });

  describe('a node whose address comes from its machine', () => {
    it('is configured only after the machine exists', async () => {
      const vm = new Vm('vm-ctp0');
      const c = new mod.TalosCluster('vm', {
        clusterName: 'vm',
        endpoint: 'https://10.8.0.4:6443',
        nodes: [
          {
            name: 'vm-ctp0',
            machineType: 'controlplane',
            address: vm.id.apply(() => '10.8.0.4'),
            installDisk: '/dev/sda',
          },
        ],
      });
      await unwrap(c.kubeconfig);
      await settle();
      const apply = mocks.one(APPLY, 'vm-ctp0-config');
      const machine = mocks.one('test:index:Vm', 'vm-ctp0');
      assert.ok(apply.dependencies.includes(machine.urn));
      assert.equal(apply.inputs.node, '10.8.0.4');
    });
  });

  describe('invalid arguments', () => {
    const cases: { name: string; over: Partial<TalosClusterArgs>; message: RegExp }[] = [
      {
        name: 'no control-plane node',
        over: { nodes: [node('lab-wrk0', '10.0.0.21')] },
        message: /nodes: there is no controlplane node; a Talos cluster needs at least one/,
      },
      {
        name: 'a node name used twice',
        over: { nodes: [node('lab-ctp0', '10.0.0.11'), node('lab-ctp0', '10.0.0.12')] },
        message: /nodes\[1\]\.name: "lab-ctp0" is used by another node/,
      },
      {
        name: 'an endpoint that is not an https URL',
        over: { endpoint: 'http://10.0.0.10:6443' },
        message: /endpoint: "http:\/\/10\.0\.0\.10:6443" is not an https URL/,
      },
      {
        name: 'a VIP that is not an address',
        over: { vip: 'api.lab' },
        message: /vip: "api\.lab" is not an IP address/,
      },
      {
        name: 'an install disk that is not a device',
        over: { nodes: [node('lab-ctp0', '10.0.0.11', { installDisk: 'sda' })] },
        message: /nodes\[0\]\.installDisk: "sda" is not a device path/,
      },
      {
        name: 'two taints with one key',
        over: {
          nodes: [
            node('lab-ctp0', '10.0.0.11', {
              taints: [
                { key: 'a', effect: 'NoSchedule' },
                { key: 'a', effect: 'NoExecute' },
              ],
            }),
          ],
        },
        message: /nodes\[0\]\.taints: key "a" appears twice; Talos keeps one taint per key/,
      },
    ];
    for (const tc of cases) {
      it(`refuses ${tc.name}, before creating anything`, async () => {
        const name = `bad-${tc.name.replace(/\W+/g, '-')}`;
        assert.throws(() => new mod.TalosCluster(name, base(tc.over)), tc.message);
        await settle();
        assert.deepEqual(
          mocks.resources.filter((r) => r.name.startsWith(name)).map((r) => r.name),
          [],
        );
      });
    }
  });
});
