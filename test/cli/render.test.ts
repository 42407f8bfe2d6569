import { strict as assert } from 'node:assert';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Vitistack } from '../../src/api/v1alpha1';
import { run } from '../helpers/cli';
import type { RecordedResource } from '../../src/engine/mocks';
import { renderStack, type StackRender } from '../../src/engine/render-stack';
import { resolveStack, secretInfoOf } from '../../src/model';
import { errorLines, loadPaths } from '../helpers/load';
import { repoRoot } from '../model/helpers';

const SIG_KEY = '4dabf18193072939515e22adb298388d';
const SECRET_SIG = '1b47061264138c4ac30d75fd1eb44270';
/** A recorded input that the engine would store encrypted. */
function isSecretInput(v: unknown): v is { value: unknown } {
  return (
    typeof v === 'object' && v !== null && (v as Record<string, unknown>)[SIG_KEY] === SECRET_SIG
  );
}

const AWS_PRODUCTION = join(repoRoot(), 'stacks', 'aws-production');
const ACCESS = 'AKIAEXAMPLEKEY123456';
const SECRET = 'wJalr-SECRET-VALUE-xyz';
const GRAFANA = 'grafana-PASSWORD-0987';

const AWS_SECRET = `apiVersion: v1
kind: Secret
metadata:
  name: aws-credentials
  namespace: production
stringData:
  access-key-id: ${ACCESS}
  secret-access-key: '${SECRET}'
`;
// The Grafana password the KubernetesProvider names: once Secrets are given, every Secret the
// stack references must be among them (as for the controller).
const GRAFANA_SECRET = `apiVersion: v1
kind: Secret
metadata:
  name: grafana-admin
  namespace: production
stringData:
  password: ${GRAFANA}
`;

const CREDENTIALS_WARNING = /credentials Secret production\/aws-credentials not supplied/;

/** A copy of stacks/aws-production in a temporary directory, with extra files. */
function awsProductionCopy(extra: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'vitistack-render-'));
  cpSync(AWS_PRODUCTION, dir, { recursive: true });
  for (const [file, text] of Object.entries(extra)) writeFileSync(join(dir, file), text);
  return dir;
}

interface JsonReport {
  stack: string;
  resources: { type: string; name: string; parent: string; urn: string }[];
  counts: Record<string, number>;
  warnings: string[];
  status: { kind: string; namespace: string; name: string; status: Record<string, unknown> }[];
  secrets: { owner: string; name: string; key: string }[];
}

