// Offline CrossGuard evaluation of the render of stacks/aws-production: third-party style packs
// (test/fixtures/policy-packs) and probe policies that record what @pulumi/policy's server would
// hand them. Messages are the engine's: the policy's description, a newline, the report.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as aws from '@pulumi/aws';
import type {
  PolicyPackConfig,
  PolicyResource,
  ReportViolation,
  ResourceValidationArgs,
  StackValidationArgs,
} from '@pulumi/policy/policy';
import type { Vitistack } from '../../src/api/v1alpha1';
import type { RecordedResource } from '../../src/engine/mocks';
import {
  evaluatePacks,
  evaluatePacksReport,
  PolicyEvaluationError,
} from '../../src/engine/policy-eval';
import {
  PolicyConfigError,
  readPolicyPackConfig,
  resolvePackConfig,
} from '../../src/engine/policy-pack-config';
import {
  loadPolicyPack,
  type LoadedPack,
  type PackPolicy,
} from '../../src/engine/policy-pack-loader';
import type { PolicyViolation } from '../../src/engine/result';
import { renderStack, type StackRender } from '../../src/engine/render-stack';
import { resolveStack } from '../../src/model';
import { errorLines, loadPaths } from '../helpers/load';
import { repoRoot } from '../model/helpers';

const PACKS = join(repoRoot(), 'test', 'fixtures', 'policy-packs');
const STACK = 'production.aws-production';
const ROOT_URN = `urn:pulumi:${STACK}::vitistack::pulumi:pulumi:Stack::vitistack-${STACK}`;
const INSTANCES = ['bastion-host-instance', 'app-server-1-instance', 'app-server-2-instance'];

async function renderAwsProduction(): Promise<StackRender> {
  const loaded = loadPaths([join(repoRoot(), 'stacks', 'aws-production')]);
  assert.deepEqual(errorLines(loaded), []);
  const objects = loaded.objects.map((o) => o.object);
  const v = objects.find((o): o is Vitistack => o.kind === 'Vitistack');
  assert.ok(v);
  return renderStack(resolveStack(v, objects));
}

/** `[level, policy, resource name or "stack", message]` of each violation, in order. */
function brief(violations: readonly PolicyViolation[]): string[][] {
  return violations.map((v) => [
    v.level,
    v.policy,
    v.urn === undefined ? 'stack' : (v.urn.split('::').pop() ?? ''),
    v.message,
  ]);
}

/** `policy level` of each violation, sorted: what the level tables compare. */
function levels(violations: readonly PolicyViolation[]): string[] {
  return violations.map((v) => `${v.policy} ${v.level}`).sort();
}

/** A pack built in the test, for policies that probe what they are given. */
function probePack(
  policies: PackPolicy[],
  enforcementLevel: 'advisory' | 'mandatory' = 'advisory',
): LoadedPack {
  return {
    dir: '/probe',
    entry: '/probe/index.js',
    name: 'probe',
    version: '0.0.1',
    enforcementLevel,
    policies,
  };
}

const OWNER = (name: string) =>
  `Checks that every EC2 instance has an owner tag.\nInstance "${name}" must have an "owner" tag.`;
const TYPES = (name: string) =>
  `Checks that EC2 instances use an allowed instance type.\nInstance "${name}" is a m5.large; it must be one of t3.micro, t3.small.`;

