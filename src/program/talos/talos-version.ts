// The Talos version a cluster's nodes boot, read from the images they are made from: the spec has
// no Talos version field, but the images carry it (`talos-v1.7.4-nocloud`, an image `version`,
// a factory URL `.../v1.7.4/nocloud-amd64.raw.xz`). It sets the configuration contract: a
// configuration generated for a newer Talos than the node runs can carry fields the node rejects.
// Looked for in each node MachineProvider's images and templates whose name says talos, and its
// ProxmoxConfig's templates.
import type { ResolvedCluster, StackModel } from '../../model';

/** `v1.7.4` from a text containing a version like `v1.7.4` or `1.7.4`. */
export function versionIn(text: string): string | undefined {
  const m = /(?:^|[^0-9.])v?(\d+\.\d+\.\d+)(?![0-9])/.exec(text);
  return m?.[1] === undefined ? undefined : `v${m[1]}`;
}

/** Every Talos version named by the images the nodes of `c` can boot, sorted. */
export function talosVersions(model: StackModel, c: ResolvedCluster): string[] {
  const found = new Set<string>();
  const add = (v: string | undefined) => {
    if (v !== undefined) found.add(v);
  };
  const keys = new Set(c.nodeGroups.flatMap((g) => g.machineProviderKey ?? []));
  for (const key of keys) {
    const p = model.machineProviders.find((m) => m.key === key);
    if (p === undefined) continue;
    for (const image of p.provider.spec.images) {
      if (!/talos/i.test(image.name)) continue;
      add(
        (image.version !== undefined ? versionIn(image.version) : undefined) ??
          versionIn(image.name) ??
          versionIn(image.id),
      );
    }
    for (const t of p.provider.spec.instanceTypes)
      if (/talos/i.test(t.name)) add(versionIn(t.name));
    for (const t of model.operatorConfigs[key]?.proxmox?.spec.templates ?? []) {
      if (/talos/i.test(t.name)) add(versionIn(t.name));
    }
  }
  return [...found].sort();
}

/** The one Talos version of the cluster's images, or a warning why none is used. */
export function talosVersionOf(
  model: StackModel,
  c: ResolvedCluster,
): { readonly version?: string; readonly warning?: string } {
  const versions = talosVersions(model, c);
  const [only, ...more] = versions;
  if (only !== undefined && more.length === 0) return { version: only };
  const why =
    only === undefined
      ? 'no Talos version in the names of the Talos images or templates of its MachineProviders'
      : `its MachineProviders offer Talos images of several versions (${versions.join(', ')})`;
  return {
    warning: `cluster ${c.name} (talos): ${why}, so its machine configurations follow the Talos provider's default version, which nodes running an older Talos may reject; name the image with its version, e.g. "talos-v1.7.4-nocloud"`,
  };
}

/** The Image Factory schematic of the cluster's Talos images, when exactly one is named. */
function factorySchematic(model: StackModel, c: ResolvedCluster): string | undefined {
  const found = new Set<string>();
  const keys = new Set(c.nodeGroups.flatMap((g) => g.machineProviderKey ?? []));
  for (const key of keys) {
    const p = model.machineProviders.find((m) => m.key === key);
    for (const image of p?.provider.spec.images ?? []) {
      const m = /factory\.talos\.dev\/image\/([0-9a-f]{64})\//.exec(image.id);
      if (m?.[1] !== undefined) found.add(m[1]);
    }
  }
  const [only, ...more] = [...found];
  return more.length === 0 ? only : undefined;
}

/**
 * The installer image of `version`: the Image Factory's for the images' schematic (it keeps the
 * system extensions, e.g. the guest agent, across upgrades), else Sidero's plain installer.
 */
export function installerImage(model: StackModel, c: ResolvedCluster, version: string): string {
  const schematic = factorySchematic(model, c);
  return schematic !== undefined
    ? `factory.talos.dev/installer/${schematic}:${version}`
    : `ghcr.io/siderolabs/installer:${version}`;
}
