import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../helpers/cli';

const GOOD = `apiVersion: vitistack.io/v1alpha1
kind: Datacenter
metadata:
  name: dc1
  namespace: prod
spec:
  region: us-west-2
  networking:
    vpcs:
      - name: main
        cidr: 10.0.0.0/16
---
apiVersion: v1
kind: Secret
metadata:
  name: aws-credentials
  namespace: prod
stringData:
  secret-access-key: wJalrXUtnFEMI-K7MDENG-TOPSECRET
---
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata:
  name: vitistack
spec: {}
`;

const BAD = `apiVersion: vitistack.io/v1alpha1
kind: Vitistack
metadata:
  name: dc2
spec:
  region: us-west-2
  networking:
    vpcs:
      - name: main
        cidr: 10.0.0.0/33
---
apiVersion: vitistack.io/v1alpha1
kind: Machine
metadata:
  name: Bad_Name
spec:
  machineProvider:
    name: aws
`;

describe('vitistack validate', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vitistack-validate-'));
  writeFileSync(join(dir, 'good.yaml'), GOOD);
  writeFileSync(join(dir, 'bad.yaml'), BAD);
  writeFileSync(join(dir, 'Pulumi.dev.yaml'), 'config:\n  vitistack:manifests: .\n');

  it('accepts valid manifests (Datacenter is read as a Vitistack) and exits 0', async () => {
    const r = await run(['validate', join(dir, 'good.yaml')]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^ok {6}Vitistack prod\/dc1 \(.*good\.yaml:1\)$/m);
    assert.match(
      r.out,
      /^skipped monitoring\.coreos\.com\/v1 ServiceMonitor .*not a vitistack\.io object$/m,
    );
    assert.match(r.out, /1 valid, 0 errors in 1 file/);
  });

  it('lists every error of every document with file and line, and exits 1', async () => {
    const r = await run(['validate', dir]);
    assert.equal(r.code, 1);
    const lines = r.err.trim().split('\n');
    assert.deepEqual(
      lines.map((l) => l.replace(dir + '/', '')),
      [
        'bad.yaml:10 spec.networking.vpcs[0].cidr: "10.0.0.0/33" is not a valid CIDR block (expected a form like "10.0.0.0/16")',
        'bad.yaml:15 metadata.name: "Bad_Name" is not a valid name (use lowercase letters, digits, "-" and ".", starting and ending with a letter or digit, at most 253 characters)',
      ],
    );
  });

  it('never prints a Secret value, in text or JSON', async () => {
    for (const output of ['text', 'json']) {
      const r = await run(['validate', '-o', output, dir]);
      assert.ok(!(r.out + r.err).includes('TOPSECRET'), output);
    }
  });

  it('--output json reports objects, secrets by key only, and errors', async () => {
    const r = await run(['validate', '--output', 'json', dir]);
    assert.equal(r.code, 1);
    const report = JSON.parse(r.out) as {
      valid: boolean;
      objects: { kind: string; name: string }[];
      secrets: { file: string; name: string; keys: string[] }[];
      errors: { line: number; path: string; message: string }[];
    };
    assert.equal(report.valid, false);
    assert.deepEqual(
      report.objects.map((o) => `${o.kind}/${o.name}`),
      ['Vitistack/dc1'],
    );
    assert.deepEqual(report.secrets, [
      {
        file: report.secrets[0]!.file,
        line: 13,
        namespace: 'prod',
        name: 'aws-credentials',
        keys: ['secret-access-key'],
      },
    ]);
    assert.deepEqual(
      report.errors.map((e) => [e.line, e.path]),
      [
        [10, 'spec.networking.vpcs[0].cidr'],
        [15, 'metadata.name'],
      ],
    );
  });

  it('a missing path is bad input (exit 2)', async () => {
    const r = await run(['validate', join(dir, 'nope.yaml')]);
    assert.equal(r.code, 2);
    assert.match(r.err, /nope\.yaml: no such file or directory/);
  });

  it('an unknown option is bad input (exit 2)', async () => {
    const r = await run(['validate', '--frobnicate', dir]);
    assert.equal(r.code, 2);
  });
});

describe('vitistack crds', () => {
  it('prints one CRD per kind', async () => {
    const r = await run(['crds']);
    assert.equal(r.code, 0);
    assert.equal((r.out.match(/^kind: CustomResourceDefinition$/gm) ?? []).length, 10);
    assert.match(r.out, /name: vitistacks\.vitistack\.io/);
  });
});
