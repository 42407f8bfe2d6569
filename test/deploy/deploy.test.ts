// The deployment of `vitistack controller`: the kustomize base in deploy/, the Dockerfile and
// .dockerignore. What a reviewer checks by hand, checked on every run: RBAC is exactly the
// controller's contract, the pod runs restricted with its state, passphrase and writable
// directories where the image and the controller expect them, and the image carries the Pulumi
// CLI and a plugin for every provider package at the versions the packages ask for.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Command } from 'commander';
import semver from 'semver';
import { parseAllDocuments } from 'yaml';

// ---------------------------------------------------------------------------------------------
// The contract of `vitistack controller` (its flags and what it does with the API).

/** Every vitistack.io kind, by plural. */
const PLURALS = [
  'vitistacks',
  'machineproviders',
  'kubernetesproviders',
  'kubernetesclusters',
  'machines',
  'networkconfigurations',
  'networknamespaces',
  'loadbalancers',
  'kubevirtconfigs',
  'proxmoxconfigs',
];
/** The kinds whose status the controller writes. */
const STATUS_PLURALS = [
  'vitistacks',
  'machineproviders',
  'kubernetesproviders',
  'kubernetesclusters',
  'machines',
];

type FlagValue =
  'bool' | 'int' | 'duration' | 'address' | 'path' | 'url' | 'name' | 'text' | readonly string[];
const CONTROLLER_FLAGS: Readonly<Record<string, FlagValue>> = {
  namespace: 'name',
  'label-selector': 'text',
  mode: ['apply', 'preview', 'approve'],
  'max-concurrent-operations': 'int',
  'max-concurrent-reconciles': 'int',
  'resync-interval': 'duration',
  'drift-interval': 'duration',
  'operation-timeout': 'duration',
  backend: 'url',
  'state-dir': 'path',
  'secrets-provider': 'text',
  'policy-pack': 'path',
  'policy-pack-config': 'path',
  'allow-namespace': 'name',
  'leader-elect': 'bool',
  'no-leader-elect': 'bool',
  'leader-election-namespace': 'name',
  'leader-election-id': 'name',
  'metrics-bind-address': 'address',
  'health-probe-bind-address': 'address',
  kubeconfig: 'path',
  'log-level': ['debug', 'info', 'warn', 'error'],
  // Tuning flags the command has beyond the contract.
  'stall-after': 'int',
  'lease-duration': 'duration',
  'renew-deadline': 'duration',
  'retry-period': 'duration',
};
const REPEATABLE_FLAGS = new Set([
  'namespace',
  'policy-pack',
  'policy-pack-config',
  'allow-namespace',
]);

/** `@pulumi/*` dependencies that are SDKs, not providers (they need no plugin). */
const NOT_PROVIDERS = new Set(['@pulumi/pulumi', '@pulumi/policy']);
/** Dependencies with install scripts that the image build may skip (`npm ci --ignore-scripts`). */
const KNOWN_INSTALL_SCRIPTS = new Set(['protobufjs']);

// ---------------------------------------------------------------------------------------------
// Reading the repository.

interface Meta {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: Meta;
  [key: string]: unknown;
}
interface Kustomization {
  kind: string;
  namespace?: string;
  resources?: string[];
  components?: string[];
  images?: { name: string; newName?: string; newTag?: string; digest?: string }[];
  secretGenerator?: unknown[];
  configMapGenerator?: unknown[];
}
interface PolicyRule {
  apiGroups?: string[];
  resources?: string[];
  verbs: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}
interface RoleObject extends K8sObject {
  rules: PolicyRule[];
}
interface BindingObject extends K8sObject {
  roleRef: { apiGroup: string; kind: string; name: string };
  subjects: { kind: string; name: string; namespace?: string }[];
}
interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: {
    fieldRef?: { fieldPath: string };
    secretKeyRef?: unknown;
    resourceFieldRef?: { resource: string };
  };
}
interface Probe {
  httpGet?: { path: string; port: number | string };
}
interface SecurityContext {
  allowPrivilegeEscalation?: boolean;
  readOnlyRootFilesystem?: boolean;
  runAsNonRoot?: boolean;
  runAsUser?: number;
  privileged?: boolean;
  capabilities?: { drop?: string[]; add?: string[] };
}
interface Container {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  env?: EnvVar[];
  ports?: { name?: string; containerPort: number }[];
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  resources?: {
    requests?: Record<string, string | number>;
    limits?: Record<string, string | number>;
  };
  securityContext?: SecurityContext;
  volumeMounts?: { name: string; mountPath: string; readOnly?: boolean }[];
}
interface Volume {
  name: string;
  persistentVolumeClaim?: { claimName: string };
  emptyDir?: { sizeLimit?: string };
  secret?: {
    secretName: string;
    optional?: boolean;
    items?: { key: string; path: string }[];
  };
}
interface PodSpec {
  serviceAccountName?: string;
  automountServiceAccountToken?: boolean;
  terminationGracePeriodSeconds?: number;
  securityContext?: {
    runAsNonRoot?: boolean;
    runAsUser?: number;
    runAsGroup?: number;
    fsGroup?: number;
    seccompProfile?: { type: string };
  };
  initContainers?: Container[];
  containers: Container[];
  volumes?: Volume[];
}
interface DeploymentObject extends K8sObject {
  spec: {
    replicas?: number;
    strategy?: { type?: string };
    selector: { matchLabels: Record<string, string> };
    template: { metadata: { labels: Record<string, string> }; spec: PodSpec };
  };
}
interface ServiceObject extends K8sObject {
  spec: {
    selector: Record<string, string>;
    ports: { name?: string; port: number; targetPort?: number | string }[];
  };
}
interface PackageJson {
  name: string;
  version: string;
  engines?: Record<string, string>;
  dependencies?: Record<string, string>;
  pulumi?: { resource?: boolean; name?: string; version?: string; server?: string };
}
interface PackageLock {
  packages: Record<string, { version?: string; dev?: boolean; hasInstallScript?: boolean }>;
}

/** The repository root: above the compiled test (dist/ or another outDir), or the cwd. */
function findRoot(): string {
  const candidates: string[] = [];
  for (let dir = __dirname; ; dir = dirname(dir)) {
    candidates.push(dir);
    if (dirname(dir) === dir) break;
  }
  candidates.push(process.cwd());
  for (const dir of candidates) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && existsSync(join(dir, 'deploy', 'kustomization.yaml'))) {
      if ((JSON.parse(readFileSync(manifest, 'utf8')) as PackageJson).name === 'vitistack-pulumi')
        return dir;
    }
  }
  throw new Error(`no vitistack-pulumi checkout above ${__dirname} or at ${process.cwd()}`);
}

