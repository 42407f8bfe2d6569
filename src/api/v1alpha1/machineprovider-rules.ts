// MachineProvider cross-field rules: which of the three documented shapes' fields may be combined,
// and the provider-specific requirements of spec 004 ("Provider-Specific Validations"). They run
// on the spec object once every field in it is valid on its own.
import type { Path, Reporter } from '../schema';
import {
  awsZoneInRegion,
  checkAwsRegion,
  checkAzureResourceGroup,
  checkGcpProject,
  checkGcpZone,
  checkGuid,
  checkVsphereName,
} from './machineprovider-formats';
import {
  PROVIDER_BLOCKS,
  type ProviderBlockKey,
  type RawMachineProviderSpec,
} from './machineprovider-spec';

/** Which documented form a MachineProvider is written in. */
export type MachineProviderShape = '000-provider-block' | '004-config' | '001-endpoint' | 'minimal';

/** The provider block that is set, if any (the first when several are). */
export function providerBlockKey(spec: RawMachineProviderSpec): ProviderBlockKey | undefined {
  return PROVIDER_BLOCKS.find((k) => spec[k] !== undefined);
}

/**
 * The documented form: a provider block (000) wins, then the 004 fields, then the 001 fields;
 * `minimal` has only the type and top-level extras (003 "Provider Chaining").
 */
export function shapeOf(spec: RawMachineProviderSpec): MachineProviderShape {
  if (providerBlockKey(spec) !== undefined) return '000-provider-block';
  const c = spec.config;
  const config004 =
    c !== undefined &&
    (c.endpoint ??
      c.version ??
      c.timeout ??
      c.retryPolicy ??
      c.rateLimiting ??
      c.customSettings) !== undefined;
  const fields004 =
    spec.authentication ??
    spec.capabilities ??
    spec.networkConfig ??
    spec.storageConfig ??
    spec.computeConfig;
  if (config004 || fields004 !== undefined) {
    return '004-config';
  }
  if (
    (spec.endpoint ??
      spec.credentials ??
      spec.templates ??
      spec.capacity ??
      c?.proxmox ??
      c?.kubevirt) !== undefined
  ) {
    return '001-endpoint';
  }
  return 'minimal';
}

/** The block key a provider type uses (vmware is vSphere); undefined for types without one. */
export function blockForType(type: RawMachineProviderSpec['type']): ProviderBlockKey | undefined {
  if (type === 'vmware') return 'vsphere';
  return (PROVIDER_BLOCKS as readonly string[]).includes(type)
    ? (type as ProviderBlockKey)
    : undefined;
}

const show = (path: Path): string => `spec.${path.join('.')}`;

/** Reports every place after the first where the same thing is given again. */
function onePlace(
  rep: Reporter,
  what: string,
  places: readonly (readonly [Path, unknown])[],
): void {
  const given = places.filter(([, v]) => v !== undefined);
  const first = given[0];
  if (first === undefined) return;
  for (const [path] of given.slice(1)) {
    rep.missing(path, `cannot be set together with ${show(first[0])} (give ${what} in one place)`);
  }
}

