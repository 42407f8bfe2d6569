// `vitistack validate <files or dirs...>`: every error in every document, not just the first.
import { formatLocated, loadDocuments, type LoadResult } from '../api/documents';
import { readManifests } from '../api/yaml-source';
import { ExitCode, type Io } from './output';

export interface ValidateOptions {
  readonly output: 'text' | 'json';
  readonly namespace: string;
}

export function validatePaths(paths: readonly string[], namespace: string): LoadResult {
  const parsed = readManifests(paths);
  return loadDocuments(parsed.documents, parsed.syntaxErrors, namespace);
}

export function runValidate(paths: readonly string[], opts: ValidateOptions, io: Io): ExitCode {
  const result = validatePaths(paths, opts.namespace);
  const ok = result.errors.length === 0;
  if (opts.output === 'json') {
    const report = {
      valid: ok,
      objects: result.objects.map((o) => ({
        file: o.source.file,
        line: o.source.line,
        kind: o.object.kind,
        namespace: o.object.metadata.namespace,
        name: o.object.metadata.name,
      })),
      secrets: result.secrets.map((s) => ({
        file: s.source.file,
        line: s.source.line,
        namespace: s.metadata.namespace,
        name: s.metadata.name,
        keys: Object.keys(s.values).sort(),
      })),
      skipped: result.skipped.map((s) => ({
        ...s.source,
        apiVersion: s.apiVersion,
        kind: s.kind,
        reason: s.reason,
      })),
      errors: result.errors.map((e) => ({
        file: e.file,
        line: e.line,
        path: e.path,
        message: e.message,
        ...(e.kind !== undefined ? { kind: e.kind } : {}),
        ...(e.name !== undefined ? { name: e.name } : {}),
      })),
    };
    io.out(`${JSON.stringify(report, null, 2)}\n`);
    return ok ? ExitCode.Ok : ExitCode.Failed;
  }
  for (const o of result.objects) {
    const { kind, metadata } = o.object;
    io.out(
      `ok      ${kind} ${metadata.namespace}/${metadata.name} (${o.source.file}:${o.source.line})\n`,
    );
  }
  for (const s of result.skipped) {
    io.out(`skipped ${s.apiVersion} ${s.kind} (${s.source.file}:${s.source.line}): ${s.reason}\n`);
  }
  for (const e of result.errors) io.err(`${formatLocated(e)}\n`);
  const files = new Set([
    ...result.objects.map((o) => o.source.file),
    ...result.errors.map((e) => e.file),
  ]);
  io.out(
    `${result.objects.length} valid, ${result.errors.length} ${result.errors.length === 1 ? 'error' : 'errors'} in ${files.size} ${files.size === 1 ? 'file' : 'files'}\n`,
  );
  return ok ? ExitCode.Ok : ExitCode.Failed;
}
