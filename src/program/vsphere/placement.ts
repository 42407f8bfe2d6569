// Where a VM goes in vSphere, from the MachineProvider's identity (spec.vsphere or
// config.customSettings: datacenter, cluster, datastore, resourcePool, folder) and its
// availabilityZones, which name compute clusters for vSphere:
//   compute cluster   the machine's placement.availabilityZone (one of the provider's zones), else
//                     the provider's cluster, else its first zone;
//   resource pool     the provider's resourcePool as written, else `<cluster>/Resources` (the
//                     cluster's root pool), else none: a problem on vCenter;
//   rule cluster      where a DRS rule for the VM can go: the compute cluster, unless a resource
//                     pool was written without a cluster (the pool's cluster is then unknown).
import type { ResolvedMachineProvider } from '../../model';

export type VsphereIdentity = NonNullable<
  ResolvedMachineProvider['provider']['spec']['cloud']['vsphere']
>;

export interface Placement {
  readonly resourcePool: string;
  /** The compute cluster, when known. */
  readonly cluster?: string;
  /** The cluster a DRS rule for the VM belongs to; undefined when the pool's cluster is unknown. */
  readonly ruleCluster?: string;
}

/** Where a setting was written: `spec.config.customSettings.<name>` or `spec.vsphere.<name>`. */
export function settingPath(p: ResolvedMachineProvider, name: keyof VsphereIdentity): string {
  return p.provider.spec.customSettings[name] !== undefined
    ? `spec.config.customSettings.${name}`
    : `spec.vsphere.${name}`;
}

/** `MachineProvider ns/name`, for messages. */
export function providerName(p: ResolvedMachineProvider): string {
  return `MachineProvider ${p.key}`;
}

/**
 * The placement of a VM; `zone` is the machine's placement.availabilityZone (never for nodes) and
 * `zoneField` where it was written. A problem when the zone is not one of the provider's or
 * nothing names a resource pool.
 */
export function placementOf(
  p: ResolvedMachineProvider,
  identity: VsphereIdentity,
  owner: string,
  zone?: string,
  zoneField = 'spec.placement.availabilityZone',
): Placement | { problem: string } {
  const zones = p.provider.spec.availabilityZones;
  if (
    zone !== undefined &&
    zones.length > 0 &&
    !zones.includes(zone) &&
    zone !== identity.cluster
  ) {
    return {
      problem: `${owner}: ${zoneField} "${zone}" is not a vSphere cluster of ${providerName(p)} (spec.availabilityZones: ${zones.join(', ')}); use one of them or leave it out`,
    };
  }
  const cluster = zone ?? identity.cluster ?? zones[0];
  if (identity.resourcePool !== undefined) {
    const known = identity.cluster !== undefined || zone !== undefined;
    return {
      resourcePool: identity.resourcePool,
      ...(cluster !== undefined ? { cluster } : {}),
      ...(known && cluster !== undefined ? { ruleCluster: cluster } : {}),
    };
  }
  if (cluster === undefined) {
    return {
      problem: `${owner}: ${providerName(p)} names no resource pool or cluster for its VMs; set spec.config.customSettings.resourcePool (e.g. "cluster1/Resources/vitistack"), spec.config.customSettings.cluster or spec.availabilityZones`,
    };
  }
  return { resourcePool: `${cluster}/Resources`, cluster, ruleCluster: cluster };
}
