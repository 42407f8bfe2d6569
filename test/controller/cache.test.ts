import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import {
  asRawObject,
  keyOf,
  ObjectCache,
  parseRaw,
  type CachedKind,
  type Parsed,
  type RawObject,
} from '../../src/controller/cache';
import { repoRoot } from '../model/helpers';

interface Manifest {
  readonly kind: CachedKind;
  readonly metadata: { readonly name: string };
  readonly spec: Record<string, unknown>;
}

/** The spec of `kind/name` in stacks/aws-production. */
function specOf(file: string, kind: CachedKind, name: string): Record<string, unknown> {
  const text = readFileSync(join(repoRoot(), 'stacks', 'aws-production', file), 'utf8');
  const found = parseAllDocuments(text)
    .map((d) => d.toJSON() as Manifest)
    .find((m) => m.kind === kind && m.metadata.name === name);
  assert.ok(found, `${kind} ${name} not in ${file}`);
  return JSON.parse(JSON.stringify(found.spec)) as Record<string, unknown>;
}

const VITISTACK = specOf('vitistack.yaml', 'Vitistack', 'aws-production');
const MACHINE = specOf('machines.yaml', 'Machine', 'bastion-host');

function raw(
  kind: CachedKind,
  namespace: string,
  name: string,
  spec: unknown,
  resourceVersion = '10',
): RawObject {
  return {
    apiVersion: 'vitistack.io/v1alpha1',
    kind,
    metadata: { name, namespace, uid: `uid-${name}`, resourceVersion, generation: 2 },
    spec,
  };
}

function secret(namespace: string, name: string, values: Record<string, string>): RawObject {
  const data = Object.fromEntries(
    Object.entries(values).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
  );
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    type: 'Opaque',
    metadata: { name, namespace, uid: `uid-${name}`, resourceVersion: '42' },
    data,
  };
}

function ok(p: Parsed | undefined): Extract<Parsed, { ok: true }>['object'] {
  assert.ok(p?.ok, `expected a valid object, got ${JSON.stringify(p)}`);
  return p.object;
}

