// Where stacks keep their state and how their secrets are encrypted, as the Pulumi CLI takes
// them: a backend URL (PULUMI_BACKEND_URL) and a secrets provider URL, plus the passphrase
// environment for the default passphrase provider. Pure: the engine passes the result to
// LocalWorkspace as envVars / secretsProvider.
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export const BackendKind = {
  File: 'file',
  S3: 's3',
  AzureBlob: 'azblob',
  GoogleCloudStorage: 'gs',
  PulumiCloud: 'cloud',
} as const;
export type BackendKind = (typeof BackendKind)[keyof typeof BackendKind];

export interface Backend {
  readonly kind: BackendKind;
  /** The URL handed to the CLI as PULUMI_BACKEND_URL. */
  readonly url: string;
}

/** The CLI's default state directory, relative to the working directory. */
export const DEFAULT_STATE_DIR = '.vitistack/state';

const BACKEND_HELP =
  'use file://<absolute dir>, s3://<bucket>, azblob://<container>, gs://<bucket> or https://api.pulumi.com';

/** Bucket and container names as the clouds allow them (lowercase, digits, '.', '-'). */
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/**
 * The backend for a `--backend` value; the embedded default is the local file backend under
 * `stateDir` (made absolute: the CLI requires it). Throws with the value and the allowed forms.
 */
export function parseBackend(value: string | undefined, stateDir = DEFAULT_STATE_DIR): Backend {
  if (value === undefined || value === '') {
    return { kind: 'file', url: pathToFileURL(resolve(stateDir)).href };
  }
  const scheme = /^([a-z0-9]+):\/\//.exec(value)?.[1];
  const rest = scheme === undefined ? '' : value.slice(scheme.length + 3);
  const bucket = rest.split(/[/?]/)[0] ?? '';
  switch (scheme) {
    case 'file': {
      // file://~ and file://./dir are relative forms the CLI does not resolve for us.
      const path = rest === '' ? '' : rest.startsWith('/') ? rest : undefined;
      if (path === undefined || path === '' || !isAbsolute(path)) {
        throw new Error(
          `--backend ${JSON.stringify(value)} is not an absolute file backend; use file:///absolute/dir (for a directory relative to here: file://${resolve(rest || '.')})`,
        );
      }
      return { kind: 'file', url: value };
    }
    case 's3':
    case 'gs':
    case 'azblob':
      if (!BUCKET.test(bucket)) {
        throw new Error(
          `--backend ${JSON.stringify(value)} has no valid ${scheme === 'azblob' ? 'container' : 'bucket'} name (3-63 lowercase letters, digits, "." and "-"); ${BACKEND_HELP}`,
        );
      }
      return {
        kind: scheme === 's3' ? 's3' : scheme === 'gs' ? 'gs' : 'azblob',
        url: value,
      };
    case 'https':
    case 'http':
      return { kind: 'cloud', url: value };
    default:
      throw new Error(
        `--backend ${JSON.stringify(value)} is not a supported backend; ${BACKEND_HELP}`,
      );
  }
}

export const SecretsProviderKind = {
  Passphrase: 'passphrase',
  AwsKms: 'awskms',
  AzureKeyVault: 'azurekeyvault',
  GcpKms: 'gcpkms',
  HashiVault: 'hashivault',
  PulumiCloud: 'default',
} as const;
export type SecretsProviderKind = (typeof SecretsProviderKind)[keyof typeof SecretsProviderKind];

export interface SecretsProvider {
  readonly kind: SecretsProviderKind;
  /** The value for `--secrets-provider` / LocalWorkspaceOptions.secretsProvider. */
  readonly url: string;
}

const SECRETS_HELP =
  'use passphrase, awskms://<key id or alias>, azurekeyvault://<vault>.vault.azure.net/keys/<key>, gcpkms://projects/<p>/locations/<l>/keyRings/<r>/cryptoKeys/<k> or hashivault://<key>';

/** The secrets provider for a `--secrets-provider` value; passphrase by default. */
export function parseSecretsProvider(value: string | undefined): SecretsProvider {
  if (value === undefined || value === '' || value === 'passphrase') {
    return { kind: 'passphrase', url: 'passphrase' };
  }
  if (value === 'default') return { kind: 'default', url: 'default' };
  const scheme = /^([a-z]+):\/\/./.exec(value)?.[1];
  switch (scheme) {
    case 'awskms':
    case 'azurekeyvault':
    case 'gcpkms':
    case 'hashivault':
      return { kind: scheme, url: value };
    default:
      throw new Error(
        `--secrets-provider ${JSON.stringify(value)} is not supported; ${SECRETS_HELP}`,
      );
  }
}

/** Where the passphrase comes from; its value never appears in a message. */
export type PassphraseSource =
  | { readonly kind: 'value'; readonly value: string }
  | { readonly kind: 'file'; readonly path: string };

/**
 * The environment the CLI needs for this backend and secrets provider. With the passphrase
 * provider a passphrase is required, or the CLI would block on a prompt.
 */
export function engineEnv(
  backend: Backend,
  secrets: SecretsProvider,
  passphrase: PassphraseSource | undefined,
): Record<string, string> {
  const env: Record<string, string> = { PULUMI_BACKEND_URL: backend.url };
  if (secrets.kind === 'passphrase') {
    if (passphrase === undefined) {
      throw new Error(
        'the passphrase secrets provider needs a passphrase: set PULUMI_CONFIG_PASSPHRASE or PULUMI_CONFIG_PASSPHRASE_FILE, or choose --secrets-provider awskms://..., azurekeyvault://..., gcpkms://... or hashivault://...',
      );
    }
    if (passphrase.kind === 'file') env.PULUMI_CONFIG_PASSPHRASE_FILE = passphrase.path;
    else env.PULUMI_CONFIG_PASSPHRASE = passphrase.value;
  }
  return env;
}

/** The passphrase source from the process environment, as the Pulumi CLI reads it. */
export function passphraseFromEnv(env: NodeJS.ProcessEnv): PassphraseSource | undefined {
  const file = env.PULUMI_CONFIG_PASSPHRASE_FILE;
  if (file !== undefined && file !== '') return { kind: 'file', path: file };
  const value = env.PULUMI_CONFIG_PASSPHRASE;
  return value !== undefined ? { kind: 'value', value } : undefined;
}
