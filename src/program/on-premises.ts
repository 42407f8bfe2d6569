// Machines and clusters on on-premises MachineProviders (backend.ts): the stack's address plan
// over every interface that attaches to a NetworkConfiguration, the checks of every machine and
// cluster node before anything is built, then the machines, the nodes and their clusters.
import type * as pulumi from '@pulumi/pulumi';
import type { NetworkConfiguration } from '../api/v1alpha1';
import type { ResolvedCluster, ResolvedMachine, ResolvedMachineProvider } from '../model';
import type {
  BuiltNode,
  ClusterBackendProgram,
  MachineBackend,
  NodeSpec,
  PlannedInterface,
} from './backend';
import { CLUSTER_BACKENDS, MACHINE_BACKENDS } from './backends';
import type { BuiltCluster, CloudEnv } from './cloud';
import { clusterNodes } from './cluster-nodes';
import { planAddresses, type AddressRequest, type InterfaceAddress } from './ipam';
import type { MachineOutput } from './outputs';

interface PlannedMachine {
  readonly m: ResolvedMachine;
  readonly provider: ResolvedMachineProvider;
  readonly backend: MachineBackend;
  readonly interfaces: readonly PlannedInterface[];
}

interface PlannedNode {
  readonly spec: NodeSpec;
  readonly backend: MachineBackend;
  readonly interfaces: readonly PlannedInterface[];
}

interface PlannedCluster {
  readonly c: ResolvedCluster;
  readonly program: ClusterBackendProgram;
  readonly nodes: readonly PlannedNode[];
  /** The program's clusterAddresses, planned, by name. */
  readonly addresses: ReadonlyMap<string, InterfaceAddress>;
}

/** What `planOnPremises` found buildable; build it with `buildOnPremises`. */
export interface OnPremisesPlan {
  readonly machines: readonly PlannedMachine[];
  readonly clusters: readonly PlannedCluster[];
}

/** The on-premises machine provider types and distributions the program builds. */
export function isBackendType(type: string): boolean {
  return (
    MACHINE_BACKENDS.some((b) => b.machineProviderType === type) ||
    CLUSTER_BACKENDS.some((b) => b.distribution === type)
  );
}

function networkOf(
  env: CloudEnv,
  ref: { readonly name: string; readonly namespace?: string },
  namespace: string,
): NetworkConfiguration | undefined {
  const ns = ref.namespace ?? namespace;
  return env.model.networkConfigurations.find(
    (n) => n.metadata.namespace === ns && n.metadata.name === ref.name,
  );
}

/**
 * Builds the backends' providers, plans the addresses and checks every on-premises machine and
 * cluster node; problems go to `env.problem`. Nothing but providers is registered.
 */
