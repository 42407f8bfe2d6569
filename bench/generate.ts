// Generates a Vitistack with N machines on one AWS MachineProvider, as manifest text.
export function generateAwsStack(machines: number): string {
  const docs: string[] = [];
  docs.push(`apiVersion: vitistack.io/v1alpha1
kind: Vitistack
metadata:
  name: bench
  namespace: bench
  labels:
    vitistack.io/environment: production
spec:
  region: us-west-2
  networking:
    vpcs:
      - name: main
        cidr: 10.0.0.0/16
        subnets:
          - { name: public-a, cidr: 10.0.0.0/20, type: public, availabilityZone: us-west-2a }
          - { name: private-a, cidr: 10.0.16.0/20, type: private, availabilityZone: us-west-2a }
          - { name: private-b, cidr: 10.0.32.0/20, type: private, availabilityZone: us-west-2b }
    firewallRules:
      - { name: ssh, direction: inbound, protocol: tcp, port: 22, source: 10.0.0.0/8 }
  security:
    encryption: { atRest: true }
  machineProviders:
    - name: aws
`);
  docs.push(`apiVersion: vitistack.io/v1alpha1
kind: MachineProvider
metadata:
  name: aws
  namespace: bench
spec:
  type: aws
  region: us-west-2
  aws:
    instanceTypes:
      - { name: m5.large, vcpus: 2, memory: 8Gi }
    machineImages:
      - { name: ubuntu, imageId: ami-0c55b159cbfafe1d0 }
    storage: { defaultVolumeType: gp3, defaultVolumeSize: 20Gi, encryption: true }
`);
  for (let i = 0; i < machines; i++) {
    docs.push(`apiVersion: vitistack.io/v1alpha1
kind: Machine
metadata:
  name: vm-${i}
  namespace: bench
spec:
  machineProvider: { name: aws }
  instanceType: m5.large
  machineImage: ubuntu
  networking: { subnet: ${i % 2 === 0 ? 'private-a' : 'private-b'} }
  storage:
    rootVolume: { size: 20Gi, type: gp3, encryption: true }
    additionalVolumes:
      - { name: data, size: 50Gi, type: gp3, mountPath: /data, encryption: true }
`);
  }
  return docs.join('---\n');
}
