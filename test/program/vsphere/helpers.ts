// A vSphere stack for the program tests, as YAML text edited per test: a vCenter MachineProvider
// written in spec 001's shape (type vmware, endpoint, password credentials, capacity), a static
// NetworkConfiguration, three Machines (a static address with user data and an SSH key, a DHCP
// port group machine, one with a fixed address and a MAC) and a 3 + 1 Talos cluster.
import { strict as assert } from 'node:assert';
import type { AnyResource } from '../../../src/api/v1alpha1';
import { RecordingMocks, unwrap, type RecordedResource } from '../../../src/engine/mocks';
import { waitForRegistrations } from '../../../src/engine/render';
import { renderStack, type StackRender } from '../../../src/engine/render-stack';
import type { StackModel } from '../../../src/model';
import { ProgramInputError, stackProgram } from '../../../src/program/program';
import { plainInput } from '../../components/sdk-schema';
import { errorLines, loadText } from '../../helpers/load';
import { resolve } from '../../model/helpers';

export const VM = 'vsphere:index/virtualMachine:VirtualMachine';
export const RULE =
  'vsphere:index/computeClusterVmAntiAffinityRule:ComputeClusterVmAntiAffinityRule';
export const SECRET = { username: 'svc-vitistack@vsphere.local', password: 'Sup3r-S3cret!' };

export const VSPHERE_STACK = `
apiVersion: vitistack.io/v1alpha1
kind: Vitistack
metadata:
  name: bergen
  namespace: dc
  labels:
    vitistack.io/environment: staging
    vitistack.io/team: infra
spec:
  region: bergen
  machineProviders:
    - name: vcenter
  kubernetesProviders:
    - name: talos
---
apiVersion: vitistack.io/v1alpha1
kind: MachineProvider
metadata:
  name: vcenter
  namespace: dc
spec:
  type: vmware
  endpoint:
    url: https://vcenter.bergen.example:8443/sdk
    insecureSkipTLSVerify: true
  credentials:
    type: password
    secretRef:
      name: vcenter-login
  vsphere:
    datacenter: DC-Bergen
    cluster: Compute-A
    datastore: vsan-bergen
    folder: platform
  capabilities:
    availableImages:
      - name: ubuntu-24.04
        id: templates/ubuntu-2404
        osType: linux
      - name: talos-1.9
        id: templates/talos-v1.9.5
        osType: linux
  networkConfig:
    defaultNetworkId: VM Network
  capacity:
    maxMachines: 10
---
apiVersion: vitistack.io/v1alpha1
kind: NetworkConfiguration
metadata:
  name: servers
  namespace: dc
spec:
  networkId: pg-servers
  ipam:
    type: static
    subnet: 10.20.0.0/24
    gateway: 10.20.0.1
    dns:
      servers: [10.20.0.2]
      searchDomains: [bergen.example.internal]
---
apiVersion: vitistack.io/v1alpha1
kind: Machine
metadata:
  name: web-1
  namespace: dc
spec:
  providerRef:
    name: vcenter
  machineImage: ubuntu-24.04
  resources:
    cpu:
      cores: 2
      sockets: 2
    memory:
      size: 6000Mi
  storage:
    rootVolume:
      size: 40Gi
    dataVolumes:
      - name: logs
        size: 10Gi
        storageClass: thick
  networking:
    interfaces:
      - name: eth0
        networkRef:
          name: servers
  sshKeys:
    - name: ops
      publicKey: ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOps ops@example
  userData: |
    #cloud-config
    runcmd: [echo token=abc123]
---
apiVersion: vitistack.io/v1alpha1
kind: Machine
metadata:
  name: lab-1
  namespace: dc
  labels:
    vitistack.io/team: lab
spec:
  providerRef:
    name: vcenter
  machineImage: ubuntu-24.04
  networking:
    subnet: Lab Network
---
apiVersion: vitistack.io/v1alpha1
kind: Machine
metadata:
  name: db-1
  namespace: dc
spec:
  providerRef:
    name: vcenter
  machineImage: templates/ubuntu-2404
  resources:
    cpu:
      cores: 4
    memory:
      size: 16Gi
  networking:
    interfaces:
      - networkRef:
          name: servers
        ipAddress: 10.20.0.50
        macAddress: '00:50:56:3a:00:01'
---
apiVersion: vitistack.io/v1alpha1
kind: KubernetesProvider
metadata:
  name: talos
  namespace: dc
spec:
  type: talos
  clusterTemplate:
    kubernetesVersion: '1.30.1'
    controlPlane:
      replicas: 3
      machineTemplate:
        resources:
          cpu: 2
          memory: 4Gi
          storage: 30Gi
    workers:
      - name: workers
        replicas: 1
        machineTemplate:
          resources:
            cpu: 4
            memory: 8Gi
            storage: 60Gi
  machineProviderRef:
    name: vcenter
---
apiVersion: vitistack.io/v1alpha1
kind: KubernetesCluster
metadata:
  name: k8s
  namespace: dc
spec:
  data:
    clusterId: k8s
    provider: talos
    region: bergen
    zone: bergen-a
    environment: staging
  topology:
    version: '1.30.1'
    controlplane:
      replicas: 3
    workers:
      nodePools:
        - name: workers
          replicas: 1
`;