const ROOT = findRoot();
const DEPLOY = join(ROOT, 'deploy');

/** Every document of a YAML file, parsed as the API server does (YAML 1.1: 0440 is octal). */
function yamlDocs(file: string): unknown[] {
  const docs = parseAllDocuments(readFileSync(file, 'utf8'), { version: '1.1' });
  const out: unknown[] = [];
  for (const doc of docs) {
    assert.deepEqual(doc.errors, [], `${relative(ROOT, file)}: ${String(doc.errors[0])}`);
    const value: unknown = doc.toJSON();
    if (value !== null && value !== undefined) out.push(value);
  }
  return out;
}

function kustomization(dir: string): Kustomization {
  const [doc] = yamlDocs(join(dir, 'kustomization.yaml'));
  return doc as Kustomization;
}

/** Files under dir, relative to it, with `/` separators. */
function walk(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walk(path).map((p) => `${entry.name}/${p}`));
    else out.push(entry.name);
  }
  return out.sort();
}

/** The objects a kustomization's resources hold (its own files and sub-kustomizations). */
function loadObjects(dir: string): K8sObject[] {
  const out: K8sObject[] = [];
  for (const entry of kustomization(dir).resources ?? []) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...loadObjects(path));
    else out.push(...(yamlDocs(path) as K8sObject[]));
  }
  return out;
}

const BASE = kustomization(DEPLOY);
const OBJECTS = loadObjects(DEPLOY);
const GUARD_DIR = join(DEPLOY, 'components', 'secret-write-guard');

function only(kind: string, name?: string): K8sObject {
  const found = OBJECTS.filter(
    (o) => o.kind === kind && (name === undefined || o.metadata.name === name),
  );
  assert.equal(found.length, 1, `expected exactly one ${kind}${name ? ` ${name}` : ''} in deploy/`);
  return found[0]!;
}

const DEPLOYMENT = only('Deployment', 'vitistack-controller') as DeploymentObject;
const POD = DEPLOYMENT.spec.template.spec;
const CONTROLLER = POD.containers.find((c) => c.name === 'controller');
const SERVICE_ACCOUNT = only('ServiceAccount');
const PACKAGE = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as PackageJson;
const LOCK = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as PackageLock;

function controller(): Container {
  assert.ok(CONTROLLER, 'the Deployment has a container named controller');
  return CONTROLLER;
}

function installedVersion(pkg: string): string {
  const version = LOCK.packages[`node_modules/${pkg}`]?.version;
  assert.ok(version, `package-lock.json has no node_modules/${pkg}`);
  return version;
}

function envOf(c: Container, name: string): EnvVar | undefined {
  return c.env?.find((e) => e.name === name);
}

/** The mount whose path holds `path`, the longest one (nested mounts win). */
function mountHolding(c: Container, path: string): { name: string; mountPath: string } | undefined {
  return (c.volumeMounts ?? [])
    .filter((m) => path === m.mountPath || path.startsWith(`${m.mountPath.replace(/\/$/, '')}/`))
    .sort((a, b) => b.mountPath.length - a.mountPath.length)[0];
}

function volume(name: string): Volume {
  const v = POD.volumes?.find((x) => x.name === name);
  assert.ok(v, `the pod has a volume named ${name}`);
  return v;
}

/** Bytes for a Kubernetes memory quantity ("1Gi", "512Mi", "1G", "1000"). */
function bytes(q: string | number | undefined): number {
  if (q === undefined) return NaN;
  const m = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|k|M|G|T)?$/.exec(String(q));
  if (!m) return NaN;
  const unit: Record<string, number> = {
    Ki: 2 ** 10,
    Mi: 2 ** 20,
    Gi: 2 ** 30,
    Ti: 2 ** 40,
    k: 1e3,
    M: 1e6,
    G: 1e9,
    T: 1e12,
  };
  return Number(m[1]) * (m[2] ? (unit[m[2]] ?? NaN) : 1);
}

/** Cores for a Kubernetes CPU quantity ("500m", "2", 1). */
function cores(q: string | number | undefined): number {
  if (q === undefined) return NaN;
  const m = /^(\d+(?:\.\d+)?)(m)?$/.exec(String(q));
  if (!m) return NaN;
  return Number(m[1]) / (m[2] ? 1000 : 1);
}

// ---------------------------------------------------------------------------------------------
// The controller's arguments.

interface ParsedArgs {
  readonly command: string | undefined;
  readonly flags: Map<string, string[]>;
  readonly problems: string[];
}

/** `controller --a=1 --b 2 --bool`: the flags with their values; anything odd is a problem. */
function parseArgs(args: readonly string[]): ParsedArgs {
  const [command, ...rest] = args;
  const flags = new Map<string, string[]>();
  const problems: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const token = rest[i]!;
    const m = /^--([a-z][a-z0-9-]*)(?:=(.*))?$/.exec(token);
    if (!m) {
      problems.push(`"${token}" is not a --flag`);
      continue;
    }
    const name = m[1]!;
    const kind = CONTROLLER_FLAGS[name];
    if (kind === undefined) {
      problems.push(`--${name} is not a flag of vitistack controller`);
      continue;
    }
    let value = m[2];
    if (kind === 'bool') {
      if (value !== undefined) problems.push(`--${name} takes no value`);
      value = 'true';
    } else if (value === undefined) {
      value = rest[i + 1];
      i++;
      if (value === undefined || value.startsWith('--')) {
        problems.push(`--${name} has no value`);
        continue;
      }
    }
    if (flags.has(name) && !REPEATABLE_FLAGS.has(name)) problems.push(`--${name} given twice`);
    flags.set(name, [...(flags.get(name) ?? []), value]);
  }
  if (flags.has('leader-elect') && flags.has('no-leader-elect'))
    problems.push('--leader-elect and --no-leader-elect together');
  return { command, flags, problems };
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DURATION = /^(0|(\d+(\.\d+)?(ms|s|m|h))+)$/;

