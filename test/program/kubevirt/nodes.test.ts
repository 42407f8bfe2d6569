// Cluster nodes on a kubevirt MachineProvider, built through the backend seam as the Talos
// program will: the Talos nocloud image, sizes from the node group, the planned address in the
// network data and no user data.
import { strict as assert } from 'node:assert';
import type * as pulumi from '@pulumi/pulumi';
import type { NetworkConfiguration } from '../../../src/api/v1alpha1';
import { renderProgram } from '../../../src/engine/render';
import type { StackModel } from '../../../src/model';
import type { NodeSpec, PlannedInterface } from '../../../src/program/backend';
import type { CloudEnv } from '../../../src/program/cloud';
import { clusterNodes } from '../../../src/program/cluster-nodes';
import { credentialsLookup } from '../../../src/program/credentials';
import { planAddresses } from '../../../src/program/ipam';
import { KUBEVIRT_BACKEND } from '../../../src/program/kubevirt/program';
import type { MachineOutput } from '../../../src/program/outputs';
import { VitistackStack } from '../../../src/program/vitistack-stack';
import { docs, header, objectsOf } from '../../model/helpers';
import {
  kubevirtConfig,
  modelOf,
  network,
  NS,
  provider,
  SECRETS,
  TALOS_URL,
  vitistack,
  VM,
  type VmSpec,
  rootStorage,
} from './helpers';

function talosDocs(limit = 50, distribution = 'talos'): string[] {
  return [
    `${header('KubernetesProvider', 'talos', NS)}
spec:
  type: ${distribution}
  clusterTemplate: {kubernetesVersion: '1.30.1', controlPlane: {replicas: 1}}
  machineProviderRef: {name: kv}`,
    `${header('KubernetesCluster', 'k1', NS)}
spec:
  data: {clusterId: k1, provider: talos, region: lab, zone: lab-a, environment: test, networkNamespaceName: prod}
  topology:
    version: '1.30.1'
    controlplane: {replicas: 1, provider: ${distribution}, machineClass: small}
    workers: {nodePools: [{name: w, replicas: 2, machineClass: small, metadata: {labels: {tier: batch}}}]}`,
    `${header('NetworkNamespace', 'prod', NS)}
spec:
  limits: {ipAddresses: ${String(limit)}}`,
  ];
}

function modelWith(...extra: string[]): StackModel {
  const model = modelOf(vitistack('  kubernetesProviders: [{name: talos}]'), ...extra);
  // As the stack will be once the Talos program is registered.
  return { ...model, clusters: model.clusters.map((c) => ({ ...c, supported: true })) };
}

/** The node network: vlan300 with every node's address planned as the on-premises program does. */
function planned(nodes: readonly NodeSpec[]): Map<string, PlannedInterface[]> {
  const net = objectsOf(docs(network())).find(
    (o): o is NetworkConfiguration => o.kind === 'NetworkConfiguration',
  );
  assert.ok(net);
  const plan = planAddresses(
    nodes.map((n) => ({ owner: n.name, network: net, hostname: n.name, stable: true })),
  );
  return new Map(
    nodes.map((n) => {
      const address = plan.addresses.get(n.name);
      assert.ok(address);
      return [n.name, [{ name: 'eth0', network: net, address }]];
    }),
  );
}

async function buildNodes(model: StackModel) {
  return renderProgram(
    () => {
      const warnings: string[] = [];
      const problems: string[] = [];
      const env: CloudEnv = {
        model,
        root: new VitistackStack('lab'),
        mode: 'render',
        credentials: credentialsLookup(
          { model, secrets: SECRETS, mode: 'render' },
          (p) => problems.push(p),
          (w) => warnings.push(w),
        ),
        warn: (w) => warnings.push(w),
        problem: (p) => problems.push(p),
      };
      const backend = KUBEVIRT_BACKEND.backend(env, model.machineProviders);
      assert.ok(backend);
      const c = model.clusters[0];
      assert.ok(c);
      const nodes = clusterNodes(c);
      const ifaces = planned(nodes);
      for (const n of nodes) problems.push(...backend.nodeProblems(n, ifaces.get(n.name) ?? []));
      const outputs: Record<string, pulumi.Output<MachineOutput>> = problems.length > 0
        ? {}
        : Object.fromEntries(
            nodes.map((n) => [n.name, backend.buildNode(n, ifaces.get(n.name) ?? [])]),
          );
      return { warnings, problems, outputs };
    },
    { stack: 'test' },
  );
}

