// Contract tests of the Automation API engine against a recording stand-in for the pulumi CLI:
// the exact commands per operation and per backend/secrets choice, results built from the
// events, secrets kept out of every argument, environment, result and error, lock retries, and
// the messages for a missing CLI or plugin.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AutomationEngine, type AutomationEngineOptions } from '../../src/engine/automation-engine';
import { parseBackend, parseSecretsProvider } from '../../src/engine/backend';
import type { StackTarget } from '../../src/engine/engine';
import type { ProgressEvent } from '../../src/engine/events';
import { FakePulumi, type Answer, type Invocation, type Script } from './fake-pulumi';
import { targetOf } from './targets';

const STACK = 'production.aws-production';
const SECRET_KEY_ID = 'AKIAFAKEKEYID0000001';
const SECRET_ACCESS_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYFAKESECRET';
const PASSPHRASE = 'correct horse battery staple';

/** Arguments with the per-run parts (ports, temp paths) replaced by placeholders. */
function shape(inv: Invocation): string {
  return inv.args
    .join(' ')
    .replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:PORT')
    .replace(/--event-log \S+/g, '--event-log LOG');
}

function urn(type: string, name: string): string {
  return `urn:pulumi:${STACK}::vitistack::vitistack:index:VitistackStack$${type}::${name}`;
}

function pre(op: string, type: string, name: string, extra: Record<string, unknown> = {}) {
  return {
    resourcePreEvent: { metadata: { op, urn: urn(type, name), type, provider: '', ...extra } },
  };
}

function outputsEvent(op: string, type: string, name: string) {
  return { resOutputsEvent: { metadata: { op, urn: urn(type, name), type, provider: '' } } };
}

const PLAN_EVENTS = [
  { preludeEvent: { config: {} } },
  pre('same', 'aws:ec2/vpc:Vpc', 'main'),
  pre('create', 'aws:ec2/instance:Instance', 'web-1-instance'),
  pre('update', 'aws:ec2/securityGroup:SecurityGroup', 'web', {
    diffs: ['tags', 'ingress'],
    detailedDiff: {
      'ingress[0].cidrBlocks[1]': { diffKind: 'add', inputDiff: true },
      'tags.team': { diffKind: 'update', inputDiff: true },
    },
  }),
  pre('create-replacement', 'aws:ebs/volume:Volume', 'web-1-data', {
    keys: ['availabilityZone'],
    diffs: ['availabilityZone', 'size'],
    detailedDiff: {
      availabilityZone: { diffKind: 'update-replace', inputDiff: true },
      size: { diffKind: 'update', inputDiff: true },
    },
  }),
  pre('replace', 'aws:ebs/volume:Volume', 'web-1-data', { keys: ['availabilityZone'] }),
  pre('delete-replaced', 'aws:ebs/volume:Volume', 'web-1-data'),
  {
    policyEvent: {
      resourceUrn: urn('aws:ec2/securityGroup:SecurityGroup', 'web'),
      message: '<{%fg 1%}>SSH is open to 0.0.0.0/0<{%reset%}>',
      color: 'raw',
      policyName: 'no-open-ssh',
      policyPackName: 'vitistack-baseline',
      policyPackVersion: '0.1.0',
      policyPackVersionTag: '0.1.0',
      enforcementLevel: 'warning',
    },
  },
  {
    diagnosticEvent: {
      message: 'creating (3s)',
      color: 'raw',
      severity: 'info',
      ephemeral: true,
    },
  },
  {
    summaryEvent: {
      maybeCorrupt: false,
      durationSeconds: 2,
      resourceChanges: { same: 1, create: 1, update: 1, replace: 1 },
      policyPacks: {},
    },
  },
];

interface Setup {
  readonly fake: FakePulumi;
  readonly engine: AutomationEngine;
  readonly target: StackTarget;
  readonly sleeps: number[];
}

const dirs: string[] = [];

