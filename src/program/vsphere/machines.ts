// Machines of vSphere MachineProviders -> VMs cloned from the template their image names, in the
// provider's resource pool, datastore and the stack's folder, tagged with the standard labels.
// Linux guest customization sets the host name (the Machine's name), the domain and each NIC's
// address (static when planned, else DHCP); cloud-init gets the user data and SSH keys through
// guestinfo, with a network config that matches the customization.
import * as pulumi from '@pulumi/pulumi';
import { Machine, type DiskProvisioning, type MachineArgs } from '../../components/vsphere';
import { MANAGED_BY } from '../../model/defaults';
import type { ResolvedMachine } from '../../model';
import type { PlannedInterface } from '../backend';
import { machinePlan } from '../machine-plan';
import type { MachineOutput } from '../outputs';
import { sizeProblems } from './limits';
import { PROVISIONING_WORDS, provisioningOf, type VsphereContext } from './context';
import { metadataDocument } from './guestinfo';
import { customizationOf, plannedAddress, vmNics, type VmNic } from './nics';
import { machineOutput } from './output';
import { placementOf, type Placement } from './placement';
import type { VsphereSite } from './site';
import { labelTags } from './tags';
import { machineTemplate } from './templates';

const HOST_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const MIB = 2 ** 20;

/** A data disk's provisioning from its type or storage class as written; thin otherwise. */
export function diskProvisioning(written: string | undefined): DiskProvisioning {
  const t = (written ?? '').toLowerCase().replace(/[^a-z]/g, '');
  if (/^(thickeager|eagerzeroed|eagerzeroedthick|thickeagerzeroed|eager)$/.test(t)) return 'eager';
  if (/^(thick|thicklazy|lazyzeroedthick|thicklazyzeroed)$/.test(t)) return 'thick';
  return 'thin';
}

interface MachineBuild {
  readonly template: string;
  readonly placement: Placement;
  readonly nics: readonly VmNic[];
}

function plan(
  site: VsphereSite,
  m: ResolvedMachine,
  interfaces: readonly PlannedInterface[],
): MachineBuild | { problems: string[] } {
  const where = `Machine ${m.key}`;
  const p = site.provider;
  const problems: string[] = [];
  const name = m.machine.metadata.name;
  if (!HOST_LABEL.test(name)) {
    problems.push(
      `${where}: its name "${name}" becomes the guest's host name, which must be 1 to 63 lowercase letters, digits and "-" (no dots); rename the Machine`,
    );
  }
  const template = machineTemplate(p, m);
  if ('problem' in template) problems.push(template.problem);
  const placement = placementOf(
    p,
    site.identity,
    where,
    m.machine.spec.placement?.availabilityZone,
  );
  if ('problem' in placement) problems.push(placement.problem);
  const nics = vmNics(p, where, interfaces, m);
  if ('problems' in nics) problems.push(...nics.problems);
  problems.push(...sizeProblems(p, where, m.cpu, m.memoryBytes));
  if (
    problems.length > 0 ||
    'problem' in template ||
    'problem' in placement ||
    'problems' in nics
  ) {
    return { problems };
  }
  return { template: template.template, placement, nics: nics.nics };
}

/** What must be fixed before this machine can be built on vSphere; [] when fine. */
export function vsphereMachineProblems(
  ctx: VsphereContext,
  m: ResolvedMachine,
  interfaces: readonly PlannedInterface[],
): string[] {
  const site = ctx.sites.get(m.providerKey);
  if (!site) return [];
  const planned = plan(site, m, interfaces);
  return 'problems' in planned ? planned.problems : [];
}

/** Warnings for what the manifests ask of the machine and vSphere does not do here. */
function machineWarnings(ctx: VsphereContext, m: ResolvedMachine, placement: Placement): void {
  const spec = m.machine.spec;
  const zone = spec.placement?.availabilityZone;
  if (zone !== undefined && placement.resourcePool !== `${zone}/Resources`) {
    ctx.warn(
      `Machine ${m.key}: spec.placement.availabilityZone "${zone}" is not used: MachineProvider ${m.providerKey} puts every VM in resource pool "${placement.resourcePool}"`,
    );
  }
  const groups = [
    ...spec.network.securityGroups,
    ...spec.network.interfaces.flatMap((i) => i.securityGroups),
  ];
  if (groups.length > 0) {
    ctx.warn(
      `Machine ${m.key}: security groups ${groups.join(', ')} are not applied: vSphere machines get no firewall from this program`,
    );
  }
  if (m.publicIP) {
    ctx.warn(
      `Machine ${m.key}: a public IP is asked for, but vSphere VMs only get the addresses of their port groups`,
    );
  }
}

