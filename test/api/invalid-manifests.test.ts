// A table of invalid manifests, one rule each, asserting the exact line a user sees:
// `file:line field.path: value reason (what is allowed)`.
import { strict as assert } from 'node:assert';
import { errorLines, loadText } from '../helpers/load';

interface Case {
  readonly name: string;
  readonly yaml: string;
}

/** A manifest of `kind` with the given spec lines (indented two spaces). */
const V = (spec: string, kind = 'Vitistack', meta = 'name: dc\n  namespace: prod') =>
  `apiVersion: vitistack.io/v1alpha1\nkind: ${kind}\nmetadata:\n  ${meta}\nspec:\n${spec}`;

const cases: Case[] = [
  {
    name: 'VPC CIDR prefix too long',
    yaml: V(
      `  region: us-west-2\n  networking:\n    vpcs:\n      - name: main\n        cidr: 10.0.0.0/33\n`,
    ),
  },
  {
    name: 'VPC CIDR with host bits',
    yaml: V(
      `  region: us-west-2\n  networking:\n    vpcs:\n      - name: main\n        cidr: 10.0.1.0/16\n`,
    ),
  },
  {
    name: 'subnet outside VPC',
    yaml: V(
      `  region: us-west-2\n  networking:\n    vpcs:\n      - name: main\n        cidr: 10.0.0.0/16\n        subnets:\n          - name: a\n            cidr: 10.1.0.0/24\n            type: public\n`,
    ),
  },
  {
    name: 'overlapping subnets',
    yaml: V(
      `  region: us-west-2\n  networking:\n    vpcs:\n      - name: main\n        cidr: 10.0.0.0/16\n        subnets:\n          - name: a\n            cidr: 10.0.0.0/23\n          - name: b\n            cidr: 10.0.1.0/24\n`,
    ),
  },
  {
    name: 'duplicate subnet names',
    yaml: V(
      `  region: us-west-2\n  networking:\n    vpcs:\n      - name: main\n        cidr: 10.0.0.0/16\n        subnets:\n          - name: a\n            cidr: 10.0.0.0/24\n          - name: a\n            cidr: 10.0.1.0/24\n`,
    ),
  },
  {
    name: 'subnet type not allowed',
    yaml: V(
      `  region: us-west-2\n  networking:\n    vpcs:\n      - name: main\n        cidr: 10.0.0.0/16\n        subnets:\n          - name: a\n            cidr: 10.0.0.0/24\n            type: dmz\n`,
    ),
  },
  {
    name: 'port and ports both set',
    yaml: V(
      `  region: us-west-2\n  networking:\n    firewallRules:\n      - name: web\n        direction: inbound\n        protocol: tcp\n        port: 443\n        ports: "80-443"\n`,
    ),
  },
  {
    name: 'port out of range',
    yaml: V(
      `  region: us-west-2\n  networking:\n    firewallRules:\n      - name: web\n        protocol: tcp\n        port: 70000\n`,
    ),
  },
  {
    name: 'port range reversed',
    yaml: V(
      `  region: us-west-2\n  networking:\n    firewallRules:\n      - name: web\n        protocol: tcp\n        ports: "443-80"\n`,
    ),
  },
  {
    name: 'firewall protocol typo',
    yaml: V(
      `  region: us-west-2\n  networking:\n    firewallRules:\n      - name: web\n        protocol: TCP\n        port: 443\n`,
    ),
  },
  {
    name: 'firewall source not a CIDR',
    yaml: V(
      `  region: us-west-2\n  networking:\n    firewallRules:\n      - name: web\n        protocol: tcp\n        port: 22\n        source: 10.0.0.0/40\n`,
    ),
  },
  {
    name: 'listener protocol',
    yaml: V(
      `  region: us-west-2\n  networking:\n    loadBalancers:\n      - name: api\n        type: network\n        listeners:\n          - port: 443\n            protocol: HTTPS\n`,
    ),
  },
  {
    name: 'scheme contradicts internal',
    yaml: V(
      `  region: us-west-2\n  networking:\n    loadBalancers:\n      - name: api\n        type: network\n        scheme: internet-facing\n        internal: true\n`,
    ),
  },
  {
    name: 'backup schedule not cron',
    yaml: V(`  region: us-west-2\n  backup:\n    enabled: true\n    schedule: "every day"\n`),
  },
  {
    name: 'backup retention not a duration',
    yaml: V(
      `  region: us-west-2\n  backup:\n    enabled: true\n    schedule: "0 2 * * *"\n    retention: 30 days\n`,
    ),
  },
  {
    name: 'audit retention',
    yaml: V(`  region: us-west-2\n  security:\n    auditLogging:\n      enabled: yes please\n`),
  },
  {
    name: 'quota memory not a quantity',
    yaml: V(`  region: us-west-2\n  resourceQuotas:\n    maxMemory: 200GB\n`),
  },
  {
    name: 'quota negative machines',
    yaml: V(`  region: us-west-2\n  resourceQuotas:\n    maxMachines: -1\n`),
  },
  { name: 'region missing', yaml: V(`  description: no region\n`) },
  { name: 'unknown field typo', yaml: V(`  region: us-west-2\n  netwroking: {}\n`) },
  {
    name: 'Datacenter alias with bad field',
    yaml: V(`  region: us-west-2\n  highAvailability:\n    replicationFactor: "3"\n`, 'Datacenter'),
  },
  { name: 'name not RFC 1123', yaml: V(`  region: us-west-2\n`, 'Vitistack', 'name: Prod_DC') },
  { name: 'unknown kind', yaml: V(`  region: us-west-2\n`, 'Vitistak') },
  {
    name: 'unsupported version',
    yaml: `apiVersion: vitistack.io/v1beta1\nkind: Vitistack\nmetadata:\n  name: dc\nspec:\n  region: x\n`,
  },
  {
    name: 'DNS record type',
    yaml: V(
      `  region: us-west-2\n  networking:\n    dns:\n      enabled: true\n      zone: example.com\n      records:\n        - name: www\n          type: AXFR\n          value: 10.0.0.1\n`,
    ),
  },
  {
    name: 'DR replication mode',
    yaml: V(
      `  region: us-west-2\n  disasterRecovery:\n    enabled: true\n    replicationTargets:\n      - name: dr\n        replicationMode: eventually\n`,
    ),
  },
  // MachineProvider
  { name: 'MP type unknown', yaml: V(`  type: digitalocean\n  region: nyc1\n`, 'MachineProvider') },
  {
    name: 'MP block does not match type',
    yaml: V(
      `  type: aws\n  region: us-west-2\n  azure:\n    subscriptionId: 00000000-0000-0000-0000-000000000000\n    resourceGroup: rg-prod\n`,
      'MachineProvider',
    ),
  },
  {
    name: 'MP spot price',
    yaml: V(
      `  type: aws\n  region: us-west-2\n  aws:\n    spot:\n      enabled: true\n      maxPrice: "0.05 USD"\n`,
      'MachineProvider',
    ),
  },
  {
    name: 'MP autoscaling min > max',
    yaml: V(
      `  type: aws\n  region: us-west-2\n  aws:\n    autoScaling:\n      enabled: true\n      minSize: 5\n      maxSize: 2\n`,
      'MachineProvider',
    ),
  },
  {
    name: 'MP security group port+ports',
    yaml: V(
      `  type: aws\n  region: us-west-2\n  aws:\n    networking:\n      securityGroups:\n        - name: sg\n          rules:\n            - protocol: tcp\n              port: 22\n              ports: "22-23"\n`,
      'MachineProvider',
    ),
  },
  {
    name: 'MP aws region format',
    yaml: V(
      `  type: aws\n  region: oregon\n  aws:\n    instanceTypes:\n      - name: t3.micro\n`,
      'MachineProvider',
    ),
  },
  {
    name: 'MP timeout not duration',
    yaml: V(
      `  type: aws\n  region: us-west-2\n  config:\n    timeout: thirty\n  authentication:\n    type: apikey\n    apiKey:\n      secretRef:\n        name: aws\n        key: id\n`,
      'MachineProvider',
    ),
  },
  {
    name: 'MP authentication method missing',
    yaml: V(
      `  type: aws\n  region: us-west-2\n  authentication:\n    type: oauth2\n`,
      'MachineProvider',
    ),
  },
  {
    name: 'MP azure missing subscription',
    yaml: V(
      `  type: azure\n  region: eastus\n  azure:\n    resourceGroup: rg\n    instanceTypes:\n      - name: Standard_D2s_v3\n`,
      'MachineProvider',
    ),
  },
  {
    name: 'MP proxmox config on kubevirt',
    yaml: V(`  type: kubevirt\n  config:\n    proxmox:\n      node: pve1\n`, 'MachineProvider'),
  },
  {
    name: 'MP requestsPerSecond not decimal',
    yaml: V(
      `  type: aws\n  region: us-west-2\n  config:\n    rateLimiting:\n      requestsPerSecond: fast\n`,
      'MachineProvider',
    ),
  },
  // KubernetesProvider
  {
    name: 'KP nodegroup scaling',
    yaml: V(
      `  type: eks\n  version: "1.30"\n  region: us-west-2\n  eks:\n    nodeGroups:\n      - name: system\n        instanceTypes: [m5.large]\n        scaling:\n          minSize: 3\n          maxSize: 5\n          desiredSize: 1\n`,
      'KubernetesProvider',
    ),
  },
  {
    name: 'KP taint effect',
    yaml: V(
      `  type: eks\n  region: us-west-2\n  eks:\n    nodeGroups:\n      - name: system\n        instanceTypes: [m5.large]\n        taints:\n          - key: a\n            effect: NoWhere\n`,
      'KubernetesProvider',
    ),
  },
  {
    name: 'KP capacity type',
    yaml: V(
      `  type: eks\n  region: us-west-2\n  eks:\n    nodeGroups:\n      - name: system\n        instanceTypes: [m5.large]\n        capacityType: spot\n`,
      'KubernetesProvider',
    ),
  },
  {
    name: 'KP clusterTemplate with eks',
    yaml: V(
      `  type: eks\n  region: us-west-2\n  clusterTemplate:\n    kubernetesVersion: "1.30.1"\n    controlPlane:\n      replicas: 3\n`,
      'KubernetesProvider',
    ),
  },
  {
    name: 'KP even control plane',
    yaml: V(
      `  type: talos\n  clusterTemplate:\n    kubernetesVersion: "1.30.1"\n    controlPlane:\n      replicas: 2\n`,
      'KubernetesProvider',
    ),
  },
  {
    name: 'KP pod and service CIDR overlap',
    yaml: V(
      `  type: talos\n  networking:\n    podCIDR: 10.0.0.0/8\n    serviceCIDR: 10.96.0.0/12\n`,
      'KubernetesProvider',
    ),
  },
  {
    name: 'KP addons wrong type',
    yaml: V(`  type: talos\n  addons: coredns\n`, 'KubernetesProvider'),
  },
  // KubernetesCluster
  {
    name: 'KC autoscaling min > max',
    yaml: V(
      `  data:\n    clusterId: c1\n    provider: talos\n    region: oslo\n    zone: a\n    environment: prod\n  topology:\n    controlplane:\n      replicas: 3\n    workers:\n      nodePools:\n        - name: w\n          replicas: 3\n          autoscaling:\n            enabled: true\n            minReplicas: 5\n            maxReplicas: 2\n`,
      'KubernetesCluster',
    ),
  },
  {
    name: 'KC missing topology',
    yaml: V(
      `  data:\n    clusterId: c1\n    provider: talos\n    region: oslo\n    zone: a\n    environment: prod\n`,
      'KubernetesCluster',
    ),
  },
  // Machine
  {
    name: 'Machine cpu cores',
    yaml: V(`  providerRef:\n    name: pve\n  resources:\n    cpu:\n      cores: 256\n`, 'Machine'),
  },
  {
    name: 'Machine threads',
    yaml: V(
      `  providerRef:\n    name: pve\n  resources:\n    cpu:\n      cores: 4\n      threads: 4\n`,
      'Machine',
    ),
  },
  {
    name: 'Machine memory too small',
    yaml: V(
      `  providerRef:\n    name: pve\n  resources:\n    memory:\n      size: 64Mi\n`,
      'Machine',
    ),
  },
  {
    name: 'Machine storage too large',
    yaml: V(
      `  providerRef:\n    name: pve\n  storage:\n    rootVolume:\n      size: 200Ti\n`,
      'Machine',
    ),
  },
  { name: 'Machine no provider', yaml: V(`  instanceType: t3.micro\n`, 'Machine') },
  {
    name: 'Machine both providers',
    yaml: V(`  providerRef:\n    name: a\n  machineProvider:\n    name: b\n`, 'Machine'),
  },
  {
    name: 'Machine MAC',
    yaml: V(
      `  providerRef:\n    name: pve\n  networking:\n    interfaces:\n      - name: eth0\n        networkRef:\n          name: vlan100\n        macAddress: "52:54:00:zz:00:01"\n`,
      'Machine',
    ),
  },
  {
    name: 'Machine IP',
    yaml: V(
      `  providerRef:\n    name: pve\n  networking:\n    interfaces:\n      - name: eth0\n        networkRef:\n          name: vlan100\n        ipAddress: 10.0.0.300\n`,
      'Machine',
    ),
  },
  {
    name: 'Machine userData redacted',
    yaml: V(`  machineProvider:\n    name: aws\n  userData: 42\n`, 'Machine'),
  },
  {
    name: 'Machine secureBoot bios',
    yaml: V(
      `  providerRef:\n    name: pve\n  boot:\n    firmware:\n      type: bios\n      secureBoot: true\n`,
      'Machine',
    ),
  },
  // Network kinds
  {
    name: 'VLAN out of range',
    yaml: V(`  networkId: prod\n  vlan: 4095\n`, 'NetworkConfiguration'),
  },
  {
    name: 'gateway outside subnet',
    yaml: V(
      `  networkId: prod\n  ipam:\n    type: static\n    subnet: 10.10.0.0/24\n    gateway: 10.20.0.1\n`,
      'NetworkConfiguration',
    ),
  },
  {
    name: 'DHCP pool reversed',
    yaml: V(
      `  networkId: prod\n  ipam:\n    type: kea\n    subnet: 10.10.0.0/24\n  dhcp:\n    enabled: true\n    poolStart: 10.10.0.200\n    poolEnd: 10.10.0.100\n`,
      'NetworkConfiguration',
    ),
  },
  {
    name: 'NetworkNamespace QoS priority',
    yaml: V(`  qos:\n    priority: 300\n`, 'NetworkNamespace'),
  },
  {
    name: 'ProxmoxConfig maxCPUCores',
    yaml: V(`  limits:\n    maxCPUCores: 0\n`, 'ProxmoxConfig'),
  },
  {
    name: 'KubevirtConfig accessMode',
    yaml: V(`  storage:\n    accessModes: [ReadWriteSometimes]\n`, 'KubevirtConfig'),
  },
  { name: 'LoadBalancer missing vitistackRef', yaml: V(`  type: network\n`, 'LoadBalancer') },
  {
    name: 'spec missing',
    yaml: `apiVersion: vitistack.io/v1alpha1\nkind: Machine\nmetadata:\n  name: m\n`,
  },
  { name: 'duplicate YAML key', yaml: V(`  region: us-west-2\n  region: us-east-1\n`) },
];

