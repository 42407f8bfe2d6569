// The explicit Proxmox VE provider of one MachineProvider. Not a component: a provider resource
// that the program passes to components through `opts.provider`.
// ARCHITECTURE.md: credentials come from the Secret the provider names and are kept secret in
// state; messages name the Secret and its keys, never a value.
import * as proxmoxve from '@muhlba91/pulumi-proxmoxve';
import * as pulumi from '@pulumi/pulumi';

/** How the provider logs in to the Proxmox VE API. */
export type ProxmoxAuth =
  | {
      /** A full API token: `USER@REALM!TOKENID=SECRET`. */
      readonly apiToken: string;
    }
  | {
      /** `USER@REALM`. */
      readonly username: string;
      readonly password: string;
    };

/**
 * SSH access to the nodes. The API cannot write snippets (cloud-init user data files); the
 * provider uploads them over SSH.
 */
export interface ProxmoxSsh {
  /** Linux user on the nodes. */
  readonly username: string;
  /** Unencrypted PEM private key; set this or `password`. */
  readonly privateKey?: string;
  readonly password?: string;
}

export interface ProxmoxCredentials {
  readonly auth: ProxmoxAuth;
  /** Defaults to none: no snippet upload. */
  readonly ssh?: ProxmoxSsh;
}

/** Key names accepted in a credentials Secret, in order of preference. */
export const CREDENTIAL_KEYS = {
  apiToken: ['token', 'api-token', 'apiToken', 'PROXMOX_VE_API_TOKEN'],
  tokenId: ['token-id', 'tokenId', 'PROXMOX_VE_API_TOKEN_ID'],
  tokenSecret: ['token-secret', 'tokenSecret', 'PROXMOX_VE_API_TOKEN_SECRET'],
  username: ['username', 'PROXMOX_VE_USERNAME'],
  password: ['password', 'PROXMOX_VE_PASSWORD'],
  sshUsername: ['ssh-username', 'PROXMOX_VE_SSH_USERNAME'],
  sshPrivateKey: ['ssh-private-key', 'PROXMOX_VE_SSH_PRIVATE_KEY'],
  sshPassword: ['ssh-password', 'PROXMOX_VE_SSH_PASSWORD'],
} as const;

type CredentialField = keyof typeof CREDENTIAL_KEYS;

/** SSH user when the Secret names none: the one Proxmox VE nodes always have. */
export const DEFAULT_SSH_USERNAME = 'root';

/** The Proxmox VE API port, for endpoints written without one. */
export const DEFAULT_API_PORT = 8006;

const TOKEN = /^[^\s@!=]+@[^\s@!=]+![^\s@!=]+=\S+$/;
const USER = /^[^\s@!=:]+(@[^\s@!=:]+)?$/;

/** The first of `keys` present in `values`, trimmed, with the key it came from. */
function pick(
  values: Readonly<Record<string, string>>,
  field: CredentialField,
): { key: string; value: string } | undefined {
  for (const key of CREDENTIAL_KEYS[field]) {
    const v = values[key];
    if (v !== undefined) return { key, value: v.trim() };
  }
  return undefined;
}

/** `user` -> `user@realm` when it names no realm and one is known. */
function withRealm(user: string, realm: string | undefined): string {
  return user.includes('@') || realm === undefined ? user : `${user}@${realm}`;
}

/** `USER[@REALM]!TOKENID` and the secret -> `USER@REALM!TOKENID=SECRET`; undefined without `!`. */
function fullToken(id: string, secret: string, realm: string | undefined): string | undefined {
  const bang = id.indexOf('!');
  if (bang <= 0) return undefined;
  return `${withRealm(id.slice(0, bang), realm)}${id.slice(bang)}=${secret}`;
}

/**
 * Reads the API credentials (and optional SSH access) from the decoded `data` of a credentials
 * Secret: a full token (`token`), a token id and secret (`token-id` + `token-secret`; `token`
 * holding only the secret works with `token-id` too), or `username` + `password`. A user or token
 * id without `@REALM` gets `realm` (the ProxmoxConfig's authentication realm). Values are trimmed.
 * Errors name the Secret and key names, never a value.
 */
