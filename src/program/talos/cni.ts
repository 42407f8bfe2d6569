// The pod network of a Talos cluster: flannel, which Talos deploys itself (its default), or
// cilium, installed with Helm after bootstrap on a cluster configured with CNI `none`. Cilium's
// values are the ones Talos documents for its nodes (no cgroup automount, the capabilities Talos
// allows, Kubernetes IPAM); with `kubeProxyReplacement` in the template's cni.config Talos runs
// no kube-proxy and Cilium reaches the API server through KubePrism (localhost:7445), which
// Talos enables by default. Other CNIs are refused: nothing here would install them.
import { mergeValues } from '../../components/addons/charts';
import type { HelmAddon } from '../../components/addons/helm-addons';
import type { TalosCni } from '../../components/talos/config-patches';
import type { ResolvedCluster, ResolvedKubernetesProvider } from '../../model';

/** CNIs a Talos cluster is built with. */
export const SUPPORTED_CNIS = ['flannel', 'cilium'] as const;

/** Talos' KubePrism: a local API server load balancer on every node. */
export const KUBEPRISM = { host: 'localhost', port: 7445 } as const;

export interface CniPlan {
  /** What Talos is configured with. */
  readonly talos: TalosCni;
  /** Whether Talos runs kube-proxy. */
  readonly kubeProxy: boolean;
  /** The CNI as a Helm add-on, installed before any other add-on. */
  readonly addon?: HelmAddon;
  /** The name reported among the cluster's add-ons. */
  readonly name: string;
}

/** The CNI of `c`: networking.cni, else the template's cni.type; flannel when neither says. */
export function cniOf(c: ResolvedCluster): string {
  return c.networking.cni ?? 'flannel';
}

/** Whether a CNI config asks Cilium to replace kube-proxy (`true`, `"true"`, or `"strict"`). */
export function replacesKubeProxy(config: Readonly<Record<string, unknown>>): boolean {
  const v = config.kubeProxyReplacement;
  return v === true || v === 'true' || v === 'strict';
}

/** Where the CNI is written on the provider, for messages. */
function cniField(kp: ResolvedKubernetesProvider | undefined, cni: string): string {
  const where = kp === undefined ? '' : `KubernetesProvider ${kp.key} `;
  return kp?.provider.spec.template?.cni?.type === cni
    ? `${where}spec.clusterTemplate.cni.type`
    : `${where}spec.networking.cni`;
}

/** What must be fixed about the CNI; undefined when it is one Talos clusters are built with. */
export function cniProblem(
  c: ResolvedCluster,
  kp: ResolvedKubernetesProvider | undefined,
): string | undefined {
  const cni = cniOf(c);
  if ((SUPPORTED_CNIS as readonly string[]).includes(cni)) return undefined;
  return `cluster ${c.name} (talos): ${cniField(kp, cni)} "${cni}" is not built for Talos clusters; use flannel (deployed by Talos) or cilium (installed with Helm)`;
}

/** Cilium's values on Talos (from Talos' "Deploying Cilium CNI" guide). */
export function ciliumValues(kubeProxyReplacement: boolean): Record<string, unknown> {
  return {
    ipam: { mode: 'kubernetes' },
    kubeProxyReplacement,
    securityContext: {
      capabilities: {
        ciliumAgent: [
          'CHOWN',
          'KILL',
          'NET_ADMIN',
          'NET_RAW',
          'IPC_LOCK',
          'SYS_ADMIN',
          'SYS_RESOURCE',
          'DAC_OVERRIDE',
          'FOWNER',
          'SETGID',
          'SETUID',
        ],
        cleanCiliumState: ['NET_ADMIN', 'SYS_ADMIN', 'SYS_RESOURCE'],
      },
    },
    // Talos mounts the cgroup2 hierarchy itself and forbids Cilium's own mount.
    cgroup: { autoMount: { enabled: false }, hostRoot: '/sys/fs/cgroup' },
    // Without kube-proxy the service IP of the API server does not work before Cilium runs.
    ...(kubeProxyReplacement
      ? { k8sServiceHost: KUBEPRISM.host, k8sServicePort: KUBEPRISM.port }
      : {}),
  };
}

/** The CNI plan of `c` (after cniProblem found nothing). */
export function cniPlan(c: ResolvedCluster, kp: ResolvedKubernetesProvider | undefined): CniPlan {
  const cni = cniOf(c);
  if (cni !== 'cilium') return { talos: 'flannel', kubeProxy: true, name: 'flannel' };
  const template = kp?.provider.spec.template?.cni;
  const config = template?.type === 'cilium' ? template.config : {};
  // An add-on entry named cilium adds its version and values; the CNI is installed once.
  const entry = c.addons.find((a) => a.name === 'cilium');
  const kpr = replacesKubeProxy({ ...config, ...entry?.config });
  const version = entry?.version ?? c.networking.cniVersion;
  return {
    talos: 'none',
    kubeProxy: !kpr,
    name: 'cilium',
    addon: {
      name: 'cilium',
      enabled: true,
      ...(version !== undefined ? { version } : {}),
      config: mergeValues(mergeValues(ciliumValues(kpr), config), entry?.config ?? {}),
    },
  };
}
