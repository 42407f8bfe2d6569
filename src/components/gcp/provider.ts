// The explicit GCP provider of one MachineProvider / KubernetesProvider. Not a component: a
// provider resource that the program passes to components through `opts.provider`.
// ARCHITECTURE.md: credentials come from the Secret the provider names and are kept secret in
// state; nothing uses ambient credentials unless the provider says so (workload identity).
import * as pulumi from '@pulumi/pulumi';
import { Provider, type ProviderArgs } from '@pulumi/gcp/provider';
import { GCP_PROJECT, GCP_REGION, GCP_ZONE } from './util';

/** Key names accepted for the service account key file in a credentials Secret, in order. */
export const CREDENTIAL_KEYS = [
  'credentials.json',
  'key.json',
  'service-account.json',
  'GOOGLE_CREDENTIALS',
  'google-credentials',
] as const;

/** Fields a service account key file must have (as `gcloud iam service-accounts keys create` writes). */
const KEY_FIELDS = ['project_id', 'private_key', 'client_email'] as const;

export interface GcpProviderArgs {
  /** Project of the resources, e.g. `my-project-123`. Required. */
  readonly project: string;
  /** Region, e.g. `europe-north1`. Required. */
  readonly region: string;
  /** Zone, e.g. `europe-north1-a`, inside `region`. Defaults to none (resources name theirs). */
  readonly zone?: string;
  /** Service account key file (JSON) from the credentials Secret (see `credentialsFromSecret`). */
  readonly credentials?: string;
  /**
   * Use the credentials of the environment (workload identity of the controller's pod) when no
   * `credentials` are given. Defaults to `false`: without credentials the provider is refused.
   */
  readonly allowAmbientCredentials?: boolean;
  /** Labels on every resource that takes labels (already mapped with cloudTags('gcp', ...)). */
  readonly defaultLabels: Readonly<Record<string, string>>;
}

/**
 * The service account key file from the decoded `data` of a credentials Secret, checked to be a
 * service account key. Messages name the Secret and the key names, never a value.
 */
export function credentialsFromSecret(
  values: Readonly<Record<string, string>>,
  source = 'the credentials Secret',
): string {
  const present = Object.keys(values).sort();
  const found = present.length > 0 ? present.join(', ') : 'none';
  const key = CREDENTIAL_KEYS.find((k) => values[k] !== undefined);
  const text = key !== undefined ? values[key]?.trim() : undefined;
  if (key === undefined || text === undefined) {
    throw new Error(
      `${source} has no service account key: expected one of the keys ${CREDENTIAL_KEYS.join(', ')} (keys present: ${found}). ` +
        'Add the key file, e.g. kubectl create secret generic <name> --from-file=credentials.json=<key file>',
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(
      `${source} key ${key} is not JSON; it must hold a service account key file as downloaded from Google Cloud (gcloud iam service-accounts keys create).`,
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(
      `${source} key ${key} is not a JSON object; it must hold a service account key file.`,
    );
  }
  const doc = parsed as Record<string, unknown>;
  if (doc.type !== 'service_account') {
    throw new Error(
      `${source} key ${key} is not a service account key (its "type" field must be "service_account"); create one with gcloud iam service-accounts keys create.`,
    );
  }
  const missingFields = KEY_FIELDS.filter((f) => typeof doc[f] !== 'string' || doc[f] === '');
  if (missingFields.length > 0) {
    throw new Error(
      `${source} key ${key} lacks the fields ${missingFields.join(', ')} of a service account key file; download the key again.`,
    );
  }
  return text;
}

/** Problems with the provider args; messages never contain a credential value. */
export function validateGcpProviderArgs(name: string, args: GcpProviderArgs): string[] {
  const out: string[] = [];
  const where = `gcp provider "${name}"`;
  if (!GCP_PROJECT.test(args.project)) {
    out.push(
      `${where}: project "${args.project}" is not a GCP project ID; use a form like "my-project-123".`,
    );
  }
  if (!GCP_REGION.test(args.region)) {
    out.push(
      `${where}: region "${args.region}" is not a GCP region; use a form like "europe-north1".`,
    );
  }
  if (
    args.zone !== undefined &&
    !(GCP_ZONE.test(args.zone) && args.zone.startsWith(`${args.region}-`))
  ) {
    out.push(
      `${where}: zone "${args.zone}" is not a zone of region "${args.region}"; use a form like "${args.region}-a".`,
    );
  }
  if (args.credentials === undefined && args.allowAmbientCredentials !== true) {
    out.push(
      `${where}: no credentials given; reference a credentials Secret holding a service account key (key ${CREDENTIAL_KEYS[0]}), or say that ambient credentials are intended (workload identity via credentials.serviceAccount).`,
    );
  }
  return out;
}

/** The provider's inputs, built without creating it (exported for tests). */
export function gcpProviderArgs(name: string, args: GcpProviderArgs): ProviderArgs {
  const problems = validateGcpProviderArgs(name, args);
  if (problems.length > 0) throw new Error(problems.join('\n'));
  return {
    project: args.project,
    region: args.region,
    ...(args.zone !== undefined ? { zone: args.zone } : {}),
    // Secret in state: the engine encrypts it with the stack's secrets provider.
    ...(args.credentials !== undefined ? { credentials: pulumi.secret(args.credentials) } : {}),
    defaultLabels: { ...args.defaultLabels },
  };
}

/** A GCP provider. Throws when no credentials are given and ambient ones are not allowed. */
export function gcpProvider(
  name: string,
  args: GcpProviderArgs,
  opts?: pulumi.CustomResourceOptions,
): Provider {
  return new Provider(name, gcpProviderArgs(name, args), opts);
}
