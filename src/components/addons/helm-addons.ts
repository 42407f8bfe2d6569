// Cluster add-ons (cert-manager, external-dns, cluster-autoscaler, monitoring, ingress, ...) as Helm
// releases on a cluster, through a Kubernetes provider made from the cluster's kubeconfig.
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { assertValid } from '../aws/util';
import { TOKENS } from '../tokens';
import {
  CLOUDS,
  chartVersion,
  knownAddonNames,
  looksLikeAppVersion,
  mergeValues,
  resolveAddon,
  withoutSecretRefs,
  type ChartEntry,
  type Cloud,
  type Values,
} from './charts';

export interface HelmAddon {
  /** Add-on name: a catalogue name or alias from charts.ts (e.g. `cert-manager`). */
  readonly name: string;
  /**
   * Chart version. A leading `v` is normalised to the repository's form (kept for cert-manager,
   * dropped elsewhere). Defaults to the newest chart.
   */
  readonly version?: string;
  /** Whether to install it. Disabled add-ons are skipped silently. */
  readonly enabled: boolean;
  /** Helm values merged over the catalogue's defaults. Defaults to `{}`. */
  readonly config?: Readonly<Record<string, unknown>>;
}

export interface HelmAddonsArgs {
  /**
   * Kubeconfig of the cluster (kept secret). Required. The releases wait for whatever this Output
   * depends on: on EKS pass `EksCluster.tokenKubeconfig`, which resolves once the node groups exist
   * and needs no `aws` CLI credentials (`dependsOn` on this component would not reach the releases).
   */
  readonly kubeconfig: pulumi.Input<string>;
  /** Cluster name, used in defaults (autoscaler discovery, external-dns owner id, ...). */
  readonly clusterName: string;
  /** Add-ons, in manifest order. */
  readonly addons: readonly HelmAddon[];
  /** Cloud of the cluster: picks cloud-specific defaults and skips add-ons that do not apply. */
  readonly cloud: Cloud;
  /** Region of the cluster; required by region-bound add-ons (cluster-autoscaler on AWS). */
  readonly region?: string;
}

export interface ReleaseSummary {
  readonly name: string;
  readonly namespace: string;
  readonly version: string;
  readonly status: string;
}

/** One release to make: everything decided before any resource exists. */
export interface PlannedRelease {
  readonly addon: string;
  readonly key: string;
  readonly entry: ChartEntry;
  readonly version?: string;
  readonly values: Values;
}

/**
 * Decides which releases to make and collects warnings; throws on invalid args. Pure (exported
 * for tests). Warnings never contain a secret value.
 */
