// The vitistack-compliance CrossGuard pack: the controls SOC2, GDPR, HIPAA, PCI-DSS and ISO27001
// ask for. Every policy is advisory here; the CLI and the controller pass a config that makes
// mandatory the policies serving the Vitistack's spec.security.compliance.frameworks
// (src/policy/catalog.ts complianceConfig). This file only builds the pack.
//   pulumi preview --policy-pack policy-packs/vitistack-compliance \
//     --policy-pack-config <config.json>
import { PolicyPack } from '@pulumi/policy';
import { COMPLIANCE_PACK, COMPLIANCE_POLICIES } from '../../src/policy/catalog';

new PolicyPack(COMPLIANCE_PACK, { policies: [...COMPLIANCE_POLICIES] });
