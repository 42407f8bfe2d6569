// Where a VM goes and how it is labelled.
//
// Namespace rule: a VM (and its disks, Secrets and NetworkAttachmentDefinitions) goes into the
// namespace of the object it is built for: the Machine's, or a cluster node's KubernetesCluster's.
// A MachineProvider may override that for all its VMs with `spec.config.customSettings.namespace`
// (004 shape). The KubevirtConfig's `spec.kubevirt.namespace` is never used: spec 001 documents it
// as the namespace KubeVirt itself runs in, not where VMs go.
//
// Labels: the stack, the manager and the MachineProvider (the NetworkPolicy selects the VMs by
// those), the standard labels of the object (spec 000, from its tags), then the object's own
// labels, which must already be valid Kubernetes labels.
import { isDnsLabel, toLabelValue, validateLabels } from '../../components/kubevirt/names';
import {
  LABELS,
  MANAGED_BY,
  STANDARD_LABELS,
  type ResolvedMachineProvider,
  type StackModel,
} from '../../model';

/** Label keys the KubeVirt program writes besides the model's. */
export const KUBEVIRT_LABELS = {
  /** Name of the MachineProvider that built the VM. */
  machineProvider: 'vitistack.io/machine-provider',
  /** Name of the Machine a VM was built for (cluster nodes carry vitistack.io/clusterid). */
  machine: 'vitistack.io/machine',
} as const;

/** The provider's namespace override, when it sets one. */
function namespaceOverride(p: ResolvedMachineProvider): string | undefined {
  return p.provider.spec.customSettings.namespace;
}

/** The namespace of the VMs built for an object in `objectNamespace` (see the file comment). */
export function vmNamespace(p: ResolvedMachineProvider, objectNamespace: string): string {
  return namespaceOverride(p) ?? objectNamespace;
}

/** A problem with the provider's namespace override; undefined when there is none or it is fine. */
export function namespaceProblem(p: ResolvedMachineProvider): string | undefined {
  const ns = namespaceOverride(p);
  if (ns === undefined || isDnsLabel(ns)) return undefined;
  return `MachineProvider ${p.key}: spec.config.customSettings.namespace "${ns}" is not a namespace name; use up to 63 lower-case letters, digits and "-"`;
}

/** The labels that select the VMs of one provider in a stack (NetworkPolicy podSelector). */
export function selectorLabels(
  model: StackModel,
  p: ResolvedMachineProvider,
): Record<string, string> {
  return {
    [LABELS.stack]: toLabelValue(model.stackName),
    [KUBEVIRT_LABELS.machineProvider]: toLabelValue(p.provider.metadata.name),
  };
}

/** Labels of the objects around a VM (NADs, policies): the selector plus the manager. */
export function baseLabels(model: StackModel, p: ResolvedMachineProvider): Record<string, string> {
  return { ...selectorLabels(model, p), [LABELS.managedBy]: MANAGED_BY };
}

/**
 * The labels of a VM: base labels, the standard labels found in `tags`, then `own` (checked with
 * ownProblems first). Values made from names are fitted to the label rules.
 */
export function vmLabels(
  model: StackModel,
  p: ResolvedMachineProvider,
  tags: Readonly<Record<string, string>>,
  own: Readonly<Record<string, string>>,
): Record<string, string> {
  const standard: Record<string, string> = {};
  for (const key of STANDARD_LABELS) {
    const v = tags[key];
    if (v !== undefined) standard[key] = toLabelValue(v);
  }
  return { ...baseLabels(model, p), ...standard, ...own };
}

/** Problems of labels written in a manifest for the VM (`where` names the field). */
export function ownLabelProblems(
  where: string,
  labels: Readonly<Record<string, string>>,
): string[] {
  return validateLabels(labels, where).map(
    (p) => `${p.replace(/\.$/, '')}; Kubernetes refuses such labels on a VirtualMachine`,
  );
}

/** A VM the stack would build, for the name clash check. */
interface VmName {
  readonly who: string;
  readonly cluster: unknown;
  readonly namespace: string;
  readonly name: string;
}

/**
 * Two VMs with one name in one namespace of one cluster (a Machine named like a cluster node, or
 * Machines of several namespaces moved into one by customSettings.namespace); one problem each.
 * `clusterOf` identifies the cluster a provider builds on (undefined: none was built).
 */
export function vmNameClashes(
  model: StackModel,
  providers: readonly ResolvedMachineProvider[],
  clusterOf: (providerKey: string) => unknown,
  nodes: readonly {
    readonly who: string;
    readonly providerKey: string;
    readonly namespace: string;
    readonly name: string;
  }[],
): string[] {
  const all: VmName[] = [];
  for (const p of providers) {
    const cluster = clusterOf(p.key);
    if (cluster === undefined) continue;
    for (const m of model.machines.filter((x) => x.providerKey === p.key)) {
      all.push({
        who: `Machine ${m.key}`,
        cluster,
        namespace: vmNamespace(p, m.machine.metadata.namespace),
        name: m.machine.metadata.name,
      });
    }
    for (const n of nodes.filter((x) => x.providerKey === p.key)) {
      all.push({ who: n.who, cluster, namespace: vmNamespace(p, n.namespace), name: n.name });
    }
  }
  const out: string[] = [];
  all.forEach((a, i) => {
    const first = all.findIndex(
      (b) => b.cluster === a.cluster && b.namespace === a.namespace && b.name === a.name,
    );
    const b = all[first];
    if (first !== i && b !== undefined) {
      out.push(
        `${a.who} and ${b.who} would both be VirtualMachine ${a.namespace}/${a.name} on the same cluster; rename one of them`,
      );
    }
  });
  return out;
}