export function planHelmAddons(args: HelmAddonsArgs): {
  releases: PlannedRelease[];
  warnings: string[];
} {
  const problems: string[] = [];
  if (args.clusterName.trim() === '') problems.push('clusterName: is empty; name the cluster.');
  if (!CLOUDS.includes(args.cloud)) {
    problems.push(`cloud: "${args.cloud}" is not allowed; use ${CLOUDS.join(', ')}.`);
  }
  const releases: PlannedRelease[] = [];
  const warnings: string[] = [];
  const byKey = new Map<string, number>();
  const ctx = { clusterName: args.clusterName, cloud: args.cloud, region: args.region };
  args.addons.forEach((a, i) => {
    const path = `addons[${i}]`;
    if (a.name.trim() === '') {
      problems.push(`${path}.name: is empty; name the add-on.`);
      return;
    }
    if (a.version?.trim() === '') {
      problems.push(`${path}.version: is empty; give a chart version or leave version out.`);
    }
    if (!a.enabled) return;
    const r = resolveAddon(a.name);
    if (r.kind === 'builtin') {
      warnings.push(`add-on ${a.name}: not installed with Helm: ${r.reason}.`);
      return;
    }
    if (r.kind === 'unknown') {
      warnings.push(
        `add-on ${a.name}: unknown, not installed; known add-ons are ${knownAddonNames().join(', ')}.`,
      );
      return;
    }
    const { key, entry } = r;
    if (entry.clouds !== undefined && !entry.clouds.includes(args.cloud)) {
      warnings.push(
        `add-on ${a.name}: not installed on cloud ${args.cloud}; it applies to ${entry.clouds.join(', ')} only.`,
      );
      return;
    }
    if (entry.needsRegion === true && args.region === undefined) {
      problems.push(
        `${path}: add-on ${a.name} needs the cluster's region; pass region (e.g. "us-west-2").`,
      );
    }
    const first = byKey.get(key);
    if (first !== undefined) {
      problems.push(
        `${path}.name: "${a.name}" installs chart ${entry.chart} like addons[${first}] ("${args.addons[first]?.name ?? ''}"); keep one of them.`,
      );
      return;
    }
    byKey.set(key, i);
    const { values: config, refs } = withoutSecretRefs(a.config ?? {});
    for (const ref of refs) {
      const secret = ref.name !== undefined ? `Secret "${ref.name}"` : 'a Secret';
      warnings.push(
        `add-on ${a.name}: value ${ref.path} references ${secret} (key "${ref.key ?? ''}"); Secret values are not copied into Helm values (they would be stored in the release and the stack state), so it was left out. Point the chart at the Secret in the cluster instead (e.g. an existingSecret value).`,
      );
    }
    const version =
      a.version !== undefined && a.version.trim() !== ''
        ? chartVersion(entry, a.version)
        : undefined;
    if (version !== undefined && looksLikeAppVersion(entry, version)) {
      warnings.push(
        `add-on ${a.name}: version "${a.version ?? ''}" looks like the version of the application, not of chart ${entry.chart} (${entry.chartVersionForm ?? 'see the repository'} at ${entry.repo}); Helm may not find it. Give the chart version.`,
      );
    }
    releases.push({
      addon: a.name,
      key,
      entry,
      ...(version !== undefined ? { version } : {}),
      values: mergeValues(entry.defaults(ctx), config),
    });
  });
  assertValid('HelmAddons', args.clusterName, problems);
  return { releases, warnings };
}

export class HelmAddons extends pulumi.ComponentResource {
  /** Add-ons not installed and values left out, with the reason (plain data for status/events). */
  public readonly warnings: string[];
  public readonly releases: pulumi.Output<ReleaseSummary[]>;

  constructor(name: string, args: HelmAddonsArgs, opts?: pulumi.ComponentResourceOptions) {
    const plan = planHelmAddons(args);
    super(TOKENS.addons.HelmAddons, name, {}, opts);
    this.warnings = plan.warnings;

    // No provider without releases: nothing would use it.
    const provider =
      plan.releases.length > 0
        ? new k8s.Provider(
            `${name}-k8s`,
            { kubeconfig: pulumi.secret(args.kubeconfig) },
            { parent: this },
          )
        : undefined;

    const releases = plan.releases.map(
      (r) =>
        new k8s.helm.v3.Release(
          `${name}-${r.key}`,
          {
            // Fixed release names: what `helm list` shows and the charts' docs assume.
            name: r.entry.release,
            chart: r.entry.chart,
            version: r.version,
            repositoryOpts: { repo: r.entry.repo },
            namespace: r.entry.namespace,
            createNamespace: true,
            values: r.values,
            // A failed install is rolled back, so the next run starts clean.
            atomic: true,
            cleanupOnFail: true,
          },
          { parent: this, provider },
        ),
    );

    this.releases = pulumi
      .all(
        releases.map((rel) => ({
          name: rel.name,
          namespace: rel.namespace,
          version: rel.version,
          status: rel.status,
        })),
      )
      .apply((rs) =>
        rs.map((r) => ({
          name: r.name,
          namespace: r.namespace,
          // Unset until Helm reports (e.g. in previews).
          version: (r.version as string | undefined) ?? '',
          status: (r.status as { status?: string } | undefined)?.status ?? 'unknown',
        })),
      );
    this.registerOutputs({ releases: this.releases, warnings: this.warnings });
  }
}
