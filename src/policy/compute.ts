// Compute policies: machines and node pools only of allowed sizes, and a public IP address only
// on a machine whose manifest asked for one.
import { LABELS } from '../model/defaults';
import {
  cloudOf,
  cloudTagKey,
  configValue,
  isStringList,
  label,
  show,
  tagPath,
  tagValue,
  UNKNOWN,
  type Taggable,
} from './checks';
import { elements, read } from './checks';
import { type ResourceValidationPolicy, type VitistackPolicy } from './types';

// ---------------------------------------------------------------------------------------------
// allowed-instance-types

const MACHINE_FIELD = "the Machine's spec.instanceType";

/** Where each resource type keeps its size, and which manifest field sets it. */
const SIZE_FIELDS: Readonly<
  Record<string, { readonly path: readonly string[]; readonly list?: true; readonly field: string }>
> = {
  'aws:ec2/instance:Instance': { path: ['instanceType'], field: MACHINE_FIELD },
  'aws:eks/nodeGroup:NodeGroup': {
    path: ['instanceTypes'],
    list: true,
    field: 'spec.eks.nodeGroups[].instanceType of the KubernetesProvider',
  },
  'azure-native:compute:VirtualMachine': {
    path: ['hardwareProfile', 'vmSize'],
    field: MACHINE_FIELD,
  },
  'azure-native:containerservice:AgentPool': {
    path: ['vmSize'],
    field: 'spec.aks.nodePools[].vmSize of the KubernetesProvider',
  },
  'gcp:compute/instance:Instance': { path: ['machineType'], field: MACHINE_FIELD },
  'gcp:container/nodePool:NodePool': {
    path: ['nodeConfig', 'machineType'],
    field: 'spec.gke.nodePools[].machineType of the KubernetesProvider',
  },
};

/** A glob ("m5.*", "Standard_D*s_v5") as a whole-string, case-insensitive pattern. */
export function globPattern(glob: string): RegExp {
  const body = glob
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}$`, 'i');
}

/** The size from a value: GCP may give a machine type as a URL (`zones/z/machineTypes/e2-small`). */
function sizeOf(value: string): string {
  return value.split('/').pop() ?? value;
}

export const allowedInstanceTypes: ResourceValidationPolicy = {
  name: 'allowed-instance-types',
  description:
    'Checks that machines and node pools use only the instance types, VM sizes and machine types in the configured allowedTypes (globs like "m5.*"): EC2 instances, EKS node groups, Azure VMs and AKS agent pools, GCE instances and GKE node pools. Not applicable without allowedTypes.',
  enforcementLevel: 'advisory',
  tags: ['ISO27001'],
  remediationSteps:
    "Pick a type the organisation allows (for cost, capacity reservations or hardware approval) in the Machine's spec.instanceType or the KubernetesProvider's node groups, or add the type to the policy's allowedTypes.",
  configSchema: {
    properties: {
      allowedTypes: {
        type: 'array',
        items: { type: 'string', minLength: 1 },
        default: [],
        description:
          'Allowed instance types, VM sizes and machine types; "*" matches any characters (e.g. ["m5.*", "t3.micro", "Standard_D*s_v5"]). Defaults to [], which makes the policy not applicable.',
      },
    },
  },
  validateResource: (args, report) => {
    const allowed = configValue<readonly string[]>(args, 'allowedTypes', [], isStringList);
    if (allowed.length === 0) args.notApplicable('no allowedTypes are configured');
    const where = SIZE_FIELDS[args.type];
    if (where === undefined) return;
    const patterns = allowed.map(globPattern);
    const value = read(args.props, where.path);
    const values =
      where.list === true
        ? elements(value).map((v, i) => ({ v, at: `${where.path.join('.')}[${i}]` }))
        : [{ v: value, at: where.path.join('.') }];
    for (const { v, at } of values) {
      if (typeof v !== 'string' || patterns.some((p) => p.test(sizeOf(v)))) continue;
      report(
        `${label(args)}: ${at} "${v}" must match one of the allowed types (${allowed.join(', ')}); pick an allowed type in ${where.field}, or add it to the policy's allowedTypes.`,
      );
    }
  },
};

