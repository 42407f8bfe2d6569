// The explicit Kubernetes provider of one cluster that runs KubeVirt (one per KubevirtConfig). Not
// a component: a provider resource that the program passes to the KubeVirt components through
// `opts.provider`. ARCHITECTURE.md: credentials come from the Secret the configuration names and
// are kept secret in state; the kubeconfig is never shown in a message.
import * as kubernetes from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';

/** Keys a kubeconfig Secret may hold it under, in order of preference. */
export const KUBECONFIG_KEYS = ['kubeconfig', 'value'] as const;

export interface KubevirtProviderArgs {
  /**
   * The kubeconfig of the cluster (see `kubeconfigFromSecret`). Defaults to none: the provider
   * then uses the ambient configuration, which only the offline render may ask for
   * (`allowAmbientConfig`).
   */
  readonly kubeconfig?: string;
  /**
   * Build without a kubeconfig (offline render, nothing is contacted). Defaults to `false`:
   * without a kubeconfig the provider is refused, so a deployment never lands on whatever cluster
   * the controller's environment points at.
   */
  readonly allowAmbientConfig?: boolean;
}

/**
 * The kubeconfig in the decoded values of a Secret: key `kubeconfig`, else `value`, else the only
 * key when the reference named one. Errors name the keys present, never a value.
 */
export function kubeconfigFromSecret(
  values: Readonly<Record<string, string>>,
  source = 'the kubeconfig Secret',
): string {
  const keys = Object.keys(values).sort();
  const key =
    KUBECONFIG_KEYS.find((k) => values[k] !== undefined) ??
    (keys.length === 1 ? keys[0] : undefined);
  const value = key === undefined ? undefined : values[key];
  if (key === undefined || value === undefined) {
    throw new Error(
      `${source} has no key ${KUBECONFIG_KEYS.map((k) => `"${k}"`).join(' or ')} (keys present: ${keys.join(', ') || 'none'}); store the kubeconfig of the cluster KubeVirt runs on under key "kubeconfig", e.g. kubectl create secret generic <name> --from-file=kubeconfig=<file>`,
    );
  }
  if (value.trim() === '') {
    throw new Error(
      `${source} has an empty "${key}"; store the kubeconfig of the cluster KubeVirt runs on there`,
    );
  }
  return value;
}

/** Problems with the provider args; messages never contain the kubeconfig. */
export function validateKubevirtProviderArgs(name: string, args: KubevirtProviderArgs): string[] {
  const where = `kubernetes provider "${name}"`;
  if (args.kubeconfig === undefined && args.allowAmbientConfig !== true) {
    return [
      `${where}: no kubeconfig given; name the Secret holding the kubeconfig of the cluster KubeVirt runs on (KubevirtConfig spec.kubeconfigSecretRef).`,
    ];
  }
  if (args.kubeconfig?.trim() === '') return [`${where}: the kubeconfig is empty.`];
  return [];
}

/** The provider's inputs, built without creating it (exported for tests). */
export function kubevirtProviderArgs(
  name: string,
  args: KubevirtProviderArgs,
): kubernetes.ProviderArgs {
  const problems = validateKubevirtProviderArgs(name, args);
  if (problems.length > 0) throw new Error(problems.join('\n'));
  return {
    // Secret in state: the engine encrypts it with the stack's secrets provider.
    ...(args.kubeconfig !== undefined ? { kubeconfig: pulumi.secret(args.kubeconfig) } : {}),
  };
}

export function kubevirtProvider(
  name: string,
  args: KubevirtProviderArgs,
  opts?: pulumi.CustomResourceOptions,
): kubernetes.Provider {
  return new kubernetes.Provider(name, kubevirtProviderArgs(name, args), opts);
}
