// Status of a KubernetesProvider: the union of spec 000 (the cluster it built, node groups,
// add-ons, monitoring, backups) and spec 001 (a backend's readiness and versions).
import { s } from '../schema';
import { statusBasics } from './common';

const componentStatus = (what: string) =>
  s.object(`${what} status.`, {
    status: s.string(`State of ${what}.`),
    endpoint: s.string(`URL of ${what}.`),
  });

export const kubernetesProviderStatus = s
  .object('Observed state of the provider and its cluster.', {
    ...statusBasics,
    phase: s.enum('Lifecycle phase.', [
      'Pending',
      'Provisioning',
      'Ready',
      'Failed',
      'Updating',
      'Deleting',
    ]),
    kubeconfigSecretRef: s.object(
      'The Secret (owned by this object) holding the kubeconfig of the cluster it built; the kubeconfig itself is never in status.',
      {
        name: s.name('Name of the Secret.').req(),
        key: s.text('Key of the kubeconfig within the Secret.').req(),
      },
    ),
    cluster: s.object('The cluster this provider built (providers with a distribution block).', {
      name: s.string('Cluster name in the cloud.'),
      endpoint: s.string('API server endpoint.'),
      version: s.string('Kubernetes version running.'),
      status: s.string('Cluster state reported by the cloud, e.g. ACTIVE.'),
      certificateAuthority: s.object('Cluster certificate authority.', {
        data: s.string('Base64-encoded CA certificate.'),
      }),
      identity: s.object('Identity providers of the cluster.', {
        oidc: s.object('OIDC identity provider.', {
          issuer: s.string('OIDC issuer URL.'),
        }),
      }),
      networking: s.object('Address ranges in use.', {
        serviceIPv4CIDR: s.cidr('Service IPv4 range.'),
        podIPv4CIDR: s.cidr('Pod IPv4 range.'),
      }),
    }),
    nodeGroups: s.array(
      'Node groups and their instances.',
      s.object('A node group.', {
        name: s.string('Node group name.'),
        status: s.string('Node group state.'),
        capacity: s.object('Node counts.', {
          desired: s.int('Desired nodes.', { min: 0 }),
          current: s.int('Current nodes.', { min: 0 }),
          ready: s.int('Ready nodes.', { min: 0 }),
        }),
        instances: s.array(
          'Instances of the node group.',
          s.object('An instance.', {
            id: s.string('Instance ID.'),
            status: s.string('Instance state.'),
            'availability-zone': s.string('Availability zone of the instance.'),
          }),
        ),
      }),
      { uniqueBy: 'name' },
    ),
    addons: s.array(
      'Installed add-ons.',
      s.object('An add-on.', {
        name: s.string('Add-on name.'),
        version: s.string('Installed version.'),
        status: s.string('Install state.'),
        health: s.string('Health of the add-on.'),
      }),
      { uniqueBy: 'name' },
    ),
    monitoring: s.object('Monitoring components.', {
      prometheus: componentStatus('Prometheus'),
      grafana: componentStatus('Grafana'),
      alertmanager: componentStatus('Alertmanager'),
    }),
    backup: s.object('Backups.', {
      lastBackup: s.timestamp('When the last backup finished.'),
      nextBackup: s.timestamp('When the next backup runs.'),
      backupCount: s.int('Number of backups kept.', { min: 0 }),
      status: s.string('State of the last backup.'),
    }),
    ready: s.bool('Whether the provider can build clusters (template-based providers).'),
    supportedVersions: s.strings('Kubernetes versions this provider can build.'),
    activeClusters: s.int('Number of KubernetesClusters built on this provider.', { min: 0 }),
    activeConlusters: s.int(
      'Number of active clusters, as spec 001 spells it (read as activeClusters).',
      { min: 0 },
    ),
  })
  .refine((v, r) => {
    if (v.activeClusters !== undefined && v.activeConlusters !== undefined) {
      r.missing(
        ['activeConlusters'],
        'cannot be set together with activeClusters (activeConlusters is the spec 001 spelling of activeClusters; keep one)',
      );
    }
  });
