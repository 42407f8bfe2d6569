import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { policyPackArgs } from '../../src/engine/policy-config';
import { COMPLIANCE_POLICIES, complianceConfig } from '../../src/policy/catalog';
import { frameworksOf } from '../../src/policy/types';
import { repoRoot } from '../model/helpers';
import { resolve as resolveIn, stackObjects } from '../model/helpers';

const BASELINE = join(repoRoot(), 'policy-packs', 'vitistack-baseline');
const COMPLIANCE = join(repoRoot(), 'policy-packs', 'vitistack-compliance');

describe('policy pack config of a stack', () => {
  const model = resolveIn(stackObjects('aws-production'), 'production/aws-production');

  it('complianceConfig: a policy is mandatory exactly when it serves one of the frameworks', () => {
    const soc2 = complianceConfig(['SOC2']);
    for (const p of COMPLIANCE_POLICIES) {
      assert.equal(
        soc2[p.name],
        frameworksOf(p).includes('SOC2') ? 'mandatory' : 'advisory',
        p.name,
      );
    }
    assert.ok(Object.values(soc2).includes('mandatory'), 'SOC2 makes something mandatory');
    const none = complianceConfig([]);
    assert.ok(
      Object.values(none).every((l) => l === 'advisory'),
      'no framework: all advisory',
    );
    assert.deepEqual(complianceConfig(['soc2']), soc2, 'framework names match case-insensitively');
  });

  it('writes the compliance config from the Vitistack frameworks, an empty one for other packs', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vitistack-policy-config-'));
    const args = policyPackArgs(model, [BASELINE, COMPLIANCE], [], dir);
    assert.deepEqual(args.policyPacks, [BASELINE, COMPLIANCE]);
    assert.equal(args.policyPackConfigs.length, 2);
    const [baseline, compliance] = args.policyPackConfigs.map(
      (f) => JSON.parse(readFileSync(f, 'utf8')) as Record<string, string>,
    );
    assert.deepEqual(baseline, {});
    // stacks/aws-production follows SOC2.
    assert.deepEqual(compliance, complianceConfig(['SOC2']));
  });

  it('keeps a config given for a pack, by position', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vitistack-policy-config-'));
    const mine = join(dir, 'mine.json');
    writeFileSync(mine, '{}');
    const args = policyPackArgs(model, [COMPLIANCE, BASELINE], [mine], dir);
    assert.equal(args.policyPackConfigs[0], mine);
    assert.notEqual(args.policyPackConfigs[1], mine);
    assert.deepEqual(policyPackArgs(model, [], [], dir), {
      policyPacks: [],
      policyPackConfigs: [],
    });
  });
});
