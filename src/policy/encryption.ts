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
import {
  configValue,
  Described,
  isBoolean,
  isFalse,
  isSet,
  isTrue,
  knownArray,
  knownProp,
  label,
  UNKNOWN,
  violation,
} from './checks';
import type {
  ReportViolation,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
  VitistackPolicy,
} from './types';
import { isOneOf } from './types';

/** Frameworks that ask for encryption at rest. */
const AT_REST_FRAMEWORKS = ['SOC2', 'GDPR', 'HIPAA', 'PCI-DSS', 'ISO27001'];

const CMK_SCHEMA = {
  properties: {
    requireCustomerManagedKeys: {
      type: 'boolean' as const,
      default: false,
      description:
        'Also require a customer-managed key (AWS KMS key, Azure Key Vault key or disk encryption set, Cloud KMS key) where the cloud would otherwise use a key of its own.',
    },
  },
};

function requireCmk(args: StackValidationArgs | ResourceValidationArgs): boolean {
  return configValue(args, 'requireCustomerManagedKeys', false, isBoolean);
}

type Resource = Pick<ResourceValidationArgs, 'type' | 'name' | 'props'>;

// ---- encrypted-volumes -----------------------------------------------------------------------

const VOLUME_TYPES = [
  'aws:ebs/volume:Volume',
  'aws:ec2/instance:Instance',
  'aws:ec2/launchTemplate:LaunchTemplate',
  'aws:eks/nodeGroup:NodeGroup',
  'azure-native:compute:Disk',
  'azure-native:compute:VirtualMachine',
  'gcp:compute/disk:Disk',
  'gcp:compute/regionDisk:RegionDisk',
  'gcp:compute/instance:Instance',
];

const CMK_EBS_FIX =
  'use a customer-managed KMS key: set spec.security.encryption.atRest: true in the Vitistack (a key for the stack), or spec.storage.kmsKeyId in the MachineProvider.';

/** One EBS disk: `encrypted` must be true, and with CMKs required `kmsKeyId` set. */
function ebsDisk(
  r: Resource,
  disk: unknown,
  path: string,
  fix: string,
  cmk: boolean,
  out: string[],
): void {
  if (disk === UNKNOWN) return;
  const encrypted = knownProp(disk, ['encrypted']);
  if (encrypted === UNKNOWN) return;
  if (!isTrue(encrypted)) {
    out.push(violation(r, `${path}encrypted`, 'be true', encrypted, fix));
    return;
  }
  if (!cmk) return;
  const key = knownProp(disk, ['kmsKeyId']);
  if (key !== UNKNOWN && !isSet(key)) {
    out.push(violation(r, `${path}kmsKeyId`, 'name a customer-managed KMS key', key, CMK_EBS_FIX));
  }
}

function awsVolumeFindings(r: Resource, cmk: boolean): string[] {
  const out: string[] = [];
  switch (r.type) {
    case 'aws:ebs/volume:Volume':
      ebsDisk(
        r,
        r.props,
        '',
        'set encrypted: true on the volume, or spec.storage.additionalVolumes[].encryption: true in the Machine (its default is spec.storage.encryption of the MachineProvider).',
        cmk,
        out,
      );
      break;
    case 'aws:ec2/instance:Instance': {
      // Without a rootBlockDevice block the root disk is encrypted only if the AMI's snapshot or
      // the account's EBS default is: neither is visible here, so the block must say it.
      const root = knownProp(r.props, ['rootBlockDevice']);
      ebsDisk(
        r,
        root ?? {},
        'rootBlockDevice.',
        'set rootBlockDevice.encrypted: true on the instance, or spec.storage.rootVolume.encryption: true in the Machine (its default is spec.storage.encryption of the MachineProvider).',
        cmk,
        out,
      );
      const extra = knownArray(knownProp(r.props, ['ebsBlockDevices']));
      if (extra !== UNKNOWN) {
        (extra ?? []).forEach((d, i) => {
          ebsDisk(
            r,
            d,
            `ebsBlockDevices[${i}].`,
            'set encrypted: true on the block device (or attach an encrypted aws.ebs.Volume instead).',
            cmk,
            out,
          );
        });
      }
      break;
    }
    case 'aws:ec2/launchTemplate:LaunchTemplate': {
      const mappings = knownArray(knownProp(r.props, ['blockDeviceMappings']));
      if (mappings === UNKNOWN) break;
      const ebs = (mappings ?? [])
        .map((m, i) => ({ m, i, ebs: knownProp(m, ['ebs']) }))
        .filter((x) => x.m !== UNKNOWN && x.ebs !== undefined);
      if (ebs.length === 0) {
        out.push(
          violation(
            r,
            'blockDeviceMappings',
            'give the root volume an EBS mapping with ebs.encrypted: "true"',
            mappings === undefined ? undefined : new Described('without an ebs mapping'),
            'add a blockDeviceMappings entry for the AMI\'s root device with ebs: { encrypted: "true" }; without one the disks are encrypted only if the AMI snapshot or the account default is.',
          ),
        );
      }
      for (const { ebs: disk, i } of ebs) {
        ebsDisk(
          r,
          disk,
          `blockDeviceMappings[${i}].ebs.`,
          'set ebs.encrypted: "true" on the mapping.',
          cmk,
          out,
        );
      }
      break;
    }
    case 'aws:eks/nodeGroup:NodeGroup': {
      const template = knownProp(r.props, ['launchTemplate']);
      if (template === undefined) {
        out.push(
          violation(
            r,
            'launchTemplate',
            'be set to a launch template with encrypted block devices',
            template,
            'without one EKS gives the nodes disks that are encrypted only if EBS encryption by default is on in the account; create an aws.ec2.LaunchTemplate with blockDeviceMappings[].ebs.encrypted: "true" and pass it as launchTemplate (the EksNodeGroup component does, unless the group has remoteAccess).',
          ),
        );
      }
      break;
    }
  }
  return out;
}

