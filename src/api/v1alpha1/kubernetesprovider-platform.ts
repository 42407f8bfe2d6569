// What a KubernetesProvider installs on its clusters, whatever the distribution: networking,
// security, add-ons, monitoring and backups (spec 000 and 003; networking and add-ons also 001).
import { formats, s } from '../schema';
import { resourceRequirements, secretRef, storageSize } from './common';
import { textList } from './kubernetesprovider-common';

// ---------------------------------------------------------------- networking

export const networking = s
  .object('Cluster networking: CNI, address ranges, network policies and service mesh.', {
    cni: s.text('CNI plugin, e.g. aws-vpc-cni, calico or cilium.'),
    version: s.text('Version of the CNI plugin, e.g. "1.11.4".'),
    serviceCIDR: s.cidr('Address range of Services, e.g. "172.20.0.0/16".'),
    podCIDR: s.cidr('Address range of pods, e.g. "10.244.0.0/16".'),
    dnsDomain: s.subdomain('Cluster DNS domain, e.g. "cluster.local".'),
    networkPolicies: s.object('NetworkPolicy enforcement.', {
      enabled: s.bool('Whether NetworkPolicies are enforced.'),
      provider: s.text('Network policy engine, e.g. calico.'),
      defaultDeny: s.bool('Whether every namespace starts with a deny-all policy.'),
    }),
    serviceMesh: s.object('Service mesh installed on the cluster.', {
      enabled: s.bool('Whether the service mesh is installed.'),
      type: s.enum('Service mesh.', ['istio', 'linkerd', 'consul']),
      version: s.text('Version of the service mesh, e.g. "1.15".'),
      config: s.freeform('Mesh-specific settings (mtls, tracing, ...), passed on as is.'),
    }),
  })
  .refine((v, r) => {
    if (v.podCIDR === undefined || v.serviceCIDR === undefined) return;
    const pod = formats.parseCidr(v.podCIDR).cidr;
    const svc = formats.parseCidr(v.serviceCIDR).cidr;
    if (pod && svc && formats.cidrsOverlap(pod, svc)) {
      r.add(
        ['serviceCIDR'],
        `overlaps podCIDR "${v.podCIDR}" (pod and Service addresses must not overlap: choose a serviceCIDR outside the pod range)`,
        v.serviceCIDR,
      );
    }
  });

// ---------------------------------------------------------------- security

export const security = s.object(
  'Cluster security: RBAC, Pod Security Standards, network policies, admission controllers.',
  {
    rbac: s.object('Role-based access control.', {
      enabled: s.bool('Whether RBAC is enabled.'),
    }),
    podSecurityStandards: s.object('Pod Security Standards enforced by Pod Security Admission.', {
      enabled: s.bool('Whether Pod Security Standards are enforced.'),
      policy: s.enum('Policy level.', ['baseline', 'restricted', 'privileged']),
      auditMode: s.bool('Whether violations are only audited instead of rejected.'),
    }),
    networkSecurity: s.object('NetworkPolicies created on the cluster.', {
      enabled: s.bool('Whether these policies are created.'),
      policies: s.array(
        'Network security policies.',
        s.object('A network security policy.', {
          name: s.name('Name of the policy.').req(),
          type: s.enum('What the policy does.', ['default-deny', 'allow', 'deny']).req(),
          namespaces: s.array('Namespaces the policy applies to.', s.name('A namespace.'), {
            unique: true,
          }),
          ports: s.array('Ports the policy allows or denies.', s.port('A port.'), {
            unique: true,
          }),
        }),
        { uniqueBy: 'name' },
      ),
    }),
    admissionControllers: s.array(
      'Admission controllers to enable and configure.',
      s.object('An admission controller.', {
        name: s.text('Name of the admission controller, e.g. ImagePolicyWebhook.').req(),
        enabled: s.bool('Whether the admission controller is enabled.'),
        config: s.freeform('Settings of the admission controller, passed on as is.'),
      }),
      { uniqueBy: 'name' },
    ),
  },
);

// ---------------------------------------------------------------- add-ons

const addonList = s.array(
  'Add-ons installed on the cluster (spec 000 form).',
  s.object('An add-on, installed as a Helm release or managed add-on.', {
    name: s.name('Name of the add-on, e.g. cert-manager.').req(),
    version: s.text('Version of the add-on, e.g. "v1.9.1".'),
    enabled: s.bool('Whether the add-on is installed. Defaults to true.'),
    config: s.freeform('Values of the add-on (Helm values), passed on as is.'),
  }),
  { uniqueBy: 'name' },
);

export const INGRESS_TYPES = ['nginx', 'traefik', 'istio'] as const;

const addonObject = s.object('Built-in add-ons (spec 001 form).', {
  dns: s.object('Cluster DNS (CoreDNS).', {
    enabled: s.bool('Whether CoreDNS is installed.'),
    config: s.freeform('CoreDNS settings, passed on as is.'),
  }),
  ingress: s.object('Ingress controller.', {
    enabled: s.bool('Whether an ingress controller is installed.'),
    type: s.enum('Ingress controller.', INGRESS_TYPES),
  }),
  storage: s.object('Storage classes.', {
    enabled: s.bool('Whether storage classes are installed.'),
    defaultClass: s.subdomain('Name of the default StorageClass.'),
  }),
});

