// vSphere has no firewall this program builds (distributed firewalls need NSX): when the
// Vitistack, its vSphere providers' security groups or the NetworkConfigurations its vSphere VMs
// attach to have firewall rules, one warning says they do not guard those VMs. The README's
// provider table says the same.
import type { ResolvedMachineProvider } from '../../model';
import type { VsphereContext } from './context';

function plural(n: number, word: string): string {
  return `${String(n)} ${n === 1 ? word : `${word}s`}`;
}

/** The warning, once, when rules exist and the stack has vSphere machines or nodes. */
export function firewallWarning(
  ctx: VsphereContext,
  providers: readonly ResolvedMachineProvider[],
): void {
  const { model } = ctx.env;
  const keys = new Set(providers.map((p) => p.key));
  const machines = model.machines.filter((m) => keys.has(m.providerKey));
  const clusters = model.clusters.filter(
    (c) => c.supported && c.nodeGroups.some((g) => keys.has(g.machineProviderKey ?? '')),
  );
  if (machines.length === 0 && clusters.length === 0) return;
  const sources: string[] = [];
  const vs = model.vitistack;
  const own = vs.spec.networking.firewallRules.length;
  if (own > 0) {
    sources.push(
      `Vitistack ${vs.metadata.namespace}/${vs.metadata.name} spec.networking.firewallRules (${plural(own, 'rule')})`,
    );
  }
  for (const p of providers) {
    const groups = p.provider.spec.network.securityGroups.filter((g) => g.rules.length > 0);
    if (groups.length > 0) {
      sources.push(
        `the security groups of MachineProvider ${p.key} (${groups.map((g) => g.name).join(', ')})`,
      );
    }
  }
  const networks = new Set<string>();
  for (const m of machines) {
    for (const i of m.machine.spec.network.interfaces) {
      if (i.networkRef === undefined) continue;
      const ns = i.networkRef.namespace ?? m.machine.metadata.namespace;
      const nc = model.networkConfigurations.find(
        (n) => n.metadata.namespace === ns && n.metadata.name === i.networkRef?.name,
      );
      if (nc && nc.spec.firewallRules.length > 0) networks.add(`${ns}/${nc.metadata.name}`);
    }
  }
  if (networks.size > 0) {
    sources.push(`the firewall rules of NetworkConfiguration ${[...networks].join(', ')}`);
  }
  if (sources.length === 0) return;
  const vms = [
    ...(machines.length > 0 ? [plural(machines.length, 'Machine')] : []),
    ...(clusters.length > 0 ? [`the nodes of ${plural(clusters.length, 'cluster')}`] : []),
  ].join(' and ');
  ctx.warn(
    `${sources.join('; ')}: not applied to the ${vms} on vSphere (${providers.map((p) => p.key).join(', ')}), which has no firewall this program builds (NSX is not supported); guard those VMs with the port groups' upstream firewall or the guests' own`,
  );
}
