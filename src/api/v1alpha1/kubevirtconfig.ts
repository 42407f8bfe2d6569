// KubevirtConfig: how machines are run on KubeVirt: version and namespace of the operator, feature
// gates, default CPU model and machine type, storage and network defaults (spec 001), plus the
// kubeconfig of the cluster that runs KubeVirt.
import { defineKind, type RawResource, type Resource } from '../kind';
import { s, type Infer } from '../schema';
import { AGE_COLUMN, compact, PHASE_COLUMN, secretRef, statusBasics } from './common';

const VERSION = /^v?[0-9]+\.[0-9]+(\.[0-9]+)?([-+][0-9A-Za-z.-]+)?$/;

export const kubevirtConfigSpec = s.object(
  'Desired KubeVirt integration: operator version, feature gates and VM defaults.',
  {
    kubevirt: s.object('The KubeVirt installation.', {
      version: s.patterned(
        'KubeVirt version, e.g. "v1.2.0".',
        VERSION,
        'a version like "v1.2.0"',
        'is not a version (expected a form like "v1.2.0" or "1.2")',
      ),
      namespace: s.name('Namespace KubeVirt runs in, e.g. "kubevirt".'),
    }),
    kubeconfigSecretRef: secretRef(
      'Secret holding the kubeconfig of the cluster that runs KubeVirt (key "kubeconfig" unless key is set). Absent: the cluster the controller runs in.',
    ),
    featureGates: s.array(
      'KubeVirt feature gates.',
      s.object('A feature gate.', {
        name: s.text('Feature gate name, e.g. "LiveMigration".').req(),
        enabled: s.bool('Whether the feature is enabled.'),
      }),
      { uniqueBy: 'name' },
    ),
    resources: s.object('Default virtual hardware.', {
      vmiCPUModel: s.text('Default CPU model, e.g. "host-passthrough".'),
      machineType: s.text('Default machine type, e.g. "q35".'),
      emulatedMachines: s.strings('Emulated machine types that VMs may use, e.g. "q35*".', {
        unique: true,
      }),
    }),
    storage: s.object('Storage defaults.', {
      defaultStorageClass: s.subdomain('Default storage class for VM disks.'),
      volumeModes: s.array(
        'Supported volume modes.',
        s.enum('A volume mode.', ['Filesystem', 'Block']),
        { unique: true },
      ),
      accessModes: s.array(
        'Supported access modes.',
        s.enum('An access mode.', [
          'ReadWriteOnce',
          'ReadWriteMany',
          'ReadOnlyMany',
          'ReadWriteOncePod',
        ]),
        { unique: true },
      ),
    }),
    network: s.object('Network defaults.', {
      defaultNetworkInterface: s.text('Default network interface binding, e.g. "masquerade".'),
      binding: s.freeform('Network binding plugins and their configuration.'),
    }),
  },
);

export const kubevirtConfigStatus = s.object('Observed state of the KubeVirt integration.', {
  ...statusBasics,
  appliedVersion: s.text('KubeVirt version that is applied.'),
});

export type RawKubevirtConfigSpec = Infer<typeof kubevirtConfigSpec>;
export type KubevirtConfigStatus = Infer<typeof kubevirtConfigStatus>;
type RawSpec = RawKubevirtConfigSpec;

/** The canonical KubevirtConfig spec. */
export interface KubevirtConfigSpec {
  /** KubeVirt version, e.g. "v1.2.0". */
  readonly version?: string;
  /** Namespace KubeVirt runs in. */
  readonly namespace?: string;
  /** Secret with the kubeconfig of the KubeVirt cluster; absent: the controller's own cluster. */
  readonly kubeconfigSecretRef?: NonNullable<RawSpec['kubeconfigSecretRef']>;
  readonly featureGates: NonNullable<RawSpec['featureGates']>;
  readonly vmiCPUModel?: string;
  readonly machineType?: string;
  readonly emulatedMachines: readonly string[];
  readonly defaultStorageClass?: string;
  readonly volumeModes: readonly ('Filesystem' | 'Block')[];
  readonly accessModes: NonNullable<NonNullable<RawSpec['storage']>['accessModes']>;
  readonly defaultNetworkInterface?: string;
  readonly networkBinding?: Readonly<Record<string, unknown>>;
}

/** A KubevirtConfig in canonical form. */
export type KubevirtConfig = Resource<'KubevirtConfig', KubevirtConfigSpec, KubevirtConfigStatus>;

export function normaliseKubevirtConfigSpec(spec: RawSpec): KubevirtConfigSpec {
  return compact({
    version: spec.kubevirt?.version,
    namespace: spec.kubevirt?.namespace,
    kubeconfigSecretRef: spec.kubeconfigSecretRef,
    featureGates: spec.featureGates ?? [],
    vmiCPUModel: spec.resources?.vmiCPUModel,
    machineType: spec.resources?.machineType,
    emulatedMachines: spec.resources?.emulatedMachines ?? [],
    defaultStorageClass: spec.storage?.defaultStorageClass,
    volumeModes: spec.storage?.volumeModes ?? [],
    accessModes: spec.storage?.accessModes ?? [],
    defaultNetworkInterface: spec.network?.defaultNetworkInterface,
    networkBinding: spec.network?.binding,
  });
}

export const kubevirtConfigKind = defineKind({
  kind: 'KubevirtConfig',
  plural: 'kubevirtconfigs',
  singular: 'kubevirtconfig',
  shortNames: ['kvc'],
  description:
    'KubevirtConfig configures how machines run on KubeVirt: the cluster and namespace KubeVirt runs in, its version, feature gates, default CPU model and machine type, and storage and network defaults.',
  spec: kubevirtConfigSpec,
  status: kubevirtConfigStatus,
  printerColumns: [
    {
      name: 'Version',
      type: 'string',
      jsonPath: '.spec.kubevirt.version',
      description: 'Desired KubeVirt version.',
    },
    {
      name: 'Applied',
      type: 'string',
      jsonPath: '.status.appliedVersion',
      description: 'Applied KubeVirt version.',
    },
    PHASE_COLUMN,
    AGE_COLUMN,
  ],
  normalise: (raw: RawResource<RawKubevirtConfigSpec, KubevirtConfigStatus>): KubevirtConfig =>
    compact({
      kind: 'KubevirtConfig' as const,
      metadata: raw.metadata,
      spec: normaliseKubevirtConfigSpec(raw.spec),
      status: raw.status,
    }),
});