describe('vitistack render', () => {
  const dirs: string[] = [];
  after(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  describe('stacks/aws-production', () => {
    let text: { code: number; out: string; err: string };
    let json: { code: number; out: string; err: string };
    before(async () => {
      text = await run(['render', AWS_PRODUCTION]);
      json = await run([
        'render',
        '--output',
        'json',
        '--vitistack',
        'production/aws-production',
        AWS_PRODUCTION,
      ]);
    });

    it('text: the tree, counts by type, warnings and status blocks; exit 0', () => {
      assert.equal(text.code, 0, text.err);
      assert.equal(text.err, '');
      const lines = text.out.split('\n');
      assert.equal(lines[0], 'Stack production.aws-production: 95 resources');
      assert.ok(lines.includes('└─ vitistack:index:Vitistack  aws-production'));
      assert.ok(lines.includes('   ├─ vitistack:aws:Machine  bastion-host'));
      assert.ok(lines.includes('Resources by type:'));
      assert.match(text.out, /^ {2}aws:ec2\/instance:Instance +3$/m);
      assert.match(text.out, /^ {2}aws:eks\/nodeGroup:NodeGroup +2$/m);
      assert.ok(lines.includes('Warnings (13):'));
      assert.ok(
        lines.includes('  - cluster aws-eks-provider: networking.serviceMesh is not built yet'),
      );
      assert.ok(lines.includes('Status each object would get:'));
      for (const block of [
        '--- Vitistack production/aws-production',
        '--- MachineProvider production/aws-ec2-provider',
        '--- Machine production/app-server-1',
        '--- Machine production/app-server-2',
        '--- Machine production/bastion-host',
        '--- KubernetesProvider production/aws-eks-provider',
      ]) {
        assert.ok(lines.includes(block), block);
      }
      assert.match(text.out, /^ {6}privateIP: 10\.0\.2\.10$/m);
      assert.ok(lines.includes('Secrets written (values not shown):'));
      assert.ok(
        lines.includes(
          '  - aws-eks-provider-kubeconfig (key kubeconfig): kubeconfig of EKS cluster aws-eks-provider',
        ),
      );
      // The kubeconfig itself is not printed.
      assert.ok(!text.out.includes('get-token'));
    });

    it('--output json: one report with counts, warnings, status and secrets by name', () => {
      assert.equal(json.code, 0, json.err);
      const report = JSON.parse(json.out) as JsonReport;
      assert.equal(report.stack, 'production.aws-production');
      assert.equal(report.counts['aws:ec2/instance:Instance'], 3);
      assert.equal(report.counts['aws:eks/cluster:Cluster'], 1);
      assert.equal(
        Object.values(report.counts).reduce((a, b) => a + b, 0),
        report.resources.length,
      );
      assert.equal(report.resources.length, 95);
      assert.equal(report.warnings.length, 13);
      assert.deepEqual(
        report.status.map((p) => `${p.kind}/${p.name}`),
        [
          'Vitistack/aws-production',
          'MachineProvider/aws-ec2-provider',
          'Machine/app-server-1',
          'Machine/app-server-2',
          'Machine/bastion-host',
          'KubernetesProvider/aws-eks-provider',
        ],
      );
      assert.deepEqual(report.secrets, [
        {
          owner: 'KubernetesProvider/production/aws-eks-provider',
          name: 'aws-eks-provider-kubeconfig',
          key: 'kubeconfig',
        },
      ]);
      assert.ok(!json.out.includes('get-token'));
    });
  });

  it('--vitistack with an unknown name exits 2 and lists the Vitistacks found', async () => {
    const dir = join(repoRoot(), 'stacks', 'multi-cloud-dr');
    const r = await run(['render', '--vitistack', 'nope/x', dir]);
    assert.equal(r.code, 2);
    assert.equal(r.out, '');
    assert.equal(
      r.err,
      `render: no Vitistack nope/x in ${dir} (found: production/primary-vitistack, production/secondary-vitistack)\n`,
    );
  });

  it('an invalid manifest exits 2 with its error and renders nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vitistack-render-bad-'));
    dirs.push(dir);
    writeFileSync(
      join(dir, 'bad.yaml'),
      `apiVersion: vitistack.io/v1alpha1
kind: Vitistack
metadata:
  name: dc2
  namespace: prod
spec:
  region: us-west-2
  networking:
    vpcs:
      - name: main
        cidr: 10.0.0.0/33
`,
    );
    const r = await run(['render', dir]);
    assert.equal(r.code, 2);
    assert.equal(r.out, '');
    assert.deepEqual(r.err.replace(`${dir}/`, '').split('\n'), [
      'bad.yaml:11 spec.networking.vpcs[0].cidr: "10.0.0.0/33" is not a valid CIDR block (expected a form like "10.0.0.0/16")',
      'render: 1 validation error; fix them first (vitistack validate)',
      '',
    ]);
  });

  it('a Machine naming an unknown security group exits 1 with the problem', async () => {
    const dir = awsProductionCopy();
    dirs.push(dir);
    const file = join(dir, 'machines.yaml');
    const yaml = readFileSync(file, 'utf8');
    assert.ok(yaml.includes('      - bastion-sg\n'));
    writeFileSync(file, yaml.replace('      - bastion-sg\n', '      - no-such-sg\n'));
    const r = await run(['render', dir]);
    assert.equal(r.code, 1);
    assert.equal(r.out, '');
    assert.equal(
      r.err,
      'render production/aws-production: the stack cannot be built:\n' +
        '  - Machine production/bastion-host: security group "no-such-sg" is not defined; ' +
        `add it to the MachineProvider's securityGroups or use an "sg-..." ID\n`,
    );
  });

  describe('with the credentials Secret supplied', () => {
    let dir: string;
    before(() => {
      dir = awsProductionCopy({ 'secrets.yaml': `${AWS_SECRET}---\n${GRAFANA_SECRET}` });
      dirs.push(dir);
    });

    for (const output of ['text', 'json']) {
      it(`${output}: no Secret value in the output, no credentials warning`, async () => {
        const r = await run(['render', '-o', output, dir]);
        assert.equal(r.code, 0, r.err);
        const all = r.out + r.err;
        for (const v of [ACCESS, SECRET, GRAFANA]) assert.ok(!all.includes(v), v);
        assert.doesNotMatch(all, CREDENTIALS_WARNING);
        // The other 11 warnings stay.
        if (output === 'json') assert.equal((JSON.parse(r.out) as JsonReport).warnings.length, 11);
        else assert.ok(r.out.split('\n').includes('Warnings (11):'));
      });
    }

    it('a referenced Secret missing from the files exits 1, naming it and no value', async () => {
      const partial = awsProductionCopy({ 'secrets.yaml': AWS_SECRET });
      dirs.push(partial);
      const r = await run(['render', partial]);
      assert.equal(r.code, 1);
      assert.equal(r.out, '');
      assert.equal(
        r.err,
        'render production/aws-production: Vitistack production/aws-production cannot be resolved (1 problem):\n' +
          "- Secret 'grafana-admin' in namespace 'production' (spec.monitoring.grafana.adminPassword.secretRef of KubernetesProvider production/aws-eks-provider) does not exist yet\n",
      );
      for (const v of [ACCESS, SECRET]) assert.ok(!r.err.includes(v), v);
    });

    describe('under mocks', () => {
      let r: StackRender;
      let providers: RecordedResource[];
      before(async () => {
        const loaded = loadPaths([dir]);
        assert.deepEqual(errorLines(loaded), []);
        const objects = loaded.objects.map((o) => o.object);
        const v = objects.find((o): o is Vitistack => o.kind === 'Vitistack');
        assert.ok(v);
        const model = resolveStack(v, objects, { secrets: loaded.secrets.map(secretInfoOf) });
        r = await renderStack(model, {
          secrets: Object.fromEntries(
            loaded.secrets.map((s) => [`${s.metadata.namespace}/${s.metadata.name}`, s.values]),
          ),
        });
        providers = r.resources.filter((x) => x.type === 'pulumi:providers:aws');
      });

      it('both AWS providers get the credentials, as secrets', () => {
        assert.deepEqual(
          providers.map((p) => p.name),
          ['production-aws-ec2-provider', 'production-aws-eks-provider'],
        );
        for (const p of providers) {
          const { accessKey, secretKey } = p.inputs;
          assert.ok(isSecretInput(accessKey), `${p.name} accessKey`);
          assert.ok(isSecretInput(secretKey), `${p.name} secretKey`);
          assert.equal(accessKey.value, ACCESS);
          assert.equal(secretKey.value, SECRET);
        }
        assert.doesNotMatch(r.warnings.join('\n'), CREDENTIALS_WARNING);
      });

      it('no credential appears in any plain input, output or status', () => {
        const plain = JSON.stringify({
          resources: r.resources.map((x) =>
            x.type === 'pulumi:providers:aws'
              ? {
                  ...x,
                  inputs: { ...x.inputs, accessKey: null, secretKey: null },
                  state: { ...x.state, accessKey: null, secretKey: null },
                }
              : x,
          ),
          outputs: r.outputs,
          status: r.status,
          warnings: r.warnings,
        });
        for (const v of [ACCESS, SECRET, GRAFANA]) assert.ok(!plain.includes(v), v);
      });
    });
  });
});
