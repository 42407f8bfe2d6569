// The Helm charts behind add-on names, their default values, and the pure helpers HelmAddons uses
// (name resolution, version normalisation, value merging, removal of Secret references).

export const CLOUDS = ['aws', 'azure', 'gcp', 'onprem'] as const;
export type Cloud = (typeof CLOUDS)[number];

/** What the defaults of a chart may depend on. */
export interface ChartContext {
  readonly clusterName: string;
  readonly cloud: Cloud;
  readonly region?: string;
}

export type Values = Record<string, unknown>;

export interface ChartEntry {
  /** Chart name in the repository. */
  readonly chart: string;
  /** Helm repository URL. */
  readonly repo: string;
  /** Namespace of the release (created when missing). */
  readonly namespace: string;
  /** Helm release name. */
  readonly release: string;
  /** The repository's chart versions start with "v" (cert-manager: `v1.9.1`); others do not. */
  readonly versionKeepsV: boolean;
  /** Clouds the add-on makes sense on; others skip it with a warning. Defaults to all. */
  readonly clouds?: readonly Cloud[];
  /** The defaults need `region` (they would otherwise point at the wrong region). */
  readonly needsRegion?: boolean;
  /**
   * Major versions of the application (not the chart) that manifests tend to give, e.g. 0 for
   * external-dns 0.12.2 whose chart is 1.11.0; such a version gets a warning.
   */
  readonly appVersionMajors?: readonly number[];
  /** The chart's version form, for that warning. */
  readonly chartVersionForm?: string;
  /** Values set before the manifest's `config` is merged over them. */
  readonly defaults: (ctx: ChartContext) => Values;
}

const EXTERNAL_DNS_PROVIDER: Record<Cloud, string | undefined> = {
  aws: 'aws',
  azure: 'azure',
  gcp: 'google',
  onprem: undefined,
};

/** The catalogue: add-on name -> chart. */
export const CHARTS: Readonly<Record<string, ChartEntry>> = {
  'cert-manager': {
    chart: 'cert-manager',
    repo: 'https://charts.jetstack.io',
    namespace: 'cert-manager',
    release: 'cert-manager',
    versionKeepsV: true,
    // installCRDs for charts before v1.15, crds.enabled after; each chart reads the one it knows.
    defaults: () => ({ installCRDs: true, crds: { enabled: true } }),
  },
  'external-dns': {
    chart: 'external-dns',
    repo: 'https://kubernetes-sigs.github.io/external-dns/',
    namespace: 'external-dns',
    release: 'external-dns',
    versionKeepsV: false,
    appVersionMajors: [0],
    chartVersionForm: '1.x',
    defaults: (ctx) => {
      const provider = EXTERNAL_DNS_PROVIDER[ctx.cloud];
      // The string form of `provider` is read by old and new charts alike. The owner id keeps
      // clusters that share a zone from deleting each other's records.
      return {
        ...(provider !== undefined ? { provider } : {}),
        txtOwnerId: ctx.clusterName,
      };
    },
  },
  'cluster-autoscaler': {
    chart: 'cluster-autoscaler',
    repo: 'https://kubernetes.github.io/autoscaler',
    namespace: 'kube-system',
    release: 'cluster-autoscaler',
    versionKeepsV: false,
    // AKS and GKE have their own autoscalers; on-premises needs a Cluster API setup.
    clouds: ['aws'],
    needsRegion: true,
    appVersionMajors: [1],
    chartVersionForm: '9.x',
    defaults: (ctx) => ({
      cloudProvider: 'aws',
      autoDiscovery: { clusterName: ctx.clusterName },
      ...(ctx.region !== undefined ? { awsRegion: ctx.region } : {}),
    }),
  },
  'aws-load-balancer-controller': {
    chart: 'aws-load-balancer-controller',
    repo: 'https://aws.github.io/eks-charts',
    namespace: 'kube-system',
    release: 'aws-load-balancer-controller',
    versionKeepsV: false,
    clouds: ['aws'],
    appVersionMajors: [2],
    chartVersionForm: '1.x',
    defaults: (ctx) => ({
      clusterName: ctx.clusterName,
      ...(ctx.region !== undefined ? { region: ctx.region } : {}),
    }),
  },
  'kube-prometheus-stack': {
    chart: 'kube-prometheus-stack',
    repo: 'https://prometheus-community.github.io/helm-charts',
    namespace: 'monitoring',
    release: 'kube-prometheus-stack',
    versionKeepsV: false,
    appVersionMajors: [0],
    chartVersionForm: 'a major version like 58.x',
    defaults: () => ({}),
  },
  'ingress-nginx': {
    chart: 'ingress-nginx',
    repo: 'https://kubernetes.github.io/ingress-nginx',
    namespace: 'ingress-nginx',
    release: 'ingress-nginx',
    versionKeepsV: false,
    defaults: () => ({}),
  },
  'metrics-server': {
    chart: 'metrics-server',
    repo: 'https://kubernetes-sigs.github.io/metrics-server/',
    namespace: 'kube-system',
    release: 'metrics-server',
    versionKeepsV: false,
    defaults: () => ({}),
  },
  // The CNI of clusters whose distribution does not bring one (Talos with cni none): the program
  // passes the distribution's values.
  cilium: {
    chart: 'cilium',
    repo: 'https://helm.cilium.io/',
    namespace: 'kube-system',
    release: 'cilium',
    versionKeepsV: false,
    defaults: () => ({}),
  },
  traefik: {
    chart: 'traefik',
    repo: 'https://traefik.github.io/charts',
    namespace: 'traefik',
    release: 'traefik',
    versionKeepsV: false,
    defaults: () => ({}),
  },
};