function azureVolumeFindings(r: Resource): string[] {
  const out: string[] = [];
  const fix =
    'point the disk at a disk encryption set with a customer-managed Key Vault key (managedDisk.diskEncryptionSet.id, or encryption.diskEncryptionSetId of the disk).';
  if (r.type === 'azure-native:compute:Disk') {
    const set = knownProp(r.props, ['encryption', 'diskEncryptionSetId']);
    const ade = knownProp(r.props, ['encryptionSettingsCollection', 'enabled']);
    if (set === UNKNOWN || ade === UNKNOWN || isSet(set) || isTrue(ade)) return out;
    out.push(
      violation(
        r,
        'encryption.diskEncryptionSetId',
        'name a disk encryption set with a customer-managed key',
        set,
        fix,
      ),
    );
    return out;
  }
  // A VM's disks created with it (not attached: an attached azure-native:compute:Disk is checked
  // on its own).
  const disk = (d: unknown, path: string): void => {
    if (d === UNKNOWN || d === undefined) return;
    const create = knownProp(d, ['createOption']);
    if (create === UNKNOWN || create === 'Attach') return;
    const set = knownProp(d, ['managedDisk', 'diskEncryptionSet', 'id']);
    if (set === UNKNOWN || isSet(set)) return;
    out.push(
      violation(
        r,
        `${path}.managedDisk.diskEncryptionSet.id`,
        'name a disk encryption set with a customer-managed key',
        set,
        fix,
      ),
    );
  };
  disk(knownProp(r.props, ['storageProfile', 'osDisk']), 'storageProfile.osDisk');
  const data = knownArray(knownProp(r.props, ['storageProfile', 'dataDisks']));
  if (data !== UNKNOWN) {
    (data ?? []).forEach((d, i) => {
      disk(d, `storageProfile.dataDisks[${i}]`);
    });
  }
  return out;
}

/** A GCP disk key: Cloud KMS (CMEK) or a customer-supplied key (CSEK). */
function gcpKeyed(props: unknown, base: readonly string[], fields: readonly string[]): boolean {
  return fields.some((f) => {
    const v = knownProp(props, [...base, f]);
    return v === UNKNOWN || isSet(v);
  });
}