function setup(script: Script, opts: Partial<AutomationEngineOptions> = {}, version?: string) {
  const fake = new FakePulumi(script, version);
  const state = mkdtempSync(join(tmpdir(), 'vitistack-state-'));
  dirs.push(state);
  const sleeps: number[] = [];
  const engine = new AutomationEngine({
    backend: parseBackend(undefined, state),
    secretsProvider: parseSecretsProvider(undefined),
    passphrase: { kind: 'value', value: PASSPHRASE },
    pulumiCommand: fake.asCommand(),
    lockRetry: { attempts: 3, baseMs: 1000, maxMs: 4000 },
    retryHooks: {
      sleep: (ms) => {
        sleeps.push(ms);
        return Promise.resolve();
      },
      random: () => 1,
    },
    now: () => new Date('2026-11-22T10:00:00Z'),
    ...opts,
  });
  const target = targetOf('aws-production', STACK, {
    aws_access_key_id: SECRET_KEY_ID,
    aws_secret_access_key: SECRET_ACCESS_KEY,
  });
  return { fake, engine, target, sleeps, state } satisfies Setup & { state: string };
}

/** Answers `verb` with `answer`, everything else built in. */
function on(verb: string, answer: Answer | ((inv: Invocation, n: number) => Answer)): Script {
  let n = 0;
  return (inv) => {
    if (inv.args[0] !== verb) return undefined;
    n++;
    return typeof answer === 'function' ? answer(inv, n) : answer;
  };
}

function everything(fake: FakePulumi, result: unknown): string {
  return JSON.stringify({ invocations: fake.invocations, result });
}

const LOCKED = {
  code: 255,
  stderr:
    'error: the stack is currently locked by 1 lock(s). Either wait for the other process(es) to end or delete the lock file with `pulumi cancel`.\n' +
    '  file:///var/lib/vitistack/state/.pulumi/locks/organization/vitistack/production.aws-production/0b7c.json: created by vitistack@controller-7d9f (pid 42) at 2026-11-22T09:58:00Z\n',
};

