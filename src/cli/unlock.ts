// `vitistack unlock <paths>`: removes the stack lock a crashed operation left behind.
import { EngineError } from '../engine/errors';
import { createEngine, type OperateDeps, type OperateOptions } from './operate';
import { ExitCode, type Io } from './output';
import { loadTarget } from './target';

export async function runUnlock(
  paths: readonly string[],
  opts: OperateOptions,
  io: Io,
  deps: OperateDeps,
): Promise<ExitCode> {
  let engine;
  let target;
  try {
    target = loadTarget(paths, opts, deps.env);
    engine = createEngine(opts, deps);
  } catch (err) {
    io.err(`unlock: ${err instanceof Error ? err.message : String(err)}\n`);
    return ExitCode.BadInput;
  }
  try {
    await engine.unlock(target);
  } catch (err) {
    if (!(err instanceof EngineError)) throw err;
    io.err(`unlock: ${err.message}\n`);
    return ExitCode.Failed;
  }
  io.out(`unlock: stack ${target.model.stackName} is unlocked\n`);
  return ExitCode.Ok;
}
