// The Kubernetes clusters the kubevirt MachineProviders put their VMs on: one explicit
// `kubernetes.Provider` per KubevirtConfig (providers that share a KubevirtConfig share the
// cluster), its kubeconfig read from the Secret `spec.kubeconfigSecretRef` names (namespace
// defaulting to the KubevirtConfig's; key `kubeconfig`, else `value`).
//
// Without a KubevirtConfig, a kubeconfigSecretRef or the Secret's kubeconfig: the offline render
// warns and builds against a provider without kubeconfig (nothing is contacted); a deployment
// stops with a problem that says what to add. The Secret's values never reach a message.
import type * as kubernetes from '@pulumi/kubernetes';
import type { KubevirtConfig } from '../../api/v1alpha1';
import { kubeconfigFromSecret, kubevirtProvider } from '../../components/kubevirt/provider';
import type { ResolvedMachineProvider, ResolvedSecretRef } from '../../model';
import type { CloudEnv } from '../cloud';

/** The cluster a kubevirt MachineProvider builds on. */
export interface KubevirtCluster {
  readonly provider: kubernetes.Provider;
  /** The KubevirtConfig the provider uses, when there is one. */
  readonly config?: KubevirtConfig;
}

function configKey(c: KubevirtConfig): string {
  return `${c.metadata.namespace}/${c.metadata.name}`;
}

/** The kubeconfig Secret of a KubevirtConfig, namespace resolved. */
export function kubeconfigRef(c: KubevirtConfig): ResolvedSecretRef | undefined {
  const ref = c.spec.kubeconfigSecretRef;
  if (ref === undefined) return undefined;
  return {
    namespace: ref.namespace ?? c.metadata.namespace,
    name: ref.name,
    ...(ref.key !== undefined ? { key: ref.key } : {}),
  };
}

/**
 * The kubeconfig for `p`'s cluster: a string; undefined to build without one (render only, after
 * a warning); null when a problem was reported (deploy).
 */
function kubeconfigFor(
  env: CloudEnv,
  p: ResolvedMachineProvider,
  config: KubevirtConfig | undefined,
): string | undefined | null {
  const missing = (what: string, fix: string): undefined | null => {
    if (env.mode === 'deploy') {
      env.problem(`${what}; ${fix}`);
      return null;
    }
    env.warn(
      `${what}; the offline render builds its VirtualMachines against a Kubernetes provider without kubeconfig (${fix} before deploying)`,
    );
    return undefined;
  };
  const ns = p.provider.metadata.namespace;
  if (config === undefined) {
    return missing(
      `MachineProvider ${p.key} (type kubevirt): no KubevirtConfig in namespace ${ns} says which cluster runs its VMs`,
      `add one KubevirtConfig to namespace ${ns} with spec.kubeconfigSecretRef naming the Secret that holds the kubeconfig of that cluster (key "kubeconfig")`,
    );
  }
  const ref = kubeconfigRef(config);
  const where = `KubevirtConfig ${configKey(config)}`;
  if (ref === undefined) {
    return missing(
      `${where}: spec.kubeconfigSecretRef is not set, so the cluster that runs the VMs of MachineProvider ${p.key} is unknown`,
      `set spec.kubeconfigSecretRef to the Secret that holds its kubeconfig (key "kubeconfig")`,
    );
  }
  const supplied = env.credentials('MachineProvider', `${p.key} (kubeconfig of ${where})`, ref);
  // Not supplied: a problem (deploy) or a warning (render) was given already.
  if (supplied === undefined) return null;
  if (supplied.values === undefined) return undefined;
  try {
    return kubeconfigFromSecret(
      supplied.values,
      `${supplied.source} (spec.kubeconfigSecretRef of ${where})`,
    );
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (env.mode === 'deploy') {
      env.problem(message);
      return null;
    }
    env.warn(`${message}; the offline render builds without kubeconfig`);
    return undefined;
  }
}

/**
 * The cluster of every provider that has one, by MachineProvider key. Providers without a usable
 * cluster (deploy mode, problem reported) are left out.
 */
export function kubevirtClusters(
  env: CloudEnv,
  providers: readonly ResolvedMachineProvider[],
): Map<string, KubevirtCluster> {
  const out = new Map<string, KubevirtCluster>();
  const byConfig = new Map<string, KubevirtCluster | null>();
  for (const p of providers) {
    const config = env.model.operatorConfigs[p.key]?.kubevirt;
    const group = config ? `KubevirtConfig/${configKey(config)}` : `MachineProvider/${p.key}`;
    if (!byConfig.has(group)) {
      const kubeconfig = kubeconfigFor(env, p, config);
      const name = config
        ? `kubevirt-${config.metadata.namespace}-${config.metadata.name}`
        : `kubevirt-${p.key.replace('/', '-')}`;
      byConfig.set(
        group,
        kubeconfig === null
          ? null
          : {
              provider: kubevirtProvider(
                name,
                {
                  ...(kubeconfig !== undefined ? { kubeconfig } : {}),
                  allowAmbientConfig: kubeconfig === undefined && env.mode === 'render',
                },
                { parent: env.root },
              ),
              ...(config ? { config } : {}),
            },
      );
    }
    const cluster = byConfig.get(group);
    if (cluster) out.set(p.key, cluster);
  }
  return out;
}