/** Which fields of the three shapes may be combined. */
export function checkCombinations(spec: RawMachineProviderSpec, rep: Reporter): void {
  const blocks = PROVIDER_BLOCKS.filter((k) => spec[k] !== undefined);
  const [first] = blocks;
  for (const k of blocks.slice(1)) {
    rep.missing(
      [k],
      `cannot be set together with spec.${first ?? ''} (a MachineProvider configures one provider: create one MachineProvider per provider)`,
    );
  }
  const expected = blockForType(spec.type);
  if (first !== undefined && blocks.length === 1 && first !== expected) {
    const fix =
      expected === undefined
        ? `remove spec.${first}, which type "${spec.type}" does not use`
        : `use spec.${expected} for type "${spec.type}"`;
    rep.missing(
      [first],
      `is set but spec.type is "${spec.type}" (${fix}, or set spec.type to "${first}")`,
    );
  }
  const block = first === undefined ? undefined : spec[first];

  onePlace(rep, "the provider's credentials", [
    [[first ?? '', 'credentials'], block?.credentials],
    [['authentication'], spec.authentication],
    [['credentials'], spec.credentials],
  ]);

  for (const key of ['proxmox', 'kubevirt'] as const) {
    if (spec.config?.[key] !== undefined && spec.type !== key) {
      rep.missing(
        ['config', key],
        `is set but spec.type is "${spec.type}" (config.${key} applies only to type "${key}")`,
      );
    }
  }

  onePlace(rep, 'the provider API endpoint', [
    [['endpoint', 'url'], spec.endpoint?.url],
    [['config', 'endpoint'], spec.config?.endpoint],
  ]);
  onePlace(rep, 'the API timeout', [
    [['endpoint', 'timeout'], spec.endpoint?.timeout],
    [['config', 'timeout'], spec.config?.timeout],
  ]);
  onePlace(rep, 'auto scaling', [
    [[first ?? '', 'autoScaling'], block?.autoScaling],
    [['autoScaling'], spec.autoScaling],
  ]);
  onePlace(rep, 'the security groups', [
    [[first ?? '', 'networking', 'securityGroups'], block?.networking?.securityGroups],
    [['networkConfig', 'securityGroups'], spec.networkConfig?.securityGroups],
  ]);
  onePlace(rep, 'the default volume type', [
    [[first ?? '', 'storage', 'defaultVolumeType'], block?.storage?.defaultVolumeType],
    [['storage', 'defaultVolumeType'], spec.storage?.defaultVolumeType],
    [['storageConfig', 'defaultStorageClass'], spec.storageConfig?.defaultStorageClass],
  ]);
  onePlace(rep, 'the default volume size', [
    [[first ?? '', 'storage', 'defaultVolumeSize'], block?.storage?.defaultVolumeSize],
    [['storage', 'defaultVolumeSize'], spec.storage?.defaultVolumeSize],
    [['storageConfig', 'defaultDiskSize'], spec.storageConfig?.defaultDiskSize],
  ]);
  for (const field of [
    'encryption',
    'kmsKeyId',
    'iops',
    'throughput',
    'additionalVolumes',
  ] as const) {
    onePlace(rep, `storage.${field}`, [
      [[first ?? '', 'storage', field], block?.storage?.[field]],
      [['storage', field], spec.storage?.[field]],
    ]);
  }
}

interface IdentityField {
  readonly block: ProviderBlockKey;
  readonly field: string;
  readonly setting: string;
  readonly what: string;
  readonly check: (v: string) => string | undefined;
}

/**
 * One identity value (subscription, project, datacenter, ...) from the provider block or
 * config.customSettings: conflicts and the format of the customSettings value are reported here.
 */
function identity(
  spec: RawMachineProviderSpec,
  rep: Reporter,
  f: IdentityField,
): string | undefined {
  const block = spec[f.block] as Readonly<Record<string, unknown>> | undefined;
  const fromBlock = block?.[f.field];
  const fromSettings = spec.config?.customSettings?.[f.setting];
  const settingsPath = ['config', 'customSettings', f.setting];
  if (typeof fromBlock === 'string' && fromSettings !== undefined) {
    rep.missing(
      settingsPath,
      `cannot be set together with spec.${f.block}.${f.field} (give the ${f.what} in one place)`,
    );
    return fromBlock;
  }
  if (fromSettings !== undefined) {
    const reason = f.check(fromSettings);
    if (reason !== undefined) rep.add(settingsPath, reason, fromSettings);
  }
  return typeof fromBlock === 'string' ? fromBlock : fromSettings;
}

function requireIdentity(
  spec: RawMachineProviderSpec,
  rep: Reporter,
  f: IdentityField,
  alsoZones = false,
): void {
  const value = identity(spec, rep, f);
  if (value !== undefined || (alsoZones && (spec.availabilityZones?.length ?? 0) > 0)) return;
  const path =
    spec[f.block] !== undefined ? [f.block, f.field] : ['config', 'customSettings', f.setting];
  const places = [`spec.${f.block}.${f.field}`, `spec.config.customSettings.${f.setting}`];
  if (alsoZones) places.push('spec.availabilityZones');
  const list =
    places.length === 2
      ? places.join(' or ')
      : `${places.slice(0, -1).join(', ')} or ${places.at(-1) ?? ''}`;
  rep.missing(path, `is required for type "${spec.type}" (give the ${f.what} in ${list})`);
}

