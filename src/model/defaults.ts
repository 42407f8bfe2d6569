// The constants and defaults of the model: label keys, which provider types are built, and the
// values used where a manifest leaves something out. One place, so the program, the docs and the
// tests agree.
import type { DistributionType, KubernetesProviderType } from '../api/v1alpha1/kubernetesprovider';
import type { MachineProviderType } from '../api/v1alpha1/machineprovider';

/** The Pulumi project every stack belongs to. */
export const PROJECT = 'vitistack';

/** Value of the `vitistack.io/managed-by` tag. */
export const MANAGED_BY = 'vitistack-pulumi';

/** Label and tag keys the model reads or writes. */
export const LABELS = {
  /** On a Machine or KubernetesCluster: the name of the Vitistack it belongs to. */
  vitistack: 'vitistack.io/vitistack',
  /** Tag: the stack name (`<namespace>.<name>`). */
  stack: 'vitistack.io/stack',
  /** Tag: always `vitistack-pulumi`. */
  managedBy: 'vitistack.io/managed-by',
  /**
   * Tag on a machine whose Machine asks for a public IP (`requested`): the policy
   * `public-ip-only-when-requested` tells an intended public address from an accident by it.
   */
  publicIp: 'vitistack.io/public-ip',
} as const;

/** The standard labels of spec 000 "Standard Labels", copied from metadata.labels into tags. */
export const STANDARD_LABELS = [
  'vitistack.io/environment',
  'vitistack.io/region',
  'vitistack.io/team',
  'vitistack.io/version',
  'vitistack.io/component',
] as const;

/** Annotations prefix whose keys feed the inputs hash. */
export const ANNOTATION_PREFIX = 'vitistack.io/';

/** Annotations that steer the controller on one Vitistack (documented in the README). */
export const ANNOTATIONS = {
  /** `apply`, `preview` or `approve`: overrides the controller's `--mode`. */
  mode: 'vitistack.io/mode',
  /** In mode approve: the id of the plan (status.plan.id) to run. */
  approvePlan: 'vitistack.io/approve-plan',
  /** `"true"` skips reconciles. */
  paused: 'vitistack.io/paused',
  /** Any new value restarts a stalled Vitistack (e.g. a timestamp). */
  reconcileRequest: 'vitistack.io/reconcile-request',
  /** `Delete` (default) destroys the stack on deletion; `Retain` leaves its resources. */
  deletionPolicy: 'vitistack.io/deletion-policy',
  /** `auto`: a drift found by the periodic check is remediated by the next reconcile. */
  driftRemediation: 'vitistack.io/drift-remediation',
} as const;

/**
 * `vitistack.io/*` annotations that steer the controller rather than describe the stack; they are
 * left out of the inputs hash. (`approve-plan` must be: the plan id it carries is itself derived
 * from the inputs hash.)
 */
export const OPERATIONAL_ANNOTATIONS: readonly string[] = Object.values(ANNOTATIONS);

/**
 * Provider types whose machines come from an instance catalogue and a cloud image: a Machine
 * without `instanceType` gets the provider's first instance type, one without an image the
 * provider's first image.
 */
export const CLOUD_MACHINE_PROVIDER_TYPES: readonly MachineProviderType[] = [
  'aws',
  'azure',
  'gcp',
  'openstack',
];

/**
 * MachineProvider types the program builds today (src/program/clouds.ts lists their programs);
 * others get a ProviderNotSupported warning.
 */
export const BUILT_MACHINE_PROVIDER_TYPES: readonly MachineProviderType[] = [
  'aws',
  'azure',
  'gcp',
  'proxmox',
  'vsphere',
  'kubevirt',
];

/** Cluster distributions the program builds today; others get a warning. */
export const BUILT_DISTRIBUTIONS: readonly KubernetesProviderType[] = [
  'eks',
  'aks',
  'gke',
  'talos',
];

/**
 * Instance type of a managed node group that names none and whose MachineProvider offers none:
 * each cloud's own default (EKS managed node groups t3.medium, `az aks` Standard_DS2_v2, GKE
 * e2-medium).
 */
export const DEFAULT_NODE_INSTANCE_TYPES: Readonly<Partial<Record<DistributionType, string>>> = {
  eks: 't3.medium',
  aks: 'Standard_DS2_v2',
  gke: 'e2-medium',
};

/** Nodes of a managed node group that gives no scaling at all (the EKS and eksctl default). */
export const DEFAULT_NODE_GROUP_SIZE = 2;

/** Name of the node group holding a template cluster's control plane. */
export const CONTROL_PLANE_GROUP = 'control-plane';

/**
 * Image references that are provider image IDs and pass through even when the provider lists its
 * images: AMI ids, Azure URNs and resource ids, GCP image paths, and URLs for any provider.
 */
export const RAW_IMAGE_ID_PATTERNS: readonly RegExp[] = [
  /^ami-[0-9a-f]{8}([0-9a-f]{9})?$/,
  /^[^:\s/]+:[^:\s/]+:[^:\s/]+:[^:\s/]+$/,
  /^\/subscriptions\//i,
  /^projects\/[^/]+\/(global\/)?images\//,
  /^https?:\/\//,
];
