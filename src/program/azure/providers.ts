// The explicit azure-native provider of a MachineProvider or an AKS KubernetesProvider: location,
// subscription and tenant from the manifests or the credentials Secret, credentials marked secret.
import type { Provider } from '@pulumi/azure-native/provider';
import { azureProvider, credentialsFromSecret } from '../../components/azure/provider';
import { isAzureLocation } from '../../components/azure/util';
import type { ResolvedSecretRef } from '../../model';
import type { CloudEnv } from '../cloud';

/** A built provider and where it puts resources. */
export interface AzureAccount {
  readonly provider: Provider;
  readonly location: string;
  readonly subscriptionId: string;
  /** Known from the manifests or the Secret; undefined means "the provider's own". */
  readonly tenantId?: string;
}

export interface AccountRequest {
  readonly kind: 'MachineProvider' | 'KubernetesProvider';
  /** `namespace/name` of the object. */
  readonly key: string;
  /** Azure location; `field` names where it comes from, for messages. */
  readonly location: string | undefined;
  readonly locationField: string;
  /** From the manifest; the Secret's subscriptionId (or `fallbackSubscriptionId`) otherwise. */
  readonly subscriptionId?: string;
  readonly fallbackSubscriptionId?: string;
  readonly tenantId?: string;
  /** Tenant when neither the manifest nor the Secret names one. */
  readonly fallbackTenantId?: string;
  readonly credentials: ResolvedSecretRef | undefined;
  /** The manifest asks for the pod's workload identity instead of a Secret. */
  readonly ambient: boolean;
}

/** Builds the provider; reports a problem (and returns undefined) when it cannot be built. */
export function azureAccount(env: CloudEnv, req: AccountRequest): AzureAccount | undefined {
  const where = `${req.kind} ${req.key}`;
  if (req.location === undefined) {
    env.problem(
      `${where}: no Azure location; set ${req.locationField} to a location like "eastus" (the Vitistack's region is used when it is one)`,
    );
    return undefined;
  }
  if (!isAzureLocation(req.location)) {
    env.problem(
      `${where}: ${req.locationField} "${req.location}" is not an Azure location name; use the lowercase form without dashes, like "eastus" or "westeurope"`,
    );
    return undefined;
  }
  const supplied = env.credentials(req.kind, req.key, req.credentials);
  if (!supplied) return undefined;
  const values = supplied.values;
  try {
    const credentials = values ? credentialsFromSecret(values, supplied.source) : undefined;
    const subscriptionId =
      req.subscriptionId ?? credentials?.subscriptionId ?? req.fallbackSubscriptionId;
    if (subscriptionId === undefined) {
      env.problem(
        `${where}: no Azure subscription; set subscriptionId in the manifest or add the key subscriptionId to ${supplied.source}`,
      );
      return undefined;
    }
    const tenantId = req.tenantId ?? credentials?.tenantId ?? req.fallbackTenantId;
    const provider = azureProvider(
      req.key.replace('/', '-'),
      {
        location: req.location,
        subscriptionId,
        ...(tenantId !== undefined ? { tenantId } : {}),
        ...(credentials !== undefined ? { credentials } : {}),
        // The offline render builds providers without the Secret (env.credentials warned).
        allowAmbientCredentials: values === undefined && env.mode === 'render',
        workloadIdentity: req.ambient,
      },
      { parent: env.root },
    );
    return {
      provider,
      location: req.location,
      subscriptionId,
      ...(tenantId !== undefined ? { tenantId } : {}),
    };
  } catch (err) {
    env.problem(`${where}: ${err instanceof Error ? err.message : String(err)}`);
    return undefined;
  }
}
