// A GKE node pool: machine type, autoscaling or a fixed size, Kubernetes labels and taints,
// Shielded nodes, the stack's node service account, Workload Identity metadata and auto
// repair/upgrade. GKE counts nodes per zone; the totals given here are spread over the zones.
import * as container from '@pulumi/gcp/container';
import * as pulumi from '@pulumi/pulumi';
import { TOKENS } from '../tokens';
import { CLOUD_PLATFORM_SCOPE } from './machine';
import { assertValid, GCP_NAME, GCP_ZONE, problem, validateLabels } from './util';

export const TAINT_EFFECTS = {
  NoSchedule: 'NO_SCHEDULE',
  PreferNoSchedule: 'PREFER_NO_SCHEDULE',
  NoExecute: 'NO_EXECUTE',
} as const;
export type TaintEffect = keyof typeof TAINT_EFFECTS;

export const IMAGE_TYPES = [
  'COS_CONTAINERD',
  'UBUNTU_CONTAINERD',
  'WINDOWS_LTSC_CONTAINERD',
] as const;

/** Zones a regional cluster's pools span when they name none (GKE picks three). */
export const REGIONAL_DEFAULT_ZONES = 3;

export interface GkeScaling {
  readonly min: number;
  readonly max: number;
  readonly desired: number;
}

export interface GkeNodePoolArgs {
  /** Cluster id (`projects/P/locations/L/clusters/N`) or name. Required. */
  readonly cluster: pulumi.Input<string>;
  /** Project. Required. */
  readonly project: string;
  /** Location of the cluster (region or zone). Required. */
  readonly location: string;
  /** Pool name, unique in the cluster. Required. */
  readonly poolName: string;
  /** Machine type, e.g. `e2-standard-4`. Required. */
  readonly machineType: string;
  /** Node image. Defaults to `COS_CONTAINERD`. */
  readonly imageType?: (typeof IMAGE_TYPES)[number];
  /** Spot VMs (preemptible, cheaper). Defaults to `false`. */
  readonly spot?: boolean;
  /** Node counts over all zones. */
  readonly scaling: GkeScaling;
  /** Cluster autoscaler between min and max. Defaults to `min !== max`. */
  readonly autoscaled?: boolean;
  /** Zones of the nodes. Defaults to the cluster's (its zone, or three zones of its region). */
  readonly zones?: readonly string[];
  /** Kubernetes labels of the nodes. Defaults to none. */
  readonly labels?: Readonly<Record<string, string>>;
  /** Kubernetes taints of the nodes. Defaults to none. */
  readonly taints?: readonly { key: string; value?: string; effect: TaintEffect }[];
  /** Service account of the nodes. Required (never the default Compute account). */
  readonly serviceAccountEmail: pulumi.Input<string>;
  /** Pods get Workload Identity (GKE metadata server). Defaults to `false`. */
  readonly workloadIdentity?: boolean;
  /** Cloud KMS key of the boot disks. Defaults to none (Google-managed). */
  readonly bootDiskKmsKey?: pulumi.Input<string>;
  /** Network tags of the nodes (firewall targets). Defaults to none. */
  readonly networkTags?: readonly string[];
  /** Kubernetes version of the nodes. Defaults to the control plane's. */
  readonly version?: string;
  /** GCP labels of the node VMs (mapped with cloudTags('gcp', ...)). */
  readonly resourceLabels: Readonly<Record<string, string>>;
}

/** How many zones a pool spans, for GKE's per-zone counts. */
export function zoneCount(args: Pick<GkeNodePoolArgs, 'zones' | 'location'>): number {
  if ((args.zones ?? []).length > 0) return (args.zones ?? []).length;
  return GCP_ZONE.test(args.location) ? 1 : REGIONAL_DEFAULT_ZONES;
}

