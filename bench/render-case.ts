// One benchmark case in its own process (so peak RSS is this case's alone):
//   node dist/bench/render-case.js <machines> <fast|default> [aws|azure|gcp]
// Prints one JSON line: {cloud, machines, mode, resources, ms, warmupMs, msPerResource, peakRssMB}.
import { loadDocuments } from '../src/api/documents';
import { parseYaml } from '../src/api/yaml-source';
import type { Vitistack } from '../src/api/v1alpha1';
import { renderStack } from '../src/engine/render-stack';
import { resolveStack } from '../src/model';
import { BENCH_CLOUDS, generateStack, type BenchCloud } from './generate';

function modelOf(cloud: BenchCloud, machines: number) {
  const parsed = parseYaml(generateStack(cloud, machines), 'bench.yaml');
  const loaded = loadDocuments(parsed.documents);
  if (loaded.errors.length > 0) throw new Error(loaded.errors.map((e) => e.message).join('\n'));
  const objects = loaded.objects.map((o) => o.object);
  const vitistack = objects.find((o): o is Vitistack => o.kind === 'Vitistack');
  if (!vitistack) throw new Error('no Vitistack generated');
  return resolveStack(vitistack, objects, {});
}

async function main(): Promise<void> {
  const machines = Number(process.argv[2] ?? '10');
  const mode = process.argv[3] === 'default' ? 'default' : 'fast';
  const cloud = BENCH_CLOUDS.find((c) => c === process.argv[4]) ?? 'aws';
  // Warm-up: a one-machine render loads and compiles the SDK modules (about 0.7 s, once per
  // process), so the timed render measures the per-resource cost alone.
  const warm = process.hrtime.bigint();
  await renderStack(modelOf(cloud, 1), { fast: mode === 'fast' });
  const warmupMs = Number(process.hrtime.bigint() - warm) / 1e6;
  const model = modelOf(cloud, machines);
  const start = process.hrtime.bigint();
  const result = await renderStack(model, { fast: mode === 'fast' });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const resources = result.resources.length;
  const line = {
    cloud,
    machines,
    mode,
    resources,
    ms: Math.round(ms),
    warmupMs: Math.round(warmupMs),
    msPerResource: Number((ms / resources).toFixed(3)),
    peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