function valueProblem(name: string, value: string, env: ReadonlySet<string>): string | undefined {
  const kind = CONTROLLER_FLAGS[name]!;
  // Kubernetes expands $(VAR) from the container's environment before the process sees it.
  const refs = [...value.matchAll(/\$\(([A-Z_][A-Z0-9_]*)\)/g)].map((r) => r[1]!);
  const missing = refs.filter((r) => !env.has(r));
  if (missing.length > 0) return `--${name}=${value} refers to undefined env ${missing.join(', ')}`;
  if (refs.length > 0) return undefined;
  const bad = (what: string) => `--${name}=${value} is not ${what}`;
  if (Array.isArray(kind))
    return kind.includes(value) ? undefined : bad(`one of ${kind.join('|')}`);
  switch (kind) {
    case 'bool':
      return undefined;
    case 'int':
      return /^[1-9]\d*$/.test(value) ? undefined : bad('a positive integer');
    case 'duration':
      return DURATION.test(value) ? undefined : bad('a duration like 10m or 1h');
    case 'address':
      return /^[^:\s]*:\d{1,5}$/.test(value) ? undefined : bad('an address like :8080');
    case 'path':
      return posix.isAbsolute(value) ? undefined : bad('an absolute path');
    case 'url':
      return /^[a-z0-9]+:\/\/\S+$/.test(value) ? undefined : bad('a URL');
    case 'name':
      return DNS_LABEL.test(value) ? undefined : bad('a DNS label');
    default:
      return value.trim() !== '' ? undefined : bad('a value');
  }
}

function portOf(address: string | undefined): number {
  return Number(/:(\d+)$/.exec(address ?? '')?.[1]);
}

function flag(name: string): string | undefined {
  return parseArgs(controller().args ?? []).flags.get(name)?.[0];
}

/** A container port by number or by name. */
function containerPort(c: Container, port: number | string | undefined): number | undefined {
  if (typeof port === 'number')
    return c.ports?.some((p) => p.containerPort === port) ? port : undefined;
  return c.ports?.find((p) => p.name === port)?.containerPort;
}

// ---------------------------------------------------------------------------------------------
// The Dockerfile.

interface Instruction {
  readonly stage: string;
  readonly op: string;
  readonly args: string;
}

/** Instructions with continuation lines joined and comment lines dropped, by stage. */
function dockerfile(): Instruction[] {
  const text = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
  const logical: string[] = [];
  let current = '';
  for (const raw of text.split('\n')) {
    if (/^\s*#/.test(raw)) continue;
    const line = raw.trimEnd();
    if (line.endsWith('\\')) {
      current += `${line.slice(0, -1)} `;
      continue;
    }
    current += line;
    if (current.trim() !== '') logical.push(current.trim());
    current = '';
  }
  const out: Instruction[] = [];
  let stage = '(global)';
  for (const line of logical) {
    const m = /^(\S+)\s+([\s\S]*)$/.exec(line);
    if (!m) continue;
    const op = m[1]!.toUpperCase();
    const args = m[2]!;
    if (op === 'FROM') stage = /\sAS\s+(\S+)/i.exec(args)?.[1] ?? `stage${out.length}`;
    out.push({ stage, op, args });
  }
  return out;
}

const DOCKERFILE = dockerfile();

function argDefault(name: string, stage?: string): string | undefined {
  const re = new RegExp(`^${name}=(\\S+)$`);
  for (const i of DOCKERFILE) {
    if (i.op !== 'ARG' || (stage !== undefined && i.stage !== stage)) continue;
    const m = re.exec(i.args);
    if (m) return m[1];
  }
  return undefined;
}

function stageNames(): string[] {
  return DOCKERFILE.filter((i) => i.op === 'FROM').map((i) => i.stage);
}

/** `ENV A=1 B=2` of a stage, the later ones winning. */
function envOfStage(stage: string): Map<string, string> {
  const env = new Map<string, string>();
  for (const i of DOCKERFILE) {
    if (i.stage !== stage || i.op !== 'ENV') continue;
    for (const m of i.args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|\S+)/g))
      env.set(m[1]!, m[2]!.replace(/^"|"$/g, ''));
  }
  return env;
}

/** Whether Docker leaves `path` out of the build context (last matching pattern wins). */
function dockerIgnored(patterns: readonly string[], path: string): boolean {
  const parents = path.split('/').map((_, i, parts) => parts.slice(0, i + 1).join('/'));
  let ignored = false;
  for (const raw of patterns) {
    const negate = raw.startsWith('!');
    const pattern = (negate ? raw.slice(1) : raw).replace(/^\/+|\/+$/g, '');
    const re = new RegExp(
      `^${pattern
        .split('')
        .map((ch, i, all) => {
          if (ch === '*' && all[i + 1] === '*') return '';
          if (ch === '*' && all[i - 1] === '*') return '.*';
          if (ch === '*') return '[^/]*';
          if (ch === '?') return '[^/]';
          return ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
        })
        .join('')}$`,
    );
    if (parents.some((p) => re.test(p))) ignored = !negate;
  }
  return ignored;
}

function run(command: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env) {
  return spawnSync(command, args, { cwd: ROOT, env, encoding: 'utf8', timeout: 60_000 });
}

function hasKubectl(): boolean {
  const r = run('kubectl', ['version', '--client']);
  return r.status === 0;
}

// =============================================================================================

