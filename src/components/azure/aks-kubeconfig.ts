// Reading what AKS hands out: the kubeconfigs of listManagedClusterUserCredentials and
// listManagedClusterAdminCredentials (base64 YAML) and the API server's CA inside them.
import { parse } from 'yaml';

/** A credentials answer's first kubeconfig, decoded; '' when there is none. */
export function firstKubeconfig(
  result: { readonly kubeconfigs?: readonly { readonly value?: string }[] } | undefined,
): string {
  const value = result?.kubeconfigs?.[0]?.value;
  return value === undefined ? '' : Buffer.from(value, 'base64').toString('utf8');
}

interface KubeconfigDocument {
  readonly clusters?: readonly {
    readonly cluster?: { readonly server?: string; readonly 'certificate-authority-data'?: string };
  }[];
}

/** The base64 CA bundle and the server of a kubeconfig's first cluster ('' when absent). */
export function kubeconfigCluster(kubeconfig: string): {
  server: string;
  certificateAuthority: string;
} {
  let doc: KubeconfigDocument | undefined;
  try {
    doc = parse(kubeconfig) as KubeconfigDocument | undefined;
  } catch {
    doc = undefined;
  }
  const cluster = doc?.clusters?.[0]?.cluster;
  return {
    server: cluster?.server ?? '',
    certificateAuthority: cluster?.['certificate-authority-data'] ?? '',
  };
}