/** Spec 004's provider-specific requirements, for a provider that is configured (not minimal). */
export function checkProviderSpecifics(spec: RawMachineProviderSpec, rep: Reporter): void {
  const shape = shapeOf(spec);
  const zones = spec.availabilityZones ?? [];
  const region = spec.region;
  if (spec.type === 'aws') {
    if (region !== undefined) {
      const reason = checkAwsRegion(region);
      if (reason !== undefined) rep.add(['region'], reason, region);
      else {
        zones.forEach((z, i) => {
          if (!awsZoneInRegion(z, region)) {
            rep.add(
              ['availabilityZones', i],
              `is not in region "${region}" (AWS zone names are the region plus a letter, like "${region}a")`,
              z,
            );
          }
        });
      }
    } else if (shape !== 'minimal') {
      rep.missing(['region'], 'is required for type "aws" (name the AWS region, e.g. "us-west-2")');
    }
  } else if (region === undefined && shape === '004-config') {
    rep.missing(
      ['region'],
      'is required (name the primary region or datacenter, e.g. "us-west-2" or "datacenter1")',
    );
  }
  if (shape === 'minimal') return;

  switch (spec.type) {
    case 'azure':
      requireIdentity(spec, rep, {
        block: 'azure',
        field: 'subscriptionId',
        setting: 'subscriptionId',
        what: 'Azure subscription ID',
        check: checkGuid('Azure subscription ID'),
      });
      requireIdentity(spec, rep, {
        block: 'azure',
        field: 'resourceGroup',
        setting: 'resourceGroup',
        what: 'Azure resource group',
        check: checkAzureResourceGroup,
      });
      identity(spec, rep, {
        block: 'azure',
        field: 'tenantId',
        setting: 'tenantId',
        what: 'Azure tenant ID',
        check: checkGuid('Azure tenant ID'),
      });
      break;
    case 'gcp': {
      requireIdentity(spec, rep, {
        block: 'gcp',
        field: 'project',
        setting: 'project',
        what: 'GCP project ID',
        check: checkGcpProject,
      });
      const zoneField = {
        block: 'gcp',
        field: 'zone',
        setting: 'zone',
        what: 'GCP zone',
        check: checkGcpZone,
      } as const;
      requireIdentity(spec, rep, zoneField, true);
      const zone = spec.gcp?.zone ?? spec.config?.customSettings?.zone;
      const all: [Path, string][] = zones.map((z, i) => [['availabilityZones', i], z]);
      if (zone !== undefined) {
        all.unshift([spec.gcp ? ['gcp', 'zone'] : ['config', 'customSettings', 'zone'], zone]);
      }
      for (const [path, z] of all) {
        const reason = checkGcpZone(z);
        if (reason !== undefined) {
          if (path[0] === 'availabilityZones') rep.add(path, reason, z);
        } else if (region !== undefined && !z.startsWith(`${region}-`)) {
          rep.add(
            path,
            `is not in region "${region}" (GCP zones are the region plus a suffix, like "${region}-a")`,
            z,
          );
        }
      }
      break;
    }
    case 'vsphere':
    case 'vmware':
      requireIdentity(spec, rep, {
        block: 'vsphere',
        field: 'datacenter',
        setting: 'datacenter',
        what: 'vSphere datacenter',
        check: checkVsphereName,
      });
      requireIdentity(
        spec,
        rep,
        {
          block: 'vsphere',
          field: 'cluster',
          setting: 'cluster',
          what: 'vSphere cluster',
          check: checkVsphereName,
        },
        true,
      );
      zones.forEach((z, i) => {
        if (checkVsphereName(z) !== undefined) {
          rep.add(
            ['availabilityZones', i],
            'is not a valid vSphere cluster name (for vSphere, availabilityZones name clusters: use 1 to 80 characters, without "/", "\\" or "%")',
            z,
          );
        }
      });
      break;
    default:
      break;
  }
}
