// The operator configuration of the stack's on-premises MachineProviders: the ProxmoxConfig of a
// proxmox provider (cluster nodes, endpoint, defaults, limits, templates) and the KubevirtConfig
// of a kubevirt provider (the cluster KubeVirt runs on, through its kubeconfig Secret, and its
// defaults). A MachineProvider names neither (spec 001 has no reference), so the config is found
// in the provider's namespace: the one whose endpoint is the provider's endpoint, else the only
// one there. Several candidates and none matching is a warning, never a guess.
import type { KubevirtConfig, ProxmoxConfig } from '../api/v1alpha1';
import type { Context } from './context';
import { objectName } from './errors';
import type { ResolvedMachineProvider } from './stack-model';

export interface OperatorConfigs {
  readonly proxmox?: ProxmoxConfig;
  readonly kubevirt?: KubevirtConfig;
}

/** An endpoint URL as compared: lower case, no trailing slashes. */
function sameEndpoint(a: string | undefined, b: string | undefined): boolean {
  const norm = (u: string) => u.trim().toLowerCase().replace(/\/+$/, '');
  return a !== undefined && b !== undefined && norm(a) === norm(b);
}

function pick<T extends ProxmoxConfig | KubevirtConfig>(
  ctx: Context,
  provider: ResolvedMachineProvider,
  candidates: readonly T[],
  matches: (c: T) => boolean,
  kind: string,
): T | undefined {
  const match = candidates.filter(matches);
  if (match.length === 1) return match[0];
  if (candidates.length === 1) return candidates[0];
  if (candidates.length > 1) {
    const object = objectName('MachineProvider', provider.provider.metadata);
    ctx.warn(
      'AmbiguousOperatorConfig',
      object,
      `${object} has ${String(candidates.length)} ${kind}s in namespace ${provider.provider.metadata.namespace} (${candidates.map((c) => c.metadata.name).join(', ')}) and none ${kind === 'ProxmoxConfig' ? 'whose spec.cluster.endpoint is its endpoint' : 'stands out'}; none is used: keep one per namespace${kind === 'ProxmoxConfig' ? ' or make one endpoint match' : ''}`,
    );
  }
  return undefined;
}

/** By MachineProvider key; providers without a config are left out. */
export function resolveOperatorConfigs(
  ctx: Context,
  providers: readonly ResolvedMachineProvider[],
): Readonly<Record<string, OperatorConfigs>> {
  const out: Record<string, OperatorConfigs> = {};
  for (const p of providers) {
    const ns = p.provider.metadata.namespace;
    if (p.type === 'proxmox') {
      const configs = ctx.all('ProxmoxConfig').filter((c) => c.metadata.namespace === ns);
      const url = p.provider.spec.endpoint?.url;
      const proxmox = pick(
        ctx,
        p,
        configs,
        (c) => sameEndpoint(c.spec.endpoint, url),
        'ProxmoxConfig',
      );
      if (proxmox) out[p.key] = { proxmox };
    }
    if (p.type === 'kubevirt') {
      const configs = ctx.all('KubevirtConfig').filter((c) => c.metadata.namespace === ns);
      const kubevirt = pick(ctx, p, configs, () => false, 'KubevirtConfig');
      if (kubevirt) out[p.key] = { kubevirt };
    }
  }
  return out;
}
