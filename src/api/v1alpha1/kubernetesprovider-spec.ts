// The KubernetesProvider spec: one object holding both documented shapes, spec 000 (a managed
// cluster described by a distribution block: eks, aks, gke, rke2, openshift, vanilla) and spec 001
// (a template-based backend: talos, kubeadm, k3s with clusterTemplate). The rules below say
// which combinations are allowed.
import { s, type Infer } from '../schema';
import { objectRef } from './common';
import { aksBlock } from './kubernetesprovider-aks';
import { sameVersion } from './kubernetesprovider-common';
import { eksBlock } from './kubernetesprovider-eks';
import { gkeBlock } from './kubernetesprovider-gke';
import { addons, backup, monitoring, networking, security } from './kubernetesprovider-platform';
import { clusterTemplate } from './kubernetesprovider-template';

/** Distributions described by a block of their own (spec 000). */
export const DISTRIBUTION_TYPES = ['eks', 'aks', 'gke', 'rke2', 'openshift', 'vanilla'] as const;
/** Backends that build clusters from a clusterTemplate (spec 001). */
export const TEMPLATE_TYPES = ['talos', 'kubeadm', 'k3s'] as const;
export const KUBERNETES_PROVIDER_TYPES = [...DISTRIBUTION_TYPES, ...TEMPLATE_TYPES] as const;

export type DistributionType = (typeof DISTRIBUTION_TYPES)[number];
export type TemplateType = (typeof TEMPLATE_TYPES)[number];
export type KubernetesProviderType = (typeof KUBERNETES_PROVIDER_TYPES)[number];

export function isTemplateType(type: string): type is TemplateType {
  return (TEMPLATE_TYPES as readonly string[]).includes(type);
}

const notDetailed = (name: string) =>
  s.freeform(
    `${name} settings (used with type ${name.toLowerCase()}); the spec does not detail them, so they are passed on as is.`,
  );

export const kubernetesProviderSpec = s
  .object('Desired Kubernetes clusters: one managed cluster, or a backend that builds clusters.', {
    type: s
      .enum(
        'Distribution (eks, aks, gke, rke2, openshift, vanilla: one cluster described here) or backend (talos, kubeadm, k3s: clusters built from clusterTemplate).',
        KUBERNETES_PROVIDER_TYPES,
      )
      .req(),
    version: s.kubernetesVersion('Kubernetes version of the cluster, e.g. "1.29".'),
    region: s.text('Cloud region of the cluster, e.g. us-west-2.'),
    eks: eksBlock,
    aks: aksBlock,
    gke: gkeBlock,
    rke2: notDetailed('RKE2'),
    openshift: notDetailed('OpenShift'),
    vanilla: notDetailed('Vanilla'),
    clusterTemplate,
    machineProviderRef: objectRef(
      'MachineProvider the nodes are built on (template-based providers such as talos).',
    ),
    networking,
    security,
    addons,
    monitoring,
    backup,
  })
  .refine((v, r) => {
    const present = DISTRIBUTION_TYPES.filter((d) => v[d] !== undefined);
    const [block, ...extra] = present;
    for (const other of extra) {
      r.missing(
        [other],
        `cannot be set together with ${block ?? ''} (a KubernetesProvider has at most one distribution block, the one matching type "${v.type}")`,
      );
    }
    if (extra.length > 0) return;
    if (block !== undefined && block !== v.type) {
      if (isTemplateType(v.type)) {
        r.missing(
          [block],
          `cannot be used with type "${v.type}" (${v.type} providers build clusters from clusterTemplate; distribution blocks are for eks, aks, gke, rke2, openshift and vanilla)`,
        );
      } else {
        r.missing(
          [block],
          `does not match type "${v.type}" (type "${v.type}" takes its settings from the ${v.type} block: move them there, or set type to "${block}")`,
        );
      }
    }
    if (v.clusterTemplate !== undefined && !isTemplateType(v.type)) {
      r.missing(
        ['clusterTemplate'],
        `cannot be used with type "${v.type}" (clusterTemplate is for talos, kubeadm and k3s providers; type "${v.type}" takes its settings from the ${v.type} block)`,
      );
    }
  })
  .refine((v, r) => {
    const templateVersion = v.clusterTemplate?.kubernetesVersion;
    if (v.version !== undefined && templateVersion !== undefined) {
      if (!sameVersion(v.version, templateVersion)) {
        r.add(
          ['clusterTemplate', 'kubernetesVersion'],
          `differs from version "${v.version}" (set the Kubernetes version in one place, or make both equal)`,
          templateVersion,
        );
      }
    }
    const templateCni = v.clusterTemplate?.cni?.type;
    const cni = v.networking?.cni;
    if (cni !== undefined && templateCni !== undefined && cni !== templateCni) {
      r.add(
        ['networking', 'cni'],
        `differs from clusterTemplate.cni.type "${templateCni}" (set the CNI in one place, or make both equal)`,
        cni,
      );
    }
  });

export type RawKubernetesProviderSpec = Infer<typeof kubernetesProviderSpec>;