describe('evaluatePacks on the render of stacks/aws-production', () => {
  let r: StackRender;
  let tags: LoadedPack;
  let applicability: LoadedPack;
  let acmeConfig: LoadedPack;
  const opts = () => ({
    stack: STACK,
    stackOutputs: r.outputs as unknown as Record<string, unknown>,
  });
  const one = (type: string, name: string): RecordedResource => {
    const found = r.resources.find((x) => x.type === type && x.name === name);
    assert.ok(found, `no ${type} ${name}`);
    return found;
  };

  before(async () => {
    r = await renderAwsProduction();
    tags = loadPolicyPack(join(PACKS, 'acme-tags'));
    applicability = loadPolicyPack(join(PACKS, 'acme-applicability'));
    acmeConfig = loadPolicyPack(join(PACKS, 'acme-config'));
  });

  it('finds the violations of a third-party pack, with the messages the engine would show', async () => {
    const violations = await evaluatePacks(r.resources, [tags], opts());
    assert.deepEqual(brief(violations), [
      ['mandatory', 'ec2-owner-tag', 'bastion-host-instance', OWNER('bastion-host-instance')],
      [
        'advisory',
        'user-data-no-pipe-to-shell',
        'bastion-host-instance',
        'Checks that user data does not pipe a download into a shell.\nInstance "bastion-host-instance" must not pipe curl into a shell in its user data.',
      ],
      ['mandatory', 'ec2-owner-tag', 'app-server-1-instance', OWNER('app-server-1-instance')],
      [
        'advisory',
        'allowed-instance-types',
        'app-server-1-instance',
        TYPES('app-server-1-instance'),
      ],
      ['mandatory', 'ec2-owner-tag', 'app-server-2-instance', OWNER('app-server-2-instance')],
      [
        'advisory',
        'allowed-instance-types',
        'app-server-2-instance',
        TYPES('app-server-2-instance'),
      ],
      [
        'advisory',
        'stack-size',
        'stack',
        // Every rendered resource plus the root stack resource the engine registers.
        `Checks that the stack stays small enough to review.\nThe stack has ${String(r.resources.length + 1)} resources; it must have at most 50.`,
      ],
    ]);
    for (const v of violations) {
      assert.equal(v.policyPack, 'acme-tags');
      assert.equal(v.policyPackVersion, '1.2.3');
    }
    const bastion = one('aws:ec2/instance:Instance', 'bastion-host-instance');
    assert.equal(violations[0]?.urn, bastion.urn);
  });

  const levelCases: { name: string; config?: PolicyPackConfig; expected: string[] }[] = [
    {
      name: "the policies' own levels, the pack's default for the others",
      expected: [
        'allowed-instance-types advisory',
        'allowed-instance-types advisory',
        'ec2-owner-tag mandatory',
        'ec2-owner-tag mandatory',
        'ec2-owner-tag mandatory',
        'stack-size advisory',
        'user-data-no-pipe-to-shell advisory',
      ],
    },
    {
      name: 'a policy made advisory by config',
      config: { 'ec2-owner-tag': 'advisory' },
      expected: [
        'allowed-instance-types advisory',
        'allowed-instance-types advisory',
        'ec2-owner-tag advisory',
        'ec2-owner-tag advisory',
        'ec2-owner-tag advisory',
        'stack-size advisory',
        'user-data-no-pipe-to-shell advisory',
      ],
    },
    {
      name: 'disabled policies, by level string and by object',
      config: {
        'ec2-owner-tag': 'disabled',
        'stack-size': { enforcementLevel: 'disabled', maxResources: 10 },
      },
      expected: [
        'allowed-instance-types advisory',
        'allowed-instance-types advisory',
        'user-data-no-pipe-to-shell advisory',
      ],
    },
    {
      name: 'remediate, reported as mandatory',
      config: { 'user-data-no-pipe-to-shell': { enforcementLevel: 'remediate' } },
      expected: [
        'allowed-instance-types advisory',
        'allowed-instance-types advisory',
        'ec2-owner-tag mandatory',
        'ec2-owner-tag mandatory',
        'ec2-owner-tag mandatory',
        'stack-size advisory',
        'user-data-no-pipe-to-shell mandatory',
      ],
    },
    {
      name: '"all" first, then a policy\'s own entry',
      config: { all: 'disabled', 'stack-size': 'mandatory' },
      expected: ['stack-size mandatory'],
    },
    {
      name: 'config properties that change what a policy finds',
      config: {
        'allowed-instance-types': { allowedTypes: ['t3.micro', 'm5.large'] },
        'stack-size': { maxResources: 1000 },
      },
      expected: [
        'ec2-owner-tag mandatory',
        'ec2-owner-tag mandatory',
        'ec2-owner-tag mandatory',
        'user-data-no-pipe-to-shell advisory',
      ],
    },
  ];
  for (const tc of levelCases) {
    it(`levels: ${tc.name}`, async () => {
      const violations = await evaluatePacks(r.resources, [tags], {
        ...opts(),
        configs: [tc.config],
      });
      assert.deepEqual(levels(violations), tc.expected);
    });
  }

  it('applies schema defaults, then the initial config, then the given config', async () => {
    const resolved = resolvePackConfig(acmeConfig, { 'vpc-cost-center': { costCenter: 'CC-42' } });
    assert.deepEqual(resolved.get('vpc-cost-center'), {
      enforcementLevel: 'mandatory',
      properties: { tagKey: 'CostCenter', costCenter: 'CC-42' },
    });
    assert.deepEqual(resolvePackConfig(tags).get('stack-size'), {
      enforcementLevel: 'advisory',
      properties: { maxResources: 50 },
    });
    const violations = await evaluatePacks(r.resources, [tags, acmeConfig], {
      ...opts(),
      configs: [{ all: 'disabled' }, { 'vpc-cost-center': { costCenter: 'CC-42' } }],
    });
    assert.deepEqual(brief(violations), [
      [
        'mandatory',
        'vpc-cost-center',
        'aws-production-production-vpc',
        'Checks that VPCs carry the cost center tag.\nVPC "aws-production-production-vpc" must have the tag CostCenter=CC-42.',
      ],
    ]);
  });

  const configErrors: {
    name: string;
    pack: () => LoadedPack;
    config?: unknown;
    message: string;
  }[] = [
    {
      name: 'a required setting missing',
      pack: () => acmeConfig,
      message:
        'policy pack acme-config (config cfg.json): policy "vpc-cost-center": config "costCenter" is required (a string) but not set.',
    },
    {
      name: 'a setting of the wrong type',
      pack: () => acmeConfig,
      config: { 'vpc-cost-center': { costCenter: 42 } },
      message:
        'policy pack acme-config (config cfg.json): policy "vpc-cost-center": config "costCenter" must be a string, got 42.',
    },
    {
      name: 'a string not matching its pattern',
      pack: () => acmeConfig,
      config: { 'vpc-cost-center': { costCenter: 'finance' } },
      message:
        'policy pack acme-config (config cfg.json): policy "vpc-cost-center": config "costCenter" must match the pattern ^CC-[0-9]+$, got "finance".',
    },
    {
      name: 'an array item of the wrong type',
      pack: () => tags,
      config: { 'allowed-instance-types': { allowedTypes: ['t3.micro', 5] } },
      message:
        'policy pack acme-tags (config cfg.json): policy "allowed-instance-types": config "allowedTypes[1]" must be a string, got 5.',
    },
    {
      name: 'a number below its minimum, and one that is no integer',
      pack: () => tags,
      config: {
        'stack-size': { maxResources: 0 },
        'allowed-instance-types': { allowedTypes: 't3.micro' },
      },
      message: [
        'policy pack acme-tags (config cfg.json): policy "allowed-instance-types": config "allowedTypes" must be an array, got "t3.micro".',
        'policy pack acme-tags (config cfg.json): policy "stack-size": config "maxResources" must be at least 1, got 0.',
      ].join('\n'),
    },
    {
      name: 'a policy the pack does not have',
      pack: () => tags,
      config: { 'ec2-owner-tags': 'mandatory' },
      message:
        'policy pack acme-tags (config cfg.json): config names policy "ec2-owner-tags", which the pack does not have (its policies: ec2-owner-tag, allowed-instance-types, user-data-no-pipe-to-shell, stack-size).',
    },
    {
      name: 'an unknown enforcement level',
      pack: () => tags,
      config: { 'ec2-owner-tag': 'strict', 'stack-size': { enforcementLevel: 'warn' } },
      message: [
        'policy pack acme-tags (config cfg.json): config "ec2-owner-tag": "strict" is not an enforcement level; use advisory, mandatory, remediate or disabled.',
        'policy pack acme-tags (config cfg.json): config "stack-size": enforcementLevel "warn" is not an enforcement level; use advisory, mandatory, remediate or disabled.',
      ].join('\n'),
    },
    {
      name: 'a value that is neither a level nor an object',
      pack: () => tags,
      config: { 'stack-size': 3 },
      message:
        'policy pack acme-tags (config cfg.json): config "stack-size": 3 is not valid; give an enforcement level or an object.',
    },
  ];
  for (const tc of configErrors) {
    it(`refuses config with ${tc.name}, naming pack, policy, key and expectation`, () => {
      assert.throws(
        () => resolvePackConfig(tc.pack(), tc.config as PolicyPackConfig | undefined, 'cfg.json'),
        (err: unknown) => err instanceof PolicyConfigError && err.message === tc.message,
      );
    });
  }

  it('checks config before any policy runs', async () => {
    let ran = false;
    const probe = probePack([
      {
        name: 'p',
        description: 'Probe.',
        validateStack: () => {
          ran = true;
        },
      },
    ]);
    await assert.rejects(
      () => evaluatePacks(r.resources, [probe, acmeConfig], opts()),
      (err: unknown) =>
        err instanceof PolicyConfigError &&
        err.message ===
          'policy pack acme-config: policy "vpc-cost-center": config "costCenter" is required (a string) but not set.',
    );
    assert.equal(ran, false);
  });

  it('notApplicable is no violation; validateResourceOfType and pack defaults apply', async () => {
    const report = await evaluatePacksReport(r.resources, [applicability, tags], opts());
    const monitored = report.violations.filter((v) => v.policy === 'instances-monitored');
    // The pack's own level (mandatory) for a policy that sets none.
    assert.deepEqual(
      brief(monitored),
      INSTANCES.map((name) => [
        'mandatory',
        'instances-monitored',
        name,
        `Checks that EC2 instances have detailed monitoring.\nInstance "${name}" must enable detailed monitoring.`,
      ]),
    );
    const skipped = report.notApplicable.filter((n) => n.policy === 'instances-monitored');
    assert.equal(skipped.length, r.resources.length + 1 - INSTANCES.length);
    assert.ok(skipped.every((n) => n.reason === 'only EC2 instances'));
    assert.ok(skipped.some((n) => n.urn === ROOT_URN));
    const ofType = report.notApplicable.filter((n) => n.policy === 'allowed-instance-types');
    assert.equal(ofType.length, r.resources.length + 1 - INSTANCES.length);
    assert.ok(
      ofType.every(
        (n) => n.reason === "Policy only applies to resources of type 'aws:ec2/instance:Instance'",
      ),
    );
    // A stack policy for a type the stack does not have.
    assert.deepEqual(
      report.notApplicable.filter((n) => n.policy === 'buckets-v2-versioned'),
      [
        {
          policyPack: 'acme-applicability',
          policy: 'buckets-v2-versioned',
          reason: "Policy only applies to resources of type 'aws:s3/bucketV2:BucketV2'",
        },
      ],
    );
    assert.equal(report.violations.filter((v) => v.policy === 'buckets-v2-versioned').length, 0);
  });

  it('stack policies see outputs, parents, dependencies and providers as objects', async () => {
    const violations = (await evaluatePacks(r.resources, [applicability], opts())).filter(
      (v) => v.policy === 'instance-placement',
    );
    const expected = INSTANCES.map((name) => {
      const instance = one('aws:ec2/instance:Instance', name);
      const machine = r.resources.find((x) => x.urn === instance.parent);
      assert.ok(machine);
      const deps = instance.dependencies
        .map((d) => r.resources.find((x) => x.urn === d)?.type ?? '?')
        .sort()
        .join(', ');
      return [
        'advisory',
        'instance-placement',
        name,
        `Reports where each EC2 instance is placed.\n${name}: ip ${String(instance.state.privateIp)}, parent vitistack:aws:Machine ${machine.name} (under vitistack:index:Vitistack), provider production-aws-ec2-provider in us-west-2, depends on ${deps}`,
      ];
    });
    assert.deepEqual(brief(violations), expected);
    assert.ok(
      String(one('aws:ec2/instance:Instance', INSTANCES[0]!).state.privateIp).startsWith('10.0.'),
    );
  });

  it('resource policies get what the analyzer sends: every resource, inputs, options, provider', async () => {
    const seen: { type: string; name: string; urn: string; parent?: string }[] = [];
    let bastion: Record<string, unknown> | undefined;
    const probe = probePack([
      {
        name: 'probe-resources',
        description: 'Probe.',
        validateResource: (args: ResourceValidationArgs) => {
          seen.push({
            type: args.type,
            name: args.name,
            urn: args.urn,
            ...(args.opts.parent !== undefined ? { parent: args.opts.parent } : {}),
          });
          if (args.name !== 'bastion-host-instance') return;
          const props = args.props;
          bastion = {
            instanceType: props.instanceType as unknown,
            privateIp: props.privateIp as unknown,
            userDataType: typeof props.userData,
            userDataStart: String(props.userData).slice(0, 13),
            proxied: props.__isSpecialProxy as unknown,
            opts: { ...args.opts },
            provider: args.provider && {
              type: args.provider.type,
              name: args.provider.name,
              urn: args.provider.urn,
              region: args.provider.props.region as unknown,
            },
            isInstance: args.isType(aws.ec2.Instance),
            isBucket: args.isType(aws.s3.Bucket),
            asInstance: args.asType(aws.ec2.Instance)?.instanceType,
            asBucket: args.asType(aws.s3.Bucket),
            team: args.stackTags.get('team'),
            config: args.getConfig(),
          };
        },
      },
    ]);
    const violations = await evaluatePacks(r.resources, [probe], {
      ...opts(),
      stackTags: new Map([['team', 'platform']]),
    });
    assert.deepEqual(violations, []);
    // The root stack first, then every resource in registration order: components and
    // providers too, as the engine's step generator analyzes every goal.
    assert.deepEqual(seen[0], {
      type: 'pulumi:pulumi:Stack',
      name: `vitistack-${STACK}`,
      urn: ROOT_URN,
    });
    assert.deepEqual(
      seen.slice(1).map((s) => s.urn),
      r.resources.map((x) => x.urn),
    );
    assert.ok(seen.some((s) => s.type === 'vitistack:aws:Machine'));
    assert.ok(seen.some((s) => s.type === 'pulumi:providers:aws'));
    const vitistack = seen.find((s) => s.type === 'vitistack:index:Vitistack');
    assert.equal(vitistack?.parent, ROOT_URN);
    const instance = one('aws:ec2/instance:Instance', 'bastion-host-instance');
    const provider = one('pulumi:providers:aws', 'production-aws-ec2-provider');
    assert.deepEqual(bastion, {
      instanceType: 't3.micro',
      privateIp: undefined, // an output: resource policies see inputs
      userDataType: 'string', // a secret input, unwrapped
      userDataStart: '#cloud-config',
      proxied: true, // wrapped in unknownCheckingProxy
      opts: {
        protect: false,
        ignoreChanges: [],
        aliases: [],
        customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
        additionalSecretOutputs: [],
        parent: instance.parent,
      },
      provider: {
        type: 'pulumi:providers:aws',
        name: 'production-aws-ec2-provider',
        urn: provider.urn,
        region: 'us-west-2',
      },
      isInstance: true,
      isBucket: false,
      asInstance: 't3.micro',
      asBucket: undefined,
      team: 'platform',
      config: {},
    });
  });

  it('stack policies get every resource with its outputs; the root stack has the stack outputs', async () => {
    let resources: PolicyResource[] = [];
    const probe = probePack([
      {
        name: 'probe-stack',
        description: 'Probe.',
        validateStack: (args: StackValidationArgs) => {
          resources = args.resources;
        },
      },
    ]);
    await evaluatePacks(r.resources, [probe], opts());
    assert.equal(resources.length, r.resources.length + 1);
    const root = resources[0];
    assert.equal(root?.type, 'pulumi:pulumi:Stack');
    assert.equal(root.props.stack, STACK);
    const bastion = resources.find((x) => x.name === 'bastion-host-instance');
    const recorded = one('aws:ec2/instance:Instance', 'bastion-host-instance');
    assert.ok(bastion);
    assert.equal(bastion.props.privateIp, recorded.state.privateIp);
    assert.equal(bastion.opts.parent, undefined); // the engine sends no parent in stack options
    assert.equal(bastion.parent?.type, 'vitistack:aws:Machine');
    assert.equal(bastion.parent.parent?.parent, root);
    assert.deepEqual(
      bastion.dependencies.map((d) => d.urn),
      recorded.dependencies,
    );
    assert.deepEqual(bastion.propertyDependencies, {});
    assert.equal(bastion.provider?.name, 'production-aws-ec2-provider');
  });

  it('redacts secret values from messages', async () => {
    const probe = probePack([
      {
        name: 'echo-user-data',
        description: 'Probe.',
        validateResource: (args: ResourceValidationArgs, report: ReportViolation) => {
          if (args.name === 'bastion-host-instance')
            report(`user data: ${String(args.props.userData)}`);
        },
      },
    ]);
    const [v] = await evaluatePacks(r.resources, [probe], opts());
    assert.equal(v?.message, 'Probe.\nuser data: [secret]');
  });

  it('reports async violations, object reports, and a stack violation about one resource', async () => {
    const vpc = one('aws:ec2/vpc:Vpc', 'aws-production-production-vpc');
    const probe = probePack([
      {
        name: 'async-resource',
        description: 'Async.',
        validateResource: async (args: ResourceValidationArgs, report: ReportViolation) => {
          await new Promise((resolve) => setImmediate(resolve));
          // A urn given by a resource policy is ignored: the resource's is used.
          if (args.type === 'aws:ec2/vpc:Vpc') report('VPC must be checked.', 'urn:other');
        },
      },
      {
        name: 'object-report',
        description: 'Object.',
        validateStack: (_args: StackValidationArgs, report: ReportViolation) => {
          const object = {
            message: 'Named VPC must be checked.',
            urn: vpc.urn,
            enforcementLevel: 'mandatory',
          };
          (report as unknown as (o: object) => void)(object);
          report('Whole stack.');
        },
      },
    ]);
    const violations = await evaluatePacks(r.resources, [probe], opts());
    assert.deepEqual(violations, [
      {
        policyPack: 'probe',
        policyPackVersion: '0.0.1',
        policy: 'async-resource',
        level: 'advisory',
        message: 'Async.\nVPC must be checked.',
        urn: vpc.urn,
      },
      {
        policyPack: 'probe',
        policyPackVersion: '0.0.1',
        policy: 'object-report',
        level: 'mandatory',
        message: 'Named VPC must be checked.',
        urn: vpc.urn,
      },
      {
        policyPack: 'probe',
        policyPackVersion: '0.0.1',
        policy: 'object-report',
        level: 'advisory',
        message: 'Object.\nWhole stack.',
      },
    ]);
  });

  it('an unknown value is an advisory "cannot run during preview", as in the server', async () => {
    const unknown: RecordedResource = {
      urn: `urn:pulumi:${STACK}::vitistack::aws:ec2/instance:Instance::pending`,
      type: 'aws:ec2/instance:Instance',
      name: 'pending',
      custom: true,
      inputs: { ami: '04da6b54-80e4-46f7-96ec-b56ff0331ba9' },
      state: {},
      parent: '',
      dependencies: [],
      protect: false,
    };
    const probe = probePack([
      {
        name: 'ami-pinned',
        description: 'AMI.',
        enforcementLevel: 'mandatory',
        validateResource: (args: ResourceValidationArgs, report: ReportViolation) => {
          if (String(args.props.ami) === '') report('must be set');
        },
      },
    ]);
    const violations = await evaluatePacks([unknown], [probe], opts());
    assert.deepEqual(brief(violations), [
      [
        'advisory',
        'ami-pinned',
        'pending',
        "can't run policy 'ami-pinned' from policy pack 'probe@v0.0.1' during preview: string value at .ami can't be known during preview",
      ],
    ]);
  });

  it('a policy that throws fails the evaluation, naming pack, policy and resource', async () => {
    const broken = loadPolicyPack(join(PACKS, 'acme-broken'));
    const bastion = one('aws:ec2/instance:Instance', 'bastion-host-instance');
    await assert.rejects(
      () => evaluatePacks(r.resources, [broken], opts()),
      (err: unknown) =>
        err instanceof PolicyEvaluationError &&
        err.message ===
          'policy "ebs-count" of policy pack acme-broken@0.0.1 failed on aws:ec2/instance:Instance "bastion-host-instance": Cannot read properties of undefined (reading \'length\')' &&
        err.policyPack === 'acme-broken' &&
        err.policy === 'ebs-count' &&
        err.urn === bastion.urn,
    );
    const stackProbe = probePack([
      {
        name: 'stack-boom',
        description: 'Boom.',
        validateStack: () => {
          throw new Error('boom');
        },
      },
    ]);
    await assert.rejects(
      () => evaluatePacks(r.resources, [stackProbe], opts()),
      (err: unknown) =>
        err instanceof PolicyEvaluationError &&
        err.message ===
          'policy "stack-boom" of policy pack probe@0.0.1 failed on the stack: boom' &&
        err.urn === undefined,
    );
  });
});

