// Reading YAML manifests with enough position information to put a line number on every error.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments, type Node } from 'yaml';
import type { Path } from './schema';

/** One YAML document of a file, parsed, with a way to find the line of any path in it. */
export interface SourceDocument {
  readonly file: string;
  /** 0-based position of the document in its file. */
  readonly index: number;
  /** 1-based line where the document starts. */
  readonly line: number;
  readonly value: unknown;
  /** 1-based line of the deepest node the path reaches (the key, for a field). */
  lineOf(path: Path): number;
}

export interface YamlSyntaxError {
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

export interface ParsedFile {
  readonly documents: SourceDocument[];
  readonly syntaxErrors: YamlSyntaxError[];
}

function childNode(node: unknown, seg: string | number): { key?: Node; value?: unknown } {
  if (isMap(node)) {
    for (const item of node.items) {
      if (!isPair(item)) continue;
      const k = isScalar(item.key) ? item.key.value : item.key;
      if (k === seg || String(k) === String(seg)) {
        return { key: item.key as Node, value: item.value };
      }
    }
    return {};
  }
  if (isSeq(node) && typeof seg === 'number') return { value: node.items[seg] };
  return {};
}

function startOf(node: unknown): number | undefined {
  if (node && typeof node === 'object' && 'range' in node) {
    const range = (node as { range?: [number, number, number] | null }).range;
    if (range) return range[0];
  }
  return undefined;
}

/** Parses a multi-document YAML text; `file` is used only for messages. */
export function parseYaml(text: string, file: string): ParsedFile {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const documents: SourceDocument[] = [];
  const syntaxErrors: YamlSyntaxError[] = [];
  const lineAt = (offset: number): number => lineCounter.linePos(offset).line;
  const list = Array.isArray(docs) ? docs : [docs];
  list.forEach((doc, index) => {
    if (doc.errors.length > 0) {
      for (const e of doc.errors) {
        const offset = e.pos[0];
        syntaxErrors.push({ file, line: lineAt(offset), message: e.message.split('\n')[0] ?? '' });
      }
      return;
    }
    if (doc.contents === null) return; // an empty document between separators
    const root = doc.contents;
    const docLine = lineAt(startOf(root) ?? 0);
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 100 }) as unknown;
    } catch (err) {
      // e.g. an alias bomb: report it like a syntax error, never crash
      syntaxErrors.push({
        file,
        line: docLine,
        message: err instanceof Error ? err.message : String(err),
      });
      return;
    }
    documents.push({
      file,
      index,
      line: docLine,
      value,
      lineOf(path: Path): number {
        let node: unknown = root;
        let best = startOf(root) ?? 0;
        for (const seg of path) {
          const { key, value } = childNode(node, seg);
          const keyStart = startOf(key);
          const valueStart = startOf(value);
          if (keyStart === undefined && valueStart === undefined) break;
          best = keyStart ?? valueStart ?? best;
          node = value;
        }
        return lineAt(best);
      },
    });
  });
  return { documents, syntaxErrors };
}

const MANIFEST = /\.(ya?ml|json)$/;
/** Pulumi project and stack settings live beside manifests but are not manifests. */
const NOT_MANIFEST =
  /^(Pulumi(\..+)?\.ya?ml|PulumiPolicy\.ya?ml|kustomization\.ya?ml|package(-lock)?\.json|tsconfig\.json)$/;

/** Expands files and directories (recursively) into manifest files, sorted, paths as given. */
export function manifestFiles(paths: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (p: string, explicit: boolean): void => {
    const st = statSync(p);
    if (st.isDirectory()) {
      for (const entry of readdirSync(p).sort()) {
        if (entry.startsWith('.') || entry === 'node_modules') continue;
        walk(join(p, entry), false);
      }
      return;
    }
    const base = p.split(/[\\/]/).pop() ?? p;
    if (explicit || (MANIFEST.test(base) && !NOT_MANIFEST.test(base))) out.push(p);
  };
  for (const p of paths) walk(p, true);
  return out;
}

/** A path relative to the working directory when it is below it, otherwise absolute. */
export function displayPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? resolve(file) : rel;
}

/** Reads and parses files; `display` turns a path into what messages show. */
export function readManifests(
  paths: readonly string[],
  display: (file: string) => string = displayPath,
): ParsedFile {
  const documents: SourceDocument[] = [];
  const syntaxErrors: YamlSyntaxError[] = [];
  for (const file of manifestFiles(paths)) {
    const parsed = parseYaml(readFileSync(file, 'utf8'), display(file));
    documents.push(...parsed.documents);
    syntaxErrors.push(...parsed.syntaxErrors);
  }
  return { documents, syntaxErrors };
}
