// Kubeconfigs of a GKE cluster, as gcloud writes them: exec auth with gke-gcloud-auth-plugin for
// people and tools, or a bearer token for the program's own Kubernetes provider.
import { stringify } from 'yaml';

export interface GkeKubeconfigParts {
  /** `gke_<project>_<location>_<name>`, the context name gcloud uses. */
  readonly contextName: string;
  /** `https://<endpoint IP>`. */
  readonly server: string;
  /** Base64 CA bundle, as GKE returns it. */
  readonly caData: string;
  /** A bearer token (an OAuth access token) instead of exec auth. */
  readonly token?: string;
}

/** The context name gcloud gives a cluster. */
export function gkeContextName(project: string, location: string, name: string): string {
  return `gke_${project}_${location}_${name}`;
}

/** A kubeconfig for the cluster: gke-gcloud-auth-plugin exec auth, or a bearer token. */
export function gkeKubeconfig(p: GkeKubeconfigParts): string {
  const user =
    p.token !== undefined
      ? { token: p.token }
      : {
          exec: {
            apiVersion: 'client.authentication.k8s.io/v1beta1',
            command: 'gke-gcloud-auth-plugin',
            installHint:
              'Install gke-gcloud-auth-plugin for kubectl: gcloud components install gke-gcloud-auth-plugin',
            provideClusterInfo: true,
            interactiveMode: 'Never',
          },
        };
  const name = p.contextName;
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name, cluster: { server: p.server, 'certificate-authority-data': p.caData } }],
    contexts: [{ name, context: { cluster: name, user: name } }],
    'current-context': name,
    users: [{ name, user }],
  });
}
