// Proxmox VE as a MachineBackendProgram: an explicit provider per proxmox MachineProvider (its
// endpoint, else its ProxmoxConfig's; its credentials Secret, else the ProxmoxConfig's
// tokenSecretRef), Machines as VMs cloned from templates, and cluster nodes for machine-built
// distributions (Talos).
import {
  credentialsFromSecret,
  proxmoxProvider,
  type ProxmoxCredentials,
} from '../../components/proxmox/provider';
import type { ResolvedMachineProvider, ResolvedSecretRef } from '../../model';
import type { MachineBackend, MachineBackendProgram } from '../backend';
import type { CloudEnv } from '../cloud';
import { firewallPlan } from '../firewall-rules';
import type { ProxmoxContext } from './context';
import { placedVms } from './context';
import { capacityProblems } from './limits';
import { buildProxmoxMachine, proxmoxMachineProblems } from './machines';
import { buildProxmoxNode, proxmoxNodeProblems } from './nodes';
import { configName, type ProxmoxSite } from './site';

/** Credential types of the MachineProvider that Proxmox VE can use. */
const METHODS = ['token', 'apikey', 'password'];

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The provider resource of one MachineProvider; undefined (problem reported) when it cannot be. */
export function buildSite(env: CloudEnv, p: ResolvedMachineProvider): ProxmoxSite | undefined {
  const where = `MachineProvider ${p.key}`;
  const config = env.model.operatorConfigs[p.key]?.proxmox;
  const site = { provider: p, ...(config !== undefined ? { config } : {}) };
  const url = p.provider.spec.endpoint?.url ?? config?.spec.endpoint;
  if (url === undefined) {
    const alt = configName(site);
    env.problem(
      `${where}: no Proxmox VE API endpoint; set spec.endpoint.url${alt !== undefined ? ` or ${alt} spec.cluster.endpoint` : ''}, e.g. "https://pve.example.com:8006/api2/json"`,
    );
    return undefined;
  }
  const method = p.provider.spec.credentials?.method;
  if (method !== undefined && !METHODS.includes(method)) {
    env.problem(
      `${where}: spec.credentials.type "${method}" cannot log in to Proxmox VE; use type token (an API token USER@REALM!TOKENID=SECRET) or password`,
    );
    return undefined;
  }
  const tokenRef = config?.spec.tokenSecretRef;
  const ref: ResolvedSecretRef | undefined =
    p.credentialsSecret ??
    (tokenRef !== undefined && config !== undefined
      ? {
          namespace: tokenRef.namespace ?? config.metadata.namespace,
          name: tokenRef.name,
          ...(tokenRef.key !== undefined ? { key: tokenRef.key } : {}),
        }
      : undefined);
  const supplied = env.credentials('MachineProvider', p.key, ref);
  if (!supplied) return undefined;
  const auth = config?.spec.authentication;
  let credentials: ProxmoxCredentials | undefined;
  try {
    credentials =
      supplied.values !== undefined
        ? credentialsFromSecret(supplied.values, supplied.source, auth?.realm ?? auth?.type)
        : undefined;
    const pve = proxmoxProvider(
      p.key.replace('/', '-'),
      {
        endpoint: url,
        insecure: p.provider.spec.endpoint?.insecureSkipTLSVerify ?? false,
        ...(credentials !== undefined ? { credentials } : {}),
        allowMissingCredentials: env.mode === 'render' && supplied.values === undefined,
      },
      { parent: env.root },
    );
    return { ...site, pve, canUploadSnippets: credentials?.ssh !== undefined };
  } catch (err) {
    env.problem(`${where}: ${message(err)}`);
    return undefined;
  }
}

export const PROXMOX_BACKEND: MachineBackendProgram = {
  machineProviderType: 'proxmox',
  title: 'Proxmox VE',
  backend(env, providers): MachineBackend | undefined {
    const sites = new Map<string, ProxmoxSite>();
    for (const p of providers) {
      const site = buildSite(env, p);
      if (site) sites.set(p.key, site);
    }
    if (sites.size === 0) return undefined;
    const said = new Set<string>();
    const ctx: ProxmoxContext = {
      env,
      sites,
      firewallGroups: firewallPlan(env.model, providers),
      capacity: capacityProblems(placedVms(env.model, sites), sites),
      warn: (m) => {
        if (said.has(m)) return;
        said.add(m);
        env.warn(m);
      },
    };
    return {
      machineProblems: (m, interfaces) => proxmoxMachineProblems(ctx, m, interfaces),
      buildMachine: (m, _provider, interfaces) => buildProxmoxMachine(ctx, m, interfaces),
      nodeProblems: (node, interfaces) => proxmoxNodeProblems(ctx, node, interfaces),
      buildNode: (node, interfaces) => buildProxmoxNode(ctx, node, interfaces),
    };
  },
};
