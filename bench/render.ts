// Render benchmark: generated Vitistacks with 10, 100 and 1,000 machines, each case in a fresh
// process, with our setting (no stack capture on SDK promises) and with the SDK's defaults.
// Target for 1,000 machines: < 1 ms per resource, < 1 GB peak RSS, >= 4x faster than defaults.
//   npm run bench:render                          (AWS, all sizes)
//   npm run bench:render -- 10 100                (AWS, chosen sizes)
//   npm run bench:render -- --cloud azure 1000    (aws, azure, gcp; `--cloud all` for every one)
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { BENCH_CLOUDS, type BenchCloud } from './generate';

interface CaseResult {
  readonly cloud: BenchCloud;
  readonly machines: number;
  readonly mode: string;
  readonly resources: number;
  readonly ms: number;
  readonly warmupMs: number;
  readonly msPerResource: number;
  readonly peakRssMB: number;
}

/**
 * Node flags of the `vitistack` launcher (bin/vitistack.js): a larger young generation, since a
 * render allocates a few hundred short-lived promises per resource. Both modes run with them, so
 * the comparison is of the SDK's bookkeeping alone.
 */
const NODE_FLAGS = ['--max-semi-space-size=64'];

function runCase(cloud: BenchCloud, machines: number, mode: 'fast' | 'default'): CaseResult {
  const out = execFileSync(
    process.execPath,
    [...NODE_FLAGS, join(__dirname, 'render-case.js'), String(machines), mode, cloud],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    },
  );
  return JSON.parse(out.trim()) as CaseResult;
}

const args = process.argv.slice(2);
const at = args.indexOf('--cloud');
const cloudArg = at >= 0 ? args[at + 1] : 'aws';
const clouds: readonly BenchCloud[] =
  cloudArg === 'all' ? BENCH_CLOUDS : BENCH_CLOUDS.filter((c) => c === cloudArg);
if (clouds.length === 0) {
  process.stderr.write(
    `--cloud ${String(cloudArg)}: use one of ${BENCH_CLOUDS.join(', ')} or all\n`,
  );
  process.exit(2);
}
const sizes = args
  .filter((_, i) => at < 0 || (i !== at && i !== at + 1))
  .map(Number)
  .filter((n) => n > 0);
const results: CaseResult[] = [];
for (const cloud of clouds) {
  for (const machines of sizes.length > 0 ? sizes : [10, 100, 1000]) {
    for (const mode of ['fast', 'default'] as const) {
      const r = runCase(cloud, machines, mode);
      results.push(r);
      process.stdout.write(
        `${r.cloud.padEnd(5)} ${String(r.machines).padStart(5)} machines  ${r.mode.padEnd(7)}  ${String(r.resources).padStart(5)} resources  ${String(r.ms).padStart(6)} ms  ${r.msPerResource.toFixed(3)} ms/resource  peak RSS ${r.peakRssMB} MB  (start-up ${r.warmupMs} ms, not counted)\n`,
      );
    }
    const fast = results.find(
      (x) => x.cloud === cloud && x.machines === machines && x.mode === 'fast',
    );
    const slow = results.find(
      (x) => x.cloud === cloud && x.machines === machines && x.mode === 'default',
    );
    if (fast && slow) {
      process.stdout.write(
        `${cloud.padEnd(5)} ${String(machines).padStart(5)} machines  speed-up ${(slow.ms / fast.ms).toFixed(1)}x\n`,
      );
    }
  }
}