export function credentialsFromSecret(
  values: Readonly<Record<string, string>>,
  source = 'the credentials Secret',
  realm?: string,
): ProxmoxCredentials {
  const present = Object.keys(values).sort();
  const found = `keys present: ${present.length > 0 ? present.join(', ') : 'none'}`;
  const fail = (why: string): never => {
    throw new Error(`${source} ${why} (${found})`);
  };
  const nonEmpty = (field: CredentialField): { key: string; value: string } | undefined => {
    const got = pick(values, field);
    if (got?.value === '') fail(`has an empty key "${got.key}"`);
    return got;
  };
  const token = nonEmpty('apiToken');
  const tokenId = nonEmpty('tokenId');
  const tokenSecret = nonEmpty('tokenSecret');
  const username = nonEmpty('username');
  const password = nonEmpty('password');

  let auth: ProxmoxAuth | undefined;
  if (token !== undefined || tokenId !== undefined) {
    // `token` holds either the whole token or, next to a token id, only its secret.
    const whole = token?.value.includes('=') === true ? token : undefined;
    const secret = tokenSecret ?? (whole === undefined ? token : undefined);
    let full: string | undefined;
    let keys: string;
    if (whole !== undefined) {
      const eq = whole.value.indexOf('=');
      full = fullToken(whole.value.slice(0, eq), whole.value.slice(eq + 1), realm);
      keys = `key "${whole.key}" does`;
    } else if (tokenId !== undefined && secret !== undefined) {
      full = fullToken(tokenId.value, secret.value, realm);
      keys = `keys "${tokenId.key}" and "${secret.key}" do`;
    } else {
      return fail(
        tokenId !== undefined
          ? `has the token id "${tokenId.key}" but no token secret: add one of the keys ${CREDENTIAL_KEYS.tokenSecret.join(', ')}`
          : `key "${token?.key ?? 'token'}" holds no token id: give the full token USER@REALM!TOKENID=SECRET, or add the key ${CREDENTIAL_KEYS.tokenId[0]}`,
      );
    }
    if (full === undefined || !TOKEN.test(full)) {
      return fail(
        `${keys} not form an API token USER@REALM!TOKENID=SECRET${realm === undefined ? ' (a user without @REALM needs the realm: set the ProxmoxConfig spec.authentication.realm)' : ''}; copy the token id from Datacenter > Permissions > API Tokens`,
      );
    }
    auth = { apiToken: full };
  } else if (username !== undefined && password !== undefined) {
    const user = withRealm(username.value, realm);
    if (!USER.test(user) || !user.includes('@')) {
      fail(
        `key "${username.key}" is not a user of the form USER@REALM${realm === undefined ? ' (or set the ProxmoxConfig spec.authentication.realm)' : ''}`,
      );
    }
    auth = { username: user, password: password.value };
  } else {
    return fail(
      `has no API credentials: expected ${CREDENTIAL_KEYS.apiToken[0]} (USER@REALM!TOKENID=SECRET), or ${CREDENTIAL_KEYS.tokenId[0]} and ${CREDENTIAL_KEYS.tokenSecret[0]}, or ${CREDENTIAL_KEYS.username[0]} and ${CREDENTIAL_KEYS.password[0]}${username !== undefined ? ` (key "${username.key}" has no password)` : ''}. Add them to the Secret, e.g. kubectl create secret generic <name> --from-literal=token='USER@REALM!TOKENID=SECRET'`,
    );
  }

  const sshKey = nonEmpty('sshPrivateKey');
  const sshPassword = nonEmpty('sshPassword');
  const sshUser = nonEmpty('sshUsername');
  if (sshKey === undefined && sshPassword === undefined) {
    if (sshUser !== undefined) {
      fail(
        `has "${sshUser.key}" but neither ${CREDENTIAL_KEYS.sshPrivateKey[0]} nor ${CREDENTIAL_KEYS.sshPassword[0]}; add one or remove "${sshUser.key}"`,
      );
    }
    return { auth };
  }
  return {
    auth,
    ssh: {
      username: sshUser?.value ?? DEFAULT_SSH_USERNAME,
      ...(sshKey !== undefined ? { privateKey: sshKey.value } : {}),
      ...(sshPassword !== undefined ? { password: sshPassword.value } : {}),
    },
  };
}