describe('readPolicyPackConfig', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'vitistack-policy-config-'));
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  const write = (name: string, text: string) => {
    const file = join(dir, name);
    writeFileSync(file, text);
    return file;
  };

  it('reads the JSON the preview command takes; an empty file is no config', () => {
    const file = write(
      'ok.json',
      '{"a": "mandatory", "b": {"enforcementLevel": "advisory", "x": 1}}',
    );
    assert.deepEqual(readPolicyPackConfig(file), {
      a: 'mandatory',
      b: { enforcementLevel: 'advisory', x: 1 },
    });
    assert.deepEqual(readPolicyPackConfig(write('empty.json', '  \n')), {});
  });

  it('refuses files that are missing, not JSON or not an object', () => {
    const missing = join(dir, 'missing.json');
    assert.throws(
      () => readPolicyPackConfig(missing),
      (err: unknown) =>
        err instanceof PolicyConfigError &&
        err.message === `policy pack config ${missing}: no such file.`,
    );
    const bad = write('bad.json', '{"a": ');
    assert.throws(
      () => readPolicyPackConfig(bad),
      (err: unknown) =>
        err instanceof PolicyConfigError &&
        err.message.startsWith(`policy pack config ${bad} is not valid JSON (`),
    );
    const list = write('list.json', '["a"]');
    assert.throws(
      () => readPolicyPackConfig(list),
      (err: unknown) =>
        err instanceof PolicyConfigError &&
        err.message ===
          `policy pack config ${list} must be a JSON object of policy names, e.g. {"my-policy": "mandatory"}.`,
    );
  });
});
