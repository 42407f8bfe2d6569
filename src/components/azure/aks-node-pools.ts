// AKS node pools (agent pools): their arguments, checks and properties. The cluster is created
// with its first System pool (AKS needs one to exist); the others are containerservice.AgentPool
// resources, so pools can be added and removed one at a time.
import type * as pulumi from '@pulumi/pulumi';
import { problem } from './util';

export const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] as const;
export type TaintEffect = (typeof TAINT_EFFECTS)[number];

export interface AksNodePoolArgs {
  /** Pool name: 1 to 12 lowercase letters and digits, starting with a letter (6 on Windows). */
  readonly name: string;
  /** System pools run the cluster's own pods (one is required); User pools run workloads. */
  readonly mode: 'System' | 'User';
  /** VM size of the nodes, e.g. Standard_D4s_v5. */
  readonly vmSize: string;
  /** Nodes now. */
  readonly count: number;
  /** Bounds of the cluster autoscaler; it is on when they differ. */
  readonly min: number;
  readonly max: number;
  /** Defaults to Linux. System pools must be Linux. */
  readonly osType?: 'Linux' | 'Windows';
  /** Spot VMs (evicted when Azure needs the capacity). Not for System pools. Defaults to false. */
  readonly spot?: boolean;
  /** Availability zones ("1", "2", "3"). Defaults to none. */
  readonly zones?: readonly string[];
  /** Kubernetes labels of the nodes. Defaults to none. */
  readonly labels?: Readonly<Record<string, string>>;
  /** Kubernetes taints of the nodes. Defaults to none. */
  readonly taints?: readonly {
    readonly key: string;
    readonly value?: string;
    readonly effect: TaintEffect;
  }[];
  /** Subnet of the nodes (and of their pods with Azure CNI without overlay). */
  readonly subnetId: pulumi.Input<string>;
  /** Kubernetes version of the pool, when it differs from the cluster's. Defaults to the cluster's. */
  readonly version?: string;
  /** OS disk size. Defaults to the VM size's default. */
  readonly osDiskSizeGiB?: number;
}

/** Problems with the pools, as sentences naming the field; empty when they are fine. */
export function validateNodePools(pools: readonly AksNodePoolArgs[]): string[] {
  const out: string[] = [];
  if (pools.length === 0) out.push('nodePools: is empty; an AKS cluster needs a System pool.');
  if (pools.length > 0 && !pools.some((p) => p.mode === 'System')) {
    out.push(
      'nodePools: has no System pool; AKS needs at least one pool with mode System for its system pods.',
    );
  }
  const names = new Set<string>();
  pools.forEach((p, i) => {
    const at = `nodePools[${i}]`;
    const windows = p.osType === 'Windows';
    const pattern = windows ? /^[a-z][a-z0-9]{0,5}$/ : /^[a-z][a-z0-9]{0,11}$/;
    if (!pattern.test(p.name)) {
      out.push(
        problem(
          `${at}.name`,
          p.name,
          `is not an AKS pool name (1 to ${windows ? 6 : 12} lowercase letters and digits, starting with a letter).`,
        ),
      );
    }
    if (names.has(p.name)) out.push(problem(`${at}.name`, p.name, 'is used by another pool.'));
    names.add(p.name);
    if (p.mode === 'System' && windows) {
      out.push(
        problem(
          `${at}.osType`,
          p.osType,
          'cannot be Windows in a System pool; AKS runs its system pods on Linux.',
        ),
      );
    }
    if (p.mode === 'System' && p.spot === true) {
      out.push(
        problem(
          `${at}.capacityType`,
          'SPOT',
          'cannot be used for a System pool (spot nodes can be evicted); make it a User pool or use on-demand nodes.',
        ),
      );
    }
    const minimum = p.mode === 'System' ? 1 : 0;
    if (!Number.isInteger(p.min) || p.min < minimum) {
      out.push(
        problem(
          `${at}.min`,
          p.min,
          `is below ${minimum}, the fewest nodes a ${p.mode} pool can have.`,
        ),
      );
    }
    if (p.max < p.min) out.push(problem(`${at}.max`, p.max, `is below min ${p.min}.`));
    if (p.count < p.min || p.count > p.max) {
      out.push(problem(`${at}.count`, p.count, `is outside min ${p.min} and max ${p.max}.`));
    }
    for (const z of p.zones ?? []) {
      if (!['1', '2', '3'].includes(z)) {
        out.push(problem(`${at}.zones`, z, 'is not an Azure availability zone ("1", "2" or "3").'));
      }
    }
  });
  return out;
}

/** `key=value:NoSchedule`, the taint form AKS takes. */
export function taintText(t: NonNullable<AksNodePoolArgs['taints']>[number]): string {
  return `${t.key}${t.value !== undefined ? `=${t.value}` : ''}:${t.effect}`;
}

/** The properties a pool has both inline in the cluster and as an AgentPool resource. */
export function poolProperties(p: AksNodePoolArgs, tags: Readonly<Record<string, string>>) {
  const autoscale = p.min !== p.max;
  return {
    mode: p.mode,
    vmSize: p.vmSize,
    osType: p.osType ?? 'Linux',
    type: 'VirtualMachineScaleSets',
    count: p.count,
    enableAutoScaling: autoscale,
    ...(autoscale ? { minCount: p.min, maxCount: p.max } : {}),
    vnetSubnetID: p.subnetId,
    ...((p.zones ?? []).length > 0 ? { availabilityZones: [...(p.zones ?? [])] } : {}),
    ...(Object.keys(p.labels ?? {}).length > 0 ? { nodeLabels: { ...p.labels } } : {}),
    ...((p.taints ?? []).length > 0 ? { nodeTaints: (p.taints ?? []).map(taintText) } : {}),
    ...(p.spot === true
      ? { scaleSetPriority: 'Spot', scaleSetEvictionPolicy: 'Delete', spotMaxPrice: -1 }
      : {}),
    ...(p.version !== undefined ? { orchestratorVersion: p.version } : {}),
    ...(p.osDiskSizeGiB !== undefined ? { osDiskSizeGB: p.osDiskSizeGiB } : {}),
    tags: { ...tags },
  };
}