describe('AutomationEngine', () => {
  after(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  describe('commands', () => {
    it('preview: creates the stack with the secrets provider, then previews with the program inline', async () => {
      const { fake, engine, target, state } = setup(on('preview', { events: PLAN_EVENTS }));
      const r = await engine.preview(target);
      assert.equal(r.result, 'succeeded', JSON.stringify(r.failure));
      assert.deepEqual(fake.invocations.map(shape), [
        `stack select --stack ${STACK} --non-interactive`,
        `stack init ${STACK} --secrets-provider passphrase --non-interactive`,
        `preview --diff --color never --client=127.0.0.1:PORT --exec-kind auto.inline --event-log LOG --stack ${STACK} --non-interactive`,
      ]);
      const previewCall = fake.calls('preview')[0];
      assert.ok(previewCall);
      assert.deepEqual(previewCall.env, {
        PULUMI_DEBUG_COMMANDS: 'true',
        PULUMI_BACKEND_URL: `file://${state}`,
        PULUMI_CONFIG_PASSPHRASE: PASSPHRASE,
        PULUMI_SKIP_UPDATE_CHECK: 'true',
      });
      // The workspace's project file names the project, runtime and backend.
      const project = readFileSync(join(previewCall.cwd, 'Pulumi.yaml'), 'utf8');
      assert.match(project, /^name: vitistack$/m);
      assert.match(project, /runtime: nodejs/);
      assert.match(project, new RegExp(`url: file://${state}`));
    });

    it('an existing stack is selected, not created again', async () => {
      const { fake, engine, target } = setup(on('preview', { events: PLAN_EVENTS }));
      fake.stacks.set(STACK, {});
      await engine.preview(target);
      assert.deepEqual(
        fake.invocations.map((i) => i.args.slice(0, 2).join(' ')),
        ['stack select', 'preview --diff'],
      );
    });

    it('S3 backend and AWS KMS secrets: env and init say so, no passphrase anywhere', async () => {
      const { fake, engine, target } = setup(on('up', { events: [] }), {
        backend: parseBackend('s3://vitistack-state?region=eu-north-1'),
        secretsProvider: parseSecretsProvider('awskms://alias/vitistack'),
      });
      await engine.up(target);
      assert.equal(
        shape(fake.invocations[1] as Invocation),
        `stack init ${STACK} --secrets-provider awskms://alias/vitistack --non-interactive`,
      );
      for (const inv of fake.invocations) {
        assert.equal(inv.env.PULUMI_BACKEND_URL, 's3://vitistack-state?region=eu-north-1');
        assert.equal(inv.env.PULUMI_CONFIG_PASSPHRASE, undefined);
      }
      assert.ok(!everything(fake, {}).includes(PASSPHRASE));
    });

    it('preview options: refresh, saved plan, policy packs and their config', async () => {
      const { fake, engine, target } = setup(on('preview', { events: PLAN_EVENTS }));
      const r = await engine.preview(target, {
        refresh: true,
        savePlan: '/tmp/plan.json',
        policyPacks: ['policy-packs/vitistack-baseline'],
        policyPackConfigs: ['baseline.json'],
      });
      assert.equal(
        shape(fake.calls('preview')[0] as Invocation),
        `preview --refresh --diff --policy-pack policy-packs/vitistack-baseline --policy-pack-config baseline.json --save-plan /tmp/plan.json --color never --client=127.0.0.1:PORT --exec-kind auto.inline --event-log LOG --stack ${STACK} --non-interactive`,
      );
      assert.equal(r.planFile, '/tmp/plan.json');
    });

    it('up with a saved plan, destroy, refresh with clearPendingCreates, unlock', async () => {
      const { fake, engine, target } = setup(() => undefined);
      fake.stacks.set(STACK, {});
      await engine.up(target, { plan: '/tmp/plan.json' });
      await engine.destroy(target);
      await engine.refresh(target, { clearPendingCreates: true });
      await engine.unlock(target);
      const ops = fake.invocations
        .filter((i) => ['up', 'destroy', 'refresh', 'cancel'].includes(i.args[0] ?? ''))
        .map(shape);
      assert.deepEqual(ops, [
        `up --yes --skip-preview --plan /tmp/plan.json --color never --client=127.0.0.1:PORT --exec-kind auto.inline --event-log LOG --stack ${STACK} --non-interactive`,
        `destroy --yes --skip-preview --color never --event-log LOG --client=127.0.0.1:PORT --exec-kind auto.inline --stack ${STACK} --non-interactive`,
        `refresh --skip-preview --yes --clear-pending-creates --color never --event-log LOG --client=127.0.0.1:PORT --exec-kind auto.inline --stack ${STACK} --non-interactive`,
        `cancel --yes --stack ${STACK} --non-interactive`,
      ]);
    });
  });

  describe('results from engine events', () => {
    for (const version of ['3.210.0', '3.200.0']) {
      const transport = version === '3.210.0' ? 'gRPC events service' : 'event log file';
      it(`steps, keys, summary, policy violations and plan id (CLI ${version}, ${transport})`, async () => {
        const progress: ProgressEvent[] = [];
        const { engine, target } = setup(on('preview', { events: PLAN_EVENTS }), {}, version);
        const r = await engine.preview(target, { onProgress: (e) => progress.push(e) });
        assert.equal(r.operation, 'preview');
        assert.equal(r.stack, STACK);
        assert.equal(r.startedAt, '2026-11-22T10:00:00.000Z');
        assert.deepEqual(r.changeSummary, { same: 1, create: 1, update: 1, replace: 1 });
        assert.equal(r.unchanged, 1);
        assert.deepEqual(
          r.steps.map((s) => [s.op, s.name, s.changedKeys, s.replaceKeys, s.status]),
          [
            ['create', 'web-1-instance', [], [], 'planned'],
            ['update', 'web', ['ingress', 'tags'], [], 'planned'],
            [
              'replace',
              'web-1-data',
              ['availabilityZone', 'size'],
              ['availabilityZone'],
              'planned',
            ],
          ],
        );
        assert.deepEqual(r.policyViolations, [
          {
            policyPack: 'vitistack-baseline',
            policyPackVersion: '0.1.0',
            policy: 'no-open-ssh',
            level: 'advisory',
            message: 'SSH is open to 0.0.0.0/0',
            urn: urn('aws:ec2/securityGroup:SecurityGroup', 'web'),
          },
        ]);
        // Ephemeral progress diagnostics are not results.
        assert.deepEqual(r.diagnostics, []);
        assert.match(r.planId ?? '', /^plan-[0-9a-f]{16}$/);
        assert.equal(progress.filter((e) => e.kind === 'policy').length, 1);
        assert.deepEqual(
          progress.flatMap((e) => (e.kind === 'step' ? [e.step.name] : [])),
          ['web-1-instance', 'web', 'web-1-data', 'web-1-data', 'web-1-data'],
        );
      });
    }

    it('the plan id changes with the inputs and with the plan, not with event order', async () => {
      const a = setup(on('preview', { events: PLAN_EVENTS }));
      const b = setup(on('preview', { events: [...PLAN_EVENTS].reverse() }));
      const c = setup(
        on('preview', { events: [...PLAN_EVENTS.slice(0, 3), ...PLAN_EVENTS.slice(-1)] }),
      );
      const ra = await a.engine.preview(a.target);
      const rb = await b.engine.preview(b.target);
      const rc = await c.engine.preview(c.target);
      const rd = await a.engine.preview({
        ...a.target,
        model: { ...a.target.model, inputsHash: 'sha256:other' },
      });
      assert.equal(ra.planId, rb.planId);
      assert.notEqual(ra.planId, rc.planId);
      assert.notEqual(ra.planId, rd.planId);
    });

    it('up: steps done or failed, outputs with secrets masked', async () => {
      const events = [
        pre('create', 'aws:ec2/instance:Instance', 'web-1-instance'),
        outputsEvent('create', 'aws:ec2/instance:Instance', 'web-1-instance'),
        pre('create', 'aws:ebs/volume:Volume', 'web-1-data'),
        {
          resOpFailedEvent: {
            metadata: {
              op: 'create',
              urn: urn('aws:ebs/volume:Volume', 'web-1-data'),
              type: 'aws:ebs/volume:Volume',
              provider: '',
            },
            status: 1,
            steps: 1,
          },
        },
        {
          diagnosticEvent: {
            urn: urn('aws:ebs/volume:Volume', 'web-1-data'),
            message: 'creating EBS Volume: VolumeLimitExceeded: quota reached\n',
            color: 'never',
            severity: 'error',
          },
        },
      ];
      const ok = setup(
        on('up', {
          events: events.slice(0, 2),
          outputs: {
            stack: { value: STACK, secret: false },
            secrets: { value: [{ kubeconfig: 'apiVersion: v1 ... token: abc' }], secret: true },
          },
        }),
      );
      const r = await ok.engine.up(ok.target);
      assert.equal(r.result, 'succeeded');
      assert.deepEqual(r.outputs, { stack: STACK, secrets: '[secret]' });
      assert.deepEqual(
        r.steps.map((s) => s.status),
        ['done'],
      );
      // Only secretOutputs gives the values (for the controller's kubeconfig Secrets).
      assert.deepEqual(await ok.engine.secretOutputs(ok.target), [
        { kubeconfig: 'apiVersion: v1 ... token: abc' },
      ]);
      assert.deepEqual(await ok.engine.outputs(ok.target), { stack: STACK, secrets: '[secret]' });

      const bad = setup(on('up', { events, code: 255, stderr: 'error: update failed\n' }));
      const f = await bad.engine.up(bad.target);
      assert.equal(f.result, 'failed');
      assert.deepEqual(
        f.steps.map((s) => [s.name, s.status]),
        [
          ['web-1-instance', 'done'],
          ['web-1-data', 'failed'],
        ],
      );
      assert.deepEqual(f.failure, {
        kind: 'failed',
        message: 'creating EBS Volume: VolumeLimitExceeded: quota reached (failed: web-1-data)',
        resources: [urn('aws:ebs/volume:Volume', 'web-1-data')],
      });
    });
  });

  describe('secrets', () => {
    it('credential values never appear in arguments, environments, results or errors', async () => {
      // The CLI echoes a secret in its error output: the failure message must not.
      const { fake, engine, target } = setup(
        on('up', {
          events: [
            {
              diagnosticEvent: {
                message: `provider configured with access key ${SECRET_KEY_ID}\n`,
                color: 'never',
                severity: 'warning',
              },
            },
          ],
          code: 255,
          stderr: `error: InvalidClientTokenId: The security token included in the request is invalid (key ${SECRET_KEY_ID})\n`,
        }),
      );
      const logged: string[] = [];
      const r = await engine.up(target, { onProgress: (e) => logged.push(JSON.stringify(e)) });
      assert.equal(r.failure?.kind, 'credentials');
      assert.match(r.failure.message, /^the cloud rejected the credentials: /);
      assert.match(r.failure.message, /\(key \[secret\]\)/);
      assert.deepEqual(
        r.diagnostics.map((d) => d.message),
        ['provider configured with access key [secret]'],
      );
      const all = everything(fake, r) + logged.join('\n');
      for (const secret of [SECRET_KEY_ID, SECRET_ACCESS_KEY]) {
        assert.ok(!all.includes(secret), `${secret.slice(0, 4)}... leaked`);
      }
    });
  });

  describe('failures', () => {
    it('a held lock is retried with capped backoff and then succeeds', async () => {
      const { engine, target, sleeps } = setup(
        on('up', (_inv, n) => (n <= 2 ? LOCKED : { events: [] })),
      );
      const r = await engine.up(target);
      assert.equal(r.result, 'succeeded', JSON.stringify(r.failure));
      assert.equal(r.lockRetries, 2);
      assert.deepEqual(sleeps, [1000, 2000]);
    });

    it('a lock still held after every attempt is a lock error naming the holder', async () => {
      const { engine, target, sleeps } = setup(on('up', LOCKED));
      const r = await engine.up(target);
      assert.deepEqual(sleeps, [1000, 2000]);
      assert.deepEqual(r.failure, {
        kind: 'locked',
        message:
          'the stack is locked by another operation: vitistack@controller-7d9f (pid 42) since 2026-11-22T09:58:00Z; wait for it, or if that process is gone run unlock (pulumi cancel)',
        resources: [],
      });
    });

    it('a missing CLI gives the install message', async () => {
      const saved = process.env.PATH;
      const empty = mkdtempSync(join(tmpdir(), 'no-pulumi-'));
      dirs.push(empty);
      process.env.PATH = empty;
      try {
        const engine = new AutomationEngine({
          backend: parseBackend(undefined, empty),
          secretsProvider: parseSecretsProvider(undefined),
          passphrase: { kind: 'value', value: PASSPHRASE },
        });
        const r = await engine.preview(setup(() => undefined).target);
        assert.deepEqual(r.failure, {
          kind: 'cli-missing',
          message:
            'the pulumi CLI was not found: install the Pulumi CLI (curl -fsSL https://get.pulumi.com | sh, or see https://www.pulumi.com/docs/install/) and put it on PATH',
          resources: [],
        });
      } finally {
        process.env.PATH = saved;
      }
    });

    it('a missing provider plugin says which one to install', async () => {
      const { engine, target } = setup(
        on('preview', {
          code: 255,
          stderr:
            "error: could not load plugin for aws provider 'default_7_48_0': no resource plugin 'pulumi-resource-aws' found in the workspace at version v7.48.0 or on your $PATH\n",
        }),
      );
      const r = await engine.preview(target);
      assert.equal(r.failure?.kind, 'plugin-missing');
      assert.equal(
        r.failure.message,
        'the aws provider plugin is not installed: run `pulumi plugin install resource aws v7.48.0` (the container image bundles the plugins)',
      );
    });

    it('a mandatory policy violation fails the preview as a policy failure', async () => {
      const violation = PLAN_EVENTS.find((e) => 'policyEvent' in e) as { policyEvent: object };
      const { engine, target } = setup(
        on('preview', {
          events: [{ policyEvent: { ...violation.policyEvent, enforcementLevel: 'mandatory' } }],
          code: 255,
          stderr: 'error: preview failed\n',
        }),
      );
      const r = await engine.preview(target);
      assert.equal(r.failure?.kind, 'policy');
      assert.equal(r.failure.message, '1 mandatory policy violation');
      assert.equal(r.planId, undefined);
    });

    it('abort interrupts the CLI: cancelled; a timeout says so', async () => {
      const a = setup(on('up', { hang: true }));
      const controller = new AbortController();
      const pending = a.engine.up(a.target, { signal: controller.signal });
      setTimeout(() => {
        controller.abort();
      }, 50);
      const r = await pending;
      assert.equal(r.failure?.kind, 'cancelled');

      const b = setup(on('up', { hang: true }));
      const t = await b.engine.up(b.target, { timeoutMs: 50 });
      assert.equal(t.failure?.kind, 'timeout');
      assert.match(t.failure.message, /did not finish within 50 ms/);
    });
  });
});
