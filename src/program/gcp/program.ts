// GCP as a CloudProgram: an explicit provider per GCP MachineProvider (and per GKE
// KubernetesProvider with credentials of its own), the Vitistack-level resources on the
// highest-priority one, Compute Engine machines and GKE clusters.
import type { Provider } from '@pulumi/gcp/provider';
import { credentialsFromSecret, gcpProvider } from '../../components/gcp/provider';
import { cloudTags } from '../../model/cloud-tags';
import type { ResolvedCluster, ResolvedMachineProvider, ResolvedSecretRef } from '../../model';
import type { BuiltCluster, CloudEnv, CloudFoundation, CloudProgram } from '../cloud';
import { buildGkeCluster, gkeClusterProblems } from './clusters';
import { buildGcpFoundation, type GcpIdentity } from './foundation';
import { buildGcpMachine, gcpMachineProblems } from './machines';

interface ProviderRequest {
  readonly kind: 'MachineProvider' | 'KubernetesProvider';
  readonly key: string;
  readonly project: string | undefined;
  readonly region: string | undefined;
  readonly zone?: string;
  readonly credentials: ResolvedSecretRef | undefined;
  readonly ambient: boolean;
}

function providerFor(env: CloudEnv, r: ProviderRequest): Provider | undefined {
  const where = `${r.kind} ${r.key}`;
  if (r.region === undefined) {
    env.problem(`${where}: no region (set spec.region on the provider or the Vitistack)`);
    return undefined;
  }
  if (r.project === undefined) {
    env.problem(
      `${where}: no GCP project (set spec.gcp.project or spec.config.customSettings.project)`,
    );
    return undefined;
  }
  const supplied = env.credentials(r.kind, r.key, r.credentials);
  if (!supplied) return undefined;
  const values = supplied.values;
  try {
    return gcpProvider(
      r.key.replace('/', '-'),
      {
        project: r.project,
        region: r.region,
        ...(r.zone !== undefined ? { zone: r.zone } : {}),
        ...(values ? { credentials: credentialsFromSecret(values, supplied.source) } : {}),
        allowAmbientCredentials: r.ambient || (values === undefined && env.mode === 'render'),
        defaultLabels: cloudTags('gcp', env.model.tags),
      },
      { parent: env.root },
    );
  } catch (err) {
    env.problem(`${where}: ${err instanceof Error ? err.message : String(err)}`);
    return undefined;
  }
}

/** Project, region and zone of a GCP MachineProvider. */
function identityOf(p: ResolvedMachineProvider): Partial<GcpIdentity> {
  const gcp = p.provider.spec.cloud.gcp;
  return {
    ...(gcp?.project !== undefined ? { project: gcp.project } : {}),
    ...(p.region !== undefined ? { region: p.region } : {}),
    ...(gcp?.zone !== undefined
      ? { zone: gcp.zone }
      : p.region !== undefined
        ? { zone: `${p.region}-a` }
        : {}),
  };
}

export const GCP_PROGRAM: CloudProgram = {
  machineProviderType: 'gcp',
  distribution: 'gke',
  title: 'GCP',
  foundation(env, gcpProviders): CloudFoundation | undefined {
    const providers = new Map<string, Provider>();
    for (const p of gcpProviders) {
      const id = identityOf(p);
      const built = providerFor(env, {
        kind: 'MachineProvider',
        key: p.key,
        project: id.project,
        region: id.region,
        ...(id.zone !== undefined ? { zone: id.zone } : {}),
        credentials: p.credentialsSecret,
        ambient: p.usesAmbientIdentity,
      });
      if (built) providers.set(p.key, built);
    }
    const primary = gcpProviders[0];
    const primaryProvider = primary ? providers.get(primary.key) : undefined;
    if (!primary || !primaryProvider) return undefined;
    const id = identityOf(primary);
    if (id.project === undefined || id.region === undefined || id.zone === undefined)
      return undefined;
    const identity: GcpIdentity = { project: id.project, region: id.region, zone: id.zone };
    const warn = (m: string) => {
      env.warn(m);
    };
    const foundation = buildGcpFoundation(
      env.model,
      gcpProviders,
      identity,
      env.root,
      primaryProvider,
      warn,
      (m) => {
        env.problem(m);
      },
    );
    const clusterProviders = new Map<string, Provider>();
    return {
      outputs: foundation.outputs,
      machineProblems: (m) => {
        const problems = gcpMachineProblems(m, foundation);
        const own = gcpProviders.find((p) => p.key === m.providerKey);
        const ownId = own ? identityOf(own) : undefined;
        if (ownId && (ownId.project !== identity.project || ownId.region !== identity.region)) {
          problems.push(
            `Machine ${m.key}: its MachineProvider ${m.providerKey} is in project ${JSON.stringify(ownId.project ?? null)}, region ${JSON.stringify(ownId.region ?? null)}, but the Vitistack's network is in project "${identity.project}", region "${identity.region}" (of ${primary.key}); give each GCP project or region its own Vitistack`,
          );
        }
        return problems;
      },
      buildMachine: (m, provider) =>
        buildGcpMachine(
          m,
          provider,
          foundation,
          env.root,
          providers.get(m.providerKey) ?? primaryProvider,
          warn,
        ).output,
      clusterProblems: (c: ResolvedCluster) => {
        const kp = env.model.kubernetesProviders.find(
          (p) => p.key === c.providerKey.split('/').slice(-2).join('/'),
        );
        const problems = gkeClusterProblems(c, foundation);
        // Only a KubernetesProvider with credentials of its own gets a provider of its own.
        if (c.credentialsSecret !== undefined) {
          const own = providerFor(env, {
            kind: 'KubernetesProvider',
            key: kp?.key ?? c.providerKey,
            project: c.gke?.project ?? identity.project,
            region: c.region ?? identity.region,
            credentials: c.credentialsSecret,
            ambient: false,
          });
          if (own) clusterProviders.set(c.key, own);
        }
        return problems;
      },
      buildCluster: (c: ResolvedCluster): BuiltCluster =>
        buildGkeCluster(
          env.model,
          c,
          foundation,
          env.root,
          clusterProviders.get(c.key) ?? primaryProvider,
          c.key,
          warn,
        ),
    };
  },
};
