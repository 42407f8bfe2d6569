// Fake state of Talos resources (the bindings in src/components/talos/sdk) and answers of its
// functions for the mocks (see mocks.ts). Deterministic by resource name, like the provider's
// outputs would be stable in state:
//   Secrets             clientConfiguration and machineSecrets: base64 PEM-looking fakes
//   getConfiguration    a machine configuration YAML of the machine type with its patches merged
//   ConfigurationApply  the configuration as applied (input plus its patches) and its hash
//   Kubeconfig          a kubeconfig and its parts (host, CA, client certificate and key)
// Patches merge objects recursively and replace lists: simpler than Talos' strategic merge
// (which appends most lists), enough to show what a patch sets.
import { createHash } from 'node:crypto';
import { parse, stringify } from 'yaml';
import { fakeHex, type CloudMocks, type FakeState } from './mock-values';

const SECRETS = 'talos:machine/secrets:Secrets';
const APPLY = 'talos:machine/configurationApply:ConfigurationApply';
const KUBECONFIG = 'talos:cluster/kubeconfig:Kubeconfig';
const MACHINE_CONFIG = 'talos:machine/getConfiguration:getConfiguration';
const CLIENT_CONFIG = 'talos:client/getConfiguration:getConfiguration';

/** What the v0.8.1 provider's machinery (Talos 1.10) uses when a program names no version. */
export const MOCK_TALOS_VERSION = 'v1.10.0';
export const MOCK_KUBERNETES_VERSION = '1.33.0';

/** The signature the SDK wraps secret values in when it serialises them. */
const SECRET_SIG = '4dabf18193072939515e22adb298388d';

type Doc = Record<string, unknown>;

function isRecord(v: unknown): v is Doc {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A value as sent, secret wrapper removed. */
function plain(v: unknown): unknown {
  return isRecord(v) && SECRET_SIG in v ? v.value : v;
}

function text(v: unknown): string | undefined {
  const p = plain(v);
  return typeof p === 'string' ? p : undefined;
}

/** A base64 PEM block that looks like the real thing and is the same for the same parts. */
function fakePem(kind: string, parts: readonly string[]): string {
  const body = Buffer.from(fakeHex(parts, 48)).toString('base64');
  return Buffer.from(`-----BEGIN ${kind}-----\n${body}\n-----END ${kind}-----\n`).toString(
    'base64',
  );
}

function fakeCert(name: string, what: string): { cert: string; key: string } {
  return {
    cert: fakePem('CERTIFICATE', [name, what, 'crt']),
    key: fakePem('EC PRIVATE KEY', [name, what, 'key']),
  };
}

/** `over` merged into `base`: objects recursively, anything else (lists too) replaced. */
export function mergePatch(base: Doc, over: Doc): Doc {
  const out: Doc = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    out[k] = isRecord(b) && isRecord(v) ? mergePatch(b, v) : v;
  }
  return out;
}

/** `config` (YAML) with every patch (YAML or JSON) merged in, as YAML. */
function patched(config: string, patches: unknown): string {
  let doc = (parse(config) ?? {}) as Doc;
  const list = plain(patches);
  for (const p of Array.isArray(list) ? list : []) {
    const t = text(p);
    const over: unknown = t === undefined ? undefined : parse(t);
    if (isRecord(over)) doc = mergePatch(doc, over);
  }
  return stringify(doc, { lineWidth: 0 });
}

/** The generated configuration of a machine type, before the program's patches. */
function baseConfig(inputs: Doc, talosVersion: string, kubernetesVersion: string): Doc {
  const type = text(inputs.machineType) ?? 'worker';
  const controlPlane = type === 'controlplane';
  return {
    version: 'v1alpha1',
    debug: false,
    persist: true,
    machine: {
      type,
      install: {
        disk: '/dev/sda',
        image: `ghcr.io/siderolabs/installer:${talosVersion}`,
        wipe: false,
      },
      kubelet: { image: `ghcr.io/siderolabs/kubelet:v${kubernetesVersion}` },
      network: {},
    },
    cluster: {
      clusterName: text(inputs.clusterName) ?? '',
      controlPlane: { endpoint: text(inputs.clusterEndpoint) ?? '' },
      network: {
        dnsDomain: 'cluster.local',
        podSubnets: ['10.244.0.0/16'],
        serviceSubnets: ['10.96.0.0/12'],
      },
      ...(controlPlane
        ? { apiServer: { image: `registry.k8s.io/kube-apiserver:v${kubernetesVersion}` } }
        : {}),
    },
  };
}

