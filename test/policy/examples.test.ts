// Every example stack evaluated offline against both of our packs, with the compliance config its
// Vitistack's frameworks give; the violations each example has are listed here, and only those.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { evaluatePacks } from '../../src/engine/policy-eval';
import { loadPolicyPack } from '../../src/engine/policy-pack-loader';
import { frameworksOf } from '../../src/engine/policy-config';
import { renderStack } from '../../src/engine/render-stack';
import { loadStackFromDirectory } from '../../src/program/from-directory';
import { complianceConfig } from '../../src/policy/catalog';
import { repoRoot } from '../model/helpers';

const ROOT = repoRoot();

interface Example {
  readonly stack: string;
  readonly manifests: string;
  readonly vitistack: string;
}

function examples(): Example[] {
  return readdirSync(join(ROOT, 'stacks'))
    .filter((f) => /^Pulumi\..+\.yaml$/.test(f))
    .map((f) => {
      const config = (
        parse(readFileSync(join(ROOT, 'stacks', f), 'utf8')) as {
          config: Record<string, string>;
        }
      ).config;
      return {
        stack: f.slice('Pulumi.'.length, -'.yaml'.length),
        manifests: config['vitistack:manifests'] ?? '',
        vitistack: config['vitistack:vitistack'] ?? '',
      };
    });
}

/** `level policy resource-name` of each violation, sorted. */
async function violationsOf(e: Example, extra: readonly string[] = []): Promise<string[]> {
  const { model, secrets } = loadStackFromDirectory({
    paths: [e.manifests, ...extra],
    base: ROOT,
    vitistack: e.vitistack,
  });
  const rendered = await renderStack(model, { secrets });
  const packs = ['vitistack-baseline', 'vitistack-compliance'].map((p) =>
    loadPolicyPack(join(ROOT, 'policy-packs', p)),
  );
  const violations = await evaluatePacks(rendered.resources, packs, {
    stack: model.stackName,
    configs: [undefined, complianceConfig(frameworksOf(model))],
  });
  return violations
    .map(
      (v) =>
        `${v.level} ${v.policy} ${v.urn === undefined ? '(stack)' : v.urn.slice(v.urn.lastIndexOf('::') + 2)}`,
    )
    .sort();
}

/** What each example breaks, and why it is accepted there. */
const EXPECTED: Readonly<Record<string, readonly string[]>> = {
  'aws-production': [],
  // The AWS scenario on Azure and GCP (SOC2): both pass the compliance pack.
  'azure-production': [],
  edge: [],
  'gcp-production': [],
  hierarchical: [],
  'kubevirt-talos': [],
  // Its EKS cluster has no secrets encryption; advisory, as its Vitistack names no framework
  // that the policy serves.
  'multi-cloud-dr-primary': ['advisory encrypted-cluster-secrets primary-eks-cluster'],
  // Spec 003 gives its AKS cluster no Secrets encryption and a public API endpoint open to all;
  // advisory, as its Vitistack names no framework.
  'multi-cloud-dr-secondary': [
    'advisory encrypted-cluster-secrets secondary-aks-cluster',
    'advisory restricted-api-endpoint secondary-aks-cluster',
  ],
  'proxmox-talos': [],
  // The private subnets of its AWS VPC have no default route through a NAT gateway.
  'vsphere-hybrid': [
    'advisory private-subnets-use-nat hybrid-datacenter-hybrid-aws-vpc-aws-private-1',
    'advisory private-subnets-use-nat hybrid-datacenter-hybrid-aws-vpc-aws-private-2',
  ],
};

describe('example stacks against vitistack-baseline and vitistack-compliance', function () {
  this.timeout(60_000);
  const all = examples();

  it('covers every example stack', () => {
    assert.deepEqual(all.map((e) => e.stack).sort(), Object.keys(EXPECTED).sort());
  });

  for (const e of all) {
    it(`${e.stack}: ${String(EXPECTED[e.stack]?.length ?? 0)} expected violations`, async () => {
      assert.deepEqual(await violationsOf(e), EXPECTED[e.stack]);
    });
  }

  it('the production examples (SOC2) on AWS, Azure and GCP pass with its policies mandatory', async () => {
    const config = complianceConfig(['SOC2']);
    assert.ok(Object.values(config).filter((l) => l === 'mandatory').length >= 5);
    const production = all.filter((e) => e.stack.endsWith('-production'));
    assert.deepEqual(production.map((e) => e.stack).sort(), [
      'aws-production',
      'azure-production',
      'gcp-production',
    ]);
    for (const e of production) assert.deepEqual(await violationsOf(e), [], e.stack);
  });

  it('the deliberately non-compliant fixture fails with the expected violations', async () => {
    const found = await violationsOf({
      stack: 'noncompliant',
      manifests: 'test/fixtures/noncompliant',
      vitistack: 'lab/noncompliant',
    });
    const mandatory = found.filter((v) => v.startsWith('mandatory '));
    assert.deepEqual(mandatory, [
      'mandatory encrypted-volumes web-instance',
      'mandatory no-open-admin-ingress noncompliant-firewall-vitistack-in-0',
    ]);
    // No vitistack.io/team label: every taggable resource lacks it (advisory in the baseline).
    const tags = found.filter((v) => v.startsWith('advisory required-tags '));
    assert.ok(tags.includes('advisory required-tags web-instance'));
    assert.equal(found.length, mandatory.length + tags.length, found.join('\n'));
  });
});
