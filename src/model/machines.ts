// The Machines of a stack: which belong to it, and each with its provider's catalogue applied
// (instance type, image, sizes) and its tags.
//
// Membership: a Machine belongs when its providerRef (namespace defaulting to the Machine's)
// names one of the stack's MachineProviders, and
//   - it lives in the Vitistack's namespace or an allowed one (else: warning, left out), and
//   - its `vitistack.io/vitistack` label, when set, names this Vitistack. Without the label it
//     belongs to every Vitistack that references its provider; on a shared provider that means
//     several stacks build it, so the model warns (SharedProviderMachine).
import type { Machine, NetworkConfiguration } from '../api/v1alpha1';
import type { InstanceTypeOffer, MachineProvider } from '../api/v1alpha1/machineprovider';
import type { Context } from './context';
import { CLOUD_MACHINE_PROVIDER_TYPES, LABELS, RAW_IMAGE_ID_PATTERNS } from './defaults';
import { objectName } from './errors';
import { byKey, compact, keyOf, mergeTags, quoteList, standardLabels } from './objects';
import { bytesOf, coresOf, gibibytes } from './sizes';
import type { ResolvedMachine, ResolvedMachineProvider } from './stack-model';

/** Whether the machine is ours by its label; warns when it names no known Vitistack. */
function labelAllows(ctx: Context, machine: Machine, provider: ResolvedMachineProvider): boolean {
  const label = machine.metadata.labels[LABELS.vitistack];
  const name = objectName('Machine', machine.metadata);
  if (label === undefined) {
    if (provider.shared) {
      ctx.warn(
        'SharedProviderMachine',
        name,
        `${name} has no ${LABELS.vitistack} label and its MachineProvider ${provider.key} is shared by several Vitistacks, so every one of them builds it; label it "${LABELS.vitistack}: <name>" to pick one`,
      );
    }
    return true;
  }
  if (label === ctx.name) return true;
  const known = ctx.all('Vitistack').some((v) => v.metadata.name === label);
  if (!known) {
    ctx.warn(
      'MachineExcluded',
      name,
      `${name} uses MachineProvider ${provider.key} of ${ctx.subject} but is left out: its label ${LABELS.vitistack} names "${label}", and no Vitistack "${label}" is known`,
    );
  }
  return false;
}

/** The machines that belong to the stack, sorted by key. */
export function memberMachines(
  ctx: Context,
  providers: readonly ResolvedMachineProvider[],
): { machine: Machine; provider: ResolvedMachineProvider }[] {
  const out: { machine: Machine; provider: ResolvedMachineProvider }[] = [];
  for (const machine of ctx.all('Machine')) {
    const ref = machine.spec.providerRef;
    const key = `${ref.namespace ?? machine.metadata.namespace}/${ref.name}`;
    const provider = providers.find((p) => p.key === key);
    if (provider === undefined) continue;
    const name = objectName('Machine', machine.metadata);
    if (!ctx.allowed.has(machine.metadata.namespace)) {
      const ns = machine.metadata.namespace;
      ctx.warn(
        'CrossNamespaceRefused',
        name,
        `${name} references MachineProvider ${key} of ${ctx.subject} from namespace '${ns}'; it is left out because cross-namespace references are refused unless the controller allows namespace '${ns}' (--allow-namespace ${ns})`,
      );
      continue;
    }
    if (labelAllows(ctx, machine, provider)) out.push({ machine, provider });
  }
  return out;
}

/** Where the canonical image came from, for messages (the 000 or the 001 field). */
function imageField(machine: Machine): string {
  return machine.spec.os?.imageSource !== undefined
    ? 'spec.operatingSystem.image.url'
    : 'spec.machineImage';
}

function instanceTypeOf(
  ctx: Context,
  machine: Machine,
  provider: MachineProvider,
): string | undefined {
  const offers = provider.spec.instanceTypes;
  const wanted = machine.spec.instanceType;
  if (wanted === undefined) {
    return CLOUD_MACHINE_PROVIDER_TYPES.includes(provider.spec.type) ? offers[0]?.name : undefined;
  }
  if (offers.length > 0 && !offers.some((o) => o.name === wanted)) {
    const name = objectName('Machine', machine.metadata);
    ctx.fail({
      reason: 'ValidationFailed',
      object: name,
      field: 'spec.instanceType',
      message: `${name} spec.instanceType: "${wanted}" is not offered by MachineProvider ${keyOf(provider)} (offered: ${quoteList(offers.map((o) => o.name))}); use one of those or add it to the provider's instanceTypes`,
    });
  }
  return wanted;
}

