// Machines of Proxmox MachineProviders -> VMs cloned from a template (components/proxmox).
// planMachine maps a Machine onto the VM's arguments without creating anything, so the same
// mapping finds the problems before any resource exists and builds the VM afterwards.
import type * as pulumi from '@pulumi/pulumi';
import { Machine, type MachineArgs, type MachineDisk } from '../../components/proxmox/machine';
import type { ResolvedMachine } from '../../model';
import { LABELS, MANAGED_BY } from '../../model/defaults';
import type { PlannedInterface } from '../backend';
import { DEFAULT_ROOT_GIB, machinePlan } from '../machine-plan';
import type { MachineOutput } from '../outputs';
import { gibOf } from '../units';
import { machineCloudInitUser } from './cloud-init';
import type { ProxmoxContext } from './context';
import { vmFirewallPlan } from './firewall';
import { vmLimitProblems, type VmSize } from './limits';
import { vmNetwork, type NicRequest } from './network';
import { machineOutput, type OutputDisk } from './output';
import {
  datastoreFor,
  datastoreHint,
  defaultOsType,
  nodeFor,
  providerName,
  templateHome,
  type ProxmoxSite,
} from './site';
import { proxmoxTags } from './tags';
import { machineTemplate, type ProxmoxTemplate } from './templates';

interface MachineBuild {
  readonly args: MachineArgs;
  readonly address?: string;
  readonly root: OutputDisk;
  readonly volumes: readonly OutputDisk[];
  readonly warnings: readonly string[];
}

const SSD_TYPES = ['ssd', 'nvme'];
const BOOT_DEVICES: Readonly<Record<string, string>> = { disk: 'scsi0', network: 'net0' };

/** The VM's CPU and memory: the Machine's, else its instance type's, else the template's. */
export function machineSize(m: ResolvedMachine, template: ProxmoxTemplate): VmSize {
  const spec = m.machine.spec;
  const fromType = m.instanceType !== undefined ? `instance type "${m.instanceType}"` : undefined;
  let cpu: Pick<VmSize, 'cores' | 'sockets' | 'cpuField'>;
  if (spec.cpu?.cores !== undefined || spec.cpu?.sockets !== undefined) {
    cpu = {
      cores: spec.cpu.cores ?? 1,
      sockets: spec.cpu.sockets ?? 1,
      cpuField: 'spec.resources.cpu',
    };
  } else if (m.cpu > 0) {
    cpu = { cores: m.cpu, sockets: 1, cpuField: fromType ?? 'spec.resources' };
  } else {
    cpu = {
      ...(template.cpu !== undefined ? { cores: template.cpu, sockets: 1 } : {}),
      cpuField: `template ${template.name}`,
    };
  }
  const memoryField =
    spec.memory !== undefined ? 'spec.resources.memory.size' : (fromType ?? 'spec.resources');
  const memory: Pick<VmSize, 'memoryBytes' | 'memoryField'> =
    m.memoryBytes > 0
      ? { memoryBytes: m.memoryBytes, memoryField }
      : {
          ...(template.memoryBytes !== undefined ? { memoryBytes: template.memoryBytes } : {}),
          memoryField: `template ${template.name}`,
        };
  return { ...cpu, ...memory };
}

/** The interfaces of the Machine in order, each with what the address plan gave it. */
function nicRequests(
  m: ResolvedMachine,
  planned: readonly PlannedInterface[],
): { requests: NicRequest[]; problems: string[] } {
  const net = m.machine.spec.network;
  const problems: string[] = [];
  const requests: NicRequest[] = [];
  const unplanned = (field: string, ip: string) =>
    `Machine ${m.key}: ${field} ${ip} needs the interface on a NetworkConfiguration (networkRef), whose subnet gives the prefix length and gateway; add networkRef or remove the address to use DHCP`;
  net.interfaces.forEach((iface, i) => {
    const name = iface.name ?? `net${String(i)}`;
    if (iface.networkRef !== undefined) {
      const p = planned.find((x) => x.name === name);
      // Absent: the model or the address plan reported why.
      if (p)
        requests.push({
          name,
          planned: p,
          ...(iface.macAddress ? { macAddress: iface.macAddress } : {}),
        });
      return;
    }
    if (iface.ipAddress !== undefined) {
      problems.push(
        unplanned(`spec.networking.interfaces[${String(i)}].ipAddress`, iface.ipAddress),
      );
    }
    requests.push({ name, ...(iface.macAddress ? { macAddress: iface.macAddress } : {}) });
  });
  if (net.privateIP !== undefined && !net.interfaces.some((x) => x.networkRef !== undefined)) {
    problems.push(unplanned('spec.networking.privateIP', net.privateIP));
  }
  return { requests, problems };
}