describe('deploy: the kustomize base', () => {
  it('lists only files that exist, and every YAML file under deploy/ belongs to a kustomization', () => {
    const listed = new Set<string>();
    const roots = new Set<string>();
    const visit = (dir: string, expectKind: string) => {
      const rel = relative(DEPLOY, dir).split(sep).join('/');
      roots.add(rel);
      const k = kustomization(dir);
      assert.equal(k.kind, expectKind, `${rel || '.'}/kustomization.yaml is a ${expectKind}`);
      for (const entry of k.resources ?? []) {
        const path = join(dir, entry);
        assert.ok(
          existsSync(path),
          `${rel || '.'}/kustomization.yaml lists ${entry}, which does not exist`,
        );
        if (statSync(path).isDirectory()) {
          assert.ok(
            existsSync(join(path, 'kustomization.yaml')),
            `${entry} is a directory without a kustomization.yaml`,
          );
          visit(path, 'Kustomization');
        } else {
          listed.add(relative(DEPLOY, path).split(sep).join('/'));
        }
      }
    };
    visit(DEPLOY, 'Kustomization');
    // Optional components: each is its own root, none is in the base.
    for (const name of readdirSync(join(DEPLOY, 'components'))) {
      visit(join(DEPLOY, 'components', name), 'Component');
    }
    assert.deepEqual(BASE.components ?? [], [], 'the base includes no optional component');
    for (const file of walk(DEPLOY)) {
      if (file.startsWith('image/')) continue; // the image build's files, not manifests
      if (!/\.ya?ml$/.test(file)) {
        assert.fail(`deploy/${file}: only YAML manifests (and image/) belong in deploy/`);
      }
      const dir = posix.dirname(file) === '.' ? '' : posix.dirname(file);
      if (posix.basename(file) === 'kustomization.yaml') {
        assert.ok(roots.has(dir), `deploy/${file} is referenced by no kustomization`);
        continue;
      }
      assert.ok(listed.has(file), `deploy/${file} is listed by no kustomization`);
    }
  });

  it('puts everything in vitistack-system, and the image tag comes from `images:`', () => {
    assert.equal(BASE.namespace, 'vitistack-system');
    assert.equal(only('Namespace').metadata.name, BASE.namespace);
    const images = BASE.images ?? [];
    for (const c of [...(POD.initContainers ?? []), ...POD.containers]) {
      const name = c.image.replace(/[:@].*$/, '');
      assert.ok(
        images.some((i) => i.name === name && (i.newTag ?? i.digest) !== undefined),
        `${c.name}: its image ${name} gets its tag from the kustomization's images:`,
      );
    }
    for (const o of OBJECTS) {
      if (o.kind === 'CustomResourceDefinition') continue;
      assert.equal(
        o.metadata.labels?.['app.kubernetes.io/name'],
        'vitistack-controller',
        `${o.kind} ${o.metadata.name} has app.kubernetes.io/name`,
      );
    }
  });

  it('the CRDs in deploy/crds are byte for byte the generated crds/ (cp crds/*.yaml deploy/crds/)', () => {
    const generated = readdirSync(join(ROOT, 'crds'))
      .filter((f) => f.endsWith('.yaml'))
      .sort();
    const copied = readdirSync(join(DEPLOY, 'crds'))
      .filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml')
      .sort();
    assert.deepEqual(copied, generated);
    assert.deepEqual([...(kustomization(join(DEPLOY, 'crds')).resources ?? [])].sort(), generated);
    for (const f of generated) {
      assert.equal(
        readFileSync(join(DEPLOY, 'crds', f), 'utf8'),
        readFileSync(join(ROOT, 'crds', f), 'utf8'),
        `deploy/crds/${f} differs from crds/${f}: run npm run crds && cp crds/*.yaml deploy/crds/`,
      );
    }
  });

  it('every CRD fits the last-applied annotation of a client-side `kubectl apply`', () => {
    const crds = OBJECTS.filter((o) => o.kind === 'CustomResourceDefinition');
    assert.equal(crds.length, PLURALS.length);
    for (const crd of crds) {
      // kubectl stores the whole object as JSON in an annotation limited to 256 KiB.
      const size = Buffer.byteLength(JSON.stringify(crd));
      assert.ok(size < 200 * 1024, `${crd.metadata.name} is ${size} bytes: use server-side apply`);
    }
  });

  it('commits no Secret and generates none: the passphrase Secret is made by hand', () => {
    const all = [DEPLOY, GUARD_DIR].flatMap((d) => loadObjects(d));
    assert.deepEqual(
      all.filter((o) => o.kind === 'Secret').map((o) => o.metadata.name),
      [],
    );
    assert.equal(BASE.secretGenerator, undefined);
    assert.equal(kustomization(GUARD_DIR).secretGenerator, undefined);
  });

  it('`kubectl kustomize deploy/` builds, with the namespace and image applied', function () {
    if (!hasKubectl()) {
      this.skip(); // no kubectl on this machine: the structural tests above still ran
    }
    const r = run('kubectl', ['kustomize', DEPLOY]);
    assert.equal(r.status, 0, r.stderr);
    const built = parseAllDocuments(r.stdout, { version: '1.1' }).map(
      (d) => d.toJSON() as K8sObject,
    );
    const clusterScoped = new Set([
      'Namespace',
      'CustomResourceDefinition',
      'ClusterRole',
      'ClusterRoleBinding',
    ]);
    for (const o of built) {
      const where = `${o.kind} ${o.metadata.name}`;
      if (clusterScoped.has(o.kind)) assert.equal(o.metadata.namespace, undefined, where);
      else assert.equal(o.metadata.namespace, 'vitistack-system', where);
      assert.equal(o.metadata.labels?.['app.kubernetes.io/part-of'], 'vitistack', where);
    }
    const kinds = built.map((o) => o.kind).sort();
    for (const kind of [
      'Namespace',
      'ServiceAccount',
      'ClusterRole',
      'ClusterRoleBinding',
      'Role',
      'RoleBinding',
      'PersistentVolumeClaim',
      'Deployment',
      'Service',
    ])
      assert.ok(kinds.includes(kind), `the build has a ${kind}`);
    assert.equal(kinds.filter((k) => k === 'CustomResourceDefinition').length, PLURALS.length);
    const dep = built.find((o) => o.kind === 'Deployment') as DeploymentObject;
    const image = BASE.images![0]!;
    for (const c of dep.spec.template.spec.containers)
      assert.equal(c.image, `${image.newName ?? image.name}:${image.newTag!}`);
  });

  it('the optional secret-write-guard component builds on top of the base', function () {
    if (!hasKubectl()) this.skip();
    const overlay = mkdtempSync(join(tmpdir(), 'vitistack-overlay-'));
    try {
      writeFileSync(
        join(overlay, 'kustomization.yaml'),
        [
          'apiVersion: kustomize.config.k8s.io/v1beta1',
          'kind: Kustomization',
          // kustomize takes other roots only as relative paths.
          `resources: [${JSON.stringify(relative(overlay, DEPLOY))}]`,
          `components: [${JSON.stringify(relative(overlay, GUARD_DIR))}]`,
          '',
        ].join('\n'),
      );
      const r = run('kubectl', ['kustomize', overlay]);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /kind: ValidatingAdmissionPolicy\n/);
      assert.match(r.stdout, /kind: ValidatingAdmissionPolicyBinding\n/);
    } finally {
      rmSync(overlay, { recursive: true, force: true });
    }
  });
});

// =============================================================================================

