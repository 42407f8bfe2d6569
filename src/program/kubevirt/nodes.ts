// Cluster nodes on kubevirt MachineProviders -> VmPlans. Talos is the one distribution built from
// KubeVirt VMs: the boot disk imports the provider's Talos nocloud image, sized from the node
// group; the node's planned address goes into the cloud-init network data (Talos' nocloud
// platform reads it); there is no user data: the cluster program applies the machine config.
import { formats } from '../../api/schema';
import { isDnsLabel } from '../../components/kubevirt/names';
import type { ResolvedMachineProvider, StackModel } from '../../model';
import type { NodeSpec, PlannedInterface } from '../backend';
import type { KubevirtCluster } from './cluster';
import { diskSource, talosImage } from './images';
import { interfaceProblems } from './network';
import { ownLabelProblems, vmLabels, vmNamespace } from './placement';
import type { VmPlan } from './vm-build';

/** Node size when its group says none: Talos' control-plane minimum is 2 cores and 2 GiB. */
export const DEFAULT_NODE_CPU = 2;
export const DEFAULT_NODE_MEMORY = '4Gi';

/** Distributions whose nodes the KubeVirt backend builds. */
const NODE_DISTRIBUTIONS = ['talos'] as const;

/** `KubernetesCluster/<ns>/<name>` or `KubernetesProvider/<ns>/<name>` -> `<ns>`. */
function clusterNamespace(node: NodeSpec): string {
  return node.clusterKey.split('/')[1] ?? '';
}

function bootSource(node: NodeSpec, provider: ResolvedMachineProvider, namespace: string) {
  const image = talosImage(provider.provider);
  if (image === undefined) {
    return {
      problem: `cluster ${node.clusterId} (talos): MachineProvider ${provider.key} lists no Talos image; add an image whose name contains "talos" with the URL of the Talos nocloud image as its id (e.g. "https://factory.talos.dev/image/<schematic>/v1.7.4/nocloud-amd64.raw.xz", in spec.capabilities.availableImages), or a template named "talos-..." that is a PVC to clone`,
    };
  }
  return diskSource(
    image.ref,
    undefined,
    namespace,
    `cluster ${node.clusterId} (talos): the Talos image "${image.name}" of MachineProvider ${provider.key} (${image.ref})`,
  );
}

/** Everything that must be fixed before `node` can be a KubeVirt VM; [] when fine. */
export function kubevirtNodeProblems(
  node: NodeSpec,
  provider: ResolvedMachineProvider,
  interfaces: readonly PlannedInterface[],
): string[] {
  const where = `cluster ${node.clusterId} (${node.distribution}) node ${node.name}`;
  if (!(NODE_DISTRIBUTIONS as readonly string[]).includes(node.distribution)) {
    return [
      `cluster ${node.clusterId}: ${node.distribution} nodes are not built on KubeVirt (MachineProvider ${provider.key}); use distribution ${NODE_DISTRIBUTIONS.join(', ')}`,
    ];
  }
  const out: string[] = [];
  if (!isDnsLabel(node.name)) {
    out.push(
      `${where}: the node name is not a DNS-1123 label, which a KubeVirt VM name must be; shorten the cluster id`,
    );
  }
  const source = bootSource(node, provider, vmNamespace(provider, clusterNamespace(node)));
  if ('problem' in source) out.push(source.problem);
  out.push(...ownLabelProblems(`${where}: the node group's labels`, node.labels));
  for (const i of interfaces) out.push(...interfaceProblems(where, i));
  return out;
}

/** The VM of a cluster node (after kubevirtNodeProblems found nothing). */
export function nodeVmPlan(
  model: StackModel,
  node: NodeSpec,
  provider: ResolvedMachineProvider,
  cluster: KubevirtCluster,
  interfaces: readonly PlannedInterface[],
): VmPlan {
  const namespace = vmNamespace(provider, clusterNamespace(node));
  const config = cluster.config?.spec;
  const source = bootSource(node, provider, namespace);
  const storageClass =
    provider.provider.spec.cloud.kubevirt?.storageClass ?? config?.defaultStorageClass;
  return {
    provider,
    what: `cluster node ${node.name}`,
    namespace,
    name: node.name,
    labels: vmLabels(model, provider, node.tags, node.labels),
    cpu: {
      cores: node.cpu > 0 ? node.cpu : DEFAULT_NODE_CPU,
      ...(config?.vmiCPUModel !== undefined ? { model: config.vmiCPUModel } : {}),
    },
    memory: node.memoryBytes > 0 ? formats.formatQuantity(node.memoryBytes) : DEFAULT_NODE_MEMORY,
    rootDisk: {
      name: 'root',
      sizeGiB: node.diskGiB,
      // Checked by kubevirtNodeProblems; a blank disk never reaches here.
      source: 'source' in source ? source.source : { blank: {} },
      ...(storageClass !== undefined ? { storageClass } : {}),
      ...(config?.accessModes[0] !== undefined ? { accessMode: config.accessModes[0] } : {}),
      ...(config?.volumeModes[0] !== undefined ? { volumeMode: config.volumeModes[0] } : {}),
    },
    dataDisks: [],
    interfaces,
    cloudInit: true,
    sshPublicKeys: [],
  };
}