export function planOnPremises(env: CloudEnv): OnPremisesPlan {
  const { model } = env;
  const backends = new Map<string, MachineBackend>();
  for (const program of MACHINE_BACKENDS) {
    const providers = model.machineProviders.filter((p) => p.type === program.machineProviderType);
    if (providers.length === 0) continue;
    const backend = program.backend(env, providers);
    if (backend) for (const p of providers) backends.set(p.key, backend);
  }

  // Every interface on a NetworkConfiguration, machines and cluster nodes alike, in one plan.
  const requests: AddressRequest[] = [];
  const machineNets = new Map<
    string,
    { name: string; owner: string; network: NetworkConfiguration; mac?: string }[]
  >();
  for (const m of model.machines) {
    if (!backends.has(m.providerKey)) continue;
    const list: { name: string; owner: string; network: NetworkConfiguration; mac?: string }[] = [];
    m.machine.spec.network.interfaces.forEach((iface, i) => {
      if (iface.networkRef === undefined) return;
      const network = networkOf(env, iface.networkRef, m.machine.metadata.namespace);
      if (!network) return; // the model reports a missing NetworkConfiguration
      const name = iface.name ?? `net${String(i)}`;
      const owner = `Machine ${m.key} ${name}`;
      list.push({ name, owner, network, ...(iface.macAddress ? { mac: iface.macAddress } : {}) });
      requests.push({
        owner,
        network,
        ...(iface.ipAddress !== undefined
          ? {
              fixed: {
                address: iface.ipAddress,
                field: `spec.networking.interfaces[${String(i)}].ipAddress`,
              },
            }
          : {}),
        ...(iface.macAddress !== undefined ? { macAddress: iface.macAddress } : {}),
        hostname: m.machine.metadata.name,
      });
    });
    machineNets.set(m.key, list);
  }
  const clusterPlans: {
    c: ResolvedCluster;
    program: ClusterBackendProgram;
    nodes: NodeSpec[];
    network?: NetworkConfiguration;
    extra: readonly string[];
  }[] = [];
  for (const c of model.clusters) {
    const program = CLUSTER_BACKENDS.find((p) => p.distribution === c.distribution);
    if (!program || !c.supported) continue;
    const nodes = clusterNodes(c);
    const network = program.nodeNetwork(env, c);
    for (const n of nodes) {
      if (network) {
        requests.push({ owner: `${c.key} ${n.name}`, network, hostname: n.name, stable: true });
      }
    }
    // Addresses the cluster needs besides its nodes' (a VIP), in the same plan so no one else
    // gets them; a written one is checked like a Machine's.
    const extra = network ? (program.clusterAddresses?.(env, c, network) ?? []) : [];
    if (network) {
      for (const x of extra) {
        requests.push({
          owner: `${c.key} ${x.name}`,
          network,
          stable: true,
          ...(x.fixed ? { fixed: x.fixed } : {}),
        });
      }
    }
    clusterPlans.push({
      c,
      program,
      nodes,
      ...(network ? { network } : {}),
      extra: extra.map((x) => x.name),
    });
  }
  const addresses = planAddresses(requests);
  for (const p of addresses.problems) env.problem(p);

  const interfacesOf = (
    list: readonly { name: string; owner: string; network: NetworkConfiguration; mac?: string }[],
  ): PlannedInterface[] =>
    list.flatMap((x) => {
      const address = addresses.addresses.get(x.owner);
      return address
        ? [{ name: x.name, network: x.network, address, ...(x.mac ? { macAddress: x.mac } : {}) }]
        : [];
    });

  const machines: PlannedMachine[] = [];
  for (const m of model.machines) {
    const backend = backends.get(m.providerKey);
    const provider = model.machineProviders.find((p) => p.key === m.providerKey);
    if (!backend || !provider) continue;
    const interfaces = interfacesOf(machineNets.get(m.key) ?? []);
    const found = backend.machineProblems(m, interfaces);
    for (const p of found) env.problem(p);
    if (found.length === 0) machines.push({ m, provider, backend, interfaces });
  }

  const clusters: PlannedCluster[] = [];
  for (const { c, program, nodes, network, extra } of clusterPlans) {
    const problems: string[] = [];
    const planned: PlannedNode[] = [];
    for (const spec of nodes) {
      const backend = backends.get(spec.providerKey);
      const provider = model.machineProviders.find((p) => p.key === spec.providerKey);
      if (!backend) {
        // A provider of a type no backend builds; with a backend, its problem is reported.
        if (provider && !MACHINE_BACKENDS.some((b) => b.machineProviderType === provider.type)) {
          problems.push(
            `cluster ${c.name} (${c.distribution}): node ${spec.name} is on MachineProvider ${spec.providerKey} of type "${provider.type}", which cannot run ${program.title} nodes; use a MachineProvider of type ${MACHINE_BACKENDS.map((b) => b.machineProviderType).join(', ') || '(none built yet)'}`,
          );
        }
        continue;
      }
      const owner = `${c.key} ${spec.name}`;
      const address = addresses.addresses.get(owner);
      const interfaces: PlannedInterface[] =
        network && address ? [{ name: 'eth0', network, address }] : [];
      problems.push(...backend.nodeProblems(spec, interfaces));
      planned.push({ spec, backend, interfaces });
    }
    problems.push(...program.clusterProblems(env, c, nodes));
    // One message per problem: several nodes of a group usually share the same one.
    const unique = [...new Set(problems)];
    for (const p of unique) env.problem(p);
    const own = new Map<string, InterfaceAddress>();
    for (const name of extra) {
      const address = addresses.addresses.get(`${c.key} ${name}`);
      if (address) own.set(name, address);
    }
    if (unique.length === 0) clusters.push({ c, program, nodes: planned, addresses: own });
  }
  return { machines, clusters };
}

/** Builds what `planOnPremises` planned (after every problem of the stack was ruled out). */
export function buildOnPremises(
  env: CloudEnv,
  plan: OnPremisesPlan,
): {
  machines: Record<string, pulumi.Output<MachineOutput>>;
  clusters: { key: string; built: BuiltCluster }[];
} {
  const machines: Record<string, pulumi.Output<MachineOutput>> = {};
  for (const { m, provider, backend, interfaces } of plan.machines) {
    machines[m.key] = backend.buildMachine(m, provider, interfaces);
  }
  const clusters: { key: string; built: BuiltCluster }[] = [];
  for (const { c, program, nodes, addresses } of plan.clusters) {
    const built: BuiltNode[] = nodes.map((n) => ({
      spec: n.spec,
      interfaces: n.interfaces,
      output: n.backend.buildNode(n.spec, n.interfaces),
    }));
    clusters.push({ key: c.key, built: program.buildCluster(env, c, built, addresses) });
  }
  return { machines, clusters };
}
