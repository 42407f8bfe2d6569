// The VM templates machines and cluster nodes are cloned from. A template is found by name in the
// ProxmoxConfig's spec.templates (whose `id` is the template's VM id), else among the
// MachineProvider's images whose id is a VM id (spec 004 capabilities.availableImages); an image
// written as a bare VM id is cloned as it is. The MachineProvider's spec 001 `templates` are
// sizes (machine classes), not VM templates: they size nodes, they are never cloned.
import { formats } from '../../api/schema';
import type { ResolvedMachine } from '../../model';
import { configName, providerName, type ProxmoxSite } from './site';

export interface ProxmoxTemplate {
  readonly name: string;
  /** The VM id to clone. */
  readonly vmId: number;
  /** Proxmox OS type, e.g. `l26`. */
  readonly osType?: string;
  /** Default size of VMs cloned from it (ProxmoxConfig templates[].resources). */
  readonly cpu?: number;
  readonly memoryBytes?: number;
  /** Size of its boot disk: a clone's disk can grow, never shrink below it. */
  readonly diskGiB?: number;
  /** Where it is listed, e.g. `ProxmoxConfig platform/pve-cluster spec.templates[0]`. */
  readonly source: string;
}

type Site = Pick<ProxmoxSite, 'provider' | 'config'>;

const VM_ID = /^[1-9][0-9]{2,8}$/;
const GIB = 2 ** 30;

function quantity(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v) && v > 0) return v;
  if (typeof v === 'string') return formats.parseQuantity(v.trim());
  return undefined;
}

/** Reads a template's free-form `resources` ({cpu, memory, storage}); unknown keys are ignored. */
function sizeOf(resources: unknown): Pick<ProxmoxTemplate, 'cpu' | 'memoryBytes' | 'diskGiB'> {
  if (typeof resources !== 'object' || resources === null) return {};
  const r = resources as Record<string, unknown>;
  const cpu = quantity(r.cpu);
  const memory = typeof r.memory === 'number' ? undefined : quantity(r.memory);
  const storage = typeof r.storage === 'number' ? undefined : quantity(r.storage);
  return {
    ...(cpu !== undefined ? { cpu: Math.ceil(cpu) } : {}),
    ...(memory !== undefined ? { memoryBytes: memory } : {}),
    ...(storage !== undefined ? { diskGiB: Math.max(1, Math.ceil(storage / GIB)) } : {}),
  };
}

/** Every template of the site that can be cloned, or a problem for the first that cannot. */
function candidates(site: Site): { list: ProxmoxTemplate[]; broken: Map<string, string> } {
  const list: ProxmoxTemplate[] = [];
  const broken = new Map<string, string>();
  const config = configName(site);
  (site.config?.spec.templates ?? []).forEach((t, i) => {
    const source = `${config ?? 'ProxmoxConfig'} spec.templates[${i}]`;
    if (t.id === undefined || !VM_ID.test(t.id)) {
      broken.set(
        t.name,
        `${source} (${t.name}) ${t.id === undefined ? 'has no id' : `has id "${t.id}", which is not a VM id`}; set its id to the template's Proxmox VM id (100 or more), e.g. "9000"`,
      );
      return;
    }
    list.push({
      name: t.name,
      vmId: Number(t.id),
      ...(t.osType !== undefined ? { osType: t.osType } : {}),
      ...sizeOf(t.resources),
      source,
    });
  });
  site.provider.provider.spec.images.forEach((img, i) => {
    if (!VM_ID.test(img.id) || list.some((t) => t.name === img.name)) return;
    list.push({
      name: img.name,
      vmId: Number(img.id),
      source: `${providerName(site)} image ${img.name} (images[${i}])`,
    });
  });
  return { list, broken };
}

function known(site: Site): string {
  const names = candidates(site).list.map((t) => t.name);
  return names.length > 0 ? names.join(', ') : 'none';
}

/** The template a machine clones, from its image (a template name or VM id). */
export function machineTemplate(
  site: Site,
  m: ResolvedMachine,
): { template: ProxmoxTemplate } | { problem: string } {
  const where = `Machine ${m.key}`;
  // The image is 001's operatingSystem.image.url or 000's machineImage.
  const field =
    m.machine.spec.os !== undefined || m.machine.spec.image === undefined
      ? 'spec.operatingSystem.image.url'
      : 'spec.machineImage';
  const image = m.image;
  const config = configName(site);
  const addHint = `add it to ${config !== undefined ? `${config} spec.templates` : "a ProxmoxConfig's spec.templates"} with its VM id`;
  if (image === undefined) {
    return {
      problem: `${where}: ${field} is not set; name the template to clone (templates: ${known(site)})`,
    };
  }
  const { list, broken } = candidates(site);
  const byName = [image.name, image.id];
  const fault = byName.map((n) => broken.get(n)).find((p) => p !== undefined);
  if (fault !== undefined) return { problem: `${where}: its template ${fault}` };
  const found =
    list.find((t) => byName.includes(t.name)) ?? list.find((t) => String(t.vmId) === image.id);
  if (found) return { template: found };
  if (VM_ID.test(image.id)) {
    return { template: { name: image.id, vmId: Number(image.id), source: `${where} ${field}` } };
  }
  const os = m.machine.spec.os?.imageSource;
  const why =
    os === 'iso' || os === 'cloud-image' || /^https?:\/\//.test(image.id)
      ? `; Proxmox machines are cloned from VM templates (image.source ${os ?? 'template'} with a URL is not supported): make a template from the image and ${addHint}`
      : `; use one of them, or ${addHint}`;
  return {
    problem: `${where}: ${field} ${JSON.stringify(image.id)} names no template of ${providerName(site)} (templates: ${known(site)})${why}`,
  };
}

/**
 * The template of a cluster distribution: the first whose name contains the distribution's name
 * (e.g. `talos-v1.7.4-nocloud` for talos), ProxmoxConfig templates before provider images.
 */
export function distributionTemplate(
  site: Site,
  distribution: string,
  owner: string,
): { template: ProxmoxTemplate } | { problem: string } {
  const { list, broken } = candidates(site);
  const match = (name: string) => name.toLowerCase().includes(distribution.toLowerCase());
  const found = list.find((t) => match(t.name));
  if (found) return { template: found };
  const fault = [...broken.entries()].find(([name]) => match(name))?.[1];
  if (fault !== undefined) return { problem: `${owner}: its ${distribution} template ${fault}` };
  const config = configName(site);
  return {
    problem: `${owner}: ${providerName(site)} has no ${distribution} template (templates: ${known(site)}); add a template whose name contains "${distribution}" (e.g. "${distribution}-nocloud") with its VM id to ${config !== undefined ? `${config} spec.templates` : "a ProxmoxConfig's spec.templates"}`,
  };
}
