// Property test: thousands of random mutations of the example manifests never crash the
// validator; only validation errors come out, each naming a place.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadDocuments } from '../../src/api/documents';
import { manifestFiles, parseYaml, type SourceDocument } from '../../src/api/yaml-source';
import { prng } from '../helpers/load';

const ROOT = join(__dirname, '..', '..', '..');
const files = manifestFiles([
  join(ROOT, 'test', 'fixtures', 'spec-examples'),
  join(ROOT, 'stacks'),
]);
const texts = files.map((f) => readFileSync(f, 'utf8'));
const seeds = texts.flatMap((t, i) => parseYaml(t, files[i] ?? '').documents.map((d) => d.value));

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const WEIRD: Json[] = [
  null,
  true,
  false,
  0,
  -1,
  1.5,
  1e308,
  -0,
  '',
  ' ',
  'x',
  '10.0.0.0/33',
  '999999Ti',
  '-5Gi',
  'NaN',
  '0 0 0 0 0',
  '$',
  'AKIA' + 'X'.repeat(16),
  [],
  [null],
  [[]],
  {},
  { '': null },
  { name: 5 },
  '中文',
  '\u0000',
  'a'.repeat(5000),
];

function paths(
  v: Json,
  prefix: (string | number)[] = [],
  out: (string | number)[][] = [],
): (string | number)[][] {
  out.push(prefix);
  if (Array.isArray(v)) v.forEach((x, i) => paths(x, [...prefix, i], out));
  else if (v && typeof v === 'object')
    for (const [k, x] of Object.entries(v)) paths(x, [...prefix, k], out);
  return out;
}

function mutate(doc: Json, rand: () => number): Json {
  const copy = structuredClone(doc);
  const all = paths(copy);
  const edits = 1 + Math.floor(rand() * 3);
  let root: Json = copy;
  for (let e = 0; e < edits; e++) {
    const path = all[Math.floor(rand() * all.length)] ?? [];
    const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)] as T;
    if (path.length === 0) {
      root = pick(WEIRD);
      continue;
    }
    let parent: Json = root;
    for (const seg of path.slice(0, -1)) {
      parent =
        parent && typeof parent === 'object'
          ? ((parent as Record<string, Json>)[seg] ?? null)
          : null;
    }
    if (!parent || typeof parent !== 'object') continue;
    const last = path[path.length - 1]!;
    const p = parent as Record<string | number, Json>;
    const op = rand();
    if (op < 0.35) p[last] = pick(WEIRD);
    else if (op < 0.5) Reflect.deleteProperty(p, last);
    else if (op < 0.65 && !Array.isArray(parent))
      p[`unknown${Math.floor(rand() * 9)}`] = pick(WEIRD);
    else if (op < 0.8)
      p[last] = Array.isArray(p[last]) ? [...p[last], ...p[last]] : [p[last] ?? null];
    else if (typeof p[last] === 'string') p[last] = p[last].split('').reverse().join('');
    else if (typeof p[last] === 'number') p[last] = -p[last] * 1000;
    else p[last] = JSON.stringify(p[last] ?? null);
  }
  return root;
}

function asSource(value: unknown): SourceDocument {
  return { file: 'fuzz.yaml', index: 0, line: 1, value, lineOf: () => 1 };
}

describe('validator fuzz', () => {
  it(`has seeds from every example (${seeds.length} documents)`, () => {
    assert.ok(seeds.length >= 30, `only ${seeds.length} seed documents`);
  });

  it('5,000 structural mutations give only located validation errors', () => {
    const rand = prng(20261121);
    let invalid = 0;
    for (let i = 0; i < 5000; i++) {
      const seed = seeds[i % seeds.length] as Json;
      const mutated = mutate(seed, rand);
      let result;
      try {
        result = loadDocuments([asSource(mutated)]);
      } catch (err) {
        assert.fail(
          `mutation ${i} crashed the validator: ${String(err)}\n${JSON.stringify(mutated).slice(0, 2000)}`,
        );
      }
      for (const e of result.errors) {
        assert.equal(typeof e.message, 'string');
        assert.ok(e.message.length > 0 && !e.message.includes('undefined'), e.message);
      }
      if (result.errors.length > 0) invalid++;
    }
    // Most mutations must be caught; a validator that accepts everything would fail here.
    assert.ok(invalid > 2500, `only ${invalid} of 5000 mutations were reported invalid`);
  });

  it('2,000 byte-level corruptions of the YAML text never crash parsing or validation', () => {
    const rand = prng(7);
    for (let i = 0; i < 2000; i++) {
      const text = texts[i % texts.length] ?? '';
      const chars = text.split('');
      for (let k = 0; k < 1 + Math.floor(rand() * 4); k++) {
        const at = Math.floor(rand() * chars.length);
        chars[at] = ':-[]{}#&*!|>\'"%@` \n\t'.charAt(Math.floor(rand() * 22));
      }
      const parsed = parseYaml(chars.join(''), 'fuzz.yaml');
      assert.doesNotThrow(() => loadDocuments(parsed.documents, parsed.syntaxErrors));
    }
  });
});
