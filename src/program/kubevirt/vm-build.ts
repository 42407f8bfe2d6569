// Builds one VM, for a Machine or a cluster node alike: the NetworkAttachmentDefinitions of its
// planned interfaces, the VirtualMachine, the default NetworkPolicy of its namespace (once), and
// the MachineOutput the status is made from.
import * as pulumi from '@pulumi/pulumi';
import { NetworkAttachment } from '../../components/kubevirt/network-attachment';
import { toDnsLabel } from '../../components/kubevirt/names';
import { VirtualMachine } from '../../components/kubevirt/virtual-machine';
import type {
  DiskSource,
  VirtualMachineArgs,
  VmCpu,
  VmDisk,
  VmInterface,
} from '../../components/kubevirt/vm-spec';
import type { ResolvedMachineProvider } from '../../model';
import type { PlannedInterface } from '../backend';
import type { MachineOutput } from '../outputs';
import type { KubevirtCluster } from './cluster';
import { attachmentArgs, macOf, networkData, plannedAddress } from './network';
import { baseLabels } from './placement';
import type { KubevirtState } from './state';

/** Everything one VM is built from, whatever it is built for. */
export interface VmPlan {
  readonly provider: ResolvedMachineProvider;
  /** For messages: `Machine platform/web-1`, `cluster node talos-a-ctp0`. */
  readonly what: string;
  readonly namespace: string;
  /** The VM's name (a DNS-1123 label). */
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly cpu: VmCpu;
  readonly memory: string;
  readonly firmware?: VirtualMachineArgs['firmware'];
  readonly rootDisk: VmDisk & { readonly source: DiskSource };
  readonly dataDisks: readonly VmDisk[];
  readonly interfaces: readonly PlannedInterface[];
  /** Secret: never logged. */
  readonly userData?: string;
  /** Network data written in the manifest; else made from the planned interfaces. */
  readonly networkData?: string;
  /** Set false to give the VM no cloud-init disk at all (the Machine turned cloud-init off). */
  readonly cloudInit: boolean;
  readonly sshPublicKeys: readonly string[];
  /** Mount paths of the data disks, by disk name (for the output). */
  readonly mountPaths?: Readonly<Record<string, string>>;
}

/** MachineOutput.state from KubeVirt's printableStatus (`Running` -> `running`). */
export function stateOf(printableStatus: string | undefined): string {
  if (printableStatus === undefined || printableStatus === '') return 'provisioning';
  return printableStatus.charAt(0).toLowerCase() + printableStatus.slice(1);
}

/** The VM's disks as status volumes. */
function volumeOutput(plan: VmPlan, d: VmDisk, dataVolume: string | undefined) {
  const mountPath = plan.mountPaths?.[d.name];
  return {
    id: `${plan.namespace}/${dataVolume ?? d.name}`,
    name: d.name,
    size: `${String(d.sizeGiB)}Gi`,
    ...(d.storageClass !== undefined ? { type: d.storageClass } : {}),
    ...(mountPath !== undefined ? { mountPath } : {}),
    state: 'in-use',
  };
}

export function buildVm(
  state: KubevirtState,
  cluster: KubevirtCluster,
  plan: VmPlan,
): pulumi.Output<MachineOutput> {
  const { env } = state;
  const opts = { parent: env.root, provider: cluster.provider };
  const resource = `${plan.namespace}-${plan.name}`;
  const nadLabels = baseLabels(env.model, plan.provider);
  const ifaces: VmInterface[] = plan.interfaces.map((i) => {
    const nad = new NetworkAttachment(
      `${resource}-${toDnsLabel(i.name)}`,
      attachmentArgs(plan.name, plan.namespace, i, nadLabels),
      opts,
    );
    return {
      name: toDnsLabel(i.name),
      networkName: nad.networkName,
      macAddress: macOf(plan.namespace, plan.name, i),
    };
  });
  const podBinding = cluster.config?.spec.defaultNetworkInterface;
  const policy = state.ensurePolicy(plan.provider, plan.namespace, cluster);
  if (policy !== undefined && ifaces.length > 0) {
    state.warnOnce(
      `NetworkPolicy ${policy} filters the pod network only: the VMs' interfaces on NetworkConfigurations (Multus bridge) are not filtered by it`,
    );
  }
  const net = plan.cloudInit
    ? (plan.networkData ?? networkData(plan.namespace, plan.name, plan.interfaces))
    : undefined;
  const vm = new VirtualMachine(
    resource,
    {
      name: plan.name,
      namespace: plan.namespace,
      labels: plan.labels,
      ...(plan.annotations !== undefined ? { annotations: plan.annotations } : {}),
      cpu: plan.cpu,
      memory: plan.memory,
      ...(cluster.config?.spec.machineType !== undefined
        ? { machineType: cluster.config.spec.machineType }
        : {}),
      ...(plan.firmware !== undefined ? { firmware: plan.firmware } : {}),
      rootDisk: plan.rootDisk,
      dataDisks: plan.dataDisks,
      interfaces:
        ifaces.length > 0
          ? ifaces
          : [{ name: 'default', ...(podBinding !== undefined ? { binding: podBinding } : {}) }],
      ...(plan.cloudInit && plan.userData !== undefined
        ? { userData: pulumi.secret(plan.userData) }
        : {}),
      ...(net !== undefined ? { networkData: net } : {}),
      ...(plan.cloudInit ? { sshPublicKeys: plan.sshPublicKeys } : {}),
      runStrategy: 'Always',
    },
    opts,
  );
  const privateIP = plannedAddress(plan.interfaces);
  if (privateIP === undefined) {
    env.warn(
      `${plan.what}: has no planned address (${plan.interfaces.length === 0 ? 'pod network' : 'DHCP'}); its address is known only to the running VirtualMachineInstance, so status.addresses stays empty`,
    );
  }
  return pulumi
    .all([vm.vmId, vm.printableStatus, vm.dataVolumes])
    .apply(([id, printable, dataVolumes]): MachineOutput => ({
      id,
      state: stateOf(printable),
      privateIP: privateIP ?? '',
      rootVolume: volumeOutput(plan, plan.rootDisk, dataVolumes[plan.rootDisk.name]),
      additionalVolumes: plan.dataDisks.map((d) => volumeOutput(plan, d, dataVolumes[d.name])),
    }));
}