function machineConfiguration(inputs: Doc): Doc {
  const talosVersion = text(inputs.talosVersion) ?? MOCK_TALOS_VERSION;
  const kubernetesVersion = (text(inputs.kubernetesVersion) ?? MOCK_KUBERNETES_VERSION).replace(
    /^v/,
    '',
  );
  const base = stringify(baseConfig(inputs, talosVersion, kubernetesVersion), { lineWidth: 0 });
  return {
    ...inputs,
    id: `${text(inputs.clusterName) ?? 'cluster'}-${text(inputs.machineType) ?? 'worker'}`,
    talosVersion,
    kubernetesVersion,
    machineConfiguration: patched(base, inputs.configPatches),
  };
}

function kubeconfigState(name: string, inputs: Doc): Doc {
  const node = text(inputs.endpoint) ?? text(inputs.node) ?? '127.0.0.1';
  // The real host is the cluster endpoint of the node's configuration; the mock sees only the node.
  const host = `https://${node}:6443`;
  const ca = fakePem('CERTIFICATE', [name, 'k8s-ca']);
  const clientCertificate = fakePem('CERTIFICATE', [name, 'admin']);
  const clientKey = fakePem('EC PRIVATE KEY', [name, 'admin']);
  const kubeconfigRaw = stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name, cluster: { server: host, 'certificate-authority-data': ca } }],
    users: [
      {
        name: `admin@${name}`,
        user: { 'client-certificate-data': clientCertificate, 'client-key-data': clientKey },
      },
    ],
    contexts: [{ name: `admin@${name}`, context: { cluster: name, user: `admin@${name}` } }],
    'current-context': `admin@${name}`,
  });
  return {
    ...inputs,
    certificateRenewalDuration: text(inputs.certificateRenewalDuration) ?? '720h',
    kubeconfigRaw,
    kubernetesClientConfiguration: { host, caCertificate: ca, clientCertificate, clientKey },
  };
}

function talosState(type: string, name: string, inputs: Doc): FakeState {
  const id = `${name}-${fakeHex([type, name])}`;
  switch (type) {
    case SECRETS:
      return {
        id,
        state: {
          ...inputs,
          talosVersion: text(inputs.talosVersion) ?? MOCK_TALOS_VERSION,
          clientConfiguration: {
            caCertificate: fakePem('CERTIFICATE', [name, 'os-ca']),
            clientCertificate: fakePem('CERTIFICATE', [name, 'os-admin']),
            clientKey: fakePem('ED25519 PRIVATE KEY', [name, 'os-admin']),
          },
          machineSecrets: {
            certs: {
              etcd: fakeCert(name, 'etcd'),
              k8s: fakeCert(name, 'k8s'),
              k8sAggregator: fakeCert(name, 'k8s-aggregator'),
              k8sServiceaccount: { key: fakePem('EC PRIVATE KEY', [name, 'sa']) },
              os: fakeCert(name, 'os'),
            },
            cluster: { id: fakeHex([name, 'cluster-id'], 32), secret: fakeHex([name, 's'], 32) },
            secrets: {
              bootstrapToken: `${fakeHex([name, 'bt1'], 6)}.${fakeHex([name, 'bt2'], 16)}`,
              secretboxEncryptionSecret: Buffer.from(fakeHex([name, 'sb'], 32)).toString('base64'),
            },
            trustdinfo: { token: `${fakeHex([name, 'td1'], 6)}.${fakeHex([name, 'td2'], 16)}` },
          },
        },
      };
    case APPLY: {
      const config = patched(text(inputs.machineConfigurationInput) ?? '', inputs.configPatches);
      const applyMode = text(inputs.applyMode) ?? 'auto';
      return {
        id,
        state: {
          ...inputs,
          applyMode,
          resolvedApplyMode: applyMode === 'staged_if_needing_reboot' ? 'auto' : applyMode,
          machineConfiguration: config,
          machineConfigurationHash: createHash('sha256').update(config).digest('hex'),
        },
      };
    }
    case KUBECONFIG:
      return { id, state: kubeconfigState(name, inputs) };
    default:
      return { id, state: { ...inputs } };
  }
}

function talosCall(token: string, inputs: Doc): Doc | undefined {
  switch (token) {
    case MACHINE_CONFIG:
      return machineConfiguration(inputs);
    case CLIENT_CONFIG: {
      const name = text(inputs.clusterName) ?? 'cluster';
      return {
        ...inputs,
        id: name,
        talosConfig: stringify({
          context: name,
          contexts: {
            [name]: { endpoints: plain(inputs.endpoints) ?? [], nodes: plain(inputs.nodes) ?? [] },
          },
        }),
      };
    }
    default:
      return undefined;
  }
}

export const TALOS_MOCKS: CloudMocks = { pkg: 'talos', state: talosState, call: talosCall };
