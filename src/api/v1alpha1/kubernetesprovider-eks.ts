// The `eks:` block of a KubernetesProvider (spec 000 "EKS Provider Configuration", 003 scenario 1).
import { s } from '../schema';
import { credentials, nodeGroupBase, notBoth, textList } from './kubernetesprovider-common';

/** Control plane log types, named as in the spec (the model maps them to each cloud). */
export const EKS_LOG_TYPES = [
  'api',
  'audit',
  'authenticator',
  'controllerManager',
  'scheduler',
] as const;

/** AMI types EKS managed node groups accept. */
export const EKS_AMI_TYPES = [
  'AL2_x86_64',
  'AL2_x86_64_GPU',
  'AL2_ARM_64',
  'AL2023_x86_64_STANDARD',
  'AL2023_ARM_64_STANDARD',
  'AL2023_x86_64_NVIDIA',
  'AL2023_x86_64_NEURON',
  'BOTTLEROCKET_x86_64',
  'BOTTLEROCKET_ARM_64',
  'BOTTLEROCKET_x86_64_NVIDIA',
  'BOTTLEROCKET_ARM_64_NVIDIA',
  'WINDOWS_CORE_2019_x86_64',
  'WINDOWS_FULL_2019_x86_64',
  'WINDOWS_CORE_2022_x86_64',
  'WINDOWS_FULL_2022_x86_64',
  'CUSTOM',
] as const;

export const endpointAccess = s
  .object('Who can reach the Kubernetes API endpoint.', {
    private: s.bool('Whether the API endpoint is reachable from inside the VPC.'),
    public: s.bool('Whether the API endpoint is reachable from the internet.'),
    publicCIDRs: s.array(
      'CIDR blocks allowed to reach the public endpoint.',
      s.cidr('A CIDR block allowed to reach the public endpoint.'),
      { unique: true },
    ),
  })
  .refine((v, r) => {
    if (v.private === false && v.public === false) {
      r.missing(
        [],
        'has both private and public set to false (the API endpoint must be reachable: set at least one to true)',
      );
    } else if (v.public === false && (v.publicCIDRs?.length ?? 0) > 0) {
      r.missing(
        ['publicCIDRs'],
        'cannot be set when public is false (publicCIDRs restrict the public endpoint: set public to true or remove publicCIDRs)',
      );
    }
  });

const eksLogging = s.object('Control plane logs sent to CloudWatch.', {
  enabled: s.array(
    'Control plane log types to enable.',
    s.enum('A control plane log type.', EKS_LOG_TYPES),
    { unique: true },
  ),
});

const eksClusterConfig = s
  .object('The EKS control plane.', {
    name: s.patterned(
      'Name of the EKS cluster. Defaults to the name of the provider.',
      /^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/,
      'an EKS cluster name like "production-cluster"',
      'is not a valid EKS cluster name (use 1 to 100 letters, digits, "-" and "_", starting with a letter or digit)',
    ),
    roleArn: s.patterned(
      'ARN of the IAM role the EKS control plane assumes. Created for the cluster when absent.',
      /^arn:aws[a-z-]*:iam::[0-9]{12}:role\/[\w+=,.@/-]+$/,
      'an IAM role ARN like "arn:aws:iam::123456789012:role/eks-service-role"',
      'is not an IAM role ARN (expected a form like "arn:aws:iam::123456789012:role/eks-service-role")',
    ),
    resourcesConfig: s.object('Network resources of the control plane.', {
      vpcConfig: s.object('VPC placement of the control plane.', {
        subnetIds: textList(
          'Subnets for the control plane network interfaces: subnet IDs, or names of subnets in the Vitistack networking.',
          'A subnet ID or name.',
        ),
        securityGroupIds: textList(
          'Extra security groups for the control plane network interfaces.',
          'A security group ID or name.',
        ),
        endpointAccess,
      }),
    }),
    endpointAccess: endpointAccess,
    logging: eksLogging,
    encryption: s.object('Envelope encryption of Kubernetes Secrets with a KMS key.', {
      enabled: s.bool('Whether Secrets are encrypted with a KMS key.'),
      kmsKeyId: s.text('The KMS key: a key ARN, key ID or alias. Created when absent.'),
    }),
    tags: s.stringMap('AWS tags put on the cluster.'),
  })
  .refine((v, r) => {
    if (
      v.endpointAccess !== undefined &&
      v.resourcesConfig?.vpcConfig?.endpointAccess !== undefined
    ) {
      r.missing(
        ['endpointAccess'],
        'cannot be set together with resourcesConfig.vpcConfig.endpointAccess (write endpointAccess in one place)',
      );
    }
  });

const eksNodeGroup = s
  .object('An EKS managed node group.', {
    ...nodeGroupBase(),
    instanceTypes: s.array(
      'EC2 instance types of the nodes, e.g. m5.large.',
      s.text('An instance type.'),
      {
        minItems: 1,
        unique: true,
      },
    ),
    instanceType: s.text(
      'EC2 instance type of the nodes (one type; use instanceTypes for several).',
    ),
    amiType: s.enum('AMI type of the nodes.', EKS_AMI_TYPES),
    subnets: textList(
      'Subnets for the nodes: subnet IDs, or names of subnets in the Vitistack networking.',
      'A subnet ID or name.',
    ),
    remoteAccess: s
      .object('SSH access to the nodes.', {
        ec2SshKey: s.text('Name of the EC2 key pair allowed to log in.'),
        sourceSecurityGroups: textList(
          'Security groups allowed to reach the nodes over SSH.',
          'A security group ID.',
        ),
      })
      .refine((v, r) => {
        if (v.sourceSecurityGroups !== undefined && v.ec2SshKey === undefined) {
          r.missing(
            ['ec2SshKey'],
            'is required when sourceSecurityGroups is set (EKS opens SSH only for a key pair)',
          );
        }
      }),
    userData: s.string('Script run when a node boots (may hold secrets: never shown).').secret(),
  })
  .refine(notBoth('instanceType', 'instanceTypes', 'instance type'));

export const eksBlock = s.object(
  'Amazon EKS: credentials, the control plane and managed node groups (used with type eks).',
  {
    credentials: credentials('AWS'),
    clusterConfig: eksClusterConfig,
    nodeGroups: s.array('Managed node groups of the cluster.', eksNodeGroup, { uniqueBy: 'name' }),
  },
);
