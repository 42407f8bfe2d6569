// MachineProvider: how machines are provisioned on one infrastructure provider (specs 000, 001,
// 003, 004). The documents give three shapes (000 provider block, 004 config, 001 endpoint); the
// schema holds their union, the rules say which combinations are allowed, and normalise() turns
// any of them into the canonical MachineProvider (see machineprovider-canonical.ts).
import { defineKind } from '../kind';
import { AGE_COLUMN } from './common';
import type { MachineProvider } from './machineprovider-canonical';
import { normaliseMachineProviderSpec } from './machineprovider-normalise';
import { checkCombinations, checkProviderSpecifics } from './machineprovider-rules';
import { rawMachineProviderSpec } from './machineprovider-spec';
import { machineProviderStatus } from './machineprovider-status';

export const machineProviderSpec = rawMachineProviderSpec
  .refine(checkCombinations)
  .refine(checkProviderSpecifics);

export const machineProviderKind = defineKind({
  kind: 'MachineProvider',
  plural: 'machineproviders',
  singular: 'machineprovider',
  shortNames: ['mp'],
  description:
    'MachineProvider configures one infrastructure provider (AWS, Azure, GCP, vSphere, OpenStack, bare metal, libvirt, Proxmox or KubeVirt) for provisioning machines: its region, API endpoint, credentials, instance types and images, networking, storage, compute defaults, scaling, health checks and failover.',
  spec: machineProviderSpec,
  status: machineProviderStatus,
  printerColumns: [
    { name: 'Type', type: 'string', jsonPath: '.spec.type', description: 'Provider type.' },
    {
      name: 'Region',
      type: 'string',
      jsonPath: '.spec.region',
      description: 'Primary region or datacenter.',
    },
    {
      name: 'Ready',
      type: 'string',
      jsonPath: '.status.conditions[?(@.type=="Ready")].status',
      description: 'Whether the provider is ready.',
    },
    {
      name: 'Phase',
      type: 'string',
      jsonPath: '.status.phase',
      description: 'Lifecycle phase.',
      priority: 1,
    },
    {
      name: 'Machines',
      type: 'integer',
      jsonPath: '.status.machines',
      description: 'Active machines.',
      priority: 1,
    },
    AGE_COLUMN,
  ],
  normalise: (raw): MachineProvider => ({
    kind: 'MachineProvider',
    metadata: raw.metadata,
    spec: normaliseMachineProviderSpec(raw.spec),
    status: raw.status,
  }),
});

export type {
  CloudIdentity,
  CredentialMethod,
  InstanceTypeOffer,
  MachineImageOffer,
  MachineProvider,
  MachineProviderShape,
  MachineProviderSpec,
  MachineProviderType,
  ProviderAutoScaling,
  ProviderCompute,
  ProviderCredentials,
  ProviderEndpoint,
  ProviderNetwork,
  ProviderStorage,
  SecretReference,
  SecurityGroup,
  SecurityRule,
  StorageTypeOffer,
} from './machineprovider-canonical';
export type { MachineProviderStatus } from './machineprovider-status';
export type { RawMachineProviderSpec } from './machineprovider-spec';
export { MACHINE_PROVIDER_TYPES } from './machineprovider-spec';