export const addons = s.either(
  'Add-ons: a list of {name, version, enabled, config} (spec 000) or {dns, ingress, storage} (spec 001).',
  { array: addonList, object: addonObject },
);

// ---------------------------------------------------------------- monitoring

const labelSelector = s.object('Label selector (metav1.LabelSelector).', {
  matchLabels: s.stringMap('Labels the selected objects must have.'),
  matchExpressions: s.array(
    'Set-based requirements.',
    s.object('A label requirement.', {
      key: s.text('Label key.').req(),
      operator: s
        .enum('How the key relates to the values.', ['In', 'NotIn', 'Exists', 'DoesNotExist'])
        .req(),
      values: s.strings('Label values (for In and NotIn).'),
    }),
  ),
});

const dashboard = s
  .object('A Grafana dashboard, downloaded from url or read from a ConfigMap.', {
    name: s.name('Name of the dashboard.').req(),
    url: s.string('URL of the dashboard JSON.', {
      expected: 'an http(s) URL',
      check: (v) =>
        /^https?:\/\/\S+$/.test(v)
          ? undefined
          : 'is not an http(s) URL (expected a form like "https://grafana.com/api/dashboards/7249/revisions/1/download")',
    }),
    configMapRef: s.object('ConfigMap entry holding the dashboard JSON.', {
      name: s.name('Name of the ConfigMap.').req(),
      key: s.text('Key of the dashboard JSON in the ConfigMap.').req(),
    }),
  })
  .refine((v, r) => {
    if (v.url !== undefined && v.configMapRef !== undefined) {
      r.missing(
        ['configMapRef'],
        'cannot be set together with url (the dashboard comes from url or from configMapRef, not both)',
      );
    } else if (v.url === undefined && v.configMapRef === undefined) {
      r.missing([], 'needs url or configMapRef (where the dashboard JSON comes from)');
    }
  });

const component = (what: string) => ({
  enabled: s.bool(`Whether ${what} is installed.`),
});

export const monitoring = s.object('Monitoring stack installed on the cluster.', {
  enabled: s.bool('Whether monitoring is installed.'),
  prometheus: s.object('Prometheus.', {
    ...component('Prometheus'),
    retention: s.duration('How long metrics are kept, e.g. "15d".'),
    storage: storageSize('Size of the metrics volume, 1Gi to 100Ti, e.g. "10Gi".'),
    resources: resourceRequirements('Resource requests and limits of Prometheus.'),
    serviceMonitors: s.array(
      'ServiceMonitors to create.',
      s.object('A ServiceMonitor.', {
        name: s.name('Name of the ServiceMonitor.').req(),
        enabled: s.bool('Whether the ServiceMonitor is created.'),
        selector: labelSelector,
      }),
      { uniqueBy: 'name' },
    ),
  }),
  grafana: s.object('Grafana.', {
    ...component('Grafana'),
    adminPassword: s.object('Where the Grafana admin password comes from.', {
      secretRef: secretRef('Secret entry holding the admin password.').req(),
    }),
    dashboards: s.array('Dashboards to load.', dashboard, { uniqueBy: 'name' }),
  }),
  alertmanager: s.object('Alertmanager.', {
    ...component('Alertmanager'),
    config: s.freeform('Alertmanager configuration (global, receivers, route), passed on as is.'),
  }),
});

// ---------------------------------------------------------------- backup

const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

export const backup = s
  .object('Cluster backups (Velero-style): schedule, retention, storage and scope.', {
    enabled: s.bool('Whether backups run.'),
    schedule: s.cron('When backups run, as a cron schedule, e.g. "0 2 * * *".'),
    retention: s.duration('How long backups are kept, e.g. "30d".'),
    storage: s.object('Where backups are stored.', {
      type: s.enum('Object storage service.', ['s3', 'gcs', 'azure']),
      bucket: s
        .string('Bucket (or container) for the backups.', {
          expected: 'a bucket name like "k8s-backups-production"',
          check: (v) =>
            BUCKET.test(v)
              ? undefined
              : 'is not a valid bucket name (use 3 to 63 lowercase letters, digits, "-" and ".", starting and ending with a letter or digit)',
        })
        .req(),
      region: s.text('Region of the bucket. Defaults to the cluster region.'),
      encryption: s.bool('Whether backups are encrypted at rest.'),
    }),
    config: s.object('What is backed up.', {
      includeClusterResources: s.bool('Whether cluster-scoped resources are included.'),
      includedNamespaces: s.array(
        'Namespaces to back up (all when empty).',
        s.name('A namespace.'),
        {
          unique: true,
        },
      ),
      excludedResources: textList('Resource types left out, e.g. events.', 'A resource type.'),
      hooks: s.array(
        'Backup hooks (Velero hook specs), passed on as is.',
        s.freeform('A backup hook.'),
        { uniqueBy: 'name' },
      ),
    }),
  })
  .refine((v, r) => {
    if (v.enabled === true && v.storage === undefined) {
      r.missing(['storage'], 'is required when backup is enabled (name the bucket backups go to)');
    }
  });
