// Generates a Vitistack with N machines on one cloud MachineProvider (AWS, Azure or GCP), as
// manifest text: the same network, firewall, encryption and machines (root disk plus one data
// disk each) on every cloud, so the clouds' render costs compare.
export const BENCH_CLOUDS = ['aws', 'azure', 'gcp'] as const;
export type BenchCloud = (typeof BENCH_CLOUDS)[number];

interface CloudShape {
  /** The Vitistack's region and its subnets' zones (AWS subnets are zonal). */
  readonly region: string;
  readonly zones: readonly [string, string];
  /** The MachineProvider's spec below `type`. */
  readonly provider: string;
  readonly instanceType: string;
  readonly volumeType: string;
  /** Azure Linux VMs need an SSH public key for their admin user. */
  readonly sshKey?: boolean;
}

const SHAPES: Readonly<Record<BenchCloud, CloudShape>> = {
  aws: {
    region: 'us-west-2',
    zones: ['us-west-2a', 'us-west-2b'],
    instanceType: 'm5.large',
    volumeType: 'gp3',
    provider: `  region: us-west-2
  aws:
    instanceTypes:
      - { name: m5.large, vcpus: 2, memory: 8Gi }
    machineImages:
      - { name: ubuntu, imageId: ami-0c55b159cbfafe1d0 }
    storage: { defaultVolumeType: gp3, defaultVolumeSize: 20Gi, encryption: true }
`,
  },
  azure: {
    region: 'westeurope',
    zones: ['1', '2'],
    instanceType: 'Standard_D2s_v3',
    volumeType: 'Premium_LRS',
    sshKey: true,
    provider: `  region: westeurope
  azure:
    subscriptionId: 6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b
    resourceGroup: bench-rg
    instanceTypes:
      - { name: Standard_D2s_v3, vcpus: 2, memory: 8Gi }
    machineImages:
      - { name: ubuntu, imageId: 'Canonical:0001-com-ubuntu-server-jammy:22_04-lts-gen2:latest' }
    storage: { defaultVolumeType: Premium_LRS, defaultVolumeSize: 30Gi, encryption: true }
`,
  },
  gcp: {
    region: 'europe-west1',
    zones: ['europe-west1-b', 'europe-west1-c'],
    instanceType: 'e2-standard-2',
    volumeType: 'pd-balanced',
    provider: `  region: europe-west1
  gcp:
    project: bench-project-123
    zone: europe-west1-b
    instanceTypes:
      - { name: e2-standard-2, vcpus: 2, memory: 8Gi }
    machineImages:
      - { name: ubuntu, imageId: projects/ubuntu-os-cloud/global/images/family/ubuntu-2204-lts }
    storage: { defaultVolumeType: pd-balanced, defaultVolumeSize: 20Gi, encryption: true }
`,
  },
};

export function generateStack(cloud: BenchCloud, machines: number): string {
  const c = SHAPES[cloud];
  // Azure and GCP subnets are regional: a zone on them is AWS-only.
  const az = (i: 0 | 1) => (cloud === 'aws' ? `, availabilityZone: ${c.zones[i]}` : '');
  const docs: string[] = [];
  docs.push(`apiVersion: vitistack.io/v1alpha1
kind: Vitistack
metadata:
  name: bench
  namespace: bench
  labels:
    vitistack.io/environment: production
spec:
  region: ${c.region}
  networking:
    vpcs:
      - name: main
        cidr: 10.0.0.0/16
        subnets:
          - { name: public-a, cidr: 10.0.0.0/20, type: public${az(0)} }
          - { name: private-a, cidr: 10.0.16.0/20, type: private${az(0)} }
          - { name: private-b, cidr: 10.0.32.0/20, type: private${az(1)} }
    firewallRules:
      - { name: ssh, direction: inbound, protocol: tcp, port: 22, source: 10.0.0.0/8 }
  security:
    encryption: { atRest: true }
  machineProviders:
    - name: ${cloud}
`);
  docs.push(`apiVersion: vitistack.io/v1alpha1
kind: MachineProvider
metadata:
  name: ${cloud}
  namespace: bench
spec:
  type: ${cloud}
${c.provider}`);
  for (let i = 0; i < machines; i++) {
    docs.push(`apiVersion: vitistack.io/v1alpha1
kind: Machine
metadata:
  name: vm-${i}
  namespace: bench
spec:
  machineProvider: { name: ${cloud} }
  instanceType: ${c.instanceType}
  machineImage: ubuntu
  networking: { subnet: ${i % 2 === 0 ? 'private-a' : 'private-b'} }
  storage:
    rootVolume: { size: 20Gi, type: ${c.volumeType}, encryption: true }
    additionalVolumes:
      - { name: data, size: 50Gi, type: ${c.volumeType}, mountPath: /data, encryption: true }
${c.sshKey === true ? `  sshKeys:\n    - { name: admin, publicKey: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBench admin@bench' }\n` : ''}`);
  }
  return docs.join('---\n');
}

/** The AWS stack of the original benchmark. */
export function generateAwsStack(machines: number): string {
  return generateStack('aws', machines);
}
