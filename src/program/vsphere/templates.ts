// The vCenter templates VMs are cloned from. A Machine's image (spec.machineImage or
// spec.operatingSystem.image.url) was found by the model among the provider's images by name or
// id; the image's id is the template's name (or inventory path) in vCenter, looked up with
// getVirtualMachine. A cluster node clones the first image whose name or id contains the
// distribution's name (e.g. `talos-v1.9.5` for talos).
// vSphere VMs here are always clones: an ISO, a cloud image or a URL is refused with the fix, as
// is a Windows template (its guest customization needs options this program does not build).
import type { ResolvedMachine, ResolvedMachineProvider } from '../../model';
import { providerName } from './placement';

/** Where the provider lists its images, for messages. */
export function imagesField(p: ResolvedMachineProvider): string {
  return p.provider.spec.shape === '000-provider-block' &&
    p.provider.spec.capabilities === undefined
    ? 'spec.vsphere.machineImages'
    : 'spec.capabilities.availableImages';
}

function known(p: ResolvedMachineProvider): string {
  const names = p.provider.spec.images.map((i) => i.name);
  return names.length > 0 ? names.join(', ') : 'none';
}

/** The vCenter template a Machine clones, or what must be fixed first. */
export function machineTemplate(
  p: ResolvedMachineProvider,
  m: ResolvedMachine,
): { template: string } | { problem: string } {
  const where = `Machine ${m.key}`;
  const spec = m.machine.spec;
  const field =
    spec.os?.imageSource !== undefined ? 'spec.operatingSystem.image.url' : 'spec.machineImage';
  const image = m.image;
  if (image === undefined) {
    return {
      problem: `${where}: ${field} is not set; name the template to clone, one of ${providerName(p)}'s images (${known(p)})`,
    };
  }
  const source = spec.os?.imageSource;
  if (
    (source !== undefined && source !== 'template') ||
    /^[a-z][a-z0-9+.-]*:\/\//i.test(image.id)
  ) {
    return {
      problem: `${where}: ${field} "${image.id}"${source !== undefined ? ` (image.source ${source})` : ''} is not a template; vSphere machines are cloned from a VM template: make a template from the image in vCenter and name it (with spec.operatingSystem.image.source template)`,
    };
  }
  const offer = p.provider.spec.images.find((i) => i.name === image.name || i.id === image.id);
  const os = spec.os?.type ?? offer?.os;
  if (os !== undefined && /windows/i.test(os)) {
    return {
      problem: `${where}: ${field} "${image.name}" is a Windows template; vSphere machines are customized as Linux guests only: use a Linux template`,
    };
  }
  return { template: image.id };
}

/** The template of a cluster distribution's nodes, or what must be fixed first. */
export function distributionTemplate(
  p: ResolvedMachineProvider,
  distribution: string,
  owner: string,
): { template: string; name: string } | { problem: string } {
  const wanted = distribution.toLowerCase();
  const found = p.provider.spec.images.find(
    (i) => i.name.toLowerCase().includes(wanted) || i.id.toLowerCase().includes(wanted),
  );
  if (found) return { template: found.id, name: found.name };
  return {
    problem: `${owner}: ${providerName(p)} has no ${distribution} template (${imagesField(p)}: ${known(p)}); add an image whose name contains "${distribution}" (e.g. ${distribution}-v1.9.5) with the vCenter template's name as its id`,
  };
}