export function buildVsphereMachine(
  ctx: VsphereContext,
  m: ResolvedMachine,
  interfaces: readonly PlannedInterface[],
): pulumi.Output<MachineOutput> {
  const site = ctx.sites.get(m.providerKey);
  const planned = site ? plan(site, m, interfaces) : undefined;
  if (!site || !planned || 'problems' in planned) {
    throw new Error(`Machine ${m.key} was built although it has problems (a program bug)`);
  }
  machineWarnings(ctx, m, planned.placement);
  const spec = m.machine.spec;
  const p = site.provider;
  const name = m.machine.metadata.name;
  const mp = machinePlan(m, p);
  const template = site.template(planned.template);
  const sockets = spec.cpu?.sockets ?? 1;
  const keys = mp.sshPublicKey !== undefined ? [mp.sshPublicKey.publicKey] : [];
  // cloud-init reads guestinfo only when there is something for it to do.
  const guestinfo =
    mp.userData !== undefined || keys.length > 0
      ? {
          metadata: metadataDocument({
            instanceId: m.key,
            hostName: name,
            nics: planned.nics,
            sshPublicKeys: keys,
          }),
          ...(mp.userData !== undefined ? { userData: pulumi.secret(mp.userData) } : {}),
        }
      : undefined;
  const tags = labelTags(m.tags);
  const args: MachineArgs = {
    name,
    template,
    resourcePoolId: site.resourcePoolId(planned.placement.resourcePool),
    ...(site.datastoreId() !== undefined ? { datastoreId: site.datastoreId() } : {}),
    folder: site.inventory().folderPath,
    ...(m.cpu > 0
      ? {
          numCpus: m.cpu,
          coresPerSocket: m.cpu % sockets === 0 ? m.cpu / sockets : m.cpu,
        }
      : {}),
    ...(m.memoryBytes > 0 ? { memoryMiB: Math.ceil(m.memoryBytes / MIB) } : {}),
    rootDiskGiB: mp.root.sizeGiB,
    dataDisks: mp.volumes.map((v, i) => ({
      name: v.name,
      sizeGiB: v.sizeGiB,
      provisioning: diskProvisioning(spec.volumes[i]?.storageClass ?? v.type),
    })),
    networkInterfaces: planned.nics.map((n) => ({
      networkId: site.networkId(n.portGroup),
      ...(n.macAddress !== undefined ? { macAddress: n.macAddress } : {}),
      ...(n.ipv4 !== undefined ? { ipv4: n.ipv4 } : {}),
      ...(n.ipv6 !== undefined ? { ipv6: n.ipv6 } : {}),
    })),
    customize: customizationOf(p, name, planned.nics),
    ...(guestinfo !== undefined ? { guestinfo } : {}),
    ...(tags.length > 0 ? { tags: site.inventory().tagIdsOf(tags) } : {}),
    annotation: `Machine ${m.key} of Vitistack ${ctx.env.model.stackName}, managed by ${MANAGED_BY}`,
  };
  const vm = new Machine(name, args, { parent: ctx.env.root, provider: site.resource });
  return machineOutput(
    vm,
    plannedAddress(planned.nics),
    template.apply((t) =>
      provisioningOf([...t.disks].sort((a, b) => a.unitNumber - b.unitNumber)[0]),
    ),
    mp.volumes.map((v, i) => ({
      name: v.name,
      size: spec.volumes[i]?.size ?? `${String(v.sizeGiB)}Gi`,
      type: PROVISIONING_WORDS[diskProvisioning(spec.volumes[i]?.storageClass ?? v.type)],
      ...(v.mountPath !== undefined ? { mountPath: v.mountPath } : {}),
    })),
  );
}
