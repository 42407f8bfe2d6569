// `vitistack preview|up|destroy|refresh|unlock` end to end in-process, with the recording
// stand-in for the pulumi CLI: exit codes, confirmation, outputs, and what never gets printed.
import { strict as assert } from 'node:assert';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main, type CliDeps } from '../../src/cli/main';
import { FakePulumi, type Script } from '../engine/fake-pulumi';
import { repoRoot } from '../model/helpers';

const STACK = 'production.aws-production';
const KEY_ID = 'AKIAFAKEKEYID0000002';
const SECRET = 'fakeSecretAccessKeyValue/0123456789abcdef';
const SECRETS_JSON = JSON.stringify({
  'production/aws-credentials': { aws_access_key_id: KEY_ID, aws_secret_access_key: SECRET },
  'production/grafana-admin': { password: 'fake-grafana-password' },
});
const AWS_PRODUCTION = join(repoRoot(), 'stacks', 'aws-production');

const PREVIEW_EVENTS = [
  {
    resourcePreEvent: {
      metadata: {
        op: 'create',
        urn: `urn:pulumi:${STACK}::vitistack::vitistack:aws:Machine$aws:ec2/instance:Instance::bastion-instance`,
        type: 'aws:ec2/instance:Instance',
        provider: '',
      },
    },
  },
  { summaryEvent: { resourceChanges: { create: 1, same: 40 } } },
];

const MANDATORY = {
  policyEvent: {
    message: 'SSH open to the internet',
    color: 'never',
    policyName: 'no-open-ssh',
    policyPackName: 'vitistack-baseline',
    policyPackVersion: '0.1.0',
    policyPackVersionTag: '0.1.0',
    enforcementLevel: 'mandatory',
  },
};

interface Run {
  code: number;
  out: string;
  err: string;
  fake: FakePulumi;
  questions: string[];
}

const dirs: string[] = [];

async function vitistack(
  args: string[],
  script: Script = () => undefined,
  opts: { env?: NodeJS.ProcessEnv; tty?: boolean; answer?: boolean } = {},
): Promise<Run> {
  const state = mkdtempSync(join(tmpdir(), 'vitistack-cli-state-'));
  dirs.push(state);
  const fake = new FakePulumi(script);
  const questions: string[] = [];
  const deps: CliDeps = {
    env: opts.env ?? { VITISTACK_SECRETS: SECRETS_JSON, PULUMI_CONFIG_PASSPHRASE: 'pass-phrase' },
    isTTY: opts.tty ?? false,
    confirm: (q) => {
      questions.push(q);
      return Promise.resolve(opts.answer ?? false);
    },
    pulumiCommand: fake.asCommand(),
  };
  let out = '';
  let err = '';
  const code = await main(
    ['node', 'vitistack', ...args, '--state-dir', state],
    { out: (t) => (out += t), err: (t) => (err += t) },
    deps,
  );
  return { code, out, err, fake, questions };
}

function verbs(r: Run): string[] {
  return r.fake.invocations.map((i) => i.args.slice(0, i.args[0] === 'stack' ? 2 : 1).join(' '));
}