function imageOf(
  ctx: Context,
  machine: Machine,
  provider: MachineProvider,
): ResolvedMachine['image'] {
  const images = provider.spec.images;
  const wanted = machine.spec.image;
  if (wanted === undefined) {
    const first = images[0];
    return first !== undefined && CLOUD_MACHINE_PROVIDER_TYPES.includes(provider.spec.type)
      ? { name: first.name, id: first.id }
      : undefined;
  }
  const found = images.find((i) => i.name === wanted) ?? images.find((i) => i.id === wanted);
  if (found !== undefined) return { name: found.name, id: found.id };
  if (images.length === 0 || RAW_IMAGE_ID_PATTERNS.some((p) => p.test(wanted))) {
    return { name: wanted, id: wanted };
  }
  const name = objectName('Machine', machine.metadata);
  const field = imageField(machine);
  ctx.fail({
    reason: 'ValidationFailed',
    object: name,
    field,
    message: `${name} ${field}: "${wanted}" is neither an image of MachineProvider ${keyOf(provider)} (images: ${quoteList(images.map((i) => i.name))}) nor a provider image ID; use one of those names, an image ID such as "ami-0123456789abcdef0", or add the image to the provider`,
  });
  return undefined;
}

function cpuOf(machine: Machine, offer: InstanceTypeOffer | undefined, p: MachineProvider): number {
  const cpu = machine.spec.cpu;
  if (cpu?.cores !== undefined) return cpu.cores * (cpu.sockets ?? 1);
  const res = machine.spec.resources;
  return (
    coresOf(res?.requests?.cpu) ??
    coresOf(res?.limits?.cpu) ??
    offer?.vcpus ??
    p.spec.compute?.defaultCPU ??
    0
  );
}

function memoryOf(
  machine: Machine,
  offer: InstanceTypeOffer | undefined,
  p: MachineProvider,
): number {
  const res = machine.spec.resources;
  const defaultGB = p.spec.compute?.defaultMemoryGB;
  return (
    bytesOf(machine.spec.memory) ??
    bytesOf(res?.requests?.memory) ??
    bytesOf(res?.limits?.memory) ??
    bytesOf(offer?.memory) ??
    (defaultGB === undefined ? undefined : gibibytes(defaultGB)) ??
    0
  );
}

function storageOf(
  machine: Machine,
  offer: InstanceTypeOffer | undefined,
  p: MachineProvider,
): number {
  const root =
    bytesOf(machine.spec.rootVolume?.size) ??
    bytesOf(p.spec.storage.defaultVolumeSize) ??
    bytesOf(offer?.storage) ??
    0;
  return machine.spec.volumes.reduce((sum, v) => sum + (bytesOf(v.size) ?? 0), root);
}

function resolveMachine(
  ctx: Context,
  machine: Machine,
  provider: ResolvedMachineProvider,
): ResolvedMachine {
  const p = provider.provider;
  const instanceType = instanceTypeOf(ctx, machine, p);
  const offer = p.spec.instanceTypes.find((o) => o.name === instanceType);
  const net = machine.spec.network;
  return compact({
    key: keyOf(machine),
    machine,
    providerKey: provider.key,
    providerType: provider.type,
    instanceType,
    image: imageOf(ctx, machine, p),
    subnet: net.subnet ?? net.interfaces.find((i) => i.subnetId !== undefined)?.subnetId,
    cpu: cpuOf(machine, offer, p),
    memoryBytes: memoryOf(machine, offer, p),
    storageBytes: storageOf(machine, offer, p),
    publicIP: net.publicIP ?? net.interfaces.some((i) => i.publicIP === true),
    tags: mergeTags(
      ctx.stackName,
      standardLabels(ctx.vitistack.metadata.labels),
      p.spec.tags,
      standardLabels(machine.metadata.labels),
      machine.spec.tags,
    ),
  });
}

/** The Machines of the stack, resolved, sorted by key. */
export function resolveMachines(
  ctx: Context,
  providers: readonly ResolvedMachineProvider[],
): ResolvedMachine[] {
  return memberMachines(ctx, providers).map(({ machine, provider }) =>
    resolveMachine(ctx, machine, provider),
  );
}

/** The NetworkConfigurations the machines' interfaces attach to (each once, sorted). */
export function resolveNetworkConfigurations(
  ctx: Context,
  machines: readonly ResolvedMachine[],
): NetworkConfiguration[] {
  const found = new Map<string, NetworkConfiguration>();
  for (const { machine } of machines) {
    machine.spec.network.interfaces.forEach((iface, i) => {
      if (iface.networkRef === undefined) return;
      const nc = ctx.dependency(
        'NetworkConfiguration',
        iface.networkRef,
        machine.metadata.namespace,
        {
          object: objectName('Machine', machine.metadata),
          field: `spec.networking.interfaces[${i}].networkRef`,
        },
      );
      if (nc !== undefined) found.set(keyOf(nc), nc);
    });
  }
  return byKey([...found.values()]);
}
