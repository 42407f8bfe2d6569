// Which policy goes in which pack, at which level, and the pack config a Vitistack's compliance
// frameworks give. The packs in policy-packs/ build their PolicyPack from these lists; the CLI
// and the controller pass the compliance pack a config made by `complianceConfig`.
//
// The two packs do not overlap, so no check runs twice:
//   - vitistack-baseline: hygiene every stack keeps, whatever its frameworks (its own levels);
//   - vitistack-compliance: the controls the frameworks ask for; advisory unless one of the
//     Vitistack's spec.security.compliance.frameworks is among a policy's frameworks.
import { backupRetention, machinesInBackupSelection } from './backup';
import { allowedInstanceTypes, publicIpOnlyWhenRequested } from './compute';
import {
  encryptedBackups,
  encryptedBuckets,
  encryptedClusterSecrets,
  encryptedVolumes,
} from './encryption';
import { controlPlaneAuditLogging, restrictedApiEndpoint } from './kubernetes';
import { httpsRedirect, noOpenAdminIngress, privateSubnetsUseNat } from './network';
import { deletionProtection } from './protection';
import { requiredTags } from './tagging';
import {
  frameworksOf,
  FRAMEWORKS,
  type EnforcementLevel,
  type Framework,
  type VitistackPolicy,
} from './types';

export const BASELINE_PACK = 'vitistack-baseline';
export const COMPLIANCE_PACK = 'vitistack-compliance';

/** The baseline pack's policies with their levels. */
export const BASELINE_POLICIES: readonly VitistackPolicy[] = [
  { ...noOpenAdminIngress, enforcementLevel: 'mandatory' },
  { ...encryptedVolumes, enforcementLevel: 'mandatory' },
  { ...publicIpOnlyWhenRequested, enforcementLevel: 'mandatory' },
  requiredTags,
  allowedInstanceTypes,
];

/** The compliance pack's policies, all advisory until a framework makes them mandatory. */
export const COMPLIANCE_POLICIES: readonly VitistackPolicy[] = [
  encryptedBuckets,
  encryptedBackups,
  encryptedClusterSecrets,
  backupRetention,
  machinesInBackupSelection,
  deletionProtection,
  restrictedApiEndpoint,
  controlPlaneAuditLogging,
  httpsRedirect,
  privateSubnetsUseNat,
].map((p) => ({ ...p, enforcementLevel: 'advisory' as const }));

/** A pack config as `--policy-pack-config` takes it: policy name -> level (and config). */
export type PackConfig = Record<string, EnforcementLevel | Record<string, unknown>>;

/** The frameworks of the list that we know; others are reported by the caller. */
export function knownFrameworks(names: readonly string[]): Framework[] {
  return FRAMEWORKS.filter((f) => names.some((n) => n.toUpperCase() === f));
}

/**
 * The compliance pack's config for a stack whose Vitistack follows `frameworks`: each policy that
 * serves one of them is mandatory, the others advisory.
 */
export function complianceConfig(frameworks: readonly string[]): PackConfig {
  const wanted = knownFrameworks(frameworks);
  const config: PackConfig = {};
  for (const p of COMPLIANCE_POLICIES) {
    const mandatory = frameworksOf(p).some((f) => wanted.includes(f));
    config[p.name] = mandatory ? 'mandatory' : 'advisory';
  }
  return config;
}
