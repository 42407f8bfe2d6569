// encrypted-cluster-secrets: EKS, AKS and GKE envelope-encrypt Kubernetes Secrets with a key of
// the stack.
import { AT_REST_FRAMEWORKS, type Resource } from './at-rest';
import { isSet, isTrue, knownArray, knownProp, UNKNOWN, violation } from './checks';
import { isOneOf, type ResourceValidationPolicy } from './types';

const CLUSTER_TYPES = [
  'aws:eks/cluster:Cluster',
  'azure-native:containerservice:ManagedCluster',
  'gcp:container/cluster:Cluster',
];

function eksSecrets(r: Resource): string[] {
  const fix =
    'set spec.eks.clusterConfig.encryption.enabled: true in the KubernetesProvider (the key: its kmsKeyId, else the stack key of spec.security.encryption.atRest in the Vitistack).';
  const raw = knownProp(r.props, ['encryptionConfig']);
  if (raw === UNKNOWN) return [];
  // v7 has one encryptionConfig block; older versions took a list of them.
  const list = Array.isArray(raw);
  const blocks = raw === undefined ? [] : list ? knownArray(raw) : [raw];
  if (blocks === UNKNOWN || blocks === undefined) return [];
  const first = blocks[0];
  if (first === undefined) {
    return [violation(r, 'encryptionConfig', 'encrypt "secrets" with a KMS key', undefined, fix)];
  }
  const path = (i: number): string => (list ? `encryptionConfig[${i}]` : 'encryptionConfig');
  for (const [i, b] of blocks.entries()) {
    if (b === UNKNOWN) return [];
    const resources = knownArray(knownProp(b, ['resources']));
    if (resources === UNKNOWN || (resources ?? []).includes(UNKNOWN)) return [];
    if (!(resources ?? []).includes('secrets')) continue;
    const key = knownProp(b, ['provider', 'keyArn']);
    if (key === UNKNOWN || isSet(key)) return [];
    return [violation(r, `${path(i)}.provider.keyArn`, 'name a KMS key', key, fix)];
  }
  return [
    violation(
      r,
      `${path(0)}.resources`,
      'include "secrets"',
      knownArray(knownProp(first, ['resources'])),
      fix,
    ),
  ];
}

function clusterSecretsFindings(r: Resource): string[] {
  switch (r.type) {
    case 'aws:eks/cluster:Cluster':
      return eksSecrets(r);
    case 'azure-native:containerservice:ManagedCluster': {
      const enabled = knownProp(r.props, ['securityProfile', 'azureKeyVaultKms', 'enabled']);
      const key = knownProp(r.props, ['securityProfile', 'azureKeyVaultKms', 'keyId']);
      if (enabled === UNKNOWN || key === UNKNOWN) return [];
      const fix =
        'enable Key Vault KMS: set spec.aks.clusterConfig.encryption.enabled: true with keyVaultKeyId in the KubernetesProvider.';
      if (!isTrue(enabled)) {
        return [violation(r, 'securityProfile.azureKeyVaultKms.enabled', 'be true', enabled, fix)];
      }
      if (!isSet(key)) {
        return [
          violation(r, 'securityProfile.azureKeyVaultKms.keyId', 'name a Key Vault key', key, fix),
        ];
      }
      return [];
    }
    case 'gcp:container/cluster:Cluster': {
      const state = knownProp(r.props, ['databaseEncryption', 'state']);
      const key = knownProp(r.props, ['databaseEncryption', 'keyName']);
      if (state === UNKNOWN || key === UNKNOWN) return [];
      const fix =
        'enable application-layer Secrets encryption: set spec.gke.clusterConfig.encryption.enabled: true with kmsKeyName in the KubernetesProvider.';
      if (state !== 'ENCRYPTED') {
        return [violation(r, 'databaseEncryption.state', 'be "ENCRYPTED"', state, fix)];
      }
      if (!isSet(key)) {
        return [violation(r, 'databaseEncryption.keyName', 'name a Cloud KMS key', key, fix)];
      }
      return [];
    }
    default:
      return [];
  }
}

export const encryptedClusterSecrets: ResourceValidationPolicy = {
  name: 'encrypted-cluster-secrets',
  description:
    'Checks that Kubernetes clusters envelope-encrypt their Secrets with a key of the stack: EKS encryptionConfig for "secrets" with a KMS key, AKS Key Vault KMS, GKE application-layer Secrets encryption.',
  enforcementLevel: 'advisory',
  severity: 'high',
  tags: AT_REST_FRAMEWORKS,
  remediationSteps:
    'In the KubernetesProvider set spec.<eks|aks|gke>.clusterConfig.encryption.enabled: true with the key (kmsKeyId, keyVaultKeyId or kmsKeyName); on EKS the Vitistack key of spec.security.encryption.atRest is used when none is named.',
  validateResource: (args, report) => {
    if (!isOneOf(args, CLUSTER_TYPES)) return;
    for (const m of clusterSecretsFindings(args)) report(m);
  },
};
