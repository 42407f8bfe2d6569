// A small Azure stack as YAML, with parts to replace, for the program tests: a Vitistack with one
// VNet (a public, a private and a database subnet) and firewall rules, an Azure MachineProvider
// with a security group, one Machine and (optionally) an AKS KubernetesProvider.
import { strict as assert } from 'node:assert';
import { loadDocuments } from '../../../src/api/documents';
import type { Vitistack } from '../../../src/api/v1alpha1';
import { parseYaml } from '../../../src/api/yaml-source';
import { resolveStack, type StackModel } from '../../../src/model';

export const SUB = '2b9c4d1e-7f3a-4c5b-9d6e-1a2b3c4d5e6f';

export interface AzureStackParts {
  readonly firewallRules?: string;
  readonly machine?: string;
  readonly kubernetesProvider?: string;
  readonly vitistackExtra?: string;
}

export const DEFAULT_RULES = `
    - name: https
      direction: inbound
      protocol: tcp
      port: 443
      source: 0.0.0.0/0`;

export const DEFAULT_MACHINE = `
  instanceType: Standard_D2s_v5
  machineImage: ubuntu
  networking:
    subnet: app
    securityGroups: [web]
  sshKeys:
    - name: admin
      publicKey: ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFAKE admin`;

export function azureStackYaml(parts: AzureStackParts = {}): string {
  return `
apiVersion: vitistack.io/v1alpha1
kind: Vitistack
metadata:
  name: az
  namespace: test
  labels:
    vitistack.io/environment: staging
    vitistack.io/team: platform
spec:
  region: eastus
  networking:
    vpcs:
      - name: main
        cidr: 10.1.0.0/16
        subnets:
          - { name: edge, cidr: 10.1.1.0/24, type: public }
          - { name: app, cidr: 10.1.2.0/24, type: private }
          - { name: db, cidr: 10.1.3.0/24, type: database }
    firewallRules:${parts.firewallRules ?? DEFAULT_RULES}
${parts.vitistackExtra ?? ''}
  machineProviders:
    - name: azure
  kubernetesProviders:
${parts.kubernetesProvider !== undefined ? '    - name: aks' : '    []'}
---
apiVersion: vitistack.io/v1alpha1
kind: MachineProvider
metadata:
  name: azure
  namespace: test
spec:
  type: azure
  region: eastus
  azure:
    credentials:
      secretRef:
        name: azure-credentials
    subscriptionId: '${SUB}'
    resourceGroup: rg-az
    instanceTypes:
      - name: Standard_D2s_v5
      - name: Standard_D4s_v5
    machineImages:
      - name: ubuntu
        imageId: Canonical:0001-com-ubuntu-server-jammy:22_04-lts-gen2:latest
      - name: amazon-linux
        imageId: ami-0c02fb55956c7d316
    networking:
      securityGroups:
        - name: web
          rules:
            - { protocol: tcp, port: 80, source: 10.1.0.0/16 }
---
apiVersion: vitistack.io/v1alpha1
kind: Machine
metadata:
  name: vm-1
  namespace: test
spec:
  machineProvider:
    name: azure${parts.machine ?? DEFAULT_MACHINE}
${
  parts.kubernetesProvider !== undefined
    ? `---
apiVersion: vitistack.io/v1alpha1
kind: KubernetesProvider
metadata:
  name: aks
  namespace: test
spec:
  type: aks
  version: '1.30'
${parts.kubernetesProvider}`
    : ''
}`;
}

export function modelOf(yaml: string): StackModel {
  const loaded = loadDocuments(parseYaml(yaml, 'azure.yaml').documents);
  assert.deepEqual(
    loaded.errors.map((e) => e.message),
    [],
  );
  const objects = loaded.objects.map((o) => o.object);
  const vitistack = objects.find((o): o is Vitistack => o.kind === 'Vitistack');
  assert.ok(vitistack);
  return resolveStack(vitistack, objects, {});
}
