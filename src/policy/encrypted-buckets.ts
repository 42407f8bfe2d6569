// encrypted-buckets: S3 buckets with an explicit server-side encryption configuration; Azure
// Storage and GCP buckets with a customer-managed key when the config asks for one.
import { AT_REST_FRAMEWORKS, CMK_SCHEMA, requireCmk } from './at-rest';
import { isFalse, isSet, knownArray, knownProp, label, UNKNOWN, violation } from './checks';
import {
  isOneOf,
  type ReportViolation,
  type StackValidationArgs,
  type StackValidationPolicy,
} from './types';

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
