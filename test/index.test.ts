// src/index.ts, the program of the root Pulumi.yaml, under mocks: every stacks/Pulumi.<stack>.yaml
// with its own config, fake credentials through secret config, and the errors a user can make.
import { strict as assert } from 'node:assert';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import { parse } from 'yaml';
import { RecordingMocks, type RecordedResource } from '../src/engine/mocks';
import { renderStack } from '../src/engine/render-stack';
import { waitForRegistrations } from '../src/engine/render';
import { resolveStack, type StackModel } from '../src/model';
import main from '../src/index';
import { projectRoot } from '../src/program/from-config';
import { parseNamespaces, parseSecrets, readStackConfig } from '../src/program/stack-config';
import { errorLines, loadPaths } from './helpers/load';
import { repoRoot, vitistackOf } from './model/helpers';

const ROOT = repoRoot();
const SIG_KEY = '4dabf18193072939515e22adb298388d';
const SECRET_SIG = '1b47061264138c4ac30d75fd1eb44270';
type Secrets = Record<string, Record<string, string>>;

/** A recorded input that the engine would store encrypted; its value when it is one. */
function secretValue(v: unknown): unknown {
  const rec = typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {};
  return rec[SIG_KEY] === SECRET_SIG ? rec.value : undefined;
}

/** Every stack config file, so a new one is covered without touching this test. */
function stackConfigs(): { stack: string; config: Record<string, string> }[] {
  const dir = join(ROOT, 'stacks');
  return readdirSync(dir)
    .map((f) => /^Pulumi\.(.+)\.ya?ml$/.exec(f))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => {
      const doc = parse(readFileSync(join(dir, m[0]), 'utf8')) as { config?: object };
      const config = Object.fromEntries(
        Object.entries(doc.config ?? {}).map(([k, v]) => [
          k,
          typeof v === 'string' ? v : JSON.stringify(v),
        ]),
      );
      return { stack: m[1] ?? '', config };
    });
}

/** A fake GCP service-account key file (the fields the GCP provider checks). */
function fakeGcpKey(id: string): string {
  return JSON.stringify({
    type: 'service_account',
    project_id: 'fake-project',
    private_key_id: `FAKE-${id}-key-id`,
    private_key: `-----BEGIN PRIVATE KEY-----\nFAKE-${id}-PRIVATE-KEY\n-----END PRIVATE KEY-----\n`,
    client_email: `fake@${id.replace(/\W/g, '-')}.iam.gserviceaccount.com`,
  });
}

/**
 * Fake values for every key of every Secret the model references, plus the credentials each
 * provider type reads (AWS keys, an Azure service principal, a GCP key file, a Proxmox token,
 * vSphere user and password, a kubeconfig): whatever provider a Secret serves finds its keys.
 */
function fakeSecrets(model: StackModel): Secrets {
  const out: Secrets = {};
  for (const ref of model.secretRefs) {
    const id = `${ref.namespace}/${ref.name}`;
    const keys = ['access-key-id', 'secret-access-key', ...ref.keys];
    out[id] = {
      ...Object.fromEntries(keys.map((k) => [k, `FAKE-${id}-${k}-VALUE`])),
      clientId: 'f00dfeed-0000-4000-8000-00000000000c',
      clientSecret: `FAKE-${id}-client-secret`,
      // GUIDs that are in no manifest, so a leak of them would show. The subscription comes
      // from the manifests (the provider's identity), as a Secret without one leaves it.
      tenantId: 'f00dfeed-0000-4000-8000-00000000000a',
      'credentials.json': fakeGcpKey(id),
      // A Proxmox API token has a shape of its own: USER@REALM!TOKENID=SECRET.
      token: `fake@pve!vitistack=FAKE-${id}-token-VALUE`,
      username: `FAKE-${id}-user`,
      password: `FAKE-${id}-password`,
      kubeconfig: `apiVersion: v1\nkind: Config\nusers: [{name: fake, user: {token: FAKE-${id}-kube-token}}]\n`,
    };
  }
  return out;
}

function allValues(secrets: Secrets): string[] {
  return Object.values(secrets).flatMap((s) => Object.values(s));
}