/** Other names manifests use for catalogue entries. */
export const ALIASES: Readonly<Record<string, string>> = {
  prometheus: 'kube-prometheus-stack',
  'prometheus-operator': 'kube-prometheus-stack',
  ingress: 'ingress-nginx',
  nginx: 'ingress-nginx',
  'nginx-ingress': 'ingress-nginx',
};

/** Parts of every cluster, not installed with Helm: why, for the warning. */
export const BUILT_IN: Readonly<Record<string, string>> = {
  coredns: 'CoreDNS is part of every cluster (on EKS, manage it as an EKS add-on of the cluster)',
  'kube-proxy':
    'kube-proxy is part of every cluster (on EKS, manage it as an EKS add-on of the cluster)',
  'vpc-cni': 'the VPC CNI is part of every EKS cluster (manage it as an EKS add-on of the cluster)',
};

export type Resolved =
  | { readonly kind: 'chart'; readonly key: string; readonly entry: ChartEntry }
  | { readonly kind: 'builtin'; readonly reason: string }
  | { readonly kind: 'unknown' };

/** What an add-on name means: a catalogue chart, a built-in part, or unknown. */
export function resolveAddon(name: string): Resolved {
  const key = ALIASES[name] ?? name;
  const entry = CHARTS[key];
  if (entry !== undefined) return { kind: 'chart', key, entry };
  const reason = BUILT_IN[name];
  if (reason !== undefined) return { kind: 'builtin', reason };
  return { kind: 'unknown' };
}

/** Every name `resolveAddon` installs, sorted (for messages). */
export function knownAddonNames(): string[] {
  return [...Object.keys(CHARTS), ...Object.keys(ALIASES)].sort();
}

/**
 * The chart version for a manifest version: `v1.9.1` -> `1.9.1`, except for repositories whose
 * chart versions carry the `v` (cert-manager), where `1.9.1` -> `v1.9.1`.
 */
export function chartVersion(entry: ChartEntry, version: string): string {
  const bare = version.trim().replace(/^v(?=\d)/, '');
  return entry.versionKeepsV ? `v${bare}` : bare;
}

/** Whether a (normalised) version looks like the app's version rather than the chart's. */
export function looksLikeAppVersion(entry: ChartEntry, version: string): boolean {
  const major = Number(/^v?(\d+)\./.exec(version)?.[1]);
  return entry.appVersionMajors?.includes(major) === true;
}

function isPlainObject(v: unknown): v is Values {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `over` merged into `base`: objects recursively, anything else (arrays too) replaced. */
export function mergeValues(base: Values, over: Readonly<Values>): Values {
  const out: Values = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    out[k] = isPlainObject(b) && isPlainObject(v) ? mergeValues(b, v) : v;
  }
  return out;
}

export interface SecretReference {
  /** Dotted path of the value, e.g. `grafana.adminPassword`. */
  readonly path: string;
  readonly name?: string;
  readonly key?: string;
}

/**
 * A Vitistack Secret reference: an object whose only field is `secretRef` naming a Secret and a
 * key (`adminPassword: {secretRef: {name, key}}`). Kubernetes' own `envFrom: [{secretRef: {name}}]`
 * has no key and is left alone: the cluster resolves it.
 */
function secretRefOf(v: unknown): { name?: string; key?: string } | undefined {
  if (!isPlainObject(v)) return undefined;
  const keys = Object.keys(v);
  if (keys.length !== 1 || keys[0] !== 'secretRef') return undefined;
  const ref = v.secretRef;
  if (!isPlainObject(ref) || typeof ref.key !== 'string') return undefined;
  return {
    ...(typeof ref.name === 'string' ? { name: ref.name } : {}),
    key: ref.key,
  };
}

/**
 * The values without Vitistack Secret references, and where they were. Secret values are never
 * read into Helm values: they would be stored in the release and in the stack's state.
 */
export function withoutSecretRefs(
  values: Readonly<Values>,
  prefix = '',
): { values: Values; refs: SecretReference[] } {
  const out: Values = {};
  const refs: SecretReference[] = [];
  for (const [k, v] of Object.entries(values)) {
    const path = prefix === '' ? k : `${prefix}.${k}`;
    const ref = secretRefOf(v);
    if (ref !== undefined) {
      refs.push({ path, ...ref });
    } else if (isPlainObject(v)) {
      const inner = withoutSecretRefs(v, path);
      out[k] = inner.values;
      refs.push(...inner.refs);
    } else if (Array.isArray(v)) {
      // A reference as a list item is dropped from the list; objects in lists are searched.
      const items: unknown[] = [];
      v.forEach((item: unknown, i) => {
        const itemRef = secretRefOf(item);
        if (itemRef !== undefined) {
          refs.push({ path: `${path}[${i}]`, ...itemRef });
        } else if (isPlainObject(item)) {
          const inner = withoutSecretRefs(item, `${path}[${i}]`);
          items.push(inner.values);
          refs.push(...inner.refs);
        } else {
          items.push(item);
        }
      });
      out[k] = items;
    } else {
      out[k] = v;
    }
  }
  return { values: out, refs };
}
