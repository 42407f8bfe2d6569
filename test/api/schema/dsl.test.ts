import { strict as assert } from 'node:assert';
import { formatIssue, IssueSink, s } from '../../../src/api/schema';

const vpc = s
  .object('A VPC.', {
    name: s.name('Name.').req(),
    cidr: s.cidr('CIDR.').req(),
    tags: s.stringMap('Tags.'),
    userData: s.string('Script.').secret(),
    subnets: s.array('Subnets.', s.object('Subnet.', { name: s.name('Name.').req() }), {
      uniqueBy: 'name',
    }),
    addons: s.either('Add-ons.', {
      array: s.strings('Names.'),
      object: s.object('By kind.', { dns: s.bool('DNS.') }),
    }),
    port: s.port('Port.'),
    ports: s.portRange('Ports.'),
  })
  .refine((v, r) => {
    if (v.port !== undefined && v.ports !== undefined) {
      r.add(['ports'], 'cannot be set together with port', v.ports);
    }
  });

function messages(value: unknown): string[] {
  const sink = new IssueSink();
  vpc.check(value, ['spec'], sink);
  return sink.issues.map(formatIssue);
}

describe('schema language', () => {
  it('accepts a valid value', () => {
    assert.deepEqual(messages({ name: 'main', cidr: '10.0.0.0/16', addons: ['a'] }), []);
  });

  const cases: { name: string; value: unknown; want: string[] }[] = [
    {
      name: 'missing required fields',
      value: {},
      want: [
        'spec.name: is required (expected an RFC 1123 name like "web-01": lowercase letters, digits and "-")',
        'spec.cidr: is required (expected a CIDR block like "10.0.0.0/16")',
      ],
    },
    {
      name: 'unknown field with a suggestion',
      value: { name: 'a', cidr: '10.0.0.0/16', tgas: {} },
      want: [
        'spec.tgas: is not a known field (allowed here: addons, cidr, name, port, ports, subnets, tags, or userData); did you mean "tags"?',
      ],
    },
    {
      name: 'wrong type',
      value: { name: 7, cidr: '10.0.0.0/16' },
      want: [
        'spec.name: 7 is an integer, not a string (expected an RFC 1123 name like "web-01": lowercase letters, digits and "-")',
      ],
    },
    {
      name: 'duplicate names in a list',
      value: { name: 'a', cidr: '10.0.0.0/16', subnets: [{ name: 'x' }, { name: 'x' }] },
      want: [
        'spec.subnets[1].name: "x" is a duplicate of item 0 (each name in this list must be unique)',
      ],
    },
    {
      name: 'either: wrong JSON type',
      value: { name: 'a', cidr: '10.0.0.0/16', addons: 'dns' },
      want: ['spec.addons: "dns" is a string (expected a list of strings or an object)'],
    },
    {
      name: 'refinement runs only when fields are valid',
      value: { name: 'a', cidr: '10.0.0.0/16', port: 22, ports: '80-90' },
      want: ['spec.ports: "80-90" cannot be set together with port'],
    },
    {
      name: 'secret values are redacted',
      value: { name: 'a', cidr: '10.0.0.0/16', userData: 42 },
      want: ['spec.userData: <redacted> is an integer, not a string (expected a string)'],
    },
    {
      name: 'null is treated as absent',
      value: { name: 'a', cidr: null },
      want: ['spec.cidr: is required (expected a CIDR block like "10.0.0.0/16")'],
    },
  ];
  for (const tc of cases) {
    it(tc.name, () => {
      assert.deepEqual(messages(tc.value), tc.want);
    });
  }

  it('never prints the value of a field marked secret', () => {
    const secretField = s.object('x', { password: s.name('P.').secret() });
    const sink = new IssueSink();
    secretField.check({ password: 'Hunter2-Secret!' }, ['spec'], sink);
    const text = sink.issues.map(formatIssue).join('\n');
    assert.ok(text.startsWith('spec.password: <redacted> is not a valid RFC 1123 name'), text);
    assert.ok(!text.includes('Hunter2'));
  });

  it('emits a structural openAPI schema', () => {
    const schema = vpc.openapi();
    assert.equal(schema.type, 'object');
    assert.deepEqual(schema.required, ['name', 'cidr']);
    const props = schema.properties ?? {};
    assert.equal(props.cidr?.format, 'cidr');
    assert.deepEqual(props.addons, {
      description: 'Add-ons.',
      'x-kubernetes-preserve-unknown-fields': true,
    });
    assert.equal(props.subnets?.items?.type, 'object');
    assert.equal(props.tags?.additionalProperties?.type, 'string');
  });
});
