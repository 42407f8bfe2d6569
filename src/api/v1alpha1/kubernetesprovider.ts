// KubernetesProvider: a Kubernetes distribution or backend (spec 000, 001, 003). Either it
// describes one managed cluster itself (eks, aks, gke, rke2, openshift, vanilla blocks) or it is a
// backend (talos, kubeadm, k3s with clusterTemplate) that builds the KubernetesClusters using it.
import { defineKind, type Resource } from '../kind';
import type { Infer } from '../schema';
import { AGE_COLUMN, PHASE_COLUMN } from './common';
import {
  normaliseKubernetesProviderSpec,
  normaliseKubernetesProviderStatus,
  type KubernetesProviderSpec,
  type KubernetesProviderStatus,
} from './kubernetesprovider-normalise';
import { kubernetesProviderSpec, type RawKubernetesProviderSpec } from './kubernetesprovider-spec';
import { kubernetesProviderStatus } from './kubernetesprovider-status';

export { kubernetesProviderSpec, kubernetesProviderStatus, type RawKubernetesProviderSpec };
export {
  DISTRIBUTION_TYPES,
  KUBERNETES_PROVIDER_TYPES,
  TEMPLATE_TYPES,
  isTemplateType,
  type DistributionType,
  type KubernetesProviderType,
  type TemplateType,
} from './kubernetesprovider-spec';
export type * from './kubernetesprovider-normalise';

export type RawKubernetesProviderStatus = Infer<typeof kubernetesProviderStatus>;

/** The canonical KubernetesProvider every later layer uses. */
export type KubernetesProvider = Resource<
  'KubernetesProvider',
  KubernetesProviderSpec,
  KubernetesProviderStatus
>;

export const kubernetesProviderKind = defineKind({
  kind: 'KubernetesProvider',
  plural: 'kubernetesproviders',
  singular: 'kubernetesprovider',
  shortNames: ['kp'],
  description:
    'KubernetesProvider describes how Kubernetes clusters are made: either one managed cluster (EKS, AKS, GKE, RKE2, OpenShift or vanilla, in the block named by type) or a backend (talos, kubeadm, k3s) whose clusterTemplate gives the defaults for the KubernetesClusters built on it; plus networking, security, add-ons, monitoring and backups.',
  spec: kubernetesProviderSpec,
  status: kubernetesProviderStatus,
  printerColumns: [
    {
      name: 'Type',
      type: 'string',
      jsonPath: '.spec.type',
      description: 'Distribution or backend.',
    },
    {
      name: 'Version',
      type: 'string',
      jsonPath: '.spec.version',
      description: 'Kubernetes version.',
    },
    { name: 'Region', type: 'string', jsonPath: '.spec.region', description: 'Cloud region.' },
    {
      name: 'Ready',
      type: 'string',
      jsonPath: '.status.conditions[?(@.type=="Ready")].status',
      description: 'Whether the provider and its cluster are ready.',
    },
    PHASE_COLUMN,
    AGE_COLUMN,
  ],
  normalise: (raw): KubernetesProvider => ({
    kind: 'KubernetesProvider',
    metadata: raw.metadata,
    spec: normaliseKubernetesProviderSpec(raw.spec),
    status: normaliseKubernetesProviderStatus(raw.status),
  }),
});
