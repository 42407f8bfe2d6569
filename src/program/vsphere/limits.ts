// Per-VM limits a vSphere MachineProvider sets, checked before anything is built:
//   spec.computeConfig.maxCPU           vCPUs of one VM;
//   spec.computeConfig.maxMemoryGB      memory of one VM, in GiB.
// spec.capacity.maxMachines is the model's to check (model/quotas.ts): it counts the stack's
// Machines and every cluster node at its group's largest size, before the program runs.
import type { ResolvedMachineProvider } from '../../model';
import { providerName } from './placement';

const GIB = 2 ** 30;

function plural(n: number, word: string): string {
  return `${String(n)} ${n === 1 ? word : `${word}s`}`;
}

/** What one VM's size breaks of the provider's computeConfig maxima. */
export function sizeProblems(
  p: ResolvedMachineProvider,
  owner: string,
  cpu: number,
  memoryBytes: number,
): string[] {
  const c = p.provider.spec.compute;
  const out: string[] = [];
  if (c?.maxCPU !== undefined && cpu > c.maxCPU) {
    out.push(
      `${owner}: asks for ${plural(cpu, 'vCPU')}, above ${providerName(p)} spec.computeConfig.maxCPU ${String(c.maxCPU)}; use at most ${String(c.maxCPU)}, or raise maxCPU`,
    );
  }
  if (c?.maxMemoryGB !== undefined && memoryBytes > c.maxMemoryGB * GIB) {
    const gib = Math.round((memoryBytes / GIB) * 100) / 100;
    out.push(
      `${owner}: asks for ${String(gib)} GiB of memory, above ${providerName(p)} spec.computeConfig.maxMemoryGB ${String(c.maxMemoryGB)}; use at most ${String(c.maxMemoryGB)} GiB, or raise maxMemoryGB`,
    );
  }
  return out;
}
