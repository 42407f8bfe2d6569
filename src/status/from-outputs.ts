// Stack outputs -> the status each object gets, shaped as the spec shapes it. Pure: no engine,
// no API server. Secret values never reach a status: they are named by their Secret only.
import type { ClusterOutput, MachineOutput, SecretOutput, StackOutputs } from '../program/outputs';

/** The objects of one stack, by `Kind/namespace/name` key. */
export interface StackMembers {
  readonly vitistack: string;
  readonly machineProviders: readonly string[];
  readonly kubernetesProviders: readonly string[];
  readonly kubernetesClusters: readonly string[];
  /** Provider keys (either kind) whose type the program does not build yet. */
  readonly notBuilt: readonly string[];
  /** Machines with the `MachineProvider/ns/name` key of their provider. */
  readonly machines: readonly { readonly key: string; readonly providerKey: string }[];
}

export interface StatusPatch {
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly status: Readonly<Record<string, unknown>>;
}

export function splitKey(key: string): { kind: string; namespace: string; name: string } {
  const [kind = '', namespace = '', name = ''] = key.split('/');
  return { kind, namespace, name };
}

function patch(key: string, status: Record<string, unknown>): StatusPatch {
  return { ...splitKey(key), status };
}

function machineStatus(m: MachineOutput): Record<string, unknown> {
  // A machine whose address is not known yet (DHCP without a reservation) reports none.
  const networking: Record<string, string> = m.privateIP ? { privateIP: m.privateIP } : {};
  if (m.publicIP) networking.publicIP = m.publicIP;
  if (m.privateDNS) networking.privateDNS = m.privateDNS;
  if (m.publicDNS) networking.publicDNS = m.publicDNS;
  const storage: Record<string, unknown> = {
    additionalVolumes: m.additionalVolumes.map((v) => ({
      id: v.id,
      ...(v.name !== undefined ? { name: v.name } : {}),
      size: v.size,
      ...(v.mountPath !== undefined ? { mountPath: v.mountPath } : {}),
      state: v.state,
    })),
  };
  if (m.rootVolume) {
    storage.rootVolume = {
      id: m.rootVolume.id,
      size: m.rootVolume.size,
      ...(m.rootVolume.type !== undefined ? { type: m.rootVolume.type } : {}),
      state: m.rootVolume.state,
    };
  }
  return {
    phase: m.state === 'running' ? 'Running' : 'Provisioning',
    machine: { id: m.id, state: m.state, networking, storage },
    addresses: {
      internal: m.privateIP ? [m.privateIP] : [],
      external: m.publicIP ? [m.publicIP] : [],
    },
  };
}

function clusterDetails(c: ClusterOutput): Record<string, unknown> {
  const networking: Record<string, string> = {};
  if (c.serviceCIDR) networking.serviceIPv4CIDR = c.serviceCIDR;
  if (c.podCIDR) networking.podIPv4CIDR = c.podCIDR;
  return {
    name: c.name,
    endpoint: c.endpoint,
    version: c.version,
    status: c.status,
    certificateAuthority: { data: c.certificateAuthority },
    ...(c.oidcIssuer !== undefined ? { identity: { oidc: { issuer: c.oidcIssuer } } } : {}),
    ...(Object.keys(networking).length > 0 ? { networking } : {}),
  };
}

/** `kubeconfigSecretRef` for the object that owns a kubeconfig Secret; `{}` when it has none. */
function kubeconfigRef(key: string, secrets: readonly SecretOutput[]): Record<string, unknown> {
  const kubeconfig = secrets.find((s) => s.owner === key);
  return kubeconfig
    ? { kubeconfigSecretRef: { name: kubeconfig.secretName, key: kubeconfig.key } }
    : {};
}

function kubernetesProviderStatus(
  key: string,
  c: ClusterOutput,
  secrets: readonly SecretOutput[],
): Record<string, unknown> {
  return {
    phase: c.status === 'ACTIVE' ? 'Ready' : 'Provisioning',
    cluster: clusterDetails(c),
    nodeGroups: c.nodeGroups.map((g) => ({
      name: g.name,
      status: g.status,
      capacity: { desired: g.desired },
    })),
    addons: c.addons.map((a) => ({
      name: a.name,
      ...(a.version !== undefined ? { version: a.version } : {}),
      status: a.status,
    })),
    ...kubeconfigRef(key, secrets),
  };
}