function gcpVolumeFindings(r: Resource): string[] {
  const fix = 'give the disk a Cloud KMS key (CMEK).';
  if (r.type === 'gcp:compute/instance:Instance') {
    // A boot disk made from an existing disk (`source`) is checked as that gcp:compute/disk.
    const source = knownProp(r.props, ['bootDisk', 'source']);
    if (source === UNKNOWN || isSet(source)) return [];
    if (
      gcpKeyed(
        r.props,
        ['bootDisk'],
        ['kmsKeySelfLink', 'diskEncryptionKeyRaw', 'diskEncryptionKeyRsa'],
      )
    ) {
      return [];
    }
    return [
      violation(
        r,
        'bootDisk.kmsKeySelfLink',
        'name a Cloud KMS key',
        knownProp(r.props, ['bootDisk', 'kmsKeySelfLink']),
        fix,
      ),
    ];
  }
  if (
    gcpKeyed(
      r.props,
      ['diskEncryptionKey'],
      ['kmsKeySelfLink', 'kmsKeyName', 'rawKey', 'rsaEncryptedKey'],
    )
  ) {
    return [];
  }
  const path =
    r.type === 'gcp:compute/regionDisk:RegionDisk'
      ? 'diskEncryptionKey.kmsKeyName'
      : 'diskEncryptionKey.kmsKeySelfLink';
  return [violation(r, path, 'name a Cloud KMS key', knownProp(r.props, path.split('.')), fix)];
}

/** The findings of one disk-bearing resource. */
function volumeFindings(r: Resource, cmk: boolean): string[] {
  if (r.type.startsWith('aws:')) return awsVolumeFindings(r, cmk);
  if (!cmk) return [];
  if (r.type.startsWith('azure-native:')) return azureVolumeFindings(r);
  return gcpVolumeFindings(r);
}

export const encryptedVolumes: ResourceValidationPolicy = {
  name: 'encrypted-volumes',
  description:
    'Checks that disks are encrypted at rest: EBS volumes, EC2 root and block devices, launch templates and EKS node groups explicitly; Azure and GCP disks (always encrypted) with a customer-managed key when requireCustomerManagedKeys is set.',
  enforcementLevel: 'advisory',
  severity: 'high',
  tags: AT_REST_FRAMEWORKS,
  configSchema: CMK_SCHEMA,
  remediationSteps:
    'Set spec.storage.rootVolume.encryption and spec.storage.additionalVolumes[].encryption to true in the Machine (or spec.storage.encryption in its MachineProvider); for a customer-managed key set spec.security.encryption.atRest: true in the Vitistack or a kmsKeyId. Outside Vitistack: encrypted: true on EBS volumes and block devices, a launch template with encrypted block devices for EKS node groups, a disk encryption set (Azure) or Cloud KMS key (GCP).',
  validateResource: (args, report) => {
    if (!isOneOf(args, VOLUME_TYPES)) return;
    for (const m of volumeFindings(args, requireCmk(args))) report(m);
  },
};

// ---- encrypted-buckets -----------------------------------------------------------------------

const BUCKET_TYPES = ['aws:s3/bucket:Bucket', 'aws:s3/bucketV2:BucketV2'];
const SSE_TYPES = [
  'aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration',
  'aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2',
];
const KMS_ALGORITHMS = ['aws:kms', 'aws:kms:dsse'];

type PolicyResource = StackValidationArgs['resources'][number];

/** A default-encryption block: where it is and what it says. */
interface SseDefault {
  readonly path: string;
  readonly algorithm: unknown;
  readonly key: unknown;
}

function sseDefault(block: unknown, path: string): SseDefault | undefined {
  if (block === UNKNOWN) return { path, algorithm: UNKNOWN, key: UNKNOWN };
  if (block === undefined) return undefined;
  return {
    path,
    algorithm: knownProp(block, ['sseAlgorithm']),
    key: knownProp(block, ['kmsMasterKeyId']),
  };
}

/** The default-encryption blocks of a standalone configuration resource (`rules[]`). */
function configDefaults(config: PolicyResource): SseDefault[] | typeof UNKNOWN {
  const rules = knownArray(knownProp(config.props, ['rules']));
  if (rules === UNKNOWN) return UNKNOWN;
  const out: SseDefault[] = [];
  (rules ?? []).forEach((rule, i) => {
    const path = `rules[${i}].applyServerSideEncryptionByDefault`;
    const d =
      rule === UNKNOWN
        ? sseDefault(UNKNOWN, path)
        : sseDefault(knownProp(rule, ['applyServerSideEncryptionByDefault']), path);
    if (d !== undefined) out.push(d);
  });
  return out;
}

/**
 * The default-encryption blocks a bucket sets itself (v7 `serverSideEncryptionConfiguration`,
 * v6 BucketV2 `serverSideEncryptionConfigurations`). A whole block that is unknown counts as not
 * set: in the planned state of a new bucket the provider leaves the computed value unknown, and a
 * program that sets it gives a known block.
 */
