// `vitistack render --policy-pack`: CrossGuard packs evaluated offline against each rendered
// stack, through the CLI a user runs: the violations in text and JSON, and the exit codes
// (0 clean or advisory only, 3 a mandatory violation, 2 a pack or config that cannot be used,
// 1 a policy that throws).
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { PolicyViolation } from '../../src/engine/result';
import { run } from '../helpers/cli';
import { repoRoot } from '../model/helpers';

const AWS_PRODUCTION = join(repoRoot(), 'stacks', 'aws-production');
const PACKS = join(repoRoot(), 'test', 'fixtures', 'policy-packs');
const TAGS = join(PACKS, 'acme-tags');
const APPLICABILITY = join(PACKS, 'acme-applicability');

interface JsonReport {
  stack: string;
  resources: { urn: string }[];
  policyViolations?: PolicyViolation[];
}

describe('vitistack render --policy-pack', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'vitistack-render-policy-'));
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  const config = (name: string, value: unknown) => {
    const file = join(dir, name);
    writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
    return file;
  };

  it('prints each violation with its resource, policy, level and message, and exits 3', async () => {
    const r = await run(['render', AWS_PRODUCTION, '--policy-pack', TAGS]);
    assert.equal(r.code, 3, r.err);
    // Every rendered resource, plus the root stack resource the engine would register.
    const total = Number(/^Stack production\.aws-production: (\d+) resources/.exec(r.out)?.[1]) + 1;
    const start = r.out.indexOf('Policy violations (7):');
    assert.ok(start > 0, r.out);
    assert.equal(
      r.out.slice(start),
      `Policy violations (7):
  - mandatory acme-tags@1.2.3/ec2-owner-tag  aws:ec2/instance:Instance  bastion-host-instance
      Checks that every EC2 instance has an owner tag.
      Instance "bastion-host-instance" must have an "owner" tag.
  - mandatory acme-tags@1.2.3/ec2-owner-tag  aws:ec2/instance:Instance  app-server-1-instance
      Checks that every EC2 instance has an owner tag.
      Instance "app-server-1-instance" must have an "owner" tag.
  - mandatory acme-tags@1.2.3/ec2-owner-tag  aws:ec2/instance:Instance  app-server-2-instance
      Checks that every EC2 instance has an owner tag.
      Instance "app-server-2-instance" must have an "owner" tag.
  - advisory acme-tags@1.2.3/user-data-no-pipe-to-shell  aws:ec2/instance:Instance  bastion-host-instance
      Checks that user data does not pipe a download into a shell.
      Instance "bastion-host-instance" must not pipe curl into a shell in its user data.
  - advisory acme-tags@1.2.3/allowed-instance-types  aws:ec2/instance:Instance  app-server-1-instance
      Checks that EC2 instances use an allowed instance type.
      Instance "app-server-1-instance" is a m5.large; it must be one of t3.micro, t3.small.
  - advisory acme-tags@1.2.3/allowed-instance-types  aws:ec2/instance:Instance  app-server-2-instance
      Checks that EC2 instances use an allowed instance type.
      Instance "app-server-2-instance" is a m5.large; it must be one of t3.micro, t3.small.
  - advisory acme-tags@1.2.3/stack-size  stack
      Checks that the stack stays small enough to review.
      The stack has ${String(total)} resources; it must have at most 50.

Policies (acme-tags@1.2.3): 7 violations, 3 mandatory, 4 advisory
`,
    );
    // The rest of the render is unchanged.
    assert.match(r.out, /^Stack production\.aws-production: \d+ resources/);
    assert.match(r.out, /Status each object would get:/);
  });

  it('exits 0 when config leaves only advisory violations, and says when there are none', async () => {
    const advisory = config('advisory.json', { 'ec2-owner-tag': 'advisory' });
    const r = await run([
      'render',
      AWS_PRODUCTION,
      '--policy-pack',
      TAGS,
      '--policy-pack-config',
      advisory,
    ]);
    assert.equal(r.code, 0, r.err);
    assert.match(
      r.out,
      /\nPolicies \(acme-tags@1\.2\.3\): 7 violations, 0 mandatory, 7 advisory\n$/,
    );

    const off = config('off.json', { all: 'disabled' });
    const clean = await run([
      'render',
      AWS_PRODUCTION,
      '--policy-pack',
      TAGS,
      '--policy-pack-config',
      off,
    ]);
    assert.equal(clean.code, 0, clean.err);
    assert.doesNotMatch(clean.out, /Policy violations/);
    assert.match(clean.out, /\nPolicies \(acme-tags@1\.2\.3\): no violations\n$/);
  });

  it('takes several packs, configs by position; -o json carries the violations', async () => {
    const advisory = config('advisory-all.json', { all: 'advisory' });
    const r = await run([
      'render',
      AWS_PRODUCTION,
      '-o',
      'json',
      '--policy-pack',
      TAGS,
      '--policy-pack',
      APPLICABILITY,
      '--policy-pack-config',
      advisory,
    ]);
    // acme-tags is all advisory now; acme-applicability keeps its mandatory default.
    assert.equal(r.code, 3, r.err);
    const report = JSON.parse(r.out) as JsonReport;
    const violations = report.policyViolations ?? [];
    assert.equal(violations.length, 13);
    assert.deepEqual(
      violations.filter((v) => v.level === 'mandatory').map((v) => v.policy),
      ['instances-monitored', 'instances-monitored', 'instances-monitored'],
    );
    const bastion = report.resources.find((x) => x.urn.endsWith('::bastion-host-instance'));
    assert.ok(bastion);
    assert.deepEqual(violations[0], {
      policyPack: 'acme-tags',
      policyPackVersion: '1.2.3',
      policy: 'ec2-owner-tag',
      level: 'advisory',
      message:
        'Checks that every EC2 instance has an owner tag.\nInstance "bastion-host-instance" must have an "owner" tag.',
      urn: bastion.urn,
    });
  });

  it('leaves the JSON report as it was without --policy-pack', async () => {
    const r = await run(['render', AWS_PRODUCTION, '-o', 'json']);
    assert.equal(r.code, 0, r.err);
    assert.equal('policyViolations' in (JSON.parse(r.out) as JsonReport), false);
  });

  it('exits 1 when a policy throws, naming pack, policy and resource', async () => {
    const r = await run(['render', AWS_PRODUCTION, '--policy-pack', join(PACKS, 'acme-broken')]);
    assert.equal(r.code, 1);
    assert.equal(
      r.err,
      'render production/aws-production: policy "ebs-count" of policy pack acme-broken@0.0.1 failed on aws:ec2/instance:Instance "bastion-host-instance": Cannot read properties of undefined (reading \'length\')\n',
    );
    assert.match(r.out, /^Stack production\.aws-production:/);
  });

  const shown = (p: string) => relative(process.cwd(), p);
  const badInput: { name: string; args: () => string[]; err: () => string }[] = [
    {
      name: 'a pack directory that does not exist',
      args: () => ['--policy-pack', join(PACKS, 'missing')],
      err: () =>
        `render: policy pack ${join(PACKS, 'missing')}: no such directory (give a CrossGuard pack's directory).\n`,
    },
    {
      name: 'a pack whose main is TypeScript',
      args: () => ['--policy-pack', join(PACKS, 'ts-pack')],
      err: () =>
        `render: policy pack ${join(PACKS, 'ts-pack')}: its entry ${shown(join(PACKS, 'ts-pack', 'index.ts'))} is TypeScript, which cannot be loaded without compiling; compile the pack first (e.g. \`npm run build\` in ${shown(join(PACKS, 'ts-pack'))}) and point "main" in its package.json at the compiled JavaScript.\n`,
    },
    {
      name: 'a pack that constructs two PolicyPacks',
      args: () => ['--policy-pack', join(PACKS, 'two-packs')],
      err: () =>
        `render: policy pack ${join(PACKS, 'two-packs')}: ${shown(join(PACKS, 'two-packs', 'index.js'))} constructs 2 PolicyPacks ("first-pack", "second-pack"); a pack may construct only one.\n`,
    },
    {
      name: 'config that does not fit the schema',
      args: () => [
        '--policy-pack',
        TAGS,
        '--policy-pack-config',
        config('bad.json', { 'stack-size': { maxResources: 'many' } }),
      ],
      err: () =>
        `render: policy pack acme-tags (config ${join(dir, 'bad.json')}): policy "stack-size": config "maxResources" must be an integer, got "many".\n`,
    },
    {
      name: 'a config file that is not JSON',
      args: () => [
        '--policy-pack',
        TAGS,
        '--policy-pack-config',
        config('broken.json', '{"stack-size": '),
      ],
      err: () => `render: policy pack config ${join(dir, 'broken.json')} is not valid JSON (`,
    },
    {
      name: 'more configs than packs',
      args: () => [
        '--policy-pack',
        TAGS,
        '--policy-pack-config',
        config('one.json', {}),
        '--policy-pack-config',
        config('two.json', {}),
      ],
      err: () =>
        'render: 2 --policy-pack-config files for 1 --policy-pack directories; give at most one config per pack, in the same order\n',
    },
  ];
  for (const tc of badInput) {
    it(`exits 2 on ${tc.name}`, async () => {
      const r = await run(['render', AWS_PRODUCTION, ...tc.args()]);
      assert.equal(r.code, 2);
      const expected = tc.err();
      if (expected.endsWith('\n')) assert.equal(r.err, expected);
      else assert.ok(r.err.startsWith(expected), r.err);
      assert.equal(r.out, '');
    });
  }
});
