// The vitistack-baseline CrossGuard pack: hygiene every stack keeps (no admin ports open to the
// internet, encrypted disks, public IPs only where asked, required tags, allowed instance types).
// The policies and their levels are in src/policy/catalog.ts; this file only builds the pack.
//   pulumi preview --policy-pack policy-packs/vitistack-baseline
import { PolicyPack } from '@pulumi/policy';
import { BASELINE_PACK, BASELINE_POLICIES } from '../../src/policy/catalog';

new PolicyPack(BASELINE_PACK, { policies: [...BASELINE_POLICIES] });