function inlineDefaults(bucket: PolicyResource): SseDefault[] {
  const out: SseDefault[] = [];
  const v7 = knownProp(bucket.props, [
    'serverSideEncryptionConfiguration',
    'rule',
    'applyServerSideEncryptionByDefault',
  ]);
  if (v7 !== UNKNOWN) {
    const d = sseDefault(
      v7,
      'serverSideEncryptionConfiguration.rule.applyServerSideEncryptionByDefault',
    );
    if (d !== undefined) out.push(d);
  }
  const v6 = knownArray(knownProp(bucket.props, ['serverSideEncryptionConfigurations']));
  if (v6 !== UNKNOWN) {
    (v6 ?? []).forEach((c, i) => {
      const rules = knownArray(knownProp(c, ['rules']));
      if (rules === UNKNOWN) return;
      (rules ?? []).forEach((rule, j) => {
        const blocks = knownArray(knownProp(rule, ['applyServerSideEncryptionByDefaults']));
        if (blocks === UNKNOWN) return;
        (blocks ?? []).forEach((b, k) => {
          const d = sseDefault(
            b,
            `serverSideEncryptionConfigurations[${i}].rules[${j}].applyServerSideEncryptionByDefaults[${k}]`,
          );
          if (d !== undefined && d.algorithm !== UNKNOWN) out.push(d);
        });
      });
    });
  }
  return out;
}

/** Whether a configuration resource is for `bucket`: true, false or UNKNOWN (cannot tell). */
function configFor(config: PolicyResource, bucket: PolicyResource): boolean | typeof UNKNOWN {
  const byProperty = config.propertyDependencies.bucket ?? [];
  if (byProperty.some((d) => d.urn === bucket.urn)) return true;
  const ref = knownProp(config.props, ['bucket']);
  if (typeof ref === 'string') {
    const names = [knownProp(bucket.props, ['bucket']), knownProp(bucket.props, ['id'])].filter(
      (n): n is string => typeof n === 'string',
    );
    if (names.includes(ref)) return true;
    if (names.length > 0) return false;
  }
  if (byProperty.length > 0) return false;
  // Without property dependencies: a configuration depends on the one bucket it names.
  const buckets = config.dependencies.filter((d) => isOneOf(d, BUCKET_TYPES));
  if (buckets.length === 1) return buckets[0]?.urn === bucket.urn;
  return ref === undefined ? false : UNKNOWN;
}

const BUCKET_FIX =
  'add an aws.s3.BucketServerSideEncryptionConfiguration for the bucket with rules[].applyServerSideEncryptionByDefault.sseAlgorithm "aws:kms" (with kmsMasterKeyId) or "AES256".';
const BUCKET_CMK_FIX =
  'use a customer-managed KMS key (for the audit log bucket: set spec.security.encryption.atRest: true in the Vitistack).';

/** With CMKs required, one default-encryption block must use SSE-KMS with a key. */
function cmkFinding(r: PolicyResource, d: SseDefault): string | undefined {
  if (d.algorithm === UNKNOWN) return undefined;
  if (typeof d.algorithm === 'string' && KMS_ALGORITHMS.includes(d.algorithm)) {
    if (d.key === UNKNOWN || isSet(d.key)) return undefined;
    return violation(
      r,
      `${d.path}.kmsMasterKeyId`,
      'name a customer-managed KMS key',
      d.key,
      BUCKET_CMK_FIX,
    );
  }
  return violation(
    r,
    `${d.path}.sseAlgorithm`,
    'be "aws:kms" with a customer-managed kmsMasterKeyId',
    d.algorithm,
    BUCKET_CMK_FIX,
  );
}