describe('vitistack preview/up/destroy/refresh/unlock', () => {
  after(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('preview prints the changes and exits 0', async () => {
    const r = await vitistack(['preview', AWS_PRODUCTION], (inv) =>
      inv.args[0] === 'preview' ? { events: PREVIEW_EVENTS } : undefined,
    );
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(verbs(r), ['stack select', 'stack init', 'preview']);
    assert.match(r.out, /bastion-instance/);
    assert.match(r.out, /plan-[0-9a-f]{16}/);
  });

  it('--output markdown gives a pull-request comment; --output json the structured result', async () => {
    const script: Script = (inv) =>
      inv.args[0] === 'preview' ? { events: PREVIEW_EVENTS } : undefined;
    const md = await vitistack(['preview', AWS_PRODUCTION, '--output', 'markdown'], script);
    assert.equal(md.code, 0, md.err);
    assert.match(md.out, new RegExp(`^### vitistack preview: ${STACK.replace('.', '\\.')}`, 'm'));
    assert.match(md.out, /^\| `\+` create \| bastion-instance \| `aws:ec2\/instance:Instance` \|/m);
    const json = await vitistack(['preview', AWS_PRODUCTION, '-o', 'json'], script);
    const parsed = JSON.parse(json.out) as { operation: string; stack: string; steps: unknown[] };
    assert.equal(parsed.operation, 'preview');
    assert.equal(parsed.stack, STACK);
    assert.equal(parsed.steps.length, 1);
  });

  it('a mandatory policy violation exits 3 and shows in the markdown', async () => {
    const r = await vitistack(
      [
        'preview',
        AWS_PRODUCTION,
        '-o',
        'markdown',
        '--policy-pack',
        'policy-packs/vitistack-baseline',
      ],
      (inv) =>
        inv.args[0] === 'preview'
          ? { events: [MANDATORY], code: 255, stderr: 'error: preview failed\n' }
          : undefined,
    );
    assert.equal(r.code, 3, r.err);
    assert.match(r.out, /no-open-ssh/);
    assert.match(r.out, /SSH open to the internet/);
    assert.ok(r.fake.calls('preview')[0]?.args.includes('policy-packs/vitistack-baseline'));
  });

  it('bad input exits 2 before the engine runs', async () => {
    const noSecrets = await vitistack(['preview', AWS_PRODUCTION], undefined, {
      env: { PULUMI_CONFIG_PASSPHRASE: 'x' },
    });
    assert.equal(noSecrets.code, 2);
    assert.equal(
      noSecrets.err,
      'preview: Vitistack production/aws-production references Secrets that were not supplied:\n' +
        '  - production/aws-credentials: credentials of MachineProvider production/aws-ec2-provider; credentials of KubernetesProvider production/aws-eks-provider\n' +
        "  - production/grafana-admin (keys 'password'): spec.monitoring.grafana.adminPassword.secretRef of KubernetesProvider production/aws-eks-provider\n" +
        'supply their values with --secrets-file <YAML with v1 Secret manifests> or the VITISTACK_SECRETS environment variable ({"<namespace>/<name>": {"<key>": "<value>"}})\n',
    );
    const noPassphrase = await vitistack(['preview', AWS_PRODUCTION], undefined, {
      env: { VITISTACK_SECRETS: SECRETS_JSON },
    });
    assert.equal(noPassphrase.code, 2);
    assert.match(noPassphrase.err, /needs a passphrase: set PULUMI_CONFIG_PASSPHRASE/);
    // A problem only the program finds (an unknown security group) is caught offline too.
    const dir = mkdtempSync(join(tmpdir(), 'vitistack-cli-'));
    dirs.push(dir);
    cpSync(AWS_PRODUCTION, dir, { recursive: true });
    const file = join(dir, 'machines.yaml');
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace('      - bastion-sg\n', '      - no-sg\n'),
    );
    const program = await vitistack(['preview', dir]);
    assert.equal(program.code, 2);
    assert.match(program.err, /security group "no-sg" is not defined/);
    for (const r of [noSecrets, noPassphrase, program]) assert.deepEqual(r.fake.invocations, []);
  });

  it('up without a terminal needs --yes', async () => {
    const r = await vitistack(['up', AWS_PRODUCTION]);
    assert.equal(r.code, 2);
    assert.equal(
      r.err,
      'up: up changes infrastructure and there is no terminal to confirm on; pass --yes\n',
    );
    assert.deepEqual(r.fake.invocations, []);
  });

  it('up on a terminal previews, asks, and runs exactly the plan it showed', async () => {
    const script: Script = (inv) =>
      inv.args[0] === 'preview' ? { events: PREVIEW_EVENTS } : undefined;
    const no = await vitistack(['up', AWS_PRODUCTION], script, { tty: true, answer: false });
    assert.equal(no.code, 0);
    assert.deepEqual(no.questions, [`Perform this update on stack ${STACK}?`]);
    assert.ok(!verbs(no).includes('up'));
    const yes = await vitistack(['up', AWS_PRODUCTION], script, { tty: true, answer: true });
    assert.equal(yes.code, 0, yes.err);
    const saved = yes.fake.calls('preview')[0]?.args;
    const ran = yes.fake.calls('up')[0]?.args;
    assert.ok(saved && ran);
    const planFile = saved[saved.indexOf('--save-plan') + 1];
    assert.ok(planFile);
    assert.equal(ran[ran.indexOf('--plan') + 1], planFile);
  });

  it('up --yes and destroy --yes run without asking; a failure exits 1', async () => {
    const up = await vitistack(['up', AWS_PRODUCTION, '--yes']);
    assert.equal(up.code, 0, up.err);
    assert.deepEqual(up.questions, []);
    const destroy = await vitistack(['destroy', AWS_PRODUCTION, '--yes', '--remove'], (inv) =>
      inv.args[0] === 'destroy'
        ? { code: 255, stderr: 'error: deleting VPC: DependencyViolation\n' }
        : undefined,
    );
    assert.equal(destroy.code, 1);
    assert.match(destroy.out, /^Failed \(failed\): error: deleting VPC: DependencyViolation$/m);
    assert.deepEqual(
      destroy.fake.calls('stack').map((i) => i.args[1]),
      ['select', 'init'],
    );
    const removed = await vitistack(['destroy', AWS_PRODUCTION, '--yes', '--remove']);
    assert.equal(removed.code, 0, removed.err);
    assert.deepEqual(verbs(removed).slice(-3), ['destroy', 'stack history', 'stack rm']);
  });

  it('refresh and unlock', async () => {
    const refresh = await vitistack(['refresh', AWS_PRODUCTION, '--clear-pending-creates']);
    assert.equal(refresh.code, 0, refresh.err);
    assert.ok(refresh.fake.calls('refresh')[0]?.args.includes('--clear-pending-creates'));
    const unlock = await vitistack(['unlock', AWS_PRODUCTION]);
    assert.equal(unlock.code, 0, unlock.err);
    assert.equal(unlock.out, `unlock: stack ${STACK} is unlocked\n`);
    assert.deepEqual(verbs(unlock).slice(-1), ['cancel']);
  });

  it('credential values appear in no output, argument or environment', async () => {
    const r = await vitistack(['preview', AWS_PRODUCTION, '-o', 'json'], (inv) =>
      inv.args[0] === 'preview'
        ? { events: PREVIEW_EVENTS, code: 255, stderr: `error: AuthFailure for ${KEY_ID}\n` }
        : undefined,
    );
    assert.equal(r.code, 1);
    const all = r.out + r.err + JSON.stringify(r.fake.invocations);
    assert.ok(!all.includes(KEY_ID));
    assert.ok(!all.includes(SECRET));
  });
});
