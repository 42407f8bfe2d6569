// A machine's first-boot configuration as one cloud-init document, for every provider. Raw user
// data wins; otherwise cloudInit, software packages and scripts become a #cloud-config.
import { stringify } from 'yaml';
import type { Machine } from '../api/v1alpha1';

/** The user data for a machine, or undefined when it asks for nothing. Secret: never log it. */
export function machineUserData(machine: Machine): string | undefined {
  const spec = machine.spec;
  if (spec.userData !== undefined) return spec.userData;
  const ci = spec.cloudInit;
  if (ci?.enabled === false) return undefined;
  const config: Record<string, unknown> = {};
  if (ci && ci.users.length > 0) {
    config.users = [
      'default',
      ...ci.users.map((u) => ({
        name: u.name,
        ...(u.groups !== undefined ? { groups: u.groups.join(',') } : {}),
        ...(u.shell !== undefined ? { shell: u.shell } : {}),
        ...(u.sudo !== undefined ? { sudo: u.sudo } : {}),
        ...(u.sshAuthorizedKeys !== undefined ? { ssh_authorized_keys: u.sshAuthorizedKeys } : {}),
      })),
    ];
  }
  const packages = [...(ci?.packages ?? []), ...(spec.software?.packages ?? []).map((p) => p.name)];
  if (packages.length > 0) config.packages = [...new Set(packages)];
  if (ci && ci.writeFiles.length > 0) {
    config.write_files = ci.writeFiles.map((f) => ({
      path: f.path,
      ...(f.content !== undefined ? { content: f.content } : {}),
      ...(f.permissions !== undefined ? { permissions: f.permissions } : {}),
      ...(f.owner !== undefined ? { owner: f.owner } : {}),
    }));
  }
  const scripts = [...(spec.software?.scripts ?? [])].sort(
    (a, b) => (a.order ?? 0) - (b.order ?? 0),
  );
  const runcmd = [...(ci?.runcmd ?? [])];
  for (const script of scripts) {
    const path = `/var/lib/vitistack/scripts/${script.name}`;
    config.write_files = [
      ...((config.write_files as unknown[] | undefined) ?? []),
      { path, content: script.content, permissions: '0750' },
    ];
    runcmd.push(script.runAsUser !== undefined ? `sudo -u ${script.runAsUser} ${path}` : path);
  }
  if (runcmd.length > 0) config.runcmd = runcmd;
  if (Object.keys(config).length === 0) return undefined;
  return `#cloud-config\n${stringify(config)}`;
}