function s3Findings(args: StackValidationArgs, report: ReportViolation, cmk: boolean): void {
  const configs = args.resources.filter((r) => isOneOf(r, SSE_TYPES));
  const defaultsOf = new Map(configs.map((c) => [c.urn, configDefaults(c)] as const));
  for (const c of configs) {
    const defaults = defaultsOf.get(c.urn);
    if (!cmk || defaults === UNKNOWN || defaults === undefined) continue;
    for (const d of defaults) {
      const m = cmkFinding(c, d);
      if (m !== undefined) report(m, c.urn);
    }
  }
  for (const bucket of args.resources.filter((r) => isOneOf(r, BUCKET_TYPES))) {
    const inline = inlineDefaults(bucket).filter((d) => d.algorithm !== undefined);
    if (inline.length > 0) {
      if (cmk) {
        for (const d of inline) {
          const m = cmkFinding(bucket, d);
          if (m !== undefined) report(m, bucket.urn);
        }
      }
      continue;
    }
    let undecided = false;
    const empty: PolicyResource[] = [];
    let covered = false;
    for (const c of configs) {
      const match = configFor(c, bucket);
      if (match === UNKNOWN) undecided = true;
      if (match !== true) continue;
      const defaults = defaultsOf.get(c.urn);
      if (defaults === UNKNOWN || (defaults ?? []).some((d) => d.algorithm !== undefined)) {
        covered = true;
      } else {
        empty.push(c);
      }
    }
    if (covered || undecided) continue;
    const why =
      empty.length > 0
        ? `serverSideEncryptionConfiguration is not set, and ${empty.map(label).join(', ')} sets no rules[].applyServerSideEncryptionByDefault.sseAlgorithm`
        : `serverSideEncryptionConfiguration is not set and no ${SSE_TYPES[0] ?? ''} names the bucket`;
    report(
      `${label(bucket)}: must have an explicit server-side encryption configuration (${why}); ${BUCKET_FIX}`,
      bucket.urn,
    );
  }
}

function azureStorageFindings(r: PolicyResource, cmk: boolean): string[] {
  const out: string[] = [];
  const https = knownProp(r.props, ['enableHttpsTrafficOnly']);
  if (isFalse(https)) {
    out.push(
      violation(
        r,
        'enableHttpsTrafficOnly',
        'be true',
        https,
        'set enableHttpsTrafficOnly: true (the default) so data only travels over TLS.',
      ),
    );
  }
  if (cmk) {
    const source = knownProp(r.props, ['encryption', 'keySource']);
    if (
      source !== UNKNOWN &&
      (typeof source !== 'string' || source.toLowerCase() !== 'microsoft.keyvault')
    ) {
      out.push(
        violation(
          r,
          'encryption.keySource',
          'be "Microsoft.Keyvault" (a customer-managed key)',
          source,
          'set encryption.keySource: "Microsoft.Keyvault" with encryption.keyVaultProperties naming the key.',
        ),
      );
    }
  }
  return out;
}

function gcpBucketFindings(r: PolicyResource, cmk: boolean): string[] {
  if (!cmk) return [];
  const key = knownProp(r.props, ['encryption', 'defaultKmsKeyName']);
  if (key === UNKNOWN || isSet(key)) return [];
  return [
    violation(
      r,
      'encryption.defaultKmsKeyName',
      'name a Cloud KMS key',
      key,
      'set encryption.defaultKmsKeyName to a Cloud KMS key the Cloud Storage service agent may use.',
    ),
  ];
}

export const encryptedBuckets: StackValidationPolicy = {
  name: 'encrypted-buckets',
  description:
    'Checks that object storage is encrypted at rest: every S3 bucket has an explicit server-side encryption configuration (its own or an aws:s3/bucketServerSideEncryptionConfiguration resource), Azure storage accounts accept HTTPS only, and with requireCustomerManagedKeys set the S3, Azure and GCS keys are customer-managed.',
  enforcementLevel: 'advisory',
  severity: 'high',
  tags: AT_REST_FRAMEWORKS,
  configSchema: CMK_SCHEMA,
  remediationSteps:
    'Give every S3 bucket an aws.s3.BucketServerSideEncryptionConfiguration (SSE-KMS with the stack key when spec.security.encryption.atRest is true in the Vitistack); keep enableHttpsTrafficOnly on Azure storage accounts; for customer-managed keys use a KMS key (AWS), encryption.keySource Microsoft.Keyvault (Azure) or encryption.defaultKmsKeyName (GCP).',
  validateStack: (args, report) => {
    const cmk = requireCmk(args);
    s3Findings(args, report, cmk);
    for (const r of args.resources) {
      const found =
        r.type === 'azure-native:storage:StorageAccount'
          ? azureStorageFindings(r, cmk)
          : r.type === 'gcp:storage/bucket:Bucket'
            ? gcpBucketFindings(r, cmk)
            : [];
      for (const m of found) report(m, r.urn);
    }
  },
};

// ---- encrypted-backups -----------------------------------------------------------------------

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

// ---- encrypted-cluster-secrets ---------------------------------------------------------------

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

export const ENCRYPTION_POLICIES: readonly VitistackPolicy[] = [
  encryptedVolumes,
  encryptedBuckets,
  encryptedBackups,
  encryptedClusterSecrets,
];
