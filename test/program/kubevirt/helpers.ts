// Manifests and renders for the KubeVirt program tests: a Vitistack `virt/lab` with one kubevirt
// MachineProvider `kv`, its KubevirtConfig and a static VLAN network, plus whatever a test adds.
import { strict as assert } from 'node:assert';
import type { RecordedResource } from '../../../src/engine/mocks';
import { renderStack, type StackRender } from '../../../src/engine/render-stack';
import type { StackModel } from '../../../src/model';
import { ProgramInputError } from '../../../src/program/program';
import { docs, header, objectsOf, resolve } from '../../model/helpers';

export const NS = 'virt';
export const KUBECONFIG =
  'apiVersion: v1\nkind: Config\nusers:\n- name: admin\n  user: {token: KV-TOKEN-0001}\n';
export const SECRETS = { 'virt/kv-kubeconfig': { kubeconfig: KUBECONFIG } };

export const TALOS_URL =
  'https://factory.talos.dev/image/376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba/v1.7.4/nocloud-amd64.raw.xz';

/** The Vitistack; `spec` lines go under spec. */
export function vitistack(spec = ''): string {
  return `${header('Vitistack', 'lab', NS)}
spec:
  region: lab
  machineProviders: [{name: kv}]
${spec}`;
}

/** The kubevirt MachineProvider `kv`; `spec` lines go under spec. */
export function provider(spec = ''): string {
  return `${header('MachineProvider', 'kv', NS)}
spec:
  type: kubevirt
  region: lab
  config:
    kubevirt: {storageClass: fast-rbd}
  templates:
    - {name: small, resources: {cpu: 2, memory: 4Gi, storage: 30Gi}}
  capabilities:
    availableImages:
      - {name: ubuntu-22.04, id: 'docker://quay.io/containerdisks/ubuntu:22.04'}
      - {name: talos-v1.7.4-nocloud, id: '${TALOS_URL}'}
${spec}`;
}

/** The KubevirtConfig of `kv`; without `kubeconfig` it names no Secret. */
export function kubevirtConfig(kubeconfig = true, spec = ''): string {
  return `${header('KubevirtConfig', 'kv-config', NS)}
spec:
  kubevirt: {version: v1.2.0, namespace: kubevirt}
${kubeconfig ? '  kubeconfigSecretRef: {name: kv-kubeconfig}\n' : ''}  resources: {vmiCPUModel: host-passthrough, machineType: q35}
  storage: {defaultStorageClass: slow-rbd, volumeModes: [Block], accessModes: [ReadWriteMany]}
${spec}`;
}

/** The NetworkConfiguration `vlan300`: static IPAM in 10.30.0.0/24, VLAN 300, MTU 9000. */
export function network(spec = ''): string {
  return `${header('NetworkConfiguration', 'vlan300', NS)}
spec:
  vlan: 300
  bridge: br0
  mtu: 9000
  ipam:
    type: static
    subnet: 10.30.0.0/24
    gateway: 10.30.0.1
    dns: {servers: [10.30.0.2], searchDomains: [lab.example]}
${spec}`;
}

/** A Machine on `kv`; `spec` lines go under spec. */
export function machine(name: string, spec: string): string {
  return `${header('Machine', name, NS)}
spec:
  providerRef: {name: kv}
${spec}`;
}

/** A Machine on vlan300 with 2 cores, 4Gi and the Ubuntu container disk; `extra` under spec. */
export function vlanMachine(
  name: string,
  extra = '',
  iface = '{name: eth0, networkRef: {name: vlan300}}',
): string {
  return machine(
    name,
    `  resources: {cpu: {cores: 2}, memory: {size: 4Gi}}
  operatingSystem: {image: {source: cloud-image, url: ubuntu-22.04}}
  networking: {interfaces: [${iface}]}
${extra}`,
  );
}

export function modelOf(...documents: string[]): StackModel {
  return resolve(objectsOf(docs(...documents)), `${NS}/lab`);
}

export async function render(
  model: StackModel,
  opts: { mode?: 'render' | 'deploy'; secrets?: Record<string, Record<string, string>> } = {},
): Promise<StackRender> {
  return renderStack(model, { secrets: opts.secrets ?? SECRETS, mode: opts.mode ?? 'render' });
}

/** The problems a render stops with. */
export async function problemsOf(
  model: StackModel,
  opts: { mode?: 'render' | 'deploy'; secrets?: Record<string, Record<string, string>> } = {},
): Promise<readonly string[]> {
  try {
    await render(model, opts);
  } catch (e) {
    assert.ok(e instanceof ProgramInputError, `expected ProgramInputError, got ${String(e)}`);
    return e.problems;
  }
  return assert.fail('the render succeeded but problems were expected');
}

export function one(r: StackRender, type: string, name: string): RecordedResource {
  const found = r.resources.find((x) => x.type === type && x.name === name);
  assert.ok(
    found,
    `no ${type} named ${name} (have: ${r.resources
      .filter((x) => x.type === type)
      .map((x) => x.name)
      .join(', ')})`,
  );
  return found;
}

export const VM = 'kubernetes:kubevirt.io/v1:VirtualMachine';
export const NAD = 'kubernetes:k8s.cni.cncf.io/v1:NetworkAttachmentDefinition';
export const SECRET = 'kubernetes:core/v1:Secret';
export const POLICY = 'kubernetes:networking.k8s.io/v1:NetworkPolicy';
export const PROVIDER = 'pulumi:providers:kubernetes';

const SIG_KEY = '4dabf18193072939515e22adb298388d';
const SECRET_SIG = '1b47061264138c4ac30d75fd1eb44270';
/** The value of an input the engine would store encrypted; undefined when it is not secret. */
export function secretValue(v: unknown): unknown {
  const rec = typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {};
  return rec[SIG_KEY] === SECRET_SIG ? rec.value : undefined;
}

/** The VM's spec as the tests read it. */
export interface VmSpec {
  runStrategy: string;
  dataVolumeTemplates: {
    metadata: { name: string };
    spec: { source: unknown; storage: Record<string, unknown> };
  }[];
  template: {
    metadata: { labels: Record<string, string> };
    spec: {
      domain: Record<string, unknown> & {
        cpu: Record<string, unknown>;
        devices: { disks: Record<string, unknown>[]; interfaces: Record<string, unknown>[] };
      };
      networks: Record<string, unknown>[];
      volumes: ({ name: string } & Record<string, unknown>)[];
    };
  };
}

export function vmSpec(r: StackRender, name: string): VmSpec {
  return one(r, VM, name).inputs.spec as VmSpec;
}

/** The storage request of a VM's root DataVolume. */
export function rootStorage(spec: VmSpec): unknown {
  const root = spec.dataVolumeTemplates[0];
  assert.ok(root, 'the VM has no DataVolume');
  return root.spec.storage.resources;
}
