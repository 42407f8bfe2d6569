// Object types shared by the Talos bindings: the client configuration (talosconfig credentials),
// the machine secrets of a cluster, the Kubernetes client configuration, and timeouts. Field
// names are the schema's (talos:machine/generated:*, talos:cluster/Kubeconfig*, ...). Many fields
// are private keys or tokens that the schema marks secret; the provider marks them secret in
// what it returns, since a Node SDK cannot mark a nested field secret.
import type { InputsOf, TypeSpec } from './utilities';

/** Credentials of a Talos API client (the contents of a talosconfig context). */
export interface ClientConfiguration {
  /** The client CA certificate (PEM, base64-encoded). */
  readonly caCertificate: string;
  /** The client certificate (PEM, base64-encoded). */
  readonly clientCertificate: string;
  /** The client private key (PEM, base64-encoded); secret. */
  readonly clientKey: string;
}

/** A client configuration as an input: e.g. `secrets.clientConfiguration`. */
export type ClientConfigurationArgs = InputsOf<ClientConfiguration>;

export const CLIENT_CONFIGURATION = {
  fields: ['caCertificate', 'clientCertificate', 'clientKey'],
  required: ['caCertificate', 'clientCertificate', 'clientKey'],
} as const satisfies TypeSpec;

/** Credentials of a Kubernetes client, as retrieved from a control plane node. */
export interface KubernetesClientConfiguration {
  /** The Kubernetes CA certificate. */
  readonly caCertificate: string;
  /** The Kubernetes client certificate. */
  readonly clientCertificate: string;
  /** The Kubernetes client key; secret. */
  readonly clientKey: string;
  /** The Kubernetes API server URL. */
  readonly host: string;
}

export const KUBERNETES_CLIENT_CONFIGURATION = {
  fields: [],
  required: [],
  computed: ['caCertificate', 'clientCertificate', 'clientKey', 'host'],
} as const satisfies TypeSpec;

/** A certificate and its private key. */
export interface Certificate {
  /** The certificate. */
  readonly cert: string;
  /** The private key; secret. */
  readonly key: string;
}

export const CERTIFICATE = {
  fields: ['cert', 'key'],
  required: ['cert', 'key'],
} as const satisfies TypeSpec;

/** A private key without a certificate. */
export interface Key {
  /** The private key; secret. */
  readonly key: string;
}

export const KEY = { fields: ['key'], required: ['key'] } as const satisfies TypeSpec;

/** The certificate authorities of a Talos cluster. */
export interface Certificates {
  /** The etcd CA. */
  readonly etcd: Certificate;
  /** The Kubernetes CA. */
  readonly k8s: Certificate;
  /** The Kubernetes aggregator (front proxy) CA. */
  readonly k8sAggregator: Certificate;
  /** The Kubernetes service account signing key. */
  readonly k8sServiceaccount: Key;
  /** The Talos API (os) CA. */
  readonly os: Certificate;
}

export const CERTIFICATES = {
  fields: ['etcd', 'k8s', 'k8sAggregator', 'k8sServiceaccount', 'os'],
  required: ['etcd', 'k8s', 'k8sAggregator', 'k8sServiceaccount', 'os'],
  nested: {
    etcd: CERTIFICATE,
    k8s: CERTIFICATE,
    k8sAggregator: CERTIFICATE,
    k8sServiceaccount: KEY,
    os: CERTIFICATE,
  },
} as const satisfies TypeSpec;

/** The identity of a Talos cluster. */
export interface Cluster {
  /** The cluster ID. */
  readonly id: string;
  /** The cluster secret; secret. */
  readonly secret: string;
}

export const CLUSTER = {
  fields: ['id', 'secret'],
  required: ['id', 'secret'],
} as const satisfies TypeSpec;

/** Kubernetes secrets of a Talos cluster. */
export interface KubernetesSecrets {
  /** The aescbc encryption secret (older clusters); secret. */
  readonly aescbcEncryptionSecret?: string;
  /** The bootstrap token; secret. */
  readonly bootstrapToken: string;
  /** The secretbox encryption secret; secret. */
  readonly secretboxEncryptionSecret: string;
}

export const KUBERNETES_SECRETS = {
  fields: ['aescbcEncryptionSecret', 'bootstrapToken', 'secretboxEncryptionSecret'],
  required: ['bootstrapToken', 'secretboxEncryptionSecret'],
} as const satisfies TypeSpec;

/** The trustd credentials of a Talos cluster. */
export interface TrustdInfo {
  /** The trustd token; secret. */
  readonly token: string;
}

export const TRUSTD_INFO = { fields: ['token'], required: ['token'] } as const satisfies TypeSpec;

/** All secrets of a Talos cluster: what `machine.Secrets` generates and configurations embed. */
export interface MachineSecrets {
  /** The certificate authorities. */
  readonly certs: Certificates;
  /** The cluster identity. */
  readonly cluster: Cluster;
  /** The Kubernetes secrets. */
  readonly secrets: KubernetesSecrets;
  /** The trustd credentials. */
  readonly trustdinfo: TrustdInfo;
}

export const MACHINE_SECRETS = {
  fields: ['certs', 'cluster', 'secrets', 'trustdinfo'],
  required: ['certs', 'cluster', 'secrets', 'trustdinfo'],
  nested: {
    certs: CERTIFICATES,
    cluster: CLUSTER,
    secrets: KUBERNETES_SECRETS,
    trustdinfo: TRUSTD_INFO,
  },
} as const satisfies TypeSpec;

/** Operation timeouts: durations such as `30s` or `2h45m`. */
export interface Timeouts {
  /** Timeout of the create operation. */
  readonly create?: string;
  /** Timeout of the update operation. */
  readonly update?: string;
  /** Timeout of the delete operation. */
  readonly delete?: string;
}

/** The create timeout of a bootstrap. */
export type BootstrapTimeouts = Pick<Timeouts, 'create'>;
/** The create and update timeouts of a kubeconfig. */
export type KubeconfigTimeouts = Pick<Timeouts, 'create' | 'update'>;

export const BOOTSTRAP_TIMEOUTS = { fields: ['create'], required: [] } as const satisfies TypeSpec;
export const KUBECONFIG_TIMEOUTS = {
  fields: ['create', 'update'],
  required: [],
} as const satisfies TypeSpec;
export const TIMEOUTS = {
  fields: ['create', 'update', 'delete'],
  required: [],
} as const satisfies TypeSpec;