// ---------------------------------------------------------------------------------------------
// public-ip-only-when-requested

/** The value of the public-IP tag on a machine whose manifest asks for a public address. */
export const PUBLIC_IP_REQUESTED = 'requested';

const PUBLIC_IP_FIELD =
  'vitistack sets it only for a Machine that asks for a public IP (spec.networking.publicIP: true): set that on the Machine if the address is intended, or remove the public address';

/**
 * The problem with a resource's public-IP mark, or undefined when it is `requested` or unknown.
 * The key is LABELS.publicIp as each cloud writes it (checks.ts cloudTagKey): Azure
 * `vitistack.io-public-ip`, GCP `vitistack-io-public-ip`.
 */
function markProblem(r: Taggable): string | undefined {
  const cloud = cloudOf(r.type) ?? 'aws';
  const key = cloudTagKey(cloud, LABELS.publicIp);
  const mark = tagValue(r, LABELS.publicIp);
  if (mark === UNKNOWN || mark === PUBLIC_IP_REQUESTED) return undefined;
  const where = tagPath(r.type).join('.');
  const kind = cloud === 'gcp' ? 'label' : 'tag';
  return `must carry the ${kind} ${key}: ${PUBLIC_IP_REQUESTED} (${where}["${key}"] is ${show(mark)})`;
}

/** Set, or unknown (an unknown value is there, just not known yet). */
function isPresent(v: unknown): boolean {
  return v !== undefined && v !== null && v !== '';
}

/** Where a resource has a public address (a property path), or undefined. */
function publicAddress(type: string, props: unknown): string | undefined {
  switch (type) {
    case 'aws:ec2/instance:Instance':
      return read(props, ['associatePublicIpAddress']) === true
        ? 'associatePublicIpAddress is true'
        : undefined;
    case 'aws:ec2/eip:Eip': {
      const via = ['instance', 'networkInterface'].find((k) => isPresent(read(props, [k])));
      return via === undefined ? undefined : `the Elastic IP is attached through ${via}`;
    }
    case 'azure-native:network:NetworkInterface': {
      const configs = elements(read(props, ['ipConfigurations']));
      const i = configs.findIndex((c) => isPresent(read(c, ['publicIPAddress'])));
      return i < 0 ? undefined : `ipConfigurations[${i}].publicIPAddress is set`;
    }
    case 'gcp:compute/instance:Instance': {
      const nics = elements(read(props, ['networkInterfaces']));
      const i = nics.findIndex((n) => elements(read(n, ['accessConfigs'])).length > 0);
      return i < 0 ? undefined : `networkInterfaces[${i}].accessConfigs is set`;
    }
    default:
      return undefined;
  }
}

export const publicIpOnlyWhenRequested: ResourceValidationPolicy = {
  name: 'public-ip-only-when-requested',
  description: `Checks that a machine gets a public IP address only when its manifest asks for one: an EC2 instance with associatePublicIpAddress (or an Elastic IP attached to an instance or interface), an Azure network interface with a public IP and a GCE instance with an access config must carry the tag (GCP: label) ${LABELS.publicIp}: ${PUBLIC_IP_REQUESTED}, under the key each cloud allows.`,
  enforcementLevel: 'advisory',
  tags: ['SOC2', 'PCI-DSS', 'ISO27001'],
  remediationSteps:
    'Remove the public address, or, when it is intended, ask for it in the Machine (spec.networking.publicIP: true), which makes vitistack mark the machine as requested. Reach private machines through a bastion host or a load balancer.',
  validateResource: (args, report) => {
    const what = publicAddress(args.type, args.props);
    if (what === undefined) return;
    const problem = markProblem(args);
    if (problem === undefined) return;
    report(`${label(args)}: ${what}, so it ${problem}; ${PUBLIC_IP_FIELD}.`);
  },
};

export const COMPUTE_POLICIES: readonly VitistackPolicy[] = [
  allowedInstanceTypes,
  publicIpOnlyWhenRequested,
];
