// The inputs hash: the same inputs in any order hash alike; bookkeeping fields do not count;
// every change of a spec or of a referenced Secret's resourceVersion does.
import { strict as assert } from 'node:assert';
import type { AnyResource, Machine, Vitistack } from '../../src/api/v1alpha1';
import { canonicalJson, inputsHash, type SecretVersion } from '../../src/model/inputs-hash';
import { prng } from '../helpers/load';
import { resolve, stackObjects, vitistackOf } from './helpers';

function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const a = out[i] as T;
    out[i] = out[j] as T;
    out[j] = a;
  }
  return out;
}

/** A copy of `o` with its metadata changed. */
function withMeta<T extends AnyResource>(o: T, meta: Partial<T['metadata']>): T {
  return { ...o, metadata: { ...o.metadata, ...meta } };
}

describe('canonicalJson', () => {
  it('sorts keys at every level, keeps array order and drops undefined fields', () => {
    assert.equal(
      canonicalJson({ b: 1, a: { d: [2, 1], c: undefined, e: 'x' } }),
      '{"a":{"d":[2,1],"e":"x"},"b":1}',
    );
    assert.equal(canonicalJson({ a: 1, b: 2 }), canonicalJson({ b: 2, a: 1 }));
    assert.notEqual(canonicalJson([1, 2]), canonicalJson([2, 1]));
  });
});

describe('inputsHash', () => {
  const objects = stackObjects('aws-production');
  const vitistack = vitistackOf(objects, 'production/aws-production');
  const members = objects.filter((o) => o.kind !== 'Vitistack');
  const secrets: SecretVersion[] = [
    { namespace: 'production', name: 'aws-credentials', resourceVersion: '100' },
    { namespace: 'production', name: 'grafana-admin', resourceVersion: '7' },
  ];
  const base = inputsHash({ vitistack, members, secrets });

  it('is a sha256 in hex', () => {
    assert.match(base, /^[0-9a-f]{64}$/);
  });

  it('does not depend on the order of objects and Secrets (50 shuffles)', () => {
    const random = prng(20240601);
    for (let i = 0; i < 50; i++) {
      const h = inputsHash({
        vitistack,
        members: shuffled(members, random),
        secrets: shuffled(secrets, random),
      });
      assert.equal(h, base, `shuffle ${i} changed the hash`);
    }
  });

  it('does not depend on the order of keys inside objects', () => {
    const reordered = members.map((o) => JSON.parse(canonicalJson(o)) as AnyResource);
    assert.equal(inputsHash({ vitistack, members: reordered, secrets }), base);
  });

  it('ignores status, managedFields, resourceVersion, generation, uid and creationTimestamp', () => {
    const noisy = members.map((o) => ({
      ...withMeta(o, {
        resourceVersion: '999',
        generation: 12,
        uid: '0b5e5a44-0000-4000-8000-000000000000',
        creationTimestamp: '2024-06-01T12:00:00Z',
      }),
      status: { phase: 'Ready' },
      managedFields: [{ manager: 'kubectl' }],
    })) as AnyResource[];
    const v = withMeta<Vitistack>(vitistack, { resourceVersion: '5', generation: 3 });
    assert.equal(inputsHash({ vitistack: v, members: noisy, secrets }), base);
  });

  it('ignores annotations other than vitistack.io/*, and the operational ones', () => {
    const v = withMeta<Vitistack>(vitistack, {
      annotations: {
        'kubectl.kubernetes.io/last-applied-configuration': '{}',
        'vitistack.io/approve-plan': 'plan-1',
        'vitistack.io/paused': 'true',
        'vitistack.io/reconcile-request': '2024-06-01T12:00:00Z',
      },
    });
    assert.equal(inputsHash({ vitistack: v, members, secrets }), base);
  });

  const changes: { name: string; change: () => string }[] = [
    {
      name: 'a change of the Vitistack spec',
      change: () =>
        inputsHash({
          vitistack: { ...vitistack, spec: { ...vitistack.spec, region: 'us-east-1' } },
          members,
          secrets,
        }),
    },
    {
      name: 'a vitistack.io/* annotation of the Vitistack',
      change: () =>
        inputsHash({
          vitistack: withMeta<Vitistack>(vitistack, {
            annotations: { 'vitistack.io/contact': 'platform@example.com' },
          }),
          members,
          secrets,
        }),
    },
    {
      name: "a change of a member's spec",
      change: () =>
        inputsHash({
          vitistack,
          members: members.map((o) =>
            o.kind === 'Machine' && o.metadata.name === 'bastion-host'
              ? ({ ...o, spec: { ...o.spec, instanceType: 'm5.large' } } satisfies Machine)
              : o,
          ),
          secrets,
        }),
    },
    {
      name: "a change of a member's labels",
      change: () =>
        inputsHash({
          vitistack,
          members: members.map((o) =>
            o.kind === 'Machine' ? withMeta(o, { labels: { 'vitistack.io/team': 'web' } }) : o,
          ),
          secrets,
        }),
    },
    {
      name: 'a member fewer',
      change: () => inputsHash({ vitistack, members: members.slice(1), secrets }),
    },
    {
      name: "a referenced Secret's resourceVersion",
      change: () =>
        inputsHash({
          vitistack,
          members,
          secrets: [
            { ...secrets[0], resourceVersion: '101' } as SecretVersion,
            ...secrets.slice(1),
          ],
        }),
    },
    {
      name: 'a referenced Secret more',
      change: () =>
        inputsHash({
          vitistack,
          members,
          secrets: [...secrets, { namespace: 'production', name: 'extra', resourceVersion: '1' }],
        }),
    },
  ];
  for (const tc of changes) {
    it(`changes with ${tc.name}`, () => {
      assert.notEqual(tc.change(), base);
    });
  }

  it('is what resolveStack reports, fed with the Secret resourceVersions it was given', () => {
    const options = {
      secrets: [
        { namespace: 'production', name: 'aws-credentials', resourceVersion: '100', keys: [] },
        {
          namespace: 'production',
          name: 'grafana-admin',
          resourceVersion: '7',
          keys: ['password'],
        },
      ],
    };
    const first = resolve(objects, 'production/aws-production', options).inputsHash;
    const again = resolve(shuffled(objects, prng(7)), 'production/aws-production', options);
    assert.equal(again.inputsHash, first);
    const rotated = resolve(objects, 'production/aws-production', {
      secrets: options.secrets.map((s) => ({ ...s, resourceVersion: `${s.resourceVersion}1` })),
    });
    assert.notEqual(rotated.inputsHash, first);
    assert.notEqual(resolve(objects, 'production/aws-production').inputsHash, first);
  });

  it('does not change when objects outside the stack change', () => {
    const other: AnyResource[] = [
      ...objects,
      ...stackObjects('edge').filter((o) => o.metadata.namespace !== 'production'),
    ];
    assert.equal(
      resolve(other, 'production/aws-production').inputsHash,
      resolve(objects, 'production/aws-production').inputsHash,
    );
  });
});
