// AWS as a CloudProgram: an explicit provider per AWS MachineProvider (and per EKS
// KubernetesProvider with credentials of its own), the Vitistack-level resources on the
// highest-priority one, EC2 machines and EKS clusters.
import type * as aws from '@pulumi/aws';
import { awsProvider, credentialsFromSecret } from '../../components/aws/provider';
import type { ResolvedCluster, ResolvedSecretRef } from '../../model';
import type { BuiltCluster, CloudEnv, CloudFoundation, CloudProgram } from '../cloud';
import { buildEksCluster } from './clusters';
import { buildAwsFoundation } from './foundation';
import { awsMachineProblems, buildAwsMachine } from './machines';

function providerFor(
  env: CloudEnv,
  kind: 'MachineProvider' | 'KubernetesProvider',
  key: string,
  region: string | undefined,
  credentials: ResolvedSecretRef | undefined,
  ambient: boolean,
): aws.Provider | undefined {
  const where = `${kind} ${key}`;
  if (region === undefined) {
    env.problem(`${where}: no region (set spec.region on the provider or the Vitistack)`);
    return undefined;
  }
  const supplied = env.credentials(kind, key, credentials);
  if (!supplied) return undefined;
  const values = supplied.values;
  try {
    return awsProvider(
      key.replace('/', '-'),
      {
        region,
        ...(values ? { credentials: credentialsFromSecret(values, supplied.source) } : {}),
        allowAmbientCredentials: ambient || (values === undefined && env.mode === 'render'),
        defaultTags: { ...env.model.tags },
      },
      { parent: env.root },
    );
  } catch (err) {
    env.problem(`${where}: ${err instanceof Error ? err.message : String(err)}`);
    return undefined;
  }
}

export const AWS_PROGRAM: CloudProgram = {
  machineProviderType: 'aws',
  distribution: 'eks',
  title: 'AWS',
  foundation(env, awsProviders): CloudFoundation | undefined {
    const providers = new Map<string, aws.Provider>();
    for (const p of awsProviders) {
      const built = providerFor(
        env,
        'MachineProvider',
        p.key,
        p.region,
        p.credentialsSecret,
        p.usesAmbientIdentity,
      );
      if (built) providers.set(p.key, built);
    }
    const primary = awsProviders[0];
    const primaryProvider = primary ? providers.get(primary.key) : undefined;
    if (primary?.region === undefined || !primaryProvider) return undefined;
    const foundation = buildAwsFoundation(
      env.model,
      awsProviders,
      env.root,
      primaryProvider,
      primary.region,
      (m) => {
        env.warn(m);
      },
    );
    const clusterProviders = new Map<string, aws.Provider>();
    return {
      outputs: {
        ...foundation.outputs,
        ...(foundation.kmsKeyArn ? { kmsKeyArn: foundation.kmsKeyArn } : {}),
      },
      machineProblems: (m) => awsMachineProblems(m, foundation),
      buildMachine: (m, provider) => {
        const awsP = providers.get(m.providerKey) ?? primaryProvider;
        return buildAwsMachine(m, provider, foundation, env.root, awsP).output;
      },
      clusterProblems: (c: ResolvedCluster) => {
        const kp = env.model.kubernetesProviders.find(
          (p) => p.key === c.providerKey.split('/').slice(-2).join('/'),
        );
        const own = providerFor(
          env,
          'KubernetesProvider',
          kp?.key ?? c.providerKey,
          c.region,
          c.credentialsSecret,
          false,
        );
        clusterProviders.set(c.key, own ?? primaryProvider);
        return [];
      },
      buildCluster: (c: ResolvedCluster): BuiltCluster =>
        buildEksCluster(
          c,
          foundation,
          env.root,
          clusterProviders.get(c.key) ?? primaryProvider,
          c.key,
          (m) => {
            env.warn(m);
          },
        ),
    };
  },
};
