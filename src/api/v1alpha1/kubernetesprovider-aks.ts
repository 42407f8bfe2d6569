// The `aks:` block of a KubernetesProvider. Spec 000 names it without documenting it; it follows
// the `eks:` block: credentials, clusterConfig, and nodePools shaped like EKS node groups.
import { formats, s } from '../schema';
import { credentials, nodeGroupBase, notBoth, textList } from './kubernetesprovider-common';

/** Control plane log types, in the style of the EKS block (the model maps them to AKS categories). */
export const AKS_LOG_TYPES = [
  'api',
  'audit',
  'auditAdmin',
  'authenticator',
  'controllerManager',
  'scheduler',
  'clusterAutoscaler',
] as const;

const uuid = (description: string) =>
  s.patterned(
    description,
    formats.GUID,
    'a UUID like "12345678-1234-1234-1234-123456789012"',
    'is not a UUID (expected a form like "12345678-1234-1234-1234-123456789012")',
  );

const aksClusterConfig = s
  .object('The AKS managed cluster.', {
    name: s.patterned(
      'Name of the AKS cluster. Defaults to the name of the provider.',
      /^[A-Za-z0-9]([A-Za-z0-9_-]{0,61}[A-Za-z0-9])?$/,
      'an AKS cluster name like "production-cluster"',
      'is not a valid AKS cluster name (use 1 to 63 letters, digits, "-" and "_", starting and ending with a letter or digit)',
    ),
    resourceGroup: s
      .patterned(
        'Azure resource group that holds the cluster.',
        /^[-\w.()]{0,89}[-\w()]$/,
        'an Azure resource group name like "rg-production"',
        'is not a valid resource group name (use 1 to 90 letters, digits, "-", "_", ".", "(" and ")", not ending with ".")',
      )
      .req(),
    subscriptionId: uuid(
      'Azure subscription of the cluster. Defaults to the one in the credentials.',
    ),
    dnsPrefix: s.patterned(
      'DNS prefix of the API server name. Defaults to the cluster name.',
      /^[A-Za-z0-9]([A-Za-z0-9-]{0,52}[A-Za-z0-9])?$/,
      'a DNS prefix like "prod-aks"',
      'is not a valid DNS prefix (use 1 to 54 letters, digits and "-", starting and ending with a letter or digit)',
    ),
    networkPlugin: s.enum('Pod networking: Azure CNI or kubenet.', ['azure', 'kubenet']),
    networkPolicy: s.enum('Network policy engine.', ['azure', 'calico', 'cilium']),
    privateCluster: s.bool('Whether the API server has only a private endpoint in the VNet.'),
    authorizedIPRanges: s.array(
      'CIDR blocks allowed to reach the public API server.',
      s.cidr('A CIDR block allowed to reach the API server.'),
      { unique: true },
    ),
    aadRbac: s.object('Microsoft Entra ID (AAD) integration with Kubernetes RBAC.', {
      enabled: s.bool('Whether Kubernetes RBAC uses Entra ID identities.'),
      adminGroupObjectIds: s.array(
        'Entra ID groups that get cluster-admin.',
        uuid('Object ID of an Entra ID group.'),
        { unique: true },
      ),
    }),
    logging: s.object('Control plane logs sent to Azure Monitor.', {
      enabled: s.array(
        'Control plane log types to enable.',
        s.enum('A control plane log type.', AKS_LOG_TYPES),
        { unique: true },
      ),
    }),
    encryption: s.object('Encryption of Secrets (KMS) and node disks.', {
      enabled: s.bool('Whether Secrets are encrypted with a Key Vault key.'),
      keyVaultKeyId: s.text(
        'Key Vault key for Secrets encryption, e.g. https://vault.vault.azure.net/keys/k8s/0123.',
      ),
      diskEncryptionSetId: s.text('Resource ID of the disk encryption set for node disks.'),
    }),
    tags: s.stringMap('Azure tags put on the cluster.'),
  })
  .refine((v, r) => {
    if (v.privateCluster === true && (v.authorizedIPRanges?.length ?? 0) > 0) {
      r.missing(
        ['authorizedIPRanges'],
        'cannot be used with privateCluster: true (a private API server has no public endpoint to restrict; remove one of them)',
      );
    }
  });

const aksNodePool = s
  .object('An AKS node pool (agent pool).', {
    ...nodeGroupBase(),
    name: s
      .patterned(
        'Name of the node pool, unique within the provider.',
        /^[a-z][a-z0-9]{0,11}$/,
        'an AKS node pool name like "system"',
        'is not a valid AKS node pool name (use 1 to 12 lowercase letters and digits, starting with a letter, like "system")',
      )
      .req(),
    vmSizes: s.array('VM sizes of the nodes, e.g. Standard_D4s_v5.', s.text('A VM size.'), {
      minItems: 1,
      unique: true,
    }),
    vmSize: s.text('VM size of the nodes, e.g. Standard_D4s_v5 (use vmSizes for several).'),
    mode: s.enum('System pools run system pods; User pools run workloads.', ['System', 'User']),
    osType: s.enum('Operating system of the nodes.', ['Linux', 'Windows']),
    subnets: textList(
      'VNet subnets for the nodes: subnet resource IDs or names in the Vitistack networking.',
      'A subnet ID or name.',
    ),
    zones: textList('Availability zones of the nodes, e.g. "1", "2", "3".', 'A zone.'),
  })
  .refine(notBoth('vmSize', 'vmSizes', 'VM size'));

export const aksBlock = s
  .object('Azure AKS: credentials, the managed cluster and node pools (used with type aks).', {
    credentials: credentials('Azure'),
    clusterConfig: aksClusterConfig,
    nodePools: s.array('Node pools of the cluster.', aksNodePool, { uniqueBy: 'name' }),
  })
  .refine((v, r) => {
    const pools = v.nodePools ?? [];
    if (pools.length > 0 && pools.every((p) => p.mode === 'User')) {
      r.missing(
        ['nodePools'],
        'has no System pool (AKS needs at least one pool with mode System for its system pods)',
      );
    }
  });