describe('deploy: RBAC', () => {
  const roles = [DEPLOY, GUARD_DIR]
    .flatMap((d) => loadObjects(d))
    .filter((o): o is RoleObject => o.kind === 'Role' || o.kind === 'ClusterRole');

  /** "group/resource verb" for every grant of a role (resourceNames noted). */
  function grants(role: RoleObject): string[] {
    const out: string[] = [];
    for (const rule of role.rules) {
      for (const group of rule.apiGroups ?? [])
        for (const resource of rule.resources ?? [])
          for (const verb of rule.verbs) {
            const names = rule.resourceNames ? ` [${rule.resourceNames.join(',')}]` : '';
            out.push(`${group || 'core'}/${resource} ${verb}${names}`);
          }
    }
    return out.sort();
  }

  it('no wildcard in any verb, resource, group or name, and no non-resource URLs', () => {
    assert.ok(roles.length >= 2);
    for (const role of roles) {
      for (const rule of role.rules) {
        const all = [
          ...(rule.apiGroups ?? []),
          ...(rule.resources ?? []),
          ...rule.verbs,
          ...(rule.resourceNames ?? []),
        ];
        assert.ok(
          !all.some((x) => x.includes('*')),
          `${role.metadata.name}: ${JSON.stringify(rule)}`,
        );
        assert.equal(rule.nonResourceURLs, undefined, role.metadata.name);
      }
    }
  });

  it('the ClusterRole grants exactly what the controller does with the API', () => {
    const expected = [
      ...PLURALS.flatMap((p) => ['get', 'list', 'watch'].map((v) => `vitistack.io/${p} ${v}`)),
      'vitistack.io/vitistacks patch',
      ...STATUS_PLURALS.map((p) => `vitistack.io/${p}/status patch`),
      ...['get', 'list', 'watch', 'create', 'update'].map((v) => `core/secrets ${v}`),
      'core/events create',
    ].sort();
    const clusterRole = only('ClusterRole', 'vitistack-controller') as RoleObject;
    assert.deepEqual(grants(clusterRole), expected);
  });

  it('covers every kind the CRDs define, and each status it writes is a subresource', () => {
    const crds = readdirSync(join(ROOT, 'crds')).flatMap(
      (f) => yamlDocs(join(ROOT, 'crds', f)) as K8sObject[],
    );
    const spec = (crd: K8sObject) =>
      crd.spec as {
        names: { plural: string };
        versions: { subresources?: { status?: unknown } }[];
      };
    assert.deepEqual(crds.map((c) => spec(c).names.plural).sort(), [...PLURALS].sort());
    for (const plural of STATUS_PLURALS) {
      const crd = crds.find((c) => spec(c).names.plural === plural)!;
      assert.ok(
        spec(crd).versions.every((v) => v.subresources?.status !== undefined),
        `${plural} has the status subresource`,
      );
    }
  });

  it('leases only in the namespaced Role, limited to the leader election id', () => {
    const id = flag('leader-election-id');
    assert.ok(id, 'the Deployment sets --leader-election-id');
    const role = only('Role') as RoleObject;
    assert.deepEqual(grants(role), [
      'coordination.k8s.io/leases create',
      `coordination.k8s.io/leases get [${id}]`,
      `coordination.k8s.io/leases update [${id}]`,
    ]);
    for (const r of roles.filter((x) => x.kind === 'ClusterRole'))
      assert.ok(
        !grants(r).some((g) => g.includes('leases')),
        `${r.metadata.name} grants no leases`,
      );
    // The Lease lives in the controller's own namespace, where the Role is.
    assert.equal(flag('leader-election-namespace'), '$(POD_NAMESPACE)');
  });

  it("binds each role to the controller's ServiceAccount, and the pod runs as it", () => {
    const sa = SERVICE_ACCOUNT.metadata.name;
    const pairs: [string, string][] = [
      ['ClusterRoleBinding', 'ClusterRole'],
      ['RoleBinding', 'Role'],
    ];
    for (const [bindingKind, roleKind] of pairs) {
      const binding = only(bindingKind) as BindingObject;
      assert.equal(binding.roleRef.kind, roleKind);
      assert.equal(binding.roleRef.apiGroup, 'rbac.authorization.k8s.io');
      assert.equal(binding.roleRef.name, only(roleKind).metadata.name);
      assert.deepEqual(binding.subjects, [
        { kind: 'ServiceAccount', name: sa, namespace: BASE.namespace },
      ]);
    }
    assert.equal(POD.serviceAccountName, sa);
    assert.equal(POD.automountServiceAccountToken, true);
  });

  it("the secret-write guard looks at the controller's Secret writes only", () => {
    const objects = loadObjects(GUARD_DIR);
    const policy = objects.find((o) => o.kind === 'ValidatingAdmissionPolicy') as
      | (K8sObject & {
          spec: {
            failurePolicy: string;
            matchConstraints: { resourceRules: { resources: string[]; operations: string[] }[] };
            matchConditions: { expression: string }[];
            validations: { expression: string }[];
          };
        })
      | undefined;
    const binding = objects.find((o) => o.kind === 'ValidatingAdmissionPolicyBinding') as
      (K8sObject & { spec: { policyName: string; validationActions: string[] } }) | undefined;
    assert.ok(policy && binding);
    assert.equal(binding.spec.policyName, policy.metadata.name);
    assert.deepEqual(binding.spec.validationActions, ['Deny']);
    assert.equal(policy.spec.failurePolicy, 'Fail');
    assert.deepEqual(
      policy.spec.matchConstraints.resourceRules.map((r) => [
        r.resources,
        [...r.operations].sort(),
      ]),
      [[['secrets'], ['CREATE', 'DELETE', 'UPDATE']]],
    );
    const condition = policy.spec.matchConditions.map((c) => c.expression).join(' ');
    assert.ok(condition.includes(`':${SERVICE_ACCOUNT.metadata.name}'`), condition);
    assert.ok(policy.spec.validations.every((v) => v.expression.includes("'vitistack.io/'")));
  });
});

// =============================================================================================

