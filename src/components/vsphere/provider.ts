// The explicit vSphere provider of one MachineProvider. Not a component: a provider resource that
// the program passes to components and lookups through `opts.provider`.
// ARCHITECTURE.md: credentials come from the Secret the provider names and are kept secret in
// state; the password is sent as a secret input, and messages name keys, never values.
import type * as pulumi from '@pulumi/pulumi';
import * as vsphere from './sdk';

/** A vCenter (or ESXi) login, as read from the provider's credentials Secret. */
export interface VsphereCredentials {
  readonly user: string;
  /** Kept secret: the binding wraps it in `pulumi.secret`. */
  readonly password: string;
}

export interface VsphereProviderArgs {
  /** vCenter server: a host name or address, with `:port` when not 443. Required. */
  readonly server: string;
  /** Accept a certificate that cannot be verified (self-signed vCenter). Defaults to `false`. */
  readonly allowUnverifiedSsl?: boolean;
  /**
   * The login (see `credentialsFromSecret`). Required unless `allowMissingCredentials` is set:
   * the plugin would otherwise fall back to VSPHERE_USER / VSPHERE_PASSWORD of its environment.
   */
  readonly credentials?: VsphereCredentials;
  /** Build the provider without a login (the offline render). Defaults to `false`. */
  readonly allowMissingCredentials?: boolean;
}

/** Key names accepted in a credentials Secret, in order of preference. */
export const CREDENTIAL_KEYS = {
  user: ['username', 'user', 'VSPHERE_USER', 'vsphere-user', 'vsphere_user'],
  password: ['password', 'VSPHERE_PASSWORD', 'vsphere-password', 'vsphere_password'],
} as const;

const SERVER = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?)(:\d{1,5})?$/;

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
 * Reads the login from the decoded `data` of a credentials Secret. Values are trimmed (a trailing
 * newline from `echo` is a common mistake). Messages name the expected and the present keys,
 * never a value.
 */
export function credentialsFromSecret(
  values: Readonly<Record<string, string>>,
  source = 'the credentials Secret',
): VsphereCredentials {
  const present = Object.keys(values).sort();
  const found = present.length > 0 ? present.join(', ') : 'none';
  const problems: string[] = [];
  const get = (field: keyof typeof CREDENTIAL_KEYS, what: string): string => {
    const keys = CREDENTIAL_KEYS[field];
    const v = pick(values, keys);
    if (v === undefined) {
      problems.push(`${source} has no ${what}: expected one of the keys ${keys.join(', ')}`);
    } else if (v === '') {
      problems.push(`${source} has an empty ${what} (keys ${keys.join(', ')})`);
    }
    return v ?? '';
  };
  const user = get('user', 'user name');
  const password = get('password', 'password');
  if (problems.length > 0) throw new Error(`${problems.join('; ')} (keys present: ${found})`);
  return { user, password };
}

/**
 * The `vsphereServer` of an endpoint as written: a URL (`https://vcenter.example.com/sdk`) gives
 * its host and port; a bare host name or `host:port` is kept. Throws on anything else.
 */
export function vsphereServer(endpoint: string): string {
  const text = endpoint.trim();
  let host = text;
  if (text.includes('://')) {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw new Error(
        `"${text}" is not a valid URL; write the vCenter address as a host name ("vcenter.example.com") or a URL ("https://vcenter.example.com/sdk")`,
      );
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw new Error(
        `"${text}" uses ${url.protocol.replace(':', '')}; the vSphere API is reached over https, e.g. "https://vcenter.example.com"`,
      );
    }
    host = url.host;
  } else {
    host = text.split('/')[0] ?? '';
  }
  if (!SERVER.test(host)) {
    throw new Error(
      `"${text}" has no valid vCenter host name; use a form like "vcenter.example.com" or "https://vcenter.example.com/sdk"`,
    );
  }
  return host;
}

/** The provider resource; throws when it would silently use the plugin's environment login. */
export function vsphereProvider(
  name: string,
  args: VsphereProviderArgs,
  opts: pulumi.ResourceOptions = {},
): vsphere.Provider {
  if (!args.credentials && args.allowMissingCredentials !== true) {
    throw new Error(
      'no vCenter login: give credentials (a Secret with username and password), or the provider would use VSPHERE_USER / VSPHERE_PASSWORD of the environment',
    );
  }
  return new vsphere.Provider(
    name,
    {
      vsphereServer: args.server,
      allowUnverifiedSsl: args.allowUnverifiedSsl ?? false,
      ...(args.credentials
        ? { user: args.credentials.user, password: args.credentials.password }
        : {}),
    },
    opts,
  );
}
