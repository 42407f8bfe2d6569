// Test helpers: validate YAML text or files the way the CLI does.
import { loadDocuments, formatLocated, type LoadResult } from '../../src/api/documents';
import { parseYaml, readManifests } from '../../src/api/yaml-source';

export function loadText(text: string, file = 'test.yaml'): LoadResult {
  const parsed = parseYaml(text, file);
  return loadDocuments(parsed.documents, parsed.syntaxErrors);
}

export function loadPaths(paths: string[]): LoadResult {
  const parsed = readManifests(paths);
  return loadDocuments(parsed.documents, parsed.syntaxErrors);
}

export function errorLines(result: LoadResult): string[] {
  return result.errors.map(formatLocated);
}

/** A small deterministic PRNG (mulberry32) so fuzz failures reproduce. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