describe('deploy: the Deployment', () => {
  const allContainers = [...(POD.initContainers ?? []), ...POD.containers];

  it('one replica, Recreate (the state volume is ReadWriteOnce), time to stop an operation', () => {
    assert.equal(DEPLOYMENT.spec.replicas, 1);
    assert.equal(DEPLOYMENT.spec.strategy?.type, 'Recreate');
    assert.ok((POD.terminationGracePeriodSeconds ?? 30) >= 300);
    for (const [k, v] of Object.entries(DEPLOYMENT.spec.selector.matchLabels))
      assert.equal(DEPLOYMENT.spec.template.metadata.labels[k], v, `pod label ${k}`);
  });

  it('the pod and every container run restricted, as user and group 65532', () => {
    const pod = POD.securityContext;
    assert.equal(pod?.runAsNonRoot, true);
    assert.equal(pod.runAsUser, 65532);
    assert.equal(pod.runAsGroup, 65532);
    assert.equal(pod.fsGroup, 65532, 'fsGroup, so the state volume is writable');
    assert.equal(pod.seccompProfile?.type, 'RuntimeDefault');
    for (const c of allContainers) {
      const sc = c.securityContext;
      assert.equal(sc?.allowPrivilegeEscalation, false, c.name);
      assert.equal(sc.readOnlyRootFilesystem, true, c.name);
      assert.notEqual(sc.runAsNonRoot, false, c.name);
      assert.notEqual(sc.privileged, true, c.name);
      assert.deepEqual(sc.capabilities?.drop, ['ALL'], c.name);
      assert.equal(sc.capabilities.add, undefined, c.name);
      assert.ok(c.resources?.requests && c.resources.limits?.memory, `${c.name} has resources`);
    }
  });

  it('runs `controller` with flags of the contract and valid values', () => {
    const args = controller().args ?? [];
    const parsed = parseArgs(args);
    assert.equal(parsed.command, 'controller');
    const env = new Set((controller().env ?? []).map((e) => e.name));
    const problems = [...parsed.problems];
    for (const [name, values] of parsed.flags)
      for (const v of values) {
        const p = valueProblem(name, v, env);
        if (p) problems.push(p);
      }
    assert.deepEqual(problems, []);
    // Leader election is on by default; only --no-leader-elect turns it off.
    assert.ok(!parsed.flags.has('no-leader-elect'), 'leader election is on');
    assert.equal(controller().command, undefined, "the image's entrypoint runs the CLI");
  });

  it('uses only flags the real `vitistack controller` command defines', async function () {
    const mainJs = join(__dirname, '..', '..', 'src', 'cli', 'main.js');
    type Build = (
      io: { out(s: string): void; err(s: string): void },
      r: { code: number },
    ) => Command;
    const mod = (await import(pathToFileURL(mainJs).href)) as {
      buildProgram?: Build;
      default?: { buildProgram?: Build };
    };
    const build = mod.buildProgram ?? mod.default?.buildProgram;
    const program = build?.({ out() {}, err() {} }, { code: 0 });
    const command = program?.commands.find((c) => c.name() === 'controller');
    if (!command) {
      // The controller command is not built yet; the contract checks above still ran.
      this.skip();
    }
    const defined = new Set(command.options.map((o) => o.long?.replace(/^--/, '')));
    const used = [...parseArgs(controller().args ?? []).flags.keys()];
    assert.deepEqual(
      used.filter((f) => !defined.has(f)),
      [],
      `flags the Deployment passes but vitistack controller does not define`,
    );
  });

  it('probes on the health port, metrics on the metrics port, and the Service targets it', () => {
    const c = controller();
    const health = portOf(flag('health-probe-bind-address'));
    const metrics = portOf(flag('metrics-bind-address'));
    assert.equal(health, 8081);
    assert.equal(metrics, 8080);
    assert.equal(c.livenessProbe?.httpGet?.path, '/healthz');
    assert.equal(containerPort(c, c.livenessProbe.httpGet.port), health);
    assert.equal(c.readinessProbe?.httpGet?.path, '/readyz');
    assert.equal(containerPort(c, c.readinessProbe.httpGet.port), health);
    assert.equal(containerPort(c, 'metrics'), metrics);
    const service = only('Service', 'vitistack-controller-metrics') as ServiceObject;
    for (const [k, v] of Object.entries(service.spec.selector))
      assert.equal(DEPLOYMENT.spec.template.metadata.labels[k], v, `Service selector ${k}`);
    const port = service.spec.ports.find((p) => p.name === 'metrics');
    assert.ok(port, 'the Service has a port named metrics');
    assert.equal(port.port, metrics);
    assert.equal(containerPort(c, port.targetPort ?? port.port), metrics);
  });

  it('has memory for Pulumi and its providers, and no more CPU than it may use', () => {
    const r = controller().resources;
    assert.ok(cores(r?.requests?.cpu) >= 0.25, 'cpu request');
    assert.ok(bytes(r?.requests?.memory) >= 2 ** 30, 'memory request >= 1Gi');
    assert.ok(bytes(r?.limits?.memory) >= 2 * 2 ** 30, 'memory limit >= 2Gi');
    assert.ok(bytes(r?.limits?.memory) >= bytes(r?.requests?.memory));
    if (r?.limits?.cpu !== undefined) assert.ok(cores(r.limits.cpu) >= cores(r.requests?.cpu));
  });

  it('reads the passphrase from the hand-made Secret as a file; no secret value in the env', () => {
    const c = controller();
    const file = envOf(c, 'PULUMI_CONFIG_PASSPHRASE_FILE')?.value;
    assert.ok(file, 'PULUMI_CONFIG_PASSPHRASE_FILE is set');
    assert.equal(envOf(c, 'PULUMI_CONFIG_PASSPHRASE'), undefined);
    const mount = mountHolding(c, file);
    assert.ok(mount, `${file} is on a mounted volume`);
    const secret = volume(mount.name).secret;
    assert.equal(secret?.secretName, 'vitistack-state-passphrase');
    assert.equal(secret.optional, false, 'the pod must not start without its passphrase');
    const item = secret.items?.find((i) => i.key === 'passphrase');
    assert.equal(posix.join(mount.mountPath, item?.path ?? 'passphrase'), file);
    for (const e of allContainers.flatMap((x) => x.env ?? [])) {
      assert.equal(e.valueFrom?.secretKeyRef, undefined, `${e.name}: no Secret value in the env`);
      assert.ok(!/PASSWORD|TOKEN|SECRET_KEY/.test(e.name) || e.value === undefined, e.name);
    }
    assert.equal(envOf(c, 'POD_NAME')?.valueFrom?.fieldRef?.fieldPath, 'metadata.name');
    assert.equal(envOf(c, 'POD_NAMESPACE')?.valueFrom?.fieldRef?.fieldPath, 'metadata.namespace');
    assert.equal(envOf(c, 'PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK'), undefined);
  });

  it('the state is on the claim, and everything it writes besides is on an emptyDir', () => {
    const c = controller();
    const stateDir = flag('state-dir') ?? '/var/lib/vitistack/state';
    const stateMount = mountHolding(c, stateDir);
    assert.equal(stateMount?.mountPath, '/var/lib/vitistack');
    const claim = volume(stateMount.name).persistentVolumeClaim?.claimName;
    const pvc = only('PersistentVolumeClaim') as K8sObject & { spec: { accessModes: string[] } };
    assert.equal(claim, pvc.metadata.name);
    assert.deepEqual(pvc.spec.accessModes, ['ReadWriteOnce']);
    for (const dir of ['/tmp', envOf(c, 'HOME')?.value, envOf(c, 'PULUMI_HOME')?.value]) {
      assert.ok(dir, 'HOME and PULUMI_HOME are set');
      const m = mountHolding(c, dir);
      assert.ok(m && volume(m.name).emptyDir, `${dir} is on an emptyDir`);
    }
    // Every mount has its volume, every volume is mounted.
    const mounted = new Set(
      allContainers.flatMap((x) => (x.volumeMounts ?? []).map((m) => m.name)),
    );
    assert.deepEqual([...mounted].sort(), (POD.volumes ?? []).map((v) => v.name).sort());
  });

  it("PULUMI_HOME's plugins link to the plugins baked into the image", () => {
    const home = envOf(controller(), 'PULUMI_HOME')?.value;
    const init = POD.initContainers?.find((c) => c.name === 'pulumi-home');
    assert.ok(home && init, 'PULUMI_HOME and the pulumi-home init container');
    assert.equal(envOf(init, 'PULUMI_HOME')?.value, home);
    assert.equal(init.image, controller().image);
    const script = [...(init.command ?? []), ...(init.args ?? [])].join(' ');
    assert.match(script, /ln -sfn \/opt\/pulumi\/plugins "\$PULUMI_HOME\/plugins"/);
    assert.ok(
      script.includes(flag('state-dir') ?? '/var/lib/vitistack/state'),
      'makes the state dir',
    );
    // The same volume is PULUMI_HOME for both containers.
    assert.equal(mountHolding(init, home)?.name, mountHolding(controller(), home)?.name);
    // The image agrees: same PULUMI_HOME, plugins copied to /opt/pulumi/plugins.
    const runtime = stageNames().at(-1)!;
    assert.equal(envOfStage(runtime).get('PULUMI_HOME'), home);
    assert.ok(
      DOCKERFILE.some(
        (i) => i.stage === runtime && i.op === 'COPY' && /\s\/opt\/pulumi\/plugins$/.test(i.args),
      ),
      'the runtime stage copies the plugins to /opt/pulumi/plugins',
    );
  });
});

