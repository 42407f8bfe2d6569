// Where a VM's boot disk comes from: the Machine's image (or, for a Talos node, the provider's
// Talos image) as a CDI DataVolume source. Forms, checked in this order:
//   docker://<image>, registry://<image>   container disk image          -> source.registry
//   http://..., https://...                 qcow2/raw image (.gz/.xz too)  -> source.http
//   pvc://<namespace>/<name>, pvc://<name>  a PVC to clone                 -> source.pvc
//   <name> or <namespace>/<name> with image.source "template", or a bare name with no source:
//                                           a "golden image" PVC to clone  -> source.pvc
//   <registry>/<repo>[:tag] with image.source "cloud-image" or none: a container disk
// An ISO (image.source "iso") needs an installer run, which is not built; any other scheme is a
// problem naming the supported forms.
import type { MachineOs } from '../../api/v1alpha1/machine';
import type { DiskSource } from '../../components/kubevirt/vm-spec';
import { isDnsLabel, isDnsSubdomain } from '../../components/kubevirt/names';
import type { MachineProvider } from '../../api/v1alpha1';

export type SourceResult = { readonly source: DiskSource } | { readonly problem: string };

const FORMS =
  'use a container disk ("docker://quay.io/containerdisks/ubuntu:22.04" or "registry://..."), an http(s) URL of a qcow2 or raw image, or a PVC to clone ("pvc://<namespace>/<name>", or its name with operatingSystem.image.source "template")';

function pvc(path: string, namespace: string): DiskSource | undefined {
  const parts = path.split('/');
  if (parts.length > 2) return undefined;
  const name = parts[parts.length - 1] ?? '';
  const ns = parts.length === 2 ? (parts[0] ?? '') : namespace;
  return isDnsLabel(ns) && isDnsSubdomain(name) ? { pvc: { namespace: ns, name } } : undefined;
}

/**
 * The DataVolume source of `image` (as written or the provider image's id). `namespace` is where
 * an unqualified PVC is looked for (the VM's); `describe` names the field in messages, e.g.
 * `Machine platform/web spec.operatingSystem.image.url "..."`.
 */
export function diskSource(
  image: string,
  kind: MachineOs['imageSource'],
  namespace: string,
  describe: string,
): SourceResult {
  const bad = (why: string): SourceResult => ({ problem: `${describe} ${why}; ${FORMS}` });
  if (kind === 'iso') {
    return bad(
      'is an ISO installer image, which KubeVirt machines are not built from (an ISO needs an installation run)',
    );
  }
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(image)?.[1]?.toLowerCase();
  if (scheme === 'docker' || scheme === 'registry') {
    const rest = image.slice(scheme.length + 3);
    return /^[^\s/]+\/\S+$/.test(rest)
      ? { source: { registry: { url: `docker://${rest}` } } }
      : bad('is not a container image reference');
  }
  if (scheme === 'http' || scheme === 'https') return { source: { http: { url: image } } };
  if (scheme === 'pvc') {
    const s = pvc(image.slice('pvc://'.length), namespace);
    return s ? { source: s } : bad('does not name a PVC');
  }
  if (scheme !== undefined) return bad(`uses the scheme "${scheme}://", which CDI cannot import`);
  if (
    kind === 'template' ||
    (kind === undefined && !image.includes('/') && isDnsSubdomain(image))
  ) {
    const s = pvc(image, namespace);
    return s ? { source: s } : bad('is not the name of a PVC to clone');
  }
  // A registry host (with a dot or a port) then a repository: a container disk.
  if (/^[a-z0-9.-]+(:[0-9]+)?\/[^\s]+$/i.test(image) && /[.:]/.test(image.split('/')[0] ?? '')) {
    return { source: { registry: { url: `docker://${image}` } } };
  }
  return bad('is not an image source KubeVirt can import');
}

/** The provider's Talos image: the first image, else template, whose name contains "talos". */
export function talosImage(
  provider: MachineProvider,
): { readonly name: string; readonly ref: string } | undefined {
  const image = provider.spec.images.find((i) => /talos/i.test(i.name));
  if (image) return { name: image.name, ref: image.id };
  // A template (001 `templates`) has no URL: on KubeVirt it is a golden-image PVC by that name.
  const template = provider.spec.instanceTypes.find((t) => /talos/i.test(t.name));
  return template ? { name: template.name, ref: `pvc://${template.name}` } : undefined;
}
