import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { allCrdFiles, crdFor } from '../../src/api/crds';
import type { JSONSchemaProps } from '../../src/api/schema';
import { KINDS } from '../../src/api/v1alpha1';

const CRD_DIR = join(__dirname, '..', '..', '..', 'crds');

/** The API server's structural-schema rules that our generator could break. */
function structuralProblems(schema: JSONSchemaProps, path: string, out: string[]): void {
  const ext =
    schema['x-kubernetes-preserve-unknown-fields'] === true ||
    schema['x-kubernetes-int-or-string'] === true;
  if (schema.type === undefined && !ext) out.push(`${path}: no type`);
  if (path !== '' && path !== '.metadata' && schema.description === undefined)
    out.push(`${path}: no description`);
  if (schema.type === 'array' && !schema.items) out.push(`${path}: array without items`);
  for (const key of Object.keys(schema)) {
    if (['oneOf', 'anyOf', 'allOf', 'not', '$ref', 'additionalItems', 'default'].includes(key)) {
      out.push(`${path}: uses ${key}`);
    }
  }
  if (schema.properties && schema.additionalProperties)
    out.push(`${path}: properties and additionalProperties`);
  for (const [k, v] of Object.entries(schema.properties ?? {}))
    structuralProblems(v, `${path}.${k}`, out);
  if (schema.items) structuralProblems(schema.items, `${path}[]`, out);
  if (schema.additionalProperties)
    structuralProblems(schema.additionalProperties, `${path}{}`, out);
}

function resolves(schema: JSONSchemaProps, jsonPath: string): boolean {
  let node: JSONSchemaProps | undefined = schema;
  // `.status.conditions[?(@.type=="Ready")].status` -> status, conditions[], status
  const segments = jsonPath
    .replace(/\[\?\(@\.[^)]*\)\]/g, '[]')
    .replace(/^\./, '')
    .split('.');
  for (const seg of segments) {
    if (!node) return false;
    const name = seg.replace('[]', '');
    if (name === 'metadata' && node === schema) return true;
    node = node.properties?.[name];
    if (seg.endsWith('[]')) node = node?.items;
  }
  return node !== undefined;
}

describe('CRDs', () => {
  it('the checked-in crds/ match what the schemas generate (run `npm run crds` after a schema change)', () => {
    const generated = allCrdFiles();
    const onDisk = readdirSync(CRD_DIR)
      .filter((f) => f.endsWith('.yaml'))
      .sort();
    assert.deepEqual(onDisk, [...generated.keys()].sort());
    for (const [name, content] of generated) {
      assert.equal(
        readFileSync(join(CRD_DIR, name), 'utf8'),
        content,
        `crds/${name} is stale: run npm run crds`,
      );
    }
  });

  for (const def of KINDS) {
    it(`${def.kind}: structural schema, status subresource, names, printer columns`, () => {
      const crd = crdFor(def);
      const version = crd.spec.versions[0]!;
      const problems: string[] = [];
      structuralProblems(version.schema.openAPIV3Schema, '', problems);
      assert.deepEqual(problems, []);
      assert.deepEqual(version.subresources, { status: {} });
      assert.equal(crd.metadata.name, `${def.plural}.vitistack.io`);
      assert.deepEqual(crd.spec.names.categories, ['vitistack']);
      assert.ok(crd.spec.names.shortNames.length > 0, 'has a short name');
      assert.ok(version.additionalPrinterColumns.length >= 2);
      for (const col of def.printerColumns) {
        assert.ok(
          resolves(version.schema.openAPIV3Schema, col.jsonPath),
          `${col.name}: ${col.jsonPath} is not in the schema`,
        );
      }
      // Round trip through YAML keeps it intact.
      const fromYaml = parse(
        allCrdFiles().get(`vitistack.io_${def.plural}.yaml`)!.split('---\n')[1]!,
      ) as unknown;
      assert.deepEqual(fromYaml, JSON.parse(JSON.stringify(crd)));
    });
  }

  it('the MachineProvider columns are the ones the spec names', () => {
    const def = KINDS.find((k) => k.kind === 'MachineProvider')!;
    assert.deepEqual(
      def.printerColumns.filter((c) => (c.priority ?? 0) === 0).map((c) => c.name),
      ['Type', 'Region', 'Ready', 'Age'],
    );
  });

  it('kubectl explain has text for spec fields', () => {
    const crd = crdFor(KINDS.find((k) => k.kind === 'Vitistack')!);
    const spec = crd.spec.versions[0]!.schema.openAPIV3Schema.properties!.spec!;
    assert.ok((spec.properties!.networking!.description ?? '').length > 10);
  });
});
