import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { ObjectCache, type CachedKind, type RawObject } from '../../src/controller/cache';
import { affectedVitistacks, memberKey, OwnerIndex } from '../../src/controller/owners';
import { repoRoot } from '../model/helpers';

interface Manifest {
  readonly kind: CachedKind;
  readonly metadata: { readonly name: string };
  readonly spec: Record<string, unknown>;
}

/** The spec of `kind/name` in a stacks/ directory's manifests. */
function specOf(dir: string, kind: CachedKind, name: string): Record<string, unknown> {
  const found = [
    'vitistack.yaml',
    'machine-provider.yaml',
    'machines.yaml',
    'network-configuration.yaml',
  ]
    .flatMap((f) => {
      try {
        return parseAllDocuments(readFileSync(join(repoRoot(), 'stacks', dir, f), 'utf8'));
      } catch {
        return [];
      }
    })
    .map((d) => d.toJSON() as Manifest)
    .find((m) => m.kind === kind && m.metadata.name === name);
  assert.ok(found, `${kind} ${name} not in stacks/${dir}`);
  return found.spec;
}

let rv = 100;

/** An object as the API server returns it. */
function raw(kind: CachedKind, namespace: string, name: string, spec: unknown): RawObject {
  rv++;
  return {
    apiVersion: 'vitistack.io/v1alpha1',
    kind,
    metadata: { name, namespace, uid: `uid-${name}`, resourceVersion: String(rv), generation: 1 },
    spec: JSON.parse(JSON.stringify(spec)) as unknown,
  };
}

const VITISTACK = specOf('aws-production', 'Vitistack', 'aws-production');
const MACHINE = specOf('aws-production', 'Machine', 'app-server-1');
const NETWORK = specOf('proxmox-talos', 'NetworkConfiguration', 'vlan100-servers');

const EC2 = memberKey('MachineProvider', 'production', 'aws-ec2-provider');
const OLD_EC2 = memberKey('MachineProvider', 'production', 'old-ec2');
const EKS = memberKey('KubernetesProvider', 'production', 'aws-eks-provider');
const PROD = 'production/aws-production';
const STAGING = 'production/aws-staging';
const OTHER = 'production/other';
const ELSEWHERE = 'staging/aws-production';

/** Machine app-server-1 on the given MachineProvider. */
function machine(provider: string, name = 'app-server-1'): RawObject {
  return raw('Machine', 'production', name, {
    ...MACHINE,
    machineProvider: { name: provider, namespace: 'production' },
  });
}

/** Four Vitistacks in two namespaces, indexed as the controller indexes their references. */
function setup(): { cache: ObjectCache; index: OwnerIndex } {
  const cache = new ObjectCache();
  const index = new OwnerIndex();
  for (const key of [PROD, STAGING, OTHER, ELSEWHERE]) {
    const [namespace = '', name = ''] = key.split('/');
    cache.upsert('Vitistack', raw('Vitistack', namespace, name, VITISTACK));
  }
  index.setReferences(PROD, [EC2, EKS]);
  index.setReferences(STAGING, [EC2]);
  index.setReferences(OTHER, [OLD_EC2]);
  index.setReferences(ELSEWHERE, [memberKey('MachineProvider', 'staging', 'aws-ec2-provider')]);
  return { cache, index };
}

let fixture = setup();

function affected(kind: CachedKind, obj: RawObject, previous?: RawObject): string[] {
  const { cache, index } = fixture;
  return affectedVitistacks(kind, obj, previous, cache, index).sort();
}