/** Sets the stack config as `pulumi` would pass it: `vitistack:secrets` marked secret. */
function setConfig(config: Record<string, string>, secrets?: Secrets, secret = true): void {
  const all = { ...config, ...(secrets ? { 'vitistack:secrets': JSON.stringify(secrets) } : {}) };
  pulumi.runtime.setAllConfig(all, secrets && secret ? ['vitistack:secrets'] : []);
}

/** Waits for the registrations in flight, so a failed run does not leak into the next. */
async function settle(): Promise<void> {
  await waitForRegistrations().catch(() => undefined);
}

/** Everything written to the console while `fn` runs (Pulumi logs go there under mocks). */
async function captured<T>(fn: () => Promise<T>): Promise<{ result: T; text: string }> {
  const lines: string[] = [];
  const saved = { log: console.log, warn: console.warn, error: console.error };
  const keep = (...args: unknown[]) => {
    lines.push(args.map(String).join(' '));
  };
  console.log = keep;
  console.warn = keep;
  console.error = keep;
  try {
    return { result: await fn(), text: lines.join('\n') };
  } finally {
    Object.assign(console, saved);
  }
}

interface Run {
  readonly mocks: RecordingMocks;
  readonly outputs: Record<string, unknown>;
  readonly text: string;
}

/** The program as the Node runtime runs it: inside the root Stack resource. */
async function runStack(stack: string, region: string, preview = false): Promise<Run> {
  const mocks = new RecordingMocks(region);
  await mocks.install('vitistack', stack, preview);
  const { result, text } = await captured(() => pulumi.runtime.runInPulumiStack(main));
  await settle();
  return { mocks, outputs: result ?? {}, text };
}

/** Runs the program expecting it to fail; the error and the console output. */
async function failure(stack: string): Promise<{ error: Error; text: string }> {
  const mocks = new RecordingMocks();
  await mocks.install('vitistack', stack);
  const { result, text } = await captured(async () => {
    try {
      await main();
    } catch (err) {
      return err;
    }
    return undefined;
  });
  await settle();
  assert.ok(result instanceof Error, 'the program did not fail');
  assert.ok(pulumi.RunError.isInstance(result), `not a RunError (stack shown): ${result.stack}`);
  return { error: result, text };
}

/** Resource counts without the root Stack resource, which only the runtime's wrapper adds. */
const countsWithoutStack = (m: RecordingMocks) =>
  Object.fromEntries(Object.entries(m.counts()).filter(([type]) => type !== 'pulumi:pulumi:Stack'));
const OUTPUT_KEYS = ['clusters', 'machines', 'secrets', 'stack', 'vitistack', 'warnings'];

