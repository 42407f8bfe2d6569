// `vitistack crds [--write DIR]`: print or write the CRD manifests.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { allCrdFiles } from '../api/crds';
import { ExitCode, type Io } from './output';

export function runCrds(opts: { readonly write?: string }, io: Io): ExitCode {
  const files = allCrdFiles();
  if (opts.write === undefined) {
    io.out([...files.values()].join(''));
    return ExitCode.Ok;
  }
  mkdirSync(opts.write, { recursive: true });
  for (const [name, content] of files) {
    writeFileSync(join(opts.write, name), content);
    io.err(`wrote ${join(opts.write, name)}\n`);
  }
  return ExitCode.Ok;
}
