// Encryption at rest: disks, buckets, backups and the Secrets of Kubernetes clusters.
//
// Azure managed disks, Azure Storage, Recovery Services vaults, GCP disks, GCP buckets, Backup
// for GKE and AWS Backup vaults are always encrypted, with a key of the cloud's when none is
// given. There the policies only ask for a customer-managed key, and only when the config
// `requireCustomerManagedKeys` says so. EBS disks can be left unencrypted, or left to an account
// setting a policy cannot see, so they must say `encrypted: true`. S3 has encrypted new objects
// by default since 2023; the policy still asks for an explicit configuration, so the algorithm
// and key are the program's choice and show in review. Secrets of clusters must always be
// envelope-encrypted with a key of the stack's.
import { encryptedBackups } from './encrypted-backups';
import { encryptedBuckets } from './encrypted-buckets';
import { encryptedClusterSecrets } from './encrypted-cluster-secrets';
import { encryptedVolumes } from './encrypted-volumes';
import type { VitistackPolicy } from './types';

export { encryptedBackups, encryptedBuckets, encryptedClusterSecrets, encryptedVolumes };

export const ENCRYPTION_POLICIES: readonly VitistackPolicy[] = [
  encryptedVolumes,
  encryptedBuckets,
  encryptedBackups,
  encryptedClusterSecrets,
];