function kubernetesClusterStatus(
  key: string,
  c: ClusterOutput,
  secrets: readonly SecretOutput[],
): Record<string, unknown> {
  return {
    phase: c.status === 'ACTIVE' ? 'Running' : 'Provisioning',
    endpoint: c.endpoint,
    state: {
      endpoints: [{ name: 'kubernetes', address: c.endpoint }],
      versions: [{ name: 'kubernetes', version: c.version }],
    },
    ...kubeconfigRef(key, secrets),
  };
}

/** A provider type that is not built is not ready: it counts as failed. */
function providerCounts(keys: readonly string[], notBuilt: readonly string[]) {
  const failed = keys.filter((k) => notBuilt.includes(k)).length;
  return { total: keys.length, ready: keys.length - failed, failed };
}

const NOT_BUILT = (key: string) => ({
  phase: key.startsWith('MachineProvider/') ? 'NotReady' : 'Pending',
  message:
    'This provider type is not built yet (ProviderNotSupported); nothing was created for it.',
});

/** Every object's status after a successful operation with these outputs. */
export function statusFromOutputs(outputs: StackOutputs, members: StackMembers): StatusPatch[] {
  const patches: StatusPatch[] = [];
  const machineEntries = members.machines.map((m) => outputs.machines[m.key]);
  const running = machineEntries.filter((m) => m?.state === 'running').length;
  const clustersBuilt = Object.values(outputs.clusters);
  const ready = clustersBuilt.filter((c) => c.status === 'ACTIVE').length;
  const v = outputs.vitistack;
  patches.push(
    patch(members.vitistack, {
      phase: 'Ready',
      networking: { vpcs: v.vpcs, loadBalancers: v.loadBalancers, firewalls: v.firewalls },
      providers: {
        machines: providerCounts(members.machineProviders, members.notBuilt),
        kubernetes: providerCounts(members.kubernetesProviders, members.notBuilt),
      },
      resources: {
        machines: {
          total: members.machines.length,
          running,
          pending: members.machines.length - running,
          failed: 0,
        },
        clusters: { total: clustersBuilt.length, ready, pending: clustersBuilt.length - ready },
      },
      security: { encryption: { atRest: v.encryption.atRest, inTransit: v.encryption.inTransit } },
      backup: { enabled: v.backup !== undefined },
      secretRefs: outputs.secrets.map((s) => ({
        name: s.secretName,
        key: s.key,
        description: s.description,
      })),
    }),
  );
  for (const key of members.machineProviders) {
    if (members.notBuilt.includes(key)) {
      patches.push(patch(key, NOT_BUILT(key)));
      continue;
    }
    const mine = members.machines
      .filter((m) => m.providerKey === key)
      .map((m) => outputs.machines[m.key])
      .filter((m): m is MachineOutput => m !== undefined);
    patches.push(
      patch(key, {
        phase: 'Ready',
        instances: {
          total: mine.length,
          running: mine.filter((m) => m.state === 'running').length,
          pending: mine.filter((m) => m.state !== 'running').length,
        },
      }),
    );
  }
  for (const { key } of members.machines) {
    const m = outputs.machines[key];
    if (m) patches.push(patch(key, machineStatus(m)));
  }
  for (const key of members.kubernetesProviders) {
    if (members.notBuilt.includes(key)) {
      patches.push(patch(key, NOT_BUILT(key)));
      continue;
    }
    const c = outputs.clusters[key];
    patches.push(
      patch(key, c ? kubernetesProviderStatus(key, c, outputs.secrets) : { phase: 'Ready' }),
    );
  }
  for (const key of members.kubernetesClusters) {
    const c = outputs.clusters[key];
    if (c) patches.push(patch(key, kubernetesClusterStatus(key, c, outputs.secrets)));
  }
  return patches;
}
