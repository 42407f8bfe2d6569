// The explicit AWS provider of one MachineProvider / KubernetesProvider. Not a component: a
// provider resource that the program passes to components through `opts.provider`.
// ARCHITECTURE.md: credentials come from the Secret the provider names and are kept secret in
// state; nothing uses ambient credentials unless the provider says so (e.g. IRSA).
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';

/** Static AWS credentials, as read from the provider's credentials Secret. */
export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** Session token of temporary credentials. Defaults to none. */
  readonly sessionToken?: string;
}

export interface AwsProviderArgs {
  /** AWS region, e.g. `us-west-2`. Required. */
  readonly region: string;
  /** Static credentials from the provider's Secret (see `credentialsFromSecret`). Defaults to none. */
  readonly credentials?: AwsCredentials;
  /**
   * IAM role the provider assumes, starting from `credentials` (or from ambient credentials when
   * `allowAmbientCredentials` is set). Defaults to none.
   */
  readonly assumeRoleArn?: string;
  /** Session name used when assuming `assumeRoleArn`. Defaults to `vitistack`. */
  readonly assumeRoleSessionName?: string;
  /**
   * Use the credentials of the environment (IRSA / pod identity via a service account, instance
   * profile) when no `credentials` are given. Defaults to `false`: without credentials or a role
   * the provider is refused.
   */
  readonly allowAmbientCredentials?: boolean;
  /** Tags put on every taggable resource this provider creates (provider `defaultTags`). */
  readonly defaultTags: Record<string, string>;
}

/** Key names accepted in a credentials Secret, in order of preference (003 uses the first set). */
export const CREDENTIAL_KEYS = {
  accessKeyId: ['access-key-id', 'aws_access_key_id', 'AWS_ACCESS_KEY_ID'],
  secretAccessKey: ['secret-access-key', 'aws_secret_access_key', 'AWS_SECRET_ACCESS_KEY'],
  sessionToken: ['session-token', 'aws_session_token', 'AWS_SESSION_TOKEN'],
} as const;

const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

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
 * Reads static credentials from the decoded `data` of a credentials Secret. Values are trimmed
 * (a trailing newline from `echo` is a common mistake). Error messages name the expected and the
 * present key names, never a value.
 */
export function credentialsFromSecret(
  values: Readonly<Record<string, string>>,
  source = 'the credentials Secret',
): AwsCredentials {
  const present = Object.keys(values).sort();
  const found = present.length > 0 ? present.join(', ') : 'none';
  const problems: string[] = [];
  const get = (field: keyof typeof CREDENTIAL_KEYS, required: boolean): string | undefined => {
    const keys = CREDENTIAL_KEYS[field];
    const v = pick(values, keys);
    if (v === undefined && required) {
      problems.push(`${source} has no ${field}: expected one of the keys ${keys.join(', ')}`);
    } else if (v === '') {
      problems.push(`${source} has an empty ${field} (keys ${keys.join(', ')})`);
    }
    return v;
  };
  const accessKeyId = get('accessKeyId', true);
  const secretAccessKey = get('secretAccessKey', true);
  const sessionToken = get('sessionToken', false);
  if (problems.length > 0 || accessKeyId === undefined || secretAccessKey === undefined) {
    throw new Error(
      `${problems.join('; ')} (keys present: ${found}). Add the missing keys to the Secret, e.g. ` +
        `kubectl create secret generic <name> --from-literal=access-key-id=... --from-literal=secret-access-key=...`,
    );
  }
  return sessionToken !== undefined && sessionToken !== ''
    ? { accessKeyId, secretAccessKey, sessionToken }
    : { accessKeyId, secretAccessKey };
}

/** The AWS partition of a region: `aws`, `aws-cn`, `aws-us-gov`, ... (for managed policy ARNs). */
export function awsPartition(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('us-isob-')) return 'aws-iso-b';
  if (region.startsWith('us-iso-')) return 'aws-iso';
  return 'aws';
}

/** Problems with the provider args; messages never contain a credential value. */
export function validateAwsProviderArgs(name: string, args: AwsProviderArgs): string[] {
  const out: string[] = [];
  const where = `aws provider "${name}"`;
  if (!REGION.test(args.region)) {
    out.push(
      `${where}: region "${args.region}" is not an AWS region; use a form like "us-west-2".`,
    );
  }
  if (args.credentials !== undefined) {
    if (args.credentials.accessKeyId.trim() === '') {
      out.push(
        `${where}: credentials.accessKeyId is empty; check the access-key-id key of the credentials Secret.`,
      );
    }
    if (args.credentials.secretAccessKey.trim() === '') {
      out.push(
        `${where}: credentials.secretAccessKey is empty; check the secret-access-key key of the credentials Secret.`,
      );
    }
  }
  if (args.assumeRoleArn !== undefined && !ROLE_ARN.test(args.assumeRoleArn)) {
    out.push(
      `${where}: assumeRoleArn "${args.assumeRoleArn}" is not an IAM role ARN; use a form like "arn:aws:iam::123456789012:role/vitistack".`,
    );
  }
  // Stricter than "no credentials and no role": assuming a role without credentials would start
  // from the controller's own (ambient) identity, which the manifest author does not control.
  if (args.credentials === undefined && args.allowAmbientCredentials !== true) {
    const role =
      args.assumeRoleArn !== undefined ? ' (assumeRoleArn needs base credentials too)' : '';
    out.push(
      `${where}: no credentials given${role}; reference a credentials Secret (credentials.secretRef with keys ` +
        `${CREDENTIAL_KEYS.accessKeyId[0]} and ${CREDENTIAL_KEYS.secretAccessKey[0]}), or say that ambient ` +
        `credentials are intended (e.g. IRSA via credentials.serviceAccount).`,
    );
  }
  return out;
}

/** The provider's inputs, built without creating it (exported for tests). */
export function awsProviderArgs(name: string, args: AwsProviderArgs): aws.ProviderArgs {
  const problems = validateAwsProviderArgs(name, args);
  if (problems.length > 0) throw new Error(problems.join('\n'));
  const c = args.credentials;
  return {
    region: args.region,
    // Secret in state: the engine encrypts them with the stack's secrets provider.
    ...(c !== undefined
      ? {
          accessKey: pulumi.secret(c.accessKeyId),
          secretKey: pulumi.secret(c.secretAccessKey),
          ...(c.sessionToken !== undefined ? { token: pulumi.secret(c.sessionToken) } : {}),
        }
      : {}),
    ...(args.assumeRoleArn !== undefined
      ? {
          assumeRoles: [
            {
              roleArn: args.assumeRoleArn,
              sessionName: args.assumeRoleSessionName ?? 'vitistack',
            },
          ],
        }
      : {}),
    defaultTags: { tags: args.defaultTags },
  };
}

/**
 * A real AWS provider (credentials are validated and the account id is looked up: no `skip*`
 * flags). Throws when no credentials are given and ambient ones are not allowed.
 */
export function awsProvider(
  name: string,
  args: AwsProviderArgs,
  opts?: pulumi.CustomResourceOptions,
): aws.Provider {
  return new aws.Provider(name, awsProviderArgs(name, args), opts);
}
