// Loading CrossGuard packs (ours or third parties') in-process without their analyzer server:
// what a pack constructs, twice in one process, and a clear error for every pack that cannot be
// loaded offline.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { loadPolicyPack, PolicyPackLoadError } from '../../src/engine/policy-pack-loader';
import { repoRoot } from '../model/helpers';

const PACKS = join(repoRoot(), 'test', 'fixtures', 'policy-packs');
const pack = (name: string) => join(PACKS, name);
/** How the loader shows a path: relative to the working directory when under it. */
const shown = (path: string) => {
  const rel = relative(process.cwd(), path);
  return rel.startsWith('..') ? path : rel;
};

interface ServerModule {
  serve: (...args: unknown[]) => void;
}

/** Listening TCP servers of this process (the analyzer's gRPC server would be one). */
function listeningServers(): number {
  return process.getActiveResourcesInfo().filter((r) => r === 'TCPServerWrap').length;
}

describe('loadPolicyPack', () => {
  const server = createRequire(join(PACKS, 'acme-tags', 'index.js'))(
    '@pulumi/policy/server',
  ) as ServerModule;
  const realServe = server.serve;
  let served: unknown[][] = [];
  const spy = (...args: unknown[]) => {
    served.push(args);
  };
  const temps: string[] = [];

  before(() => {
    server.serve = spy;
  });
  after(() => {
    server.serve = realServe;
    for (const d of temps) rmSync(d, { recursive: true, force: true });
  });
  beforeEach(() => {
    served = [];
  });

  /** A pack directory written for one test. */
  function tempPack(files: Record<string, string>): string {
    const dir = mkdtempSync(join(tmpdir(), 'vitistack-pack-'));
    temps.push(dir);
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(join(dir, file, '..'), { recursive: true });
      writeFileSync(join(dir, file), text);
    }
    return dir;
  }

  it('loads a third-party JavaScript pack: name, version, description, levels, policies', () => {
    const p = loadPolicyPack(pack('acme-tags'));
    assert.equal(p.name, 'acme-tags');
    // PulumiPolicy.yaml's version wins over package.json's (1.0.0), as in the engine's reports.
    assert.equal(p.version, '1.2.3');
    assert.equal(p.description, "Acme's tagging and sizing rules for AWS stacks.");
    assert.equal(p.enforcementLevel, 'advisory');
    assert.equal(p.entry, join(PACKS, 'acme-tags', 'index.js'));
    assert.deepEqual(
      p.policies.map((x) => [x.name, x.enforcementLevel]),
      [
        ['ec2-owner-tag', 'mandatory'],
        ['allowed-instance-types', 'advisory'],
        ['user-data-no-pipe-to-shell', undefined],
        ['stack-size', 'advisory'],
      ],
    );
    assert.equal(p.initialConfig, undefined);
  });

  it("keeps the real helpers: validateResourceOfType's function carries the resource type", () => {
    const p = loadPolicyPack(pack('acme-tags'));
    const policy = p.policies.find((x) => x.name === 'allowed-instance-types');
    assert.ok(policy && 'validateResource' in policy);
    const fn = policy.validateResource as unknown as { __pulumiType?: string };
    assert.equal(fn.__pulumiType, 'aws:ec2/instance:Instance');
  });

  it("reads the pack's default level, its version from package.json and its initial config", () => {
    const applicability = loadPolicyPack(pack('acme-applicability'));
    assert.equal(applicability.enforcementLevel, 'mandatory');
    assert.equal(applicability.version, '0.3.0');
    const config = loadPolicyPack(pack('acme-config'));
    assert.equal(config.version, '2.0.0');
    assert.deepEqual(config.initialConfig, { 'vpc-cost-center': { tagKey: 'CostCenter' } });
  });

  it('follows a relative main that leaves the pack directory (our packs point into dist/)', () => {
    const p = loadPolicyPack(pack('relative-main'));
    assert.equal(p.name, 'relative-main');
    assert.equal(p.entry, join(PACKS, 'built', 'relative-main.js'));
    assert.deepEqual(
      p.policies.map((x) => x.name),
      ['stack-not-empty'],
    );
  });

  it('loads the same pack twice in one process and never starts an analyzer server', () => {
    const listening = listeningServers();
    const first = loadPolicyPack(pack('acme-tags'));
    const second = loadPolicyPack(pack('acme-tags'));
    const other = loadPolicyPack(pack('acme-applicability'));
    // The program ran again: new policy objects, not the cached module's.
    assert.notEqual(first.policies[0], second.policies[0]);
    assert.deepEqual(
      second.policies.map((x) => x.name),
      first.policies.map((x) => x.name),
    );
    assert.equal(other.name, 'acme-applicability');
    assert.deepEqual(served, [], 'the real PolicyPack would have called serve()');
    assert.equal(listeningServers(), listening);
    // The server module is left as it was, and the pack's own module is not kept cached.
    assert.equal(server.serve, spy);
    assert.equal(require.cache[join(PACKS, 'acme-tags', 'index.js')], undefined);
  });

  it('refuses a pack that reaches the real PolicyPack around the swap, before it can serve', () => {
    const listening = listeningServers();
    assert.throws(
      () => loadPolicyPack(pack('bypass-pack')),
      (err: unknown) =>
        err instanceof PolicyPackLoadError &&
        err.message ===
          `policy pack ${pack('bypass-pack')}: loading ${shown(pack('bypass-pack/index.js'))} failed: ${shown(pack('bypass-pack/index.js'))} constructed a PolicyPack that could not be intercepted (a copy of @pulumi/policy loaded another way); it would start an analyzer server.`,
    );
    assert.deepEqual(served, []);
    assert.equal(listeningServers(), listening);
  });

  const errors: { name: string; dir: () => string; message: (dir: string) => string }[] = [
    {
      name: 'a missing directory',
      dir: () => pack('no-such-pack'),
      message: (d) => `policy pack ${d}: no such directory (give a CrossGuard pack's directory).`,
    },
    {
      name: 'a directory without an entry',
      dir: () => tempPack({ 'README.md': 'nothing here\n' }),
      message: (d) =>
        `policy pack ${d}: it has no entry: no index.js and no "main" in a package.json.`,
    },
    {
      name: 'a main that does not exist',
      dir: () => tempPack({ 'package.json': '{"version": "1.0.0", "main": "lib/pack.js"}' }),
      message: (d) =>
        `policy pack ${d}: its entry ${shown(join(d, 'lib', 'pack.js'))} (package.json "main") does not exist.`,
    },
    {
      name: 'a TypeScript main',
      dir: () => pack('ts-pack'),
      message: (d) =>
        `policy pack ${d}: its entry ${shown(join(d, 'index.ts'))} is TypeScript, which cannot be loaded without compiling; compile the pack first (e.g. \`npm run build\` in ${shown(d)}) and point "main" in its package.json at the compiled JavaScript.`,
    },
    {
      name: 'an uncompiled TypeScript pack (main names JavaScript not built yet)',
      dir: () => pack('uncompiled-pack'),
      message: (d) =>
        `policy pack ${d}: its entry ${shown(join(d, 'bin', 'index.js'))} does not exist and its source ${shown(join(d, 'index.ts'))} is TypeScript, which cannot be loaded without compiling; compile the pack first (e.g. \`npm run build\` in ${shown(d)}) and point "main" in its package.json at the compiled JavaScript.`,
    },
    {
      name: 'a pack that constructs no PolicyPack',
      dir: () => pack('no-pack'),
      message: (d) =>
        `policy pack ${d}: ${shown(join(d, 'index.js'))} constructs no PolicyPack; a pack's program must call new PolicyPack(name, { policies }) from '@pulumi/policy'.`,
    },
    {
      name: 'a pack that constructs two',
      dir: () => pack('two-packs'),
      message: (d) =>
        `policy pack ${d}: ${shown(join(d, 'index.js'))} constructs 2 PolicyPacks ("first-pack", "second-pack"); a pack may construct only one.`,
    },
    {
      name: 'a Python pack',
      dir: () => pack('python-pack'),
      message: (d) =>
        `policy pack ${d}: its runtime is python (PulumiPolicy.yaml); only Node.js packs can be evaluated offline.`,
    },
    {
      name: 'an ES module pack',
      dir: () =>
        tempPack({
          'package.json': '{"version": "1.0.0", "type": "module"}',
          'index.js': "import { PolicyPack } from '@pulumi/policy';\n",
        }),
      message: (d) =>
        `policy pack ${d}: its entry ${shown(join(d, 'index.js'))} is an ES module; only CommonJS packs can be evaluated offline (compile the pack to CommonJS).`,
    },
    {
      name: 'a pack whose dependencies are not installed',
      dir: () =>
        tempPack({
          'package.json': '{"version": "1.0.0"}',
          'index.js': "require('@acme/not-installed');\n",
        }),
      message: (d) =>
        `policy pack ${d}: loading ${shown(join(d, 'index.js'))} failed: Cannot find module '@acme/not-installed'; install the pack's dependencies (\`npm install\` in ${d}).`,
    },
    {
      name: 'a pack without a version',
      dir: () =>
        tempPack({
          'index.js': `require('@pulumi/policy');
new (require('@pulumi/policy').PolicyPack)('unversioned', { policies: [] });\n`,
        }),
      message: (d) =>
        `policy pack ${d}: it has no version: set "version" in its package.json (as @pulumi/policy requires).`,
    },
    {
      name: 'a policy named "all"',
      dir: () =>
        tempPack({
          'package.json': '{"version": "1.0.0"}',
          'index.js': `const { PolicyPack } = require('@pulumi/policy');
new PolicyPack('reserved', { policies: [{ name: 'all', description: 'x', validateStack: () => {} }] });\n`,
        }),
      message: (d) =>
        `policy pack ${d}: policy "all" of PolicyPack "reserved": "all" is a reserved policy name.`,
    },
    {
      name: 'enforcementLevel in a configSchema',
      dir: () =>
        tempPack({
          'package.json': '{"version": "1.0.0"}',
          'index.js': `const { PolicyPack } = require('@pulumi/policy');
new PolicyPack('schema', { policies: [{ name: 'p', description: 'x', validateStack: () => {},
  configSchema: { properties: { enforcementLevel: { type: 'string' } } } }] });\n`,
        }),
      message: (d) =>
        `policy pack ${d}: policy "p" of PolicyPack "schema": enforcementLevel cannot be a property of configSchema.`,
    },
    {
      name: 'an invalid pack name',
      dir: () =>
        tempPack({
          'package.json': '{"version": "1.0.0"}',
          'index.js': `const { PolicyPack } = require('@pulumi/policy');
new PolicyPack('acme pack!', { policies: [] });\n`,
        }),
      message: (d) =>
        `policy pack ${d}: invalid PolicyPack name "acme pack!": use letters, digits, "-", "_" and "." only (at most 100).`,
    },
  ];
  for (const tc of errors) {
    it(`refuses ${tc.name}`, () => {
      const dir = tc.dir();
      assert.throws(
        () => loadPolicyPack(dir),
        (err: unknown) => {
          assert.ok(err instanceof PolicyPackLoadError, String(err));
          assert.equal(err.message, tc.message(dir));
          assert.equal(err.dir, dir);
          return true;
        },
      );
      assert.deepEqual(served, []);
    });
  }
});
