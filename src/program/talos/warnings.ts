// What a Talos cluster's manifests ask for that is not built, one sentence each (render
// warnings, never silence).
import type { ResolvedCluster, StackModel } from '../../model';

/** Autoscaled pools: there is no cluster autoscaler for machines built by the stack. */
function autoscalingWarnings(c: ResolvedCluster): string[] {
  return c.nodeGroups
    .filter((g) => g.scaling.min !== g.scaling.max)
    .map(
      (g) =>
        `cluster ${c.name} (talos): node pool ${g.name} autoscaling (${String(g.scaling.min)} to ${String(g.scaling.max)} nodes) is not built: its nodes are machines of the stack, so the pool runs ${String(g.replicas)} nodes; change replicas to resize it`,
    );
}

/** The Talos entry's credentials: machine secrets cannot be taken from a Secret. */
function credentialsWarnings(model: StackModel, c: ResolvedCluster): string[] {
  const kp = model.kubernetesProviders.find((k) => k.key === c.providerKey);
  const entries = model.vitistack.spec.infrastructureProviders;
  const i = entries.findIndex((e) => e.type === 'talos' && e.name === kp?.provider.metadata.name);
  const ref = entries[i]?.credentialsRef;
  if (ref === undefined) return [];
  const { namespace, name } = model.vitistack.metadata;
  return [
    `cluster ${c.name} (talos): Vitistack ${namespace}/${name} spec.infrastructure.providers[${String(i)}].credentials (Secret ${ref.namespace ?? namespace}/${ref.name}) is not used: the cluster's machine secrets are generated and kept, encrypted, in the stack's state; to keep the secrets of an existing cluster, import them into the stack instead`,
  ];
}

/** Every not-built warning of cluster `c`. */
export function talosNotBuiltWarnings(model: StackModel, c: ResolvedCluster): string[] {
  return [...autoscalingWarnings(c), ...credentialsWarnings(model, c)];
}
