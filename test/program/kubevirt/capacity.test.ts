// Capacity checks of a kubevirt stack: MachineProvider capacity.maxMachines over Machines and
// cluster nodes (the model's), and NetworkNamespace limits.ipAddresses over the nodes of the
// clusters that name it (the KubeVirt program's).
import { strict as assert } from 'node:assert';
import type { StackModel } from '../../../src/model';
import { addressLimitProblems } from '../../../src/program/kubevirt/capacity';
import { docs, header, objectsOf, problemsOf as modelProblemsOf } from '../../model/helpers';
import { kubevirtConfig, modelOf, network, NS, provider, vitistack, vlanMachine } from './helpers';

function talos(workers: number, limit: number): string[] {
  return [
    `${header('KubernetesProvider', 'talos', NS)}
spec:
  type: talos
  clusterTemplate: {kubernetesVersion: '1.30.1', controlPlane: {replicas: 1}}
  machineProviderRef: {name: kv}`,
    `${header('KubernetesCluster', 'k1', NS)}
spec:
  data: {clusterId: k1, provider: talos, region: lab, zone: lab-a, environment: test, networkNamespaceName: prod}
  topology:
    version: '1.30.1'
    controlplane: {replicas: 1, provider: talos, machineClass: small}
    workers: {nodePools: [{name: w, replicas: ${String(workers)}, machineClass: small}]}`,
    `${header('NetworkNamespace', 'prod', NS)}
spec:
  limits: {ipAddresses: ${String(limit)}}`,
  ];
}

/** The model with its clusters built (or not) by the program, whatever BUILT_DISTRIBUTIONS says. */
function withClustersBuilt(model: StackModel, supported = true): StackModel {
  return { ...model, clusters: model.clusters.map((c) => ({ ...c, supported })) };
}

describe('KubeVirt capacity', () => {
  it('a stack with more Machines and nodes than capacity.maxMachines is refused (by the model)', () => {
    const objects = objectsOf(
      docs(
        vitistack('  kubernetesProviders: [{name: talos}]'),
        provider('  capacity: {maxMachines: 3}'),
        kubevirtConfig(),
        network(),
        vlanMachine('a'),
        ...talos(2, 50),
      ),
    );
    assert.deepEqual(
      modelProblemsOf(objects, `${NS}/lab`).map((p) => p.message),
      [
        'MachineProvider virt/kv has capacity for at most 3 machines (spec.capacity.maxMachines) but 4 are requested: remove machines or raise the capacity',
      ],
    );
  });

  it('refuses more cluster nodes than the NetworkNamespace has addresses', () => {
    const planned = modelOf(
      vitistack('  kubernetesProviders: [{name: talos}]'),
      provider(),
      kubevirtConfig(),
      ...talos(3, 3),
    );
    // A cluster the program does not build uses no address.
    const unbuilt = withClustersBuilt(planned, false);
    assert.deepEqual(addressLimitProblems(unbuilt, unbuilt.machineProviders), []);
    const model = withClustersBuilt(planned);
    assert.deepEqual(addressLimitProblems(model, model.machineProviders), [
      "NetworkNamespace virt/prod: its clusters need 4 IP addresses (cluster k1: 4 nodes), more than its spec.limits.ipAddresses 3; raise limits.ipAddresses or shrink the clusters' node pools",
    ]);
    const fits = withClustersBuilt(
      modelOf(
        vitistack('  kubernetesProviders: [{name: talos}]'),
        provider(),
        kubevirtConfig(),
        ...talos(3, 4),
      ),
    );
    assert.deepEqual(addressLimitProblems(fits, fits.machineProviders), []);
  });
});