// =============================================================================================

describe('deploy: the Dockerfile', () => {
  const runtime = stageNames().at(-1)!;

  it('installs the Pulumi CLI at a pinned version no older than the SDK, checksum verified', () => {
    const version = argDefault('PULUMI_VERSION');
    assert.ok(version && semver.valid(version), `ARG PULUMI_VERSION=${String(version)} is exact`);
    const sdk = installedVersion('@pulumi/pulumi');
    assert.ok(semver.gte(version, sdk), `the CLI ${version} is older than the SDK ${sdk}`);
    const install = DOCKERFILE.find(
      (i) => i.op === 'RUN' && i.args.includes('get.pulumi.com/releases/sdk/'),
    );
    assert.ok(install, 'a RUN downloads the CLI from get.pulumi.com');
    assert.ok(
      install.args.includes('pulumi-v${PULUMI_VERSION}-linux-${arch}.tar.gz'),
      'the pinned version',
    );
    assert.match(install.args, /amd64\)\s*arch=x64/);
    assert.match(install.args, /arm64\)\s*arch=arm64/);
    assert.match(install.args, /sha256sum -c/);
  });

  it('builds from pinned Node.js images that satisfy engines', () => {
    const global = argDefault('NODE_IMAGE', '(global)');
    const froms = DOCKERFILE.filter((i) => i.op === 'FROM').map((i) => i.args.split(/\s+/)[0]!);
    assert.ok(froms.length >= 2, 'a multi-stage build');
    const names = stageNames();
    for (const from of froms) {
      const image = from === '${NODE_IMAGE}' ? global : from;
      if (image && names.includes(image)) continue; // FROM an earlier stage
      assert.ok(image, `${from} resolves to an image`);
      const tag = /:([^@/]+)(@sha256:[0-9a-f]{64})?$/.exec(image)?.[1];
      assert.ok(tag && tag !== 'latest', `${image} is pinned by tag`);
      if (image.startsWith('node:')) {
        const major = Number(/^(\d+)/.exec(tag)?.[1]);
        const engines = PACKAGE.engines?.node ?? '>=0';
        assert.ok(semver.satisfies(`${major}.99.0`, engines), `${image} satisfies node ${engines}`);
      }
    }
  });

  it('runs the CLI as 65532, `controller` by default, without version-check shortcuts', () => {
    const last = (op: string) =>
      DOCKERFILE.filter((i) => i.stage === runtime && i.op === op).at(-1);
    assert.match(last('USER')?.args ?? '', /^65532(:65532)?$/);
    const entrypoint = JSON.parse(last('ENTRYPOINT')?.args ?? 'null') as string[] | null;
    assert.ok(Array.isArray(entrypoint), 'ENTRYPOINT in exec form');
    assert.deepEqual(entrypoint.slice(-2), ['node', '/app/bin/vitistack.js']);
    assert.deepEqual(JSON.parse(last('CMD')?.args ?? 'null'), ['controller']);
    const env = envOfStage(runtime);
    assert.equal(env.get('PULUMI_SKIP_UPDATE_CHECK'), 'true');
    assert.match(env.get('PATH') ?? '', /^\/opt\/pulumi\/bin:/);
    assert.ok(
      !readFileSync(join(ROOT, 'Dockerfile'), 'utf8').includes('PULUMI_AUTOMATION_API_SKIP'),
    );
    // The process tree's PID 1 reaps orphaned provider processes.
    assert.ok(entrypoint[0]?.endsWith('tini'), 'tini is PID 1');
  });

  it('npm ci, build, prune, then installs the plugins the production packages need', () => {
    const runs = DOCKERFILE.filter((i) => i.op === 'RUN').map((i) => i.args);
    const at = (re: RegExp) => runs.findIndex((r) => re.test(r));
    const ci = at(/\bnpm ci\b/);
    const build = at(/npm run build\b/);
    const prune = at(/npm prune --omit=dev/);
    const plugins = at(/deploy\/image\/pulumi-plugins\.sh install/);
    assert.ok(ci >= 0 && build >= ci && prune >= build && plugins > prune, runs.join('\n'));
  });

  it('the image gets a plugin for every provider package, at the version it asks for', () => {
    const r = run('sh', [join(DEPLOY, 'image', 'pulumi-plugins.sh'), 'list', ROOT]);
    assert.equal(r.status, 0, r.stderr);
    const listed = new Set(r.stdout.trim().split('\n'));
    const expected: string[] = [];
    for (const dep of Object.keys(PACKAGE.dependencies ?? {})) {
      if (NOT_PROVIDERS.has(dep)) continue;
      const manifest = JSON.parse(
        readFileSync(join(ROOT, 'node_modules', dep, 'package.json'), 'utf8'),
      ) as PackageJson;
      const version = installedVersion(dep);
      if (dep.startsWith('@pulumi/')) {
        expected.push(`${dep.slice('@pulumi/'.length)} ${version}`);
      } else if (manifest.pulumi?.resource === true) {
        const p = manifest.pulumi;
        expected.push(
          [p.name, p.version ?? version, p.server].filter((x) => x !== undefined).join(' '),
        );
      }
    }
    assert.ok(expected.length >= 2, 'the AWS and Kubernetes providers at least');
    assert.deepEqual(
      expected.filter((e) => !listed.has(e)),
      [],
      `provider packages whose plugin the image would lack (listed: ${[...listed].join(', ')})`,
    );
  });

  it('the plugin script installs exact versions, from the server a package names, and checks', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vitistack-plugins-'));
    try {
      const pkg = (path: string, manifest: object) => {
        mkdirSync(join(dir, 'app', path), { recursive: true });
        writeFileSync(join(dir, 'app', path, 'package.json'), JSON.stringify(manifest));
      };
      const aws = (version: string) => ({
        name: '@pulumi/aws',
        version,
        pulumi: { resource: true, name: 'aws', version },
      });
      pkg('node_modules/@pulumi/aws', aws('7.1.0'));
      pkg('node_modules/component/node_modules/@pulumi/aws', aws('6.9.0'));
      pkg('node_modules/@muhlba91/pulumi-proxmoxve', {
        name: '@muhlba91/pulumi-proxmoxve',
        version: '8.6.0',
        pulumi: { resource: true, name: 'proxmoxve', server: 'github://api.github.com/muhlba91' },
      });
      pkg('node_modules/left-pad', { name: 'left-pad', version: '1.0.0' });
      // A fake `pulumi`: records its arguments and installs what it is asked for, unless told not to.
      mkdirSync(join(dir, 'bin'));
      const fake = join(dir, 'bin', 'pulumi');
      writeFileSync(
        fake,
        [
          '#!/bin/sh',
          'echo "$*" >> "$FAKE_LOG"',
          '[ -n "${FAKE_BROKEN:-}" ] && exit 0',
          'd="$PULUMI_HOME/plugins/resource-$4-v$5"',
          'mkdir -p "$d" && printf "#!/bin/sh\\n" > "$d/pulumi-resource-$4" && chmod +x "$d/pulumi-resource-$4"',
          '',
        ].join('\n'),
      );
      chmodSync(fake, 0o755);
      const env = (extra: Record<string, string>) => ({
        ...process.env,
        PATH: `${join(dir, 'bin')}:${process.env.PATH ?? ''}`,
        PULUMI_HOME: join(dir, 'home'),
        FAKE_LOG: join(dir, 'log'),
        ...extra,
      });
      const script = join(DEPLOY, 'image', 'pulumi-plugins.sh');
      const ok = run('sh', [script, 'install', join(dir, 'app')], env({}));
      assert.equal(ok.status, 0, ok.stderr);
      assert.deepEqual(readFileSync(join(dir, 'log'), 'utf8').trim().split('\n'), [
        'plugin install resource aws 6.9.0 --exact',
        'plugin install resource aws 7.1.0 --exact',
        'plugin install resource proxmoxve 8.6.0 --exact --server github://api.github.com/muhlba91',
      ]);
      rmSync(join(dir, 'home'), { recursive: true });
      const broken = run('sh', [script, 'install', join(dir, 'app')], env({ FAKE_BROKEN: '1' }));
      assert.notEqual(broken.status, 0, 'a plugin missing after its install fails the build');
      assert.match(broken.stderr, /missing after the install/);
      const noModules = run('sh', [script, 'list', join(dir, 'nothing')], env({}));
      assert.notEqual(noModules.status, 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('skipping install scripts (npm ci --ignore-scripts) loses nothing the image needs', () => {
    const unknown: string[] = [];
    for (const [path, entry] of Object.entries(LOCK.packages)) {
      if (!entry.hasInstallScript || entry.dev === true) continue;
      const name = path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
      if (KNOWN_INSTALL_SCRIPTS.has(name)) continue;
      // A provider package's install script is `pulumi plugin install`, done by the build.
      const manifest = join(ROOT, path, 'package.json');
      const pulumi = existsSync(manifest)
        ? (JSON.parse(readFileSync(manifest, 'utf8')) as PackageJson).pulumi
        : undefined;
      if (pulumi?.resource === true) continue;
      unknown.push(name);
    }
    assert.deepEqual(unknown, [], 'new install scripts: check the Dockerfile still works without');
  });

  it('.dockerignore keeps out node_modules, dist, .git and local state; keeps what the build uses', () => {
    const patterns = readFileSync(join(ROOT, '.dockerignore'), 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '' && !l.startsWith('#'));
    for (const path of [
      'node_modules/yaml/package.json',
      'dist/src/cli/main.js',
      '.git/HEAD',
      '.vitistack/state/.pulumi/meta.yaml',
      'stacks/aws-production/vitistack.yaml',
      'test/deploy/deploy.test.ts',
      'policy-packs/compliance/node_modules/x/index.js',
    ])
      assert.ok(dockerIgnored(patterns, path), `${path} is kept out of the build context`);
    const needed = [
      'package.json',
      'package-lock.json',
      'tsconfig.json',
      'bin/vitistack.js',
      'src/cli/main.ts',
      'deploy/image/pulumi-plugins.sh',
      'policy-packs/compliance/index.ts',
    ];
    // And whatever the Dockerfile copies from the context.
    for (const i of DOCKERFILE.filter((x) => x.op === 'COPY' && !x.args.startsWith('--from'))) {
      const sources = i.args.split(/\s+/).slice(0, -1);
      needed.push(...sources.filter((s) => s !== '.'));
    }
    for (const path of needed)
      assert.ok(!dockerIgnored(patterns, path), `${path} is in the build context`);
  });
});
