// resolveStack: one Vitistack and the objects around it -> the StackModel of its stack.
//
// Pure: no I/O, no Pulumi. Every problem is collected and thrown together as one ModelErrors
// (reasons ProviderNotFound, ValidationFailed, DependencyNotReady, InsufficientCapacity,
// CrossNamespaceRefused), so a user sees them all at once. Membership rules are documented where
// they are applied: providers.ts, machines.ts, clusters.ts; the quotas in quotas.ts; the Secrets
// in secrets.ts; the hash in inputs-hash.ts.
import type { AnyResource, Vitistack } from '../api/v1alpha1';
import { resolveClusters } from './clusters';
import { Context } from './context';
import { ModelErrors, objectName } from './errors';
import { inputsHash } from './inputs-hash';
import { resolveMachines, resolveNetworkConfigurations } from './machines';
import { compact, mergeTags, standardLabels } from './objects';
import { resolveOperatorConfigs } from './operator-configs';
import { resolveKubernetesProviders, resolveMachineProviders } from './providers';
import { checkQuotas } from './quotas';
import { resolveSecrets } from './secrets';
import type {
  ResolvedCluster,
  ResolvedKubernetesProvider,
  ResolvedMachine,
  ResolvedMachineProvider,
  ResolveOptions,
  StackModel,
} from './stack-model';
import { PROJECT } from './defaults';

function warnUnsupported(
  ctx: Context,
  machines: readonly ResolvedMachine[],
  machineProviders: readonly ResolvedMachineProvider[],
  clusters: readonly ResolvedCluster[],
): void {
  for (const m of machines) {
    const mp = machineProviders.find((p) => p.key === m.providerKey);
    if (mp === undefined || mp.supported) continue;
    const name = objectName('Machine', m.machine.metadata);
    ctx.warn(
      'ProviderNotSupported',
      name,
      `${name} uses MachineProvider ${mp.key} of type "${mp.type}", which vitistack-pulumi does not build yet`,
    );
  }
  for (const c of clusters) {
    if (c.supported) continue;
    const [kind = '', ns = '', name = ''] = c.key.split('/');
    const object = objectName(kind, { namespace: ns, name });
    ctx.warn(
      'ProviderNotSupported',
      object,
      `${object} is a ${c.distribution} cluster, which vitistack-pulumi does not build yet`,
    );
  }
}

function warnUnused(
  ctx: Context,
  machineProviders: readonly ResolvedMachineProvider[],
  kubernetesProviders: readonly ResolvedKubernetesProvider[],
  machines: readonly ResolvedMachine[],
  clusters: readonly ResolvedCluster[],
): void {
  const used = new Set<string>();
  for (const m of machines) used.add(m.providerKey);
  for (const kp of kubernetesProviders) if (kp.machineProviderKey) used.add(kp.machineProviderKey);
  for (const c of clusters) {
    for (const g of c.nodeGroups) if (g.machineProviderKey) used.add(g.machineProviderKey);
  }
  for (const mp of machineProviders) {
    if (used.has(mp.key)) continue;
    const object = objectName('MachineProvider', mp.provider.metadata);
    ctx.warn(
      'UnusedProvider',
      object,
      `${object} is not used by any Machine, node group or KubernetesProvider of ${ctx.subject}`,
    );
  }
  for (const kp of kubernetesProviders) {
    if (kp.clusterKeys.length > 0) continue;
    const object = objectName('KubernetesProvider', kp.provider.metadata);
    ctx.warn(
      'UnusedProvider',
      object,
      `${object} builds no cluster: no KubernetesCluster of ${ctx.subject} uses it (name it in a KubernetesCluster's spec.data.provider)`,
    );
  }
}

/**
 * Resolves one Vitistack into the model of its stack.
 *
 * @param vitistack The canonical Vitistack.
 * @param objects Everything known around it, in any order (other Vitistacks included: they
 *   decide whether a provider is shared). Objects that do not belong to the stack are ignored.
 * @param options Namespaces references may reach, and the Secrets that exist.
 * @throws ModelErrors with every problem found.
 */
export function resolveStack(
  vitistack: Vitistack,
  objects: readonly AnyResource[],
  options: ResolveOptions = {},
): StackModel {
  const ctx = new Context(vitistack, objects, options);
  const machineProviders = resolveMachineProviders(ctx);
  const found = resolveKubernetesProviders(ctx, machineProviders);
  const machines = resolveMachines(ctx, machineProviders);
  const { clusters, networkNamespaces } = resolveClusters(ctx, found, machineProviders);
  const kubernetesProviders = found.map((kp) => ({
    ...kp,
    clusterKeys: clusters.filter((c) => c.providerKey === kp.key).map((c) => c.key),
  }));
  const networkConfigurations = resolveNetworkConfigurations(ctx, machines);
  const operatorConfigs = resolveOperatorConfigs(ctx, machineProviders);
  const clusterObjects = clusters.flatMap((c) => (c.cluster === undefined ? [] : [c.cluster]));
  const others: AnyResource[] = [
    ...machines.map((m) => m.machine),
    ...clusterObjects,
    ...networkConfigurations,
    ...networkNamespaces,
    ...Object.values(operatorConfigs).flatMap((c) => [
      ...(c.proxmox ? [c.proxmox] : []),
      ...(c.kubevirt ? [c.kubevirt] : []),
    ]),
  ];
  const secretRefs = resolveSecrets(ctx, machineProviders, kubernetesProviders, others);
  warnUnsupported(ctx, machines, machineProviders, clusters);
  warnUnused(ctx, machineProviders, kubernetesProviders, machines, clusters);
  ctx.errors.push(
    ...checkQuotas({
      vitistack,
      machineProviders,
      kubernetesProviderCount: kubernetesProviders.length,
      machines,
      clusters,
    }),
  );
  if (ctx.errors.length > 0) throw new ModelErrors(ctx.subject, ctx.errors);

  const members: AnyResource[] = [
    ...machineProviders.map((p) => p.provider),
    ...kubernetesProviders.map((p) => p.provider),
    ...others,
  ];
  return compact({
    project: PROJECT,
    stackName: ctx.stackName,
    vitistack,
    region: vitistack.spec.region,
    tags: mergeTags(ctx.stackName, standardLabels(vitistack.metadata.labels)),
    machineProviders,
    kubernetesProviders,
    machines,
    clusters,
    networkConfigurations,
    operatorConfigs,
    networkNamespaces,
    counts: {
      machines: machines.length,
      clusters: clusters.length,
      providers: machineProviders.length + kubernetesProviders.length,
    },
    secretRefs,
    inputsHash: inputsHash({ vitistack, members, secrets: secretRefs }),
    warnings: ctx.warnings,
  });
}