describe('src/index.ts (root Pulumi.yaml program)', () => {
  const dirs: string[] = [];
  after(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
    pulumi.runtime.setAllConfig({});
  });

  for (const { stack, config } of stackConfigs()) {
    it(`stack ${stack}: builds ${config['vitistack:vitistack'] ?? '?'} like render, secrets kept secret`, async () => {
      const manifests = config['vitistack:manifests'] ?? '';
      const key = config['vitistack:vitistack'] ?? '';
      const loaded = loadPaths([join(ROOT, manifests)]);
      assert.deepEqual(errorLines(loaded), [], manifests);
      const objects = loaded.objects.map((o) => o.object);
      const model = resolveStack(vitistackOf(objects, key), objects);
      const secrets = fakeSecrets(model);
      const rendered = await renderStack(model, { secrets });

      setConfig(config, secrets);
      if (stack === 'vsphere-hybrid') {
        // Its vSphere provider signs in with a certificate, as spec 004 writes it; the vSphere
        // plugin takes a user name and password only, so a deployment refuses it (the offline
        // render above only warns).
        const { error } = await failure(stack);
        assert.match(
          error.message,
          /MachineProvider hq\/vsphere-hq: spec\.authentication\.type "certificate" cannot sign in to vCenter/,
        );
        return;
      }
      const run = await runStack(stack, model.region ?? 'us-west-2');
      assert.deepEqual(countsWithoutStack(run.mocks), rendered.counts);
      assert.deepEqual(Object.keys(run.outputs).sort(), OUTPUT_KEYS);
      assert.equal(run.outputs.stack, model.stackName);
      assert.deepEqual(run.outputs.warnings, rendered.warnings);
      // Providers not built yet still run, and say so in the outputs.
      for (const p of model.machineProviders.filter((x) => !x.supported)) {
        assert.ok(
          rendered.warnings.includes(
            `MachineProvider ${p.key}: type "${p.type}" is not built yet (ProviderNotSupported)`,
          ),
          `no ProviderNotSupported warning for ${p.key}`,
        );
      }
      for (const c of model.clusters.filter((x) => !x.supported)) {
        assert.ok(
          rendered.warnings.includes(
            `cluster ${c.name}: distribution "${c.distribution}" is not built yet (ProviderNotSupported)`,
          ),
          `no ProviderNotSupported warning for cluster ${c.name}`,
        );
      }
      // Credentials from vitistack:secrets reach every AWS provider, wrapped as secrets.
      for (const p of run.mocks.byType('pulumi:providers:aws')) {
        const access = secretValue(p.inputs.accessKey);
        assert.ok(typeof access === 'string', `${p.name}: accessKey is not a secret`);
        assert.ok(allValues(secrets).includes(access), `${p.name}: accessKey ${access}`);
        assert.ok(typeof secretValue(p.inputs.secretKey) === 'string', `${p.name}: secretKey`);
      }
      assert.ok(!run.text.includes('plain text'), run.text);
      const shown = JSON.stringify(run.outputs) + run.text;
      for (const v of allValues(secrets)) assert.ok(!shown.includes(v), `${v} was shown`);
    });
  }

  describe('credentials', () => {
    const AWS = { 'access-key-id': 'AKIA-CONFIG-0001', 'secret-access-key': 'CONFIG-SECRET-0001' };
    const MANIFEST_AWS = { access: 'AKIA-MANIFEST-0002', secret: 'MANIFEST-SECRET-0002' };
    // aws-production also references the Grafana admin password: a deployment needs every
    // referenced Secret, as the controller does.
    const GRAFANA = { 'production/grafana-admin': { password: 'GRAFANA-CONFIG-0003' } };
    const CONFIG = { 'production/aws-credentials': AWS, ...GRAFANA };
    function awsCopyWithSecret(): string {
      const dir = mkdtempSync(join(tmpdir(), 'vitistack-index-'));
      dirs.push(dir);
      cpSync(join(ROOT, 'stacks', 'aws-production'), dir, { recursive: true });
      writeFileSync(
        join(dir, 'secret.yaml'),
        [
          'apiVersion: v1',
          'kind: Secret',
          'metadata: {name: aws-credentials, namespace: production}',
          `stringData: {access-key-id: ${MANIFEST_AWS.access}, secret-access-key: ${MANIFEST_AWS.secret}}`,
          '---',
          'apiVersion: v1',
          'kind: Secret',
          'metadata: {name: grafana-admin, namespace: production}',
          'stringData: {password: MANIFEST-GRAFANA-0004}',
        ].join('\n'),
      );
      return dir;
    }
    const accessKeys = (resources: readonly RecordedResource[]) =>
      resources
        .filter((r) => r.type === 'pulumi:providers:aws')
        .map((r) => [r.name, secretValue(r.inputs.accessKey), secretValue(r.inputs.secretKey)]);

    it('config secrets reach the AWS providers as secrets, and win over Secret manifests', async () => {
      setConfig(
        { 'vitistack:manifests': awsCopyWithSecret() },
        { 'production/aws-credentials': AWS },
      );
      const run = await runStack('aws-production', 'us-west-2');
      assert.deepEqual(accessKeys(run.mocks.resources), [
        ['production-aws-ec2-provider', AWS['access-key-id'], AWS['secret-access-key']],
        ['production-aws-eks-provider', AWS['access-key-id'], AWS['secret-access-key']],
      ]);
    });

    it('Secret manifests in the directory are used when config has none', async () => {
      setConfig({ 'vitistack:manifests': awsCopyWithSecret() });
      const run = await runStack('aws-production', 'us-west-2');
      assert.deepEqual(accessKeys(run.mocks.resources), [
        ['production-aws-ec2-provider', MANIFEST_AWS.access, MANIFEST_AWS.secret],
        ['production-aws-eks-provider', MANIFEST_AWS.access, MANIFEST_AWS.secret],
      ]);
      for (const v of Object.values(MANIFEST_AWS)) assert.ok(!run.text.includes(v));
    });

    it('warns (without values) when vitistack:secrets is stored in plain text', async () => {
      setConfig({ 'vitistack:manifests': 'stacks/aws-production' }, CONFIG, false);
      const run = await runStack('aws-production', 'us-west-2');
      assert.match(
        run.text,
        /vitistack:secrets is stored in plain text in the stack config; set it again with --secret/,
      );
      for (const v of Object.values(AWS)) assert.ok(!run.text.includes(v));
    });

    it('the kubeconfigs output (`secrets`) is a secret stack output', async () => {
      setConfig({ 'vitistack:manifests': 'stacks/aws-production' }, CONFIG);
      const mocks = new RecordingMocks('us-west-2');
      await mocks.install('vitistack', 'aws-production');
      const outputs = await main();
      assert.equal(await pulumi.isSecret(outputs.secrets), true);
      await settle();
    });

    it('a preview run (unknown values) registers the same resources', async () => {
      setConfig({ 'vitistack:manifests': 'stacks/aws-production' }, CONFIG);
      const up = countsWithoutStack((await runStack('aws-production', 'us-west-2')).mocks);
      const preview = await runStack('aws-production', 'us-west-2', true);
      assert.deepEqual(countsWithoutStack(preview.mocks), up);
    });
  });

  describe('errors: one message naming the key, file or field and the fix', () => {
    async function expectError(
      config: Record<string, string>,
      message: string,
      secrets?: Secrets,
      stack = 'errors',
    ): Promise<void> {
      setConfig(config, secrets);
      const { error, text } = await failure(stack);
      assert.equal(error.message, message);
      for (const v of allValues(secrets ?? {})) {
        assert.ok(!error.message.includes(v) && !text.includes(v), `${v} was shown`);
      }
    }

    it('vitistack:manifests not set', () =>
      expectError(
        {},
        'vitistack:manifests is not set: set it to the directory of manifests this stack deploys, relative to the directory of Pulumi.yaml (e.g. pulumi config set -s errors vitistack:manifests stacks/aws-production)',
      ));

    it('a directory that does not exist', () =>
      expectError(
        { 'vitistack:manifests': 'stacks/nope' },
        `vitistack:manifests: stacks/nope does not exist (resolved to ${join(ROOT, 'stacks', 'nope')}); set it to a directory of manifests, relative to the directory of Pulumi.yaml or absolute (pulumi config set -s errors vitistack:manifests <directory>)`,
      ));

    it('two Vitistacks and no vitistack:vitistack', () =>
      expectError(
        { 'vitistack:manifests': 'stacks/multi-cloud-dr' },
        'vitistack:vitistack is not set and stacks/multi-cloud-dr holds 2 Vitistacks (production/primary-vitistack, production/secondary-vitistack) and none was chosen; choose the one this stack deploys (pulumi config set -s errors vitistack:vitistack production/primary-vitistack)',
      ));

    it('a Vitistack that does not exist', () =>
      expectError(
        {
          'vitistack:manifests': 'stacks/aws-production',
          'vitistack:vitistack': 'production/nope',
        },
        'vitistack:vitistack: no Vitistack production/nope in stacks/aws-production (found: production/aws-production); set it to one of those (pulumi config set -s errors vitistack:vitistack <namespace>/<name>)',
      ));

    it('an invalid manifest, with file:line', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'vitistack-index-'));
      dirs.push(dir);
      const text = readFileSync(join(ROOT, 'stacks', 'aws-production', 'vitistack.yaml'), 'utf8');
      const good = "cidr: '10.0.0.0/16'";
      assert.ok(text.includes(good), 'fixture changed');
      writeFileSync(join(dir, 'vitistack.yaml'), text.replace(good, "cidr: '10.0.0.0/33'"));
      const line = text.split('\n').findIndex((l) => l.includes(good)) + 1;
      await expectError(
        { 'vitistack:manifests': dir },
        `vitistack:manifests: 1 validation error in ${dir}:\n  ${join(dir, 'vitistack.yaml')}:${line} spec.networking.vpcs[0].cidr: "10.0.0.0/33" is not a valid CIDR block (expected a form like "10.0.0.0/16")\nFix the manifests (npm run vitistack -- validate ${dir} lists the same errors)`,
      );
    });

    it('Secrets missing in deploy mode, with how to supply them', async () => {
      const vsphere = {
        'vitistack:manifests': 'stacks/vsphere-hybrid',
        'vitistack:vitistack': 'hq/hybrid-datacenter',
      };
      const set = (secret: string, key: string) =>
        `  pulumi config set -s vsphere-hybrid --secret --path 'vitistack:secrets["${secret}"]["${key}"]' <value>`;
      await expectError(
        vsphere,
        [
          'Vitistack hq/hybrid-datacenter references Secrets that were not supplied:',
          '  - hq/aws-credentials: credentials of MachineProvider hq/aws-us-east-1',
          "  - hq/vsphere-certs (keys 'tls.crt', 'tls.key'): credentials of MachineProvider hq/vsphere-hq; credentials (key) of MachineProvider hq/vsphere-hq",
          'Supply them as secret stack config, key by key (or as v1 Secret manifests in stacks/vsphere-hybrid):',
          set('hq/aws-credentials', 'access-key-id'),
          set('hq/aws-credentials', 'secret-access-key'),
          set('hq/vsphere-certs', 'tls.crt'),
          set('hq/vsphere-certs', 'tls.key'),
        ].join('\n'),
        undefined,
        'vsphere-hybrid',
      );
      await expectError(
        vsphere,
        [
          'Vitistack hq/hybrid-datacenter references Secrets that were not supplied:',
          "  - hq/vsphere-certs has no key 'tls.key': credentials of MachineProvider hq/vsphere-hq; credentials (key) of MachineProvider hq/vsphere-hq",
          'Supply them as secret stack config, key by key (or as v1 Secret manifests in stacks/vsphere-hybrid):',
          set('hq/vsphere-certs', 'tls.key'),
        ].join('\n'),
        {
          'hq/aws-credentials': { 'access-key-id': 'AKIA-9', 'secret-access-key': 'SECRET-9' },
          'hq/vsphere-certs': { 'tls.crt': 'CERT-VALUE-9' },
        },
        'vsphere-hybrid',
      );
    });

    it('model errors, with how to allow a namespace', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'vitistack-index-'));
      dirs.push(dir);
      cpSync(join(ROOT, 'stacks', 'aws-production'), dir, { recursive: true });
      const edit = (file: string, from: RegExp, to: string) => {
        const text = readFileSync(join(dir, file), 'utf8');
        assert.match(text, from, `fixture ${file} changed`);
        writeFileSync(join(dir, file), text.replace(from, to));
      };
      edit(
        'vitistack.yaml',
        /(- name: aws-ec2-provider\n\s+priority: 1\n\s+namespace:) production/,
        '$1 shared',
      );
      edit('machine-provider.yaml', /namespace: production/, 'namespace: shared');
      setConfig({ 'vitistack:manifests': dir });
      const refused = (await failure('errors')).error.message;
      assert.ok(
        refused.startsWith('Vitistack production/aws-production cannot be resolved ('),
        refused,
      );
      assert.ok(
        refused.includes(
          "- Vitistack production/aws-production references MachineProvider 'aws-ec2-provider' in namespace 'shared'; cross-namespace references are refused",
        ),
        refused,
      );
      assert.ok(
        refused.endsWith(
          "\nWith plain pulumi, allow a namespace with: pulumi config set -s errors --path 'vitistack:allowNamespaces[0]' <namespace>",
        ),
        refused,
      );
      setConfig({ 'vitistack:manifests': dir, 'vitistack:allowNamespaces': '["shared"]' });
      const allowed = (await failure('errors')).error.message;
      assert.ok(!allowed.includes('refused') && !allowed.includes('allowNamespaces'), allowed);
    });

    it('credentials without the expected keys: names the keys, never a value', () =>
      expectError(
        { 'vitistack:manifests': 'stacks/aws-production' },
        'the stack cannot be built:\n  - MachineProvider production/aws-ec2-provider: Secret production/aws-credentials has no accessKeyId: expected one of the keys access-key-id, aws_access_key_id, AWS_ACCESS_KEY_ID; Secret production/aws-credentials has no secretAccessKey: expected one of the keys secret-access-key, aws_secret_access_key, AWS_SECRET_ACCESS_KEY (keys present: password). Add the missing keys to the Secret, e.g. kubectl create secret generic <name> --from-literal=access-key-id=... --from-literal=secret-access-key=...',
        {
          'production/aws-credentials': { password: 'PASSWORD-VALUE-7' },
          'production/grafana-admin': { password: 'GRAFANA-VALUE-7' },
        },
      ));

    it('vitistack:secrets with a number value or invalid JSON: never quotes the value', async () => {
      await expectError(
        { 'vitistack:manifests': 'stacks/aws-production' },
        `vitistack:secrets["production/aws-credentials"]["access-key-id"] is a number; Secret values must be strings: pulumi config set -s errors --secret --type string --path 'vitistack:secrets["production/aws-credentials"]["access-key-id"]' <value>`,
        { 'production/aws-credentials': { 'access-key-id': 12345678 as unknown as string } },
      );
      pulumi.runtime.setAllConfig(
        {
          'vitistack:manifests': 'stacks/aws-production',
          'vitistack:secrets': '{"a/b": SECRET-TEXT',
        },
        ['vitistack:secrets'],
      );
      const { error } = await failure('errors');
      assert.ok(
        error.message.startsWith('vitistack:secrets is not valid JSON (its value is not shown'),
      );
      assert.ok(!error.message.includes('SECRET-TEXT'));
    });
  });

  describe('config parsing', () => {
    const source = (values: Record<string, string>, secret = true) => ({
      stack: 's',
      get: (k: string) => values[k],
      isSecret: () => secret,
    });

    it('reads the keys; vitistack:vitistack is optional', () => {
      assert.deepEqual(readStackConfig(source({ 'vitistack:manifests': ' stacks/edge ' })), {
        manifests: 'stacks/edge',
        secrets: {},
        allowedNamespaces: [],
        warnings: [],
      });
    });

    it('refuses a vitistack:vitistack that is not namespace/name', () => {
      assert.throws(
        () => readStackConfig(source({ 'vitistack:manifests': 'x', 'vitistack:vitistack': 'web' })),
        /^StackConfigError: vitistack:vitistack "web" is not <namespace>\/<name>/,
      );
    });

    it('vitistack:secrets: every problem at once, keys named, values never', () => {
      assert.throws(
        () =>
          parseSecrets(
            JSON.stringify({ creds: { a: 'V1' }, 'ns/x': 'V2', 'ns/y': { k: true } }),
            's',
          ),
        (err: Error) => {
          assert.equal(
            err.message,
            [
              'vitistack:secrets["creds"]: "creds" is not <namespace>/<name> (e.g. production/aws-credentials)',
              'vitistack:secrets["ns/x"] is a string; it must be an object of "<key>": "<value>"',
              `vitistack:secrets["ns/y"]["k"] is a boolean; Secret values must be strings: pulumi config set -s s --secret --type string --path 'vitistack:secrets["ns/y"]["k"]' <value>`,
            ].join('\n'),
          );
          return true;
        },
      );
      assert.throws(
        () => parseSecrets('["V3"]', 's'),
        /^StackConfigError: vitistack:secrets is a list;/,
      );
    });

    it('vitistack:allowNamespaces: a list or a comma-separated string', () => {
      assert.deepEqual(parseNamespaces('["a", "b"]'), ['a', 'b']);
      assert.deepEqual(parseNamespaces(' a, b ,'), ['a', 'b']);
      assert.deepEqual(parseNamespaces(undefined), []);
    });

    it('the project root is where Pulumi.yaml is, not the working directory of dist/src', () => {
      assert.equal(projectRoot('rootDirectory', join(ROOT, 'dist', 'src')), ROOT);
      assert.equal(projectRoot(ROOT, '/'), ROOT);
    });
  });
});
