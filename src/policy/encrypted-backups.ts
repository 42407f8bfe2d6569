// encrypted-backups: AWS Backup vaults, EBS snapshot copies, Recovery Services vaults and Backup
// for GKE plans encrypted, with a customer-managed key when the config asks for one.
import { AT_REST_FRAMEWORKS, CMK_EBS_FIX, CMK_SCHEMA, requireCmk, type Resource } from './at-rest';
import { isSet, isTrue, knownProp, UNKNOWN, violation } from './checks';
import { isOneOf, type ResourceValidationPolicy } from './types';

const BACKUP_TYPES = [
  'aws:backup/vault:Vault',
  'aws:ebs/snapshotCopy:SnapshotCopy',
  'azure-native:recoveryservices:Vault',
  'gcp:gkebackup/backupPlan:BackupPlan',
];

/** A customer-managed key at `path` when CMKs are required; undefined when fine. */
function keyFinding(
  r: Resource,
  path: readonly string[],
  what: string,
  fix: string,
): string | undefined {
  const key = knownProp(r.props, path);
  if (key === UNKNOWN || isSet(key)) return undefined;
  return violation(r, path.join('.'), `name ${what}`, key, fix);
}

function backupFindings(r: Resource, cmk: boolean): string[] {
  const out: string[] = [];
  const push = (m: string | undefined): void => {
    if (m !== undefined) out.push(m);
  };
  switch (r.type) {
    case 'aws:ebs/snapshotCopy:SnapshotCopy': {
      // A copy of an unencrypted snapshot stays unencrypted unless the copy asks.
      const encrypted = knownProp(r.props, ['encrypted']);
      if (encrypted === UNKNOWN) break;
      if (!isTrue(encrypted)) {
        push(
          violation(
            r,
            'encrypted',
            'be true',
            encrypted,
            'set encrypted: true on the snapshot copy.',
          ),
        );
      } else if (cmk) {
        push(keyFinding(r, ['kmsKeyId'], 'a customer-managed KMS key', CMK_EBS_FIX));
      }
      break;
    }
    case 'aws:backup/vault:Vault':
      if (cmk) {
        push(
          keyFinding(
            r,
            ['kmsKeyArn'],
            'a customer-managed KMS key',
            'without one AWS Backup uses its AWS-managed key; set spec.security.encryption.atRest: true in the Vitistack (the vault then uses the stack key).',
          ),
        );
      }
      break;
    case 'azure-native:recoveryservices:Vault':
      if (cmk) {
        push(
          keyFinding(
            r,
            ['properties', 'encryption', 'keyVaultProperties', 'keyUri'],
            'a customer-managed Key Vault key',
            'set properties.encryption.keyVaultProperties.keyUri (with kekIdentity) on the vault.',
          ),
        );
      }
      break;
    case 'gcp:gkebackup/backupPlan:BackupPlan':
      if (cmk) {
        push(
          keyFinding(
            r,
            ['backupConfig', 'encryptionKey', 'gcpKmsEncryptionKey'],
            'a Cloud KMS key',
            'set backupConfig.encryptionKey.gcpKmsEncryptionKey on the backup plan.',
          ),
        );
      }
      break;
  }
  return out;
}

export const encryptedBackups: ResourceValidationPolicy = {
  name: 'encrypted-backups',
  description:
    'Checks that backups are encrypted at rest: EBS snapshot copies explicitly; AWS Backup vaults, Recovery Services vaults and Backup for GKE plans (always encrypted) with a customer-managed key when requireCustomerManagedKeys is set.',
  enforcementLevel: 'advisory',
  severity: 'high',
  tags: AT_REST_FRAMEWORKS,
  configSchema: CMK_SCHEMA,
  remediationSteps:
    'Set spec.security.encryption.atRest: true in the Vitistack so the backup vault uses the stack KMS key; outside Vitistack give the vault a KMS key (kmsKeyArn), a Key Vault key (Azure) or a Cloud KMS key (Backup for GKE), and encrypted: true on EBS snapshot copies.',
  validateResource: (args, report) => {
    if (!isOneOf(args, BACKUP_TYPES)) return;
    for (const m of backupFindings(args, requireCmk(args))) report(m);
  },
};