/** The Machine as VM arguments, or what must be fixed first. */
export function planMachine(
  ctx: Pick<ProxmoxContext, 'firewallGroups'>,
  site: ProxmoxSite,
  m: ResolvedMachine,
  interfaces: readonly PlannedInterface[],
): MachineBuild | { problems: string[] } {
  const where = `Machine ${m.key}`;
  const spec = m.machine.spec;
  const problems: string[] = [];
  const warnings: string[] = [];

  const found = machineTemplate(site, m);
  if ('problem' in found) problems.push(found.problem);
  const node = nodeFor(site, where, spec.placement?.availabilityZone);
  if ('problem' in node) problems.push(node.problem);

  const rootStore = datastoreFor(site, spec.rootVolume?.storageClass);
  if (rootStore === undefined) {
    problems.push(
      `${where}: no datastore for the root disk; set spec.storage.rootVolume.storageClass, or ${datastoreHint(site)}`,
    );
  }
  const template = 'template' in found ? found.template : undefined;
  const written = gibOf(spec.rootVolume?.size);
  if (written !== undefined && template?.diskGiB !== undefined && written < template.diskGiB) {
    problems.push(
      `${where}: spec.storage.rootVolume.size ${spec.rootVolume?.size ?? ''} is smaller than the ${String(template.diskGiB)}Gi disk of template ${template.name}, and Proxmox cannot shrink a cloned disk; use at least ${String(template.diskGiB)}Gi`,
    );
  }

  const { requests, problems: nicProblems } = nicRequests(m, interfaces);
  problems.push(...nicProblems);
  const network = vmNetwork(site, where, requests);
  if ('problems' in network) problems.push(...network.problems);

  const size = template !== undefined ? machineSize(m, template) : undefined;
  if (size !== undefined) problems.push(...vmLimitProblems(where, site, size));

  const groupNames = [
    ...spec.network.securityGroups,
    ...spec.network.interfaces.flatMap((i) => i.securityGroups),
  ];
  const fw =
    'network' in network
      ? vmFirewallPlan(
          where,
          ctx.firewallGroups,
          groupNames,
          network.network.attached,
          network.network.usesDhcp,
        )
      : undefined;
  problems.push(...(fw?.problems ?? []));

  if (
    problems.length > 0 ||
    template === undefined ||
    !('node' in node) ||
    rootStore === undefined ||
    !('network' in network) ||
    size === undefined
  ) {
    return { problems };
  }
  warnings.push(...(fw?.warnings ?? []));
  for (const { network: n } of network.network.attached) {
    if (n.spec.isolation === true) {
      warnings.push(
        `NetworkConfiguration ${n.metadata.namespace}/${n.metadata.name}: spec.security.isolation is not built on Proxmox (the VM firewall carries only its firewallRules); isolate the VLAN on the switch or with Proxmox SDN`,
      );
    }
  }

  const plan = machinePlan(m, site.provider);
  const offer = site.provider.provider.spec.instanceTypes.find((t) => t.name === m.instanceType);
  const unwritten =
    gibOf(offer?.storage) ?? gibOf(site.provider.provider.spec.storage.defaultVolumeSize);
  const rootGiB = written ?? Math.max(unwritten ?? DEFAULT_ROOT_GIB, template.diskGiB ?? 0);
  const disks: MachineDisk[] = [
    {
      interface: 'scsi0',
      datastoreId: rootStore,
      sizeGiB: rootGiB,
      ssd: SSD_TYPES.includes(plan.root.type ?? ''),
    },
    ...plan.volumes.map((v, i) => ({
      interface: `scsi${String(i + 1)}`,
      datastoreId: datastoreFor(site, spec.volumes[i]?.storageClass) ?? rootStore,
      sizeGiB: v.sizeGiB,
      ssd: SSD_TYPES.includes(v.type ?? ''),
    })),
  ];
  const encrypted = [
    ...(spec.rootVolume?.encrypted === true ? ['spec.storage.rootVolume'] : []),
    ...spec.volumes.flatMap((v, i) =>
      v.encrypted === true ? [`spec.storage.dataVolumes[${String(i)}]`] : [],
    ),
  ];
  if (encrypted.length > 0) {
    warnings.push(
      `${where}: ${encrypted.join(', ')} asks for encryption, which a Proxmox VM disk cannot set; the disks are as encrypted as their datastore (use an encrypted ZFS or Ceph pool)`,
    );
  }
  if ((spec.cpu?.threads ?? 1) > 1) {
    warnings.push(
      `${where}: spec.resources.cpu.threads ${String(spec.cpu?.threads)} is not built: Proxmox VMs have no threads-per-core setting, so the VM gets ${String((size.cores ?? 1) * (size.sockets ?? 1))} vCPUs (cores x sockets)`,
    );
  }
  if ((spec.gpu?.count ?? 0) > 0) {
    warnings.push(
      `${where}: spec.resources.gpu is not built: PCI passthrough needs a host device mapping on the node`,
    );
  }
  if (m.publicIP) {
    warnings.push(
      `${where}: a public IP is not built on Proxmox; publish the VM through the network's router`,
    );
  }

  const bootOrder = (spec.boot?.order ?? []).flatMap((d) => {
    const key = BOOT_DEVICES[d];
    if (key === undefined)
      warnings.push(`${where}: spec.boot.order "${d}" is left out: the VM has no CD-ROM drive`);
    return key !== undefined ? [key] : [];
  });
  const firmware = spec.boot?.firmware?.type;
  const addresses = network.network;
  const cloudInit = machineCloudInitUser(site, m, plan, warnings);
  const staticAddress = addresses.ipConfigs.some((c) => 'address' in c);
  if (cloudInit === undefined && staticAddress) {
    warnings.push(
      `${where}: spec.cloudInit.enabled is false, so the static address ${addresses.address ?? ''} is not configured in the guest; the template must set it`,
    );
  }
  const args: MachineArgs = {
    name: m.machine.metadata.name,
    nodeName: node.node,
    description: `Machine ${m.key} of stack ${m.tags[LABELS.stack] ?? ''}, managed by ${MANAGED_BY}`,
    clone: { vmId: template.vmId, ...templateHome(site) },
    ...(size.cores !== undefined ? { cpu: { cores: size.cores, sockets: size.sockets ?? 1 } } : {}),
    ...(size.memoryBytes !== undefined ? { memoryMiB: Math.ceil(size.memoryBytes / 2 ** 20) } : {}),
    disks,
    networkDevices: addresses.devices,
    ...(cloudInit !== undefined
      ? {
          cloudInit: {
            ...cloudInit,
            datastoreId: rootStore,
            ipConfigs: addresses.ipConfigs,
            dnsServers: addresses.dnsServers,
            searchDomains: addresses.searchDomains,
          },
        }
      : {}),
    ...((template.osType ?? defaultOsType(site)) !== undefined
      ? { osType: template.osType ?? defaultOsType(site) }
      : {}),
    ...(firmware !== undefined
      ? { firmware: { type: firmware, secureBoot: spec.boot?.firmware?.secureBoot === true } }
      : {}),
    ...(bootOrder.length > 0 ? { bootOrder } : {}),
    tags: proxmoxTags(m.tags, spec.labels),
    ...(fw?.firewall !== undefined ? { firewall: fw.firewall } : {}),
  };
  const root: OutputDisk = {
    interface: 'scsi0',
    sizeGiB: rootGiB,
    ...(plan.root.type !== undefined ? { type: plan.root.type } : {}),
  };
  const volumes: OutputDisk[] = plan.volumes.map((v, i) => ({
    interface: `scsi${String(i + 1)}`,
    sizeGiB: v.sizeGiB,
    name: v.name,
    ...(v.type !== undefined ? { type: v.type } : {}),
    ...(v.mountPath !== undefined ? { mountPath: v.mountPath } : {}),
  }));
  return {
    args,
    ...(addresses.address !== undefined ? { address: addresses.address } : {}),
    root,
    volumes,
    warnings,
  };
}