describe('KubeVirt cluster nodes', () => {
  it('boots Talos nodes from the nocloud image with the planned address and no user data', async () => {
    const r = await buildNodes(modelWith(provider(), kubevirtConfig(), network(), ...talosDocs()));
    assert.deepEqual(r.outputs.problems, []);
    const vms = r.resources.filter((x) => x.type === VM);
    assert.deepEqual(
      vms.map((v) => v.name),
      ['virt-k1-ctp0-vm', 'virt-k1-wrk0-vm', 'virt-k1-wrk1-vm'],
    );
    const spec = vms[1]?.inputs.spec as VmSpec;
    assert.deepEqual(spec.dataVolumeTemplates[0]?.spec.source, { http: { url: TALOS_URL } });
    // Sized by the machine class "small": 2 cores, 4Gi, 30Gi.
    assert.deepEqual(spec.template.spec.domain.cpu, {
      cores: 2,
      sockets: 1,
      threads: 1,
      model: 'host-passthrough',
    });
    assert.deepEqual(spec.template.spec.domain.memory, { guest: '4Gi' });
    assert.deepEqual(rootStorage(spec), {
      requests: { storage: '30Gi' },
    });
    const labels = spec.template.metadata.labels;
    assert.equal(labels['vitistack.io/clusterid'], 'k1');
    assert.equal(labels['vitistack.io/node-role'], 'worker');
    assert.equal(labels.tier, 'batch');
    const ci = spec.template.spec.volumes.find((v) => v.name === 'cloudinit')
      ?.cloudInitNoCloud as Record<string, unknown>;
    assert.equal(ci.secretRef, undefined);
    assert.match(String(ci.networkData), /addresses:\n\s+- 10\.30\.0\.4\/24\n/);
    assert.equal(r.resources.filter((x) => x.type === 'kubernetes:core/v1:Secret').length, 0);
    assert.deepEqual(
      Object.fromEntries(
        Object.entries(r.outputs.outputs).map(([k, o]) => [k, [o.id, o.state, o.privateIP]]),
      ),
      {
        'k1-ctp0': ['virt/k1-ctp0', 'running', '10.30.0.3'],
        'k1-wrk0': ['virt/k1-wrk0', 'running', '10.30.0.4'],
        'k1-wrk1': ['virt/k1-wrk1', 'running', '10.30.0.5'],
      },
    );
  });

  it('a provider without a Talos image is a problem naming what to add', async () => {
    const noTalos = provider().replace(/ {6}- \{name: talos-v1\.7\.4-nocloud.*\n/, '');
    const r = await buildNodes(modelWith(noTalos, kubevirtConfig(), network(), ...talosDocs()));
    assert.ok(
      r.outputs.problems.includes(
        'cluster k1 (talos): MachineProvider virt/kv lists no Talos image; add an image whose name contains "talos" with the URL of the Talos nocloud image as its id (e.g. "https://factory.talos.dev/image/<schematic>/v1.7.4/nocloud-amd64.raw.xz", in spec.capabilities.availableImages), or a template named "talos-..." that is a PVC to clone',
      ),
      r.outputs.problems.join('\n'),
    );
  });

  it('nodes of other distributions are not built on KubeVirt', async () => {
    const r = await buildNodes(
      modelWith(provider(), kubevirtConfig(), network(), ...talosDocs(50, 'kubeadm')),
    );
    assert.ok(
      r.outputs.problems.includes(
        'cluster k1: kubeadm nodes are not built on KubeVirt (MachineProvider virt/kv); use distribution talos',
      ),
    );
  });

  it('more nodes than the NetworkNamespace has addresses is a problem', async () => {
    const r = await buildNodes(modelWith(provider(), kubevirtConfig(), network(), ...talosDocs(2)));
    assert.ok(
      r.outputs.problems.includes(
        "NetworkNamespace virt/prod: its clusters need 3 IP addresses (cluster k1: 3 nodes), more than its spec.limits.ipAddresses 2; raise limits.ipAddresses or shrink the clusters' node pools",
      ),
    );
  });
});