describe('controller/owners', () => {
  beforeEach(() => {
    fixture = setup();
  });

  it('a Vitistack concerns only itself', () => {
    fixture.index.record(STAGING, ['Vitistack/production/aws-production']);
    assert.deepEqual(
      affected('Vitistack', raw('Vitistack', 'production', 'aws-production', VITISTACK)),
      [PROD],
    );
  });

  it('a MachineProvider concerns every Vitistack naming it', () => {
    const p = raw('MachineProvider', 'production', 'aws-ec2-provider', {});
    assert.deepEqual(affected('MachineProvider', p), [PROD, STAGING]);
  });

  it('a KubernetesProvider concerns the Vitistacks naming it', () => {
    const p = raw('KubernetesProvider', 'production', 'aws-eks-provider', {});
    assert.deepEqual(affected('KubernetesProvider', p), [PROD]);
  });

  it('a provider no longer named concerns no Vitistack', () => {
    fixture.index.setReferences(STAGING, []);
    fixture.index.setReferences(PROD, [EKS]);
    const p = raw('MachineProvider', 'production', 'aws-ec2-provider', {});
    assert.deepEqual(affected('MachineProvider', p), []);
    assert.deepEqual(fixture.index.namedBy(EC2), []);
  });

  it('a provider recorded as a member concerns its owner though no spec names it', () => {
    fixture.index.record(OTHER, ['MachineProvider/production/shared']);
    const p = raw('MachineProvider', 'production', 'shared', {});
    assert.deepEqual(affected('MachineProvider', p), [OTHER]);
  });

  it('a Machine concerns the Vitistacks of its provider only', () => {
    const m = machine('old-ec2');
    fixture.cache.upsert('Machine', m);
    assert.deepEqual(affected('Machine', m), [OTHER]);
  });

  it('a Machine concerns the owners of its provider', () => {
    fixture.index.setReferences(OTHER, []);
    fixture.index.record(OTHER, [OLD_EC2]);
    const m = machine('old-ec2');
    fixture.cache.upsert('Machine', m);
    assert.deepEqual(affected('Machine', m), [OTHER]);
  });

  it('a Machine moved to another provider concerns the old and the new Vitistacks', () => {
    const before = machine('old-ec2');
    fixture.cache.upsert('Machine', before);
    const after = machine('aws-ec2-provider');
    const previous = fixture.cache.upsert('Machine', after);
    assert.equal(previous, before);
    assert.deepEqual(affected('Machine', after, previous), [PROD, STAGING, OTHER].sort());
    // Without the previous object, the stack it left would never hear of it.
    assert.deepEqual(affected('Machine', after), [PROD, STAGING]);
  });

  it('an invalid Machine concerns every Vitistack of its namespace', () => {
    const m = raw('Machine', 'production', 'broken', { instanceType: 't3.micro' });
    fixture.cache.upsert('Machine', m);
    assert.deepEqual(affected('Machine', m), [PROD, STAGING, OTHER].sort());
  });

  describe('Secrets', () => {
    const secret = (name: string): RawObject => ({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name, namespace: 'production', uid: `uid-${name}`, resourceVersion: '7' },
      data: { password: Buffer.from('s3cret').toString('base64') },
    });

    it('concern only the Vitistacks that recorded them', () => {
      fixture.index.record(PROD, ['Secret/production/aws-credentials', EC2]);
      assert.deepEqual(affected('Secret', secret('aws-credentials')), [PROD]);
      assert.deepEqual(affected('Secret', secret('unrelated')), []);
    });

    it('concern the Vitistacks waiting on their namespace, until those resolve', () => {
      fixture.index.record(PROD, ['Secret/production/aws-credentials']);
      fixture.index.markWaiting(STAGING, ['production', 'shared']);
      fixture.index.markWaiting(ELSEWHERE, ['staging']);
      assert.deepEqual(affected('Secret', secret('aws-credentials')), [PROD, STAGING]);
      assert.deepEqual(affected('Secret', secret('new-one')), [STAGING]);
      fixture.index.record(STAGING, []);
      assert.deepEqual(affected('Secret', secret('new-one')), []);
    });

    it('record replaces the old members', () => {
      fixture.index.record(PROD, ['Secret/production/old-creds']);
      fixture.index.record(PROD, ['Secret/production/new-creds']);
      assert.deepEqual(affected('Secret', secret('old-creds')), []);
      assert.deepEqual(affected('Secret', secret('new-creds')), [PROD]);
      assert.deepEqual(fixture.index.membersOf(PROD), ['Secret/production/new-creds']);
    });

    it('a member shared by two Vitistacks stays with the one that still has it', () => {
      fixture.index.record(PROD, ['Secret/production/aws-credentials']);
      fixture.index.record(STAGING, ['Secret/production/aws-credentials']);
      fixture.index.record(PROD, []);
      assert.deepEqual(fixture.index.ownersOf('Secret/production/aws-credentials'), [STAGING]);
    });

    it('forget drops the members and the waiting of a deleted Vitistack', () => {
      fixture.index.record(PROD, ['Secret/production/aws-credentials']);
      fixture.index.markWaiting(PROD, ['production']);
      fixture.index.forget(PROD);
      assert.deepEqual(affected('Secret', secret('aws-credentials')), []);
      assert.deepEqual(fixture.index.membersOf(PROD), []);
      assert.deepEqual(fixture.index.waitingOn('production'), []);
    });
  });

  it('a kind with looser ties (NetworkConfiguration) concerns every Vitistack of its namespace', () => {
    const n = raw('NetworkConfiguration', 'production', 'vlan100-servers', NETWORK);
    fixture.cache.upsert('NetworkConfiguration', n);
    assert.deepEqual(affected('NetworkConfiguration', n), [PROD, STAGING, OTHER].sort());
    const s = raw('NetworkConfiguration', 'staging', 'vlan100-servers', NETWORK);
    assert.deepEqual(affected('NetworkConfiguration', s), [ELSEWHERE]);
  });

  it('memberKey is Kind/namespace/name', () => {
    assert.equal(
      memberKey('Secret', 'production', 'aws-credentials'),
      'Secret/production/aws-credentials',
    );
  });
});