/** Replaces `from` (which must occur) with `to` in the text. */
export function edit(text: string, from: string, to: string): string {
  assert.ok(text.includes(from), `the manifests do not contain ${JSON.stringify(from)}`);
  return text.replace(from, to);
}

export function objectsOfText(text: string): AnyResource[] {
  const loaded = loadText(text);
  assert.deepEqual(errorLines(loaded), []);
  return loaded.objects.map((o) => o.object);
}

export function vsphereModel(text = VSPHERE_STACK): StackModel {
  return resolve(objectsOfText(text), 'dc/bergen');
}

type Secrets = Readonly<Record<string, Readonly<Record<string, string>>>>;

/** Renders the stack; the vCenter login is supplied unless `secrets` says otherwise. */
export function render(
  text = VSPHERE_STACK,
  secrets: Secrets = { 'dc/vcenter-login': SECRET },
  mode: 'render' | 'deploy' = 'render',
): Promise<StackRender> {
  return renderStack(vsphereModel(text), { secrets, mode });
}

/** The problems the program refuses the stack with (it must refuse it). */
export async function problemsOf(
  text: string,
  secrets: Secrets = { 'dc/vcenter-login': SECRET },
  mode: 'render' | 'deploy' = 'render',
): Promise<{ problems: readonly string[]; mocks: RecordingMocks }> {
  const model = vsphereModel(text);
  const mocks = new RecordingMocks();
  await mocks.install('vitistack', model.stackName);
  try {
    await stackProgram({ model, secrets, mode });
  } catch (err) {
    await waitForRegistrations();
    assert.ok(err instanceof ProgramInputError, String(err));
    return { problems: err.problems, mocks };
  }
  return assert.fail('the program ran, but problems were expected');
}

/** Runs the program under recording mocks; returns them (resources and invoke calls). */
export async function run(
  text = VSPHERE_STACK,
  secrets: Secrets = { 'dc/vcenter-login': SECRET },
): Promise<RecordingMocks> {
  const model = vsphereModel(text);
  const mocks = new RecordingMocks();
  await mocks.install('vitistack', model.stackName);
  await unwrap(await stackProgram({ model, secrets, mode: 'render' }));
  await waitForRegistrations();
  return mocks;
}

export function one(r: StackRender, type: string, name: string): RecordedResource {
  const found = r.resources.find((x) => x.type === type && x.name === name);
  assert.ok(found, `no ${type} named ${name}`);
  return found;
}

/** The decoded guestinfo value of a VM's extraConfig (base64), secret or not. */
export function guestinfo(vm: RecordedResource, key: string): string | undefined {
  const extra = plainInput(vm.inputs.extraConfig) as Record<string, string> | undefined;
  const raw = extra?.[key];
  return raw === undefined ? undefined : Buffer.from(raw, 'base64').toString('utf8');
}