/** Problems with the args; `at` prefixes the field paths. */
export function validateGkeNodePoolArgs(args: GkeNodePoolArgs, at = ''): string[] {
  const out: string[] = [];
  if (!GCP_NAME.test(args.poolName) || args.poolName.length > 40) {
    out.push(
      problem(
        `${at}poolName`,
        args.poolName,
        'is not a GKE node pool name (1 to 40 lowercase letters, digits and "-", starting with a letter).',
      ),
    );
  }
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)+$/.test(args.machineType)) {
    out.push(
      problem(
        `${at}machineType`,
        args.machineType,
        'is not a GCP machine type; use a form like "e2-standard-4".',
      ),
    );
  }
  const { min, max, desired } = args.scaling;
  if (
    ![min, max, desired].every((n) => Number.isInteger(n) && n >= 0) ||
    min > desired ||
    desired > max
  ) {
    out.push(
      problem(
        `${at}scaling`,
        `${min}/${desired}/${max}`,
        'is not min <= desired <= max in whole numbers from 0.',
      ),
    );
  }
  for (const z of args.zones ?? []) {
    if (!GCP_ZONE.test(z) || !z.startsWith(args.location.replace(/-[a-z]$/, ''))) {
      out.push(
        problem(
          `${at}zones`,
          z,
          `is not a zone of the cluster's location "${args.location}"; use a form like "${args.location.replace(/-[a-z]$/, '')}-a".`,
        ),
      );
    }
  }
  (args.taints ?? []).forEach((t, i) => {
    if (!(t.effect in TAINT_EFFECTS)) {
      out.push(
        problem(
          `${at}taints[${i}].effect`,
          t.effect,
          `is not a taint effect (allowed: ${Object.keys(TAINT_EFFECTS).join(', ')}).`,
        ),
      );
    }
  });
  out.push(...validateLabels(args.resourceLabels, `${at}resourceLabels`));
  return out;
}

export class GkeNodePool extends pulumi.ComponentResource {
  public readonly poolName: pulumi.Output<string>;
  public readonly scaling: GkeScaling;

  constructor(name: string, args: GkeNodePoolArgs, opts?: pulumi.ComponentResourceOptions) {
    assertValid('GkeNodePool', args.poolName, validateGkeNodePoolArgs(args));
    super(TOKENS.gcp.GkeNodePool, name, {}, opts);
    const zones = zoneCount(args);
    const perZone = (n: number) => Math.ceil(n / zones);
    const autoscaled = args.autoscaled ?? args.scaling.min !== args.scaling.max;
    const pool = new container.NodePool(
      `${name}-pool`,
      {
        project: args.project,
        location: args.location,
        cluster: args.cluster,
        name: args.poolName,
        ...((args.zones ?? []).length > 0 ? { nodeLocations: [...(args.zones ?? [])] } : {}),
        ...(autoscaled
          ? {
              initialNodeCount: perZone(args.scaling.desired),
              // Totals, not per zone: what the manifest's min and max mean.
              autoscaling: {
                totalMinNodeCount: args.scaling.min,
                totalMaxNodeCount: args.scaling.max,
                locationPolicy: 'BALANCED',
              },
            }
          : { nodeCount: perZone(args.scaling.desired) }),
        ...(args.version !== undefined ? { version: args.version } : {}),
        management: { autoRepair: true, autoUpgrade: true },
        nodeConfig: {
          machineType: args.machineType,
          imageType: args.imageType ?? 'COS_CONTAINERD',
          spot: args.spot ?? false,
          serviceAccount: args.serviceAccountEmail,
          oauthScopes: [CLOUD_PLATFORM_SCOPE],
          labels: { ...(args.labels ?? {}) },
          taints: (args.taints ?? []).map((t) => ({
            key: t.key,
            value: t.value ?? '',
            effect: TAINT_EFFECTS[t.effect],
          })),
          shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
          ...(args.workloadIdentity === true
            ? { workloadMetadataConfig: { mode: 'GKE_METADATA' } }
            : {}),
          ...(args.bootDiskKmsKey !== undefined ? { bootDiskKmsKey: args.bootDiskKmsKey } : {}),
          ...((args.networkTags ?? []).length > 0 ? { tags: [...(args.networkTags ?? [])] } : {}),
          resourceLabels: { ...args.resourceLabels },
          // The legacy metadata endpoints hand out instance credentials to any pod.
          metadata: { 'disable-legacy-endpoints': 'true' },
        },
      },
      { parent: this },
    );
    this.poolName = pool.name;
    this.scaling = args.scaling;
    this.registerOutputs({ poolName: this.poolName, scaling: this.scaling });
  }
}