describe('controller/cache', () => {
  describe('parseRaw', () => {
    it('validates and normalises, keeping uid, resourceVersion and generation', () => {
      const o = ok(parseRaw(raw('Vitistack', 'production', 'aws-production', VITISTACK)));
      assert.equal(o.kind, 'Vitistack');
      assert.deepEqual(
        [o.metadata.uid, o.metadata.resourceVersion, o.metadata.generation],
        ['uid-aws-production', '10', 2],
      );
    });

    it('ignores status, managedFields, ownerReferences and selfLink the API server adds', () => {
      const r = raw('Vitistack', 'production', 'aws-production', VITISTACK);
      const fromServer = {
        ...r,
        metadata: {
          ...r.metadata,
          managedFields: [{ manager: 'kubectl', operation: 'Update' }],
          ownerReferences: [{ apiVersion: 'v1', kind: 'Namespace', name: 'x', uid: 'u' }],
          selfLink: '/apis/vitistack.io/v1alpha1/x',
        },
        // Written by the controller, possibly by an older version: never a user error.
        status: { phase: 12, conditions: 'garbage' },
      };
      const o = ok(parseRaw(fromServer));
      assert.equal('status' in o, false);
      assert.equal('managedFields' in o.metadata, false);
      assert.equal('ownerReferences' in o.metadata, false);
    });

    it('turns a Date deletionTimestamp (as client-node gives it) into an ISO string', () => {
      const r = raw('Machine', 'production', 'bastion-host', MACHINE);
      const when = new Date('2025-02-03T04:05:06Z');
      const o = ok(parseRaw({ ...r, metadata: { ...r.metadata, deletionTimestamp: when } }));
      assert.equal(o.metadata.deletionTimestamp, '2025-02-03T04:05:06.000Z');
    });

    it('gives errors with field paths for an invalid spec', () => {
      const spec = JSON.parse(JSON.stringify(VITISTACK)) as {
        networking: { vpcs: { cidr: string }[] };
      };
      spec.networking.vpcs[0]!.cidr = '10.0.0.0/33';
      const p = parseRaw(raw('Vitistack', 'production', 'aws-production', spec));
      assert.deepEqual(p, {
        ok: false,
        errors: [
          'spec.networking.vpcs[0].cidr: "10.0.0.0/33" is not a valid CIDR block (expected a form like "10.0.0.0/16")',
        ],
      });
    });

    it('refuses an unknown kind', () => {
      assert.deepEqual(parseRaw({ kind: 'Widget', metadata: { name: 'w' } }), {
        ok: false,
        errors: ['kind: unknown kind Widget'],
      });
    });
  });

  describe('ObjectCache', () => {
    it('upsert returns the object it replaced; get and delete by namespace/name', () => {
      const cache = new ObjectCache();
      const a = raw('Machine', 'production', 'bastion-host', MACHINE, '1');
      const b = raw('Machine', 'production', 'bastion-host', MACHINE, '2');
      assert.equal(cache.upsert('Machine', a), undefined);
      assert.equal(cache.upsert('Machine', b), a);
      assert.equal(cache.get('Machine', 'production/bastion-host'), b);
      assert.equal(cache.get('Vitistack', 'production/bastion-host'), undefined);
      cache.delete('Machine', b);
      assert.equal(cache.get('Machine', 'production/bastion-host'), undefined);
      assert.equal(cache.count('Machine'), 0);
    });

    it('parsed memoises until the object changes', () => {
      const cache = new ObjectCache();
      cache.upsert('Vitistack', raw('Vitistack', 'production', 'aws-production', VITISTACK, '1'));
      const first = cache.parsed('Vitistack', 'production/aws-production');
      assert.equal(cache.parsed('Vitistack', 'production/aws-production'), first);
      const changed = { ...VITISTACK, description: 'moved to us-east-1' };
      cache.upsert('Vitistack', raw('Vitistack', 'production', 'aws-production', changed, '2'));
      const second = ok(cache.parsed('Vitistack', 'production/aws-production'));
      assert.notEqual(second, ok(first));
      assert.equal(second.kind === 'Vitistack' && second.spec.description, 'moved to us-east-1');
      assert.equal(cache.parsed('Vitistack', 'production/missing'), undefined);
    });

    describe('upsertWritten', () => {
      const cases: [string, string, string, 'watched' | 'written'][] = [
        ['ignores an older written object', '100', '99', 'watched'],
        ['ignores the same resourceVersion', '100', '100', 'watched'],
        ['takes a newer written object', '100', '101', 'written'],
        ['compares as numbers, not text', '9', '10', 'written'],
        ['compares numbers beyond 2^53', '9007199254740992', '9007199254740993', 'written'],
        ['takes the written object when a version is not a number', 'abc', '5', 'written'],
      ];
      for (const [name, current, written, kept] of cases) {
        it(`${name} (${current} then ${written})`, () => {
          const cache = new ObjectCache();
          const watched = raw('Vitistack', 'production', 'v', VITISTACK, current);
          const mine = raw('Vitistack', 'production', 'v', VITISTACK, written);
          cache.upsert('Vitistack', watched);
          cache.upsertWritten('Vitistack', mine);
          assert.equal(cache.get('Vitistack', 'production/v'), kept === 'watched' ? watched : mine);
        });
      }

      it('stores a written object the cache did not have', () => {
        const cache = new ObjectCache();
        cache.upsertWritten('Vitistack', raw('Vitistack', 'production', 'v', VITISTACK, '3'));
        assert.equal(cache.count('Vitistack'), 1);
      });
    });

    describe('by namespace', () => {
      function filled(): ObjectCache {
        const cache = new ObjectCache();
        cache.upsert('Vitistack', raw('Vitistack', 'production', 'aws-production', VITISTACK));
        cache.upsert('Vitistack', raw('Vitistack', 'staging', 'aws-production', VITISTACK));
        cache.upsert('Machine', raw('Machine', 'production', 'bastion-host', MACHINE));
        cache.upsert(
          'Machine',
          raw('Machine', 'production', 'broken', { instanceType: 't3.micro' }),
        );
        cache.upsert('Machine', raw('Machine', 'staging', 'broken', { instanceType: 't3.micro' }));
        cache.upsert('Secret', secret('production', 'aws-credentials', { k: 'v' }));
        return cache;
      }
      const keys = (objs: readonly RawObject[]): string[] =>
        objs.map((o) => keyOf(o.metadata)).sort();

      it('list returns only the namespaces asked for, or all without any', () => {
        const cache = filled();
        assert.deepEqual(keys(cache.list('Vitistack', ['staging'])), ['staging/aws-production']);
        assert.deepEqual(keys(cache.list('Machine', ['production'])), [
          'production/bastion-host',
          'production/broken',
        ]);
        assert.deepEqual(keys(cache.list('Machine', ['nowhere'])), []);
        assert.deepEqual(keys(cache.list('Machine', [])), []);
        assert.equal(cache.list('Vitistack').length, 2);
        assert.deepEqual(cache.list('KubernetesProvider', ['production']), []);
        assert.equal(cache.count('Machine'), 3);
      });

      it('objectsIn gives the valid objects of the namespaces and reports the invalid ones', () => {
        const { objects, invalid } = filled().objectsIn(['production']);
        assert.deepEqual(
          objects.map((o) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`).sort(),
          ['Machine/production/bastion-host', 'Vitistack/production/aws-production'],
        );
        assert.equal(invalid.length, 1);
        assert.equal(invalid[0]?.kind, 'Machine');
        assert.equal(invalid[0].key, 'production/broken');
        assert.ok(
          invalid[0].errors.some((e) => e.startsWith('spec.providerRef: is required')),
          invalid[0].errors.join('\n'),
        );
      });

      it('objectsIn of several namespaces gives the objects of each', () => {
        const { objects, invalid } = filled().objectsIn(['production', 'staging']);
        assert.equal(objects.length, 3);
        assert.deepEqual(invalid.map((i) => i.key).sort(), ['production/broken', 'staging/broken']);
      });
    });

    describe('Secrets', () => {
      const VALUES = { aws_access_key_id: 'AKIAFAKE', aws_secret_access_key: 'très/secret+=' };

      it('secretValues decodes base64 data', () => {
        const cache = new ObjectCache();
        cache.upsert('Secret', secret('production', 'aws-credentials', VALUES));
        assert.deepEqual(cache.secretValues('production/aws-credentials'), VALUES);
        assert.equal(cache.secretValues('production/missing'), undefined);
      });

      it('secretValues of a Secret without data is empty', () => {
        const cache = new ObjectCache();
        const s = secret('production', 'empty', {});
        cache.upsert('Secret', { ...s, data: undefined });
        assert.deepEqual(cache.secretValues('production/empty'), {});
      });

      it('secretInfos gives names, sorted keys and resourceVersions, never values', () => {
        const cache = new ObjectCache();
        cache.upsert('Secret', secret('production', 'aws-credentials', VALUES));
        cache.upsert('Secret', secret('production', 'grafana-admin', { password: 'pw-123' }));
        cache.upsert('Secret', secret('other', 'aws-credentials', { x: 'y' }));
        const infos = cache.secretInfos(['production']);
        assert.deepEqual(
          [...infos].sort((a, b) => a.name.localeCompare(b.name)),
          [
            {
              namespace: 'production',
              name: 'aws-credentials',
              resourceVersion: '42',
              keys: ['aws_access_key_id', 'aws_secret_access_key'],
            },
            {
              namespace: 'production',
              name: 'grafana-admin',
              resourceVersion: '42',
              keys: ['password'],
            },
          ],
        );
        const text = JSON.stringify(infos);
        for (const v of [...Object.values(VALUES), 'pw-123']) {
          assert.equal(text.includes(v), false);
          assert.equal(text.includes(Buffer.from(v).toString('base64')), false);
        }
      });
    });
  });

  describe('asRawObject', () => {
    it('accepts an object with a metadata name and refuses anything else', () => {
      const obj = { kind: 'Machine', metadata: { name: 'm', namespace: 'ns' } };
      assert.equal(asRawObject(obj), obj);
      for (const bad of [null, 'x', {}, { metadata: {} }, { metadata: { name: 3 } }]) {
        assert.equal(asRawObject(bad), undefined, JSON.stringify(bad));
      }
    });
  });
});
