// ProxmoxConfig: the Proxmox VE cluster machines are built on: nodes and API endpoint,
// authentication, VM defaults, limits and templates (spec 001), plus the Secret holding the API
// token, for which the spec gives no place.
import { defineKind, type RawResource, type Resource } from '../kind';
import { s, type Infer } from '../schema';
import { AGE_COLUMN, compact, memorySize, secretRef, statusBasics } from './common';

export const proxmoxConfigSpec = s
  .object(
    'Desired Proxmox integration: cluster, authentication, VM defaults, limits and templates.',
    {
      cluster: s.object('The Proxmox VE cluster.', {
        nodes: s.array('Proxmox nodes machines may be placed on.', s.name('A node name.'), {
          unique: true,
        }),
        endpoint: s.httpUrl('Cluster API endpoint, e.g. "https://pve.example.com:8006/api2/json".'),
      }),
      authentication: s.object('How the controller authenticates to Proxmox.', {
        type: s.enum('Authentication realm type.', ['pam', 'pve', 'ad', 'ldap']),
        realm: s.text('Authentication realm, e.g. "pve" or "corp-ad".'),
      }),
      tokenSecretRef: secretRef(
        'Secret holding the Proxmox API token (token ID and secret) the controller uses.',
      ),
      defaults: s.object('Defaults for new VMs.', {
        storage: s.text('Default storage pool, e.g. "local-lvm".'),
        network: s.interfaceName('Default network bridge, e.g. "vmbr0".'),
        osType: s.text('Default OS type, e.g. "l26".'),
      }),
      limits: s.object('Limits for VMs on this cluster.', {
        maxVMsPerNode: s.int('Maximum VMs per node.', { min: 1 }),
        maxCPUCores: s.int('Maximum CPU cores per VM, from 1 to 128.', { min: 1, max: 128 }),
        maxMemory: memorySize('Maximum memory per VM, from 128Mi to 1024Gi, e.g. "64Gi".'),
      }),
      templates: s.array(
        'VM templates machines can be cloned from.',
        s.object('A VM template.', {
          id: s.text('Template ID (the Proxmox VMID), e.g. "9000".'),
          name: s.text('Template name, unique among the templates.').req(),
          osType: s.text('Operating system type of the template.'),
          resources: s.freeform('Default resources of VMs cloned from the template.'),
        }),
        { uniqueBy: 'name' },
      ),
    },
  )
  .refine((v, r) => {
    const ids = new Map<string, number>();
    (v.templates ?? []).forEach((t, i) => {
      if (t.id === undefined) return;
      const first = ids.get(t.id);
      if (first !== undefined) {
        r.add(
          ['templates', i, 'id'],
          `is already the id of templates[${first}] (each template id must be unique)`,
          t.id,
        );
      } else ids.set(t.id, i);
    });
  });

export const proxmoxConfigStatus = s.object('Observed state of the Proxmox integration.', {
  ...statusBasics,
  ready: s.bool('Whether the cluster is reachable and configured.'),
  clusterVersion: s.text('Proxmox VE version of the cluster.'),
  availableNodes: s.array('Nodes that are online.', s.name('A node name.'), { unique: true }),
});

export type RawProxmoxConfigSpec = Infer<typeof proxmoxConfigSpec>;
export type ProxmoxConfigStatus = Infer<typeof proxmoxConfigStatus>;
type RawSpec = RawProxmoxConfigSpec;

/** The canonical ProxmoxConfig spec. */
export interface ProxmoxConfigSpec {
  readonly nodes: readonly string[];
  /** API endpoint URL. */
  readonly endpoint?: string;
  readonly authentication?: NonNullable<RawSpec['authentication']>;
  /** Secret with the API token; the spec has no field for it. */
  readonly tokenSecretRef?: NonNullable<RawSpec['tokenSecretRef']>;
  readonly defaults?: NonNullable<RawSpec['defaults']>;
  readonly limits?: NonNullable<RawSpec['limits']>;
  readonly templates: NonNullable<RawSpec['templates']>;
}

/** A ProxmoxConfig in canonical form. */
export type ProxmoxConfig = Resource<'ProxmoxConfig', ProxmoxConfigSpec, ProxmoxConfigStatus>;

export function normaliseProxmoxConfigSpec(spec: RawSpec): ProxmoxConfigSpec {
  return compact({
    nodes: spec.cluster?.nodes ?? [],
    endpoint: spec.cluster?.endpoint,
    authentication: spec.authentication,
    tokenSecretRef: spec.tokenSecretRef,
    defaults: spec.defaults,
    limits: spec.limits,
    templates: spec.templates ?? [],
  });
}

export const proxmoxConfigKind = defineKind({
  kind: 'ProxmoxConfig',
  plural: 'proxmoxconfigs',
  singular: 'proxmoxconfig',
  shortNames: ['pvec'],
  description:
    'ProxmoxConfig describes a Proxmox VE cluster that machines are built on: its nodes and API endpoint, authentication and API token, defaults for new VMs, limits and the templates VMs are cloned from.',
  spec: proxmoxConfigSpec,
  status: proxmoxConfigStatus,
  printerColumns: [
    {
      name: 'Endpoint',
      type: 'string',
      jsonPath: '.spec.cluster.endpoint',
      description: 'API endpoint.',
    },
    {
      name: 'Version',
      type: 'string',
      jsonPath: '.status.clusterVersion',
      description: 'Proxmox VE version.',
    },
    { name: 'Ready', type: 'boolean', jsonPath: '.status.ready', description: 'Cluster ready.' },
    AGE_COLUMN,
  ],
  normalise: (raw: RawResource<RawProxmoxConfigSpec, ProxmoxConfigStatus>): ProxmoxConfig =>
    compact({
      kind: 'ProxmoxConfig' as const,
      metadata: raw.metadata,
      spec: normaliseProxmoxConfigSpec(raw.spec),
      status: raw.status,
    }),
});
