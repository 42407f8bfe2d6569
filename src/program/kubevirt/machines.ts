// Machines of kubevirt MachineProviders -> VmPlans: CPU topology and memory from the Machine
// (else its instance type / provider template), the boot disk from its image, data disks, labels,
// cloud-init user data (machine-plan.ts, cloud-init.ts), SSH keys, firmware, and what the
// manifests ask for that a KubeVirt VM does not do (warnings).
import { formats } from '../../api/schema';
import {
  isDnsLabel,
  isDnsSubdomain,
  labelKeyProblem,
  toDnsLabel,
} from '../../components/kubevirt/names';
import type { VmDisk } from '../../components/kubevirt/vm-spec';
import type { ResolvedMachine, ResolvedMachineProvider } from '../../model';
import type { PlannedInterface } from '../backend';
import { DEFAULT_ROOT_GIB, machinePlan } from '../machine-plan';
import { gibOf } from '../units';
import type { KubevirtCluster } from './cluster';
import { diskSource, type SourceResult } from './images';
import { interfaceProblems } from './network';
import { KUBEVIRT_LABELS, ownLabelProblems, vmLabels, vmNamespace } from './placement';
import type { VmPlan } from './vm-build';

function imageSourceOf(m: ResolvedMachine, namespace: string): SourceResult {
  const spec = m.machine.spec;
  const field =
    spec.os?.imageSource !== undefined ? 'spec.operatingSystem.image.url' : 'spec.machineImage';
  if (m.image === undefined) {
    return {
      problem: `Machine ${m.key}: has no image; set spec.operatingSystem.image.url to a container disk ("docker://..."), an http(s) image URL or a PVC to clone`,
    };
  }
  const shown =
    m.image.id === m.image.name ? `"${m.image.id}"` : `"${m.image.name}" (${m.image.id})`;
  return diskSource(
    m.image.id,
    spec.os?.imageSource,
    namespace,
    `Machine ${m.key} ${field} ${shown}`,
  );
}

/** The guest memory as a quantity; undefined when nothing says. */
function memoryOf(m: ResolvedMachine): string | undefined {
  const written = m.machine.spec.memory;
  if (written !== undefined && formats.parseQuantity(written) !== undefined) return written;
  return m.memoryBytes > 0 ? formats.formatQuantity(m.memoryBytes) : undefined;
}

/** A disk serial from a volume name: what the guest finds under /dev/disk/by-id/virtio-<serial>. */
function serialOf(name: string): string {
  return name.replace(/[^A-Za-z0-9_.+-]/g, '-').slice(0, 20);
}

/** Everything that must be fixed before `m` can be a KubeVirt VM; [] when fine. */
export function kubevirtMachineProblems(
  m: ResolvedMachine,
  provider: ResolvedMachineProvider,
  interfaces: readonly PlannedInterface[],
): string[] {
  const where = `Machine ${m.key}`;
  const spec = m.machine.spec;
  const out: string[] = [];
  if (!isDnsLabel(m.machine.metadata.name)) {
    out.push(
      `${where}: the name is not a DNS-1123 label (no dots, at most 63 characters), which a KubeVirt VM name must be; rename the Machine`,
    );
  }
  const source = imageSourceOf(m, vmNamespace(provider, m.machine.metadata.namespace));
  if ('problem' in source) out.push(source.problem);
  if (spec.cpu?.cores === undefined && m.cpu <= 0) {
    out.push(
      `${where}: no CPU count; set spec.resources.cpu.cores, or spec.instanceType naming one of MachineProvider ${provider.key}'s templates`,
    );
  }
  if (memoryOf(m) === undefined) {
    out.push(
      `${where}: no memory size; set spec.resources.memory.size (e.g. "4Gi"), or spec.instanceType naming one of MachineProvider ${provider.key}'s templates`,
    );
  }
  const classes = [
    ['spec.storage.rootVolume.storageClass', spec.rootVolume?.storageClass] as const,
    ...spec.volumes.map((v) => [`volume ${v.name} storageClass`, v.storageClass] as const),
  ];
  for (const [field, cls] of classes) {
    if (cls !== undefined && !isDnsSubdomain(cls)) {
      out.push(
        `${where} ${field}: "${cls}" is not a StorageClass name (lower-case letters, digits, "-" and ".")`,
      );
    }
  }
  out.push(...ownLabelProblems(`${where} spec.labels`, spec.labels));
  for (const key of Object.keys(spec.annotations)) {
    const problem = labelKeyProblem(key);
    if (problem !== undefined) {
      out.push(
        `${where} spec.annotations: the key ${JSON.stringify(key)} ${problem}; Kubernetes refuses it on a VirtualMachine`,
      );
    }
  }
  const disks = spec.volumes.map((v) => toDnsLabel(v.name, 'disk'));
  disks.forEach((d, i) => {
    if (d === 'root' || disks.indexOf(d) !== i) {
      out.push(
        `${where}: volume "${spec.volumes[i]?.name ?? d}" becomes the VM disk "${d}", which another disk already uses; give each volume a distinct name (not "root")`,
      );
    }
  });
  for (const i of interfaces) out.push(...interfaceProblems(where, i));
  return out;
}