const want: Record<string, string[]> = {
  'VPC CIDR prefix too long': [
    'invalid.yaml:11 spec.networking.vpcs[0].cidr: "10.0.0.0/33" is not a valid CIDR block (expected a form like "10.0.0.0/16")',
  ],
  'VPC CIDR with host bits': [
    'invalid.yaml:11 spec.networking.vpcs[0].cidr: "10.0.1.0/16" has host bits set (use the network address "10.0.0.0/16")',
  ],
  'subnet outside VPC': [
    'invalid.yaml:14 spec.networking.vpcs[0].subnets[0].cidr: "10.1.0.0/24" is not inside the VPC CIDR "10.0.0.0/16" (every subnet of VPC "main" must lie within its CIDR block)',
  ],
  'overlapping subnets': [
    'invalid.yaml:16 spec.networking.vpcs[0].subnets[1].cidr: "10.0.1.0/24" of subnet "b" overlaps subnet "a" ("10.0.0.0/23") in the same VPC; give each subnet its own address range',
  ],
  'duplicate subnet names': [
    'invalid.yaml:15 spec.networking.vpcs[0].subnets[1].name: "a" is a duplicate of item 0 (each name in this list must be unique)',
  ],
  'subnet type not allowed': [
    'invalid.yaml:15 spec.networking.vpcs[0].subnets[0].type: "dmz" is not one of the allowed values (allowed: public, private, or database)',
  ],
  'port and ports both set': [
    'invalid.yaml:14 spec.networking.firewallRules[0].ports: "80-443" cannot be set together with port (use port for one port or ports for a range)',
  ],
  'port out of range': [
    'invalid.yaml:12 spec.networking.firewallRules[0].port: 70000 is out of range (expected an integer from 1 to 65535)',
  ],
  'port range reversed': [
    'invalid.yaml:12 spec.networking.firewallRules[0].ports: "443-80" has a start port above its end port (expected a form like "22" or "80-443", ports 1 to 65535)',
  ],
  'firewall protocol typo': [
    'invalid.yaml:11 spec.networking.firewallRules[0].protocol: "TCP" is not one of the allowed values (allowed: tcp, udp, icmp, or all); did you mean "tcp"?',
  ],
  'firewall source not a CIDR': [
    'invalid.yaml:13 spec.networking.firewallRules[0].source: "10.0.0.0/40" is not a valid CIDR block or IP address (expected a form like "10.0.0.0/16" or "10.0.0.5", or a security group such as "sg-0123abcd")',
  ],
  'listener protocol': [
    'invalid.yaml:14 spec.networking.loadBalancers[0].listeners[0].protocol: "HTTPS" is not supported by a network load balancer (allowed: TCP or UDP; use type: application for HTTP or HTTPS)',
  ],
  'scheme contradicts internal': [
    'invalid.yaml:13 spec.networking.loadBalancers[0].internal: true contradicts scheme "internet-facing" (set only one of them, or make them agree: internal: true goes with scheme: internal)',
  ],
  'backup schedule not cron': [
    'invalid.yaml:10 spec.backup.schedule: "every day" is not a valid cron schedule: it has 2 fields, not 5 (expected five fields like "0 2 * * *")',
  ],
  'backup retention not a duration': [
    'invalid.yaml:11 spec.backup.retention: "30 days" is not a valid duration (expected a number with a unit, like "30s", "5m", "1h" or "90d")',
  ],
  'audit retention': [
    'invalid.yaml:10 spec.security.auditLogging.enabled: "yes please" is not a boolean (expected true or false, without quotes)',
  ],
  'quota memory not a quantity': [
    'invalid.yaml:9 spec.resourceQuotas.maxMemory: "200GB" is not a valid Kubernetes quantity (expected a form like "200Gi")',
  ],
  'quota negative machines': [
    'invalid.yaml:9 spec.resourceQuotas.maxMachines: -1 is out of range (expected an integer of at least 1)',
  ],
  'region missing': [
    'invalid.yaml:6 spec.region: is required unless spec.infrastructure.providers is given (the geographical region, like "us-west-2")',
  ],
  'unknown field typo': [
    'invalid.yaml:8 spec.netwroking: is not a known field (allowed here: backup, childVitistacks, description, disasterRecovery, edge, edgeManagement, globalPolicies, highAvailability, infrastructure, inheritPolicies, kubernetesProviders, logging, machineProviders, managementVitistack, monitoring, networking, parentVitistack, primaryVitistack, quotas, region, resourceQuotas, role, security, or settings); did you mean "networking"?',
  ],
  'Datacenter alias with bad field': [
    'invalid.yaml:9 spec.highAvailability.replicationFactor: "3" is not an integer (expected an integer of at least 1)',
  ],
  'name not RFC 1123': [
    'invalid.yaml:4 metadata.name: "Prod_DC" is not a valid name (use lowercase letters, digits, "-" and ".", starting and ending with a letter or digit, at most 253 characters)',
  ],
  'unknown kind': [
    'invalid.yaml:2 kind: "Vitistak" is not a vitistack.io kind (allowed: Vitistack, MachineProvider, KubernetesProvider, KubernetesCluster, Machine, NetworkConfiguration, NetworkNamespace, LoadBalancer, KubevirtConfig, or ProxmoxConfig); did you mean "Vitistack"?',
  ],
  'unsupported version': [
    'invalid.yaml:1 apiVersion: "vitistack.io/v1beta1" is not a served version (supported: "vitistack.io/v1alpha1")',
  ],
  'DNS record type': [
    'invalid.yaml:14 spec.networking.dns.records[0].type: "AXFR" is not one of the allowed values (allowed: A, AAAA, CAA, CNAME, MX, NS, PTR, SRV, or TXT)',
  ],
  'DR replication mode': [
    'invalid.yaml:12 spec.disasterRecovery.replicationTargets[0].replicationMode: "eventually" is not one of the allowed values (allowed: sync, async, or snapshot)',
  ],
  'MP type unknown': [
    'invalid.yaml:7 spec.type: "digitalocean" is not one of the allowed values (allowed: aws, azure, gcp, vsphere, vmware, openstack, baremetal, libvirt, proxmox, or kubevirt)',
  ],
  'MP block does not match type': [
    'invalid.yaml:9 spec.azure: is set but spec.type is "aws" (use spec.aws for type "aws", or set spec.type to "azure")',
  ],
  'MP spot price': [
    'invalid.yaml:12 spec.aws.spot.maxPrice: "0.05 USD" is not a valid price (expected a form like "$0.05" or "$0.0104/hour")',
  ],
  'MP autoscaling min > max': [
    'invalid.yaml:12 spec.aws.autoScaling.minSize: 5 is greater than maxSize (2) (minSize must be at most maxSize)',
  ],
  'MP security group port+ports': [
    'invalid.yaml:16 spec.aws.networking.securityGroups[0].rules[0].ports: "22-23" cannot be set together with port (use port for one port or ports for a range)',
  ],
  'MP aws region format': [
    'invalid.yaml:8 spec.region: "oregon" is not a valid AWS region (expected a form like "us-west-2" or "eu-central-1")',
  ],
  'MP timeout not duration': [
    'invalid.yaml:10 spec.config.timeout: "thirty" is not a valid duration (expected a number with a unit, like "30s", "5m", "1h" or "90d")',
  ],
  'MP authentication method missing': [
    'invalid.yaml:9 spec.authentication.oauth2: is required because type is "oauth2" (at least one authentication method must be configured: add oauth2 with its Secret reference)',
  ],
  'MP azure missing subscription': [
    'invalid.yaml:9 spec.azure.subscriptionId: is required (expected a string)',
  ],
  'MP proxmox config on kubevirt': [
    'invalid.yaml:9 spec.config.proxmox: is set but spec.type is "kubevirt" (config.proxmox applies only to type "proxmox")',
  ],
  'MP requestsPerSecond not decimal': [
    'invalid.yaml:11 spec.config.rateLimiting.requestsPerSecond: "fast" is not a decimal number string (expected a form like "10.5")',
  ],
  'KP nodegroup scaling': [
    'invalid.yaml:17 spec.eks.nodeGroups[0].scaling.desiredSize: 1 is below minSize 3 (desiredSize must be from minSize to maxSize)',
  ],
  'KP taint effect': [
    'invalid.yaml:15 spec.eks.nodeGroups[0].taints[0].effect: "NoWhere" is not one of the allowed values (allowed: NoSchedule, PreferNoSchedule, or NoExecute)',
  ],
  'KP capacity type': [
    'invalid.yaml:13 spec.eks.nodeGroups[0].capacityType: "spot" is not one of the allowed values (allowed: ON_DEMAND or SPOT); did you mean "SPOT"?',
  ],
  'KP clusterTemplate with eks': [
    'invalid.yaml:9 spec.clusterTemplate: cannot be used with type "eks" (clusterTemplate is for talos, kubeadm and k3s providers; type "eks" takes its settings from the eks block)',
  ],
  'KP even control plane': [
    'invalid.yaml:11 spec.clusterTemplate.controlPlane.replicas: 2 is an even number (etcd needs an odd number of control plane nodes to keep quorum: use 1, 3 or 5)',
  ],
  'KP pod and service CIDR overlap': [
    'invalid.yaml:10 spec.networking.serviceCIDR: "10.96.0.0/12" overlaps podCIDR "10.0.0.0/8" (pod and Service addresses must not overlap: choose a serviceCIDR outside the pod range)',
  ],
  'KP addons wrong type': [
    'invalid.yaml:8 spec.addons: "coredns" is a string (expected a list of objects or an object)',
  ],
  'KC autoscaling min > max': [
    'invalid.yaml:22 spec.topology.workers.nodePools[0].autoscaling.minReplicas: 5 is above maxReplicas 2 (minReplicas must not exceed maxReplicas)',
  ],
  'KC missing topology': [
    'invalid.yaml:6 spec.topology: is required (expected an object with field controlplane)',
  ],
  'Machine cpu cores': [
    'invalid.yaml:11 spec.resources.cpu.cores: 256 is out of range (expected an integer from 1 to 128)',
  ],
  'Machine threads': [
    'invalid.yaml:12 spec.resources.cpu.threads: 4 is out of range (expected an integer from 1 to 2)',
  ],
  'Machine memory too small': [
    'invalid.yaml:11 spec.resources.memory.size: "64Mi" is out of range (allowed: 128Mi to 1024Gi)',
  ],
  'Machine storage too large': [
    'invalid.yaml:11 spec.storage.rootVolume.size: "200Ti" is out of range (allowed: 1Gi to 100Ti)',
  ],
  'Machine no provider': [
    'invalid.yaml:6 spec.providerRef: is required (add providerRef with the name of the MachineProvider that provisions this machine; machineProvider is accepted too)',
  ],
  'Machine both providers': [
    'invalid.yaml:9 spec.machineProvider: cannot be set together with providerRef (both name the MachineProvider: keep one)',
  ],
  'Machine MAC': [
    'invalid.yaml:14 spec.networking.interfaces[0].macAddress: "52:54:00:zz:00:01" is not a valid MAC address (expected a form like "52:54:00:12:34:56")',
  ],
  'Machine IP': [
    'invalid.yaml:14 spec.networking.interfaces[0].ipAddress: "10.0.0.300" is not a valid IP address (expected a form like "10.0.0.10" or "fd00::10")',
  ],
  'Machine userData redacted': [
    'invalid.yaml:9 spec.userData: <redacted> is an integer, not a string (expected a string)',
  ],
  'Machine secureBoot bios': [
    'invalid.yaml:12 spec.boot.firmware.secureBoot: true requires firmware type "uefi", but firmware type is "bios" (set type: uefi, or turn secureBoot off)',
  ],
  'VLAN out of range': [
    'invalid.yaml:8 spec.vlan: 4095 is out of range (expected an integer from 1 to 4094)',
  ],
  'gateway outside subnet': [
    'invalid.yaml:11 spec.ipam.gateway: "10.20.0.1" is outside ipam.subnet 10.10.0.0/24 (the gateway must lie inside the subnet)',
  ],
  'DHCP pool reversed': [
    'invalid.yaml:14 spec.dhcp.poolEnd: "10.10.0.100" comes before poolStart 10.10.0.200 (the pool runs from poolStart up to poolEnd)',
  ],
  'NetworkNamespace QoS priority': [
    'invalid.yaml:8 spec.qos.priority: 300 is out of range (expected an integer from 0 to 255)',
  ],
  'ProxmoxConfig maxCPUCores': [
    'invalid.yaml:8 spec.limits.maxCPUCores: 0 is out of range (expected an integer from 1 to 128)',
  ],
  'KubevirtConfig accessMode': [
    'invalid.yaml:8 spec.storage.accessModes[0]: "ReadWriteSometimes" is not one of the allowed values (allowed: ReadWriteOnce, ReadWriteMany, ReadOnlyMany, or ReadWriteOncePod)',
  ],
  'LoadBalancer missing vitistackRef': [
    'invalid.yaml:6 spec.vitistackRef: is required (expected an object with field name)',
  ],
  'spec missing': ['invalid.yaml:1 spec: is required (expected the Machine spec object)'],
  'duplicate YAML key': ['invalid.yaml:8 invalid YAML: Map keys must be unique'],
};

describe('invalid manifests', () => {
  it('has at least 40 cases, each with an expectation', () => {
    assert.ok(cases.length >= 40, `only ${cases.length} cases`);
    assert.deepEqual(cases.map((c) => c.name).sort(), Object.keys(want).sort());
  });

  for (const tc of cases) {
    it(tc.name, () => {
      const result = loadText(tc.yaml, 'invalid.yaml');
      assert.deepEqual(errorLines(result), want[tc.name]);
      assert.equal(result.objects.length, 0, 'an invalid document yields no object');
    });
  }
});