/**
 * The endpoint as the provider takes it: `https://host:port/`. Accepts a URL with or without the
 * API path (`.../api2/json`, which the provider adds itself) or a bare host name (spec 004's
 * `config.endpoint`), which gets `https://` and port 8006. Undefined when it is not one.
 */
export function proxmoxEndpoint(text: string): string | undefined {
  const trimmed = text.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  if (url.hostname === '' || url.username !== '' || url.password !== '') return undefined;
  const path = url.pathname.replace(/\/+$/, '').replace(/\/api2\/json$/, '');
  if (path !== '' || url.search !== '' || url.hash !== '') return undefined;
  // URL drops a port equal to the scheme's default (https://host:443): written, it is kept so.
  const written = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*:[0-9]+(?:[/?#]|$)/i.test(withScheme);
  const port =
    url.port !== '' || written || withScheme === trimmed ? url.port : String(DEFAULT_API_PORT);
  return `${url.protocol}//${url.hostname}${port !== '' ? `:${port}` : ''}/`;
}

export interface ProxmoxProviderArgs {
  /** API endpoint, e.g. `https://pve.example.com:8006/api2/json` (see `proxmoxEndpoint`). Required. */
  readonly endpoint: string;
  /** Skip TLS verification of the API. Defaults to `false`. */
  readonly insecure?: boolean;
  /** From the credentials Secret (see `credentialsFromSecret`). Defaults to none. */
  readonly credentials?: ProxmoxCredentials;
  /**
   * Build the provider without credentials (the offline render without the Secret). Defaults to
   * `false`: without credentials the provider is refused.
   */
  readonly allowMissingCredentials?: boolean;
}

/** Problems with the provider args; messages never contain a credential value. */
export function validateProxmoxProviderArgs(name: string, args: ProxmoxProviderArgs): string[] {
  const out: string[] = [];
  const where = `proxmox provider "${name}"`;
  if (proxmoxEndpoint(args.endpoint) === undefined) {
    out.push(
      `${where}: endpoint "${args.endpoint}" is not a Proxmox VE API URL; use a form like "https://pve.example.com:8006/api2/json".`,
    );
  }
  if (args.credentials === undefined && args.allowMissingCredentials !== true) {
    out.push(
      `${where}: no credentials given; reference a credentials Secret (spec.credentials.secretRef with key ${CREDENTIAL_KEYS.apiToken[0]} = USER@REALM!TOKENID=SECRET).`,
    );
  }
  return out;
}

/** The provider's inputs, built without creating it (exported for tests). */
export function proxmoxProviderArgs(
  name: string,
  args: ProxmoxProviderArgs,
): proxmoxve.ProviderArgs {
  const problems = validateProxmoxProviderArgs(name, args);
  if (problems.length > 0) throw new Error(problems.join('\n'));
  const auth = args.credentials?.auth;
  const ssh = args.credentials?.ssh;
  return {
    endpoint: proxmoxEndpoint(args.endpoint),
    insecure: args.insecure ?? false,
    // Secret in state: the engine encrypts them with the stack's secrets provider.
    ...(auth !== undefined && 'apiToken' in auth ? { apiToken: pulumi.secret(auth.apiToken) } : {}),
    ...(auth !== undefined && 'username' in auth
      ? { username: auth.username, password: pulumi.secret(auth.password) }
      : {}),
    ...(ssh !== undefined
      ? {
          ssh: {
            username: ssh.username,
            ...(ssh.privateKey !== undefined ? { privateKey: pulumi.secret(ssh.privateKey) } : {}),
            ...(ssh.password !== undefined ? { password: pulumi.secret(ssh.password) } : {}),
          },
        }
      : {}),
    // Without explicit ids the provider takes "the next free id", which VMs cloned in parallel
    // can race for; random ids from its range (10000-99999) avoid that.
    randomVmIds: true,
  };
}

/** A Proxmox VE provider. Throws when the endpoint is not a URL or credentials are missing. */
export function proxmoxProvider(
  name: string,
  args: ProxmoxProviderArgs,
  opts?: pulumi.CustomResourceOptions,
): proxmoxve.Provider {
  return new proxmoxve.Provider(name, proxmoxProviderArgs(name, args), opts);
}
