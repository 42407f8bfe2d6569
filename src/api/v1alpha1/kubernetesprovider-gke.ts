// The `gke:` block of a KubernetesProvider. Spec 000 names it without documenting it; it follows
// the `eks:` block: credentials, clusterConfig, and nodePools shaped like EKS node groups.
import { formats, s } from '../schema';
import { credentials, nodeGroupBase, notBoth, textList } from './kubernetesprovider-common';

/** Control plane log types, in the style of the EKS block (the model maps them to GKE components). */
export const GKE_LOG_TYPES = [
  'api',
  'controllerManager',
  'scheduler',
  'system',
  'workloads',
] as const;

const gkeClusterConfig = s
  .object('The GKE cluster.', {
    name: s.patterned(
      'Name of the GKE cluster. Defaults to the name of the provider.',
      /^[a-z]([-a-z0-9]{0,38}[a-z0-9])?$/,
      'a GKE cluster name like "production-cluster"',
      'is not a valid GKE cluster name (use 1 to 40 lowercase letters, digits and "-", starting with a letter)',
    ),
    project: s.patterned(
      'Google Cloud project of the cluster. Defaults to the one in the credentials.',
      /^[a-z][-a-z0-9]{4,28}[a-z0-9]$/,
      'a project ID like "my-project-123"',
      'is not a valid project ID (use 6 to 30 lowercase letters, digits and "-", starting with a letter)',
    ),
    location: s.text(
      'Region (regional cluster) or zone (zonal cluster) of the control plane. Defaults to spec.region.',
    ),
    zone: s.text('Zone of a zonal cluster (the same as location set to a zone).'),
    releaseChannel: s.enum('Release channel for automatic upgrades.', [
      'RAPID',
      'REGULAR',
      'STABLE',
    ]),
    network: s.text(
      'VPC network of the cluster: a name in the Vitistack networking or a self link.',
    ),
    subnetwork: s.text(
      'Subnetwork of the nodes: a name in the Vitistack networking or a self link.',
    ),
    privateNodes: s.bool('Whether nodes have only internal IP addresses.'),
    masterIpv4CidrBlock: s.cidr('A /28 range for the control plane of a private cluster.'),
    masterAuthorizedNetworks: s.array(
      'Networks allowed to reach the control plane endpoint.',
      s.object('An authorized network.', {
        cidr: s.cidr('CIDR block of the network.').req(),
        name: s.text('Display name of the network.'),
      }),
      { uniqueBy: 'cidr' },
    ),
    workloadIdentity: s.bool(
      'Whether pods can act as Google service accounts (Workload Identity).',
    ),
    logging: s.object('Control plane and workload logs sent to Cloud Logging.', {
      enabled: s.array('Log types to enable.', s.enum('A log type.', GKE_LOG_TYPES), {
        unique: true,
      }),
    }),
    encryption: s.object('Application-layer encryption of Secrets with Cloud KMS.', {
      enabled: s.bool('Whether Secrets are encrypted with a Cloud KMS key.'),
      kmsKeyName: s.patterned(
        'The Cloud KMS key: projects/P/locations/L/keyRings/R/cryptoKeys/K.',
        /^projects\/[^/]+\/locations\/[^/]+\/keyRings\/[^/]+\/cryptoKeys\/[^/]+$/,
        'a Cloud KMS key name like "projects/p/locations/europe-north1/keyRings/r/cryptoKeys/k"',
        'is not a Cloud KMS key name (expected "projects/P/locations/L/keyRings/R/cryptoKeys/K")',
      ),
    }),
    labels: s.stringMap('Google Cloud resource labels put on the cluster.'),
  })
  .refine((v, r) => {
    if (v.location !== undefined && v.zone !== undefined) {
      r.missing(
        ['zone'],
        'cannot be set together with location (location takes a region or a zone; use one of them)',
      );
    }
    if (v.masterIpv4CidrBlock !== undefined) {
      if (v.privateNodes !== true) {
        r.missing(
          ['masterIpv4CidrBlock'],
          'is only used by private clusters (set privateNodes to true, or remove masterIpv4CidrBlock)',
        );
      } else if (formats.parseCidr(v.masterIpv4CidrBlock).cidr?.prefix !== 28) {
        r.add(
          ['masterIpv4CidrBlock'],
          'is not a /28 block (GKE needs exactly a /28 for the control plane, like "172.16.0.0/28")',
          v.masterIpv4CidrBlock,
        );
      }
    }
  });

const gkeNodePool = s
  .object('A GKE node pool.', {
    ...nodeGroupBase(),
    machineTypes: s.array(
      'Machine types of the nodes, e.g. e2-standard-4.',
      s.text('A machine type.'),
      {
        minItems: 1,
        unique: true,
      },
    ),
    machineType: s.text(
      'Machine type of the nodes, e.g. e2-standard-4 (use machineTypes for several).',
    ),
    imageType: s.enum('Node image.', [
      'COS_CONTAINERD',
      'UBUNTU_CONTAINERD',
      'WINDOWS_LTSC_CONTAINERD',
    ]),
    zones: textList('Zones of the nodes (node locations), e.g. europe-north1-a.', 'A zone.'),
  })
  .refine(notBoth('machineType', 'machineTypes', 'machine type'));

export const gkeBlock = s.object(
  'Google GKE: credentials, the cluster and node pools (used with type gke).',
  {
    credentials: credentials('Google Cloud'),
    clusterConfig: gkeClusterConfig,
    nodePools: s.array('Node pools of the cluster.', gkeNodePool, { uniqueBy: 'name' }),
  },
);
