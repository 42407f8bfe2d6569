// The explicit azure-native provider of one MachineProvider / KubernetesProvider. Not a component:
// a provider resource that the program passes to components through `opts.provider`.
// ARCHITECTURE.md: credentials come from the Secret the provider names and are kept secret in
// state; nothing uses ambient credentials unless the provider says so (workload identity).
import { Provider, type ProviderArgs } from '@pulumi/azure-native/provider';
import * as pulumi from '@pulumi/pulumi';
import { isGuid, locationProblem } from './util';

/** A service principal, as read from the provider's credentials Secret. */
export interface AzureCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
  /** Tenant of the service principal. Defaults to the provider's identity tenantId. */
  readonly tenantId?: string;
  /** Subscription to manage. Defaults to the provider's identity subscriptionId. */
  readonly subscriptionId?: string;
}

export interface AzureProviderArgs {
  /** Azure location of the resources, e.g. `eastus`. Required. */
  readonly location: string;
  /** Subscription the resources go into (a GUID). Required. */
  readonly subscriptionId: string;
  /** Microsoft Entra tenant (a GUID). Required with `credentials`; defaults to none otherwise. */
  readonly tenantId?: string;
  /** Service principal from the provider's Secret (see `credentialsFromSecret`). Defaults to none. */
  readonly credentials?: AzureCredentials;
  /**
   * Allow a provider without `credentials`. Defaults to `false`: without credentials the
   * provider is refused (the offline render allows it; nothing signs in there).
   */
  readonly allowAmbientCredentials?: boolean;
  /**
   * Sign in as the environment allows (the controller pod's workload identity, a managed
   * identity) through DefaultAzureCredential, when no `credentials` are given. Defaults to false.
   */
  readonly workloadIdentity?: boolean;
}

/**
 * Key names accepted in a credentials Secret, in order of preference: the provider's own
 * camelCase names, kebab and snake case, and the environment variable names of the Azure SDKs.
 */
export const CREDENTIAL_KEYS = {
  clientId: ['clientId', 'client-id', 'client_id', 'AZURE_CLIENT_ID', 'ARM_CLIENT_ID'],
  clientSecret: [
    'clientSecret',
    'client-secret',
    'client_secret',
    'AZURE_CLIENT_SECRET',
    'ARM_CLIENT_SECRET',
  ],
  tenantId: ['tenantId', 'tenant-id', 'tenant_id', 'AZURE_TENANT_ID', 'ARM_TENANT_ID'],
  subscriptionId: [
    'subscriptionId',
    'subscription-id',
    'subscription_id',
    'AZURE_SUBSCRIPTION_ID',
    'ARM_SUBSCRIPTION_ID',
  ],
} as const;

function pick(
  values: Readonly<Record<string, string>>,
  keys: readonly string[],
): string | undefined {
  for (const key of keys) {
    const v = values[key];
    if (v !== undefined) return v.trim();
  }
  return undefined;
}

/**
 * Reads a service principal from the decoded `data` of a credentials Secret. Values are trimmed
 * (a trailing newline from `echo` is a common mistake). Error messages name the expected and the
 * present key names and the Secret, never a value.
 */
export function credentialsFromSecret(
  values: Readonly<Record<string, string>>,
  source = 'the credentials Secret',
): AzureCredentials {
  const present = Object.keys(values).sort();
  const problems: string[] = [];
  const get = (field: keyof typeof CREDENTIAL_KEYS, required: boolean): string | undefined => {
    const keys = CREDENTIAL_KEYS[field];
    const v = pick(values, keys);
    if (v === undefined && required) {
      problems.push(`${source} has no ${field}: expected one of the keys ${keys.join(', ')}`);
    } else if (v === '') {
      problems.push(`${source} has an empty ${field} (keys ${keys.join(', ')})`);
    }
    return v === '' ? undefined : v;
  };
  const clientId = get('clientId', true);
  const clientSecret = get('clientSecret', true);
  const tenantId = get('tenantId', false);
  const subscriptionId = get('subscriptionId', false);
  if (problems.length > 0 || clientId === undefined || clientSecret === undefined) {
    throw new Error(
      `${problems.join('; ')} (keys present: ${present.length > 0 ? present.join(', ') : 'none'}). ` +
        'Add the missing keys to the Secret, e.g. kubectl create secret generic <name> ' +
        '--from-literal=clientId=... --from-literal=clientSecret=... --from-literal=tenantId=...',
    );
  }
  return {
    clientId,
    clientSecret,
    ...(tenantId !== undefined ? { tenantId } : {}),
    ...(subscriptionId !== undefined ? { subscriptionId } : {}),
  };
}

/** Problems with the provider args; messages never contain a credential value. */
export function validateAzureProviderArgs(name: string, args: AzureProviderArgs): string[] {
  const out: string[] = [];
  const where = `azure-native provider "${name}"`;
  const location = locationProblem('location', args.location);
  if (location !== undefined) out.push(`${where}: ${location}`);
  if (!isGuid(args.subscriptionId)) {
    out.push(
      // It may come from the credentials Secret: the value is not shown.
      `${where}: subscriptionId (from the credentials Secret or the MachineProvider) is not a GUID; give the subscription id like "00000000-0000-0000-0000-000000000000".`,
    );
  }
  if (args.tenantId !== undefined && !isGuid(args.tenantId)) {
    out.push(
      `${where}: tenantId (from the credentials Secret or the MachineProvider) is not a GUID; give the Microsoft Entra tenant id.`,
    );
  }
  const c = args.credentials;
  if (c !== undefined) {
    // The client id is not a password, but it comes from the Secret: it is not shown either.
    if (!isGuid(c.clientId)) {
      out.push(
        `${where}: the clientId of the credentials Secret is not a GUID; give the application (client) id of the service principal.`,
      );
    }
    if (args.tenantId === undefined) {
      out.push(
        `${where}: no tenantId for the service principal; add the key tenantId to the credentials Secret or set tenantId in the MachineProvider's azure block.`,
      );
    }
  } else if (args.allowAmbientCredentials !== true && args.workloadIdentity !== true) {
    out.push(
      `${where}: no credentials given; reference a credentials Secret with the keys ${CREDENTIAL_KEYS.clientId[0]}, ${CREDENTIAL_KEYS.clientSecret[0]} and ${CREDENTIAL_KEYS.tenantId[0]}, or say that the controller's workload identity is intended (credentials.serviceAccount).`,
    );
  }
  return out;
}

/** The provider's inputs, built without creating it (exported for tests). */
export function azureProviderArgs(name: string, args: AzureProviderArgs): ProviderArgs {
  const problems = validateAzureProviderArgs(name, args);
  if (problems.length > 0) throw new Error(problems.join('\n'));
  const c = args.credentials;
  return {
    location: args.location,
    subscriptionId: args.subscriptionId,
    ...(args.tenantId !== undefined ? { tenantId: args.tenantId } : {}),
    // Secret in state: the engine encrypts them with the stack's secrets provider.
    ...(c !== undefined
      ? { clientId: pulumi.secret(c.clientId), clientSecret: pulumi.secret(c.clientSecret) }
      : {}),
    // Workload identity or a managed identity, whichever the controller's pod has.
    ...(c === undefined && args.workloadIdentity === true
      ? { useDefaultAzureCredential: true }
      : {}),
  };
}

/** A real azure-native provider. Throws when the args are invalid (see validateAzureProviderArgs). */
export function azureProvider(
  name: string,
  args: AzureProviderArgs,
  opts?: pulumi.CustomResourceOptions,
): Provider {
  return new Provider(name, azureProviderArgs(name, args), opts);
}
