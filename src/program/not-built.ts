// What the spec describes but the program does not build (yet): each becomes a render warning,
// never silence. The README's provider table lists the same features.
import type { StackModel } from '../model';

export function notBuiltWarnings(model: StackModel): string[] {
  const spec = model.vitistack.spec;
  const out: string[] = [];
  const vs = `Vitistack ${model.vitistack.metadata.namespace}/${model.vitistack.metadata.name}`;
  const say = (what: string) => out.push(`${vs}: ${what} is not built yet`);
  if (spec.monitoring?.enabled === true) say('spec.monitoring (a monitoring stack)');
  if (spec.logging?.enabled === true) say('spec.logging (centralised logging)');
  if (spec.highAvailability?.enabled === true && spec.highAvailability.crossRegion === true) {
    say('spec.highAvailability.crossRegion (cross-region replication)');
  }
  if (spec.disasterRecovery?.enabled === true)
    say('spec.disasterRecovery (replication to targets)');
  if (spec.edge?.enabled === true || spec.edge?.connectivity !== undefined)
    say('spec.edge (edge autonomy)');
  if (spec.security?.rbac?.enabled === true) say('spec.security.rbac (cloud RBAC roles)');
  if (spec.security?.compliance?.scanning?.enabled === true)
    say('spec.security.compliance.scanning');
  if (spec.security?.encryption?.inTransit === true) {
    out.push(
      `${vs}: spec.security.encryption.inTransit is not enforced by resources; HTTPS listeners and TLS are up to the manifests`,
    );
  }
  for (const c of model.clusters) {
    const where = `cluster ${c.name}`;
    if (c.networking.serviceMesh?.enabled === true)
      out.push(`${where}: networking.serviceMesh is not built yet`);
    if (c.networking.networkPolicies?.enabled === true)
      out.push(`${where}: networking.networkPolicies is not built yet`);
    if (c.security.podSecurityStandards?.enabled === true) {
      out.push(`${where}: security.podSecurityStandards is not built yet`);
    }
    if (c.security.admissionControllers.length > 0)
      out.push(`${where}: security.admissionControllers is not built yet`);
    // GKE clusters get a Backup for GKE plan; other distributions have no cluster backups yet.
    if (c.backup?.enabled === true && c.distribution !== 'gke')
      out.push(`${where}: backup (cluster backups) is not built yet`);
    if (c.monitoring?.enabled === true && !c.addons.some((a) => /prometheus/.test(a.name))) {
      out.push(`${where}: monitoring is not built yet (add the prometheus add-on)`);
    }
  }
  // The program reports unbuilt provider types itself (it knows what it builds).
  for (const w of model.warnings.filter((x) => x.code !== 'ProviderNotSupported')) {
    out.push(`${w.object}: ${w.message}`);
  }
  return out;
}