/** Warnings for what the Machine asks for that a KubeVirt VM does not do. */
export function kubevirtMachineWarnings(
  m: ResolvedMachine,
  interfaces: readonly PlannedInterface[],
): string[] {
  const where = `Machine ${m.key}`;
  const spec = m.machine.spec;
  const out: string[] = [];
  const say = (what: string) => out.push(`${where}: ${what} is not built on KubeVirt`);
  if (spec.gpu !== undefined)
    say('spec.resources.gpu (GPU passthrough needs permitted host devices)');
  if (m.publicIP) say('a public IP (expose the VM with a Service of type LoadBalancer)');
  if (spec.network.securityGroups.length > 0) say('spec.networking.securityGroups');
  const unattached = spec.network.interfaces.filter((i) => i.networkRef === undefined).length;
  if (unattached > 0 && interfaces.length > 0) {
    say(
      `${String(unattached)} interface(s) without networkRef (interfaces attach to NetworkConfigurations)`,
    );
  }
  if (spec.sshKeys.some((k) => k.publicKey === undefined))
    say('spec.sshKeys by keyPairName (give publicKey)');
  if (spec.cloudInit?.metaData !== undefined)
    say('spec.cloudInit.metaData (KubeVirt writes the NoCloud meta-data)');
  if (spec.boot?.order?.some((d) => d !== 'disk') === true) say('spec.boot.order other than disk');
  const encrypted =
    spec.rootVolume?.encrypted === true || spec.volumes.some((v) => v.encrypted === true);
  if (encrypted) say('disk encryption (it is up to the StorageClass)');
  if (spec.volumes.some((v) => v.mountPath !== undefined)) {
    out.push(
      `${where}: data volumes are attached but not mounted (mountPath); mount them from cloud-init: each disk's serial is its volume name (/dev/disk/by-id/virtio-<name>)`,
    );
  }
  return out;
}

/** The VM of a Machine (after kubevirtMachineProblems found nothing). */
export function machineVmPlan(
  m: ResolvedMachine,
  provider: ResolvedMachineProvider,
  cluster: KubevirtCluster,
  interfaces: readonly PlannedInterface[],
  stack: Parameters<typeof vmLabels>[0],
): VmPlan {
  const spec = m.machine.spec;
  const namespace = vmNamespace(provider, m.machine.metadata.namespace);
  const plan = machinePlan(m, provider);
  const config = cluster.config?.spec;
  const cloud = provider.provider.spec.cloud.kubevirt;
  const storageClass = (own: string | undefined) =>
    own ?? cloud?.storageClass ?? config?.defaultStorageClass;
  // The first listed mode is the one used; without a list CDI's StorageProfile decides.
  const modes = {
    ...(config?.accessModes[0] !== undefined ? { accessMode: config.accessModes[0] } : {}),
    ...(config?.volumeModes[0] !== undefined ? { volumeMode: config.volumeModes[0] } : {}),
  };
  const offer = provider.provider.spec.instanceTypes.find((o) => o.name === m.instanceType);
  const explicitRoot =
    spec.rootVolume?.size !== undefined ||
    provider.provider.spec.storage.defaultVolumeSize !== undefined;
  const rootGiB = explicitRoot ? plan.root.sizeGiB : (gibOf(offer?.storage) ?? DEFAULT_ROOT_GIB);
  const source = imageSourceOf(m, namespace);
  const rootClass = storageClass(spec.rootVolume?.storageClass);
  const dataDisks: VmDisk[] = plan.volumes.map((v, i) => {
    const cls = storageClass(spec.volumes[i]?.storageClass);
    return {
      name: toDnsLabel(v.name, 'disk'),
      sizeGiB: v.sizeGiB,
      ...(cls !== undefined ? { storageClass: cls } : {}),
      ...modes,
      serial: serialOf(v.name),
    };
  });
  const cpu = spec.cpu;
  const fw = spec.boot?.firmware;
  const cpuModel = config?.vmiCPUModel;
  const keys = spec.sshKeys.flatMap((k) => (k.publicKey !== undefined ? [k.publicKey] : []));
  return {
    provider,
    what: `Machine ${m.key}`,
    namespace,
    name: m.machine.metadata.name,
    labels: vmLabels(stack, provider, m.tags, {
      [KUBEVIRT_LABELS.machine]: m.machine.metadata.name,
      ...spec.labels,
    }),
    ...(Object.keys(spec.annotations).length > 0 ? { annotations: spec.annotations } : {}),
    cpu:
      cpu?.cores !== undefined
        ? {
            cores: cpu.cores,
            sockets: cpu.sockets ?? 1,
            threads: cpu.threads ?? 1,
            ...(cpuModel !== undefined ? { model: cpuModel } : {}),
          }
        : { cores: m.cpu, ...(cpuModel !== undefined ? { model: cpuModel } : {}) },
    memory: memoryOf(m) ?? '',
    ...(fw?.type !== undefined
      ? {
          firmware: {
            uefi: fw.type === 'uefi',
            ...(fw.secureBoot !== undefined ? { secureBoot: fw.secureBoot } : {}),
          },
        }
      : {}),
    rootDisk: {
      name: 'root',
      sizeGiB: rootGiB,
      // Checked by kubevirtMachineProblems; a blank disk never reaches here.
      source: 'source' in source ? source.source : { blank: {} },
      ...(rootClass !== undefined ? { storageClass: rootClass } : {}),
      ...modes,
    },
    dataDisks,
    interfaces,
    ...(plan.userData !== undefined ? { userData: plan.userData } : {}),
    ...(spec.cloudInit?.networkData !== undefined
      ? { networkData: spec.cloudInit.networkData }
      : {}),
    cloudInit: spec.cloudInit?.enabled !== false,
    sshPublicKeys: keys,
    mountPaths: Object.fromEntries(
      plan.volumes.flatMap((v) =>
        v.mountPath !== undefined ? [[toDnsLabel(v.name, 'disk'), v.mountPath]] : [],
      ),
    ),
  };
}