/** What must be fixed before the Machine can be built on Proxmox; [] when fine. */
export function proxmoxMachineProblems(
  ctx: ProxmoxContext,
  m: ResolvedMachine,
  interfaces: readonly PlannedInterface[],
): string[] {
  const site = ctx.sites.get(m.providerKey);
  // No site: building the provider failed, and that problem was reported.
  if (!site) return [];
  const planned = planMachine(ctx, site, m, interfaces);
  const capacity = ctx.capacity.get(`Machine ${m.key}`) ?? [];
  return [...('problems' in planned ? planned.problems : []), ...capacity];
}

export function buildProxmoxMachine(
  ctx: ProxmoxContext,
  m: ResolvedMachine,
  interfaces: readonly PlannedInterface[],
): pulumi.Output<MachineOutput> {
  const site = ctx.sites.get(m.providerKey);
  const planned = site ? planMachine(ctx, site, m, interfaces) : undefined;
  if (!site || !planned || 'problems' in planned) {
    throw new Error(`Machine ${m.key} was built although it has problems (a program bug)`);
  }
  for (const w of planned.warnings) ctx.warn(w);
  if (planned.args.firewall !== undefined) {
    ctx.warn(
      `${providerName(site)}: Proxmox applies VM firewall rules only while the datacenter firewall is enabled (Datacenter > Firewall > Options); this stack does not change that cluster-wide setting`,
    );
  }
  const vm = new Machine(m.machine.metadata.name, planned.args, {
    parent: ctx.env.root,
    provider: site.pve,
  });
  return machineOutput(vm, planned.address, planned.root, planned.volumes);
}
