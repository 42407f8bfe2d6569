// VMware vSphere (type vsphere, or vmware, which the API normalises to vsphere) as a
// MachineBackendProgram: an explicit provider per MachineProvider (the vCenter of its endpoint,
// the user and password of its credentials Secret), Machines as VMs cloned from templates, and
// cluster nodes for machine-built distributions (Talos) with their control plane spread over
// hosts. vSphere has no firewall here (no NSX): the Vitistack's firewall rules are warned about.
import {
  credentialsFromSecret,
  vsphereProvider,
  vsphereServer,
  type VsphereCredentials,
} from '../../components/vsphere';
import type { ResolvedMachineProvider } from '../../model';
import type { MachineBackend, MachineBackendProgram } from '../backend';
import type { CloudEnv } from '../cloud';
import { clusterNodes } from '../cluster-nodes';
import type { VsphereContext } from './context';
import { firewallWarning } from './firewall';
import { buildVsphereMachine, vsphereMachineProblems } from './machines';
import { buildVsphereNode, ControlPlaneSpread, vsphereNodeProblems } from './nodes';
import { providerName } from './placement';
import { VsphereSite } from './site';
import { distinctTags, labelTags } from './tags';

/** Credential methods that can sign in to vCenter: the Secret holds a user name and password. */
const METHODS = ['password', 'apikey', 'serviceaccount'];

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Where the provider's credential method is written, for messages: spec 001 `credentials.type`
 * (password, token, certificate), spec 004 `authentication.type` (whose certificate form names a
 * key Secret too), or the provider block's `credentials` (apikey, iam-role).
 */
function methodField(p: ResolvedMachineProvider, method: string): string {
  switch (method) {
    case 'password':
    case 'token':
      return 'spec.credentials.type';
    case 'certificate':
      return 'key' in p.extraSecrets ? 'spec.authentication.type' : 'spec.credentials.type';
    case 'iam-role':
      return 'spec.vsphere.credentials';
    default:
      return 'spec.authentication.type';
  }
}

/** The login from the provider's Secret; undefined when there is none (render) or a problem. */
function loginOf(
  env: CloudEnv,
  p: ResolvedMachineProvider,
): { credentials?: VsphereCredentials } | undefined {
  const where = providerName(p);
  const method = p.provider.spec.credentials?.method;
  if (method !== undefined && !METHODS.includes(method)) {
    const text = `${where}: ${methodField(p, method)} "${method}" cannot sign in to vCenter: the vSphere provider signs in with a user name and password; use authentication type apikey (or credentials type password) with a Secret holding the keys username and password`;
    if (env.mode === 'deploy') {
      env.problem(text);
      return undefined;
    }
    env.warn(`${text}. The offline render builds the provider without credentials`);
    return {};
  }
  if (method === undefined || p.credentialsSecret === undefined) {
    const text = `${where}: no credentials; name a Secret with the keys username and password in spec.credentials.secretRef (or spec.authentication.apiKey.secretRef)`;
    if (env.mode === 'deploy') {
      env.problem(text);
      return undefined;
    }
    env.warn(`${text}. The offline render builds the provider without credentials`);
    return {};
  }
  const supplied = env.credentials('MachineProvider', p.key, p.credentialsSecret);
  if (!supplied) return undefined;
  if (supplied.values === undefined) return {};
  try {
    return { credentials: credentialsFromSecret(supplied.values, supplied.source) };
  } catch (err) {
    const only =
      p.credentialsSecret.key !== undefined
        ? `; the provider reads only the key ${p.credentialsSecret.key} of it: drop secretRef.key so that both are read`
        : '';
    env.problem(`${where}: ${message(err)}${only}`);
    return undefined;
  }
}

/** The site of one MachineProvider; undefined (problem reported) when it cannot be built. */
export function buildSite(
  env: CloudEnv,
  p: ResolvedMachineProvider,
  tags: readonly Readonly<Record<string, string>>[],
): VsphereSite | undefined {
  const where = providerName(p);
  const spec = p.provider.spec;
  const identity = spec.cloud.vsphere;
  let ok = true;
  if (identity === undefined) {
    env.problem(
      `${where}: no vSphere datacenter; set spec.config.customSettings.datacenter (or spec.vsphere.datacenter) to the datacenter's name in vCenter, e.g. "Datacenter1"`,
    );
    ok = false;
  }
  const url = spec.endpoint?.url;
  let server: string | undefined;
  if (url === undefined) {
    env.problem(
      `${where}: no vCenter address; set ${spec.shape === '004-config' ? 'spec.config.endpoint' : 'spec.endpoint.url'} to the vCenter's host name or URL, e.g. "vcenter.example.com"`,
    );
    ok = false;
  } else {
    try {
      server = vsphereServer(url);
    } catch (err) {
      const field = spec.shape === '004-config' ? 'spec.config.endpoint' : 'spec.endpoint.url';
      env.problem(`${where}: ${field} ${message(err)}`);
      ok = false;
    }
  }
  const login = loginOf(env, p);
  if (!ok || !login || identity === undefined || server === undefined) return undefined;
  try {
    const resource = vsphereProvider(
      p.key.replace('/', '-'),
      {
        server,
        allowUnverifiedSsl: spec.endpoint?.insecureSkipTLSVerify ?? false,
        ...(login.credentials ? { credentials: login.credentials } : {}),
        allowMissingCredentials: env.mode === 'render' && login.credentials === undefined,
      },
      { parent: env.root },
    );
    return new VsphereSite(p, identity, resource, env, distinctTags(tags.map(labelTags)));
  } catch (err) {
    env.problem(`${where}: ${message(err)}`);
    return undefined;
  }
}

/** The merged tags of every VM the stack puts on `p`: its Machines and its cluster nodes. */
function vmTags(env: CloudEnv, p: ResolvedMachineProvider): Readonly<Record<string, string>>[] {
  const machines = env.model.machines.filter((m) => m.providerKey === p.key).map((m) => m.tags);
  const nodes = env.model.clusters
    .filter((c) => c.supported)
    .flatMap(clusterNodes)
    .filter((n) => n.providerKey === p.key)
    .map((n) => n.tags);
  return [...machines, ...nodes];
}

export const VSPHERE_BACKEND: MachineBackendProgram = {
  machineProviderType: 'vsphere',
  title: 'VMware vSphere',
  backend(env, providers): MachineBackend | undefined {
    const sites = new Map<string, VsphereSite>();
    for (const p of providers) {
      const site = buildSite(env, p, vmTags(env, p));
      if (site) sites.set(p.key, site);
    }
    if (sites.size === 0) return undefined;
    const said = new Set<string>();
    const ctx: VsphereContext = {
      env,
      sites,
      warn: (m) => {
        if (said.has(m)) return;
        said.add(m);
        env.warn(m);
      },
    };
    firewallWarning(ctx, providers);
    const spread = new ControlPlaneSpread(env.model, new Set(sites.keys()));
    return {
      machineProblems: (m, interfaces) => vsphereMachineProblems(ctx, m, interfaces),
      buildMachine: (m, _provider, interfaces) => buildVsphereMachine(ctx, m, interfaces),
      nodeProblems: (node, interfaces) => vsphereNodeProblems(ctx, node, interfaces),
      buildNode: (node, interfaces) => buildVsphereNode(ctx, spread, node, interfaces),
    };
  },
};
